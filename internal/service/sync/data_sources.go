package sync

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// --- dts_sync_jobs ---

// NewJobsDataSource returns the dts_sync_jobs data source.
func NewJobsDataSource() datasource.DataSource { return &jobsDataSource{} }

type jobsDataSource struct{ env *jobkit.Env }

type jobsModel struct {
	Region         types.String      `tfsdk:"region"`
	JobID          types.String      `tfsdk:"job_id"`
	JobIDs         []string          `tfsdk:"job_ids"`
	Name           types.String      `tfsdk:"name"`
	NameContains   types.String      `tfsdk:"name_contains"`
	Status         []string          `tfsdk:"status"`
	RunMode        types.String      `tfsdk:"run_mode"`
	JobType        types.String      `tfsdk:"job_type"`
	PayMode        types.String      `tfsdk:"pay_mode"`
	OrderSeq       types.String      `tfsdk:"order_seq"`
	SrcInfoPattern types.String      `tfsdk:"src_info_pattern"`
	DstInfoPattern types.String      `tfsdk:"dst_info_pattern"`
	TagFilters     []tfkit.TagFilter `tfsdk:"tag_filters"`
	Jobs           []jobSummaryModel `tfsdk:"jobs"`
	IDs            []string          `tfsdk:"ids"`
	TotalCount     types.Int64       `tfsdk:"total_count"`
}

func (d *jobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sync_jobs"
}

func (d *jobsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *jobsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	name := tfkit.Filter("Only jobs with exactly this name (`JobName`).")
	name.Validators = []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("name_contains"))}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists DTS data sync jobs (`DescribeSyncJobs`) in a region, with every filter the API offers. " +
			"Pages are fetched inside (100 jobs per call). No secret is ever exposed.",
		Attributes: map[string]schema.Attribute{
			"region": tfkit.RegionFilter("Region to list; defaults to the provider's region. Jobs belong to the region of their target database."),
			"job_id": tfkit.Filter("Only the job with this ID."),
			"job_ids": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only the jobs with these IDs (one call for many jobs)."},
			"name":             name,
			"name_contains":    tfkit.Filter("Only jobs whose name contains this text (case-sensitive)."),
			"status":           tfkit.FilterEnumList("DescribeSyncJobsRequest.Status", "Only jobs in one of these statuses"),
			"run_mode":         tfkit.FilterEnum("DescribeSyncJobsRequest.RunMode", "Only jobs with this run mode"),
			"job_type":         tfkit.FilterEnum("DescribeSyncJobsRequest.JobType", "Only jobs of this link type"),
			"pay_mode":         tfkit.FilterEnum("DescribeSyncJobsRequest.PayMode", "Only jobs billed so"),
			"order_seq":        tfkit.FilterEnum("DescribeSyncJobsRequest.OrderSeq", "Order by creation time"),
			"src_info_pattern": tfkit.Filter("Only jobs whose source instance ID or IP address contains this text."),
			"dst_info_pattern": tfkit.Filter("Only jobs whose target instance ID or IP address contains this text."),
			"tag_filters":      tfkit.TagFiltersAttribute(),
			"total_count":      tfkit.ComputedInt64("Number of jobs that match."),
			"ids":              tfkit.ComputedStrings("IDs of the jobs, in the order of `jobs`."),
			"jobs":             tfkit.ComputedList("The matching jobs.", summaryAttributes()),
		},
	}
}

func (d *jobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg jobsModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	request := &dtsapi.DescribeSyncJobsRequest{}
	if err := tfkit.Expand(ctx, &cfg, request); err != nil {
		resp.Diagnostics.AddError("Invalid filter", err.Error())
		return
	}
	var jobs []*info
	var err error
	if cfg.JobIDs == nil || len(cfg.JobIDs) > 0 { // job_ids = []: no job
		jobs, err = listJobs(ctx, d.env, d.env.RegionOr(cfg.Region.ValueString()), request)
	}
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("listing sync jobs", "", err))
		return
	}
	cfg.Jobs, cfg.IDs = []jobSummaryModel{}, []string{}
	for _, j := range jobs {
		if !strings.Contains(tfkit.Str(j.JobName), cfg.NameContains.ValueString()) {
			continue // DTS matches JobName (name) whole: a part is matched here
		}
		m, err := summaryOf(ctx, j)
		if err != nil {
			resp.Diagnostics.AddError("Error reading sync job "+tfkit.Str(j.JobId), err.Error())
			return
		}
		cfg.Jobs, cfg.IDs = append(cfg.Jobs, m), append(cfg.IDs, tfkit.Str(j.JobId))
	}
	cfg.TotalCount = types.Int64Value(int64(len(cfg.Jobs)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// --- dts_sync_job ---

// NewJobDataSource returns the dts_sync_job data source.
func NewJobDataSource() datasource.DataSource { return &jobDataSource{} }

type jobDataSource struct{ env *jobkit.Env }

type jobDetailModel struct {
	jobSummaryModel
	Region          types.String         `tfsdk:"region"`
	Objects         *objectsModel        `tfsdk:"objects"`
	Options         *optionsModel        `tfsdk:"options"`
	RateLimitOption *tfkit.RateLimitView `tfsdk:"rate_limit_option"`
	CheckResult     *checkResultModel    `tfsdk:"check_result"`
}

// checkResultModel is a DescribeCheckSyncJobResult answer.
type checkResultModel struct {
	Status    types.String `tfsdk:"status"`
	StepCount types.Int64  `tfsdk:"step_count"`
	StepCur   types.Int64  `tfsdk:"step_cur"`
	Progress  types.Int64  `tfsdk:"progress"`
	StepInfos []stepModel  `tfsdk:"step_infos"`
}

func (d *jobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sync_job"
}

func (d *jobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *jobDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	s, n := tfkit.ComputedString, tfkit.ComputedInt64
	attrs := summaryAttributes()
	attrs["job_id"] = schema.StringAttribute{Required: true, Validators: []validator.String{tfkit.JobID("sync", "sync job")}, MarkdownDescription: "Job ID (`sync-…`)."}
	attrs["region"] = schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{tfkit.Region()}, MarkdownDescription: "Region of the job (of its target database); defaults to the provider's region."}
	attrs["objects"] = tfkit.ComputedAttribute(objectsAttribute())
	attrs["options"] = tfkit.ComputedAttribute(optionsAttribute(ctx))
	attrs["rate_limit_option"] = tfkit.RateLimitViewAttribute()
	attrs["check_result"] = tfkit.ComputedObject("The latest check (`DescribeCheckSyncJobResult`); null for a job never checked.", map[string]schema.Attribute{
		"status":     s("Check status: " + dtsapi.MustEnum("DescribeCheckSyncJobResultResponse.Status").Describe() + "."),
		"step_count": n("Number of check steps."),
		"step_cur":   n("Current check step."),
		"progress":   n("Progress, 0–100."),
		"step_infos": tfkit.ComputedList("Check steps, with their errors and warnings.", stepAttributes()),
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "One DTS data sync job (`DescribeSyncJobs`): its configuration, progress, replication lag, error with its " +
			"solution, rate limits and latest check (`DescribeCheckSyncJobResult`). No secret is ever exposed.",
		Attributes: attrs,
	}
}

func (d *jobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg jobDetailModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	region, id := d.env.RegionOr(cfg.Region.ValueString()), cfg.JobID.ValueString()
	j, err := kind.Describe(ctx, d.env, region, id)
	if err == nil && j == nil {
		resp.Diagnostics.AddError("Sync job not found", "No sync job "+id+" in "+region+". Jobs belong to the region of their target database.")
		return
	}
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("reading sync job", id, err))
		return
	}
	out, err := detailOf(ctx, j)
	if status := tfkit.Str(j.Status); err == nil && status != stUnInitialized && status != stInitialized {
		out.CheckResult, err = d.checkResult(ctx, region, id)
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading sync job "+id, err.Error())
		return
	}
	out.Region = types.StringValue(region)
	resp.Diagnostics.Append(resp.State.Set(ctx, out)...)
}

func (d *jobDataSource) checkResult(ctx context.Context, region, id string) (*checkResultModel, error) {
	r, err := d.env.Client.DescribeCheckSyncJobResult(ctx, region, &dtsapi.DescribeCheckSyncJobResultRequest{JobId: &id})
	if err != nil {
		return nil, err
	}
	out := &checkResultModel{}
	return out, tfkit.Flatten(ctx, r, out, tfkit.ZeroFill())
}

// detailOf converts a SyncJobInfo: zero-filled like the list, but the
// configuration (objects, options) as the resource shows it.
func detailOf(ctx context.Context, j *info) (*jobDetailModel, error) {
	out := &jobDetailModel{}
	if err := tfkit.Flatten(ctx, j, out, tfkit.ZeroFill()); err != nil {
		return nil, err
	}
	out.Tags, _ = jobkit.UserTags(j.Tags)
	out.Objects, out.Options, out.RateLimitOption = nil, nil, nil
	if o := tfkit.Prune(j.Objects); o != nil {
		out.Objects = &objectsModel{}
		if err := tfkit.Flatten(ctx, o, out.Objects); err != nil {
			return nil, err
		}
	}
	if o := tfkit.Prune(j.Options); o != nil {
		out.Options = &optionsModel{}
		if err := tfkit.Flatten(ctx, o, out.Options); err != nil {
			return nil, err
		}
		if o.RateLimitOption != nil {
			out.RateLimitOption = &tfkit.RateLimitView{}
			if err := tfkit.Flatten(ctx, o.RateLimitOption, out.RateLimitOption, tfkit.ZeroFill()); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
