package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
)

// Persistence: a state file is a snapshot and an append-only log.
//
//   - STATE_FILE is a snapshot of the whole state (JSON, written atomically:
//     a temporary file, fsync, rename, fsync of the folder).
//   - STATE_FILE.log holds one JSON line per change since the snapshot: the
//     jobs that changed (whole), the jobs that disappeared, and the counters,
//     the job clock and the temporary credentials when they changed.
//   - A request's change is appended and fsynced before the request is
//     answered (an acknowledged change survives kill -9). Changes made while
//     a write is under way are written together by the next one (group
//     commit): concurrent clients share their fsyncs.
//   - The write after the log outgrew max(1 MiB, the snapshot) is a new
//     snapshot and an empty log (compaction), and so are the first write of
//     a new state file, opening an existing one, Save, Close, Reset and the
//     write after a failed one.
//
// Loading reads the snapshot, then replays the records it does not include
// (Seq above its LogSeq). A last line without its newline is a write a crash
// interrupted — never acknowledged — and is dropped.

// logSuffix names the log of a state file.
const logSuffix = ".log"

// minCompactBytes is the log size below which it is never compacted.
const minCompactBytes = 1 << 20

// errClosed answers a change made after Close.
var errClosed = errors.New("emulator: the emulator was closed: its state file is no longer written")

// jobKey names a job of any kind.
type jobKey struct{ kind, region, id string }

func keyOf(k *kind, j job) jobKey {
	b := j.base()
	return jobKey{k.Name, b.Region, b.JobID}
}

// logRecord is one line of the log.
type logRecord struct {
	Seq uint64
	// Meta is the state but the jobs, when it changed.
	Meta *stateMeta `json:",omitempty"`
	// Put are jobs that changed or appeared, whole; Del jobs that are gone.
	Put []logJob `json:",omitempty"`
	Del []logKey `json:",omitempty"`
}

type logJob struct {
	Kind string
	Job  json.RawMessage
}

type logKey struct {
	Kind   string
	Region string
	JobID  string `json:"JobId"`
}

// persister writes one state file.
type persister struct {
	path string
	// compactAt is the log size beyond which (and beyond the snapshot's)
	// the next write compacts: minCompactBytes.
	compactAt int64

	// Guarded by Emulator.mu.
	pending     []byte // records not written yet
	lastSeq     uint64 // the last record made
	hashes      map[jobKey][32]byte
	metaHash    [32]byte
	touched     map[jobKey]struct{} // jobs the current change may have changed
	snapshotDue bool                // the next write is a snapshot
	closed      bool

	// Guarded by syncMu, which orders the writes.
	syncMu   sync.Mutex
	lock     *os.File
	log      *os.File
	logSize  int64
	snapSize int64
	durable  uint64 // the last record on disk
}

// openPersister takes the state file's lock, loads its snapshot and log,
// and opens the log for appending. The state is nil for a new state file.
func openPersister(path string) (*persister, *state, error) {
	lock, err := lockStateFile(path)
	if err != nil {
		return nil, nil, err
	}
	p := &persister{path: path, compactAt: minCompactBytes, lock: lock, hashes: map[jobKey][32]byte{}, touched: map[jobKey]struct{}{}}
	st, err := p.load()
	if err == nil {
		err = checkWritable(path)
	}
	if err == nil {
		p.log, err = os.OpenFile(path+logSuffix, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	}
	if err != nil {
		p.release()
		return nil, nil, err
	}
	// A loaded state is compacted at once (New): the log starts empty.
	p.snapshotDue = true
	return p, st, nil
}

// load removes what a killed snapshot write left behind, reads the
// snapshot, replays the log and checks the jobs.
func (p *persister) load() (*state, error) {
	if err := removeStaleTemps(p.path); err != nil {
		return nil, err
	}
	st, err := p.loadAll()
	if err != nil || st == nil {
		return st, err
	}
	if err := st.Jobs.validate(); err != nil {
		return nil, fmt.Errorf("emulator: state file %s is not valid: %w", p.path, err)
	}
	return st, nil
}

// loadAll reads the snapshot and replays the log.
func (p *persister) loadAll() (*state, error) {
	st, err := loadSnapshot(p.path)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p.path + logSuffix)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(b) == 0) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("emulator: reading %s: %w", p.path+logSuffix, err)
	}
	if st == nil {
		return nil, fmt.Errorf("emulator: %s exists without its state file %s: restore the state file or remove the log", p.path+logSuffix, p.path)
	}
	if err := replay(st, b); err != nil {
		return nil, fmt.Errorf("emulator: %s is not valid: %w", p.path+logSuffix, err)
	}
	return st, nil
}

// replay applies the complete records of a log to st.
func replay(st *state, log []byte) error {
	for n := 1; ; n++ {
		line, rest, complete := bytes.Cut(log, []byte("\n"))
		if !complete {
			return nil // empty, or a torn last write
		}
		log = rest
		var rec logRecord
		if err := json.Unmarshal(line, &rec); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if rec.Seq <= st.LogSeq {
			continue // the snapshot includes it
		}
		if err := st.apply(&rec); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
}

// apply applies one log record.
func (st *state) apply(rec *logRecord) error {
	if rec.Meta != nil {
		st.stateMeta = *rec.Meta
		if st.TempCreds == nil {
			st.TempCreds = map[string]*tempCredential{}
		}
	}
	for _, pj := range rec.Put {
		k := kindNamed(pj.Kind)
		if k == nil {
			return fmt.Errorf("unknown job kind %q", pj.Kind)
		}
		j, err := k.decode(pj.Job)
		if err != nil {
			return fmt.Errorf("%s: %w", k.Noun, err)
		}
		if b := j.base(); b.JobID == "" || b.Region == "" {
			return fmt.Errorf("%s without an ID or a region", k.Noun)
		}
		st.Jobs.put(k, j)
	}
	for _, d := range rec.Del {
		delete(st.Jobs[d.Kind][d.Region], d.JobID)
	}
	st.LogSeq = rec.Seq
	return nil
}

// touch records that the current change may have changed a job. Call with
// Emulator.mu held.
func (p *persister) touch(k *kind, j job) { p.touched[keyOf(k, j)] = struct{}{} }

// commitLocked turns the change made since the last one into a log record
// waiting to be written, and returns its number (0 when nothing changed).
// Call with mu held; then, without it, persist(seq) before acknowledging.
func (e *Emulator) commitLocked() (uint64, error) {
	p := e.p
	if p == nil || !e.dirty {
		e.dirty = false
		if p != nil {
			clear(p.touched)
		}
		return 0, nil
	}
	e.dirty = false
	defer clear(p.touched)
	if p.closed {
		return 0, errClosed
	}
	rec := logRecord{Seq: p.lastSeq + 1}
	meta := e.st.stateMeta
	meta.Clock.Now = e.jobNow()
	mb, err := json.Marshal(&meta)
	if err != nil {
		return 0, err
	}
	if h := sha256.Sum256(mb); h != p.metaHash {
		rec.Meta, p.metaHash = &meta, h
	}
	for key := range p.touched {
		j := e.st.Jobs[key.kind][key.region][key.id]
		if j == nil {
			if _, ok := p.hashes[key]; ok {
				rec.Del = append(rec.Del, logKey{key.kind, key.region, key.id})
				delete(p.hashes, key)
			}
			continue
		}
		b, err := json.Marshal(j)
		if err != nil {
			return 0, err
		}
		if h := sha256.Sum256(b); h != p.hashes[key] {
			rec.Put = append(rec.Put, logJob{Kind: key.kind, Job: b})
			p.hashes[key] = h
		}
	}
	if rec.Meta == nil && rec.Put == nil && rec.Del == nil {
		return 0, nil
	}
	line, err := json.Marshal(&rec)
	if err != nil {
		return 0, err
	}
	p.pending = append(append(p.pending, line...), '\n')
	p.lastSeq = rec.Seq
	return rec.Seq, nil
}

// snapshotNextLocked makes the next write a snapshot and returns the number
// to wait for. Call with mu held.
func (e *Emulator) snapshotNextLocked() uint64 {
	if e.p == nil || e.p.closed {
		return 0
	}
	e.p.snapshotDue = true
	e.p.lastSeq++
	return e.p.lastSeq
}

// unlockAndPersist commits the change made under mu, releases mu and
// writes the change; a change that is not written must not be
// acknowledged.
func (e *Emulator) unlockAndPersist() error {
	seq, err := e.commitLocked()
	e.mu.Unlock()
	if err == nil {
		err = e.persist(seq)
	}
	e.logSaveError(err)
	return err
}

// persist returns once record seq is on disk: written by this call, with the
// records of other requests waiting, or by an earlier one.
func (e *Emulator) persist(seq uint64) error {
	p := e.p
	if p == nil || seq == 0 {
		return nil
	}
	p.syncMu.Lock()
	defer p.syncMu.Unlock()
	if p.durable >= seq {
		return nil
	}
	if p.log == nil {
		return errClosed
	}
	e.mu.Lock()
	if p.snapshotDue || p.logSize > max(p.compactAt, p.snapSize) {
		return e.compactLocked()
	}
	buf, last := p.pending, p.lastSeq
	p.pending = nil
	e.mu.Unlock()
	if err := p.appendLog(buf); err != nil {
		e.mu.Lock()
		p.snapshotDue = true
		e.mu.Unlock()
		return err
	}
	p.durable = last
	return nil
}

// appendLog writes records at the end of the log and fsyncs it. Call with
// syncMu held.
func (p *persister) appendLog(buf []byte) error {
	n, err := p.log.Write(buf)
	p.logSize += int64(n)
	if err == nil {
		err = p.log.Sync()
	}
	if err != nil {
		return fmt.Errorf("emulator: writing %s: %w", p.path+logSuffix, err)
	}
	return nil
}

// compactLocked writes a snapshot of the state and empties the log. Call
// with syncMu and mu held; it releases mu.
func (e *Emulator) compactLocked() error {
	p := e.p
	data, err := e.snapshotLocked()
	last := p.lastSeq
	p.pending = nil
	e.mu.Unlock()
	if err == nil {
		err = writeFileAtomic(p.path, data)
	}
	if err == nil {
		err = p.truncateLog()
	}
	e.mu.Lock()
	p.snapshotDue = err != nil
	e.mu.Unlock()
	if err != nil {
		return err
	}
	p.durable, p.snapSize = last, int64(len(data))
	return nil
}

// snapshotLocked serializes the whole state and restarts the change
// tracking from it. Call with mu held.
func (e *Emulator) snapshotLocked() ([]byte, error) {
	p := e.p
	e.st.LogSeq = p.lastSeq
	e.st.Clock.Now = e.jobNow()
	data, err := json.MarshalIndent(e.st, "", " ")
	if err != nil {
		return nil, err
	}
	meta := e.st.stateMeta
	mb, err := json.Marshal(&meta)
	if err != nil {
		return nil, err
	}
	p.metaHash = sha256.Sum256(mb)
	clear(p.hashes)
	for _, k := range kinds {
		for _, jobs := range e.st.Jobs[k.Name] {
			for _, j := range jobs {
				b, err := json.Marshal(j)
				if err != nil {
					return nil, err
				}
				p.hashes[keyOf(k, j)] = sha256.Sum256(b)
			}
		}
	}
	clear(p.touched)
	e.dirty = false
	return data, nil
}

// truncateLog empties the log once a snapshot holds its records.
func (p *persister) truncateLog() error {
	if err := p.log.Truncate(0); err != nil {
		return fmt.Errorf("emulator: emptying %s: %w", p.path+logSuffix, err)
	}
	p.logSize = 0
	return p.log.Sync()
}

// close stops writing and releases the lock. Call without mu.
func (e *Emulator) closePersister() {
	p := e.p
	p.syncMu.Lock()
	defer p.syncMu.Unlock()
	e.mu.Lock()
	p.closed = true
	e.mu.Unlock()
	p.release()
}

// release closes the log and the lock file (which releases the lock).
func (p *persister) release() {
	if p.log != nil {
		p.log.Close()
		p.log = nil
	}
	if p.lock != nil {
		p.lock.Close()
		p.lock = nil
	}
}
