// Package sync is the dts_sync_job resource and the sync data sources
// (dts_sync_jobs, dts_sync_job): the schema, the model's exceptions, the
// plan-time rules and the lifecycle table of a DTS data sync job, on
// internal/jobkit's machinery.
package sync

import (
	"context"
	"slices"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The sync job's contract: README §4b and the seed's sync status table.

type info = dtsapi.SyncJobInfo

// Desired stages (the `state` attribute).
const (
	stageChecked = "checked"
	stageRunning = "running"
	stagePaused  = "paused"
	stageStopped = "stopped"
)

var desiredStages = []string{stageChecked, stageRunning, stagePaused, stageStopped}

// Status shorthands.
const (
	stUnInitialized = dtsapi.SyncStatusUnInitialized
	stInitialized   = dtsapi.SyncStatusInitialized
	stChecking      = dtsapi.SyncStatusChecking
	stCheckPass     = dtsapi.SyncStatusCheckPass
	stCheckNotPass  = dtsapi.SyncStatusCheckNotPass
	stReadyRunning  = dtsapi.SyncStatusReadyRunning
	stRunning       = dtsapi.SyncStatusRunning
	stPausing       = dtsapi.SyncStatusPausing
	stPaused        = dtsapi.SyncStatusPaused
	stStopping      = dtsapi.SyncStatusStopping
	stStopped       = dtsapi.SyncStatusStopped
	stResumableErr  = dtsapi.SyncStatusResumableErr
	stResuming      = dtsapi.SyncStatusResuming
	stFailed        = dtsapi.SyncStatusFailed
	stReleased      = dtsapi.SyncStatusReleased
	stResetting     = dtsapi.SyncStatusResetting
	stUnknown       = dtsapi.SyncStatusUnknown

	trNormal    = dtsapi.SyncTradeStatusNormal
	trResizing  = dtsapi.SyncTradeStatusResizing
	trIsolating = dtsapi.SyncTradeStatusIsolating
	trIsolated  = dtsapi.SyncTradeStatusIsolated
	trOfflining = dtsapi.SyncTradeStatusOfflining
	trOfflined  = dtsapi.SyncTradeStatusOfflined
	trNotBilled = dtsapi.SyncTradeStatusNotBilled
)

var (
	allStatuses = dtsapi.MustEnum("SyncJobInfo.Status").Values
	allTrade    = dtsapi.MustEnum("SyncJobInfo.TradeStatus").Values

	// The job was never started: its configuration can still change.
	preStart  = []string{stUnInitialized, stInitialized, stChecking, stCheckPass, stCheckNotPass}
	allOptObj = dtsapi.MustEnum("SyncJobInfo.OptObjStatus").Values
	// OptObjStatus values that resolve on their own: a modify-check, and
	// the change of the objects being made.
	optObjBusy = []string{dtsapi.SyncOptObjChecking, dtsapi.SyncOptObjModifying}

	// Statuses that resolve on their own; Read keeps the prior desired state.
	transitional = []string{stChecking, stReadyRunning, stPausing, stStopping, stResuming, stResetting, stUnknown}
	// Statuses in which the job can be neither stopped nor isolated: delete waits them out.
	deleteWaitOut = []string{stChecking, stPausing, stStopping, stResetting}
	// Billing statuses that resolve on their own (a resize, a renewal, a
	// change of pay mode): a delete waits them out before isolating.
	tradeWaitOut = []string{trResizing, dtsapi.SyncTradeStatusRenewing, dtsapi.SyncTradeStatusRecovering,
		dtsapi.SyncTradeStatusPostPay2Prepaying, dtsapi.SyncTradeStatusPrePay2Postpaying}
)

// kind is the sync job for the kit.
var kind = &jobkit.Kind[info]{
	Noun: "sync job",
	Describe: func(ctx context.Context, env *jobkit.Env, region, id string) (*info, error) {
		out, err := env.Client.DescribeSyncJobs(ctx, region, &dtsapi.DescribeSyncJobsRequest{JobId: &id})
		if err != nil {
			return nil, err
		}
		for _, j := range out.JobList {
			if j != nil && tfkit.Str(j.JobId) == id {
				return j, nil
			}
		}
		return nil, nil // the list has no not-found code: an absent job is gone
	},
	View: view,
	Gone: func(v *jobkit.View[info]) bool {
		return v.TradeStatus == trOfflining || v.TradeStatus == trOfflined || v.Status == stReleased
	},
	Statuses:      allStatuses,
	Transitional:  transitional,
	TradeStatuses: allTrade,
}

func view(j *info) *jobkit.View[info] {
	v := &jobkit.View[info]{Status: tfkit.Str(j.Status), TradeStatus: tfkit.Str(j.TradeStatus), Phase: tfkit.Str(j.OptObjStatus),
		Allowed: tfkit.Strings(j.Actions), Percent: -1}
	d := j.Detail
	if d == nil {
		return v
	}
	v.Message = strings.TrimSpace(tfkit.Str(d.Message))
	if e := d.ErrInfo; e != nil {
		for _, part := range []string{tfkit.Str(e.Reason), tfkit.Str(e.Message)} {
			if part = strings.TrimSpace(part); part != "" && !strings.Contains(v.Message, part) {
				v.Message = strings.TrimPrefix(v.Message+": "+part, ": ")
			}
		}
		if sol := strings.TrimSpace(tfkit.Str(e.Solution)); sol != "" {
			v.Message += " (solution: " + sol + ")"
		}
	}
	for _, step := range d.StepInfos {
		if step != nil && d.StepNow != nil && step.StepNo != nil && *step.StepNo == *d.StepNow {
			v.Step = tfkit.Str(step.StepName)
		}
	}
	loadProgress(v, d)
	return v
}

// satisfies reports whether status satisfies the desired stage.
func satisfies(desired, status, runMode string) bool {
	switch desired {
	case stageChecked:
		return status == stCheckPass
	case stageRunning:
		return status == stRunning || (status == stReadyRunning && runMode == "Timed")
	case stagePaused:
		return status == stPaused
	case stageStopped:
		return status == stStopped
	}
	return false
}

func satisfying(desired, runMode string) []string {
	return slices.DeleteFunc(slices.Clone(allStatuses), func(s string) bool { return !satisfies(desired, s, runMode) })
}

// stageOf is the stage Read writes into `state` when the job is in a stable
// status that does not satisfy the desired one: a desired stage where one
// matches, otherwise the raw status, so the plan shows the way back.
func stageOf(status string) string {
	switch status {
	case stCheckPass, stChecking:
		return stageChecked
	case stRunning, stReadyRunning, stResuming, stUnknown:
		return stageRunning
	case stPaused, stPausing:
		return stagePaused
	case stStopped, stStopping:
		return stageStopped
	}
	return status // UnInitialized, Initialized, CheckNotPass, ResumableErr, Failed, Resetting, Released
}

// observedState is the `state` Read reports.
func observedState(prior, status, tradeStatus, runMode string) string {
	switch {
	case tradeStatus == trIsolated:
		return trIsolated
	case prior != "" && slices.Contains(transitional, status):
		return prior
	case prior != "" && satisfies(prior, status, runMode):
		return prior
	case prior == "" && satisfies(stageRunning, status, runMode):
		return stageRunning // import: the default stage, so no change is planned
	}
	return stageOf(status)
}

// started reports whether StartSyncJob was accepted for a job in status.
func started(status string) bool {
	return status != "" && !slices.Contains(preStart, status)
}

// deleter is the sync job's delete sequence. It stops a job that allows it
// (its Actions have stop: ReadyRunning, Running, Paused, ResumableErr,
// Resuming in the table): DTS would isolate it directly, but stopping first
// ends the sync cleanly.
func deleter(j *jobkit.Job[info]) jobkit.Deleter {
	c, region, id := j.Env.Client, j.Region, &j.ID
	return jobkit.Deleter{
		WaitOut:  deleteWaitOut,
		StopVerb: dtsapi.VerbStop,
		Stopped:  stStopped,
		Stop: func(ctx context.Context) error {
			_, err := c.StopSyncJob(ctx, region, &dtsapi.StopSyncJobRequest{JobId: id})
			return err
		},
		TradeIsolating: trIsolating, TradeIsolated: trIsolated,
		TradeWaitOut: tradeWaitOut,
		Isolate: func(ctx context.Context) error {
			_, err := c.IsolateSyncJob(ctx, region, &dtsapi.IsolateSyncJobRequest{JobId: id})
			return err
		},
		TradeDone: trOfflined,
		Destroy: func(ctx context.Context) error {
			_, err := c.DestroySyncJob(ctx, region, &dtsapi.DestroySyncJobRequest{JobId: id})
			return err
		},
	}
}
