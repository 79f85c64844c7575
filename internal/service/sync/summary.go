package sync

import (
	"context"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Read-only views of sync jobs, shared by the dts_sync_jobs and dts_sync_job
// data sources: the API's SyncJobInfo, converted by flex (with ZeroFill: a
// data source shows what DTS answers). None carries a secret.

type jobSummaryModel struct {
	JobID                     types.String      `tfsdk:"job_id"`
	Name                      types.String      `tfsdk:"name"`
	PayMode                   types.String      `tfsdk:"pay_mode"`
	RunMode                   types.String      `tfsdk:"run_mode"`
	ExpectRunTime             tfkit.Time        `tfsdk:"expect_run_time"`
	AllActions                []string          `tfsdk:"all_actions"`
	Actions                   []string          `tfsdk:"actions"`
	Specification             types.String      `tfsdk:"specification"`
	InstanceClass             types.String      `tfsdk:"instance_class"`
	AutoRenew                 types.Bool        `tfsdk:"auto_renew"`
	SrcInfo                   *endpointView     `tfsdk:"src_info"`
	DstInfo                   *endpointView     `tfsdk:"dst_info"`
	CreateTime                tfkit.Time        `tfsdk:"create_time"`
	StartTime                 tfkit.Time        `tfsdk:"start_time"`
	EndTime                   tfkit.Time        `tfsdk:"end_time"`
	ExpireTime                tfkit.Time        `tfsdk:"expire_time"`
	OfflineTime               tfkit.Time        `tfsdk:"offline_time"`
	Status                    types.String      `tfsdk:"status"`
	TradeStatus               types.String      `tfsdk:"trade_status"`
	OptObjStatus              types.String      `tfsdk:"opt_obj_status"`
	Tags                      map[string]string `tfsdk:"tags"`
	Detail                    *detailModel      `tfsdk:"detail"`
	AutoRetryTimeRangeMinutes types.Int64       `tfsdk:"auto_retry_time_range_minutes"`
	DumperResumeCtrl          types.String      `tfsdk:"dumper_resume_ctrl"`
}

// detailModel is a SyncDetailInfo.
type detailModel struct {
	StepAll               types.Int64   `tfsdk:"step_all"`
	StepNow               types.Int64   `tfsdk:"step_now"`
	Progress              types.Int64   `tfsdk:"progress"`
	CurrentStepProgress   types.Int64   `tfsdk:"current_step_progress"`
	MasterSlaveDistance   types.Int64   `tfsdk:"master_slave_distance"`
	SecondsBehindMaster   types.Int64   `tfsdk:"seconds_behind_master"`
	Message               types.String  `tfsdk:"message"`
	StepInfos             []stepModel   `tfsdk:"step_infos"`
	CauseOfCompareDisable types.String  `tfsdk:"cause_of_compare_disable"`
	ErrInfo               *errInfoModel `tfsdk:"err_info"`
}

// stepModel is a StepInfo: a step of the job or of a check.
type stepModel struct {
	StepNo     types.Int64    `tfsdk:"step_no"`
	StepName   types.String   `tfsdk:"step_name"`
	StepID     types.String   `tfsdk:"step_id"`
	Status     types.String   `tfsdk:"status"`
	StartTime  tfkit.Time     `tfsdk:"start_time"`
	FinishTime tfkit.Time     `tfsdk:"finish_time"`
	Progress   types.Int64    `tfsdk:"progress"`
	Errors     []stepTipModel `tfsdk:"errors"`
	Warnings   []stepTipModel `tfsdk:"warnings"`
}

type stepTipModel struct {
	Code     types.String `tfsdk:"code"`
	Message  types.String `tfsdk:"message"`
	Solution types.String `tfsdk:"solution"`
	HelpDoc  types.String `tfsdk:"help_doc"`
	SkipInfo types.String `tfsdk:"skip_info"`
}

type errInfoModel struct {
	Reason   types.String `tfsdk:"reason"`
	Message  types.String `tfsdk:"message"`
	Solution types.String `tfsdk:"solution"`
}

// summaryOf converts a SyncJobInfo.
func summaryOf(ctx context.Context, j *info) (jobSummaryModel, error) {
	var m jobSummaryModel
	err := tfkit.Flatten(ctx, j, &m, tfkit.ZeroFill())
	m.Tags, _ = jobkit.UserTags(j.Tags)
	return m, err
}

func stepAttributes() map[string]dschema.Attribute {
	s, n := tfkit.ComputedString, tfkit.ComputedInt64
	tips := func(desc string) dschema.ListNestedAttribute {
		return tfkit.ComputedList(desc, map[string]dschema.Attribute{
			"code": s("Code."), "message": s("Message."), "solution": s("How to solve it."), "help_doc": s("Help document."),
			"skip_info": s("Whether and how the item can be skipped."),
		})
	}
	return map[string]dschema.Attribute{
		"step_no":     n("Step number."),
		"step_name":   s("Step name."),
		"step_id":     s("Step ID, e.g. `ConnectDBCheck` (what `skip_check_steps` names)."),
		"status":      s("Step status: " + dtsapi.MustEnum("StepInfo.Status").Describe() + "."),
		"start_time":  tfkit.ComputedTime("When the step started"),
		"finish_time": tfkit.ComputedTime("When the step finished"),
		"progress":    n("Progress of the step, 0–100."),
		"errors":      tips("Errors of the step."),
		"warnings":    tips("Warnings of the step."),
	}
}

func summaryAttributes() map[string]dschema.Attribute {
	s, t, n := tfkit.ComputedString, tfkit.ComputedTime, tfkit.ComputedInt64
	return map[string]dschema.Attribute{
		"job_id":          s("Job ID (`sync-…`)."),
		"name":            s("Job name."),
		"pay_mode":        s("`PrePay` or `PostPay`."),
		"run_mode":        s("`Immediate` or `Timed`."),
		"expect_run_time": t("Planned start of a timed job"),
		"all_actions":     tfkit.ComputedStrings("Every operation of the job."),
		"actions":         tfkit.ComputedStrings("Operations its current status allows, e.g. `pause`, `stop`, `modify`."),
		"specification":   s("Edition, e.g. `Standard`."),
		"instance_class":  s("Specification: `micro`, `small`, `medium` or `large`."),
		"auto_renew":      dschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether a prepaid job renews automatically."},
		"src_info":        endpointViewAttribute("source"),
		"dst_info":        endpointViewAttribute("target"),
		"create_time":     t("When the job was bought"),
		"start_time":      t("When the job started"),
		"end_time":        t("When the job ended"),
		"expire_time":     t("When a prepaid job expires"),
		"offline_time":    t("When the job was deleted"),
		"status":          s("Job status: " + dtsapi.MustEnum("SyncJobInfo.Status").Describe() + "."),
		"trade_status":    s("Billing status: " + dtsapi.MustEnum("SyncJobInfo.TradeStatus").Describe() + "."),
		"opt_obj_status":  s("State of a change of the objects under way; `Normal` when none is."),
		"tags":            tfkit.ComputedMap("Tags of the job."),
		"detail": tfkit.ComputedObject("Progress of the sync (`SyncDetailInfo`).", map[string]dschema.Attribute{
			"step_all":                 n("Number of steps."),
			"step_now":                 n("Current step."),
			"progress":                 n("Overall progress, 0–100."),
			"current_step_progress":    n("Progress of the current step, 0–100."),
			"master_slave_distance":    n("Lag between source and target, in bytes."),
			"seconds_behind_master":    n("Lag between source and target, in seconds."),
			"message":                  s("Message about the job."),
			"step_infos":               tfkit.ComputedList("Steps of the sync.", stepAttributes()),
			"cause_of_compare_disable": s("Why a consistency check cannot be created now, when it cannot."),
			"err_info": tfkit.ComputedObject("The error of a job in error.", map[string]dschema.Attribute{
				"reason": s("Cause."), "message": s("Message."), "solution": s("How to solve it."),
			}),
		}),
		"auto_retry_time_range_minutes": n("Minutes during which a failed job is retried automatically; 0 means off."),
		"dumper_resume_ctrl":            s("`yes` when the full export can resume from a checkpoint, `no` otherwise."),
	}
}

// endpointViewAttribute is the resource's endpoint attribute, computed and
// without secrets.
func endpointViewAttribute(side string) dschema.SingleNestedAttribute {
	return tfkit.ComputedObject("The "+side+" database. Passwords and temporary credentials are never exposed.",
		tfkit.ComputedAttributes(endpointAttribute(side).Attributes))
}

// pageSize is the largest page DescribeSyncJobs returns.
const pageSize = 100

// listJobs pages through DescribeSyncJobs. The request's Limit and Offset are
// set here.
func listJobs(ctx context.Context, env *jobkit.Env, region string, req *dtsapi.DescribeSyncJobsRequest) ([]*info, error) {
	var all []*info
	for offset := uint64(0); ; {
		req.Limit, req.Offset = tfkit.Ptr(uint64(pageSize)), tfkit.Ptr(offset)
		page, err := env.Client.DescribeSyncJobs(ctx, region, req)
		if err != nil {
			return nil, err
		}
		all = append(all, page.JobList...)
		offset += uint64(len(page.JobList))
		if len(page.JobList) == 0 || offset >= tfkit.Deref(page.TotalCount) {
			return all, nil
		}
	}
}
