package emulator

import (
	"maps"
	"math"
	"testing"
	"time"
)

// tick is the resolution at which these tests look for a transition.
const tick = 100 * time.Millisecond

// untilStatus advances the job clock a tick at a time until job id of kind
// is in status, and returns how long that took; it fails after limit.
func untilStatus(t *testing.T, h *harness, id, status string, limit time.Duration) time.Duration {
	t.Helper()
	for d := time.Duration(0); d <= limit; d += tick {
		if summaryOf(t, h, id).Status == status {
			return d
		}
		h.emu.Advance(tick)
	}
	t.Fatalf("job %s not %s after %s (it is %s)", id, status, limit, summaryOf(t, h, id).Status)
	return 0
}

func summaryOf(t *testing.T, h *harness, id string) JobSummary {
	t.Helper()
	for _, s := range h.emu.Jobs(testRegion) {
		if s.JobID == id {
			return s
		}
	}
	t.Fatalf("no job %s", id)
	return JobSummary{}
}

// purchaseTimes buys n migration jobs and returns how long each took to be
// created, by ID.
func purchaseTimes(t *testing.T, opts Options, n int) map[string]time.Duration {
	t.Helper()
	h := newHarness(t, opts)
	out := map[string]time.Duration{}
	pending := h.create(map[string]any{"Count": n})
	for d := time.Duration(0); len(pending) > 0 && d <= 2*durCreating; d += tick {
		var left []string
		for _, id := range pending {
			if summaryOf(t, h, id).Status == stCreated {
				out[id] = d
			} else {
				left = append(left, id)
			}
		}
		pending = left
		h.emu.Advance(tick)
	}
	if len(pending) > 0 {
		t.Fatalf("jobs %v never created", pending)
	}
	return out
}

// Each job takes its own time, within the spread, the same on every replay
// with the same seed and another with another seed.
func TestJitterVariesEachJobWithinItsSpread(t *testing.T) {
	opts := Options{Mode: ModeManual, Jitter: 0.2, Seed: 7}
	times := purchaseTimes(t, opts, 10)
	distinct := map[time.Duration]bool{}
	for id, d := range times {
		if d < durCreating*8/10 || d > durCreating*12/10+tick {
			t.Errorf("job %s created after %s, outside 10 s ± 20 %%", id, d)
		}
		distinct[d] = true
	}
	if len(distinct) < 5 {
		t.Errorf("10 jobs took only %d distinct times: %v", len(distinct), times)
	}
	if again := purchaseTimes(t, opts, 10); !maps.Equal(again, times) {
		t.Errorf("a replay with the same seed differs:\n%v\n%v", times, again)
	}
	opts.Seed = 8
	if other := purchaseTimes(t, opts, 10); maps.Equal(other, times) {
		t.Error("another seed gives the same IDs and times")
	}
	opts.Seed, opts.Jitter = 7, -1
	for id, d := range purchaseTimes(t, opts, 3) {
		if d != durCreating {
			t.Errorf("without jitter job %s took %s", id, d)
		}
	}
}

// Realtime mode varies durations by default; the deterministic modes do
// not unless asked; the option is validated.
func TestJitterDefaults(t *testing.T) {
	for _, tc := range []struct {
		mode   Mode
		jitter float64
		want   float64
	}{
		{ModeRealtime, 0, DefaultJitter}, {ModeRealtime, -1, 0}, {ModeRealtime, 0.5, 0.5},
		{ModeStep, 0, 0}, {ModeManual, 0, 0}, {ModeManual, 0.1, 0.1},
	} {
		h := newHarness(t, Options{Mode: tc.mode, Jitter: tc.jitter})
		id := h.create(nil)[0]
		var got float64
		h.mutate(id, func(j *migrationJob) {
			if j.Pace != nil {
				got = j.Pace.Spread
			}
		})
		if got != tc.want {
			t.Errorf("%s mode, Jitter %v: spread %v, want %v", tc.mode, tc.jitter, got, tc.want)
		}
	}
	for _, bad := range []float64{1, math.NaN(), math.Inf(1)} {
		if _, err := New(Options{Jitter: bad}); err == nil {
			t.Errorf("Jitter %v accepted", bad)
		}
	}
}

// A check's steps take different times that add up to the check's
// duration, within the spread of its nominal 65 s.
func TestJitterStepsHaveDifferentLengths(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeManual, Jitter: 0.2})
	id := h.create(nil)[0]
	untilStatus(t, h, id, stCreated, 2*durCreating)
	h.configure(id, "full")
	h.mustJobOp("CreateMigrateCheckJob", id)
	total := untilStatus(t, h, id, stCheckPass, 2*time.Minute)
	nominal := time.Duration(len(checkSteps)) * durCheckStep
	if total < nominal*8/10 || total > nominal*12/10+tick {
		t.Fatalf("the check took %s, outside %s ± 20 %%", total, nominal)
	}
	var lengths []time.Duration
	h.mutate(id, func(j *migrationJob) {
		for _, r := range j.Progress[stChecking].Steps {
			lengths = append(lengths, r.Finish.Sub(r.Start))
		}
	})
	shortest, longest := slicesMinMax(lengths)
	if longest < 2*shortest {
		t.Errorf("check steps of %v: the longest is not twice the shortest", lengths)
	}
}

func slicesMinMax(ds []time.Duration) (lo, hi time.Duration) {
	lo, hi = ds[0], ds[0]
	for _, d := range ds {
		lo, hi = min(lo, d), max(hi, d)
	}
	return lo, hi
}

// A step's percentage grows piecewise linearly, at different speeds, never
// backwards, and the status ends when the last step reaches 100 %.
func TestJitterProgressIsNotLinear(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeManual, Jitter: 0.2})
	id := h.create(nil)[0]
	untilStatus(t, h, id, stCreated, 2*durCreating)
	h.configure(id, "full")
	h.mustJobOp("CreateMigrateCheckJob", id)
	untilStatus(t, h, id, stCheckPass, 2*time.Minute)
	h.mustJobOp("StartMigrateJob", id)
	untilStatus(t, h, id, stRunning, time.Minute)
	var gains []int
	last, elapsed := 0, time.Duration(0)
	for ; ; elapsed += 5 * time.Second {
		d := h.detail(id)
		if *d.Status != stRunning {
			break
		}
		p := int(*d.StepInfo.StepInfo[0].Percent)
		if *d.StepInfo.StepNow == 2 {
			p = 100 + int(*d.StepInfo.StepInfo[1].Percent)
		}
		if p < last {
			t.Fatalf("progress went back from %d to %d", last, p)
		}
		gains = append(gains, p-last)
		last = p
		h.emu.Advance(5 * time.Second)
	}
	full := durDumper + durLoader
	if elapsed < full*8/10-5*time.Second || elapsed > full*12/10+5*time.Second {
		t.Errorf("the full load took about %s, outside %s ± 20 %%", elapsed, full)
	}
	lo, hi := 100, 0
	for _, g := range gains[1 : len(gains)-1] {
		lo, hi = min(lo, g), max(hi, g)
	}
	if hi-lo < 3 {
		t.Errorf("every 5 s the full load gained %d–%d points: linear (%v)", lo, hi, gains)
	}
}

// The modify-check's rendered progress (the OptObjStatus machine has no
// steps) agrees with its jittered duration: below 100 % while it runs, and
// passed once it reads 100 %.
func TestJitterModifyCheckProgressMatchesItsEnd(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeManual, Jitter: 0.2})
	id := runningSyncJittered(t, h)
	h.mustCall("ModifySyncJobConfig", modifyRequest(id))
	h.mustJobOp("CreateModifyCheckSyncJob", id)
	const step = 500 * time.Millisecond
	var elapsed time.Duration
	for ; elapsed < 2*time.Minute; elapsed += step {
		var r struct {
			Status   string
			Progress uint64
		}
		h.mustDTS("DescribeModifyCheckSyncJobResult", map[string]any{"JobId": id}, &r)
		if _, _, opt := h.syncStatus(id); opt != optChecking {
			if r.Status != "success" || r.Progress != 100 {
				t.Fatalf("after the modify-check: %+v", r)
			}
			break
		}
		if r.Status != "running" || r.Progress >= 100 {
			t.Fatalf("while checking, at %s: %+v", elapsed, r)
		}
		h.emu.Advance(step)
	}
	if nominal := durModifyCheck(); elapsed < nominal*8/10 || elapsed > nominal*12/10+step {
		t.Errorf("the modify-check took %s, outside %s ± 20 %%", elapsed, nominal)
	}
}

// runningSyncJittered is runningSync for a jittered emulator.
func runningSyncJittered(t *testing.T, h *harness) string {
	t.Helper()
	id := configuredSync(t, h, nil)
	h.mustJobOp("CreateCheckSyncJob", id)
	for s, _, _ := h.syncStatus(id); s != syCheckPass; s, _, _ = h.syncStatus(id) {
		h.emu.Advance(time.Second)
	}
	h.mustJobOp("StartSyncJob", id)
	h.emu.Advance(10 * time.Minute)
	wantSync(t, h, id, syRunning, "")
	return id
}

// span and after are inverse: the work done after the time some work takes
// is that work.
func TestStepPaceIsConsistent(t *testing.T) {
	p := newPace(3, "dts-abcdefgh", 0.2)
	steps := []stepDef{{Duration: 2 * time.Minute}, {Duration: 5 * time.Second}, {Endless: true}}
	paces := p.paces(fieldStatus, stRunning, steps, 0.5)
	var sum time.Duration
	for k, s := range paces[:2] {
		full := s.span(0)
		sum += full
		if got := s.after(0, full); (got - steps[k].Duration).Abs() > time.Microsecond {
			t.Errorf("step %d: after its whole span %s, %s of %s done", k, full, got, steps[k].Duration)
		}
		for _, w := range []time.Duration{steps[k].Duration / 7, steps[k].Duration / 2, steps[k].Duration * 9 / 10} {
			if got := s.after(0, full-s.span(w)); (got - w).Abs() > time.Microsecond {
				t.Errorf("step %d: the time to %s of work does %s", k, w, got)
			}
		}
	}
	want := time.Duration(float64(steps[0].Duration+steps[1].Duration) * 0.5 * p.factor(fieldStatus, stRunning))
	if (sum - want).Abs() > time.Microsecond {
		t.Errorf("the steps take %s, want the status's %s", sum, want)
	}
	if got := paces[2].after(time.Second, time.Second); got != 3*time.Second {
		t.Errorf("the endless step's work runs at the time scale: %s", got)
	}
}
