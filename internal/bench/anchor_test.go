package bench_test

import (
	"testing"
	"time"
)

// The anchor's replay gives the figures of issue 11 for the round
// durations it measured (purchase 10 s, check 65 s, start 30 s, stop 20 s):
// 5 s of lag in all, 21 reads.
func TestAnchorReplay(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var lag time.Duration
	reads := 0
	for _, tc := range []struct {
		wait, lag time.Duration
		reads     int
	}{
		{10 * time.Second, 0, 3}, {65 * time.Second, 5 * time.Second, 9}, {30 * time.Second, 0, 5}, {20 * time.Second, 0, 4},
	} {
		l, n := record{start: t0, end: t0.Add(tc.wait)}.anchor()
		if l != tc.lag || n != tc.reads {
			t.Errorf("a %s wait: lag %s, %d reads; want %s, %d", tc.wait, l, n, tc.lag, tc.reads)
		}
		lag += l
		reads += n
	}
	if lag != 5*time.Second || reads != 21 {
		t.Errorf("in all: lag %s, %d reads; the issue measured 5 s and 21", lag, reads)
	}
	for _, tc := range []struct {
		wait, lag time.Duration
		reads     int
	}{{500 * time.Millisecond, 500 * time.Millisecond, 1}, {10100 * time.Millisecond, 9900 * time.Millisecond, 4}} {
		if l, n := (record{start: t0, end: t0.Add(tc.wait)}).anchor(); l != tc.lag || n != tc.reads {
			t.Errorf("a %s wait: lag %s, %d reads; want %s, %d", tc.wait, l, n, tc.lag, tc.reads)
		}
	}
}
