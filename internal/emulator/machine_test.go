package emulator

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func TestStepModeOneReadOneStep(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	id := h.create(nil)[0]
	// A read answers the job as it is, then moves it one step.
	if st, _ := h.status(id); st != stCreating {
		t.Fatalf("first read: %s, want creating", st)
	}
	if st, _ := h.status(id); st != stCreated {
		t.Fatalf("second read: %s, want created", st)
	}
	if st, _ := h.status(id); st != stCreated {
		t.Fatalf("third read: %s, want created (stable)", st)
	}
}

func TestStepModeListReadsStepEachListedJob(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	ids := h.create(map[string]any{"Count": 3})
	var resp dtsapi.DescribeMigrationJobsResponse
	h.mustDTS("DescribeMigrationJobs", map[string]any{"Limit": 2, "OrderSeq": "asc"}, &resp)
	for _, j := range resp.JobList {
		if *j.Status != stCreating {
			t.Fatalf("listed %s as %s, want creating", *j.JobId, *j.Status)
		}
	}
	// The two listed jobs moved; the third (not on the page) did not.
	want := map[string]string{ids[0]: stCreated, ids[1]: stCreated, ids[2]: stCreating}
	for _, j := range h.emu.Jobs(testRegion) {
		if j.Status != want[j.JobID] {
			t.Errorf("%s is %s, want %s", j.JobID, j.Status, want[j.JobID])
		}
	}
}

func TestManualModeMovesOnlyWithAdvance(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeManual})
	id := h.create(nil)[0]
	for range 3 {
		if st, _ := h.status(id); st != stCreating {
			t.Fatalf("read moved the job to %s in manual mode", st)
		}
	}
	start := h.emu.JobClock()
	h.emu.Advance(durCreating - time.Second)
	if st, _ := h.status(id); st != stCreating {
		t.Fatalf("after %s: %s, want creating", durCreating-time.Second, st)
	}
	h.emu.Advance(time.Second)
	d := h.detail(id)
	if *d.Status != stCreated {
		t.Fatalf("after %s: %s, want created", durCreating, *d.Status)
	}
	// The transition is stamped with the time it fired.
	if want := start.Add(durCreating).In(dtsapi.Beijing).Format(dtsapi.TimeLayout); *d.UpdateTime != want {
		t.Fatalf("UpdateTime = %s, want %s", *d.UpdateTime, want)
	}
}

func TestRealtimeModeScalesDurations(t *testing.T) {
	jobClock := clock.NewFake(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC))
	// Jitter off: the test names the exact scaled duration.
	h := newHarness(t, Options{Mode: ModeRealtime, JobClock: jobClock, TimeScale: 0.01, Jitter: -1})
	id := h.create(nil)[0]
	scaled := time.Duration(float64(durCreating) * 0.01) // 100 ms
	jobClock.Advance(scaled - time.Millisecond)
	if st, _ := h.status(id); st != stCreating {
		t.Fatalf("just before %s: %s, want creating", scaled, st)
	}
	jobClock.Advance(time.Millisecond)
	if st, _ := h.status(id); st != stCreated {
		t.Fatalf("after %s: %s, want created", scaled, st)
	}
	// Advance works in realtime mode too: it adds to the job clock.
	before := h.emu.JobClock()
	h.emu.Advance(time.Hour)
	if got := h.emu.JobClock().Sub(before); got != time.Hour {
		t.Fatalf("Advance moved the job clock by %s", got)
	}
}

// TestTimeScaleIsBounded: a time scale outside MinTimeScale–MaxTimeScale is
// refused (above ~15 250 the seven-day timer overflowed time.Duration).
func TestTimeScaleIsBounded(t *testing.T) {
	for _, scale := range []float64{-1, 1e-9, MaxTimeScale * 1.5, 20000, math.Inf(1), math.NaN()} {
		if _, err := New(Options{TimeScale: scale}); err == nil {
			t.Errorf("time scale %v accepted", scale)
		}
	}
	for _, scale := range []float64{0, MinTimeScale, 0.002, 1, MaxTimeScale} {
		if _, err := New(Options{TimeScale: scale}); err != nil {
			t.Errorf("time scale %v: %v", scale, err)
		}
	}
}

// TestLongDurationsSaturate: a duration beyond time.Duration at the time
// scale saturates instead of turning negative. A timed job whose start is
// centuries away, at the largest scale, keeps waiting.
func TestLongDurationsSaturate(t *testing.T) {
	if d := scaled(7*24*time.Hour, 1e6); d != math.MaxInt64 {
		t.Errorf("seven days × 10⁶ = %v", d)
	}
	if d := unscaled(200*365*24*time.Hour, 1e-3); d != math.MaxInt64 {
		t.Errorf("two centuries ÷ 10⁻³ = %v", d)
	}
	jobClock := clock.NewFake(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC))
	h := newHarness(t, Options{Mode: ModeRealtime, JobClock: jobClock, TimeScale: MaxTimeScale, Jitter: -1})
	id := h.create(nil)[0]
	jobClock.Advance(durCreating * MaxTimeScale)
	cfg := config(id, "full")
	cfg["RunMode"], cfg["ExpectRunTime"] = "timed", "2300-01-01 00:00:00"
	h.mustCall("ModifyMigrationJob", cfg)
	h.mustJobOp("CreateMigrateCheckJob", id)
	jobClock.Advance(time.Duration(len(checkSteps)) * durCheckStep * MaxTimeScale)
	h.mustJobOp("StartMigrateJob", id)
	jobClock.Advance(durReadyRun*MaxTimeScale + time.Hour)
	if d := h.detail(id); *d.Status != stReadyRun || *d.EndTime != dtsapi.ZeroTime {
		t.Fatalf("a job timed for 2300: %s, EndTime %s", *d.Status, *d.EndTime)
	}
}

func TestRealtimeDefaultsToWallClock(t *testing.T) {
	wall := fakeNow()
	h := newHarness(t, Options{Mode: ModeRealtime, WallClock: wall, Jitter: -1}) // nominal durations
	id := h.create(nil)[0]
	wall.Advance(durCreating)
	if st, _ := h.status(id); st != stCreated {
		t.Fatalf("after %s on the wall clock: %s, want created", durCreating, st)
	}
}

// allowed returns the AllowedAction of a job.
func (h *harness) allowed(id string) []string {
	h.t.Helper()
	var out []string
	for _, a := range h.detail(id).Action.AllowedAction {
		out = append(out, *a)
	}
	return out
}

func wantAllowed(t *testing.T, h *harness, id string, want ...string) {
	t.Helper()
	if got := h.allowed(id); !slices.Equal(got, want) {
		st, tr := h.status(id)
		t.Fatalf("AllowedAction in %s/%s = %v, want %v", st, tr, got, want)
	}
}

func wantStatus(t *testing.T, h *harness, id, status, trade string) {
	t.Helper()
	st, tr := h.status(id)
	if st != status || (trade != "" && tr != trade) {
		t.Fatalf("job is %s/%s, want %s/%s", st, tr, status, trade)
	}
}

func TestFullAndIncrementLifecycle(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	wantAllowed(t, h, id, "view")
	h.emu.Advance(durCreating)
	wantAllowed(t, h, id, "view", "configure", "isolate", "resize")

	// Illegal calls answer the row's error.
	wantCode(t, h.jobOp("StartMigrateJob", id), codeStatusInConflict)
	wantCode(t, h.jobOp("CreateMigrateCheckJob", id), codeOperationDenied)

	h.configure(id, "fullAndIncrement")
	wantStatus(t, h, id, stCreated, trNormal)
	wantAllowed(t, h, id, "view", "modify", "check", "isolate", "resize")

	h.mustJobOp("CreateMigrateCheckJob", id)
	wantStatus(t, h, id, stChecking, "")
	wantAllowed(t, h, id, "view", "isolate", "resize")
	h.emu.Advance(durCheckStep * 6)
	d := h.detail(id)
	if p := d.CheckStepInfo.Progress; *p.StepNow != 7 || *p.Steps[5].Status != stepFinished || *p.Steps[6].Status != stepRunning || *p.Status != stepRunning {
		t.Fatalf("check progress after 6 steps: now %d, statuses %s %s", *p.StepNow, *p.Steps[5].Status, *p.Steps[6].Status)
	}
	h.emu.Advance(durCheckStep * 7)
	wantStatus(t, h, id, stCheckPass, "")
	d = h.detail(id)
	if *d.CheckStepInfo.Progress.Status != dtsapi.CheckStatusSuccess || *d.CheckStepInfo.Progress.Percent != 100 || *d.CheckStepInfo.EndAt == dtsapi.ZeroTime {
		t.Fatalf("check info after the check: %+v", d.CheckStepInfo.Progress)
	}
	wantAllowed(t, h, id, "view", "modify", "check", "start", "isolate", "resize")

	h.mustJobOp("StartMigrateJob", id)
	wantStatus(t, h, id, stReadyRun, "")
	wantAllowed(t, h, id, "view", "stop", "isolate", "resize")
	h.emu.Advance(durReadyRun)
	wantStatus(t, h, id, stRunning, "")
	wantAllowed(t, h, id, "view", "stop", "pause", "createCmpTask", "isolate", "resize")
	h.emu.Advance(durDumper / 2)
	d = h.detail(id)
	s := d.StepInfo
	if *s.StepAll != 3 || *s.StepNow != 1 || *s.StepInfo[0].Status != stepRunning || *s.StepInfo[0].Percent != 50 ||
		*s.StepInfo[2].Status != stepNotStarted || *s.MasterSlaveDistance != -1 {
		t.Fatalf("migration progress half-way through the export: %+v", s)
	}
	h.emu.Advance(durDumper/2 + durLoader)
	wantStatus(t, h, id, stReadyComplete, "")
	d = h.detail(id)
	s = d.StepInfo
	if *s.StepNow != 3 || *s.StepInfo[1].Status != stepFinished || *s.StepInfo[2].Status != stepRunning || *s.SecondsBehindMaster != 0 {
		t.Fatalf("migration progress at readyComplete: %+v", s)
	}
	wantAllowed(t, h, id, "view", "stop", "complete", "createCmpTask", "isolate", "resize")

	h.mustJobOp("CompleteMigrateJob", id)
	wantStatus(t, h, id, stCompleting, "")
	h.emu.Advance(durCompleting)
	wantStatus(t, h, id, stSuccess, "")
	d = h.detail(id)
	if *d.EndTime == dtsapi.ZeroTime || *d.StartTime == dtsapi.ZeroTime || *d.StepInfo.StepInfo[2].Status != stepFinished {
		t.Fatalf("finished job: start %s end %s", *d.StartTime, *d.EndTime)
	}
	wantAllowed(t, h, id, "view", "isolate", "resize")
}

func TestFullMigrationEndsInSuccess(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	h.configure(id, "full")
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(time.Hour)
	h.mustJobOp("StartMigrateJob", id)
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stSuccess, trNormal)
	if d := h.detail(id); *d.StepInfo.StepAll != 2 {
		t.Fatalf("a full migration has 2 steps, got %d", *d.StepInfo.StepAll)
	}
}

func TestStepModeWalksProgressSteps(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	id := h.create(nil)[0]
	h.status(id) // creating → created
	h.configure(id, "full")
	h.mustJobOp("CreateMigrateCheckJob", id)
	// 13 check steps: 12 reads complete steps 1–12, the 13th completes the
	// last one and passes the check.
	for i := 1; i <= len(checkSteps); i++ {
		d := h.detail(id)
		if *d.Status != stChecking || *d.CheckStepInfo.Progress.StepNow != uint64(i) {
			t.Fatalf("read %d: %s at step %d", i, *d.Status, *d.CheckStepInfo.Progress.StepNow)
		}
	}
	wantStatus(t, h, id, stCheckPass, "")
	h.mustJobOp("StartMigrateJob", id)
	got := []string{}
	for range 5 {
		d := h.detail(id)
		got = append(got, *d.Status+"@"+strings.TrimSpace(itoa(int64(*d.StepInfo.StepNow))))
	}
	want := []string{"readyRun@1", "running@1", "running@2", "success@2", "success@2"}
	if !slices.Equal(got, want) {
		t.Fatalf("reads %v, want %v", got, want)
	}
}

func TestPauseAndContinueKeepProgress(t *testing.T) {
	h := newHarness(t, Options{})
	id := startedJob(t, h, "fullAndIncrement")
	h.emu.Advance(durDumper + durLoader/4)
	h.mustJobOp("PauseMigrateJob", id)
	h.emu.Advance(durPausing)
	wantStatus(t, h, id, stManualPaused, "")
	wantAllowed(t, h, id, "view", "stop", "continue", "isolate", "resize")
	h.emu.Advance(24 * time.Hour) // paused: nothing moves
	d := h.detail(id)
	if *d.StepInfo.StepNow != 2 || *d.StepInfo.StepInfo[1].Percent != 25 {
		t.Fatalf("paused progress: step %d at %d%%", *d.StepInfo.StepNow, *d.StepInfo.StepInfo[1].Percent)
	}
	h.mustJobOp("ContinueMigrateJob", id)
	h.emu.Advance(durResuming)
	wantStatus(t, h, id, stRunning, "")
	// The import resumes at 25%: three quarters of it remain.
	h.emu.Advance(durLoader*3/4 - time.Second)
	wantStatus(t, h, id, stRunning, "")
	h.emu.Advance(time.Second)
	wantStatus(t, h, id, stReadyComplete, "")
}

// startedJob returns a configured, checked and started job, running.
func startedJob(t *testing.T, h *harness, migrateType string) string {
	t.Helper()
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	h.configure(id, migrateType)
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(time.Duration(len(checkSteps)) * durCheckStep)
	h.mustJobOp("StartMigrateJob", id)
	h.emu.Advance(durReadyRun)
	wantStatus(t, h, id, stRunning, "")
	return id
}

func TestStopIsFinal(t *testing.T) {
	h := newHarness(t, Options{})
	id := startedJob(t, h, "fullAndIncrement")
	h.mustJobOp("StopMigrateJob", id)
	wantStatus(t, h, id, stStopping, "")
	h.emu.Advance(durStopping)
	wantStatus(t, h, id, stCanceled, "")
	if d := h.detail(id); *d.EndTime == dtsapi.ZeroTime {
		t.Fatal("a canceled job has an end time")
	}
	for _, a := range []string{"StartMigrateJob", "StopMigrateJob", "ResumeMigrateJob", "ContinueMigrateJob"} {
		if err := h.jobOp(a, id); sdkCode(t, err) != codeStatusInConflict {
			t.Errorf("%s on a canceled job: %v", a, err)
		}
	}
}

func TestBilledJobIsolateRecoverDestroy(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0] // small: billed
	h.emu.Advance(durCreating)
	h.mustJobOp("IsolateMigrateJob", id)
	wantStatus(t, h, id, stCreated, trIsolating)
	wantAllowed(t, h, id, "view")
	h.emu.Advance(durIsolating)
	wantStatus(t, h, id, stCreated, trIsolated)
	wantAllowed(t, h, id, "view", "offline", "recover")
	if d := h.detail(id); *d.TradeInfo.IsolateTime == dtsapi.ZeroTime {
		t.Fatal("an isolated job has an isolation time")
	}
	wantCode(t, h.call("ModifyMigrationJob", config(id, "full")), codeStatusInConflict)

	h.mustJobOp("RecoverMigrateJob", id)
	wantStatus(t, h, id, stCreated, trNormal)
	h.mustJobOp("IsolateMigrateJob", id)
	h.emu.Advance(durIsolating)
	h.mustJobOp("DestroyMigrateJob", id)
	wantStatus(t, h, id, stCreated, trOfflining)
	h.emu.Advance(durOfflining)
	wantStatus(t, h, id, stCreated, trOfflined)
	h.emu.Advance(durOfflined)
	_, err := h.dts("DescribeMigrationDetail", map[string]any{"JobId": id})
	wantCode(t, err, codeResourceNotFound)
	if jobs := h.emu.Jobs(""); len(jobs) != 0 {
		t.Fatalf("destroyed job still listed: %v", jobs)
	}
}

func TestIsolatingARunningJobStopsIt(t *testing.T) {
	h := newHarness(t, Options{})
	id := startedJob(t, h, "fullAndIncrement")
	h.mustJobOp("IsolateMigrateJob", id)
	wantStatus(t, h, id, stStopping, trIsolating)
	h.emu.Advance(time.Minute)
	wantStatus(t, h, id, stCanceled, trIsolated)
}

func TestUnbilledJobIsDeletedByIsolation(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(map[string]any{"InstanceClass": "medium"})[0]
	h.emu.Advance(durCreating)
	d := h.detail(id)
	if *d.TradeInfo.TradeStatus != trNotBilled || *d.TradeInfo.BillingType != "notBilling" {
		t.Fatalf("medium same-type same-region link: %s/%s", *d.TradeInfo.TradeStatus, *d.TradeInfo.BillingType)
	}
	wantAllowed(t, h, id, "view", "configure", "isolate")
	if msg := wantCode(t, h.call("ModifyMigrateJobSpec", map[string]any{"JobId": id, "NewInstanceClass": "large"}), codeOperationDenied); !strings.Contains(msg, "pay-as-you-go") {
		t.Fatalf("resizing a free job: %s", msg)
	}
	h.mustJobOp("IsolateMigrateJob", id)
	_, err := h.dts("DescribeMigrationDetail", map[string]any{"JobId": id})
	wantCode(t, err, codeResourceNotFound)
}

func TestResizeAppliesNewClass(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	h.mustCall("ModifyMigrateJobSpec", map[string]any{"JobId": id, "NewInstanceClass": "xlarge"})
	wantStatus(t, h, id, stCreated, trResizing)
	wantAllowed(t, h, id, "view", "configure")
	h.emu.Advance(durResizing)
	d := h.detail(id)
	if *d.TradeInfo.TradeStatus != trNormal || *d.TradeInfo.InstanceClass != "xlarge" {
		t.Fatalf("after resizing: %s %s", *d.TradeInfo.TradeStatus, *d.TradeInfo.InstanceClass)
	}
}

func TestIsolatedJobIsDestroyedAfterSevenDays(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	h.mustJobOp("IsolateMigrateJob", id)
	h.emu.Advance(durIsolating + durIsolatedKept - time.Second)
	wantStatus(t, h, id, stCreated, trIsolated)
	h.emu.Advance(time.Second)
	wantStatus(t, h, id, stCreated, trOfflining)
	// Several transitions in one Advance: offlining → offlined → gone.
	h.emu.Advance(time.Hour)
	if len(h.emu.Jobs("")) != 0 {
		t.Fatal("the job should be gone")
	}
}

func TestStepModeNeverTakesTimeouts(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	id := h.create(nil)[0]
	h.status(id)
	h.mustJobOp("IsolateMigrateJob", id)
	h.status(id) // isolating → isolated
	for range 5 {
		wantStatus(t, h, id, stCreated, trIsolated)
	}
	// Time still works in step mode, through Advance.
	h.emu.Advance(durIsolatedKept)
	wantStatus(t, h, id, stCreated, trOfflining)
}

func TestOutcomeCheckFailsUntilSkipped(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	h.configure(id, "full")
	if err := h.emu.SetOutcome(testRegion, id, Outcome{CheckFails: true}); err != nil {
		t.Fatal(err)
	}
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stCheckNotPass, "")
	p := h.detail(id).CheckStepInfo.Progress
	if *p.Status != stepFailed || *p.Steps[5].StepId != failingCheckStep || *p.Steps[5].Status != stepFailed || len(p.Steps[5].Errors) != 1 {
		t.Fatalf("failed check: %s, step %s %s", *p.Status, *p.Steps[5].StepId, *p.Steps[5].Status)
	}
	wantAllowed(t, h, id, "view", "modify", "check", "isolate", "resize")
	// Reconfiguring does not rewrite the last check's result.
	h.configure(id, "full")
	if p := h.detail(id).CheckStepInfo.Progress; *p.Status != stepFailed {
		t.Fatalf("last check after reconfiguring: %s", *p.Status)
	}
	// Checking again fails again …
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stCheckNotPass, "")
	// … until the failing item is skipped.
	h.mustCall("SkipCheckItem", map[string]any{"JobId": id, "StepIds": []string{failingCheckStep}})
	wantStatus(t, h, id, stCheckNotPass, "")
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stCheckPass, "")
}

func TestOutcomeRunEndsOnceThenResume(t *testing.T) {
	h := newHarness(t, Options{})
	id := startedJob(t, h, "fullAndIncrement")
	if err := h.emu.SetOutcome(testRegion, id, Outcome{RunEnds: stError}); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stError, "")
	d := h.detail(id)
	if *d.BriefMsg == "" || len(d.ErrorInfo) != 1 || *d.StepInfo.StepInfo[2].Status != stepFailed {
		t.Fatalf("error details: %q %v", *d.BriefMsg, d.ErrorInfo)
	}
	wantAllowed(t, h, id, "view", "stop", "resume", "isolate", "resize")
	h.mustJobOp("ResumeMigrateJob", id)
	h.emu.Advance(durResuming)
	// The retry succeeds: the outcome applied once, and the error is cleared.
	d = h.detail(id)
	if *d.Status != stReadyComplete || *d.BriefMsg != "" || len(d.ErrorInfo) != 0 {
		t.Fatalf("after the retry: %s %q %v", *d.Status, *d.BriefMsg, d.ErrorInfo)
	}
	if err := h.emu.SetOutcome(testRegion, id, Outcome{RunEnds: "success"}); err == nil {
		t.Fatal("SetOutcome accepted RunEnds success")
	}
}

// TestOutcomeResumeFails: with ResumeFails a retry goes through resuming
// to failed (the documentation: "If the retry succeeds, the task will be
// executed normally; otherwise, it will enter the 'Task failed' status"),
// the automatic retry too; continuing a paused job is not a retry.
func TestOutcomeResumeFails(t *testing.T) {
	h := newHarness(t, Options{})
	id := startedJob(t, h, "fullAndIncrement")
	if err := h.emu.SetOutcome(testRegion, id, Outcome{RunEnds: stError, ResumeFails: true}); err != nil {
		t.Fatal(err)
	}
	// A pause and a continue go on as usual.
	h.mustJobOp("PauseMigrateJob", id)
	h.emu.Advance(durPausing)
	h.mustJobOp("ContinueMigrateJob", id)
	h.emu.Advance(durResuming)
	wantStatus(t, h, id, stRunning, "")
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stError, "")
	h.mustJobOp("ResumeMigrateJob", id)
	wantStatus(t, h, id, stResuming, "")
	h.emu.Advance(durResuming)
	d := h.detail(id)
	if *d.Status != stFailed || *d.BriefMsg == "" || len(d.ErrorInfo) != 1 || *d.EndTime == dtsapi.ZeroTime {
		t.Fatalf("after the failed retry: %s %q %v", *d.Status, *d.BriefMsg, d.ErrorInfo)
	}
	wantAllowed(t, h, id, "view", "isolate", "resize") // a failed MySQL job cannot be retried

	// The automatic retry of a resumableErr job fails the same way.
	auto := startedJob(t, h, "full")
	h.mutate(auto, func(j *migrationJob) { j.AutoRetryTimeRangeMinutes = 30 })
	if err := h.emu.SetOutcome(testRegion, auto, Outcome{ResumeFails: true}); err != nil {
		t.Fatal(err)
	}
	if err := h.emu.ForceStatus(testRegion, auto, stResumableErr, ""); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(durAutoRetry + durResuming)
	wantStatus(t, h, auto, stFailed, "")

	// Without it the retry succeeds.
	if err := h.emu.SetOutcome(testRegion, auto, Outcome{}); err != nil {
		t.Fatal(err)
	}
	if err := h.emu.ForceStatus(testRegion, auto, stError, ""); err != nil {
		t.Fatal(err)
	}
	h.mustJobOp("ResumeMigrateJob", auto)
	h.emu.Advance(durResuming)
	wantStatus(t, h, auto, stRunning, "")
}

func TestAutoRetryOfRetryableErrors(t *testing.T) {
	h := newHarness(t, Options{})
	id := startedJob(t, h, "full")
	if err := h.emu.ForceStatus(testRegion, id, stResumableErr, ""); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stResumableErr, "") // no retry window configured

	h.mutate(id, func(j *migrationJob) { j.AutoRetryTimeRangeMinutes = 30 })
	if err := h.emu.ForceStatus(testRegion, id, stResumableErr, ""); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(durAutoRetry)
	wantStatus(t, h, id, stResuming, "")
}

func TestRedisFailedJobsCanBeRetried(t *testing.T) {
	h := newHarness(t, Options{})
	ids := h.create(map[string]any{"SrcDatabaseType": "redis", "DstDatabaseType": "redis"})
	mysql := h.create(nil)
	h.emu.Advance(durCreating)
	for _, id := range []string{ids[0], mysql[0]} {
		if err := h.emu.ForceStatus(testRegion, id, stFailed, ""); err != nil {
			t.Fatal(err)
		}
	}
	h.mustCall("ResumeMigrateJob", map[string]any{"JobId": ids[0], "ResumeOption": "overwrite"})
	wantCode(t, h.jobOp("ResumeMigrateJob", mysql[0]), codeStatusInConflict)
}

func TestTimedRunWaitsForExpectRunTime(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	h.configure(id, "full")
	at := h.emu.JobClock().Add(2 * time.Hour)
	cfg := config(id, "full")
	cfg["RunMode"], cfg["ExpectRunTime"] = "timed", at.In(dtsapi.Beijing).Format(dtsapi.TimeLayout)
	h.mustCall("ModifyMigrationJob", cfg)
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(time.Duration(len(checkSteps)) * durCheckStep)
	h.mustJobOp("StartMigrateJob", id)
	h.emu.Advance(at.Sub(h.emu.JobClock()) - time.Second)
	wantStatus(t, h, id, stReadyRun, "")
	h.emu.Advance(time.Second)
	wantStatus(t, h, id, stRunning, "")
}

func TestForceStatus(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	if err := h.emu.ForceStatus(testRegion, id, stError, ""); err != nil {
		t.Fatal(err)
	}
	d := h.detail(id)
	if *d.Status != stError || *d.BriefMsg == "" {
		t.Fatalf("forced error: %s %q", *d.Status, *d.BriefMsg)
	}
	if err := h.emu.ForceStatus(testRegion, id, "", trIsolated); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, h, id, stError, trIsolated)
	if err := h.emu.ForceStatus(testRegion, id, "sleeping", ""); err == nil || !strings.Contains(err.Error(), "readyComplete") {
		t.Fatalf("unknown status: %v", err)
	}
	if err := h.emu.ForceStatus(testRegion, "dts-nothere0", stError, ""); !errors.Is(err, ErrJobNotFound) {
		t.Fatalf("unknown job: %v", err)
	}
	// A forced transitional status continues on its own.
	if err := h.emu.ForceStatus(testRegion, id, stStopping, trNormal); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(durStopping)
	wantStatus(t, h, id, stCanceled, trNormal)
}

func TestDeleteJobOutOfBand(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	if err := h.emu.DeleteJob(testRegion, id); err != nil {
		t.Fatal(err)
	}
	_, err := h.dts("DescribeMigrationDetail", map[string]any{"JobId": id})
	wantCode(t, err, codeResourceNotFound)
	if err := h.emu.DeleteJob(testRegion, id); !errors.Is(err, ErrJobNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}

func TestOperationNotFoundCodes(t *testing.T) {
	h := newHarness(t, Options{})
	for action, want := range map[string]string{
		"StartMigrateJob":   codeJobNotExist,
		"IsolateMigrateJob": codeResourceNotFound,
	} {
		if err := h.jobOp(action, "dts-nothere0"); sdkCode(t, err) != want {
			t.Errorf("%s on an unknown job: %v, want %s", action, err, want)
		}
	}
}

// TestMigrationTablesAreConsistent checks the tables' invariants, so that a
// row added later cannot leave a job stuck or name an unknown action.
func TestMigrationTablesAreConsistent(t *testing.T) {
	m := migrationMachine
	if got, want := len(m.names(fieldStatus)), len(dtsapi.MustEnum("JobItem.Status").Values); got != want {
		t.Errorf("the machine has %d job statuses, the definition %d", got, want)
	}
	for _, s := range dtsapi.MustEnum("JobItem.Status").Values {
		if m.status(fieldStatus, s) == nil {
			t.Errorf("status %s is missing from the machine", s)
		}
	}
	for _, s := range dtsapi.MustEnum("TradeInfo.TradeStatus").Values {
		if m.status(fieldTrade, s) == nil {
			t.Errorf("trade status %s is missing from the machine", s)
		}
	}
	checkTransitionalExits(t, m)
	// Every operation is a migration action of the definition, and every
	// migration action that takes a JobId has a row (reads excepted).
	reads := map[string]bool{"DescribeMigrationJobs": true, "DescribeMigrationDetail": true,
		"DescribeMigrationCheckJob": true, "DescribeMigrateDBInstances": true, "CreateMigrationService": true}
	rows := map[string]bool{}
	for _, r := range m.ops {
		if _, ok := dtsapi.Actions[r.Action]; !ok {
			t.Errorf("operation %s is not an action of the definition", r.Action)
		}
		rows[r.Action] = true
	}
	for _, a := range migrationActions {
		if !reads[a] && !rows[a] {
			t.Errorf("migration action %s has no operation row", a)
		}
	}
	for a := range migrationKind.NotFound {
		if !rows[a] {
			t.Errorf("not-found code for %s, which has no row", a)
		}
	}
	// AllAction lists every verb once, view first.
	if m.verbs[0] != "view" || len(slices.Compact(slices.Clone(m.verbs))) != len(m.verbs) {
		t.Errorf("verbs %v", m.verbs)
	}
}

// checkTransitionalExits checks that every transitional status of m has a
// way out that needs no caller.
func checkTransitionalExits[J any](t *testing.T, m *machine[J]) {
	t.Helper()
	for _, s := range m.order {
		if !s.Transitional {
			continue
		}
		out := false
		for _, r := range m.auto {
			if r.Field == s.Field && r.From == s.Name && r.When == nil && !r.Timeout {
				out = true
			}
		}
		if !out {
			t.Errorf("transitional %s %s has no unconditional automatic exit", s.Field, s.Name)
		}
	}
}

// migrationActions are the 21 migration actions of the definition.
var migrationActions = []string{"CreateMigrationService", "ModifyMigrationJob", "CreateMigrateCheckJob",
	"DescribeMigrationCheckJob", "SkipCheckItem", "StartMigrateJob", "StopMigrateJob", "CompleteMigrateJob",
	"PauseMigrateJob", "ContinueMigrateJob", "ResumeMigrateJob", "IsolateMigrateJob", "RecoverMigrateJob",
	"DestroyMigrateJob", "DescribeMigrationJobs", "DescribeMigrationDetail", "ModifyMigrateJobSpec",
	"ModifyMigrateName", "ModifyMigrateRateLimit", "ModifyMigrateRuntimeAttribute", "DescribeMigrateDBInstances"}

func TestMachineCheckRejectsBadTables(t *testing.T) {
	life := func(j *migrationJob) *lifecycle { return &j.lifecycle }
	id := func(j *migrationJob) string { return j.JobID }
	statuses := []statusDef[migrationJob]{{Name: "a"}, {Name: "b"}}
	for name, build := range map[string]func(){
		"auto from unknown": func() {
			newMachine("t", life, id, nil, statuses, []autoRow[migrationJob]{{From: "x", To: "a"}}, nil, []string{"view"})
		},
		"remove with To": func() {
			newMachine("t", life, id, nil, statuses, []autoRow[migrationJob]{{From: "a", To: "b", Remove: true}}, nil, []string{"view"})
		},
		"op to unknown": func() {
			newMachine("t", life, id, nil, statuses, nil, []opRow[migrationJob]{{Action: "X", To: "c"}}, []string{"view"})
		},
		"unknown verb": func() {
			newMachine("t", life, id, nil, statuses, nil, []opRow[migrationJob]{{Action: "X", Verb: "dance"}}, []string{"view"})
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: newMachine accepted the table", name)
				}
			}()
			build()
		}()
	}
}
