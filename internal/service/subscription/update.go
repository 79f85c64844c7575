package subscription

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

func (r *subsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
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
	u.r, u.job = r, r.job(&u.state)
	u.plan.ID, u.plan.Region = u.state.ID, u.state.Region
	u.changes = classify(tfkit.PlannedChanges(req.State.Raw, req.Plan.Raw, req.Config.Raw), stateNull(ctx, req.State), &u.plan)
	ctx, u.remaining = r.env.Budget(ctx, timeout)
	if err := u.run(ctx); err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("updating subscription", u.job.ID, err))
		// Errors in Update never taint: record what the subscription is
		// now, so the next plan shows what is left to do.
		r.states.SaveObserved(ctx, u.job, &u.state, resp.Private, &resp.State, &resp.Diagnostics)
		return
	}
	r.states.SaveApplied(ctx, u.job, &u.plan, resp.Private, &resp.State, &resp.Diagnostics)
}

// update makes the changes of one plan.
type update struct {
	r                   *subsResource
	job                 *jobT
	plan, state, config subsModel
	changes             changeSet
	remaining           func() time.Duration
	// reconfigured: the whole configuration was sent on the way (before
	// the start, or after a reset), so the objects need no modification.
	reconfigured bool
}

// run makes the changes in this order: let a check or a start under way
// settle, rename and set the renewal (any status), then — before the start
// — configure and check again; after it, reset for what only a new
// configuration changes; drive the subscription to the desired stage;
// change the objects of the running subscription in place.
func (u *update) run(ctx context.Context) error {
	v, err := u.settle(ctx)
	if err != nil {
		return err
	}
	if err := u.modifyAttributes(ctx); err != nil {
		return err
	}
	switch {
	case !started(v.Status) && (u.changes.configure() || v.Status != ssCheckPass):
		// Before the start the whole configuration is sent again and
		// checked again. A failed check leaves it untainted in
		// checkNotPass.
		if err := u.reconfigure(ctx); err != nil {
			return err
		}
	case started(v.Status) && u.changes.reset():
		if err := resetAndWait(ctx, u.job, u.remaining()); err != nil {
			return err
		}
	}
	o := u.r.driveOptions(u.job, &u.plan, &u.config, u.remaining, nil)
	reconfigure := o.Reconfigure
	o.Reconfigure = func(ctx context.Context) error { u.reconfigured = true; return reconfigure(ctx) }
	if v, err = drive(ctx, u.job, o, u.remaining()); err != nil {
		return err
	}
	if v.Status == ssRunning && !u.reconfigured && u.changes.modify {
		return modifyObjects(ctx, u.job, &u.plan, u.changes.rules, u.changes.pipeline)
	}
	return nil
}

// settle waits out what resolves on its own before anything is changed: a
// purchase, a check, a start or a resume.
func (u *update) settle(ctx context.Context) (*viewT, error) {
	v, err := u.job.Describe(ctx)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("subscription %s no longer exists in %s", u.job.ID, u.job.Region)
	}
	if slices.Contains(transitional, v.Status) {
		return u.job.WaitSettled(ctx, u.job.Noun()+" to leave "+v.Status, u.remaining(), nil)
	}
	return v, nil
}

func (u *update) reconfigure(ctx context.Context) error {
	u.reconfigured = true
	return configureAndCheck(ctx, u.job, &u.plan, &u.config, u.remaining())
}

// modifyAttributes renames the subscription and sets its renewal, in any
// status.
func (u *update) modifyAttributes(ctx context.Context) error {
	c, region, id := u.r.env.Client, u.job.Region, &u.job.ID
	if u.changes.Any("name") {
		_, err := c.ModifySubscribeName(ctx, region, &dtsapi.ModifySubscribeNameRequest{SubscribeId: id, SubscribeName: tfkit.Ptr(u.plan.Name.ValueString())})
		if err = jobkit.AfterLostReply(ctx, err); err != nil {
			return err
		}
	}
	if u.changes.Any("auto_renew") {
		flag := map[bool]int64{true: 1, false: 0}[u.plan.AutoRenew.ValueBool()]
		_, err := c.ModifySubscribeAutoRenewFlag(ctx, region, &dtsapi.ModifySubscribeAutoRenewFlagRequest{SubscribeId: id, AutoRenewFlag: &flag})
		if err = jobkit.AfterLostReply(ctx, err); err != nil {
			return err
		}
	}
	return nil
}

// modifyObjects changes the mode and the objects of a running subscription
// in place (ModifySubscribeObjects), and its partitioning rules and
// pipeline when they change: DTS keeps what the request leaves out.
func modifyObjects(ctx context.Context, j *jobT, plan *subsModel, rules, pipeline bool) error {
	req := &dtsapi.ModifySubscribeObjectsRequest{SubscribeId: &j.ID}
	// subscribe_mode, subscribe_objects and pipeline_info, in the action's
	// dialect (tfkit.Exceptions).
	if err := tfkit.Expand(ctx, plan, req); err != nil {
		return err
	}
	if req.Objects == nil {
		req.Objects = []*dtsapi.ModifiedSubscribeObject{}
	}
	if !pipeline {
		req.PipelineInfo = nil
	}
	if rules && plan.KafkaConfig != nil {
		// distribute_rules and default_rule_type, top-level members here.
		if err := tfkit.Expand(ctx, plan.KafkaConfig, req); err != nil {
			return err
		}
	}
	_, err := j.Env.Client.ModifySubscribeObjects(ctx, j.Region, req)
	return jobkit.AfterLostReply(ctx, err)
}
