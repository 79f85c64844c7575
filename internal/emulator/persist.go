package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// stateFormat is the version of the state file layout: 2 files jobs by
// kind (Jobs); format 1 (migration jobs only, under Migration) still loads.
const stateFormat = 2

// state is everything that survives a restart when Options.StateFile is set.
// Fault rules, the journal and the rate limiter are not persisted: they
// belong to a test or a session, not to the cloud being emulated.
type state struct {
	stateMeta
	// LogSeq is the last record of the log (wal.go) the snapshot includes.
	LogSeq uint64 `json:",omitempty"`
	// Jobs of every kind, by kind name, region and ID.
	Jobs jobStore
}

// stateMeta is the state but the jobs: what a log record carries whole
// when it changed.
type stateMeta struct {
	Format int
	Seed   int64
	// IDCounter positions the identifier generator (job IDs, deal names,
	// temporary credentials); RequestCounter the RequestId generator.
	IDCounter      uint64
	RequestCounter uint64
	// JobSeq numbers jobs in creation order (the tie-breaker of OrderSeq).
	JobSeq uint64
	Clock  jobClockState
	// Mode and TimeScale are the settings the state was last written
	// with: an emulator opening it with others converts the job clock and
	// the jobs' progress (settings.go).
	Mode      Mode    `json:",omitempty"`
	TimeScale float64 `json:",omitempty"`
	// TempCreds are the temporary credentials issued by AssumeRole, by
	// TmpSecretId.
	TempCreds map[string]*tempCredential
}

// jobClockState is the job clock: Virtual in step and manual mode, an
// Offset over Options.JobClock in realtime mode.
type jobClockState struct {
	Virtual time.Time
	Offset  time.Duration
	// Now is the job clock's reading when the state was written: a
	// restarted emulator's job clock never goes back before it.
	Now time.Time `json:",omitzero"`
}

// loadSnapshot reads the snapshot of the state file; a missing file yields
// nil. Format 1 is converted.
func loadSnapshot(path string) (*state, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("emulator: reading state file: %w", err)
	}
	var st struct {
		state
		// Migration holds the jobs of format 1: migration jobs by region
		// then ID.
		Migration map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("emulator: state file %s is not valid: %w", path, err)
	}
	switch st.Format {
	case 1:
		st.Jobs = jobStore{}
		if err := st.Jobs.decodeKind(migrationKind, st.Migration); err != nil {
			return nil, fmt.Errorf("emulator: state file %s is not valid: %w", path, err)
		}
		st.Format = stateFormat
	case stateFormat:
	default:
		return nil, fmt.Errorf("emulator: state file %s has format %d, this emulator reads formats 1 and %d", path, st.Format, stateFormat)
	}
	if st.Seed == 0 {
		return nil, fmt.Errorf("emulator: state file %s has no seed", path)
	}
	if st.Jobs == nil {
		st.Jobs = jobStore{}
	}
	if st.TempCreds == nil {
		st.TempCreds = map[string]*tempCredential{}
	}
	return &st.state, nil
}

// tempPrefix starts the names of the temporary files of a state file's
// snapshots; tempPattern is their os.CreateTemp pattern.
func tempPrefix(path string) string  { return "." + filepath.Base(path) + ".tmp-" }
func tempPattern(path string) string { return tempPrefix(path) + "*" }

// checkWritable checks that the state file can be written where it is: a
// temporary file can be created next to it (and renamed over it).
func checkWritable(path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return fmt.Errorf("emulator: state file %s cannot be written: %w", path, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// removeStaleTemps removes the temporary files of snapshot writes whose
// process was killed (kill -9 leaves .STATE_FILE.tmp-* behind). Call with
// the state file's lock held: no other emulator writes them then.
func removeStaleTemps(path string) error {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("emulator: cannot use state file %s: %w", path, err)
	}
	prefix := tempPrefix(path)
	for _, d := range entries {
		if !d.Type().IsRegular() || !strings.HasPrefix(d.Name(), prefix) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, d.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("emulator: removing %s: %w", d.Name(), err)
		}
	}
	return nil
}

// writeFileAtomic replaces path with data: a temporary file next to it,
// fsync, rename, fsync of the folder.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return fmt.Errorf("emulator: writing state file: %w", err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("emulator: writing state file: %w", err)
	}
	// The state holds temporary credentials: owner-only.
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("emulator: writing state file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("emulator: writing state file: %w", err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a rename in dir durable where the platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // not supported for folders everywhere (Windows)
		d.Close()
	}
}
