package emulator

import (
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The sync precheck (CreateCheckSyncJob, DescribeCheckSyncJobResult,
// SkipSyncCheckItem) and the report of the modify-check
// (DescribeModifyCheckSyncJobResult). The rules are the kind-neutral ones of
// check.go; README.md ("Check rules") documents them.

// createCheckSyncJob starts a precheck of a configured job. Every cdb
// instance of the configuration must be in the catalog of its database type
// (InvalidParameter.InstanceNotFound otherwise; the job stays as it is).
// (Types the catalog does not have are not checked.)
func createCheckSyncJob(_ *call, _ *dtsapi.CreateCheckSyncJobRequest, j *syncJob) *apiError {
	return instanceNotFound(j.checkNodes())
}

// describeCheckSyncJobResult answers the last check of a job (Status
// notStarted before any). JobId is optional in the definition but needed
// (jobRead answers MissingParameter). It is a read: in step mode the job
// moves one step.
func describeCheckSyncJobResult(c *call, j *syncJob) *dtsapi.DescribeCheckSyncJobResultResponse {
	r := lastCheck(syncMachine, j, &j.Check, syncCheck, syChecking, c.Now, c.e.scale)
	return syncCheckResult(r, "This item can be skipped with SkipSyncCheckItem.")
}

// skipSyncCheckItem skips steps that failed in the last check. The job
// stays CheckNotPass: a new check (CreateCheckSyncJob) counts them passed.
func skipSyncCheckItem(_ *call, req *dtsapi.SkipSyncCheckItemRequest, j *syncJob) *apiError {
	ids, err := syncCheck.skipFailed(&j.Check, req.StepIds, j.JobID)
	if err != nil {
		return err
	}
	j.Check.skip(ids)
	return nil
}

// describeModifyCheckSyncJobResult answers the last modify-check of a job,
// in the shape of the check result (15 steps). It is a read.
func describeModifyCheckSyncJobResult(c *call, j *syncJob) *dtsapi.DescribeModifyCheckSyncJobResultResponse {
	r := syncModifyCheck.report(&j.ModifyCheck, c.e.modifyCheckProgress(j, c.Now), j.Sub == optChecking)
	res := syncCheckResult(r, "")
	return &dtsapi.DescribeModifyCheckSyncJobResultResponse{
		Status: res.Status, StepCount: res.StepCount, StepCur: res.StepCur, Progress: res.Progress, StepInfos: res.StepInfos,
	}
}

// modifyCheckProgress is how far the running modify-check has got at now.
// The OptObjStatus machine has no progress steps: its 15 steps are read from
// the time spent in Checking (held time excluded); a check the Outcome's
// StickIn keeps in Checking runs its last step for ever.
func (e *Emulator) modifyCheckProgress(j *syncJob, now time.Time) *progress {
	if j.Sub != optChecking {
		return nil
	}
	p := &progress{Steps: make([]stepRecord, len(syncModifyCheckSteps))}
	paces := j.Pace.paces(fieldSub, optChecking, syncModifyCheckSteps, e.scale)
	advanceProgress(p, syncModifyCheckSteps, paces, j.SubSince, syncMachine.effectiveIn(j, fieldSub, now))
	if syncMachine.stuck(j, fieldSub) {
		keepLastStepRunning(p, syncModifyCheckSteps)
	}
	return p
}

// syncCheckResult renders a check report as DescribeCheckSyncJobResult's
// sample does: steps numbered from 1, a done step finished (with Warnings
// when it warns), a failed one failed with Errors, a step skipped by
// SkipSyncCheckItem skipped; StepCur is the step being run (StepCount once
// the check ended). skipInfo is the StepTip.SkipInfo of a skippable failure.
func syncCheckResult(r *checkReport, skipInfo string) *dtsapi.DescribeCheckSyncJobResultResponse {
	n := len(r.Steps)
	resp := &dtsapi.DescribeCheckSyncJobResultResponse{
		Status: ptr(r.Status), StepCount: ptr(uint64(n)), StepInfos: []*dtsapi.StepInfo{},
		Progress: ptr(uint64(0)), StepCur: ptr(uint64(0)),
	}
	if r.Status == dtsapi.CheckStatusNotStarted {
		resp.StepCount = ptr(uint64(0))
		return resp
	}
	resp.Progress = ptr(uint64(r.Done * 100 / n))
	resp.StepCur = ptr(uint64(min(r.Done+1, n)))
	if r.Status != dtsapi.CheckStatusRunning {
		resp.StepCur = ptr(uint64(n))
	}
	for i := range r.Steps {
		resp.StepInfos = append(resp.StepInfos, syncCheckStepInfo(i, &r.Steps[i], skipInfo))
	}
	return resp
}

// syncCheckStepInfo renders step i of a check.
func syncCheckStepInfo(i int, s *checkStepReport, skipInfo string) *dtsapi.StepInfo {
	v := &dtsapi.StepInfo{
		StepNo: ptr(uint64(i + 1)), StepName: ptr(s.def.Name), StepId: ptr(s.def.ID), Status: ptr(stepNotStarted),
		StartTime: fmtTimeOrEmpty(s.start), FinishTime: fmtTimeOrEmpty(s.finish), Progress: ptr[int64](0),
		Errors: []*dtsapi.StepTip{}, Warnings: []*dtsapi.StepTip{},
	}
	switch {
	case s.running:
		v.Status, v.Progress = ptr(stepRunning), ptr(int64(percent(s.partial, s.def.Duration)))
	case s.done:
		v.Status, v.Progress = ptr(stepFinished), ptr[int64](100)
	}
	f := s.finding
	if !s.done || f == nil {
		return v
	}
	tips := func(prefix, skip string) []*dtsapi.StepTip {
		out := make([]*dtsapi.StepTip, 0, len(f.Items))
		for _, it := range f.Items {
			out = append(out, &dtsapi.StepTip{Code: ptr(prefix + s.def.ID), Message: ptr(it.Reason), Solution: ptr(it.Solution),
				HelpDoc: ptr(checkHelpDoc), SkipInfo: ptr(skip)})
		}
		return out
	}
	switch {
	case f.Skipped:
		v.Status, v.Progress = ptr(stepSkipped), ptr[int64](0)
		v.Warnings = []*dtsapi.StepTip{{Code: ptr("Warning: " + s.def.ID), Message: ptr("skipped")}}
	case f.Result == findingFailed:
		if _, unskippable := unskippableSteps[f.StepID]; unskippable {
			skipInfo = ""
		}
		v.Status, v.Errors = ptr(stepFailed), tips("Error: ", skipInfo)
	case f.Result == findingWarning:
		v.Warnings = tips("Warning: ", "")
	}
	return v
}
