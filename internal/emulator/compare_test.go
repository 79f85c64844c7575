package emulator

import (
	"slices"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The compare machine: every operation in every status, both families.
func TestCompareMachineStatusByOperation(t *testing.T) {
	statuses := []string{cmpCreated, cmpReadyRun, cmpRunning, cmpSuccess, cmpStopping, cmpFailed, cmpCanceled}
	// What the documentation says (and, for the rename, what the emulator
	// decided), written independently of the operation table: the statuses
	// an operation is allowed in, and the status it enters ("" unchanged,
	// "gone" removed).
	ops := []struct {
		op      string
		allowed []string
		enters  string
	}{
		{"Modify", []string{cmpCreated}, ""},
		{"ModifyName", []string{cmpCreated, cmpReadyRun, cmpRunning, cmpSuccess, cmpFailed, cmpCanceled}, ""},
		{"Start", []string{cmpCreated}, cmpReadyRun},
		{"Stop", []string{cmpReadyRun, cmpRunning}, cmpStopping},
		{"Delete", []string{cmpSuccess, cmpFailed, cmpCanceled}, "gone"},
	}
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, nil, "mysql", "mysql")
		actions := map[string]string{
			"Modify": fam.Modify, "ModifyName": fam.ModifyName, "Start": fam.Start, "Stop": fam.Stop, "Delete": fam.Delete,
		}
		for _, o := range ops {
			for _, st := range statuses {
				task := fam.create(h, job, nil)
				h.mustForce(task, st)
				var params map[string]any
				if o.op == "Modify" || o.op == "ModifyName" {
					params = map[string]any{"TaskName": "renamed"}
				}
				err := fam.op(h, actions[o.op], job, task, params)
				if !slices.Contains(o.allowed, st) {
					wantCode(t, err, codeStatusInConflict)
					if got := fam.task(h, job, task); *got.Status != st || *got.TaskName == "renamed" {
						t.Errorf("%s refused at %s changed the task: %s %q", o.op, st, *got.Status, *got.TaskName)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s at %s: %v", o.op, st, err)
					continue
				}
				if o.enters == "gone" {
					if got := fam.tasks(h, job, map[string]any{"CompareTaskId": task}); *got.TotalCount != 0 {
						t.Errorf("%s at %s: the task is still listed", o.op, st)
					}
					continue
				}
				want := st
				if o.enters != "" {
					want = o.enters
				}
				if got := fam.task(h, job, task); *got.Status != want {
					t.Errorf("%s at %s: status %s, want %s", o.op, st, *got.Status, want)
				}
			}
		}
	})
}

// A task runs created → readyRun → running → success; its progress and
// the parent's summary move with the job clock, in time proportional to
// its tables.
func TestCompareLifecycleAndProgress(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, []dbSel{{"shop", []string{"orders", "items"}}}, "mysql", "mysql")
		task := fam.create(h, job, map[string]any{"TaskName": "nightly"})
		item := fam.task(h, job, task)
		if *item.Status != cmpCreated || *item.TaskName != "nightly" || *item.JobId != job ||
			*item.CheckProcess.Status != phaseNotStarted || *item.CompareProcess.StepAll != 2 || *item.Conclusion != "" {
			t.Fatalf("created task %s", jsonOf(item))
		}
		if *item.Method != "dataCheck" || *item.Options.SampleRate != 100 || *item.Options.ThreadCount != 1 || *item.Options.Type != "builtin" {
			t.Errorf("default options %s", jsonOf(item.Options))
		}
		if cfg := item.Config; *cfg.ObjectMode != "partial" || *cfg.ObjectItems[0].DbName != "shop" ||
			*cfg.ObjectItems[0].ViewMode != "none" || *cfg.ObjectItems[0].Tables[0].ColumnMode != "all" {
			t.Errorf("sameAsMigrate config %s", jsonOf(cfg))
		}
		wantSummary(t, h, fam, job, task, "unstart")

		fam.mustOp(h, fam.Start, job, task)
		if st := *fam.task(h, job, task).Status; st != cmpReadyRun {
			t.Fatalf("after start: %s", st)
		}
		wantSummary(t, h, fam, job, task, "running")
		h.emu.Advance(durCmpReadyRun + durCmpCheckStep)
		item = fam.task(h, job, task)
		if *item.Status != cmpRunning || *item.CheckProcess.Status != phaseRunning || *item.CheckProcess.StepNow != 2 ||
			*item.CompareProcess.Status != phaseNotStarted {
			t.Fatalf("checking: %s", jsonOf(item))
		}
		h.emu.Advance(2*durCmpCheckStep + durCmpTable + durCmpTable/2)
		item = fam.task(h, job, task)
		cp := item.CompareProcess
		if *item.CheckProcess.Status != phaseSuccess || *item.CheckProcess.Percent != 100 || *cp.Status != phaseRunning ||
			*cp.StepNow != 2 || *cp.Percent != 75 || *cp.Steps[0].Status != stepFinished || *cp.Steps[1].Status != stepRunning ||
			*cp.Steps[1].StepId != "shop.items" {
			t.Fatalf("comparing: %s", jsonOf(item))
		}
		if r := fam.report(h, job, task, nil); *r.Abstract.CheckedTables != 1 || *r.Abstract.Status != cmpRunning {
			t.Errorf("report while running %s", jsonOf(r.Abstract))
		}
		h.emu.Advance(durCmpTable/2 - time.Second)
		if st := *fam.task(h, job, task).Status; st != cmpRunning {
			t.Fatalf("ended before its tables were compared: %s", st)
		}
		h.emu.Advance(time.Second)
		item = fam.task(h, job, task)
		if *item.Status != cmpSuccess || *item.Conclusion != dtsapi.CompareConclusionSame || *item.Message != "done" ||
			*item.CompareProcess.Message != "done" || *item.CompareProcess.Percent != 100 || *item.FinishedAt == "" || *item.StartedAt == "" {
			t.Fatalf("done: %s", jsonOf(item))
		}
		wantSummary(t, h, fam, job, task, "consistent")
	})
}

// wantSummary checks a migration job's CompareTask summary (sync jobs have
// none).
func wantSummary(t *testing.T, h *harness, fam cmpFamily, job, task, status string) {
	t.Helper()
	if fam.Parent != "migration" {
		return
	}
	for _, c := range []*dtsapi.CompareTaskInfo{h.detail(job).CompareTask, listedJob(t, h, job).CompareTask} {
		if deref(c.CompareTaskId) != task || *c.Status != status {
			t.Errorf("CompareTask %s, want %s %s", jsonOf(c), task, status)
		}
	}
}

func listedJob(t *testing.T, h *harness, job string) *dtsapi.JobItem {
	t.Helper()
	var resp dtsapi.DescribeMigrationJobsResponse
	h.mustDTS("DescribeMigrationJobs", map[string]any{"JobId": job}, &resp)
	if len(resp.JobList) != 1 {
		t.Fatalf("job %s listed %d times", job, len(resp.JobList))
	}
	return resp.JobList[0]
}

// The migration job's CompareTask follows its latest task; createCmpTask
// is allowed while the job runs and at readyComplete only.
func TestCompareParentSummaryAndAllowedAction(t *testing.T) {
	h := newHarness(t, Options{})
	fam := migrationFamilyT
	job := fam.parent(h, []dbSel{{"shop", []string{"orders", "diff_refunds"}}}, "mysql", "mysql")
	if c := h.detail(job).CompareTask; *c.Status != "notexist" || *c.CompareTaskId != "" {
		t.Fatalf("no task yet: %s", jsonOf(c))
	}
	first := fam.create(h, job, nil)
	fam.runTask(h, job, first)
	wantSummary(t, h, fam, job, first, "inconsistent")
	second := fam.create(h, job, custom("shop", "orders"))
	wantSummary(t, h, fam, job, second, "unstart")
	fam.runTask(h, job, second)
	wantSummary(t, h, fam, job, second, "consistent")
	third := fam.create(h, job, nil)
	fam.mustOp(h, fam.Start, job, third)
	fam.mustOp(h, fam.Stop, job, third)
	wantSummary(t, h, fam, job, third, "running")
	h.emu.Advance(time.Minute)
	wantSummary(t, h, fam, job, third, "canceled")
	fam.mustOp(h, fam.Delete, job, third)
	wantSummary(t, h, fam, job, second, "consistent")
	if err := h.emu.SetOutcome(testRegion, first, Outcome{}); err != nil {
		t.Fatal(err)
	}
	fourth := fam.create(h, job, nil)
	if err := h.emu.SetOutcome(testRegion, fourth, Outcome{RunEnds: cmpFailed}); err != nil {
		t.Fatal(err)
	}
	fam.runTask(h, job, fourth)
	wantSummary(t, h, fam, job, fourth, "failed")

	// createCmpTask follows the operation row: running and readyComplete.
	for _, st := range []string{stCreated, stCheckPass, stRunning, stReadyComplete, stCompleting, stSuccess, stCanceled} {
		h.mustForce(job, st)
		allowed := slices.Contains(ptrValues(h.detail(job).Action.AllowedAction), dtsapi.VerbCreateCmpTask)
		_, err := h.dts(fam.Create, map[string]any{"JobId": job})
		want := st == stRunning || st == stReadyComplete
		if allowed != want || (err == nil) != want {
			t.Errorf("at %s: createCmpTask allowed %v, create error %v; want allowed %v", st, allowed, err, want)
		}
		if !want {
			wantCode(t, err, codeStatusInConflict)
		}
	}
}

func ptrValues(list []*string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		out = append(out, deref(s))
	}
	return out
}

// Removing the parent removes its tasks: out of band, and when a free job
// is isolated.
func TestCompareTasksGoWithTheirParent(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, nil, "mysql", "mysql")
		other := fam.parent(h, nil, "mysql", "mysql")
		a, b := fam.create(h, job, nil), fam.create(h, job, nil)
		kept := fam.create(h, other, nil)
		if err := h.emu.DeleteJob(testRegion, job); err != nil {
			t.Fatal(err)
		}
		for _, task := range []string{a, b} {
			wantCode(t, fam.op(h, fam.Start, job, task, nil), codeResourceNotFound)
		}
		var left []string
		for _, s := range h.emu.Jobs(testRegion) {
			if s.Kind == "compare" {
				left = append(left, s.JobID)
			}
		}
		if !slices.Equal(left, []string{kept}) {
			t.Fatalf("compare tasks left %v, want only %s", left, kept)
		}
	})
	// A free migration job is deleted at once when it is isolated.
	h := newHarness(t, Options{})
	job := h.create(map[string]any{"InstanceClass": "medium"})[0]
	h.emu.Advance(durCreating)
	h.mustForce(job, stRunning)
	task := migrationFamilyT.create(h, job, nil)
	h.mustJobOp("IsolateMigrateJob", job)
	wantCode(t, migrationFamilyT.op(h, "DescribeCompareReport", job, task, nil), codeResourceNotFound)
	if jobs := h.emu.Jobs(""); len(jobs) != 0 {
		t.Fatalf("left after isolating a free job: %+v", jobs)
	}
}

// Tasks survive a restart of the emulator.
func TestComparePersistence(t *testing.T) {
	file := t.TempDir() + "/state.json"
	h := newHarness(t, Options{StateFile: file})
	fam := migrationFamilyT
	job := fam.parent(h, []dbSel{{"shop", []string{"diff_4_orders"}}}, "mysql", "mysql")
	task := fam.create(h, job, nil)
	fam.runTask(h, job, task)
	if err := h.emu.Close(); err != nil { // saves, and releases the state file's lock
		t.Fatal(err)
	}
	h2 := newHarness(t, Options{StateFile: file})
	r := fam.report(h2, job, task, nil)
	if *r.Abstract.Conclusion != dtsapi.CompareConclusionDifferent || *r.Abstract.DifferentRows != 4 {
		t.Fatalf("after a restart: %s", jsonOf(r.Abstract))
	}
	wantSummary(t, h2, fam, job, task, "inconsistent")
}
