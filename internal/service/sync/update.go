package sync

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
	u.changes = tfkit.PlannedChanges(req.State.Raw, req.Plan.Raw, req.Config.Raw)
	ctx, u.remaining = r.env.Budget(ctx, timeout)
	if err := u.run(ctx); err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("updating sync job", u.job.ID, err))
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
	remaining           func() time.Duration
	diags               *diag.Diagnostics
	// reconfigured: the whole configuration was sent on the way (before
	// the start, or after a reset), so the objects need no modification.
	reconfigured bool
}

// run makes the changes in this order: let a purchase, a check or a change
// of the objects under way settle, lift a billing isolation, resize,
// reconfigure (before the start), drive the job to the desired stage
// (applying a changed rate limit once it runs), change the objects of the
// running job in place.
func (u *update) run(ctx context.Context) error {
	v, err := u.settle(ctx)
	if err != nil {
		return err
	}
	if v.TradeStatus == trIsolated {
		if v, err = recoverIsolated(ctx, u.job, v, u.remaining()); err != nil {
			return err
		}
	}
	if u.changes.Any("instance_class") {
		if err := u.resize(ctx); err != nil {
			return err
		}
	}
	if !started(v.Status) && (u.configChanged() || v.Status != stCheckPass) {
		// Before the start the whole configuration (and every secret) is
		// sent again and checked again. A failed check leaves the job
		// untainted in CheckNotPass.
		if err := u.reconfigure(ctx); err != nil {
			return err
		}
	}
	// The objects of a running job change before it is driven (a pause
	// after the change), of any other after it (a continue before).
	modified := false
	if v.Status == stRunning && !u.reconfigured && u.objectsChanged() {
		if err := modifyObjects(ctx, u.job, v.Object, &u.plan, &u.state, u.remaining()); err != nil {
			return err
		}
		modified = true
	}
	o := u.r.driveOptions(ctx, u.job, &u.plan, &u.config, u.remaining, nil)
	reconfigure := o.Reconfigure
	o.Reconfigure = func(ctx context.Context) error { u.reconfigured = true; return reconfigure(ctx) }
	if v, err = drive(ctx, u.job, o, u.remaining()); err != nil {
		return err
	}
	if started(v.Status) && !u.reconfigured && !modified && u.objectsChanged() {
		if err := modifyObjects(ctx, u.job, v.Object, &u.plan, &u.state, u.remaining()); err != nil {
			return err
		}
	}
	u.recordSecrets(ctx, v)
	return nil
}

// settle waits out what resolves on its own before anything is changed: a
// purchase, a check, a change of the objects under way.
func (u *update) settle(ctx context.Context) (*viewT, error) {
	v, err := u.job.Describe(ctx)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("sync job %s no longer exists in %s", u.job.ID, u.job.Region)
	}
	timedWait := v.Status == stReadyRunning && tfkit.Str(v.Object.RunMode) == "Timed" // waits for its start time: stable
	if v.Status == stChecking || (v.Status == stReadyRunning && !timedWait) || v.Status == stResetting {
		if v, err = u.job.WaitSettled(ctx, u.job.Noun()+" to leave "+v.Status, u.remaining(), nil); err != nil {
			return nil, err
		}
	}
	if slices.Contains(optObjBusy, v.Phase) {
		// A modify-check or a change of the objects under way; a change
		// configured or checked but not started is replaced by this one.
		return u.job.Wait(ctx, jobkit.Wait{Operation: u.job.Noun() + " to finish the change of its objects under way", Phase: true,
			Pending: optObjBusy, Target: jobkit.Except(allOptObj, optObjBusy...)}, u.remaining())
	}
	return v, nil
}

func (u *update) reconfigure(ctx context.Context) error {
	u.reconfigured = true
	return u.r.configureAndCheck(ctx, u.job, &u.plan, &u.config, u.remaining())
}

// configChanged reports a change that needs a new configuration and check.
func (u *update) configChanged() bool {
	changes := u.changes
	if u.changes.Any("expect_run_time") && u.plan.ExpectRunTime.SameInstant(u.state.ExpectRunTime) {
		changes = slices.DeleteFunc(slices.Clone(u.changes), func(p tfkit.Path) bool { return p.Under("expect_run_time") })
	}
	return changes.Any("name", "src_info", "dst_info", "objects", "options", "run_mode", "expect_run_time",
		"auto_retry_time_range_minutes", "job_mode")
}

// objectsChanged reports a change ModifySyncJobConfig makes.
func (u *update) objectsChanged() bool { return dynamicChange(u.changes) }

func (u *update) resize(ctx context.Context) error {
	_, err := u.r.env.Client.ResizeSyncJob(ctx, u.job.Region, &dtsapi.ResizeSyncJobRequest{JobId: &u.job.ID,
		NewInstanceClass: tfkit.Ptr(u.plan.InstanceClass.ValueString())})
	if err = jobkit.AfterLostReply(ctx, err); err != nil {
		return err
	}
	_, err = u.job.Wait(ctx, jobkit.Wait{Operation: u.job.Noun() + " to be resized", Trade: true,
		Pending: []string{trResizing}, Target: jobkit.Except(allTrade, trResizing)}, u.remaining())
	return err
}

// recordSecrets warns about new secrets a started job was not sent (a
// version that was unset, after an import, is only being recorded), and
// about a rate limit waiting for the job to run again.
func (u *update) recordSecrets(ctx context.Context, v *viewT) {
	if u.reconfigured {
		return
	}
	var recorded []string
	for _, p := range u.changes {
		var was types.Int64
		if strings.HasSuffix(string(p), "_wo_version") && !u.prior.GetAttribute(ctx, p.Framework(), &was).HasError() && !was.IsNull() {
			recorded = append(recorded, string(p))
		}
	}
	if len(recorded) > 0 {
		u.diags.AddWarning("Change recorded, not applied",
			fmt.Sprintf("Sync job %s has started, and DTS cannot change %s of a started job. The new value is recorded in the state only; it takes effect if the job is reset or replaced.",
				u.job.ID, strings.Join(recorded, ", ")))
	}
	if u.changes.Any("rate_limit") && v.Status != stRunning {
		u.diags.AddWarning("Rate limit recorded, not applied yet",
			fmt.Sprintf("Sync job %s is %s, and DTS changes the rate limit only while a job runs. It is applied when the job runs again.", u.job.ID, v.Status))
	}
}
