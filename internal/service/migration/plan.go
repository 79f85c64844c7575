package migration

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Plan-time rules of dts_migration_job: the cross-field rules of the
// configuration (ValidateConfig, validate.go) and what an update can do in
// place (ModifyPlan): bad input and impossible changes fail here, before any
// API call, with the attribute named.

func (r *jobResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m jobModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		// Values known only after apply: Terraform validates the
		// configuration again once they are known, and Create checks it
		// once more before buying anything.
		return
	}
	resp.Diagnostics.Append(validate(&m)...)
}

// prior is what the state and the private state say about the job.
type prior struct{ jobkit.Prior }

func (p prior) started() bool { return started(p.Status) }

func (r *jobResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	plan := tfkit.AttrsOf(ctx, req.Plan)
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(createRules(plan)...)
		resp.Diagnostics.Append(configWarnings(ctx, req)...)
		return
	}
	state := tfkit.AttrsOf(ctx, req.State)
	p := prior{jobkit.ReadPrior(ctx, req, "trade_status")}
	changes := tfkit.PlannedChanges(req.State.Raw, req.Plan.Raw, req.Config.Raw)
	if changes.Any("src_info", "dst_info") {
		resp.Diagnostics.Append(configWarnings(ctx, req)...)
	}
	resp.Diagnostics.Append(stateRules(plan, p, resp)...)
	resp.Diagnostics.Append(billingRules(plan, p, changes)...)
	if p.started() {
		resp.Diagnostics.Append(afterStartRules(plan, state, p, changes, resp)...)
	}
	if !movesJob(plan, p, changes) {
		// The update moves nothing: what the last read observed stays true,
		// so the plan shows only the real change.
		tfkit.KeepObserved(ctx, req, resp, "status", "trade_status", "brief_msg")
	}
}

func configWarnings(ctx context.Context, req resource.ModifyPlanRequest) diag.Diagnostics {
	var m jobModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		return nil
	}
	return passwordWarnings(&m)
}

func createRules(plan tfkit.Attrs) diag.Diagnostics {
	var diags diag.Diagnostics
	if plan.Str("state") == stageStopped {
		diags.AddAttributeError(path.Root("state"), "A new job cannot be stopped",
			"state = \"stopped\" is only reachable from a started job. Create the job with \"checked\", \"running\", \"paused\" or \"completed\".")
	}
	if plan.Str("instance_class") == "micro" {
		diags.AddAttributeError(path.Root("instance_class"), "micro is not available at purchase",
			"DTS sells migration jobs as small, medium, large, xlarge or 2xlarge; micro is only reachable by resizing an existing job. Create it with another class and change it afterwards.")
	}
	return diags
}

// movesJob reports whether applying the plan changes the job's status: any
// change before the start (a new configuration and check), a stage to reach,
// a billing isolation to lift, a resize.
func movesJob(plan tfkit.Attrs, p prior, changes tfkit.Changes) bool {
	return !p.started() || p.Trade == trIsolated || changes.Any("state", "instance_class") ||
		!stages.Satisfies(plan.Str("state"), p.Status, plan.Str("run_mode"))
}

// stateRules: the desired stage, from where the job is.
func stateRules(plan tfkit.Attrs, p prior, resp *resource.ModifyPlanResponse) diag.Diagnostics {
	var diags diag.Diagnostics
	desired := plan.Str("state")
	if desired == "" || desired == p.Observed || stages.Satisfies(desired, p.Status, plan.Str("run_mode")) {
		return diags
	}
	redis := isRedisType(plan.Str("src_info", "database_type")) || isRedisType(plan.Str("dst_info", "database_type"))
	replace := func(why string) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("state"))
		diags.AddAttributeWarning(path.Root("state"), "Migration job will be replaced", why)
	}
	refuse := func(summary, detail string) { diags.AddAttributeError(path.Root("state"), summary, detail) }
	inErr := slices.Contains(inError, p.Status)
	switch {
	case p.Status == stCanceled && desired != stageStopped:
		replace(fmt.Sprintf("Migration job %s was stopped, and DTS cannot restart a stopped job: reaching state %q needs a new job.", p.ID, desired))
	case p.Status == stFailed && !redis && desired != stageStopped:
		replace(fmt.Sprintf("Migration job %s failed, which is final for this link: reaching state %q needs a new job.", p.ID, desired))
	case inErr && desired != stageStopped && p.Allowed != nil && !slices.Contains(p.Allowed, dtsapi.VerbResume):
		replace(fmt.Sprintf("Migration job %s is %s and DTS does not allow resuming it: reaching state %q needs a new job.", p.ID, p.Status, desired))
	case desired == stageChecked && p.started():
		refuse("A started job cannot return to checked", fmt.Sprintf("Migration job %s has started (status %s).", p.ID, p.Status))
	case desired == stageStopped && !p.started():
		refuse("A job that never started cannot be stopped", fmt.Sprintf("Migration job %s is %s. Remove the resource to delete it.", p.ID, p.Status))
	case p.Status == stSuccess && (desired == stagePaused || desired == stageStopped):
		refuse("The migration has completed", fmt.Sprintf("Migration job %s finished successfully; it can no longer be %s.", p.ID, desired))
	case desired == stagePaused && p.Status == stReadyComplete && (p.Allowed == nil || !slices.Contains(p.Allowed, dtsapi.VerbPause)):
		refuse("A job at readyComplete cannot be paused",
			fmt.Sprintf("Migration job %s has finished its full migration and is catching up incrementally (readyComplete); DTS pauses only a running job. "+
				"Complete it (state = \"completed\") or stop it.", p.ID))
	}
	return diags
}

// billingRules: what the billing status already rules out.
func billingRules(plan tfkit.Attrs, p prior, changes tfkit.Changes) diag.Diagnostics {
	var diags diag.Diagnostics
	if changes.Any("instance_class") && p.Trade == trNotBilled {
		diags.AddAttributeError(path.Root("instance_class"), "DTS resizes only billed jobs",
			fmt.Sprintf("Migration job %s is a link DTS does not bill (trade status notBilled), and ModifyMigrateJobSpec resizes billed jobs only. "+
				"Keep instance_class = %q, or replace the job.", p.ID, plan.Str("instance_class")))
	}
	return diags
}

// frozenAfterStart are attributes DTS takes only before the start.
var frozenAfterStart = []string{"run_mode", "expect_run_time", "auto_retry_time_range_minutes"}

// inPlaceAfterStart reports whether a started job changes in place at p (the
// others under src_info, dst_info and migrate_option need a new job).
func inPlaceAfterStart(p tfkit.Path) bool {
	switch {
	case strings.HasSuffix(string(p), "_wo_version"):
		return true
	case p == "migrate_option.is_dst_read_only", p == `migrate_option.extra_attr["DstWriteMode"]`:
		return true
	}
	return !p.Under("src_info") && !p.Under("dst_info") && !p.Under("migrate_option")
}

// afterStart: what a started job cannot change in place.
var afterStart = jobkit.AfterStart{Noun: "migration job", Frozen: frozenAfterStart, Ended: []string{stSuccess, stCanceled, stFailed},
	InPlace: inPlaceAfterStart, Why: "DTS cannot reconfigure a started job."}

// replacing are the purchase parameters whose change replaces the job (their
// schema's RequiresReplace).
var replacing = []string{"src_info.region", "src_info.database_type", "dst_info.region", "dst_info.database_type"}

// afterStartRules: the kit's rules for a started job, and tags — unless the
// plan replaces the job, which buys a new one with the new tags.
func afterStartRules(plan, state tfkit.Attrs, p prior, changes tfkit.Changes, resp *resource.ModifyPlanResponse) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.Append(afterStart.Rules(plan, state, p.Prior, changes, resp)...)
	if changes.Any("tags") && len(resp.RequiresReplace) == 0 && !changes.Any(replacing...) {
		diags.AddAttributeError(path.Root("tags"), "Tags cannot change after the start",
			fmt.Sprintf("Migration job %s has started, and DTS cannot retag a started job. Revert the tags, or replace the job (terraform apply -replace).", p.ID))
	}
	return diags
}
