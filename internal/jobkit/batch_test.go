package jobkit

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
)

// gateClock's Sleep waits until the test opens the gate: the batch window
// lasts exactly until every read has joined.
type gateClock struct {
	clock.Real
	gate chan struct{}
}

func (g gateClock) Sleep(ctx context.Context, _ time.Duration) error {
	select {
	case <-g.gate:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// queued counts the reads waiting in the batch of name and region that is
// collecting.
func queued(e *Env, name string) int {
	v, ok := e.batchers.Load(batchKey{name, "r"})
	if !ok {
		return 0
	}
	b := v.(*batcher[string])
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pending == nil {
		return 0
	}
	return len(b.pending.ids)
}

// Concurrent reads share list calls of at most MaxBatch IDs; each answer
// comes from a call made after it was asked for; an absent ID reads as gone;
// errors reach every read of the batch.
func TestBatched(t *testing.T) {
	gate := make(chan struct{})
	e := &Env{Clock: gateClock{gate: gate}, BatchWindow: time.Second}
	var calls atomic.Int32
	var largest atomic.Int32
	fetch := func(_ context.Context, ids []string) (map[string]*string, error) {
		calls.Add(1)
		if n := int32(len(ids)); n > largest.Load() {
			largest.Store(n)
		}
		out := map[string]*string{}
		for _, id := range ids {
			if id != "gone" {
				v := "job " + id
				out[id] = &v
			}
		}
		return out, nil
	}
	var wg sync.WaitGroup
	var joined atomic.Int32
	for i := range 250 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprint(i)
			joined.Add(1)
			got, err := Batched(context.Background(), e, "list", "r", id, fetch)
			if err != nil || got == nil || *got != "job "+id {
				t.Errorf("read %s: %v, %v", id, got, err)
			}
		}()
	}
	// Every read has joined a batch once the last one collects 250 % 100.
	for joined.Load() < 250 || queued(e, "list") != 50 {
		time.Sleep(time.Millisecond)
	}
	close(gate)
	wg.Wait()
	if n := calls.Load(); n != 3 || largest.Load() != MaxBatch {
		t.Errorf("%d calls (largest %d IDs) for 250 concurrent reads, want 3 (100, 100, 50)", n, largest.Load())
	}
	if got, err := Batched(context.Background(), e, "list", "r", "gone", fetch); got != nil || err != nil {
		t.Errorf("a gone job: %v, %v", got, err)
	}
	failing := func(context.Context, []string) (map[string]*string, error) { return nil, fmt.Errorf("boom") }
	if _, err := Batched(context.Background(), e, "other", "r", "1", failing); err == nil {
		t.Error("the list call's error was lost")
	}
}
