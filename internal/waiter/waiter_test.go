package waiter_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

var start = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// recClock is a fake clock that records every sleep it is asked for.
type recClock struct {
	*clock.Fake
	sleeps []time.Duration
}

func newClock() *recClock { return &recClock{Fake: clock.NewFake(start)} }

func (c *recClock) Sleep(ctx context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	return c.Fake.Sleep(ctx, d)
}

// apiError stands for the client's API error.
type apiError struct{ Code, RequestID string }

func (e *apiError) Error() string { return e.Code + " (RequestId " + e.RequestID + ")" }

func isNotFound(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.Code == "ResourceNotFound"
}

// step is one scripted read: a status, not found (res nil, err nil) or an error.
type step struct {
	res *waiter.Result
	err error
}

func st(status string) step { return step{res: &waiter.Result{Status: status, Percent: -1}} }

func notFound() step { return step{} }

// script returns a Refresh that plays steps in order and records the fake time
// of every read. A read beyond the script fails the test.
func script(t *testing.T, clk clock.Clock, steps ...step) (func(context.Context) (*waiter.Result, error), *[]time.Duration) {
	t.Helper()
	var at []time.Duration
	i := 0
	return func(context.Context) (*waiter.Result, error) {
		at = append(at, clk.Now().Sub(start))
		if i >= len(steps) {
			t.Fatalf("read %d: beyond the script of %d reads", i+1, len(steps))
		}
		s := steps[i]
		i++
		if s.res != nil {
			r := *s.res
			return &r, s.err
		}
		return nil, s.err
	}, &at
}

// always returns a Refresh that reports status forever and counts reads.
func always(status string, reads *int) func(context.Context) (*waiter.Result, error) {
	return func(context.Context) (*waiter.Result, error) {
		*reads++
		return &waiter.Result{Status: status, Message: "still busy", Percent: -1}, nil
	}
}

func secs(s ...float64) []time.Duration {
	out := make([]time.Duration, len(s))
	for i, v := range s {
		out[i] = time.Duration(v * float64(time.Second))
	}
	return out
}

func baseConfig(clk clock.Clock, refresh func(context.Context) (*waiter.Result, error)) waiter.Config {
	return waiter.Config{
		Operation: `sync job "sync-abc" to reach Running`,
		Pending:   []string{"CheckPass", "ReadyRunning"},
		Target:    []string{"Running"},
		Failure:   []string{"Failed", "Stopped"},
		Refresh:   refresh,
		Timeout:   10 * time.Minute,
		Schedule:  waiter.Schedule{Min: 2 * time.Second, Max: 10 * time.Second, Factor: 1.5},
		Clock:     clk,
	}
}

func TestWaitPendingToTarget(t *testing.T) {
	clk := newClock()
	want := &waiter.Result{Status: "Running", Step: "Incremental", Percent: 100, Object: "the describe response"}
	refresh, at := script(t, clk, st("CheckPass"), st("ReadyRunning"), st("ReadyRunning"), step{res: want})

	got, err := waiter.Wait(t.Context(), baseConfig(clk, refresh))
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if got.Status != "Running" || got.Object != "the describe response" || got.Step != "Incremental" || got.Percent != 100 {
		t.Errorf("result = %+v, want the last read %+v", got, want)
	}
	if !slices.Equal(*at, secs(0, 2, 5, 9.5)) {
		t.Errorf("reads at %v, want %v", *at, secs(0, 2, 5, 9.5))
	}
	if !slices.Equal(clk.sleeps, secs(2, 3, 4.5)) {
		t.Errorf("sleeps %v, want %v", clk.sleeps, secs(2, 3, 4.5))
	}
}

func TestWaitImmediateTarget(t *testing.T) {
	clk := newClock()
	refresh, at := script(t, clk, st("Running"))

	got, err := waiter.Wait(t.Context(), baseConfig(clk, refresh))
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if got.Status != "Running" {
		t.Errorf("status = %q, want Running", got.Status)
	}
	if len(*at) != 1 || len(clk.sleeps) != 0 || !clk.Now().Equal(start) {
		t.Errorf("reads %v, sleeps %v, clock moved %v: want one read, no sleep, no time", *at, clk.sleeps, clk.Now().Sub(start))
	}
}

func TestWaitFailureStatusCarriesMessage(t *testing.T) {
	clk := newClock()
	failed := step{res: &waiter.Result{Status: "Failed", Message: "source database unreachable: access denied", Percent: -1, Object: 42}}
	refresh, at := script(t, clk, st("CheckPass"), failed)

	got, err := waiter.Wait(t.Context(), baseConfig(clk, refresh))
	var fe *waiter.FailureStatusError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v (%T), want *FailureStatusError", err, err)
	}
	if fe.Status != "Failed" || fe.Message != "source database unreachable: access denied" || fe.Operation != `sync job "sync-abc" to reach Running` {
		t.Errorf("error fields = %+v", fe)
	}
	if got == nil || got.Object != 42 {
		t.Errorf("result = %+v, want the failed read with its Object", got)
	}
	if len(*at) != 2 {
		t.Errorf("%d reads, want 2 (no read after a failure status)", len(*at))
	}
}

func TestWaitUnexpectedStatus(t *testing.T) {
	clk := newClock()
	refresh, _ := script(t, clk, st("ReadyRunning"), step{res: &waiter.Result{Status: "Paused", Message: "paused by user", Percent: -1}})

	got, err := waiter.Wait(t.Context(), baseConfig(clk, refresh))
	var ue *waiter.UnexpectedStatusError
	if !errors.As(err, &ue) {
		t.Fatalf("error = %v (%T), want *UnexpectedStatusError", err, err)
	}
	if ue.Status != "Paused" || ue.Message != "paused by user" {
		t.Errorf("error fields = %+v", ue)
	}
	if want := []string{"CheckPass", "ReadyRunning", "Running"}; !slices.Equal(ue.Expected, want) {
		t.Errorf("Expected = %v, want %v", ue.Expected, want)
	}
	if got == nil || got.Status != "Paused" {
		t.Errorf("result = %+v, want the Paused read", got)
	}
	var fe *waiter.FailureStatusError
	if errors.As(err, &fe) {
		t.Errorf("an unexpected status must not be a *FailureStatusError")
	}
}

func TestWaitTimeoutAtDeadline(t *testing.T) {
	clk := newClock()
	var at []time.Duration
	cfg := baseConfig(clk, func(context.Context) (*waiter.Result, error) {
		at = append(at, clk.Now().Sub(start))
		if len(at) > 100 {
			t.Fatalf("still reading at %v after %d reads: the wait does not end at the deadline", at[len(at)-1], len(at))
		}
		return &waiter.Result{Status: "ReadyRunning", Message: "waiting for resources", Percent: -1}, nil
	})
	cfg.Timeout = time.Minute

	got, err := waiter.Wait(t.Context(), cfg)
	var te *waiter.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("error = %v (%T), want *TimeoutError", err, err)
	}
	if te.LastStatus != "ReadyRunning" || te.LastMessage != "waiting for resources" || te.Timeout != time.Minute || te.LastNotFound {
		t.Errorf("error fields = %+v", te)
	}
	if got == nil || got.Status != "ReadyRunning" {
		t.Errorf("result = %+v, want the last read", got)
	}
	// Reads grow 2, 3, 4.5, 6.75, then every 10 s; the last sleep is cut so the
	// final read happens exactly at the deadline, and Wait gives up right then.
	wantAt := secs(0, 2, 5, 9.5, 16.25, 26.25, 36.25, 46.25, 56.25, 60)
	if !slices.Equal(at, wantAt) {
		t.Errorf("reads at %v, want %v", at, wantAt)
	}
	if wantSleeps := secs(2, 3, 4.5, 6.75, 10, 10, 10, 10, 3.75); !slices.Equal(clk.sleeps, wantSleeps) {
		t.Errorf("sleeps %v, want %v", clk.sleeps, wantSleeps)
	}
	if d := clk.Now().Sub(start); d != time.Minute {
		t.Errorf("gave up after %v of fake time, want exactly the 1m timeout", d)
	}
}

// A wait that is one step of an operation names the operation's timeout
// (the outermost WithBudget), not the part of it that was left for the wait.
func TestWaitTimeoutNamesTheOperationBudget(t *testing.T) {
	clk := newClock()
	cfg := baseConfig(clk, func(context.Context) (*waiter.Result, error) {
		return &waiter.Result{Status: "ReadyRunning", Percent: -1}, nil
	})
	cfg.Timeout = time.Second // what the earlier steps left
	ctx := waiter.WithBudget(waiter.WithBudget(t.Context(), 4*time.Second), time.Hour)
	_, err := waiter.Wait(ctx, cfg)
	var te *waiter.TimeoutError
	if !errors.As(err, &te) || te.Timeout != 4*time.Second {
		t.Fatalf("error = %v, want a timeout naming the operation's 4s", err)
	}
	if !strings.HasPrefix(err.Error(), "timed out after 4s waiting for") {
		t.Errorf("message %q", err)
	}
}

func TestWaitTargetOnFinalReadAtDeadline(t *testing.T) {
	clk := newClock()
	cfg := baseConfig(clk, func(context.Context) (*waiter.Result, error) {
		if clk.Now().Sub(start) >= 5*time.Second {
			return &waiter.Result{Status: "Running", Percent: -1}, nil
		}
		return &waiter.Result{Status: "ReadyRunning", Percent: -1}, nil
	})
	cfg.Timeout = 5 * time.Second
	cfg.Schedule = waiter.Schedule{Min: 4 * time.Second, Max: 4 * time.Second, Factor: 1}

	got, err := waiter.Wait(t.Context(), cfg)
	if err != nil {
		t.Fatalf("Wait: %v (the read at the deadline reached the target)", err)
	}
	if got.Status != "Running" || clk.Now().Sub(start) != 5*time.Second {
		t.Errorf("status %q at %v, want Running at 5s", got.Status, clk.Now().Sub(start))
	}
	if want := secs(4, 1); !slices.Equal(clk.sleeps, want) {
		t.Errorf("sleeps %v, want %v", clk.sleeps, want)
	}
}

func TestWaitSlowReadPastDeadline(t *testing.T) {
	clk := newClock()
	reads := 0
	cfg := baseConfig(clk, func(context.Context) (*waiter.Result, error) {
		reads++
		clk.Advance(40 * time.Second) // a read that takes long (client retries)
		return &waiter.Result{Status: "CheckPass", Percent: -1}, nil
	})
	cfg.Timeout = time.Minute

	_, err := waiter.Wait(t.Context(), cfg)
	var te *waiter.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("error = %v (%T), want *TimeoutError", err, err)
	}
	// Read at 0 (ends at 40 s), sleep 2 s, read at 42 s ends at 82 s: past the
	// deadline, so no further sleep and no further read.
	if reads != 2 || !slices.Equal(clk.sleeps, secs(2)) {
		t.Errorf("%d reads, sleeps %v; want 2 reads and one 2s sleep", reads, clk.sleeps)
	}
}

func TestWaitIntervalsGrowFromMinToMax(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sched waiter.Schedule
		want  []time.Duration
	}{
		{"doubling", waiter.Schedule{Min: time.Second, Max: 10 * time.Second, Factor: 2}, secs(1, 2, 4, 8, 10, 10, 10)},
		{"fixed", waiter.Schedule{Min: 3 * time.Second, Max: 3 * time.Second, Factor: 1}, secs(3, 3, 3, 3, 3, 3, 3)},
		{"default", waiter.DefaultSchedule(), secs(3, 3.15, 3.3075, 3.472875)},
		{"zero means default", waiter.Schedule{}, secs(3, 3.15, 3.3075, 3.472875)},
		{"huge factor does not overflow", waiter.Schedule{Min: time.Second, Max: time.Hour, Factor: math.MaxFloat64}, []time.Duration{time.Second, time.Hour, time.Hour, time.Hour, time.Hour, time.Hour, time.Hour}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			steps := make([]step, 0, len(tc.want)+1)
			for range tc.want {
				steps = append(steps, st("ReadyRunning"))
			}
			refresh, _ := script(t, clk, append(steps, st("Running"))...)
			cfg := baseConfig(clk, refresh)
			cfg.Schedule = tc.sched
			cfg.Timeout = 24 * time.Hour

			if _, err := waiter.Wait(t.Context(), cfg); err != nil {
				t.Fatalf("Wait: %v", err)
			}
			if !slices.Equal(clk.sleeps, tc.want) {
				t.Errorf("sleeps %v, want %v", clk.sleeps, tc.want)
			}
		})
	}
}

// The default reads a job that reports nothing every few seconds through
// its first minute (DTS's short transitions), then settles at the official
// provider's 10 s; a prediction may look further, but not beyond minutes.
func TestDefaultScheduleSuitsTheCloud(t *testing.T) {
	s := waiter.DefaultSchedule()
	if s.Min < 2*time.Second || s.Min > 5*time.Second || s.Max < 10*time.Second || s.Max > 15*time.Second ||
		s.Factor <= 1 || s.Factor > 1.2 || s.Horizon < time.Minute || s.Horizon > 5*time.Minute {
		t.Fatalf("DefaultSchedule() = %+v, want a first interval of 2-5 s growing slowly to 10-15 s, a horizon of minutes", s)
	}
	var at time.Duration
	for d := s.Min; at < 5*time.Minute; d = min(time.Duration(float64(d)*s.Factor), s.Max) {
		if at < time.Minute && d > 6*time.Second {
			t.Fatalf("a %s interval %s into a wait", d, at)
		}
		at += d
		if d == s.Max {
			return
		}
	}
	t.Fatalf("the interval does not reach %s within 5 minutes", s.Max)
}

func TestWaitNotFoundTolerance(t *testing.T) {
	notFoundErr := &apiError{Code: "ResourceNotFound", RequestID: "req-1"}
	for _, tc := range []struct {
		name string
		gone step
	}{
		{"nil result", notFound()},
		{"not-found error", step{err: fmt.Errorf("DescribeSyncJobs: %w", notFoundErr)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 3
			t.Run("n tolerated", func(t *testing.T) {
				clk := newClock()
				refresh, at := script(t, clk, tc.gone, tc.gone, tc.gone, st("Running"))
				cfg := baseConfig(clk, refresh)
				cfg.NotFoundTolerance = n
				cfg.IsNotFound = isNotFound

				got, err := waiter.Wait(t.Context(), cfg)
				if err != nil {
					t.Fatalf("Wait: %v", err)
				}
				if got.Status != "Running" || len(*at) != n+1 {
					t.Errorf("status %q after %d reads, want Running after %d", got.Status, len(*at), n+1)
				}
			})
			t.Run("n+1 fails", func(t *testing.T) {
				clk := newClock()
				refresh, at := script(t, clk, tc.gone, tc.gone, tc.gone, tc.gone)
				cfg := baseConfig(clk, refresh)
				cfg.NotFoundTolerance = n
				cfg.IsNotFound = isNotFound

				got, err := waiter.Wait(t.Context(), cfg)
				var ne *waiter.NotFoundError
				if !errors.As(err, &ne) {
					t.Fatalf("error = %v (%T), want *NotFoundError", err, err)
				}
				if ne.Reads != n+1 || len(*at) != n+1 || got != nil {
					t.Errorf("Reads = %d after %d reads, result %+v; want %d reads and no result", ne.Reads, len(*at), got, n+1)
				}
				var ae *apiError
				if tc.gone.err != nil && (!errors.As(err, &ae) || ae.RequestID != "req-1") {
					t.Errorf("errors.As does not reach the API error through %v", err)
				}
				if tc.gone.err == nil && ne.Err != nil {
					t.Errorf("Err = %v, want nil for (nil, nil) reads", ne.Err)
				}
			})
		})
	}
}

func TestWaitNotFoundCountIsConsecutive(t *testing.T) {
	clk := newClock()
	refresh, _ := script(t, clk, notFound(), notFound(), st("CheckPass"), notFound(), notFound(), st("Running"))
	cfg := baseConfig(clk, refresh)
	cfg.NotFoundTolerance = 2

	if _, err := waiter.Wait(t.Context(), cfg); err != nil {
		t.Fatalf("Wait: %v (a found read must reset the not-found count)", err)
	}
}

func TestWaitZeroToleranceFailsOnFirstNotFound(t *testing.T) {
	clk := newClock()
	refresh, _ := script(t, clk, st("CheckPass"), notFound())

	got, err := waiter.Wait(t.Context(), baseConfig(clk, refresh))
	var ne *waiter.NotFoundError
	if !errors.As(err, &ne) || ne.Reads != 1 {
		t.Fatalf("error = %v, want *NotFoundError after 1 read", err)
	}
	if got == nil || got.Status != "CheckPass" {
		t.Errorf("result = %+v, want the last found read", got)
	}
}

func TestWaitTimeoutWhileNotFound(t *testing.T) {
	clk := newClock()
	cfg := baseConfig(clk, func(context.Context) (*waiter.Result, error) { return nil, nil })
	cfg.NotFoundTolerance = 1000
	cfg.Timeout = 30 * time.Second

	_, err := waiter.Wait(t.Context(), cfg)
	var te *waiter.TimeoutError
	if !errors.As(err, &te) || !te.LastNotFound || te.LastStatus != "" {
		t.Fatalf("error = %#v, want *TimeoutError with LastNotFound", err)
	}
	if !strings.Contains(err.Error(), "not found") {
		t.Errorf("Error() = %q, want it to say the job was not found", err)
	}
}

func TestWaitTargetGone(t *testing.T) {
	for _, tc := range []struct {
		name string
		gone step
	}{
		{"nil result", notFound()},
		{"not-found error", step{err: &apiError{Code: "ResourceNotFound"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			refresh, at := script(t, clk, st("Isolating"), st("Offlining"), tc.gone)
			cfg := waiter.Config{
				Operation:  `sync job "sync-abc" to be destroyed`,
				Pending:    []string{"Isolating", "Offlining"},
				Failure:    []string{"Failed"},
				TargetGone: true,
				Refresh:    refresh,
				IsNotFound: isNotFound,
				Timeout:    time.Hour,
				Clock:      clk,
			}

			got, err := waiter.Wait(t.Context(), cfg)
			if err != nil {
				t.Fatalf("Wait: %v", err)
			}
			if !got.NotFound || got.Status != "" || got.Object != nil || len(*at) != 3 {
				t.Errorf("result %+v after %d reads, want NotFound after 3", got, len(*at))
			}
		})
	}
}

func TestWaitTargetGoneWithTargetStatus(t *testing.T) {
	clk := newClock()
	refresh, _ := script(t, clk, st("Offlining"), st("Offlined"))
	cfg := waiter.Config{
		Operation:  "job to be released",
		Pending:    []string{"Offlining"},
		Target:     []string{"Offlined"},
		TargetGone: true,
		Refresh:    refresh,
		Timeout:    time.Hour,
		Clock:      clk,
	}
	got, err := waiter.Wait(t.Context(), cfg)
	if err != nil || got.NotFound || got.Status != "Offlined" {
		t.Fatalf("Wait = %+v, %v; want the Offlined read", got, err)
	}
}

func TestWaitRefreshErrorPassthrough(t *testing.T) {
	clk := newClock()
	cause := &apiError{Code: "AuthFailure.SignatureFailure", RequestID: "req-9"}
	refresh, at := script(t, clk, st("CheckPass"), step{err: fmt.Errorf("DescribeSyncJobs: %w", cause)})
	cfg := baseConfig(clk, refresh)
	cfg.IsNotFound = isNotFound
	cfg.NotFoundTolerance = 5

	got, err := waiter.Wait(t.Context(), cfg)
	var ae *apiError
	if !errors.As(err, &ae) || ae != cause {
		t.Fatalf("error = %v, want errors.As to reach the original *apiError", err)
	}
	if !strings.Contains(err.Error(), `sync job "sync-abc" to reach Running`) || !strings.Contains(err.Error(), "AuthFailure.SignatureFailure") {
		t.Errorf("Error() = %q, want the operation and the cause", err)
	}
	if len(*at) != 2 || len(clk.sleeps) != 1 {
		t.Errorf("%d reads and %d sleeps, want the error returned at once on the 2nd read", len(*at), len(clk.sleeps))
	}
	if got == nil || got.Status != "CheckPass" {
		t.Errorf("result = %+v, want the last successful read", got)
	}
	for _, target := range []any{new(*waiter.NotFoundError), new(*waiter.TimeoutError), new(*waiter.InterruptedError)} {
		if errors.As(err, target) {
			t.Errorf("a refresh error must not become %T", target)
		}
	}
}

func TestWaitContextCancel(t *testing.T) {
	t.Run("during sleep", func(t *testing.T) {
		clk := newClock()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		reads := 0
		cfg := baseConfig(clk, func(context.Context) (*waiter.Result, error) {
			reads++
			if reads == 3 {
				cancel() // Ctrl-C while the job is still starting
			}
			return &waiter.Result{Status: "ReadyRunning", Percent: -1}, nil
		})

		got, err := waiter.Wait(ctx, cfg)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want errors.Is(context.Canceled)", err)
		}
		var ie *waiter.InterruptedError
		if !errors.As(err, &ie) || ie.LastStatus != "ReadyRunning" || ie.Operation != cfg.Operation {
			t.Fatalf("error = %#v, want *InterruptedError with the last status", err)
		}
		if reads != 3 || got == nil || got.Status != "ReadyRunning" {
			t.Errorf("%d reads, result %+v; want 3 reads and the last result", reads, got)
		}
	})
	t.Run("refresh fails with the context error", func(t *testing.T) {
		clk := newClock()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		reads := 0
		cfg := baseConfig(clk, func(ctx context.Context) (*waiter.Result, error) {
			reads++
			if reads == 2 {
				cancel()
				return nil, fmt.Errorf("DescribeSyncJobs: %w", ctx.Err())
			}
			return &waiter.Result{Status: "CheckPass", Percent: -1}, nil
		})

		_, err := waiter.Wait(ctx, cfg)
		var ie *waiter.InterruptedError
		if !errors.Is(err, context.Canceled) || !errors.As(err, &ie) || ie.LastStatus != "CheckPass" {
			t.Fatalf("error = %#v, want *InterruptedError wrapping context.Canceled with last status CheckPass", err)
		}
	})
	t.Run("already canceled", func(t *testing.T) {
		clk := newClock()
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		refresh, at := script(t, clk)

		got, err := waiter.Wait(ctx, baseConfig(clk, refresh))
		var ie *waiter.InterruptedError
		if !errors.Is(err, context.Canceled) || !errors.As(err, &ie) || ie.LastStatus != "" || got != nil || len(*at) != 0 {
			t.Fatalf("Wait = %+v, %v after %d reads; want an *InterruptedError and no read", got, err, len(*at))
		}
	})
	t.Run("context deadline with the real clock", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Millisecond)
		defer cancel()
		reads := 0
		cfg := baseConfig(nil, always("ReadyRunning", &reads))
		cfg.Schedule = waiter.Schedule{Min: time.Hour, Max: time.Hour, Factor: 1}

		began := time.Now()
		_, err := waiter.Wait(ctx, cfg)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %v, want errors.Is(context.DeadlineExceeded)", err)
		}
		if el := time.Since(began); el > 5*time.Second {
			t.Errorf("Wait took %v to notice the canceled context", el)
		}
		if reads != 1 {
			t.Errorf("%d reads, want 1", reads)
		}
	})
}

func TestWaitNilClockIsReal(t *testing.T) {
	reads := 0
	cfg := baseConfig(nil, func(context.Context) (*waiter.Result, error) {
		reads++
		if reads < 3 {
			return &waiter.Result{Status: "ReadyRunning", Percent: -1}, nil
		}
		return &waiter.Result{Status: "Running", Percent: -1}, nil
	})
	cfg.Schedule = waiter.Schedule{Min: time.Millisecond, Max: 2 * time.Millisecond, Factor: 2}

	began := time.Now()
	if _, err := waiter.Wait(t.Context(), cfg); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if el := time.Since(began); el < 3*time.Millisecond {
		t.Errorf("Wait returned after %v, want the real sleeps of 1ms + 2ms", el)
	}
}

func TestWaitInvalidConfig(t *testing.T) {
	valid := func() waiter.Config {
		return waiter.Config{
			Operation: "op",
			Pending:   []string{"a"},
			Target:    []string{"b"},
			Failure:   []string{"c"},
			Timeout:   time.Minute,
			Clock:     clock.NewFake(start),
		}
	}
	for _, tc := range []struct {
		name   string
		modify func(*waiter.Config)
		want   string
	}{
		{"zero timeout", func(c *waiter.Config) { c.Timeout = 0 }, "Timeout must be > 0"},
		{"negative timeout", func(c *waiter.Config) { c.Timeout = -time.Second }, "Timeout must be > 0"},
		{"no operation", func(c *waiter.Config) { c.Operation = "" }, "Operation is required"},
		{"no refresh", func(c *waiter.Config) { c.Refresh = nil }, "Refresh is required"},
		{"no target", func(c *waiter.Config) { c.Target = nil }, "nothing to wait for"},
		{"pending and target overlap", func(c *waiter.Config) { c.Pending = []string{"a", "b"} }, `"b" is in both Pending and Target`},
		{"target and failure overlap", func(c *waiter.Config) { c.Failure = []string{"b"} }, `"b" is in both Target and Failure`},
		{"pending and failure overlap", func(c *waiter.Config) { c.Failure = []string{"a"} }, `"a" is in both Pending and Failure`},
		{"negative tolerance", func(c *waiter.Config) { c.NotFoundTolerance = -1 }, "NotFoundTolerance"},
		{"min zero", func(c *waiter.Config) { c.Schedule = waiter.Schedule{Max: time.Second, Factor: 2} }, "Schedule.Min"},
		{"max below min", func(c *waiter.Config) {
			c.Schedule = waiter.Schedule{Min: 2 * time.Second, Max: time.Second, Factor: 2}
		}, "Schedule.Max"},
		{"factor below one", func(c *waiter.Config) { c.Schedule = waiter.Schedule{Min: time.Second, Max: time.Second, Factor: 0.5} }, "Schedule.Factor"},
		{"factor NaN", func(c *waiter.Config) {
			c.Schedule = waiter.Schedule{Min: time.Second, Max: time.Second, Factor: math.NaN()}
		}, "Schedule.Factor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := valid()
			reads := 0
			cfg.Refresh = always("b", &reads)
			tc.modify(&cfg)

			got, err := waiter.Wait(t.Context(), cfg)
			if !errors.Is(err, waiter.ErrInvalidConfig) {
				t.Fatalf("error = %v, want ErrInvalidConfig", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Error() = %q, want it to contain %q", err, tc.want)
			}
			if got != nil || reads != 0 {
				t.Errorf("result %+v after %d reads, want no read at all", got, reads)
			}
		})
	}
	t.Run("the valid base config works", func(t *testing.T) {
		cfg := valid()
		reads := 0
		cfg.Refresh = always("b", &reads)
		if _, err := waiter.Wait(t.Context(), cfg); err != nil || reads != 1 {
			t.Fatalf("Wait: %v after %d reads", err, reads)
		}
	})
	t.Run("gone only", func(t *testing.T) {
		cfg := valid()
		cfg.Target = nil
		cfg.TargetGone = true
		cfg.Refresh = func(context.Context) (*waiter.Result, error) { return nil, nil }
		if got, err := waiter.Wait(t.Context(), cfg); err != nil || !got.NotFound {
			t.Fatalf("Wait = %+v, %v; TargetGone without Target statuses is valid", got, err)
		}
	})
}

func TestWaitLogsAndReportsChanges(t *testing.T) {
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &logs)
	clk := newClock()
	r := func(status, name string, pct int64) step {
		return step{res: &waiter.Result{Status: status, Step: name, Percent: pct}}
	}
	refresh, _ := script(t, clk,
		r("Checking", "", -1),
		r("Checking", "", -1), // no change
		r("ReadyRunning", "", -1),
		r("ReadyRunning", "Structure", 10),
		r("ReadyRunning", "Structure", 10), // no change
		r("ReadyRunning", "Full", 40),
		r("ReadyRunning", "Full", 70), // percent only
		r("Running", "Full", 70),
	)
	cfg := baseConfig(clk, refresh)
	cfg.Pending = []string{"Checking", "ReadyRunning"}
	var seen []waiter.Result
	cfg.OnProgress = func(res waiter.Result) { seen = append(seen, res) }

	if _, err := waiter.Wait(ctx, cfg); err != nil {
		t.Fatalf("Wait: %v", err)
	}

	want := []waiter.Result{
		{Status: "Checking", Percent: -1},
		{Status: "ReadyRunning", Percent: -1},
		{Status: "ReadyRunning", Step: "Structure", Percent: 10},
		{Status: "ReadyRunning", Step: "Full", Percent: 40},
		{Status: "ReadyRunning", Step: "Full", Percent: 70},
		{Status: "Running", Step: "Full", Percent: 70},
	}
	if !slices.Equal(seen, want) {
		t.Errorf("OnProgress saw %+v, want %+v", seen, want)
	}

	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil {
		t.Fatalf("decoding logs: %v", err)
	}
	type entry struct {
		msg, status, prev, step string
		pct                     any
	}
	var got []entry
	for _, e := range entries {
		if e["@level"] != "info" {
			continue
		}
		if e["wait_operation"] != cfg.Operation {
			t.Errorf("log entry %v lacks wait_operation", e)
		}
		s := func(k string) string { v, _ := e[k].(string); return v }
		got = append(got, entry{s("@message"), s("wait_status"), s("wait_previous_status"), s("wait_step"), e["wait_percent"]})
	}
	wantLogs := []entry{
		{"DTS job status", "Checking", "", "", nil},
		{"DTS job status changed", "ReadyRunning", "Checking", "", nil},
		{"DTS job progress", "ReadyRunning", "", "Structure", float64(10)},
		{"DTS job progress", "ReadyRunning", "", "Full", float64(40)},
		{"DTS job progress", "ReadyRunning", "", "Full", float64(70)},
		{"DTS job status changed", "Running", "ReadyRunning", "Full", float64(70)},
	}
	if !slices.Equal(got, wantLogs) {
		t.Errorf("info logs:\n got %+v\nwant %+v", got, wantLogs)
	}
}

func BenchmarkWait(b *testing.B) {
	ctx := b.Context()
	for b.Loop() {
		clk := clock.NewFake(start)
		reads := 0
		_, err := waiter.Wait(ctx, waiter.Config{
			Operation: "benchmark job to reach Running",
			Pending:   []string{"Checking", "CheckPass", "ReadyRunning"},
			Target:    []string{"Running"},
			Failure:   []string{"Failed"},
			Refresh: func(context.Context) (*waiter.Result, error) {
				reads++
				if reads <= 20 {
					return &waiter.Result{Status: "ReadyRunning", Step: "Full", Percent: int64(reads * 5)}, nil
				}
				return &waiter.Result{Status: "Running", Percent: 100}, nil
			},
			Timeout: time.Hour,
			Clock:   clk,
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// With PendingOthers a status the caller cannot enumerate is waited through.
func TestPendingOthers(t *testing.T) {
	statuses := []string{"Normal2Modifying", "SomethingNew", "Normal"}
	i := 0
	cfg := waiter.Config{
		Operation: "objects to change", Target: []string{"Normal"}, PendingOthers: true, Timeout: time.Hour,
		Clock: clock.NewFake(time.Unix(0, 0)), Schedule: waiter.Schedule{Min: time.Second, Max: time.Second, Factor: 1},
		Refresh: func(context.Context) (*waiter.Result, error) {
			r := &waiter.Result{Status: statuses[i], Percent: -1}
			i++
			return r, nil
		},
	}
	if res, err := waiter.Wait(context.Background(), cfg); err != nil || res.Status != "Normal" {
		t.Fatalf("got %v, %v", res, err)
	}
	cfg.PendingOthers, i = false, 0
	var unexpected *waiter.UnexpectedStatusError
	if _, err := waiter.Wait(context.Background(), cfg); !errors.As(err, &unexpected) {
		t.Fatalf("without PendingOthers: %v", err)
	}
}
