// Package migration is the dts_migration_job resource and the migration data
// sources (dts_migration_jobs, dts_migration_job, dts_migrate_db_instances):
// the schema, the model's exceptions, the plan-time rules and the lifecycle
// table of a DTS data migration job. The machinery is internal/jobkit's.
package migration

import (
	"context"
	"slices"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The migration job's contract: the seed's status table and README §4a.

type detail = dtsapi.DescribeMigrationDetailResponse

// Desired stages (the `state` attribute).
const (
	stageChecked   = "checked"
	stageRunning   = "running"
	stagePaused    = "paused"
	stageCompleted = "completed"
	stageStopped   = "stopped"
)

var desiredStages = []string{stageChecked, stageRunning, stagePaused, stageCompleted, stageStopped}

// Status shorthands.
const (
	stCreating      = dtsapi.MigrationStatusCreating
	stCreated       = dtsapi.MigrationStatusCreated
	stChecking      = dtsapi.MigrationStatusChecking
	stCheckPass     = dtsapi.MigrationStatusCheckPass
	stCheckNotPass  = dtsapi.MigrationStatusCheckNotPass
	stReadyRun      = dtsapi.MigrationStatusReadyRun
	stRunning       = dtsapi.MigrationStatusRunning
	stReadyComplete = dtsapi.MigrationStatusReadyComplete
	stSuccess       = dtsapi.MigrationStatusSuccess
	stFailed        = dtsapi.MigrationStatusFailed
	stStopping      = dtsapi.MigrationStatusStopping
	stCompleting    = dtsapi.MigrationStatusCompleting
	stPausing       = dtsapi.MigrationStatusPausing
	stManualPaused  = dtsapi.MigrationStatusManualPaused
	stResumableErr  = dtsapi.MigrationStatusResumableErr
	stResuming      = dtsapi.MigrationStatusResuming
	stUnknown       = dtsapi.MigrationStatusUnknown
	stError         = dtsapi.MigrationStatusError
	stCanceled      = dtsapi.MigrationStatusCanceled

	trNormal    = dtsapi.MigrationTradeStatusNormal
	trResizing  = dtsapi.MigrationTradeStatusResizing
	trReversing = dtsapi.MigrationTradeStatusReversing
	trIsolating = dtsapi.MigrationTradeStatusIsolating
	trIsolated  = dtsapi.MigrationTradeStatusIsolated
	trOfflining = dtsapi.MigrationTradeStatusOfflining
	trOfflined  = dtsapi.MigrationTradeStatusOfflined
	trNotBilled = dtsapi.MigrationTradeStatusNotBilled
)

var (
	allStatuses = dtsapi.MustEnum("JobItem.Status").Values
	allTrade    = dtsapi.MustEnum("TradeInfo.TradeStatus").Values

	// The job was never started: its configuration can still change.
	preStart = []string{stCreating, stCreated, stChecking, stCheckPass, stCheckNotPass}
	// Statuses that resolve on their own; Read keeps the prior desired state.
	transitional = []string{stCreating, stChecking, stReadyRun, stPausing, stResuming, stCompleting, stStopping, stUnknown}
	// Statuses in which the job can be neither stopped nor isolated: delete waits them out.
	deleteWaitOut = []string{stCreating, stChecking, stPausing, stResuming, stCompleting, stStopping}
	// Statuses of a job in error.
	inError = []string{stError, stResumableErr, stFailed}
)

// kind is the migration job for the kit.
var kind = &jobkit.Kind[detail]{
	Noun: "migration job",
	Describe: func(ctx context.Context, env *jobkit.Env, region, id string) (*detail, error) {
		return env.Client.DescribeMigrationDetail(ctx, region, &dtsapi.DescribeMigrationDetailRequest{JobId: &id})
	},
	View: view,
	Gone: func(v *jobkit.View[detail]) bool {
		return v.TradeStatus == trOfflining || v.TradeStatus == trOfflined
	},
	Statuses:      allStatuses,
	Transitional:  transitional,
	TradeStatuses: allTrade,
}

func view(d *detail) *jobkit.View[detail] {
	v := &jobkit.View[detail]{Status: tfkit.Str(d.Status), Message: tfkit.Str(d.BriefMsg), Percent: -1}
	if d.TradeInfo != nil {
		v.TradeStatus = tfkit.Str(d.TradeInfo.TradeStatus)
	}
	if d.Action != nil {
		v.Allowed = tfkit.Strings(d.Action.AllowedAction)
	}
	if s := d.StepInfo; s != nil && s.StepNow != nil {
		for _, step := range s.StepInfo {
			if step != nil && step.StepNo != nil && *step.StepNo == *s.StepNow {
				v.Step = tfkit.Str(step.StepName)
			}
		}
	}
	setProgress(v, d)
	var errs []string
	for _, e := range d.ErrorInfo {
		if e == nil {
			continue
		}
		msg := strings.TrimSpace(tfkit.Str(e.ErrorLog))
		if sol := strings.TrimSpace(tfkit.Str(e.Solution)); sol != "" {
			msg += " (solution: " + sol + ")"
		}
		if msg != "" && !strings.Contains(v.Message, msg) {
			errs = append(errs, msg)
		}
	}
	if len(errs) > 0 {
		if v.Message != "" {
			v.Message += ": "
		}
		v.Message += strings.Join(errs, "; ")
	}
	return v
}

// stages are the `state` attribute's stages and the statuses that satisfy
// them (the resource page's table).
var stages = jobkit.Stages{
	Satisfy: map[string][]string{
		stageChecked:   {stCheckPass},
		stageRunning:   {stRunning, stReadyComplete, stSuccess},
		stagePaused:    {stManualPaused},
		stageCompleted: {stSuccess},
		stageStopped:   {stCanceled},
	},
	Timed: []string{stReadyRun}, TimedMode: "timed",
	Of: map[string]string{
		stCreating: stageChecked, stChecking: stageChecked, stCheckPass: stageChecked,
		stRunning: stageRunning, stReadyComplete: stageRunning, stReadyRun: stageRunning, stResuming: stageRunning, stUnknown: stageRunning,
		stManualPaused: stagePaused, stPausing: stagePaused,
		stSuccess: stageCompleted, stCompleting: stageCompleted,
		stCanceled: stageStopped, stStopping: stageStopped,
	}, // created, checkNotPass, error, resumableErr, failed read raw
	Default: stageRunning, Transitional: transitional, Isolated: trIsolated,
}

// started reports whether StartMigrateJob was accepted for a job in status.
func started(status string) bool {
	return status != "" && !slices.Contains(preStart, status)
}

// redisFamily are the database types DTS migrates as Redis.
var redisFamily = []string{"redis", "tendis", "keewidb"}

func isRedisType(databaseType string) bool { return slices.Contains(redisFamily, databaseType) }

// deleter is the migration job's delete sequence.
func deleter(j *jobkit.Job[detail]) jobkit.Deleter {
	c, region, id := j.Env.Client, j.Region, &j.ID
	return jobkit.Deleter{
		WaitOut:  deleteWaitOut,
		StopVerb: dtsapi.VerbStop,
		Stopped:  stCanceled,
		Stop: func(ctx context.Context) error {
			_, err := c.StopMigrateJob(ctx, region, &dtsapi.StopMigrateJobRequest{JobId: id})
			return err
		},
		TradeIsolating: trIsolating, TradeIsolated: trIsolated,
		TradeWaitOut: []string{trResizing, trReversing},
		Isolate: func(ctx context.Context) error {
			_, err := c.IsolateMigrateJob(ctx, region, &dtsapi.IsolateMigrateJobRequest{JobId: id})
			return err
		},
		TradeDone: trOfflined,
		Destroy: func(ctx context.Context) error {
			_, err := c.DestroyMigrateJob(ctx, region, &dtsapi.DestroyMigrateJobRequest{JobId: id})
			return err
		},
	}
}
