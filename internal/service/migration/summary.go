package migration

import (
	"context"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Read-only views of migration jobs, shared by the dts_migration_jobs and
// dts_migration_job data sources: the API's JobItem, converted by flex (with
// ZeroFill: a data source shows what DTS answers). None carries a secret.

type jobSummaryModel struct {
	JobID                     types.String          `tfsdk:"job_id"`
	Name                      types.String          `tfsdk:"name"`
	CreateTime                tfkit.Time            `tfsdk:"create_time"`
	UpdateTime                tfkit.Time            `tfsdk:"update_time"`
	StartTime                 tfkit.Time            `tfsdk:"start_time"`
	EndTime                   tfkit.Time            `tfsdk:"end_time"`
	BriefMsg                  types.String          `tfsdk:"brief_msg"`
	Status                    types.String          `tfsdk:"status"`
	RunMode                   types.String          `tfsdk:"run_mode"`
	ExpectRunTime             tfkit.Time            `tfsdk:"expect_run_time"`
	Action                    *actionModel          `tfsdk:"action"`
	StepInfo                  *stepSummaryModel     `tfsdk:"step_info"`
	SrcInfo                   *endpointView         `tfsdk:"src_info"`
	DstInfo                   *endpointView         `tfsdk:"dst_info"`
	CompareTask               *compareTaskInfoModel `tfsdk:"compare_task"`
	TradeInfo                 *tradeInfoModel       `tfsdk:"trade_info"`
	Tags                      map[string]string     `tfsdk:"tags"`
	AutoRetryTimeRangeMinutes types.Int64           `tfsdk:"auto_retry_time_range_minutes"`
	DumperResumeCtrl          types.String          `tfsdk:"dumper_resume_ctrl"`
}

type actionModel struct {
	AllAction     []string `tfsdk:"all_action"`
	AllowedAction []string `tfsdk:"allowed_action"`
}

type stepSummaryModel struct {
	StepAll             types.Int64 `tfsdk:"step_all"`
	StepNow             types.Int64 `tfsdk:"step_now"`
	MasterSlaveDistance types.Int64 `tfsdk:"master_slave_distance"`
	SecondsBehindMaster types.Int64 `tfsdk:"seconds_behind_master"`
}

type compareTaskInfoModel struct {
	CompareTaskID types.String `tfsdk:"compare_task_id"`
	Status        types.String `tfsdk:"status"`
}

type tradeInfoModel struct {
	DealName      types.String `tfsdk:"deal_name"`
	LastDealName  types.String `tfsdk:"last_deal_name"`
	InstanceClass types.String `tfsdk:"instance_class"`
	TradeStatus   types.String `tfsdk:"trade_status"`
	ExpireTime    tfkit.Time   `tfsdk:"expire_time"`
	OfflineTime   tfkit.Time   `tfsdk:"offline_time"`
	IsolateTime   tfkit.Time   `tfsdk:"isolate_time"`
	OfflineReason types.String `tfsdk:"offline_reason"`
	IsolateReason types.String `tfsdk:"isolate_reason"`
	PayType       types.String `tfsdk:"pay_type"`
	BillingType   types.String `tfsdk:"billing_type"`
}

// summaryOf converts a JobItem.
func summaryOf(ctx context.Context, j *dtsapi.JobItem) (jobSummaryModel, error) {
	var m jobSummaryModel
	err := tfkit.Flatten(ctx, j, &m, tfkit.ZeroFill())
	m.Tags, _ = jobkit.UserTags(j.Tags)
	return m, err
}

func summaryAttributes() map[string]dschema.Attribute {
	s, t, n := tfkit.ComputedString, tfkit.ComputedTime, tfkit.ComputedInt64
	return map[string]dschema.Attribute{
		"job_id":          s("Job ID (`dts-…`)."),
		"name":            s("Job name."),
		"create_time":     t("When the job was bought"),
		"update_time":     t("When the job last changed"),
		"start_time":      t("When the job started"),
		"end_time":        t("When the job ended"),
		"brief_msg":       s("Short message about the job's state, e.g. why it failed."),
		"status":          s("Job status: " + dtsapi.MustEnum("JobItem.Status").Describe() + "."),
		"run_mode":        s("`immediate` or `timed`."),
		"expect_run_time": t("Planned start of a timed job"),
		"action": tfkit.ComputedObject("Operations on the job.", map[string]dschema.Attribute{
			"all_action":     tfkit.ComputedStrings("Every operation of the job."),
			"allowed_action": tfkit.ComputedStrings("Operations its current status allows, e.g. `stop`, `complete`, `isolate`."),
		}),
		"step_info": tfkit.ComputedObject("Progress of the migration.", map[string]dschema.Attribute{
			"step_all":              n("Number of steps."),
			"step_now":              n("Current step."),
			"master_slave_distance": n("Lag between source and target, in bytes."),
			"seconds_behind_master": n("Lag between source and target, in seconds."),
		}),
		"src_info": endpointViewAttribute("source"),
		"dst_info": endpointViewAttribute("target"),
		"compare_task": tfkit.ComputedObject("The job's latest consistency check.", map[string]dschema.Attribute{
			"compare_task_id": s("Compare task ID."),
			"status":          s("Result: " + dtsapi.MustEnum("CompareTaskInfo.Status").Describe() + "."),
		}),
		"trade_info":                    tradeInfoAttribute(),
		"tags":                          tfkit.ComputedMap("Tags of the job."),
		"auto_retry_time_range_minutes": n("Minutes during which a failed job is retried automatically; 0 means off."),
		"dumper_resume_ctrl":            s("`yes` when the full export can resume from a checkpoint, `no` otherwise."),
	}
}

// endpointViewAttribute is the resource's endpoint attribute, computed and
// without secrets.
func endpointViewAttribute(side string) dschema.SingleNestedAttribute {
	a := endpointAttribute(side)
	return tfkit.ComputedObject("The "+side+" database. Passwords and temporary credentials are never exposed.",
		tfkit.ComputedAttributes(a.Attributes))
}

func tradeInfoAttribute() dschema.SingleNestedAttribute {
	s, t := tfkit.ComputedString, tfkit.ComputedTime
	return tfkit.ComputedObject("Billing of the job.", map[string]dschema.Attribute{
		"deal_name":      s("Order number."),
		"last_deal_name": s("Latest order number."),
		"instance_class": s("Specification: " + dtsapi.MustEnum("ModifyMigrateJobSpecRequest.NewInstanceClass").Describe() + "."),
		"trade_status":   s("Billing status: " + dtsapi.MustEnum("TradeInfo.TradeStatus").Describe() + "."),
		"expire_time":    t("Expiry"),
		"offline_time":   t("When the job was deleted"),
		"isolate_time":   t("When the job was isolated"),
		"offline_reason": s("Why the job was deleted."),
		"isolate_reason": s("Why the job was isolated."),
		"pay_type":       s("`postpay` or `prepay`."),
		"billing_type":   s("`billing`, `notBilling` or `promotions`."),
	})
}

// pageSize is the largest page DescribeMigrationJobs returns.
const pageSize = 100

// listJobs pages through DescribeMigrationJobs. The request's Limit and
// Offset are set here.
func listJobs(ctx context.Context, env *jobkit.Env, region string, req *dtsapi.DescribeMigrationJobsRequest) ([]*dtsapi.JobItem, int64, error) {
	var all []*dtsapi.JobItem
	var total int64
	for offset := uint64(0); ; {
		req.Limit, req.Offset = tfkit.Ptr(uint64(pageSize)), tfkit.Ptr(offset)
		page, err := env.Client.DescribeMigrationJobs(ctx, region, req)
		if err != nil {
			return nil, 0, err
		}
		total = int64(tfkit.Deref(page.TotalCount))
		all = append(all, page.JobList...)
		offset += uint64(len(page.JobList))
		if len(page.JobList) == 0 || int64(offset) >= total {
			return all, total, nil
		}
	}
}
