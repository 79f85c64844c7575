package migration

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

func (r *jobResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var u update
	resp.Diagnostics.Append(req.Plan.Get(ctx, &u.plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &u.state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &u.config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := u.plan.Timeouts.Update(ctx, updateTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	u.r, u.job, u.diags = r, r.job(&u.state), &resp.Diagnostics
	u.plan.ID, u.prior = u.state.ID, req.State
	u.token = jobkit.ReadMeta(ctx, req.Private).Token
	u.changes = tfkit.PlannedChanges(req.State.Raw, req.Plan.Raw, req.Config.Raw)
	ctx, u.remaining = r.env.Budget(ctx, timeout)
	if err := u.run(ctx); err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("updating migration job", u.job.ID, err))
		// Errors in Update never taint: record what the job is now, so the
		// next plan shows what is left to do.
		r.states.SaveObserved(ctx, u.job, &u.state, resp.Private, &resp.State, &resp.Diagnostics)
		return
	}
	r.states.SaveApplied(ctx, u.job, &u.plan, resp.Private, &resp.State, &resp.Diagnostics)
}

// update makes the changes of one plan.
type update struct {
	r                   *jobResource
	job                 *jobT
	plan, state, config jobModel
	prior               tfsdk.State
	changes             tfkit.Changes
	token               string
	remaining           func() time.Duration
	diags               *diag.Diagnostics
}

// run makes the changes in this order: lift a billing isolation, resize,
// reconfigure (before the start) or rename and change the runtime attributes
// (after it), drive the job to the desired stage (applying a changed rate
// limit once it runs).
func (u *update) run(ctx context.Context) error {
	v, err := u.job.Describe(ctx)
	if err != nil || v == nil {
		return err
	}
	if v.Status == stCreating || v.Status == stChecking {
		// A job being bought or checked (an import right after a purchase)
		// cannot be reconfigured yet: let it settle first.
		if v, err = u.job.WaitSettled(ctx, u.job.Noun()+" to leave "+v.Status, u.remaining(), nil); err != nil {
			return err
		}
	}
	if v.TradeStatus == trIsolated {
		if v, err = recoverIsolated(ctx, u.job, u.remaining()); err != nil {
			return err
		}
	}
	if u.changes.Any("instance_class") {
		if err := u.resize(ctx); err != nil {
			return err
		}
	}
	var reconfigure func(context.Context) error
	if started(v.Status) {
		err = u.afterStart(ctx)
	} else {
		reconfigure = func(ctx context.Context) error {
			return u.r.configureAndCheck(ctx, u.job, &u.plan, &u.config, u.token, u.remaining())
		}
		if u.configChanged() || v.Status == stCheckNotPass || v.Status == stCreated {
			// Before the start the whole configuration (and every secret) is
			// sent again and checked again. A failed check leaves the job
			// untainted in checkNotPass.
			err, reconfigure = reconfigure(ctx), nil
		}
	}
	if err != nil {
		return err
	}
	v, err = drive(ctx, u.job, u.r.driveOptions(ctx, &u.plan, reconfigure, nil), u.remaining())
	if err == nil && u.changes.Any("rate_limit") && started(v.Status) && v.Status != stRunning && v.Status != stReadyComplete {
		u.diags.AddWarning("Rate limit recorded, not applied yet",
			fmt.Sprintf("Migration job %s is %s, and DTS changes the rate limit only while a job runs. It is applied when the job runs again.", u.job.ID, v.Status))
	}
	return err
}

// configChanged reports a change that needs a new configuration and check.
func (u *update) configChanged() bool {
	if u.changes.Any("expect_run_time") && u.plan.ExpectRunTime.SameInstant(u.state.ExpectRunTime) {
		changes := slices.DeleteFunc(slices.Clone(u.changes), func(p tfkit.Path) bool { return p.Under("expect_run_time") })
		return changes.Any("name", "tags", "src_info", "dst_info", "migrate_option", "run_mode", "auto_retry_time_range_minutes")
	}
	return u.changes.Any("name", "tags", "src_info", "dst_info", "migrate_option", "run_mode", "expect_run_time", "auto_retry_time_range_minutes")
}

func (u *update) resize(ctx context.Context) error {
	_, err := u.r.env.Client.ModifyMigrateJobSpec(ctx, u.job.Region, &dtsapi.ModifyMigrateJobSpecRequest{JobId: &u.job.ID,
		NewInstanceClass: optString(u.plan.InstanceClass)})
	if err = jobkit.AfterLostReply(ctx, err); err != nil {
		return err
	}
	_, err = u.job.Wait(ctx, jobkit.Wait{Operation: u.job.Noun() + " to be resized", Trade: true,
		Pending: []string{trResizing}, Target: jobkit.Except(allTrade, trResizing)}, u.remaining())
	return err
}

// afterStart makes what a started job can change: its name, the runtime
// attributes, and records new secrets, which DTS cannot take any more.
func (u *update) afterStart(ctx context.Context) error {
	c, region, id := u.r.env.Client, u.job.Region, &u.job.ID
	if u.changes.Any("name") {
		if _, err := c.ModifyMigrateName(ctx, region, &dtsapi.ModifyMigrateNameRequest{JobId: id, JobName: optString(u.plan.Name)}); err != nil {
			return err
		}
	}
	if options := runtimeOptions(&u.state, &u.plan); len(options) > 0 {
		if _, err := c.ModifyMigrateRuntimeAttribute(ctx, region, &dtsapi.ModifyMigrateRuntimeAttributeRequest{JobId: id, OtherOptions: options}); err != nil {
			return err
		}
	}
	var recorded []string
	for _, p := range u.changes {
		// A version that was unset (an import) is only being recorded.
		var was types.Int64
		if strings.HasSuffix(string(p), "_wo_version") && !u.prior.GetAttribute(ctx, p.Framework(), &was).HasError() && !was.IsNull() {
			recorded = append(recorded, string(p))
		}
	}
	if len(recorded) > 0 {
		u.diags.AddWarning("Change recorded, not applied",
			fmt.Sprintf("Migration job %s has started, and DTS cannot change %s of a started job. The new value is recorded in the state only; it takes effect if the job is ever replaced.",
				u.job.ID, strings.Join(recorded, ", ")))
	}
	return nil
}

// runtimeOptions are the ModifyMigrateRuntimeAttribute options a started job
// can change: the target's read-only flag and the Redis write mode.
func runtimeOptions(state, plan *jobModel) []*dtsapi.KeyValuePairOption {
	if state.MigrateOption == nil || plan.MigrateOption == nil {
		return nil
	}
	var out []*dtsapi.KeyValuePairOption
	before, after := state.MigrateOption, plan.MigrateOption
	if !after.IsDstReadOnly.IsNull() && !after.IsDstReadOnly.Equal(before.IsDstReadOnly) {
		out = append(out, &dtsapi.KeyValuePairOption{Key: tfkit.Ptr("IsDstReadOnly"), Value: tfkit.Ptr(fmt.Sprint(after.IsDstReadOnly.ValueBool()))})
	}
	if mode, ok := after.ExtraAttr["DstWriteMode"]; ok && mode != before.ExtraAttr["DstWriteMode"] {
		out = append(out, &dtsapi.KeyValuePairOption{Key: tfkit.Ptr("DstWriteMode"), Value: tfkit.Ptr(mode)})
	}
	return out
}
