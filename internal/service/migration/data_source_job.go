package migration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// NewJobDataSource returns the dts_migration_job data source.
func NewJobDataSource() datasource.DataSource { return &jobDataSource{} }

type jobDataSource struct{ env *jobkit.Env }

type jobDetailModel struct {
	jobSummaryModel
	Region          types.String         `tfsdk:"region"`
	MigrateOption   *migrateOptionModel  `tfsdk:"migrate_option"`
	Steps           []stepModel          `tfsdk:"steps"`
	CheckStepInfo   *checkStepInfoModel  `tfsdk:"check_step_info"`
	ErrorInfo       []errorInfoModel     `tfsdk:"error_info"`
	RateLimitOption *tfkit.RateLimitView `tfsdk:"rate_limit_option"`
}

// stepModel is a StepDetailInfo.
type stepModel struct {
	StepNo      types.Int64    `tfsdk:"step_no"`
	StepName    types.String   `tfsdk:"step_name"`
	StepID      types.String   `tfsdk:"step_id"`
	Status      types.String   `tfsdk:"status"`
	StartTime   tfkit.Time     `tfsdk:"start_time"`
	FinishTime  tfkit.Time     `tfsdk:"finish_time"`
	StepMessage types.String   `tfsdk:"step_message"`
	Percent     types.Int64    `tfsdk:"percent"`
	Errors      []stepTipModel `tfsdk:"errors"`
	Warnings    []stepTipModel `tfsdk:"warnings"`
}

type stepTipModel struct {
	Message  types.String `tfsdk:"message"`
	Solution types.String `tfsdk:"solution"`
	HelpDoc  types.String `tfsdk:"help_doc"`
}

// checkStepInfoModel is a CheckStepInfo with its Progress's members.
type checkStepInfoModel struct {
	StartAt tfkit.Time   `tfsdk:"start_at"`
	EndAt   tfkit.Time   `tfsdk:"end_at"`
	Status  types.String `tfsdk:"status"`
	Percent types.Int64  `tfsdk:"percent"`
	StepAll types.Int64  `tfsdk:"step_all"`
	StepNow types.Int64  `tfsdk:"step_now"`
	Message types.String `tfsdk:"message"`
	Steps   []stepModel  `tfsdk:"steps"`
}

type errorInfoModel struct {
	Code     types.String `tfsdk:"code"`
	Solution types.String `tfsdk:"solution"`
	ErrorLog types.String `tfsdk:"error_log"`
	HelpDoc  types.String `tfsdk:"help_doc"`
}

func (d *jobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_migration_job"
}

func (d *jobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func stepAttributes() map[string]schema.Attribute {
	s, n := tfkit.ComputedString, tfkit.ComputedInt64
	tips := func(desc string) schema.ListNestedAttribute {
		return tfkit.ComputedList(desc, map[string]schema.Attribute{
			"message": s("Message."), "solution": s("How to solve it."), "help_doc": s("Help document."),
		})
	}
	return map[string]schema.Attribute{
		"step_no":      n("Step number."),
		"step_name":    s("Step name."),
		"step_id":      s("Step ID, e.g. `ConnectDBCheck`."),
		"status":       s("Step status, e.g. " + dtsapi.MustEnum("StepDetailInfo.Status").Describe() + "."),
		"start_time":   tfkit.ComputedTime("When the step started"),
		"finish_time":  tfkit.ComputedTime("When the step finished"),
		"step_message": s("Step message."),
		"percent":      n("Progress of the step, 0–100."),
		"errors":       tips("Errors of the step."),
		"warnings":     tips("Warnings of the step."),
	}
}

func (d *jobDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	s, n := tfkit.ComputedString, tfkit.ComputedInt64
	attrs := summaryAttributes()
	attrs["job_id"] = schema.StringAttribute{Required: true, Validators: []validator.String{tfkit.JobID("dts", "migration job")}, MarkdownDescription: "Job ID (`dts-…`)."}
	attrs["region"] = schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{tfkit.Region()}, MarkdownDescription: "Region of the job (of its target database); defaults to the provider's region."}
	attrs["migrate_option"] = tfkit.ComputedAttribute(migrateOptionAttribute(ctx))
	attrs["steps"] = tfkit.ComputedList("Progress steps of the migration (`StepInfo.StepInfo`).", stepAttributes())
	attrs["check_step_info"] = tfkit.ComputedObject("The latest check and its steps.", map[string]schema.Attribute{
		"start_at": tfkit.ComputedTime("When the check started"),
		"end_at":   tfkit.ComputedTime("When the check ended"),
		"status":   s("Check status, e.g. `running`, `success`, `failed`."),
		"percent":  n("Progress, 0–100."),
		"step_all": n("Number of check steps."),
		"step_now": n("Current check step."),
		"message":  s("Check message."),
		"steps":    tfkit.ComputedList("Check steps, with their errors and warnings.", stepAttributes()),
	})
	attrs["error_info"] = tfkit.ComputedList("Errors of a job in error, with solutions.", map[string]schema.Attribute{
		"code": s("Error code."), "solution": s("How to solve it."), "error_log": s("Error log."), "help_doc": s("Help document."),
	})
	attrs["rate_limit_option"] = tfkit.RateLimitViewAttribute()
	resp.Schema = schema.Schema{
		MarkdownDescription: "One DTS migration job (`DescribeMigrationDetail`): its configuration, progress steps, replication lag, " +
			"check steps, error information with solutions and rate limits. No secret is ever exposed: passwords and temporary credentials are omitted.",
		Attributes: attrs,
	}
}

func (d *jobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg jobDetailModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	region, id := d.env.RegionOr(cfg.Region.ValueString()), cfg.JobID.ValueString()
	job, err := d.env.Client.DescribeMigrationDetail(ctx, region, &dtsapi.DescribeMigrationDetailRequest{JobId: &id})
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("reading migration job", id, err))
		return
	}
	out, err := detailOf(ctx, job)
	if err != nil {
		resp.Diagnostics.AddError("Error reading migration job "+id, err.Error())
		return
	}
	out.Region = types.StringValue(region)
	// The detail has no AutoRetryTimeRangeMinutes; the list has.
	out.AutoRetryTimeRangeMinutes = types.Int64Value(0)
	if v, err := autoRetryOf(ctx, d.env, jobkit.NewJob(d.env, kind, region, id)); err == nil && !v.IsNull() {
		out.AutoRetryTimeRangeMinutes = v
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, out)...)
}

// detailOf converts a DescribeMigrationDetail response: zero-filled like
// the list, but the configuration (migrate_option) as the resource shows it.
func detailOf(ctx context.Context, d *detail) (*jobDetailModel, error) {
	out := &jobDetailModel{}
	if err := tfkit.Flatten(ctx, d, out, tfkit.ZeroFill()); err != nil {
		return nil, err
	}
	out.Tags, _ = jobkit.UserTags(d.Tags)
	out.MigrateOption = nil
	if mo := tfkit.Prune(d.MigrateOption); mo != nil {
		out.MigrateOption = &migrateOptionModel{}
		if err := tfkit.Flatten(ctx, mo, out.MigrateOption); err != nil {
			return nil, err
		}
	}
	var err error
	if d.StepInfo != nil {
		out.Steps, err = tfkit.FlattenList[stepModel](ctx, d.StepInfo.StepInfo, tfkit.ZeroFill())
	}
	if out.Steps == nil {
		out.Steps = []stepModel{}
	}
	progress := &dtsapi.ProcessProgress{}
	if d.CheckStepInfo != nil && d.CheckStepInfo.Progress != nil {
		progress = d.CheckStepInfo.Progress
	}
	if err == nil {
		err = tfkit.Flatten(ctx, progress, out.CheckStepInfo, tfkit.ZeroFill(), tfkit.WithPrior(out.CheckStepInfo))
	}
	return out, err
}
