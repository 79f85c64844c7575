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
func modifyObjects(ctx context.Context, j *jobT, current *info, plan *jobModel, timeout time.Duration) error {
	c, region, id := j.Env.Client, j.Region, &j.ID
	deadline := j.Env.Budget(timeout)
	req, err := modifyRequest(ctx, j.ID, current, plan)
	if err != nil {
		return err
	}
	if _, err := c.ModifySyncJobConfig(ctx, region, req); err != nil {
		return err
	}
	if _, err := c.CreateModifyCheckSyncJob(ctx, region, &dtsapi.CreateModifyCheckSyncJobRequest{JobId: id}); err != nil {
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
	if _, err := c.StartModifySyncJob(ctx, region, &dtsapi.StartModifySyncJobRequest{JobId: id}); err != nil {
		return err
	}
	tflog.Info(ctx, "sync job objects changing", map[string]any{"job_id": j.ID})
	_, err = j.Wait(ctx, jobkit.Wait{Operation: j.Noun() + " to apply the new objects", Phase: true,
		Target: []string{dtsapi.SyncOptObjNormal}, PendingOthers: true}, deadline())
	return err
}

// modifyRequest is the ModifySyncJobConfig call for the plan. OpTypes and
// DdlOptions are required and overwrite: where the configuration sets none,
// the job's current ones are sent, and for a job that has none (it syncs
// every operation, inferred from the definition's "at least one DML" and the
// console's default) all of Insert, Update, Delete and DDL.
func modifyRequest(ctx context.Context, id string, current *info, plan *jobModel) (*dtsapi.ModifySyncJobConfigRequest, error) {
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
	o := req.DynamicOptions
	if current != nil && current.Options != nil {
		if len(o.OpTypes) == 0 {
			o.OpTypes = current.Options.OpTypes
		}
		if len(o.DdlOptions) == 0 {
			o.DdlOptions = current.Options.DdlOptions
		}
	}
	if len(o.OpTypes) == 0 {
		// A job configured without OpTypes syncs every operation: say so.
		o.OpTypes = tfkit.Ptrs(allOpTypes)
	}
	if o.DdlOptions == nil { // required, and sent empty: the job syncs no partial DDL
		o.DdlOptions = []*dtsapi.DdlOption{}
	}
	return req, nil
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
