package emulator

import (
	"slices"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Rendering a sync job: SyncJobInfo (DescribeSyncJobs) and its Detail
// (SyncDetailInfo), whose steps, progress and lag move with the job clock.

// syncJobInfo renders j as a SyncJobInfo at time now.
func (e *Emulator) syncJobInfo(j *syncJob, now time.Time) *dtsapi.SyncJobInfo {
	p := e.syncProgress(j, now)
	return &dtsapi.SyncJobInfo{
		JobId:                     ptr(j.JobID),
		JobName:                   ptr(j.JobName),
		PayMode:                   ptr(j.PayMode),
		RunMode:                   ptr(j.RunMode),
		ExpectRunTime:             fmtTime(j.ExpectRunTime),
		AllActions:                ptrs(syncVerbs),
		Actions:                   ptrs(syncMachine.allowed(j)),
		Options:                   j.optionsView(),
		Objects:                   j.Objects,
		Specification:             ptr(j.Specification),
		ExpireTime:                fmtTime(j.ExpireTime),
		SrcRegion:                 ptr(j.SrcRegion),
		SrcDatabaseType:           ptr(j.SrcDatabaseType),
		SrcAccessType:             ptr(j.SrcAccessType),
		SrcInfo:                   j.SrcInfo,
		SrcNodeType:               ptr(j.SrcNodeType),
		SrcInfos:                  j.SrcInfos,
		DstRegion:                 ptr(j.DstRegion),
		DstDatabaseType:           ptr(j.DstDatabaseType),
		DstAccessType:             ptr(j.DstAccessType),
		DstInfo:                   j.DstInfo,
		DstNodeType:               ptr(j.DstNodeType),
		DstInfos:                  j.DstInfos,
		CreateTime:                fmtTime(j.CreateTime),
		StartTime:                 fmtTime(j.StartTime),
		Status:                    ptr(j.Status),
		EndTime:                   fmtTime(j.EndTime),
		Tags:                      slices.Clone(j.Tags),
		Detail:                    syncDetail(j, p),
		TradeStatus:               ptr(j.Trade),
		InstanceClass:             ptr(j.InstanceClass),
		AutoRenew:                 ptr(j.AutoRenew),
		OfflineTime:               fmtTime(j.OfflineTime),
		OptObjStatus:              ptr(j.Sub),
		AutoRetryTimeRangeMinutes: ptr(j.AutoRetryTimeRangeMinutes),
		DumperResumeCtrl:          ptr(syncDumperResumeCtrl(j, p)),
	}
}

// optionsView is Options as DescribeSyncJobs reads them back: the
// configured options with the job's rate limit and retry window.
func (j *syncJob) optionsView() *dtsapi.Options {
	var o dtsapi.Options
	if j.Options != nil {
		o = *j.Options
	}
	o.RateLimitOption = j.RateLimit
	if o.RateLimitOption == nil {
		o.RateLimitOption = defaultSyncRateLimit()
	}
	o.AutoRetryTimeRangeMinutes = ptr(j.AutoRetryTimeRangeMinutes)
	return &o
}

// syncProgress is the progress of the job's run at now (nil before its
// first start).
func (e *Emulator) syncProgress(j *syncJob, now time.Time) *progress {
	if j.Status == syRunning && j.Progress[syRunning] != nil {
		return syncMachine.progressAt(j, now, e.scale)
	}
	return j.Progress[syRunning]
}

// syncDumperResumeCtrl is "no" while the full export runs (it cannot be
// resumed from a checkpoint), "yes" otherwise.
func syncDumperResumeCtrl(j *syncJob, p *progress) string {
	if j.Status == syRunning && p != nil {
		if steps := syncRunSteps(j); p.Done < len(steps) && steps[p.Done].ID == stepSyncDumper.ID {
			return "no"
		}
	}
	return "yes"
}

// syncStepStatus is the StepInfo.Status of the step a job is at, by job
// status.
func syncStepStatus(status string) string {
	switch status {
	case syPausing, syPaused:
		return "paused"
	case syResumableErr, syFailed, syUnknown:
		return stepFailed
	case syStopping, syStopped, syReleased, syResetting:
		return stepFinished
	case syReadyRunning:
		return stepNotStarted
	}
	return stepRunning
}

// syncDetail renders the run (SyncDetailInfo) from its progress p. During
// the initial load Progress is the share of it done and the current step
// shows its percentage; once the endless incremental step (sinker) runs,
// Progress and every step's progress read -1, CurrentStepProgress 0, as in
// the sample, and the lag is syncLag.
func syncDetail(j *syncJob, p *progress) *dtsapi.SyncDetailInfo {
	d := &dtsapi.SyncDetailInfo{
		Message:               ptr(j.ErrReason),
		StepInfos:             []*dtsapi.StepInfo{},
		CauseOfCompareDisable: ptr(j.compareDisabled()),
		ErrInfo:               &dtsapi.ErrInfo{Reason: ptr(j.ErrReason), Message: ptr(j.ErrMessage), Solution: ptr(j.ErrSolution)},
	}
	if p == nil {
		return d
	}
	steps := syncRunSteps(j)
	last := len(steps) - 1
	cur := min(p.Done, last)
	incremental := cur == last && j.Status != syReadyRunning
	var total, done time.Duration
	for i, s := range steps {
		v := syncStepView(j, p, i, cur)
		if incremental {
			v.Progress = ptr[int64](-1)
		}
		d.StepInfos = append(d.StepInfos, v)
		total += s.Duration
		if i < cur {
			done += s.Duration
		}
	}
	d.StepAll, d.StepNow = ptr(uint64(len(steps))), ptr(uint64(cur+1))
	if incremental {
		d.Progress, d.CurrentStepProgress = ptr[int64](-1), ptr[int64](0)
		if j.Status == syRunning {
			lag := syncLag(total, p.Partial)
			d.SecondsBehindMaster, d.MasterSlaveDistance = ptr(lag), ptr(lag*syncBytesPerLagSecond)
		}
		return d
	}
	if j.Status != syReadyRunning {
		done += p.Partial
	}
	d.Progress = ptr(int64(percent(done, total)))
	d.CurrentStepProgress = d.StepInfos[cur].Progress
	return d
}

// syncStepView renders step i of the run; cur is the step the job is at.
func syncStepView(j *syncJob, p *progress, i, cur int) *dtsapi.StepInfo {
	s := syncRunSteps(j)[i]
	v := &dtsapi.StepInfo{
		StepNo: ptr(uint64(i + 1)), StepName: ptr(s.Name), StepId: ptr(s.ID),
		Status: ptr(stepNotStarted), StartTime: ptr(""), FinishTime: ptr(""), Progress: ptr[int64](0),
		Errors: []*dtsapi.StepTip{}, Warnings: []*dtsapi.StepTip{},
	}
	if j.Status == syReadyRunning || i > cur {
		return v
	}
	if i < len(p.Steps) {
		v.StartTime, v.FinishTime = fmtTimeOrEmpty(p.Steps[i].Start), fmtTimeOrEmpty(p.Steps[i].Finish)
	}
	if i < cur {
		v.Status, v.Progress = ptr(stepFinished), ptr[int64](100)
		return v
	}
	v.Status = ptr(syncStepStatus(j.Status))
	v.Progress = ptr(int64(percent(p.Partial, s.Duration)))
	if *v.Status == stepFailed {
		v.Errors = []*dtsapi.StepTip{{Code: ptr("Error: " + s.ID), Message: ptr(j.ErrMessage), Solution: ptr(j.ErrSolution),
			HelpDoc: ptr(checkHelpDoc)}}
	}
	return v
}

// syncBytesPerLagSecond converts the lag into MasterSlaveDistance: the
// emulator counts 1 KiB of binary log per second behind.
const syncBytesPerLagSecond = 1024

// syncLag is SecondsBehindMaster once the incremental step has run for
// inSinker (nominal): the binary log that piled up during the initial load
// (backlog, its nominal duration) drains four times faster than it grows,
// then the lag stays small, 0–2 s, cycling with the clock.
func syncLag(backlog, inSinker time.Duration) int64 {
	elapsed := int64(inSinker / time.Second)
	if lag := int64(backlog/time.Second) - 4*elapsed; lag > 2 {
		return lag
	}
	return elapsed % 3
}
