package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// stateFormat is the version of the state file layout: 2 files jobs by
// kind (Jobs); format 1 (migration jobs only, under Migration) still loads.
const stateFormat = 2

// state is everything that survives a restart when Options.StateFile is set.
// Fault rules, the journal and the rate limiter are not persisted: they
// belong to a test or a session, not to the cloud being emulated.
type state struct {
	Format int
	Seed   int64
	// IDCounter positions the identifier generator (job IDs, deal names,
	// temporary credentials); RequestCounter the RequestId generator.
	IDCounter      uint64
	RequestCounter uint64
	// JobSeq numbers jobs in creation order (the tie-breaker of OrderSeq).
	JobSeq uint64
	Clock  jobClockState
	// Jobs of every kind, by kind name, region and ID.
	Jobs jobStore
	// TempCreds are the temporary credentials issued by AssumeRole, by
	// TmpSecretId.
	TempCreds map[string]*tempCredential
}

// jobClockState is the job clock: Virtual in step and manual mode, an
// Offset over Options.JobClock in realtime mode.
type jobClockState struct {
	Virtual time.Time
	Offset  time.Duration
}

// loadState reads the state file; a missing file (or no file configured)
// yields nil.
func loadState(path string) (*state, error) {
	if path == "" {
		return nil, nil
	}
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
	st.RequestCounter += requestCounterGap
	return &st.state, nil
}

// snapshot is a serialized state waiting to be written.
type snapshot struct {
	gen  uint64
	data []byte
}

// snapshotLocked serializes the state if it changed since the last
// snapshot and a state file is configured. Call with mu held.
func (e *Emulator) snapshotLocked() *snapshot {
	if e.stateFile == "" || !e.dirty {
		e.dirty = false
		return nil
	}
	data, err := json.MarshalIndent(e.st, "", " ")
	if err != nil {
		e.log.Error("serializing the emulator state", "error", err)
		return nil
	}
	e.dirty = false
	e.snapGen++
	return &snapshot{gen: e.snapGen, data: data}
}

// writeSnapshot writes snap atomically (temporary file, fsync, rename) unless
// a newer snapshot has been written already.
func (e *Emulator) writeSnapshot(snap *snapshot) error {
	if snap == nil {
		return nil
	}
	e.saveMu.Lock()
	defer e.saveMu.Unlock()
	if snap.gen <= e.savedGen {
		return nil
	}
	if e.closed {
		return fmt.Errorf("emulator: the emulator was closed: state file %s is no longer written", e.stateFile)
	}
	if err := writeFileAtomic(e.stateFile, snap.data); err != nil {
		return err
	}
	e.savedGen = snap.gen
	return nil
}

// checkWritable checks that the state file can be written where it is: a
// temporary file can be created next to it (and renamed over it).
func checkWritable(path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("emulator: state file %s cannot be written: %w", path, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
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
	return nil
}
