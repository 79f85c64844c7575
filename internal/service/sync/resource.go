package sync

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
	_ resource.Resource                   = (*jobResource)(nil)
	_ resource.ResourceWithConfigure      = (*jobResource)(nil)
	_ resource.ResourceWithImportState    = (*jobResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*jobResource)(nil)
	_ resource.ResourceWithValidateConfig = (*jobResource)(nil)
)

// NewResource returns the dts_sync_job resource.
func NewResource() resource.Resource { return &jobResource{} }

type jobResource struct {
	env    *jobkit.Env
	states *jobkit.States[jobModel, info]
}

func (r *jobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sync_job"
}

func (r *jobResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

func (r *jobResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
	r.states = &jobkit.States[jobModel, info]{
		Bind: r.job, Tags: func(j *info) []*dtsapi.TagItem { return j.Tags },
		Observe: func(ctx context.Context, _ *jobT, prior *jobModel, v *viewT) (*jobModel, error) {
			return observe(ctx, prior, v)
		},
		// What the plan holds that DTS does not report.
		Seed: func(plan *jobModel) *jobModel {
			return &jobModel{ID: plan.ID, State: plan.State, RunMode: plan.RunMode, Timeouts: plan.Timeouts,
				AutoRetryTimeRangeMinutes: plan.AutoRetryTimeRangeMinutes, TimeSpan: plan.TimeSpan, JobMode: plan.JobMode}
		},
	}
}

// job binds the model's job: every call goes to the target's region, which
// is the job's.
func (r *jobResource) job(m *jobModel) *jobT {
	region := ""
	if m.DstInfo != nil {
		region = m.DstInfo.Region.ValueString()
	}
	return jobkit.NewJob(r.env, kind, region, m.ID.ValueString())
}

func (r *jobResource) started(v *viewT) bool { return started(v.Status) }

// --- Create ---

func (r *jobResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config jobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, createTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	if rules := validate(&config); rules.HasError() {
		resp.Diagnostics.Append(rules.Errors()...)
		return
	}
	job := r.job(&plan)
	token, err := jobkit.NewToken()
	if err != nil {
		resp.Diagnostics.AddError("Error creating sync job", err.Error())
		return
	}
	resp.Diagnostics.Append(jobkit.SaveMeta(ctx, resp.Private, jobkit.Meta{Token: token})...)
	(&jobkit.Creation[info]{
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

// build takes a bought job to the desired stage: wait until it is bought,
// configure and check it, drive it.
func (r *jobResource) build(ctx context.Context, job *jobT, plan, config *jobModel, timeout time.Duration) (started bool, err error) {
	ctx, remaining := r.env.Budget(ctx, timeout)
	if _, err := job.Wait(ctx, jobkit.Wait{Operation: job.Noun() + " to be bought", Target: []string{stUnInitialized},
		PendingOthers: true, NotFoundTolerance: 10}, remaining()); err != nil {
		return false, err
	}
	if err := r.configureAndCheck(ctx, job, plan, config, remaining()); err != nil {
		return false, err
	}
	_, err = drive(ctx, job, r.driveOptions(ctx, job, plan, config, remaining, func() { started = true }), remaining())
	return started, err
}

// driveOptions for the plan; reconfigure (and reset, for the links DTS
// resets) configure and check the job again on the way.
func (r *jobResource) driveOptions(ctx context.Context, job *jobT, plan, config *jobModel, remaining func() time.Duration, onStarted func()) driveOptions {
	o := driveOptions{
		Desired:   plan.State.ValueString(),
		RunMode:   plan.RunMode.ValueString(),
		RateLimit: plannedRateLimit(ctx, plan),
		OnStarted: onStarted,
		Reconfigure: func(ctx context.Context) error {
			return r.configureAndCheck(ctx, job, plan, config, remaining())
		},
	}
	if resettable(plan.PayMode.ValueString(), endpointType(plan.SrcInfo), endpointType(plan.DstInfo)) {
		o.Reset = func(ctx context.Context) error {
			_, err := r.env.Client.ResetSyncJob(ctx, job.Region, &dtsapi.ResetSyncJobRequest{JobId: &job.ID})
			return err
		}
	}
	return o
}

// purchase is the job's CreateSyncJob, tagged with the token.
func (r *jobResource) purchase(ctx context.Context, job *jobT, plan *jobModel, token string) jobkit.Purchase {
	c, region := r.env.Client, job.Region
	req := &dtsapi.CreateSyncJobRequest{Count: tfkit.Ptr(uint64(1)), Tags: jobkit.Tags(plan.Tags, token)}
	// name, pay mode, time span, auto renew, class, specification, and the
	// regions and types of the endpoints
	expandErr := tfkit.Expand(ctx, plan, req)
	return jobkit.Purchase{
		Action: "CreateSyncJob",
		Token:  token,
		Buy: func(ctx context.Context) (string, error) {
			if expandErr != nil {
				return "", expandErr
			}
			out, err := c.CreateSyncJob(ctx, region, req)
			if err != nil {
				return "", err
			}
			return jobkit.OneID("CreateSyncJob", out.JobIds)
		},
		Lookup: func(ctx context.Context) ([]string, error) {
			jobs, err := listJobs(ctx, r.env, region, &dtsapi.DescribeSyncJobsRequest{TagFilters: jobkit.TokenFilter(token)})
			ids := make([]string, 0, len(jobs))
			for _, j := range jobs {
				ids = append(ids, tfkit.Str(j.JobId))
			}
			return ids, err
		},
		Region: region,
		Orphans: func(ctx context.Context) ([]string, error) {
			name := plan.Name.ValueString()
			jobs, err := listJobs(ctx, r.env, region, &dtsapi.DescribeSyncJobsRequest{TagFilters: jobkit.AnyTokenFilter(),
				JobName: &name, Status: tfkit.Ptrs(preStart)})
			var ids []string
			for _, j := range jobs {
				if t := tfkit.Str(j.TradeStatus); t == trNormal || t == trNotBilled {
					ids = append(ids, tfkit.Str(j.JobId))
				}
			}
			return ids, err
		},
	}
}

// configureAndCheck sends the whole configuration (secrets from config) with
// ConfigureSyncJob and runs the check.
func (r *jobResource) configureAndCheck(ctx context.Context, job *jobT, plan, config *jobModel, timeout time.Duration) error {
	req := &dtsapi.ConfigureSyncJobRequest{JobId: &job.ID}
	if err := tfkit.Expand(ctx, plan, req, tfkit.WithSecrets(config)); err != nil {
		return err
	}
	if _, err := r.env.Client.ConfigureSyncJob(ctx, job.Region, req); err != nil {
		return err
	}
	return check(ctx, job, plan.SkipCheckSteps, timeout)
}

// plannedRateLimit is the rate limit the plan knows, or nil when it sets none.
func plannedRateLimit(ctx context.Context, plan *jobModel) *tfkit.RateLimit {
	rl, diags := plan.RateLimit.Get(ctx)
	if diags.HasError() || rl == nil || rl.IsEmpty() {
		return nil
	}
	return rl
}

// --- Read ---

func (r *jobResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.states.Read(ctx, req, resp)
}

// --- Delete ---

func (r *jobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state jobModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, deleteTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	job := r.job(&state)
	if state.DeletionPolicy.ValueString() == tfkit.DeletionPolicyAbandon &&
		job.Abandon(ctx, r.started, func(v *viewT) bool { return v.TradeStatus == trNotBilled }, &resp.Diagnostics) {
		return
	}
	if err := job.Delete(ctx, deleter(job), timeout); err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("deleting sync job", job.ID, err))
	}
}

// --- Import ---

func (r *jobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, id, err := r.env.ImportID(req.ID, "sync-")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("dst_info").AtName("region"), region)...)
}
