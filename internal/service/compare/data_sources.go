package compare

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Read-only views of compare tasks, converted by flex with ZeroFill (a data
// source shows what DTS answers): dts_compare_tasks lists a job's tasks,
// dts_compare_report reads one task's report.

// The data sources' descriptions of a task's objects and options, which the
// resource describes as settings.
const (
	objectsShown = "What the task compares (`CompareObject`), as DTS reports it: the job's objects when the task was created " +
		"with `sameAsMigrate`, or the subset it was given, with DTS's defaults filled in (`table_mode` and `column_mode` `all`, " +
		"`view_mode` `none`)."
	optionsShown = "How the task compares (`CompareOptions`), as DTS reports it, with DTS's defaults filled in (`method` " +
		"`dataCheck`, `sample_rate` 100, `thread_count` 1, `type` `builtin`)."
)

// parentAttributes are the inputs naming a job.
func parentAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"job_id": schema.StringAttribute{Required: true,
			MarkdownDescription: "The job: a migration job (`dts-…`) or a sync job (`sync-…`); its prefix chooses the API family.",
			Validators:          []validator.String{stringvalidator.RegexMatches(jobIDPattern, "must be a migration job ID (dts-…) or a sync job ID (sync-…)")}},
		"region": tfkit.RegionFilter("Region of the job; defaults to the provider's region."),
	}
}

// --- dts_compare_tasks ---

// NewTasksDataSource returns the dts_compare_tasks data source.
func NewTasksDataSource() datasource.DataSource { return &tasksDataSource{} }

type tasksDataSource struct{ env *jobkit.Env }

type tasksModel struct {
	Region        types.String       `tfsdk:"region"`
	JobID         types.String       `tfsdk:"job_id"`
	CompareTaskID types.String       `tfsdk:"compare_task_id"`
	Status        []string           `tfsdk:"status"`
	Tasks         []taskSummaryModel `tfsdk:"tasks"`
	IDs           []string           `tfsdk:"ids"`
	TotalCount    types.Int64        `tfsdk:"total_count"`
}

// taskSummaryModel is a CompareTaskItem.
type taskSummaryModel struct {
	JobID types.String `tfsdk:"job_id"`
	Name  types.String `tfsdk:"name"`
	taskFields
	CreatedAt      tfkit.Time    `tfsdk:"created_at"`
	Method         types.String  `tfsdk:"method"`
	Config         *objectsModel `tfsdk:"config"`
	Options        *optionsModel `tfsdk:"options"`
	CheckProcess   *processModel `tfsdk:"check_process"`
	CompareProcess *processModel `tfsdk:"compare_process"`
}

// processModel is a ProcessProgress.
type processModel struct {
	Status  types.String       `tfsdk:"status"`
	Percent types.Int64        `tfsdk:"percent"`
	StepAll types.Int64        `tfsdk:"step_all"`
	StepNow types.Int64        `tfsdk:"step_now"`
	Message types.String       `tfsdk:"message"`
	Steps   []processStepModel `tfsdk:"steps"`
}

// processStepModel is a StepDetailInfo.
type processStepModel struct {
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

func (d *tasksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_compare_tasks"
}

func (d *tasksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *tasksDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := parentAttributes()
	attrs["compare_task_id"] = schema.StringAttribute{Optional: true, MarkdownDescription: "Only the task with this ID."}
	attrs["status"] = tfkit.FilterEnumList("DescribeCompareTasksRequest.Status", "Only tasks in one of these statuses")
	attrs["total_count"] = tfkit.ComputedInt64("Number of tasks that match.")
	attrs["ids"] = tfkit.ComputedStrings("IDs of the tasks, in the order of `tasks`.")
	attrs["tasks"] = tfkit.ComputedList("The matching tasks, in creation order.", taskAttributes(ctx))
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the consistency checks (compare tasks) of a migration or sync job (`DescribeCompareTasks`, " +
			"`DescribeSyncCompareTasks`), with their progress. Pages are fetched inside (100 tasks per call).",
		Attributes: attrs,
	}
}

func taskAttributes(ctx context.Context) map[string]schema.Attribute {
	s, t := tfkit.ComputedString, tfkit.ComputedTime
	return map[string]schema.Attribute{
		"job_id":          s("The job compared."),
		"compare_task_id": s("Task ID (`<job ID>-cmp-…`)."),
		"name":            s("Task name (`TaskName`)."),
		"status":          s("Task status: " + dtsapi.MustEnum("CompareTaskItem.Status").Describe() + "."),
		"conclusion":      s("Conclusion once the task succeeded: " + dtsapi.MustEnum("CompareTaskItem.Conclusion").Describe() + "; empty before."),
		"message":         s("DTS's message: why the task failed or stopped; `done` after a success."),
		"created_at":      t("When the task was created"),
		"started_at":      t("When the comparison started"),
		"finished_at":     t("When the comparison ended"),
		"method":          s("Comparison method: " + dtsapi.MustEnum("CompareOptions.Method").Describe() + "."),
		"config":          tfkit.ReadOnly(objectsAttribute(ctx), objectsShown),
		"options":         tfkit.ReadOnly(optionsAttribute(ctx), optionsShown),
		"check_process":   processAttribute("The checks before the comparison (connection, privileges, objects)."),
		"compare_process": processAttribute("The comparison: one step per table compared (`db.table`)."),
	}
}

func processAttribute(desc string) schema.SingleNestedAttribute {
	s, n := tfkit.ComputedString, tfkit.ComputedInt64
	tips := func(desc string) schema.ListNestedAttribute {
		return tfkit.ComputedList(desc, map[string]schema.Attribute{"message": s("Message."), "solution": s("How to solve it."), "help_doc": s("Help document.")})
	}
	return tfkit.ComputedObject(desc+" (`ProcessProgress`)", map[string]schema.Attribute{
		"status":   s("Phase status: " + dtsapi.MustEnum("ProcessProgress.Status").Describe() + "."),
		"percent":  n("Progress, 0–100."),
		"step_all": n("Number of steps."),
		"step_now": n("Current step."),
		"message":  s("Message."),
		"steps": tfkit.ComputedList("Steps.", map[string]schema.Attribute{
			"step_no": n("Step number."), "step_name": s("Step name."), "step_id": s("Step ID."),
			"status":       s("Step status: " + dtsapi.MustEnum("StepDetailInfo.Status").Describe() + "."),
			"start_time":   tfkit.ComputedTime("When the step started"),
			"finish_time":  tfkit.ComputedTime("When the step finished"),
			"step_message": s("Why the step failed."),
			"percent":      n("Progress of the step, 0–100."),
			"errors":       tips("Errors."),
			"warnings":     tips("Warnings."),
		}),
	})
}

func (d *tasksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg tasksModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	jobID := cfg.JobID.ValueString()
	request := &dtsapi.DescribeCompareTasksRequest{Status: tfkit.Ptrs(cfg.Status)}
	if id := cfg.CompareTaskID.ValueString(); id != "" {
		request.CompareTaskId = &id
	}
	tasks, err := listTasks(ctx, d.env, d.env.RegionOr(cfg.Region.ValueString()), jobID, request)
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("listing compare tasks", jobID, err))
		return
	}
	cfg.Tasks, cfg.IDs = []taskSummaryModel{}, []string{}
	for _, t := range tasks {
		var m taskSummaryModel
		if err := tfkit.Flatten(ctx, t, &m, tfkit.ZeroFill()); err != nil {
			resp.Diagnostics.AddError("Error reading compare task "+tfkit.Str(t.CompareTaskId), err.Error())
			return
		}
		cfg.Tasks, cfg.IDs = append(cfg.Tasks, m), append(cfg.IDs, tfkit.Str(t.CompareTaskId))
	}
	cfg.TotalCount = types.Int64Value(int64(len(cfg.Tasks)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
