package emulator

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// The kind registry. A job kind (migration today; sync jobs, subscriptions,
// compare tasks and consumer groups later) is a set of tables and handlers:
//
//   - a job type that embeds jobBase (identity, lifecycle, times, outcome)
//     and adds the kind's own data;
//   - its state machine (machine.go): statuses, automatic transitions,
//     operations;
//   - a kind value made with newKind: its name, the shape of its IDs, the
//     not-found code of each of its actions, its parent kinds when its jobs
//     are children of another job, and how it renders a JobSummary;
//   - its handlers, registered in dtsHandlers (actions.go).
//
// Everything else is generic and written once: the per-region store
// (store.go) with find / operate / read / evolve, ID generation,
// persistence (persist.go) and the administration API (admin.go), which
// iterate over the registered kinds.

// jobBase is what every job of every kind has; job types embed it (the JSON
// of a job is flat: its members are promoted).
type jobBase struct {
	lifecycle

	JobID  string `json:"JobId"`
	Region string
	// ParentID is the job a child belongs to (a compare task's migration or
	// sync job, a consumer group's subscription); "" for top-level jobs.
	ParentID string `json:",omitempty"`
	// Seq numbers jobs in creation order (across kinds).
	Seq        uint64
	JobName    string
	CreateTime time.Time
	UpdateTime time.Time
	// Outcome scripts failures (SetOutcome).
	Outcome Outcome
}

func (b *jobBase) base() *jobBase { return b }

// job is a job of any kind: a pointer to a struct that embeds jobBase.
type job interface{ base() *jobBase }

// kind describes one job kind to the generic parts of the emulator.
type kind struct {
	// Name is the kind's name in JobSummary.Kind and in the state file.
	Name string
	// Noun names a job of the kind in messages ("migration job").
	Noun string
	// IDPrefix and IDLength shape the IDs: IDPrefix-<IDLength characters of
	// [0-9a-z]>, preceded by "<parent ID>-" for a child kind
	// (dts-xxxxxxxx, subs-xxxxxxxxxx, dts-xxxxxxxx-cmp-xxxxxxxx).
	IDPrefix string
	IDLength int
	// IDParam is the request member that names a job of the kind:
	// "SubscribeId" for subscriptions; "" means "JobId".
	IDParam string
	// Parents are the kinds whose jobs a job of this kind belongs to (nil
	// for a top-level kind). Removing a job removes its children.
	Parents []string
	// NotFound is the code each action of the kind answers for an unknown
	// job (error-codes.txt); actions not listed answer DefaultNotFound.
	NotFound        map[string]string
	DefaultNotFound string
	// Summarize fills the kind's own members of a JobSummary (the base
	// members are filled generically); nil when there are none.
	Summarize func(j job, s *JobSummary)
	// RunEnds are the statuses Outcome.RunEnds may name for the kind's jobs.
	RunEnds []string
	// Isolate isolates a job out of band for a reason (administration
	// Isolate); nil for kinds that are never isolated.
	Isolate func(j job, reason string, at time.Time, scale float64) error

	engine engine
	decode func(data []byte) (job, error)
}

// notFound is the code action answers for an unknown job of the kind.
func (k *kind) notFound(action string) string {
	if c, ok := k.NotFound[action]; ok {
		return c
	}
	return k.DefaultNotFound
}

// idParam is the request member that names a job of the kind.
func (k *kind) idParam() string { return cmp.Or(k.IDParam, "JobId") }

// childOf reports whether jobs of k belong to jobs of the kind named parent.
func (k *kind) childOf(parent string) bool { return slices.Contains(k.Parents, parent) }

// newKind completes a kind description with its machine: the engine that
// drives its jobs and the decoder of its persisted jobs.
func newKind[J any, P interface {
	*J
	job
}](k kind, m *machine[J]) *kind {
	k.engine = erased[J, P]{m}
	k.decode = func(data []byte) (job, error) {
		p := P(new(J))
		if err := json.Unmarshal(data, p); err != nil {
			return nil, err
		}
		return p, nil
	}
	return &k
}

// kinds are the registered job kinds, parents before children.
// Consumer groups belong to subscriptions, compare tasks to migration and
// sync jobs.
var kinds = []*kind{migrationKind, syncKind, subscriptionKind, consumerGroupKind, compareKind}

// kindNamed returns the registered kind called name, or nil.
func kindNamed(name string) *kind {
	for _, k := range kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// engine is a kind's machine seen through the job interface.
type engine interface {
	evolve(j job, now time.Time, scale float64) (changed, removed bool)
	step(j job, now time.Time, scale float64) (changed, removed bool)
	operate(j job, action string, at time.Time, scale float64, prepare func(job) *apiError) (removed bool, err *apiError)
	force(j job, status, trade string, at time.Time, scale float64) error
	hold(j job, hold bool, now time.Time) bool
	// validate checks a job read from a state file (machine.validate).
	validate(j job) error
	// rescale keeps a job where it is when the time scale changes.
	rescale(j job, now time.Time, from, to float64)
	// knows reports whether status is a status of one of the machines.
	knows(status string) bool
	// describe lists the statuses of the machines, for messages.
	describe() string
}

// erased adapts a machine[J] to engine.
type erased[J any, P interface {
	*J
	job
}] struct{ m *machine[J] }

func (e erased[J, P]) of(j job) *J { return (*J)(j.(P)) }

func (e erased[J, P]) evolve(j job, now time.Time, scale float64) (bool, bool) {
	return e.m.evolve(e.of(j), now, scale)
}

func (e erased[J, P]) step(j job, now time.Time, scale float64) (bool, bool) {
	return e.m.step(e.of(j), now, scale)
}

func (e erased[J, P]) operate(j job, action string, at time.Time, scale float64, prepare func(job) *apiError) (bool, *apiError) {
	var p func(*J) *apiError
	if prepare != nil {
		p = func(x *J) *apiError { return prepare(P(x)) }
	}
	return e.m.operate(e.of(j), action, at, scale, p)
}

func (e erased[J, P]) force(j job, status, trade string, at time.Time, scale float64) error {
	return e.m.force(e.of(j), status, trade, at, scale)
}

func (e erased[J, P]) hold(j job, hold bool, now time.Time) bool { return e.m.hold(e.of(j), hold, now) }

func (e erased[J, P]) validate(j job) error { return e.m.validate(e.of(j)) }

func (e erased[J, P]) rescale(j job, now time.Time, from, to float64) {
	e.m.rescale(e.of(j), now, from, to)
}

func (e erased[J, P]) knows(status string) bool {
	for _, f := range fields {
		if e.m.status(f, status) != nil {
			return true
		}
	}
	return false
}

func (e erased[J, P]) describe() string {
	var parts []string
	for _, f := range fields {
		if names := e.m.names(f); len(names) > 0 {
			parts = append(parts, strings.Join(names, ", "))
		}
	}
	return strings.Join(parts, "; ")
}
