package bench_test

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// The polling benchmark: for each of a fixed set of seeds, a migration job
// and a sync job go through their lifecycles against an emulator at its
// realistic durations (TimeScale 1, the default ±20 % jitter of realtime
// mode) on a fake job clock shared with the provider's waits, so nothing
// sleeps. Each wait is the kit's (jobkit.Job.Wait over the kind's real
// view, with the production waiter.DefaultSchedule), made as the provider
// makes it. Each records its timeline: the call that started the
// transition, the moment the emulator made it (JobSummary.StatusSince),
// the read that saw it, and the Describe calls in between (the journal).
// The anchor — the official provider's schedule, reads 1, 4 and 10 s after
// the call, then every 10 s — is replayed on the same timelines.

var firstSeed = flag.Int64("polling.seed", 1, "the first of the polling benchmark's seeds")

// seeds is how many seeds the benchmark replays.
const seeds = 20

// region is where the jobs are bought.
const region = "ap-guangzhou"

// anchorReads are the first reads of the official provider after a call;
// then every anchorEvery.
var (
	anchorReads = []time.Duration{time.Second, 4 * time.Second, 10 * time.Second}
	anchorEvery = 10 * time.Second
)

// record is the timeline of one wait.
type record struct {
	kind   string // "migration check"
	signal bool   // DTS reports progress while it works
	start  time.Time
	end    time.Time // the transition
	seen   time.Time // the read that saw it
	polls  int
}

func (r record) wait() time.Duration { return r.end.Sub(r.start) }
func (r record) lag() time.Duration  { return r.seen.Sub(r.end) }

// anchor replays the anchor's schedule on r's timeline: the lag of its
// first read at or after the transition, and how many reads it made.
func (r record) anchor() (time.Duration, int) {
	at, n := time.Duration(0), 0
	for at < r.wait() {
		if n < len(anchorReads) {
			at = anchorReads[n]
		} else {
			at += anchorEvery
		}
		n++
	}
	return at - r.wait(), n
}

// lab is one seed's emulator and the kit's environment on its clock.
type lab struct {
	tb    testing.TB
	ctx   context.Context
	clock *clock.Fake
	emu   *emulator.Emulator
	env   *jobkit.Env
	recs  []record
}

func newLab(tb testing.TB, seed int64) *lab {
	tb.Helper()
	fake := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	emu, err := emulator.New(emulator.Options{
		Credentials: map[string]string{acctest.SecretID: acctest.SecretKey},
		Mode:        emulator.ModeRealtime, JobClock: fake, Seed: seed, RateLimit: -1,
	})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	tb.Cleanup(srv.Close)
	c, err := client.New(client.Config{
		Endpoint: srv.URL, Credential: common.NewCredential(acctest.SecretID, acctest.SecretKey),
		Transport: acctest.LoopbackTransport(), Clock: fake, RateLimit: 10000, Seed: seed,
		Retry: client.RetryPolicy{MaxAttempts: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond},
	})
	if err != nil {
		tb.Fatal(err)
	}
	env := &jobkit.Env{Client: c, Region: region, Clock: fake, Poll: waiter.DefaultSchedule()}
	return &lab{tb: tb, ctx: context.Background(), clock: fake, emu: emu, env: env}
}

// measure runs one wait: run makes the call that starts the transition (if
// any) and the wait, and returns the job's ID. polled is the Describe
// action the wait reads.
func (l *lab) measure(kind string, signal bool, polled string, run func() (string, error)) {
	l.tb.Helper()
	before, start := len(l.emu.Journal()), l.clock.Now()
	id, err := run()
	if err != nil {
		l.tb.Fatalf("%s: %v", kind, err)
	}
	r := record{kind: kind, signal: signal, start: start, seen: l.clock.Now()}
	for _, e := range l.emu.Journal()[before:] {
		if e.Action == polled {
			r.polls++
		}
	}
	for _, s := range l.emu.Jobs(region) {
		if s.JobID == id {
			r.end = s.StatusSince
		}
	}
	if r.end.IsZero() || r.end.Before(start) || r.seen.Before(r.end) {
		l.tb.Fatalf("%s: job %s, timeline %s → %s seen %s", kind, id, start, r.end, r.seen)
	}
	l.recs = append(l.recs, r)
}

// BenchmarkPolling replays the seeds and reports, per wait kind and in
// total, the lag and the reads of the provider and of the anchor.
func BenchmarkPolling(b *testing.B) {
	var recs []record
	for b.Loop() {
		recs = recs[:0]
		for s := range int64(seeds) {
			l := newLab(b, *firstSeed+s)
			migrationLifecycle(l)
			syncLifecycle(l)
			recs = append(recs, l.recs...)
		}
	}
	rep := summarize(recs)
	rep.print(os.Stdout, *firstSeed)
	rep.metrics(b)
	for _, miss := range rep.misses() {
		b.Error("target missed: " + miss)
	}
}

func ptr[T any](v T) *T { return &v }

// secs is a duration in seconds, for the report.
func secs(d time.Duration) string { return fmt.Sprintf("%.1f", d.Seconds()) }
