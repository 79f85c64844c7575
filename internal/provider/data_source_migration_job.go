package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

var (
	_ datasource.DataSource              = (*migrationJobDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*migrationJobDataSource)(nil)
)

// NewMigrationJobDataSource returns the dts_migration_job data source.
func NewMigrationJobDataSource() datasource.DataSource { return &migrationJobDataSource{} }

type migrationJobDataSource struct {
	data *providerData
}

type migrationJobDetailModel struct {
	migrationJobSummaryModel
	Region          types.String        `tfsdk:"region"`
	MigrateOption   *migrateOptionModel `tfsdk:"migrate_option"`
	Steps           []stepDetailModel   `tfsdk:"steps"`
	CheckStepInfo   *checkStepInfoModel `tfsdk:"check_step_info"`
	ErrorInfo       []errorInfoModel    `tfsdk:"error_info"`
	RateLimitOption *rateLimitOptModel  `tfsdk:"rate_limit_option"`
}

type stepDetailModel struct {
	StepNo      types.Int64    `tfsdk:"step_no"`
	StepName    types.String   `tfsdk:"step_name"`
	StepID      types.String   `tfsdk:"step_id"`
	Status      types.String   `tfsdk:"status"`
	StartTime   types.String   `tfsdk:"start_time"`
	FinishTime  types.String   `tfsdk:"finish_time"`
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

type checkStepInfoModel struct {
	StartAt types.String      `tfsdk:"start_at"`
	EndAt   types.String      `tfsdk:"end_at"`
	Status  types.String      `tfsdk:"status"`
	Percent types.Int64       `tfsdk:"percent"`
	StepAll types.Int64       `tfsdk:"step_all"`
	StepNow types.Int64       `tfsdk:"step_now"`
	Message types.String      `tfsdk:"message"`
	Steps   []stepDetailModel `tfsdk:"steps"`
}

type errorInfoModel struct {
	Code     types.String `tfsdk:"code"`
	Solution types.String `tfsdk:"solution"`
	ErrorLog types.String `tfsdk:"error_log"`
	HelpDoc  types.String `tfsdk:"help_doc"`
}

type rateLimitOptModel struct {
	CurrentDumpThread   types.Int64  `tfsdk:"current_dump_thread"`
	DefaultDumpThread   types.Int64  `tfsdk:"default_dump_thread"`
	CurrentDumpRps      types.Int64  `tfsdk:"current_dump_rps"`
	DefaultDumpRps      types.Int64  `tfsdk:"default_dump_rps"`
	CurrentLoadThread   types.Int64  `tfsdk:"current_load_thread"`
	DefaultLoadThread   types.Int64  `tfsdk:"default_load_thread"`
	CurrentLoadRps      types.Int64  `tfsdk:"current_load_rps"`
	DefaultLoadRps      types.Int64  `tfsdk:"default_load_rps"`
	CurrentSinkerThread types.Int64  `tfsdk:"current_sinker_thread"`
	DefaultSinkerThread types.Int64  `tfsdk:"default_sinker_thread"`
	HasUserSetRateLimit types.String `tfsdk:"has_user_set_rate_limit"`
}

func (d *migrationJobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_migration_job"
}

func stepDetailAttributes() map[string]schema.Attribute {
	tips := func(desc string) schema.ListNestedAttribute {
		return schema.ListNestedAttribute{Computed: true, MarkdownDescription: desc, NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"message":  computedString("Message."),
				"solution": computedString("How to solve it."),
				"help_doc": computedString("Help document."),
			},
		}}
	}
	return map[string]schema.Attribute{
		"step_no":      computedInt64("Step number."),
		"step_name":    computedString("Step name."),
		"step_id":      computedString("Step ID, e.g. `ConnectDBCheck`."),
		"status":       computedString("Step status, e.g. " + dtsapi.MustEnum("StepDetailInfo.Status").Describe() + "."),
		"start_time":   computedString("When the step started" + timeNote),
		"finish_time":  computedString("When the step finished" + timeNote),
		"step_message": computedString("Step message."),
		"percent":      computedInt64("Progress of the step, 0–100."),
		"errors":       tips("Errors of the step."),
		"warnings":     tips("Warnings of the step."),
	}
}

func (d *migrationJobDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := migrationJobSummaryAttributes()
	attrs["job_id"] = schema.StringAttribute{Required: true, MarkdownDescription: "Job ID (`dts-…`)."}
	attrs["region"] = schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Region of the job (of its target database); defaults to the provider's region."}
	attrs["migrate_option"] = computedAttribute(migrateOptionAttribute())
	attrs["steps"] = schema.ListNestedAttribute{Computed: true, MarkdownDescription: "Progress steps of the migration (`StepInfo.StepInfo`).",
		NestedObject: schema.NestedAttributeObject{Attributes: stepDetailAttributes()}}
	attrs["check_step_info"] = schema.SingleNestedAttribute{Computed: true, MarkdownDescription: "The latest check and its steps.",
		Attributes: map[string]schema.Attribute{
			"start_at": computedString("When the check started" + timeNote),
			"end_at":   computedString("When the check ended" + timeNote),
			"status":   computedString("Check status, e.g. `running`, `success`, `failed`."),
			"percent":  computedInt64("Progress, 0–100."),
			"step_all": computedInt64("Number of check steps."),
			"step_now": computedInt64("Current check step."),
			"message":  computedString("Check message."),
			"steps": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "Check steps, with their errors and warnings.",
				NestedObject: schema.NestedAttributeObject{Attributes: stepDetailAttributes()}},
		}}
	attrs["error_info"] = schema.ListNestedAttribute{Computed: true, MarkdownDescription: "Errors of a job in error, with solutions.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"code":      computedString("Error code."),
			"solution":  computedString("How to solve it."),
			"error_log": computedString("Error log."),
			"help_doc":  computedString("Help document."),
		}}}
	rl := map[string]schema.Attribute{"has_user_set_rate_limit": computedString("`yes` when a rate limit was set, `no` otherwise.")}
	for _, n := range []string{"dump_thread", "dump_rps", "load_thread", "load_rps", "sinker_thread"} {
		rl["current_"+n] = computedInt64("Current " + n + ".")
		rl["default_"+n] = computedInt64("Default " + n + ".")
	}
	attrs["rate_limit_option"] = schema.SingleNestedAttribute{Computed: true, MarkdownDescription: "Current and default transfer rates.", Attributes: rl}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One DTS migration job (`DescribeMigrationDetail`): its configuration, progress steps, replication lag, " +
			"check steps, error information with solutions and rate limits. No secret is ever exposed: passwords and temporary credentials are omitted.",
		Attributes: attrs,
	}
}

func (d *migrationJobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *migrationJobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg migrationJobDetailModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := firstNonEmpty(cfg.Region.ValueString(), d.data.region)
	id := cfg.JobID.ValueString()
	job, err := d.data.client.DescribeMigrationDetail(ctx, region, &dtsapi.DescribeMigrationDetailRequest{JobId: ptr(id)})
	if err != nil {
		resp.Diagnostics.Append(errorDiagnostic("reading migration job", id, err))
		return
	}
	out := migrationJobDetailModel{
		migrationJobSummaryModel: flattenMigrationJobSummary(&dtsapi.JobItem{
			JobId: job.JobId, JobName: job.JobName, CreateTime: job.CreateTime, UpdateTime: job.UpdateTime, StartTime: job.StartTime,
			EndTime: job.EndTime, BriefMsg: job.BriefMsg, Status: job.Status, RunMode: job.RunMode, ExpectRunTime: job.ExpectRunTime,
			Action: job.Action, StepInfo: job.StepInfo, SrcInfo: job.SrcInfo, DstInfo: job.DstInfo, CompareTask: job.CompareTask,
			TradeInfo: job.TradeInfo, Tags: job.Tags, DumperResumeCtrl: job.DumperResumeCtrl,
		}),
		Region:          types.StringValue(region),
		MigrateOption:   flattenMigrateOption(prune(job.MigrateOption)),
		Steps:           []stepDetailModel{},
		ErrorInfo:       []errorInfoModel{},
		RateLimitOption: flattenRateLimitOption(job.RateLimitOption),
		CheckStepInfo:   flattenCheckStepInfo(job.CheckStepInfo),
	}
	// The detail has no AutoRetryTimeRangeMinutes; the list has.
	out.AutoRetryTimeRangeMinutes = types.Int64Value(0)
	if jobs, _, err := listMigrationJobs(ctx, d.data, region, &dtsapi.DescribeMigrationJobsRequest{JobId: ptr(id)}); err == nil {
		for _, j := range jobs {
			if str(j.JobId) == id {
				out.AutoRetryTimeRangeMinutes = int64Value(j.AutoRetryTimeRangeMinutes)
			}
		}
	}
	if job.StepInfo != nil {
		out.Steps = flattenSteps(job.StepInfo.StepInfo)
	}
	for _, e := range job.ErrorInfo {
		if e != nil {
			out.ErrorInfo = append(out.ErrorInfo, errorInfoModel{Code: stringValue(e.Code), Solution: stringValue(e.Solution), ErrorLog: stringValue(e.ErrorLog), HelpDoc: stringValue(e.HelpDoc)})
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

func flattenSteps(steps []*dtsapi.StepDetailInfo) []stepDetailModel {
	out := []stepDetailModel{}
	tips := func(ts []*dtsapi.ProcessStepTip) []stepTipModel {
		r := []stepTipModel{}
		for _, t := range ts {
			if t != nil {
				r = append(r, stepTipModel{Message: stringValue(t.Message), Solution: stringValue(t.Solution), HelpDoc: stringValue(t.HelpDoc)})
			}
		}
		return r
	}
	for _, s := range steps {
		if s == nil {
			continue
		}
		out = append(out, stepDetailModel{
			StepNo: int64Value(s.StepNo), StepName: stringValue(s.StepName), StepID: stringValue(s.StepId), Status: stringValue(s.Status),
			StartTime: timeValue(s.StartTime), FinishTime: timeValue(s.FinishTime), StepMessage: stringValue(s.StepMessage),
			Percent: int64Value(s.Percent), Errors: tips(s.Errors), Warnings: tips(s.Warnings),
		})
	}
	return out
}

func flattenCheckStepInfo(c *dtsapi.CheckStepInfo) *checkStepInfoModel {
	if c == nil {
		c = &dtsapi.CheckStepInfo{}
	}
	p := c.Progress
	if p == nil {
		p = &dtsapi.ProcessProgress{}
	}
	return &checkStepInfoModel{
		StartAt: timeValue(c.StartAt), EndAt: timeValue(c.EndAt), Status: stringValue(p.Status), Percent: int64Value(p.Percent),
		StepAll: int64Value(p.StepAll), StepNow: int64Value(p.StepNow), Message: stringValue(p.Message), Steps: flattenSteps(p.Steps),
	}
}

func flattenRateLimitOption(r *dtsapi.RateLimitOption) *rateLimitOptModel {
	if r == nil {
		r = &dtsapi.RateLimitOption{}
	}
	return &rateLimitOptModel{
		CurrentDumpThread: int64Value(r.CurrentDumpThread), DefaultDumpThread: int64Value(r.DefaultDumpThread),
		CurrentDumpRps: int64Value(r.CurrentDumpRps), DefaultDumpRps: int64Value(r.DefaultDumpRps),
		CurrentLoadThread: int64Value(r.CurrentLoadThread), DefaultLoadThread: int64Value(r.DefaultLoadThread),
		CurrentLoadRps: int64Value(r.CurrentLoadRps), DefaultLoadRps: int64Value(r.DefaultLoadRps),
		CurrentSinkerThread: int64Value(r.CurrentSinkerThread), DefaultSinkerThread: int64Value(r.DefaultSinkerThread),
		HasUserSetRateLimit: stringValue(r.HasUserSetRateLimit),
	}
}
