package migration

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
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

// NewResource returns the dts_migration_job resource.
func NewResource() resource.Resource { return &jobResource{} }

type jobResource struct {
	env    *jobkit.Env
	states *jobkit.States[jobModel, detail]
}

func (r *jobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_migration_job"
}

func (r *jobResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

func (r *jobResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
	r.states = &jobkit.States[jobModel, detail]{
		Bind: r.job, Observe: r.observe, Tags: func(d *detail) []*dtsapi.TagItem { return d.Tags },
		// What the plan holds that DTS does not report.
		Seed: func(plan *jobModel) *jobModel {
			return &jobModel{ID: plan.ID, State: plan.State, RunMode: plan.RunMode,
				Timeouts: plan.Timeouts, AutoRetryTimeRangeMinutes: plan.AutoRetryTimeRangeMinutes}
		},
	}
}

// job binds the model's job: every call goes to the region of the target
// database, which DTS requires to be the job's region.
func (r *jobResource) job(m *jobModel) *jobT {
	region := ""
	if m.DstInfo != nil {
		region = m.DstInfo.Region.ValueString()
	}
	return jobkit.NewJob(r.env, kind, region, m.ID.ValueString())
}

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
	// The plan-time rules once more, now that every value is known: nothing
	// is bought for a configuration that cannot work.
	if rules := validate(&config); rules.HasError() {
		resp.Diagnostics.Append(rules.Errors()...)
		return
	}
	job := r.job(&plan)
	token, err := jobkit.NewToken()
	if err != nil {
		resp.Diagnostics.AddError("Error creating migration job", err.Error())
		return
	}
	resp.Diagnostics.Append(jobkit.SaveMeta(ctx, resp.Private, jobkit.Meta{Token: token})...)
	(&jobkit.Creation[detail]{
		Job: job, Purchase: r.purchase(ctx, job, &plan, token), Hint: purchaseHint, Desired: plan.State.ValueString(),
		SaveID: func(id string) diag.Diagnostics {
			plan.ID = types.StringValue(id)
			return jobkit.SaveFilled(ctx, &resp.State, &plan, nil)
		},
		Build:   func(ctx context.Context) (bool, error) { return r.build(ctx, job, &plan, &config, token, timeout) },
		Started: r.started,
		SaveApplied: func(ctx context.Context) {
			r.states.SaveApplied(ctx, job, &plan, resp.Private, &resp.State, &resp.Diagnostics)
		},
	}).Run(ctx, &resp.Diagnostics)
}

// started reports whether StartMigrateJob was accepted, e.g. when its reply
// was lost.
func (r *jobResource) started(v *viewT) bool { return started(v.Status) && v.Status != stCreating }

// build takes a bought job to the desired stage: wait until it is created,
// configure and check it, drive it. started reports whether StartMigrateJob
// was accepted.
func (r *jobResource) build(ctx context.Context, job *jobT, plan, config *jobModel, token string, timeout time.Duration) (started bool, err error) {
	ctx, remaining := r.env.Budget(ctx, timeout)
	if _, err := job.Wait(ctx, jobkit.Wait{
		Operation: job.Noun() + " to be created", Pending: []string{stCreating},
		Target: jobkit.Except(allStatuses, stCreating), NotFoundTolerance: 10, Fresh: true,
	}, remaining()); err != nil {
		return false, err
	}
	if err := r.configureAndCheck(ctx, job, plan, config, token, remaining()); err != nil {
		return false, err
	}
	_, err = drive(ctx, job, r.driveOptions(ctx, plan, nil, func() { started = true }), remaining())
	return started, err
}

func (r *jobResource) driveOptions(ctx context.Context, plan *jobModel, reconfigure func(context.Context) error, onStarted func()) driveOptions {
	return driveOptions{
		Desired:      plan.State.ValueString(),
		RunMode:      plan.RunMode.ValueString(),
		CompleteMode: optString(plan.CompleteMode),
		ResumeOption: resumeOption(plan),
		Reconfigure:  reconfigure,
		RateLimit:    plannedRateLimit(ctx, plan),
		OnStarted:    onStarted,
	}
}

// purchase is the job's CreateMigrationService, tagged with the token.
func (r *jobResource) purchase(ctx context.Context, job *jobT, plan *jobModel, token string) jobkit.Purchase {
	c, region := r.env.Client, job.Region
	req := &dtsapi.CreateMigrationServiceRequest{Count: tfkit.Ptr(uint64(1)), Tags: jobkit.Tags(plan.Tags, token)}
	// name, instance_class, and the regions and types of the endpoints
	expandErr := tfkit.Expand(ctx, plan, req)
	return jobkit.Purchase{
		Action: "CreateMigrationService",
		Token:  token,
		Buy: func(ctx context.Context) (string, error) {
			if expandErr != nil {
				return "", expandErr
			}
			out, err := c.CreateMigrationService(ctx, region, req)
			if err != nil {
				return "", err
			}
			return jobkit.OneID("CreateMigrationService", out.JobIds)
		},
		Lookup: func(ctx context.Context) ([]string, error) {
			jobs, _, err := listJobs(ctx, r.env, region, &dtsapi.DescribeMigrationJobsRequest{TagFilters: jobkit.TokenFilter(token)})
			ids := make([]string, 0, len(jobs))
			for _, j := range jobs {
				ids = append(ids, tfkit.Str(j.JobId))
			}
			return ids, err
		},
		Region: region,
		Orphans: func(ctx context.Context) ([]string, error) {
			name := plan.Name.ValueString()
			jobs, _, err := listJobs(ctx, r.env, region, &dtsapi.DescribeMigrationJobsRequest{TagFilters: jobkit.AnyTokenFilter(),
				JobName: &name, Status: tfkit.Ptrs(preStart)})
			var ids []string
			for _, j := range jobs {
				if tfkit.Str(j.JobName) == name && (j.TradeInfo == nil || tfkit.Str(j.TradeInfo.TradeStatus) == trNormal ||
					tfkit.Str(j.TradeInfo.TradeStatus) == trNotBilled) {
					ids = append(ids, tfkit.Str(j.JobId))
				}
			}
			return ids, err
		},
	}
}

func purchaseHint(err error) []string {
	if apiErr, ok := client.AsAPIError(err); ok && client.IsInvalidInput(err) && strings.Contains(apiErr.Message, "InstanceClass") {
		return []string{"DTS accepts only `medium` as instance_class for links it does not bill."}
	}
	return nil
}

func resumeOption(m *jobModel) *string {
	if o := optString(m.ResumeOption); o != nil {
		return o
	}
	return tfkit.Ptr("normal")
}

func optString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
		return nil
	}
	return tfkit.Ptr(v.ValueString())
}

// configureAndCheck sends the whole configuration (secrets from config) with
// ModifyMigrationJob and runs the check.
func (r *jobResource) configureAndCheck(ctx context.Context, job *jobT, plan, config *jobModel, token string, timeout time.Duration) error {
	req := &dtsapi.ModifyMigrationJobRequest{JobId: &job.ID, Tags: jobkit.Tags(plan.Tags, token)}
	if err := tfkit.Expand(ctx, plan, req, tfkit.WithSecrets(config)); err != nil {
		return err
	}
	if _, err := r.env.Client.ModifyMigrationJob(ctx, job.Region, req); err != nil {
		return err
	}
	return check(ctx, job, plan.SkipCheckSteps, optString(plan.ForeignKeyFlag), timeout)
}

// plannedRateLimit is the rate limit the plan knows (the values the
// configuration sets), or nil when it sets none.
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

// observe is the model of a read (see observe), and on import
// AutoRetryTimeRangeMinutes from the job list: the detail has no such
// member, and DTS cannot change it after the start.
func (r *jobResource) observe(ctx context.Context, job *jobT, prior *jobModel, v *viewT) (*jobModel, error) {
	out, err := observe(ctx, prior, v)
	if err != nil || prior.SrcInfo != nil || !prior.AutoRetryTimeRangeMinutes.IsNull() || !prior.State.IsNull() {
		return out, err
	}
	out.AutoRetryTimeRangeMinutes, err = autoRetryOf(ctx, r.env, job)
	return out, err
}

func autoRetryOf(ctx context.Context, env *jobkit.Env, job *jobT) (types.Int64, error) {
	jobs, _, err := listJobs(ctx, env, job.Region, &dtsapi.DescribeMigrationJobsRequest{JobId: &job.ID})
	for _, j := range jobs {
		if tfkit.Str(j.JobId) == job.ID && j.AutoRetryTimeRangeMinutes != nil && *j.AutoRetryTimeRangeMinutes != 0 {
			return types.Int64Value(*j.AutoRetryTimeRangeMinutes), err
		}
	}
	return types.Int64Null(), err
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
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("deleting migration job", job.ID, err))
	}
}

// --- Import ---

func (r *jobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, id, err := r.env.ImportID(req.ID, "dts-")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("dst_info").AtName("region"), region)...)
}
