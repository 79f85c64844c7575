package migration

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// planned reads single attributes of a plan, state or configuration: parts
// may be unknown, and the rules must hold anyway.
type planned struct {
	ctx  context.Context
	from interface {
		GetAttribute(context.Context, path.Path, any) diag.Diagnostics
	}
}

func (p planned) str(name string, steps ...string) string {
	at := path.Root(name)
	for _, s := range steps {
		at = at.AtName(s)
	}
	var v types.String
	if diags := p.from.GetAttribute(p.ctx, at, &v); !diags.HasError() {
		return v.ValueString()
	}
	var t tfkit.Time // the one custom string type
	if diags := p.from.GetAttribute(p.ctx, at, &t); !diags.HasError() {
		return t.ValueString()
	}
	return ""
}

// prior is what the state and the private state say about the job.
type prior struct {
	id, status, trade, observed string
	allowed                     []string // nil: unknown
}

func (p prior) started() bool { return started(p.status) }

func (r *jobResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	plan := planned{ctx, req.Plan}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(createRules(plan)...)
		resp.Diagnostics.Append(configWarnings(ctx, req)...)
		return
	}
	state := planned{ctx, req.State}
	p := prior{id: state.str("id"), status: state.str("status"), trade: state.str("trade_status"), observed: state.str("state"),
		allowed: jobkit.ReadMeta(ctx, req.Private).Allowed}
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
		for _, name := range []string{"status", "trade_status", "brief_msg"} {
			var v types.String
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(name), &v)...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), v)...)
		}
	}
}

func configWarnings(ctx context.Context, req resource.ModifyPlanRequest) diag.Diagnostics {
	var m jobModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		return nil
	}
	return passwordWarnings(&m)
}

func createRules(plan planned) diag.Diagnostics {
	var diags diag.Diagnostics
	if plan.str("state") == stageStopped {
		diags.AddAttributeError(path.Root("state"), "A new job cannot be stopped",
			"state = \"stopped\" is only reachable from a started job. Create the job with \"checked\", \"running\", \"paused\" or \"completed\".")
	}
	if plan.str("instance_class") == "micro" {
		diags.AddAttributeError(path.Root("instance_class"), "micro is not available at purchase",
			"DTS sells migration jobs as small, medium, large, xlarge or 2xlarge; micro is only reachable by resizing an existing job. Create it with another class and change it afterwards.")
	}
	return diags
}

// movesJob reports whether applying the plan changes the job's status: any
// change before the start (a new configuration and check), a stage to reach,
// a billing isolation to lift, a resize.
func movesJob(plan planned, p prior, changes tfkit.Changes) bool {
	return !p.started() || p.trade == trIsolated || changes.Any("state", "instance_class") ||
		!satisfies(plan.str("state"), p.status, plan.str("run_mode"))
}

// stateRules: the desired stage, from where the job is.
func stateRules(plan planned, p prior, resp *resource.ModifyPlanResponse) diag.Diagnostics {
	var diags diag.Diagnostics
	desired := plan.str("state")
	if desired == "" || desired == p.observed || satisfies(desired, p.status, plan.str("run_mode")) {
		return diags
	}
	redis := isRedisType(plan.str("src_info", "database_type")) || isRedisType(plan.str("dst_info", "database_type"))
	replace := func(why string) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("state"))
		diags.AddAttributeWarning(path.Root("state"), "Migration job will be replaced", why)
	}
	refuse := func(summary, detail string) { diags.AddAttributeError(path.Root("state"), summary, detail) }
	inErr := slices.Contains(inError, p.status)
	switch {
	case p.status == stCanceled && desired != stageStopped:
		replace(fmt.Sprintf("Migration job %s was stopped, and DTS cannot restart a stopped job: reaching state %q needs a new job.", p.id, desired))
	case p.status == stFailed && !redis && desired != stageStopped:
		replace(fmt.Sprintf("Migration job %s failed, which is final for this link: reaching state %q needs a new job.", p.id, desired))
	case inErr && desired != stageStopped && p.allowed != nil && !slices.Contains(p.allowed, dtsapi.VerbResume):
		replace(fmt.Sprintf("Migration job %s is %s and DTS does not allow resuming it: reaching state %q needs a new job.", p.id, p.status, desired))
	case desired == stageChecked && p.started():
		refuse("A started job cannot return to checked", fmt.Sprintf("Migration job %s has started (status %s).", p.id, p.status))
	case desired == stageStopped && !p.started():
		refuse("A job that never started cannot be stopped", fmt.Sprintf("Migration job %s is %s. Remove the resource to delete it.", p.id, p.status))
	case p.status == stSuccess && (desired == stagePaused || desired == stageStopped):
		refuse("The migration has completed", fmt.Sprintf("Migration job %s finished successfully; it can no longer be %s.", p.id, desired))
	case desired == stagePaused && p.status == stReadyComplete && (p.allowed == nil || !slices.Contains(p.allowed, dtsapi.VerbPause)):
		refuse("A job at readyComplete cannot be paused",
			fmt.Sprintf("Migration job %s has finished its full migration and is catching up incrementally (readyComplete); DTS pauses only a running job. "+
				"Complete it (state = \"completed\") or stop it.", p.id))
	}
	return diags
}

// billingRules: what the billing status already rules out.
func billingRules(plan planned, p prior, changes tfkit.Changes) diag.Diagnostics {
	var diags diag.Diagnostics
	if changes.Any("instance_class") && p.trade == trNotBilled {
		diags.AddAttributeError(path.Root("instance_class"), "DTS resizes only billed jobs",
			fmt.Sprintf("Migration job %s is a link DTS does not bill (trade status notBilled), and ModifyMigrateJobSpec resizes billed jobs only. "+
				"Keep instance_class = %q, or replace the job.", p.id, plan.str("instance_class")))
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

// afterStartRules: what a started job cannot change in place.
func afterStartRules(plan, state planned, p prior, changes tfkit.Changes, resp *resource.ModifyPlanResponse) diag.Diagnostics {
	var diags diag.Diagnostics
	if changes.Any("tags") {
		diags.AddAttributeError(path.Root("tags"), "Tags cannot change after the start",
			fmt.Sprintf("Migration job %s has started, and DTS cannot retag a started job. Revert the tags, or replace the job (terraform apply -replace).", p.id))
	}
	for _, name := range frozenAfterStart {
		if !changes.Any(name) || (name == "expect_run_time" && sameInstant(plan.str(name), state.str(name))) {
			continue
		}
		diags.AddAttributeError(path.Root(name), name+" cannot change after the start",
			fmt.Sprintf("Migration job %s has started (status %s), and DTS takes %s only before the start. Revert it to %q, or replace the job (terraform apply -replace).",
				p.id, p.status, name, state.str(name)))
	}
	if changes.Any("rate_limit") && slices.Contains([]string{stSuccess, stCanceled, stFailed}, p.status) {
		diags.AddAttributeError(path.Root("rate_limit"), "The job no longer runs",
			fmt.Sprintf("Migration job %s is %s; DTS changes the rate limit only while a job runs (running or readyComplete).", p.id, p.status))
	}
	var replace tfkit.Changes
	for _, c := range changes {
		if !inPlaceAfterStart(c) {
			replace = append(replace, c)
		}
	}
	if len(replace) > 0 {
		for _, root := range replace.Roots() {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root(root))
		}
		diags.AddWarning("Migration job will be replaced",
			fmt.Sprintf("Migration job %s has started, and DTS cannot reconfigure a started job. These changes need a new job: %s.",
				p.id, strings.Join(replace.Strings(), ", ")))
	}
	return diags
}

// sameInstant reports whether two RFC 3339 texts name the same instant.
func sameInstant(a, b string) bool {
	return tfkit.TimeValue(a).SameInstant(tfkit.TimeValue(b))
}
