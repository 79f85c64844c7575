// Package emulator is the DTS emulator: a real HTTP server speaking the
// Tencent Cloud API 3.0 wire protocol of DTS (2021-12-06) and of the one STS
// action the provider uses (AssumeRole, 2018-08-13). The provider talks to it
// exactly as to the real cloud; only the endpoint differs. It is the
// embedded default of `make demo` and of every provider test, and how users
// try configurations offline (internal/cmd/dts-emulator).
//
// Requests — JSON POSTs, and GETs and form POSTs with flattened parameters
// (form.go) — run through a handler chain: request id, admin prefix,
// method/path, headers, authentication (TC3-HMAC-SHA256, or signature v1
// for flattened parameters), version/action lookup, generic decoding and
// validation against the wire models, fault rules, per-action rate limit,
// dispatch, persistence, serialization, journal. They are answered with
// responses shaped like the real ones (every member present, zero-filled).
// A state file is a locked snapshot and an append-only log (wal.go).
//
// Jobs are state machines described as data (migration_machine.go) and
// evaluated lazily against a job clock whenever a job is touched; nothing
// runs in the background. Each job kind is registered once (kind.go) and
// served by one generic store (store.go), administration API and state
// file. See README.md for the routes, modes, rules, the
// inferences made where the documentation is silent, and the coverage table.
package emulator

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
)

// Mode is how jobs progress.
type Mode string

const (
	// ModeRealtime: transitions take their realistic duration × TimeScale on
	// the job clock, which follows Options.JobClock (the wall clock by default).
	ModeRealtime Mode = "realtime"
	// ModeStep is deterministic: every read (Describe) of a job advances it
	// exactly one step — one progress step or one transition — after the
	// read is answered. The job clock moves only when Advance is called.
	ModeStep Mode = "step"
	// ModeManual is deterministic: the job clock moves only when Advance is
	// called; then the transitions whose duration elapsed are applied,
	// possibly several.
	ModeManual Mode = "manual"
)

// Documented default credentials for standalone use. They exist only in the
// emulator and are published on purpose.
const (
	DefaultSecretID  = "AKIDEMULATOR0000000000000000000000000"
	DefaultSecretKey = "EmulatorSecretKey0000000000000000"
)

// The range of Options.TimeScale. At MaxTimeScale the longest timer (an
// isolated job is destroyed after seven days) takes about 19 years; at
// MinTimeScale it takes 0.6 seconds. Durations beyond what time.Duration
// holds (about 292 years) saturate.
const (
	MinTimeScale = 1e-6
	MaxTimeScale = 1000
)

// BodyReadTimeout bounds the time a client has to send a request body once
// its headers are read, whatever the http.Server's timeouts.
const BodyReadTimeout = time.Minute

// DefaultRateLimit is the documented DTS limit: 20 requests per second per action.
const DefaultRateLimit = 20

// maxBodyBytes bounds request bodies (RequestSizeLimitExceeded beyond).
const maxBodyBytes = 10 << 20

// Options configure an Emulator. The zero value is a realtime emulator with
// the default credentials.
type Options struct {
	// Credentials maps SecretId to SecretKey; nil or empty means
	// {DefaultSecretID: DefaultSecretKey}.
	Credentials map[string]string
	// Roles registers CAM roles for STS AssumeRole: RoleArn → the ExternalId
	// its trust policy requires ("" for none). Well-formed ARNs that are not
	// registered are accepted without an ExternalId check.
	Roles map[string]string
	// WallClock is used for signature expiry, AssumeRole expiry, the journal
	// and the rate limiter; nil means clock.Real{}.
	WallClock clock.Clock
	// JobClock is what the job clock follows in realtime mode; nil means
	// WallClock. Tests inject a fake one to drive realtime progression
	// without touching signature expiry.
	JobClock clock.Clock
	// Mode is how jobs progress; "" means ModeRealtime.
	Mode Mode
	// TimeScale multiplies every transition duration in realtime mode; 0
	// means 1 (0.01 runs a 100-second transition in one second). It must be
	// between MinTimeScale and MaxTimeScale.
	TimeScale float64
	// Jitter is the spread of durations: each status of each job takes its
	// nominal duration times a factor drawn in [1−Jitter, 1+Jitter] from
	// the seed and the job's ID, its steps have different lengths and its
	// progress is not linear (pace.go, README "Durations and progress").
	// 0 means DefaultJitter (±20 %) in realtime mode and none in the
	// deterministic modes; a negative value turns it off. At most 0.9.
	Jitter float64
	// Seed derives job IDs, RequestIds, temporary credentials and fault
	// probabilities. 0 means 1 in the deterministic modes and a random seed
	// in realtime mode. A state file keeps the seed it was created with.
	Seed int64
	// StateFile, when set, persists the state (jobs, ID counters, job
	// clock, temporary credentials): a snapshot in StateFile and the changes
	// since in StateFile.log, loaded by New if they exist. A change is on
	// disk before its request is answered. New takes an exclusive lock
	// (StateFile.lock), released by Close or the end of the process, and
	// fails when another emulator holds it or the file cannot be written.
	StateFile string
	// RateLimit is the limit per action per second; 0 means 20 (the
	// documented DTS limit) and a negative value turns it off.
	RateLimit float64
	// Logger receives one debug record per request (never its parameters);
	// nil discards.
	Logger *slog.Logger
}

// Emulator is the DTS emulator; it is an http.Handler. Create it with New.
type Emulator struct {
	mode      Mode
	scale     float64
	jitter    float64
	rateLimit float64
	stateFile string
	seed      int64 // the seed of a fresh state
	wall      clock.Clock
	jobBase   clock.Clock
	log       *slog.Logger
	creds     map[string]string
	roles     map[string]string
	admin     *http.ServeMux

	mu      sync.Mutex
	st      *state
	dirty   bool
	journal journal
	faults  faultSet
	buckets map[string]*bucket
	// newJobOutcome is the Outcome of jobs bought from now on
	// (SetNewJobOutcome); not persisted.
	newJobOutcome Outcome

	// p writes the state file (wal.go); nil without one.
	p *persister
	// bodyTimeout bounds the reading of a request body (BodyReadTimeout).
	bodyTimeout time.Duration
}

// New builds an emulator. When opts.StateFile exists, the state is loaded
// from it.
func New(opts Options) (*Emulator, error) {
	e := &Emulator{
		mode:      opts.Mode,
		scale:     opts.TimeScale,
		rateLimit: opts.RateLimit,
		stateFile: opts.StateFile,
		seed:      opts.Seed,
		wall:      opts.WallClock,
		jobBase:   opts.JobClock,
		log:       opts.Logger,
		creds:     map[string]string{},
		roles:     map[string]string{},
		buckets:   map[string]*bucket{},

		bodyTimeout: BodyReadTimeout,
	}
	if err := e.setDefaults(opts); err != nil {
		return nil, err
	}
	if err := e.setIdentities(opts); err != nil {
		return nil, err
	}
	if err := e.setSeed(); err != nil {
		return nil, err
	}
	e.journal.maxEntries, e.journal.maxBytes = MaxJournalEntries, MaxJournalBytes
	if err := e.openState(opts.Seed); err != nil {
		return nil, err
	}
	e.faults.seed = e.seed
	e.admin = e.adminRoutes()
	return e, nil
}

// setDefaults checks the mode, time scale and rate limit and fills in the
// defaults of the options left unset.
func (e *Emulator) setDefaults(opts Options) error {
	switch e.mode {
	case "":
		e.mode = ModeRealtime
	case ModeRealtime, ModeStep, ModeManual:
	default:
		return fmt.Errorf("emulator: unknown mode %q (want %s, %s or %s)", opts.Mode, ModeRealtime, ModeStep, ModeManual)
	}
	if e.scale != 0 && !(e.scale >= MinTimeScale && e.scale <= MaxTimeScale) {
		return fmt.Errorf("emulator: invalid time scale %v (want %g to %g, or 0 for 1)", opts.TimeScale, MinTimeScale, float64(MaxTimeScale))
	}
	if e.log == nil {
		e.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if e.mode != ModeRealtime && e.scale != 0 && e.scale != 1 {
		e.log.Warn("the time scale applies to realtime mode only: it is ignored", "mode", e.mode, "ignored_time_scale", e.scale)
	}
	if e.scale == 0 || e.mode != ModeRealtime {
		e.scale = 1
	}
	jitter, err := jitterOf(opts.Jitter, e.mode)
	if err != nil {
		return err
	}
	e.jitter = jitter
	if math.IsNaN(e.rateLimit) {
		return errors.New("emulator: invalid rate limit NaN")
	}
	if e.rateLimit == 0 {
		e.rateLimit = DefaultRateLimit
	}
	if e.wall == nil {
		e.wall = clock.Real{}
	}
	if e.jobBase == nil {
		e.jobBase = e.wall
	}
	return nil
}

// openState opens the state file, if any, and adopts its state (see
// settings.go; requestedSeed is Options.Seed), or starts afresh. A loaded
// state file is compacted at once: it starts as one snapshot and an empty
// log.
func (e *Emulator) openState(requestedSeed int64) error {
	var st *state
	if e.stateFile != "" {
		var err error
		if e.p, st, err = openPersister(e.stateFile); err != nil {
			return err
		}
	}
	if st == nil {
		e.st = e.freshState()
		return nil
	}
	// RequestIds of read-only requests served after the last write were not
	// persisted: the sequence jumps ahead instead of repeating them.
	st.RequestCounter += requestCounterGap
	e.st = st
	// A state file keeps its seed, so that identifiers continue its sequence.
	e.seed = st.Seed
	e.mu.Lock()
	e.adoptState(requestedSeed)
	e.p.lastSeq = st.LogSeq // the log's numbering goes on
	seq := e.snapshotNextLocked()
	e.mu.Unlock()
	if err := e.persist(seq); err != nil {
		e.closePersister()
		return err
	}
	return nil
}

// setIdentities registers the accepted credentials and CAM roles.
func (e *Emulator) setIdentities(opts Options) error {
	if len(opts.Credentials) == 0 {
		e.creds[DefaultSecretID] = DefaultSecretKey
	}
	for id, key := range opts.Credentials {
		if id == "" || key == "" {
			return errors.New("emulator: credentials need a non-empty SecretId and SecretKey")
		}
		e.creds[id] = key
	}
	for arn, ext := range opts.Roles {
		if !roleArnPattern.MatchString(arn) {
			return fmt.Errorf("emulator: role %q is not of the form qcs::cam::uin/<uin>:roleName/<name>", arn)
		}
		e.roles[arn] = ext
	}
	return nil
}

// setSeed picks the seed of a fresh state when none was given: random in
// realtime mode, 1 in the deterministic modes.
func (e *Emulator) setSeed() error {
	if e.seed != 0 {
		return nil
	}
	if e.mode != ModeRealtime {
		e.seed = 1
		return nil
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Errorf("emulator: seeding: %w", err)
	}
	e.seed = max(int64(binary.LittleEndian.Uint64(b[:])>>1), 1)
	return nil
}

// freshState is the state of a new or reset emulator.
func (e *Emulator) freshState() *state {
	return &state{
		stateMeta: stateMeta{
			Format:    stateFormat,
			Seed:      e.seed,
			Clock:     jobClockState{Virtual: e.wall.Now().Truncate(time.Second)},
			Mode:      e.mode,
			TimeScale: e.scale,
			TempCreds: map[string]*tempCredential{},
		},
		Jobs: jobStore{},
	}
}

// jobNow is the job clock. Call with mu held.
func (e *Emulator) jobNow() time.Time {
	if e.mode == ModeRealtime {
		return e.jobBase.Now().Add(e.st.Clock.Offset)
	}
	return e.st.Clock.Virtual
}

// Reset returns the emulator to a fresh state: no jobs, no temporary
// credentials, no faults, no new-job outcome, an empty journal, ID counters
// and job clock restarted. The seed is kept.
func (e *Emulator) Reset() {
	e.mu.Lock()
	e.st = e.freshState()
	e.faults.reset()
	e.journal.clear()
	e.newJobOutcome = Outcome{}
	e.buckets = map[string]*bucket{}
	seq := e.snapshotNextLocked()
	e.mu.Unlock()
	e.logSaveError(e.persist(seq))
}

// Advance moves the job clock forward by d (negative values are ignored)
// and applies every transition that became due. It works in every mode; in
// realtime mode it adds to the offset over JobClock.
func (e *Emulator) Advance(d time.Duration) {
	if d < 0 {
		d = 0
	}
	e.mu.Lock()
	if e.mode == ModeRealtime {
		e.st.Clock.Offset += d
	} else {
		e.st.Clock.Virtual = e.st.Clock.Virtual.Add(d)
	}
	e.evolveAllLocked(e.jobNow())
	e.dirty = true
	_ = e.unlockAndPersist()
}

// JobClock returns the current time of the job clock.
func (e *Emulator) JobClock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.jobNow()
}

// Save writes the state file now as one snapshot and an empty log (a no-op
// without Options.StateFile). Every acknowledged change is on disk already;
// Save makes the state file alone hold the whole state.
func (e *Emulator) Save() error {
	if e.p == nil {
		return nil
	}
	e.mu.Lock()
	closed := e.p.closed
	seq := e.snapshotNextLocked()
	e.mu.Unlock()
	if closed {
		return errClosed
	}
	return e.persist(seq)
}

// Close saves the state file and releases its lock, so that another
// emulator can open it. The emulator keeps answering afterwards, but a
// change fails (InternalError): it would not be saved. Closing twice is a
// no-op; without a state file Close does nothing.
func (e *Emulator) Close() error {
	if e.p == nil {
		return nil
	}
	e.mu.Lock()
	closed := e.p.closed
	e.mu.Unlock()
	if closed {
		return nil
	}
	err := e.Save()
	e.closePersister()
	return err
}

// Mode returns the progression mode.
func (e *Emulator) Mode() Mode { return e.mode }

// TimeScale returns the time scale in use: Options.TimeScale in realtime
// mode (1 when unset), 1 in the other modes.
func (e *Emulator) TimeScale() float64 { return e.scale }

// Seed returns the seed in use: a state file's own, else Options.Seed or
// the mode's default.
func (e *Emulator) Seed() int64 { return e.seed }

func (e *Emulator) logSaveError(err error) {
	if err != nil {
		e.log.Error("saving the emulator state", "file", e.stateFile, "error", err)
	}
}
