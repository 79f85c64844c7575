package emulator

import (
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The compare task as data: its statuses, automatic transitions and
// operations. README.md renders these tables ("Compare tasks").

// Nominal (TimeScale 1) durations of a compare task, chosen to be
// realistic; the comparison takes a time proportional to its tables.
const (
	durCmpReadyRun      = 10 * time.Second
	durCmpCheckStep     = 5 * time.Second
	durCmpTable         = 10 * time.Second
	durCmpStopping      = 10 * time.Second
	durCmpForceStopping = 2 * time.Second
)

// Shorthands for the compare statuses.
const (
	cmpCreated  = dtsapi.CompareStatusCreated
	cmpReadyRun = dtsapi.CompareStatusReadyRun
	cmpRunning  = dtsapi.CompareStatusRunning
	cmpSuccess  = dtsapi.CompareStatusSuccess
	cmpStopping = dtsapi.CompareStatusStopping
	cmpFailed   = dtsapi.CompareStatusFailed
	cmpCanceled = dtsapi.CompareStatusCanceled
)

// compareCheckSteps are the checks a comparison runs before it compares
// (CheckProcess) — inferred: the definition names no step.
var compareCheckSteps = []stepDef{
	{ID: "ConnectCheck", Name: "连接检查", Duration: durCmpCheckStep},
	{ID: "PrivilegeCheck", Name: "权限检查", Duration: durCmpCheckStep},
	{ID: "ObjectCheck", Name: "对象检查", Duration: durCmpCheckStep},
}

// compareRunSteps are the steps of the running status: the checks, then one
// step per compared table (CompareProcess), named by the table.
func compareRunSteps(t *compareTask) []stepDef {
	steps := append([]stepDef{}, compareCheckSteps...)
	for _, x := range t.compared() {
		steps = append(steps, stepDef{ID: x.name(), Name: "数据对比 " + x.name(), Duration: durCmpTable})
	}
	return steps
}

// compareMachine is the compare task kind. A task sticks in the status its
// Outcome's StickIn names, and in running when it compares a stuck_ table.
var compareMachine = func() *machine[compareTask] {
	m := newMachine("compare",
		func(t *compareTask) *lifecycle { return &t.lifecycle },
		func(t *compareTask) string { return t.JobID },
		func(t *compareTask, at time.Time) { t.UpdateTime = at },
		compareStatuses, compareAuto, compareOps(), []string{dtsapi.VerbView})
	m.stick = func(t *compareTask) string {
		if t.Outcome.StickIn == "" && t.stuck() {
			return cmpRunning
		}
		return t.Outcome.StickIn
	}
	return m
}()

// compareStatuses: the 7 statuses of CompareTaskItem.Status. Compare tasks
// have no billing status.
var compareStatuses = []statusDef[compareTask]{
	{Name: cmpCreated, Doc: "created; modifiable and startable"},
	{Name: cmpReadyRun, Transitional: true, Doc: "starting"},
	{Name: cmpRunning, Transitional: true, Steps: compareRunSteps,
		Doc: "checks (3 steps), then one step per compared table"},
	{Name: cmpSuccess, Doc: "compared: Conclusion same, different or skipAll", OnEnter: endCompare("done")},
	{Name: cmpStopping, Transitional: true, Doc: "stopping"},
	{Name: cmpFailed, Doc: "the comparison failed", OnEnter: failCompare},
	{Name: cmpCanceled, Doc: "stopped by the user", OnEnter: endCompare("stopped by the user")},
}

// endCompare records the end of a run and its message.
func endCompare(message string) func(*txn[compareTask]) {
	return func(t *txn[compareTask]) {
		t.Job.FinishedAt = t.At
		t.Job.Message = message
	}
}

// failCompare records why the task failed: its fail_ table, or its Outcome
// (or a forced status).
func failCompare(t *txn[compareTask]) {
	t.Job.FinishedAt = t.At
	t.Job.Message = "The comparison failed: the task was scripted to fail (Outcome)."
	if x := t.Job.failingTable(); x != nil {
		t.Job.Message = "The comparison failed on table " + x.name() + ": the connection to the source database was lost."
	}
}

// compareAuto: the automatic transitions.
var compareAuto = []autoRow[compareTask]{
	{From: cmpReadyRun, To: cmpRunning, After: durCmpReadyRun, Doc: "the comparison starts"},
	{From: cmpRunning, To: cmpFailed, When: (*compareTask).fails,
		Doc: "a compared `fail_` table, or the Outcome's RunEnds `failed`"},
	{From: cmpRunning, To: cmpSuccess, Doc: "every table is compared"},
	{From: cmpStopping, To: cmpCanceled, After: durCmpForceStopping, When: func(t *compareTask) bool { return t.ForceStop },
		Doc: "a forced stop (ForceStop) does not wait for the chunk being compared — inferred"},
	{From: cmpStopping, To: cmpCanceled, After: durCmpStopping, Doc: "the task stops once its current chunk is compared"},
}

// fails reports whether the running comparison ends in failed.
func (t *compareTask) fails() bool {
	return t.Outcome.RunEnds == cmpFailed || t.failingTable() != nil
}

// compareOps: the operations on one task, for both families (each row is
// written once and named by each family's action).
func compareOps() []opRow[compareTask] {
	var out []opRow[compareTask]
	for _, f := range compareFamilies {
		out = append(out, []opRow[compareTask]{
			{Action: f.Modify, From: []string{cmpCreated}, Doc: "change the task's name, objects or options before it starts"},
			{Action: f.ModifyName, From: []string{cmpCreated, cmpReadyRun, cmpRunning, cmpSuccess, cmpFailed, cmpCanceled},
				Doc: "rename; any status but `stopping` — inferred"},
			{Action: f.Start, From: []string{cmpCreated}, To: cmpReadyRun, Effect: startCompare, Doc: "start the comparison"},
			{Action: f.Stop, From: []string{cmpReadyRun, cmpRunning}, To: cmpStopping, Doc: "stop the comparison"},
			{Action: f.Delete, From: []string{cmpSuccess, cmpFailed, cmpCanceled}, Remove: true, Doc: "delete the task"},
		}...)
	}
	return out
}

func startCompare(t *txn[compareTask]) {
	t.Job.StartedAt = t.At
	t.Job.FinishedAt = time.Time{}
	t.Job.Message = ""
	t.resetProgress(cmpRunning)
}
