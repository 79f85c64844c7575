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
	transitional = []string{stChecking, stReadyRunning, stPausing, stStopping, stResuming, stResetting}
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
	// The reads of one plan are coalesced: DescribeSyncJobs lists up to 100
	// jobs by ID. The list has no not-found code: an absent job is gone.
	Describe: func(ctx context.Context, env *jobkit.Env, region, id string) (*info, error) {
		return jobkit.Batched(ctx, env, "DescribeSyncJobs", region, id, func(ctx context.Context, ids []string) (map[string]*info, error) {
			out, err := env.Client.DescribeSyncJobs(ctx, region, &dtsapi.DescribeSyncJobsRequest{JobIds: tfkit.Ptrs(ids),
				Limit: tfkit.Ptr(uint64(jobkit.MaxBatch))})
			if err != nil {
				return nil, err
			}
			jobs := make(map[string]*info, len(out.JobList))
			for _, j := range out.JobList {
				if j != nil {
					jobs[tfkit.Str(j.JobId)] = j
				}
			}
			return jobs, nil
		})
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

// stages are the `state` attribute's stages and the statuses that satisfy
// them (the resource page's table).
var stages = jobkit.Stages{
	Satisfy: map[string][]string{
		stageChecked: {stCheckPass},
		stageRunning: {stRunning},
		stagePaused:  {stPaused},
		stageStopped: {stStopped},
	},
	Timed: []string{stReadyRunning}, TimedMode: "Timed",
	Of: map[string]string{
		stCheckPass: stageChecked, stChecking: stageChecked,
		stRunning: stageRunning, stReadyRunning: stageRunning, stResuming: stageRunning,
		stPaused: stagePaused, stPausing: stagePaused,
		stStopped: stageStopped, stStopping: stageStopped,
	}, // UnInitialized, Initialized, CheckNotPass, ResumableErr, Failed, Resetting, Released, Unknown read raw
	Default: stageRunning, Transitional: transitional, Isolated: trIsolated,
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
