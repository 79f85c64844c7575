package jobkit

import (
	"context"
	"sync"
	"time"
)

// Reads of many jobs of one kind coalesced into list calls: a plan refreshes
// every resource at once (ten at a time by default), and an API that lists
// jobs by ID (DescribeSyncJobs' JobIds, up to 100) answers them in a few
// calls instead of one each.
//
// A read joins the batch that has not been sent yet, so its answer always
// comes from a call made after the read was asked for: a job this provider
// just changed is never served from an older answer. The first read of a
// batch keeps it open while others keep joining (no more than
// Env.BatchWindow); reads asked for while a batch is in flight form the next
// one.

// MaxBatch is the most IDs one list call carries.
const MaxBatch = 100

type batcher[T any] struct {
	mu      sync.Mutex
	pending *batch[T] // collecting, not sent yet
	// peak is the largest batch sent since batches began to follow each
	// other (each within a second of the last, lastAt): as many reads are
	// expected to come back together (Terraform's parallelism), even after
	// a batch that a straggler missed.
	peak   int
	lastAt time.Time
}

type batch[T any] struct {
	ids  []string
	done chan struct{}
	got  map[string]*T
	err  error
}

type batchKey struct{ name, region string }

// Batched reads job id through fetch, coalesced with the other reads of the
// same name and region: fetch lists up to MaxBatch IDs and returns the jobs
// it found (an absent ID is a gone job, nil).
func Batched[T any](ctx context.Context, e *Env, name, region, id string, fetch func(context.Context, []string) (map[string]*T, error)) (*T, error) {
	v, _ := e.batchers.LoadOrStore(batchKey{name, region}, &batcher[T]{})
	b := v.(*batcher[T])
	b.mu.Lock()
	cur, leader := b.pending, false
	if cur == nil || len(cur.ids) >= MaxBatch {
		cur, leader = &batch[T]{done: make(chan struct{})}, true
		b.pending = cur
	}
	cur.ids = append(cur.ids, id)
	b.mu.Unlock()
	if leader {
		b.send(ctx, e, cur, fetch)
	}
	select {
	case <-cur.done:
		return cur.got[id], cur.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// batchQuiet is how long a batch stays open without a new read joining;
// batchStep how often a leader looks at its batch.
const (
	batchQuiet = 50 * time.Millisecond
	batchStep  = 5 * time.Millisecond
)

// send gathers the batch — until as many reads joined as came together
// in the current run of batches (see expected), or, with no such number,
// until none joined for batchQuiet; no longer than the window —, closes it
// to new reads and makes the call; a canceled leader still makes it, for
// the others.
func (b *batcher[T]) send(ctx context.Context, e *Env, cur *batch[T], fetch func(context.Context, []string) (map[string]*T, error)) {
	quietFor := time.Duration(0)
	for waited := time.Duration(0); waited < e.BatchWindow; waited += batchStep {
		b.mu.Lock()
		n, expected := len(cur.ids), b.expected(e.Clock.Now())
		b.mu.Unlock()
		// A known number of reads is waited for within the window (a
		// read that comes late on a busy machine still joins); an
		// unknown one until none joined for batchQuiet.
		if n >= expected || n >= MaxBatch || expected > MaxBatch && quietFor >= batchQuiet || e.Clock.Sleep(ctx, batchStep) != nil {
			break
		}
		b.mu.Lock()
		if len(cur.ids) == n {
			quietFor += batchStep
		} else {
			quietFor = 0
		}
		b.mu.Unlock()
	}
	b.mu.Lock()
	if b.pending == cur {
		b.pending = nil
	}
	ids, now := cur.ids, e.Clock.Now()
	if now.Sub(b.lastAt) >= time.Second {
		b.peak = 0
	}
	b.peak, b.lastAt = max(b.peak, len(ids)), now
	b.mu.Unlock()
	callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Minute)
	defer cancel()
	cur.got, cur.err = fetch(callCtx, ids)
	close(cur.done)
}

// expected is how many reads a batch waits for: as many as the largest
// batch of the run of batches it continues (each sent within a second of
// the one before: a plan's reads come back together, and a read that
// missed one batch joins the next with the others); otherwise no number
// (the quiet period ends the batch).
func (b *batcher[T]) expected(now time.Time) int {
	if b.peak > 1 && now.Sub(b.lastAt) < time.Second {
		return b.peak
	}
	return MaxBatch + 1
}
