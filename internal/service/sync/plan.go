package sync

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Plan-time rules of dts_sync_job: the cross-field rules of the configuration
// (ValidateConfig, validate*.go) and what an update can do in place
// (ModifyPlan).

func (r *jobResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m jobModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		return // values known only after apply: validated again once known, and in Create
	}
	resp.Diagnostics.Append(validate(&m)...)
}

type prior struct{ jobkit.Prior }

// unreported are attributes DTS does not report. After an import they are
// null, and the first plan only records the configured values: never a
// replacement, never a call.
var unreported = []tfkit.Path{"time_span", "job_mode", "src_info.connect_type", "dst_info.connect_type"}

// recordOnly drops from changes the unreported attributes that state holds
// null.
func recordOnly(state tftypes.Value, changes tfkit.Changes) tfkit.Changes {
	var recorded []tfkit.Path
	for _, p := range unreported {
		if tfkit.NullAt(state, p) {
			recorded = append(recorded, p)
		}
	}
	return changes.Without(recorded...)
}

func (p prior) started() bool { return started(p.Status) }

func (r *jobResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	plan := tfkit.AttrsOf(ctx, req.Plan)
	if req.State.Raw.IsNull() {
		if plan.Str("state") == stageStopped {
			resp.Diagnostics.AddAttributeError(path.Root("state"), "A new job cannot be stopped",
				"state = \"stopped\" is only reachable from a started job. Create the job with \"checked\", \"running\" or \"paused\".")
		}
		resp.Diagnostics.Append(configWarnings(ctx, req)...)
		return
	}
	p := prior{jobkit.ReadPrior(ctx, req, "trade_status")}
	changes := recordOnly(req.State.Raw, tfkit.PlannedChanges(req.State.Raw, req.Plan.Raw, req.Config.Raw))
	if changes.Any("src_info", "dst_info") {
		resp.Diagnostics.Append(configWarnings(ctx, req)...)
	}
	resp.Diagnostics.Append(purchaseRules(plan, p, changes)...)
	resp.Diagnostics.Append(stateRules(plan, p, resp)...)
	if p.started() {
		resp.Diagnostics.Append(afterStart.Rules(plan, tfkit.AttrsOf(ctx, req.State), p.Prior, changes, resp)...)
		resp.Diagnostics.Append(objectChangeRules(ctx, req, p, changes)...)
	}
	if !movesJob(plan, p, changes) {
		tfkit.KeepObserved(ctx, req, resp, "status", "trade_status", "opt_obj_status", "message")
	}
}

func configWarnings(ctx context.Context, req resource.ModifyPlanRequest) diag.Diagnostics {
	var m jobModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		return nil
	}
	var diags diag.Diagnostics
	if m.SrcInfo != nil {
		diags.Append(tfkit.MissingPasswords(path.Root("src_info").AtName("info"), m.SrcInfo.Info)...)
	}
	if m.DstInfo != nil {
		diags.Append(tfkit.MissingPasswords(path.Root("dst_info").AtName("info"), m.DstInfo.Info)...)
	}
	return diags
}

// movesJob reports whether applying the plan changes the job's status or the
// state of its objects.
func movesJob(plan tfkit.Attrs, p prior, changes tfkit.Changes) bool {
	return !p.started() || p.Trade == trIsolated || changes.Any("state", "instance_class", "objects", "options") ||
		!stages.Satisfies(plan.Str("state"), p.Status, plan.Str("run_mode"))
}

// replacing are the purchase parameters whose change replaces the job (their
// schema's RequiresReplace).
var replacing = []string{"pay_mode", "time_span", "auto_renew", "specification",
	"src_info.region", "src_info.database_type", "dst_info.region", "dst_info.database_type"}

// purchaseRules: what no sync action changes after the purchase. A
// replacement buys a new job, with the new tags.
func purchaseRules(plan tfkit.Attrs, p prior, changes tfkit.Changes) diag.Diagnostics {
	var diags diag.Diagnostics
	if changes.Any("tags") && !changes.Any(replacing...) {
		diags.AddAttributeError(path.Root("tags"), "Tags cannot change",
			fmt.Sprintf("Sync job %s was bought with its tags, and no sync action changes them. Revert the tags, or replace the job (terraform apply -replace).", p.ID))
	}
	if changes.Any("instance_class") {
		switch {
		case plan.Str("pay_mode") == "PrePay":
			diags.AddAttributeError(path.Root("instance_class"), "DTS resizes only pay-as-you-go jobs",
				fmt.Sprintf("Sync job %s is prepaid (pay_mode = \"PrePay\"), and ResizeSyncJob resizes PostPay jobs only. Keep the class, or replace the job.", p.ID))
		case p.Trade == trNotBilled:
			diags.AddAttributeError(path.Root("instance_class"), "DTS resizes only billed jobs",
				fmt.Sprintf("Sync job %s is a link DTS does not bill (trade status NotBilled). Keep the class, or replace the job.", p.ID))
		}
	}
	return diags
}

// canReset reports whether DTS resets the job: a prepaid MySQL-family link.
func canReset(plan tfkit.Attrs) bool {
	return resettable(plan.Str("pay_mode"), plan.Str("src_info", "database_type"), plan.Str("dst_info", "database_type"))
}

// resettable reports a link ResetSyncJob takes: prepaid, between two
// MySQL-family databases.
func resettable(payMode, src, dst string) bool {
	return payMode == "PrePay" && slices.Contains(dtsapi.MySQLFamily, src) && slices.Contains(dtsapi.MySQLFamily, dst)
}

// stateRules: the desired stage, from where the job is.
func stateRules(plan tfkit.Attrs, p prior, resp *resource.ModifyPlanResponse) diag.Diagnostics {
	var diags diag.Diagnostics
	desired := plan.Str("state")
	if desired == "" || desired == p.Observed || stages.Satisfies(desired, p.Status, plan.Str("run_mode")) {
		return diags
	}
	// An isolation stops a syncing job (Stopping, then Stopped); lifting it
	// gives a stopped job back, and a prepaid one cannot be lifted at all.
	isolatedStop := p.Trade == trIsolated && (p.Status == stStopping || p.Status == stStopped)
	// Unknown: DTS lost track of the job and can only stop it.
	ended := p.Status == stStopped || p.Status == stFailed || p.Status == stReleased || p.Status == stUnknown || isolatedStop
	switch {
	case ended && desired != stageStopped && (!canReset(plan) || p.Status != stStopped || isolatedStop):
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("state"))
		diags.AddAttributeWarning(path.Root("state"), "Sync job will be replaced",
			fmt.Sprintf("Sync job %s is %s, and DTS cannot restart it (ResetSyncJob takes stopped, prepaid MySQL-family links only): reaching state %q needs a new job.",
				p.ID, p.Status, desired))
	case ended && desired != stageStopped:
		diags.AddAttributeWarning(path.Root("state"), "Sync job will be reset",
			fmt.Sprintf("Sync job %s is %s: apply resets it (ResetSyncJob), configures, checks and starts it again on the same ID.", p.ID, p.Status))
	case desired == stageChecked && p.started():
		diags.AddAttributeError(path.Root("state"), "A started job cannot return to checked", fmt.Sprintf("Sync job %s has started (status %s).", p.ID, p.Status))
	case desired == stageStopped && !p.started():
		diags.AddAttributeError(path.Root("state"), "A job that never started cannot be stopped",
			fmt.Sprintf("Sync job %s is %s. Remove the resource to delete it.", p.ID, p.Status))
	}
	return diags
}

// frozenAfterStart are attributes DTS takes only before the start.
var frozenAfterStart = []string{"name", "run_mode", "expect_run_time", "auto_retry_time_range_minutes"}

// inPlaceAfterStart reports whether a started job changes in place at c: the
// objects and the dynamic options (through ModifySyncJobConfig), secrets
// (recorded), the resource's own settings; the rest of the endpoints and
// options, job_mode, need a new job.
func inPlaceAfterStart(c tfkit.Path) bool {
	switch {
	case strings.HasSuffix(string(c), "_wo_version"), c.Under("objects"):
		return true
	case c.Under("options"):
		return slices.ContainsFunc(dynamicOptions, func(o string) bool { return c.Under("options." + o) })
	}
	return !c.Under("src_info") && !c.Under("dst_info") && !c.Under("job_mode")
}

// afterStart: what a started job cannot change in place.
var afterStart = jobkit.AfterStart{Noun: "sync job", Frozen: frozenAfterStart, Ended: []string{stStopped, stFailed, stReleased},
	InPlace: inPlaceAfterStart,
	Why:     "DTS cannot change these of a started job (ModifySyncJobConfig changes the objects and the dynamic options only)."}

// objectChangeRules: what ModifySyncJobConfig refuses, known from the plan.
func objectChangeRules(ctx context.Context, req resource.ModifyPlanRequest, p prior, changes tfkit.Changes) diag.Diagnostics {
	var diags diag.Diagnostics
	if !dynamicChange(changes) {
		return diags
	}
	if state := tfkit.AttrsOf(ctx, req.Plan).Str("state"); p.Status != stRunning && state != stageRunning {
		diags.AddAttributeError(path.Root("objects"), "The objects change on a running job",
			fmt.Sprintf("Sync job %s is %s and would not run after this apply (state = %q), and DTS changes the objects of a running job only. "+
				"Set state = \"running\" for this apply (the job is taken there first), or revert the change.", p.ID, p.Status, state))
		return diags
	}
	var m jobModel
	if d := req.Plan.Get(ctx, &m); d.HasError() {
		return diags // parts unknown: the apply's modify-check decides
	}
	if m.Objects != nil {
		for i, db := range m.Objects.Databases {
			for j, t := range db.Tables {
				if t.ColumnMode.ValueString() == "Partial" {
					diags.AddAttributeError(path.Root("objects").AtName("databases").AtListIndex(i).AtName("tables").AtListIndex(j).AtName("column_mode"),
						"No partial columns on a running job", fmt.Sprintf("Sync job %s is running, and ModifySyncJobConfig does not take column_mode = \"Partial\".", p.ID))
				}
			}
		}
	}
	if kafkaTarget(&m) && changes.Any("options.conflict_handle_type", "options.conflict_handle_option") {
		diags.AddAttributeError(path.Root("options").AtName("conflict_handle_type"), "Conflict handling of a Kafka target is fixed",
			fmt.Sprintf("Sync job %s syncs to Kafka, and DTS cannot change its conflict handling after the start.", p.ID))
	}
	return diags
}
