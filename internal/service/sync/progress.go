package sync

import (
	"context"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The progress a sync job reports of the work under way, for the waiter's
// prediction (jobkit.View.Percent): the initial load while Running, a
// check's and a modify-check's steps.

// Kind is the sync job kind as data, and CheckKind its precheck, for what
// reads a sync job from outside this package (a compare task's parent job,
// measurements).
var (
	Kind      = kind
	CheckKind = checkKind
)

type checkResult = dtsapi.DescribeCheckSyncJobResultResponse

// checkKind is the precheck of a job (DescribeCheckSyncJobResult), for the
// kit: the check reports its steps, which DescribeSyncJobs does not, so
// the check is waited for here.
var checkKind = &jobkit.Kind[checkResult]{
	Noun: "check of sync job",
	Describe: func(ctx context.Context, env *jobkit.Env, region, id string) (*checkResult, error) {
		return env.Client.DescribeCheckSyncJobResult(ctx, region, &dtsapi.DescribeCheckSyncJobResultRequest{JobId: &id})
	},
	View: func(r *checkResult) *jobkit.View[checkResult] {
		v := &jobkit.View[checkResult]{Status: tfkit.Str(r.Status)}
		v.Step, v.Percent = stepsProgress(r.StepInfos, r.Progress)
		v.StepNow, v.StepAll = tfkit.Count(r.StepCur), tfkit.Count(r.StepCount)
		return v
	},
	Statuses:     dtsapi.MustEnum("DescribeCheckSyncJobResultResponse.Status").Values,
	Transitional: []string{dtsapi.CheckStatusNotStarted, dtsapi.CheckStatusRunning},
}

// stepsProgress is the progress of a check from its steps (each at its
// percentage), or else from its overall Progress; and the step running.
func stepsProgress(steps []*dtsapi.StepInfo, overall *uint64) (step string, percent int64) {
	var percents []int64
	for _, s := range steps {
		if s == nil || tfkit.Str(s.Status) == "skipped" {
			continue
		}
		p := int64(0)
		if s.Progress != nil {
			p = *s.Progress
		}
		percents = append(percents, p)
		if tfkit.Str(s.Status) == dtsapi.CheckStatusRunning {
			step = tfkit.Str(s.StepName)
		}
	}
	percent = jobkit.StepsPercent(percents)
	if percent < 0 && overall != nil {
		percent = int64(*overall)
	}
	return step, percent
}

// loadProgress is the initial load's progress of a Running job (Progress
// reads -1 once the incremental step runs).
func loadProgress(v *jobkit.View[info], d *dtsapi.SyncDetailInfo) {
	if v.Status != stRunning || d.Progress == nil || *d.Progress < 0 {
		return
	}
	v.Percent = *d.Progress
	v.StepNow, v.StepAll = tfkit.Count(d.StepNow), tfkit.Count(d.StepAll)
}
