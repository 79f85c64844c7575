package subscription

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

var (
	_ resource.Resource                   = (*subsResource)(nil)
	_ resource.ResourceWithConfigure      = (*subsResource)(nil)
	_ resource.ResourceWithImportState    = (*subsResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*subsResource)(nil)
	_ resource.ResourceWithValidateConfig = (*subsResource)(nil)
)

// NewResource returns the dts_subscription resource.
func NewResource() resource.Resource { return &subsResource{} }

type subsResource struct {
	env    *jobkit.Env
	states *jobkit.States[subsModel, detail]
}

func (r *subsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscription"
}

func (r *subsResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

func (r *subsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
	r.states = &jobkit.States[subsModel, detail]{
		Bind: r.job, Tags: func(d *detail) []*dtsapi.TagItem { return d.Tags },
		Observe: func(ctx context.Context, j *jobT, prior *subsModel, v *viewT) (*subsModel, error) {
			return observe(ctx, j, prior, v)
		},
		// What the plan holds that DTS does not report.
		Seed: func(plan *subsModel) *subsModel {
			return &subsModel{ID: plan.ID, Region: plan.Region, State: plan.State, Duration: plan.Duration, Timeouts: plan.Timeouts,
				DeletionPolicy: plan.DeletionPolicy, KafkaConfig: plan.KafkaConfig}
		},
	}
}

// job binds the model's subscription: every call goes to its region.
func (r *subsResource) job(m *subsModel) *jobT {
	return jobkit.NewJob(r.env, kind, m.Region.ValueString(), m.ID.ValueString())
}

func (r *subsResource) started(v *viewT) bool { return started(v.Status) }

// --- Create ---

func (r *subsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config subsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, createTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	// The plan-time rules once more, now that every value is known.
	if rules := validate(&config); rules.HasError() {
		resp.Diagnostics.Append(rules.Errors()...)
		return
	}
	plan.Region = types.StringValue(r.env.RegionOr(plan.Region.ValueString()))
	job := r.job(&plan)
	token, err := jobkit.NewToken()
	if err != nil {
		resp.Diagnostics.AddError("Error creating subscription", err.Error())
		return
	}
	resp.Diagnostics.Append(jobkit.SaveMeta(ctx, resp.Private, jobkit.Meta{Token: token})...)
	(&jobkit.Creation[detail]{
		Job: job, Purchase: r.purchase(ctx, job, &plan, token), Desired: plan.State.ValueString(),
		SaveID: func(id string) diag.Diagnostics {
			plan.ID = types.StringValue(id)
			return jobkit.SaveFilled(ctx, &resp.State, &plan, nil)
		},
		Build:   func(ctx context.Context) (bool, error) { return r.build(ctx, job, &plan, &config, timeout) },
		Started: r.started,
		SaveApplied: func(ctx context.Context) {
			r.states.SaveApplied(ctx, job, &plan, resp.Private, &resp.State, &resp.Diagnostics)
		},
	}).Run(ctx, &resp.Diagnostics)
}

// build takes a bought subscription to the desired stage: wait until it is
// bought, configure and check it, drive it (start).
func (r *subsResource) build(ctx context.Context, job *jobT, plan, config *subsModel, timeout time.Duration) (started bool, err error) {
	ctx, remaining := r.env.Budget(ctx, timeout)
	if _, err := job.Wait(ctx, jobkit.Wait{Operation: job.Noun() + " to be bought", Target: []string{ssNotStarted},
		PendingOthers: true, NotFoundTolerance: 10}, remaining()); err != nil {
		return false, err
	}
	if err := configureAndCheck(ctx, job, plan, config, remaining()); err != nil {
		return false, err
	}
	_, err = drive(ctx, job, r.driveOptions(job, plan, config, remaining, func() { started = true }), remaining())
	return started, err
}

// driveOptions for the plan: reconfigure configures and checks the
// subscription again on the way.
func (r *subsResource) driveOptions(job *jobT, plan, config *subsModel, remaining func() time.Duration, onStarted func()) driveOptions {
	return driveOptions{
		Desired:   plan.State.ValueString(),
		OnStarted: onStarted,
		Reconfigure: func(ctx context.Context) error {
			return configureAndCheck(ctx, job, plan, config, remaining())
		},
	}
}

// purchase is the subscription's CreateSubscribe, tagged with the token.
func (r *subsResource) purchase(ctx context.Context, job *jobT, plan *subsModel, token string) jobkit.Purchase {
	c, region := r.env.Client, job.Region
	req := &dtsapi.CreateSubscribeRequest{Count: tfkit.Ptr(int64(1)), Tags: jobkit.Tags(plan.Tags, token)}
	// name, product, pay mode, duration, auto renew, class and version
	expandErr := tfkit.Expand(ctx, plan, req)
	return jobkit.Purchase{
		Action: "CreateSubscribe",
		Token:  token,
		Buy: func(ctx context.Context) (string, error) {
			if expandErr != nil {
				return "", expandErr
			}
			out, err := c.CreateSubscribe(ctx, region, req)
			if err != nil {
				return "", err
			}
			return jobkit.OneID("CreateSubscribe", out.SubscribeIds)
		},
		Lookup: func(ctx context.Context) ([]string, error) {
			subs, err := listSubscriptions(ctx, r.env, region, &dtsapi.DescribeSubscribeJobsRequest{TagFilters: jobkit.TokenFilter(token)})
			return idsOf(subs, nil), err
		},
		Region: region,
		Orphans: func(ctx context.Context) ([]string, error) {
			name := plan.Name.ValueString()
			subs, err := listSubscriptions(ctx, r.env, region, &dtsapi.DescribeSubscribeJobsRequest{TagFilters: jobkit.AnyTokenFilter(),
				SubscribeName: &name, SubsStatus: tfkit.Ptrs(preStart), Status: []*string{tfkit.Ptr(slNormal)}})
			// DTS matches the name as a prefix: only this very name counts.
			return idsOf(subs, func(s *dtsapi.SubscribeInfo) bool { return tfkit.Str(s.SubscribeName) == name }), err
		},
	}
}

// idsOf lists the IDs of the subscriptions keep accepts (nil: all).
func idsOf(subs []*dtsapi.SubscribeInfo, keep func(*dtsapi.SubscribeInfo) bool) []string {
	ids := []string{}
	for _, s := range subs {
		if keep == nil || keep(s) {
			ids = append(ids, tfkit.Str(s.SubscribeId))
		}
	}
	return ids
}

// --- Read ---

func (r *subsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.states.Read(ctx, req, resp)
}

// --- Delete ---

func (r *subsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state subsModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, deleteTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	job := r.job(&state)
	if state.DeletionPolicy.ValueString() == tfkit.DeletionPolicyAbandon &&
		job.Abandon(ctx, paidFor, func(*viewT) bool { return false }, &resp.Diagnostics) {
		return
	}
	if err := job.Delete(ctx, deleter(job), timeout); err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("deleting subscription", job.ID, err))
	}
}

// paidFor reports a subscription deletion_policy = "abandon" leaves behind:
// a started one, and a prepaid one, paid for from its purchase (DTS may no
// longer take it back).
func paidFor(v *viewT) bool {
	return started(v.Status) || tfkit.Deref(v.Object.PayType) == payPrepaid
}

// --- Import ---

// ImportState takes "<region>:<subscription ID>", or a bare ID in the
// provider's region.
func (r *subsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, id, err := r.env.ImportID(req.ID, "subs-")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), region)...)
}

// pageSize is the largest page DescribeSubscribeJobs returns.
const pageSize = 100

// listSubscriptions pages through DescribeSubscribeJobs. The request's
// Limit and Offset are set here.
func listSubscriptions(ctx context.Context, env *jobkit.Env, region string, req *dtsapi.DescribeSubscribeJobsRequest) ([]*dtsapi.SubscribeInfo, error) {
	var all []*dtsapi.SubscribeInfo
	for offset := int64(0); ; {
		req.Limit, req.Offset = tfkit.Ptr(int64(pageSize)), tfkit.Ptr(offset)
		page, err := env.Client.DescribeSubscribeJobs(ctx, region, req)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		offset += int64(len(page.Items))
		if len(page.Items) == 0 || offset >= tfkit.Deref(page.TotalCount) {
			return all, nil
		}
	}
}
