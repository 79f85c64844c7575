package waiter_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// predictSchedule is a schedule with prediction on.
var predictSchedule = waiter.Schedule{Min: time.Second, Max: 10 * time.Second, Factor: 1.5, Horizon: time.Minute}

// progressing is a job whose work of total takes place from the start of the
// fake clock, reporting progress(elapsed) and its status; it is Running
// once the work is done. It records the time of every read.
func progressing(clk *recClock, total time.Duration, progress func(elapsed time.Duration) *waiter.Result) (func(context.Context) (*waiter.Result, error), *[]time.Duration) {
	var at []time.Duration
	return func(context.Context) (*waiter.Result, error) {
		e := clk.Now().Sub(start)
		at = append(at, e)
		if e >= total {
			return &waiter.Result{Status: "Running", Percent: -1}, nil
		}
		return progress(e), nil
	}, &at
}

// linear reports the percentage of total done, rounded down.
func linear(total time.Duration) func(time.Duration) *waiter.Result {
	return func(e time.Duration) *waiter.Result {
		return &waiter.Result{Status: "ReadyRunning", Percent: int64(100 * e / total)}
	}
}

func predictConfig(clk *recClock, refresh func(context.Context) (*waiter.Result, error)) waiter.Config {
	cfg := baseConfig(clk, refresh)
	cfg.Schedule = predictSchedule
	return cfg
}

// A job that reports its progress is read after half the predicted time
// left each time: few reads, and the last within Schedule.Min of its end.
func TestPredictionClosesInOnTheEnd(t *testing.T) {
	clk := newClock()
	const total = 100 * time.Second
	refresh, at := progressing(clk, total, linear(total))
	if _, err := waiter.Wait(t.Context(), predictConfig(clk, refresh)); err != nil {
		t.Fatal(err)
	}
	// 0 s: 0 %; backoff 1 s: 1 %, 1 %/s, 99 s left: sleep 49.5 s; and so on.
	if got := clk.sleeps[:2]; !slices.Equal(got, secs(1, 49.5)) {
		t.Errorf("first sleeps %v, want 1s (the backoff) and 49.5s (half of the 99 s predicted)", got)
	}
	reads := *at
	if last := reads[len(reads)-1]; last < total || last > total+predictSchedule.Min {
		t.Errorf("the job was seen done at %s, more than %s after its end at %s (reads at %v)", last, predictSchedule.Min, total, reads)
	}
	if len(reads) > 10 {
		t.Errorf("%d reads (%v); the backoff alone makes 14", len(reads), reads)
	}
	for _, d := range clk.sleeps {
		if d < predictSchedule.Min || d > predictSchedule.Horizon {
			t.Errorf("sleep %s outside [Min, Horizon]", d)
		}
	}
}

// A long job is read at least every Horizon; and no sleep runs past the
// deadline.
func TestPredictionIsBoundedByHorizonAndDeadline(t *testing.T) {
	clk := newClock()
	const total = time.Hour
	refresh, at := progressing(clk, total, linear(total))
	cfg := predictConfig(clk, refresh)
	cfg.Timeout = 10 * time.Minute
	_, err := waiter.Wait(t.Context(), cfg)
	if timeout := (*waiter.TimeoutError)(nil); !errors.As(err, &timeout) {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if max := slices.Max(clk.sleeps); max != predictSchedule.Horizon {
		t.Errorf("longest sleep %s, want the horizon %s", max, predictSchedule.Horizon)
	}
	if last := (*at)[len(*at)-1]; last != cfg.Timeout {
		t.Errorf("last read at %s, want at the deadline %s", last, cfg.Timeout)
	}
}

// Progress that stops (a job stuck at 99 %) is not trusted: the reads
// follow the backoff, not Schedule.Min for ever.
func TestPredictionFallsBackWhenProgressStalls(t *testing.T) {
	clk := newClock()
	refresh, _ := progressing(clk, time.Hour, func(e time.Duration) *waiter.Result {
		return &waiter.Result{Status: "ReadyRunning", Percent: min(int64(e/time.Second), 99)}
	})
	cfg := predictConfig(clk, refresh)
	cfg.Timeout = 10 * time.Minute
	if _, err := waiter.Wait(t.Context(), cfg); err == nil {
		t.Fatal("a stuck job was done")
	}
	if n := len(clk.sleeps); n > 80 {
		t.Errorf("%d reads in 10 minutes of a stuck job", n)
	}
	if tail := clk.sleeps[len(clk.sleeps)-3 : len(clk.sleeps)-1]; !slices.Equal(tail, secs(10, 10)) {
		t.Errorf("a stuck job is read every %v, want the backoff's 10s", tail)
	}
}

// Without a horizon there is no prediction: progress or not, the backoff.
func TestNoHorizonNoPrediction(t *testing.T) {
	clk := newClock()
	refresh, _ := progressing(clk, 30*time.Second, linear(30*time.Second))
	cfg := predictConfig(clk, refresh)
	cfg.Schedule.Horizon = 0
	if _, err := waiter.Wait(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	if want := secs(1, 1.5, 2.25, 3.375, 5.0625, 7.59375, 10); !slices.Equal(clk.sleeps, want) {
		t.Errorf("sleeps %v, want the backoff %v", clk.sleeps, want)
	}
}

// Steps done of the total are progress too; a new status, or progress that
// goes back, starts a new run (the rate of the old one says nothing).
func TestPredictionFromStepsAndNewRuns(t *testing.T) {
	clk := newClock()
	refresh, at := progressing(clk, 2*time.Minute, func(e time.Duration) *waiter.Result {
		switch {
		case e < 20*time.Second: // a status without progress
			return &waiter.Result{Status: "CheckPass", Percent: -1}
		case e < 40*time.Second: // steps, fast, then the status changes
			return &waiter.Result{Status: "Checking", Percent: -1, StepAll: 10, StepNow: int64((e-20*time.Second)/(2*time.Second)) + 1}
		}
		// 80 s of steps in another status: 10 steps of 8 s.
		return &waiter.Result{Status: "ReadyRunning", Percent: -1, StepAll: 10, StepNow: int64((e-40*time.Second)/(8*time.Second)) + 1}
	})
	cfg := predictConfig(clk, refresh)
	cfg.Pending = append(cfg.Pending, "Checking")
	if _, err := waiter.Wait(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	reads := *at
	if last := reads[len(reads)-1]; last < 2*time.Minute || last > 2*time.Minute+predictSchedule.Min {
		t.Errorf("done seen at %s (reads %v)", last, reads)
	}
	// ReadyRunning's reads follow its own run: the backoff until its first
	// step is done (8 s), then predictions that close in on its end.
	n := 0
	for _, r := range reads {
		if r >= 40*time.Second {
			n++
		}
	}
	if n > 10 {
		t.Errorf("%d reads in the 80 s of ReadyRunning: %v", n, reads)
	}
}

// A fresh wait (the caller just made the call) reads first after one
// interval; a wait that is not reads at once.
func TestFreshWaitReadsAfterOneInterval(t *testing.T) {
	for _, fresh := range []bool{false, true} {
		clk := newClock()
		refresh, at := script(t, clk, st("ReadyRunning"), st("Running"))
		cfg := baseConfig(clk, refresh)
		cfg.Fresh = fresh
		if _, err := waiter.Wait(t.Context(), cfg); err != nil {
			t.Fatal(err)
		}
		want := secs(0, 2)
		if fresh {
			want = secs(2, 4)
		}
		if !slices.Equal(*at, want) {
			t.Errorf("Fresh %v: reads at %v, want %v", fresh, *at, want)
		}
	}
	// A fresh wait whose deadline is shorter than the interval still reads
	// once, at the deadline.
	clk := newClock()
	refresh, at := script(t, clk, st("ReadyRunning"))
	cfg := baseConfig(clk, refresh)
	cfg.Fresh, cfg.Timeout = true, time.Second
	if _, err := waiter.Wait(t.Context(), cfg); err == nil || !slices.Equal(*at, secs(1)) {
		t.Errorf("reads at %v, err %v; want one read at the 1 s deadline and a timeout", *at, err)
	}
}

// Prediction needs a horizon at least Schedule.Min.
func TestHorizonBelowMinIsInvalid(t *testing.T) {
	cfg := baseConfig(clock.NewFake(start), func(context.Context) (*waiter.Result, error) { return nil, nil })
	cfg.Schedule.Horizon = time.Second
	if _, err := waiter.Wait(t.Context(), cfg); err == nil {
		t.Error("a horizon below Schedule.Min was accepted")
	}
}
