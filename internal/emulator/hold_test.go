package emulator

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func (h *harness) hold(id string, hold bool) {
	h.t.Helper()
	if err := h.emu.HoldJob(testRegion, id, hold); err != nil {
		h.t.Fatal(err)
	}
}

func TestHoldJobFreezesAndReleases(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(3 * durCheckStep)
	h.hold(id, true)
	h.hold(id, true) // idempotent
	h.emu.Advance(24 * time.Hour)
	d := h.detail(id)
	if *d.Status != stChecking || *d.CheckStepInfo.Progress.StepNow != 4 {
		t.Fatalf("held check: %s at step %d", *d.Status, *d.CheckStepInfo.Progress.StepNow)
	}
	if r := h.checkJob(id); *r.Status != dtsapi.CheckStatusRunning {
		t.Fatalf("held check reads %s", *r.Status)
	}
	if jobs := h.emu.Jobs(testRegion); len(jobs) != 1 || !jobs[0].Held {
		t.Fatalf("Jobs: %+v", jobs)
	}
	// Released, it continues where it stopped: ten steps remain.
	h.hold(id, false)
	h.emu.Advance(10*durCheckStep - time.Second)
	wantStatus(t, h, id, stChecking, "")
	h.emu.Advance(time.Second)
	wantStatus(t, h, id, stCheckPass, "")
	if jobs := h.emu.Jobs(testRegion); jobs[0].Held {
		t.Fatal("released job still held")
	}
}

func TestHeldJobStillTakesOperations(t *testing.T) {
	h := newHarness(t, Options{})
	id := startedJob(t, h, "fullAndIncrement")
	h.hold(id, true)
	h.mustJobOp("StopMigrateJob", id)
	wantStatus(t, h, id, stStopping, "")
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stStopping, "") // a transition that never ends
	h.hold(id, false)
	h.emu.Advance(durStopping - time.Second)
	wantStatus(t, h, id, stStopping, "")
	h.emu.Advance(time.Second)
	wantStatus(t, h, id, stCanceled, "")
}

func TestHeldJobIgnoresStepModeReads(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	id := h.create(nil)[0]
	h.hold(id, true)
	for range 5 {
		wantStatus(t, h, id, stCreating, "")
	}
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stCreating, "")
	h.hold(id, false)
	wantStatus(t, h, id, stCreating, "") // this read steps it
	wantStatus(t, h, id, stCreated, "")
}

func TestHeldJobInRealtime(t *testing.T) {
	jobClock := clock.NewFake(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC))
	h := newHarness(t, Options{Mode: ModeRealtime, JobClock: jobClock, Jitter: -1}) // nominal durations
	id := startedJob(t, h, "full")
	jobClock.Advance(durDumper / 2)
	h.hold(id, true)
	jobClock.Advance(time.Hour)
	d := h.detail(id)
	if *d.Status != stRunning || *d.StepInfo.StepInfo[0].Percent != 50 {
		t.Fatalf("held migration: %s at %d%%", *d.Status, *d.StepInfo.StepInfo[0].Percent)
	}
	h.hold(id, false)
	jobClock.Advance(durDumper/2 + durLoader)
	wantStatus(t, h, id, stSuccess, "")
}

func TestHoldIsPersistedAndAdministered(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file})
	id := h.create(nil)[0]
	code, out := h.admin("POST", "/_emulator/jobs/"+testRegion+"/"+id+"/hold", map[string]any{"Hold": true})
	if code != 200 || out["Held"] != true || out["JobId"] != id {
		t.Fatalf("hold: %d %v", code, out)
	}
	h.close()
	h2 := newHarness(t, Options{StateFile: file})
	h2.emu.Advance(time.Hour)
	wantStatus(t, h2, id, stCreating, trNormal)
	if code, out := h2.admin("POST", "/_emulator/jobs/"+testRegion+"/"+id+"/hold", map[string]any{"Hold": false}); code != 200 || out["Held"] != false {
		t.Fatalf("release: %d %v", code, out)
	}
	h2.emu.Advance(durCreating)
	wantStatus(t, h2, id, stCreated, trNormal)
	if code, _ := h2.admin("POST", "/_emulator/jobs/"+testRegion+"/"+id+"/hold", map[string]any{}); code != 400 {
		t.Fatalf("missing Hold: %d", code)
	}
	if code, _ := h2.admin("POST", "/_emulator/jobs/"+testRegion+"/dts-nothere0/hold", map[string]any{"Hold": true}); code != 404 {
		t.Fatalf("unknown job: %d", code)
	}
	if err := h2.emu.HoldJob(testRegion, "dts-nothere0", true); !errors.Is(err, ErrJobNotFound) {
		t.Fatalf("HoldJob of an unknown job: %v", err)
	}
}

func TestNewJobOutcomeStickIn(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetNewJobOutcome(Outcome{StickIn: stChecking})
	id := configuredJob(t, h, "full")
	other := h.create(map[string]any{"SrcDatabaseType": "redis", "DstDatabaseType": "redis"})[0]
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(24 * time.Hour)
	d := h.detail(id)
	p := d.CheckStepInfo.Progress
	if *d.Status != stChecking || *p.StepNow != uint64(len(checkSteps)) || *p.Steps[len(checkSteps)-1].Status != stepRunning ||
		*p.Steps[len(checkSteps)-1].Percent != 99 || *p.Steps[len(checkSteps)-2].Status != stepFinished {
		t.Fatalf("stuck check: %s, step %d, last %s %d%%", *d.Status, *p.StepNow, *p.Steps[12].Status, *p.Steps[12].Percent)
	}
	if r := h.checkJob(id); *r.Status != dtsapi.CheckStatusRunning {
		t.Fatalf("stuck check reads %s", *r.Status)
	}
	// Only that status sticks: the billing machine goes on, and operations apply.
	h.mustJobOp("IsolateMigrateJob", id)
	h.emu.Advance(durIsolating)
	wantStatus(t, h, id, stChecking, trIsolated)
	h.mustJobOp("DestroyMigrateJob", id)
	h.emu.Advance(durOfflining + durOfflined)
	wantCode(t, h.call("DescribeMigrationDetail", map[string]any{"JobId": id}), codeResourceNotFound)
	// Every job bought meanwhile has the outcome; the zero outcome turns it off.
	if o := h.emu.NewJobOutcome(); o.StickIn != stChecking {
		t.Fatalf("NewJobOutcome %+v", o)
	}
	h.emu.SetNewJobOutcome(Outcome{})
	later := h.create(nil)[0]
	for _, j := range h.emu.Jobs(testRegion) {
		want := ""
		if j.JobID == other {
			want = stChecking
		}
		if j.Outcome.StickIn != want || j.JobID == later && j.Outcome != (Outcome{}) {
			t.Errorf("%s outcome %+v", j.JobID, j.Outcome)
		}
	}
}

func TestStickInAStatusWithoutSteps(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	id := h.create(nil)[0]
	h.status(id)
	h.configure(id, "full")
	if err := h.emu.SetOutcome(testRegion, id, Outcome{StickIn: stReadyRun}); err != nil {
		t.Fatal(err)
	}
	h.mustJobOp("CreateMigrateCheckJob", id)
	for range len(checkSteps) {
		h.status(id)
	}
	wantStatus(t, h, id, stCheckPass, "")
	h.mustJobOp("StartMigrateJob", id)
	for range 10 {
		wantStatus(t, h, id, stReadyRun, "")
	}
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stReadyRun, "")
	// Stopping moves it out; the stop then completes.
	h.mustJobOp("StopMigrateJob", id)
	wantStatus(t, h, id, stStopping, "")
	wantStatus(t, h, id, stCanceled, "")
	// The outcome can be lifted, also by the administration API.
	if code, out := h.admin("POST", "/_emulator/jobs/"+testRegion+"/"+id+"/outcome", map[string]any{"StickIn": "sleeping"}); code != 400 {
		t.Fatalf("unknown StickIn: %d %v", code, out)
	}
}

func TestNewJobOutcomeAdministration(t *testing.T) {
	h := newHarness(t, Options{})
	if code, out := h.admin("POST", "/_emulator/outcome", map[string]any{"StickIn": "isolating", "RunEnds": "error"}); code != 200 ||
		out["Outcome"].(map[string]any)["StickIn"] != "isolating" {
		t.Fatalf("set: %d %v", code, out)
	}
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	h.mustJobOp("IsolateMigrateJob", id)
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stCreated, trIsolating)
	for _, bad := range []map[string]any{{"StickIn": "sleeping"}, {"RunEnds": "success"}, {"Sticky": true}} {
		if code, _ := h.admin("POST", "/_emulator/outcome", bad); code != 400 {
			t.Fatalf("%v: %d", bad, code)
		}
	}
	h.emu.Reset()
	if o := h.emu.NewJobOutcome(); o != (Outcome{}) {
		t.Fatalf("after Reset: %+v", o)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("SetNewJobOutcome accepted an unknown status")
			}
		}()
		h.emu.SetNewJobOutcome(Outcome{StickIn: "sleeping"})
	}()
}
