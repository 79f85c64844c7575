package subscription

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

var (
	_ resource.Resource                = (*groupResource)(nil)
	_ resource.ResourceWithConfigure   = (*groupResource)(nil)
	_ resource.ResourceWithImportState = (*groupResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*groupResource)(nil)
)

// NewGroupResource returns the dts_consumer_group resource.
func NewGroupResource() resource.Resource { return &groupResource{} }

type groupResource struct {
	env    *jobkit.Env
	states *jobkit.States[groupModel, groupInfo]
}

func (r *groupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_consumer_group"
}

func (r *groupResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = groupSchema(ctx)
}

func (r *groupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
	r.states = &jobkit.States[groupModel, groupInfo]{
		Bind: r.group, Observe: observeGroup,
		Seed: func(plan *groupModel) *groupModel { c := *plan; return &c },
	}
}

// group binds the model's group: every call goes to its subscription's
// region.
func (r *groupResource) group(m *groupModel) *groupT {
	return jobkit.NewJob(r.env, groupKind, m.Region.ValueString(), m.ID.ValueString())
}

// observeGroup builds the model of a group from prior and one read of it:
// GroupInfo reports the full names; the short ones, on import, are what
// follows the prefixes.
func observeGroup(ctx context.Context, g *groupT, prior *groupModel, v *groupViewT) (*groupModel, error) {
	info, out := v.Object, *prior
	subs := subscriptionOf(g.ID)
	out.ID, out.SubscribeID, out.Region = types.StringValue(g.ID), types.StringValue(subs), types.StringValue(g.Region)
	out.ConsumerGroupName = types.StringValue(strings.TrimPrefix(tfkit.Str(info.ConsumerGroupName), groupPrefix+subs+"-"))
	out.AccountName = types.StringValue(strings.TrimPrefix(tfkit.Str(info.Account), accountPrefix+subs+"-"))
	out.Account = types.StringValue(tfkit.Str(info.Account))
	out.ConsumerGroupState = types.StringValue(v.Status)
	out.Description = types.StringNull()
	if d := tfkit.Str(info.Description); d != "" {
		out.Description = types.StringValue(d)
	}
	out.PasswordWO = types.StringNull()
	tfkit.ImportDefaults(ctx, &out.DeletionPolicy, &out.Timeouts)
	return &out, nil
}

// --- Create ---

func (r *groupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config groupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, groupCreateTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	plan.Region = types.StringValue(r.env.RegionOr(plan.Region.ValueString()))
	subs := plan.SubscribeID.ValueString()
	g := jobkit.NewJob(r.env, groupKind, plan.Region.ValueString(), "")
	ctx, remaining := r.env.Budget(ctx, timeout)
	if err := waitRunning(ctx, r.env, g.Region, subs, remaining()); err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("creating consumer group", subs, err))
		return
	}
	if r.existingGroup(ctx, g.Region, &plan, &resp.Diagnostics) {
		return
	}
	id, err := r.env.Buy(ctx, r.purchase(ctx, g, &plan, &config), &resp.Diagnostics)
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("creating consumer group", subs, err))
		return
	}
	g.ID, plan.ID = id, types.StringValue(id)
	if resp.Diagnostics.Append(jobkit.SaveFilled(ctx, &resp.State, &plan, nil)...); resp.Diagnostics.HasError() {
		return
	}
	readCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	r.states.SaveApplied(readCtx, g, &plan, resp.Private, &resp.State, &resp.Diagnostics)
}

// waitRunning waits until the subscription runs: DTS creates consumer
// groups only then ("只有状态为运行中的实例支持创建消费组"). A subscription
// checking or starting gets there on its own; any other status fails at
// once.
func waitRunning(ctx context.Context, env *jobkit.Env, region, subs string, timeout time.Duration) error {
	s := jobkit.NewJob(env, kind, region, subs)
	v, err := s.Wait(ctx, jobkit.Wait{Operation: s.Noun() + " to run before its consumer group is created",
		Pending: transitional, Target: []string{ssRunning}}, timeout)
	var unexpected *waiter.UnexpectedStatusError
	var notFound *waiter.NotFoundError
	switch {
	case errors.As(err, &notFound):
		return fmt.Errorf("there is no subscription %s in %s, the consumer group's region (the provider's unless region is set): for a "+
			"subscription of another region set region = dts_subscription.<name>.region", s.ID, region)
	case errors.As(err, &unexpected):
		return fmt.Errorf("subscription %s is %s: DTS creates consumer groups for a running subscription only, and it does not get there "+
			"on its own from %s. Set the subscription's state = \"running\" (apply resumes or starts it)", s.ID, unexpected.Status, unexpected.Status)
	case err != nil:
		return err
	case slices.Contains(outOfService, v.TradeStatus):
		return fmt.Errorf("subscription %s is %s: DTS creates consumer groups for a subscription in service only", s.ID, v.TradeStatus)
	}
	return nil
}

// purchase is the group's CreateConsumerGroup. It has no idempotency
// token, and the client never repeats it blindly: when its reply is lost,
// the group is looked up by its name among the subscription's groups.
func (r *groupResource) purchase(ctx context.Context, g *groupT, plan, config *groupModel) jobkit.Purchase {
	subs, name := plan.SubscribeID.ValueString(), plan.ConsumerGroupName.ValueString()
	id := groupID(subs, name)
	req := &dtsapi.CreateConsumerGroupRequest{}
	// subscribe_id, consumer_group_name, account_name, description, and
	// the password from the configuration
	expandErr := tfkit.Expand(ctx, plan, req, tfkit.WithSecrets(config))
	return jobkit.Purchase{
		Action: "CreateConsumerGroup",
		By:     "its name " + id + " among the subscription's groups",
		Buy: func(ctx context.Context) (string, error) {
			if expandErr != nil {
				return "", expandErr
			}
			_, err := r.env.Client.CreateConsumerGroup(ctx, g.Region, req)
			return id, err
		},
		Lookup: func(ctx context.Context) ([]string, error) {
			groups, err := listGroups(ctx, r.env, g.Region, subs)
			var ids []string
			for _, gi := range groups {
				if tfkit.Str(gi.ConsumerGroupName) == id {
					ids = append(ids, id)
				}
			}
			return ids, err
		},
	}
}

// --- Read ---

func (r *groupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.states.Read(ctx, req, resp)
}

// --- Update ---

// Update changes the description and, when its version changes, the
// password (not when an import left no version: that is only recorded). A
// group that is gone — a reset of its subscription earlier in this apply
// dropped it — is created again with its configuration.
func (r *groupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config groupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	g := r.group(&state)
	plan.ID, plan.Region = state.ID, state.Region
	v, err := g.Describe(ctx)
	switch {
	case err == nil && v == nil:
		err = r.recreate(ctx, g, &plan, &config, &resp.Diagnostics)
	case err == nil:
		err = r.modify(ctx, g, &plan, &state, &config)
	}
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("updating consumer group", g.ID, err))
		r.states.SaveObserved(ctx, g, &state, resp.Private, &resp.State, &resp.Diagnostics)
		return
	}
	r.states.SaveApplied(ctx, g, &plan, resp.Private, &resp.State, &resp.Diagnostics)
}

// modify sends the new description and the new password.
func (r *groupResource) modify(ctx context.Context, g *groupT, plan, state, config *groupModel) error {
	c, rq := r.env.Client, requestOf(state)
	if !plan.Description.Equal(state.Description) && !plan.Description.IsNull() {
		_, err := c.ModifyConsumerGroupDescription(ctx, g.Region, &dtsapi.ModifyConsumerGroupDescriptionRequest{SubscribeId: rq.SubscribeId,
			ConsumerGroupName: rq.ConsumerGroupName, AccountName: rq.AccountName, Description: tfkit.Ptr(plan.Description.ValueString())})
		if err = jobkit.AfterLostReply(ctx, err); err != nil {
			return err
		}
	}
	// After an import the state holds no version: the first plan only
	// records it, and the consumers' password stays.
	if state.PasswordWOVersion.IsNull() || plan.PasswordWOVersion.Equal(state.PasswordWOVersion) || config.PasswordWO.IsNull() {
		return nil
	}
	_, err := c.ModifyConsumerGroupPassword(ctx, g.Region, &dtsapi.ModifyConsumerGroupPasswordRequest{SubscribeId: rq.SubscribeId,
		ConsumerGroupName: rq.ConsumerGroupName, AccountName: rq.AccountName, NewPassword: tfkit.Ptr(config.PasswordWO.ValueString())})
	return jobkit.AfterLostReply(ctx, err)
}

// recreate creates a group that is gone again, once its subscription runs.
func (r *groupResource) recreate(ctx context.Context, g *groupT, plan, config *groupModel, diags *diag.Diagnostics) error {
	timeout, d := plan.Timeouts.Update(ctx, groupTimeout)
	if diags.Append(d...); d.HasError() {
		return errors.New("invalid update timeout")
	}
	if err := waitRunning(ctx, r.env, g.Region, plan.SubscribeID.ValueString(), timeout); err != nil {
		return err
	}
	tflog.Info(ctx, "the consumer group is gone (a reset of its subscription drops its groups): creating it again", map[string]any{"id": g.ID})
	_, err := r.env.Buy(ctx, r.purchase(ctx, g, plan, config), diags)
	return err
}

// ModifyPlan: the region a new group is created in; a description DTS
// cannot clear; what the last read saw stays in plans (nothing here moves
// a group's Kafka state).
func (r *groupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		if tfkit.AttrsOf(ctx, req.Plan).Str("region") == "" && r.env != nil && !unknownAt(ctx, req.Config, "region") {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), types.StringValue(r.env.Region))...)
		}
		return
	}
	var planned, was types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("description"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("description"), &was)...)
	if planned.IsNull() && !was.IsNull() && !groupReplaced(ctx, req) {
		resp.Diagnostics.AddAttributeError(path.Root("description"), "DTS cannot clear a description",
			fmt.Sprintf("ModifyConsumerGroupDescription requires a description, so the description of consumer group %s (%q) cannot be "+
				"removed. Set a new one, or replace the group (terraform apply -replace).", tfkit.AttrsOf(ctx, req.State).Str("id"), was.ValueString()))
	}
	tfkit.KeepObserved(ctx, req, resp, "account", "consumer_group_state")
}

// groupIdentity are the attributes a change of which replaces the group.
var groupIdentity = []string{"subscribe_id", "region", "consumer_group_name", "account_name"}

// groupReplaced reports a plan that replaces the group: a new group is
// created with the new configuration.
func groupReplaced(ctx context.Context, req resource.ModifyPlanRequest) bool {
	return slices.ContainsFunc(groupIdentity, func(name string) bool {
		var planned, was types.String
		req.Plan.GetAttribute(ctx, path.Root(name), &planned)
		req.State.GetAttribute(ctx, path.Root(name), &was)
		return !planned.Equal(was)
	})
}

// --- Delete ---

// Delete deletes the group. A group or subscription that is gone is
// deleted; so is a group of a subscription DTS refuses to delete groups of
// — out of service (DTS deletes the groups with it), or without a topic (a
// reset drops the groups) — with a warning.
func (r *groupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, groupTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	g := r.group(&state)
	if state.DeletionPolicy.ValueString() == tfkit.DeletionPolicyAbandon {
		resp.Diagnostics.AddWarning("Consumer group abandoned", fmt.Sprintf("deletion_policy is \"abandon\": consumer group %s is removed "+
			"from the state and left to subscription %s in DTS.", g.ID, state.SubscribeID.ValueString()))
		return
	}
	ctx, remaining := r.env.Budget(ctx, timeout)
	s := jobkit.NewJob(r.env, kind, g.Region, state.SubscribeID.ValueString())
	v, err := s.Describe(ctx)
	if err == nil && v != nil && slices.Contains(transitional, v.Status) {
		v, err = s.WaitSettled(ctx, s.Noun()+" to leave "+v.Status+" before its consumer group is deleted", remaining(), nil)
	}
	switch {
	case err == nil && v != nil && (slices.Contains(outOfService, v.TradeStatus) || !started(v.Status)):
		resp.Diagnostics.AddWarning("Consumer group left to its subscription",
			fmt.Sprintf("Subscription %s is %s/%s, and DTS deletes consumer groups only of a subscription in service whose topic exists; "+
				"it deletes %s with the subscription (or dropped it with a reset). The group is removed from the state.",
				s.ID, v.Status, v.TradeStatus, g.ID))
		return
	case err == nil && v != nil:
		err = g.Delete(ctx, groupDeleter(g, &state), remaining())
	}
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("deleting consumer group", g.ID, err))
	}
}

// --- Import ---

// ImportState takes "<region>:<subscription ID>:<group name>:<account
// name>", or the last three in the provider's region; the names short, as
// in the configuration, or full, as DescribeConsumerGroups shows them.
func (r *groupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	parts := strings.Split(req.ID, ":")
	if len(parts) == 3 {
		parts = append([]string{r.env.Region}, parts...)
	}
	if len(parts) != 4 || parts[0] == "" || !strings.HasPrefix(parts[1], "subs-") || parts[2] == "" || parts[3] == "" {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("expected \"<region>:<subscription ID>:<consumer group name>:<account name>\" "+
			"(or the last three in the provider's region), with the short names of the configuration, got %q", req.ID))
		return
	}
	// The full names DescribeConsumerGroups shows stand for the short ones.
	name := strings.TrimPrefix(parts[2], groupPrefix+parts[1]+"-")
	account := strings.TrimPrefix(parts[3], accountPrefix+parts[1]+"-")
	for attr, v := range map[string]string{"region": parts[0], "subscribe_id": parts[1], "consumer_group_name": name,
		"account_name": account, "id": groupID(parts[1], name)} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
}
