package emulator

import (
	"slices"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// How far a task's run has got, and its rendering as a CompareTaskItem
// (CheckProcess, CompareProcess) — the report (compare_report.go) is
// computed from the same run, so that the two always agree.

// cmpRun is a task's run at one moment: its steps (the checks, then one per
// compared table), how many are done and when each ran.
type cmpRun struct {
	t       *compareTask
	steps   []stepDef
	records []stepRecord
	// done is the number of steps done; partial the work done on step done.
	done    int
	partial time.Duration
}

// run computes the task's run at now: the running status's progress,
// complete once the task succeeded.
func (e *Emulator) run(t *compareTask, now time.Time) *cmpRun {
	r := &cmpRun{t: t, steps: compareRunSteps(t)}
	p := t.Progress[cmpRunning]
	if t.Status == cmpRunning {
		p = compareMachine.progressAt(t, now, e.scale)
	}
	if p != nil {
		r.records, r.done, r.partial = p.Steps, p.Done, p.Partial
	}
	if t.Status == cmpSuccess {
		r.done, r.partial = len(r.steps), 0
	}
	r.records = append(slices.Clone(r.records), make([]stepRecord, max(0, len(r.steps)-len(r.records)))...)
	return r
}

// checksDone reports whether the checks are done: the tables to skip are
// known from then on.
func (r *cmpRun) checksDone() bool { return r.done >= len(compareCheckSteps) }

// tableDone reports whether compared table i (in compared order) is done,
// and when it started and finished.
func (r *cmpRun) tableDone(i int) (bool, time.Time, time.Time) {
	s := len(compareCheckSteps) + i
	return r.done > s, r.records[s].Start, r.records[s].Finish
}

// compareTaskItem renders t as a CompareTaskItem at now.
func (e *Emulator) compareTaskItem(t *compareTask, now time.Time) *dtsapi.CompareTaskItem {
	r := e.run(t, now)
	n := len(compareCheckSteps)
	return &dtsapi.CompareTaskItem{
		JobId:          ptr(t.ParentID),
		CompareTaskId:  ptr(t.JobID),
		TaskName:       ptr(t.JobName),
		Status:         ptr(t.Status),
		Config:         t.Objects,
		CheckProcess:   r.phase(0, n, ""),
		CompareProcess: r.phase(n, len(r.steps), t.Message),
		Conclusion:     ptr(t.conclusion()),
		CreatedAt:      fmtTime(t.CreateTime),
		StartedAt:      fmtTime(t.StartedAt),
		FinishedAt:     fmtTime(t.FinishedAt),
		Method:         t.Options.Method,
		Options:        t.Options,
		Message:        ptr(t.Message),
	}
}

// Phase statuses (ProcessProgress.Status): notStarted, running, success,
// failed as documented, and canceled for a phase a stop interrupted
// (inferred).
const (
	phaseNotStarted = "notStarted"
	phaseRunning    = "running"
	phaseSuccess    = "success"
	phaseFailed     = "failed"
	phaseCanceled   = "canceled"
)

// phase renders steps [from, to) of the run as a ProcessProgress.
func (r *cmpRun) phase(from, to int, message string) *dtsapi.ProcessProgress {
	all := to - from
	done := min(max(r.done-from, 0), all)
	status := r.phaseStatus(from, to)
	out := &dtsapi.ProcessProgress{
		Status:  ptr(status),
		StepAll: ptr(uint64(all)),
		StepNow: ptr(uint64(min(done+1, all))),
		Message: ptr(message),
		Steps:   []*dtsapi.StepDetailInfo{},
	}
	if status == phaseNotStarted {
		out.StepNow = ptr[uint64](0)
	}
	var work time.Duration
	for i := from; i < to; i++ {
		v := stepView(i-from+1, r.steps[i])
		v.StartTime, v.FinishTime = fmtTimeOrEmpty(r.records[i].Start), fmtTimeOrEmpty(r.records[i].Finish)
		switch {
		case i < r.done:
			v.Status, v.Percent = ptr(stepFinished), ptr[uint64](100)
			work += r.steps[i].Duration
		case i == r.done && status == phaseRunning:
			v.Status, v.Percent = ptr(stepRunning), ptr(percent(r.partial, r.steps[i].Duration))
			work += r.partial
		}
		out.Steps = append(out.Steps, v)
	}
	if status == phaseFailed && all > 0 {
		r.markFailed(out, from)
	}
	out.Percent = ptr(phasePercent(status, work, r.steps[from:to]))
	return out
}

// markFailed shows the step the run failed on: its fail_ table, else the
// phase's last step.
func (r *cmpRun) markFailed(out *dtsapi.ProcessProgress, from int) {
	i := len(out.Steps) - 1
	if x := r.t.failingTable(); x != nil {
		if k := slices.IndexFunc(out.Steps, func(v *dtsapi.StepDetailInfo) bool { return *v.StepId == x.name() }); k >= 0 {
			i = k
		}
	}
	out.Steps[i].Status = ptr(stepFailed)
	out.Steps[i].StepMessage = ptr(r.t.Message)
}

// phaseStatus is the status of the phase of steps [from, to): the checks
// (from 0) or the comparison.
func (r *cmpRun) phaseStatus(from, to int) string {
	checksDone := from == 0 && r.done >= to
	switch r.t.Status {
	case cmpCreated, cmpReadyRun:
		return phaseNotStarted
	case cmpSuccess:
		return phaseSuccess
	case cmpFailed:
		if checksDone {
			return phaseSuccess
		}
		return phaseFailed
	}
	switch {
	case checksDone:
		return phaseSuccess
	case r.done < from:
		return phaseNotStarted
	case r.t.Status == cmpRunning:
		return phaseRunning
	}
	return phaseCanceled // stopping or canceled
}

// phasePercent is a phase's progress: 100 once it succeeded, else the share
// of its nominal work done (at most 99).
func phasePercent(status string, work time.Duration, steps []stepDef) uint64 {
	if status == phaseSuccess {
		return 100
	}
	var total time.Duration
	for _, s := range steps {
		total += s.Duration
	}
	return percent(work, total)
}

// conclusion is the task's Conclusion once it succeeded: skipAll when it
// compared no table, different when a table differs, else same; "" before.
func (t *compareTask) conclusion() string {
	if t.Status != cmpSuccess {
		return ""
	}
	compared := t.compared()
	switch {
	case len(compared) == 0:
		return dtsapi.CompareConclusionSkipAll
	case slices.ContainsFunc(compared, func(x cmpTable) bool { return x.DiffRows > 0 }):
		return dtsapi.CompareConclusionDifferent
	}
	return dtsapi.CompareConclusionSame
}
