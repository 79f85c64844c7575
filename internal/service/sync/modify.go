package sync

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Changing the objects (and the dynamic options) of a running job, in place
// and without a stop: ModifySyncJobConfig → CreateModifyCheckSyncJob → poll
// DescribeModifyCheckSyncJobResult → StartModifySyncJob → wait until
// OptObjStatus is Normal again.

type modifyCheck = dtsapi.DescribeModifyCheckSyncJobResultResponse

// modifyCheckKind is the modify-check of a job, for the kit: its own
// Describe call and statuses, so that the one waiter polls it.
var modifyCheckKind = &jobkit.Kind[modifyCheck]{
	Noun: "modify-check of sync job",
	Describe: func(ctx context.Context, env *jobkit.Env, region, id string) (*modifyCheck, error) {
		return env.Client.DescribeModifyCheckSyncJobResult(ctx, region, &dtsapi.DescribeModifyCheckSyncJobResultRequest{JobId: &id})
	},
	View: func(r *modifyCheck) *jobkit.View[modifyCheck] {
		v := &jobkit.View[modifyCheck]{Status: tfkit.Str(r.Status)}
		v.Step, v.Percent = stepsProgress(r.StepInfos, r.Progress)
		v.StepNow, v.StepAll = tfkit.Count(r.StepCur), tfkit.Count(r.StepCount)
		return v
	},
	Statuses:     dtsapi.MustEnum("DescribeModifyCheckSyncJobResultResponse.Status").Values,
	Transitional: []string{dtsapi.CheckStatusNotStarted, dtsapi.CheckStatusRunning},
}

// modifyObjects changes the objects and dynamic options of a running job to
// the plan's. A failed modify-check fails with its steps and leaves the job
// running with its current objects.
func modifyObjects(ctx context.Context, j *jobT, current *info, plan, state *jobModel, timeout time.Duration) error {
	c, region, id := j.Env.Client, j.Region, &j.ID
	ctx, deadline := j.Env.Budget(ctx, timeout)
	req, err := modifyRequest(ctx, j.ID, current, plan, state)
	if err != nil {
		return err
	}
	if _, err := c.ModifySyncJobConfig(ctx, region, req); err != nil {
		return err
	}
	if _, err := c.CreateModifyCheckSyncJob(ctx, region, &dtsapi.CreateModifyCheckSyncJobRequest{JobId: id}); jobkit.AfterLostReply(ctx, err) != nil {
		return err
	}
	checkJob := jobkit.NewJob(j.Env, modifyCheckKind, region, j.ID)
	v, err := checkJob.Wait(ctx, jobkit.Wait{Operation: "the modify-check of " + j.Noun(),
		Pending: modifyCheckKind.Transitional, Target: []string{dtsapi.CheckStatusSuccess, dtsapi.CheckStatusFailed}}, deadline())
	if err != nil {
		return err
	}
	if v.Status == dtsapi.CheckStatusFailed {
		return checkFailure("object modification", j.Noun(), v.Object.StepInfos,
			"The job keeps running with its current objects. Fix the objects or options and apply again.")
	}
	if _, err := c.StartModifySyncJob(ctx, region, &dtsapi.StartModifySyncJobRequest{JobId: id}); jobkit.AfterLostReply(ctx, err) != nil {
		return err
	}
	tflog.Info(ctx, "sync job objects changing", map[string]any{"job_id": j.ID})
	_, err = j.Wait(ctx, jobkit.Wait{Operation: j.Noun() + " to apply the new objects", Phase: true,
		Target: []string{dtsapi.SyncOptObjNormal}, PendingOthers: true}, deadline())
	return err
}

// modifyRequest is the ModifySyncJobConfig call for the plan; state is
// what the plan changes from.
func modifyRequest(ctx context.Context, id string, current *info, plan, state *jobModel) (*dtsapi.ModifySyncJobConfigRequest, error) {
	req := &dtsapi.ModifySyncJobConfigRequest{JobId: &id, DynamicObjects: &dtsapi.Objects{}, DynamicOptions: &dtsapi.DynamicOptions{}}
	if plan.Objects != nil {
		if err := tfkit.Expand(ctx, plan.Objects, req.DynamicObjects); err != nil {
			return nil, err
		}
	}
	if o := plan.opts(); o != nil {
		if err := tfkit.Expand(ctx, o, req.DynamicOptions); err != nil {
			return nil, err
		}
	}
	was := state.opts()
	if was == nil {
		was = &optionsModel{}
	}
	var now *dtsapi.Options
	if current != nil {
		now = current.Options
	}
	overwrittenOptions(req.DynamicOptions, was, now)
	removedFilters(req.DynamicOptions, was)
	// StartPosition re-positions an increment-only job: sent when it changes.
	if o := req.DynamicOptions; o.StartPosition != nil && *o.StartPosition == was.StartPosition.ValueString() {
		o.StartPosition = nil
	}
	return req, nil
}

// overwrittenOptions fills OpTypes and DdlOptions, which are required and
// overwrite: where the configuration sets none, the job's current ones
// (now) — unless the configuration just removed them (was set), which asks
// for DTS's default: every operation (Insert, Update, Delete, DDL: a job
// without an OpTypes filter syncs them all, inferred from the definition's
// "at least one DML" and the console's default) and no partial DDL.
func overwrittenOptions(o *dtsapi.DynamicOptions, was *optionsModel, now *dtsapi.Options) {
	if len(o.OpTypes) == 0 && was.OpTypes == nil && now != nil {
		o.OpTypes = now.OpTypes
	}
	if len(o.DdlOptions) == 0 && was.DdlOptions == nil && now != nil {
		o.DdlOptions = now.DdlOptions
	}
	if len(o.OpTypes) == 0 {
		o.OpTypes = tfkit.Ptrs(allOpTypes)
	}
	if o.DdlOptions == nil { // required, and sent empty: no partial DDL
		o.DdlOptions = []*dtsapi.DdlOption{}
	}
}

// removedFilters turns off the Kafka filters the configuration removed
// (DTS keeps a member that is not sent).
func removedFilters(o *dtsapi.DynamicOptions, was *optionsModel) {
	if o.FilterBeginCommit == nil && was.FilterBeginCommit.ValueBool() {
		o.FilterBeginCommit = tfkit.Ptr(false)
	}
	if o.FilterCheckpoint == nil && was.FilterCheckpoint.ValueBool() {
		o.FilterCheckpoint = tfkit.Ptr(false)
	}
}

// allOpTypes are the operations a job without an OpTypes filter syncs.
var allOpTypes = []string{"Insert", "Update", "Delete", "DDL"}

// dynamicOptions are the options ModifySyncJobConfig takes (DynamicOptions);
// the others replace a started job.
var dynamicOptions = []string{"op_types", "ddl_options", "conflict_handle_type", "conflict_handle_option", "kafka_option",
	"filter_begin_commit", "filter_checkpoint", "deal_of_exist_same_table", "start_position"}

// dynamicChange reports a change ModifySyncJobConfig makes: the objects or a
// dynamic option.
func dynamicChange(changes tfkit.Changes) bool {
	if changes.Any("objects") {
		return true
	}
	for _, o := range dynamicOptions {
		if changes.Any("options." + o) {
			return true
		}
	}
	return false
}
