package jobkit

import (
	"context"
	"slices"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Parent is a job as a child job (a compare task) sees it, whatever its kind:
// a migration job (dts-…) or a sync job (sync-…), read with that kind's
// Describe call. The child's package never imports the parent's.
type Parent struct {
	ID string
	// Noun names the parent's kind: "migration job", "sync job".
	Noun   string
	Status string
	// Allowed are the operations the parent allows now (AllowedAction,
	// Actions): a child is created only when they hold its verb
	// (createCmpTask).
	Allowed []string
	// Incremental reports the parent's incremental phase: a migration job
	// in readyComplete, a sync job Running at its last step (the endless
	// incremental step, `sinker` in the DescribeSyncJobs sample) — its
	// initial load done.
	Incremental bool
	// Ended reports a job that ended or is ending (a migration job
	// completed, stopped or failed, a sync job stopped, failed or
	// released): it no longer runs, and DTS takes no compare task of it.
	Ended bool
	// Refusal is why the parent refuses a builtin consistency check now
	// (a sync job's Detail.CauseOfCompareDisable); "" when it does not say.
	Refusal string
	// Src and Dst are the database types of the link.
	Src, Dst string
	Message  string
}

// The statuses of a job that ended or is ending, by kind.
var (
	migrationEnded = []string{dtsapi.MigrationStatusSuccess, dtsapi.MigrationStatusFailed, dtsapi.MigrationStatusCanceled,
		dtsapi.MigrationStatusCompleting, dtsapi.MigrationStatusStopping}
	syncEnded = []string{dtsapi.SyncStatusStopped, dtsapi.SyncStatusFailed, dtsapi.SyncStatusReleased, dtsapi.SyncStatusStopping}
)

// Parent kinds by the prefix of their IDs.
var parentKinds = []struct {
	prefix, noun string
	describe     func(ctx context.Context, env *Env, region, id string) (*Parent, error)
}{
	{"dts-", "migration job", describeMigrationParent},
	{"sync-", "sync job", describeSyncParent},
}

// ParentNoun names the kind of job an ID belongs to ("migration job" for
// dts-…, "sync job" for sync-…); "" for neither.
func ParentNoun(id string) string {
	for _, k := range parentKinds {
		if strings.HasPrefix(id, k.prefix) {
			return k.noun
		}
	}
	return ""
}

// DescribeParent reads the job id in region with its kind's Describe call; a
// gone job is (nil, nil) or an error client.IsNotFound reports.
func (e *Env) DescribeParent(ctx context.Context, region, id string) (*Parent, error) {
	for _, k := range parentKinds {
		if strings.HasPrefix(id, k.prefix) {
			p, err := k.describe(ctx, e, region, id)
			if p != nil {
				p.ID, p.Noun = id, k.noun
			}
			return p, err
		}
	}
	return nil, nil
}

func describeMigrationParent(ctx context.Context, env *Env, region, id string) (*Parent, error) {
	d, err := env.Client.DescribeMigrationDetail(ctx, region, &dtsapi.DescribeMigrationDetailRequest{JobId: &id})
	if err != nil || d == nil {
		return nil, err
	}
	p := &Parent{Status: tfkit.Str(d.Status), Message: tfkit.Str(d.BriefMsg)}
	p.Incremental = p.Status == dtsapi.MigrationStatusReadyComplete
	p.Ended = slices.Contains(migrationEnded, p.Status)
	if d.Action != nil {
		p.Allowed = tfkit.Strings(d.Action.AllowedAction)
	}
	if d.SrcInfo != nil {
		p.Src = tfkit.Str(d.SrcInfo.DatabaseType)
	}
	if d.DstInfo != nil {
		p.Dst = tfkit.Str(d.DstInfo.DatabaseType)
	}
	return p, nil
}

func describeSyncParent(ctx context.Context, env *Env, region, id string) (*Parent, error) {
	out, err := env.Client.DescribeSyncJobs(ctx, region, &dtsapi.DescribeSyncJobsRequest{JobId: &id})
	if err != nil {
		return nil, err
	}
	for _, j := range out.JobList {
		if j == nil || tfkit.Str(j.JobId) != id {
			continue
		}
		p := &Parent{Status: tfkit.Str(j.Status), Allowed: tfkit.Strings(j.Actions),
			Src: tfkit.Str(j.SrcDatabaseType), Dst: tfkit.Str(j.DstDatabaseType)}
		p.Ended = slices.Contains(syncEnded, p.Status)
		if d := j.Detail; d != nil {
			p.Refusal = strings.TrimSpace(tfkit.Str(d.CauseOfCompareDisable))
			p.Message = strings.TrimSpace(tfkit.Str(d.Message))
			all, now := tfkit.Deref(d.StepAll), tfkit.Deref(d.StepNow)
			p.Incremental = p.Status == dtsapi.SyncStatusRunning && all > 0 && now == all
		}
		return p, nil
	}
	return nil, nil // the list has no not-found code: an absent job is gone
}
