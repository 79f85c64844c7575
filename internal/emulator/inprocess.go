package emulator

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"
)

// InProcess serves the emulator to a client in the same process: an
// http.RoundTripper that hands each request, as the client encoded and
// signed it, to the handler chain of an emulator — the one `make emulator`
// serves — and returns its answer. Only the network hop is skipped.
//
// The state lives in Options.StateFile, which InProcess holds only while it
// serves a request: each request opens the emulator on the state file
// (taking its lock, waiting while another process or InProcess holds it),
// is served, and closes it (saving the state, releasing the lock). So
// successive processes — Terraform starts a provider per plan, apply and
// destroy — and concurrent ones — two provider configurations of one run —
// share the state file one request at a time, and the job clock keeps
// running between them (settings.go). What is not persisted (fault rules,
// the journal, rate-limit buckets, the new-job outcome) lasts one request.
type InProcess struct {
	opts     Options
	lockWait time.Duration
	// turn lets one request of this InProcess at a time open the state file.
	turn chan struct{}
}

// DefaultLockWait bounds how long a request of an InProcess waits for the
// state file's lock: another InProcess holds it for a request at a time
// (milliseconds), a standalone emulator for as long as it runs.
const DefaultLockWait = 30 * time.Second

// lockRetry bounds the pause between two attempts to take the lock.
const lockRetry = 50 * time.Millisecond

// errDropped is what a client of an InProcess sees when a fault rule drops
// the connection.
var errDropped = errors.New("emulator: the connection was closed without an answer (a fault rule dropped it)")

// NewInProcess checks opts by opening the emulator once — the state file
// is created, or loaded and checked, and opts.Logger hears what it
// overrides (another seed, another time scale) — and returns the transport.
// opts.StateFile is required; requests log nothing. While another emulator
// holds the state file it waits, as long as ctx lives.
func NewInProcess(ctx context.Context, opts Options) (*InProcess, error) {
	if opts.StateFile == "" {
		return nil, errors.New("emulator: an in-process emulator needs a state file")
	}
	p := &InProcess{opts: opts, lockWait: DefaultLockWait, turn: make(chan struct{}, 1)}
	e, err := p.open(ctx)
	if err != nil {
		return nil, err
	}
	if err := e.Close(); err != nil {
		return nil, err
	}
	p.opts.Logger = nil
	return p, nil
}

// open opens the emulator on the state file, waiting for its lock at most
// p.lockWait.
func (p *InProcess) open(ctx context.Context) (*Emulator, error) {
	deadline := time.Now().Add(p.lockWait)
	for pause := time.Millisecond; ; pause = min(2*pause, lockRetry) {
		e, err := New(p.opts)
		if !errors.Is(err, errLocked) {
			return e, err
		}
		if time.Now().After(deadline) {
			// Not the standalone's advice (STATE_FILE): what holds the file
			// for this long is a standalone emulator.
			return nil, fmt.Errorf("emulator: state file %s stayed locked for %s: another emulator holds it, most likely a standalone "+
				"emulator (it keeps its state file locked while it runs; an in-process one only while it serves a request): "+
				"stop it, or use another state file (%w)", p.opts.StateFile, p.lockWait, errLocked)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the state file %s: %w", p.opts.StateFile, ctx.Err())
		case <-time.After(pause):
		}
	}
}

// RoundTrip implements http.RoundTripper: it serves req with an emulator
// opened on the state file for this request.
func (p *InProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	select {
	case p.turn <- struct{}{}:
		defer func() { <-p.turn }()
	case <-ctx.Done():
		closeBody(req)
		return nil, ctx.Err()
	}
	e, err := p.open(ctx)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	// Every change is on disk before it is answered (wal.go): Close only
	// compacts the state file into one snapshot and releases the lock, and
	// releases it even when that snapshot cannot be written.
	defer e.Close()
	return serveInProcess(e, req)
}

// serveInProcess runs req through e's handler chain as a server would
// receive it.
func serveInProcess(e *Emulator, req *http.Request) (resp *http.Response, err error) {
	defer closeBody(req)
	in := req.Clone(req.Context())
	in.RequestURI = req.URL.RequestURI()
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	// Not a network address: the administration API (loopback callers
	// only) is not served in process.
	in.RemoteAddr = "in-process"
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	defer func() {
		// A dropped connection aborts the handler (drop): the client gets
		// no answer, as over the network.
		if r := recover(); r != nil {
			if r != http.ErrAbortHandler { //nolint:errorlint // the value panicked, not a wrapped error
				panic(r)
			}
			resp, err = nil, errDropped
		}
	}()
	e.ServeHTTP(rec, in)
	resp = rec.Result()
	resp.Request = req
	return resp, nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
