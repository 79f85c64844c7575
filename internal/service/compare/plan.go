package compare

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// What an update can do in place (ModifyPlan): DTS changes a compare task's
// name in any status but stopping (Modify…CompareTaskName), and its objects
// and options only before it starts (Modify…CompareTask), which a task of
// this resource has always left. So a rename, the two flags and the timeouts
// change in place; anything else is a new comparison — a replacement whose
// reason the plan shows. A plan that creates a task (a create, a
// replacement) of a job that exists checks the link rules first.

// inPlace are the attributes an update changes without a new comparison.
var inPlace = []string{"name", "wait_for_completion", "fail_on_difference", "timeouts"}

// adoptedOnImport are the attributes an import cannot read (DTS does not
// report a task's object mode; an import reads custom): the first plan after
// an import takes them from the configuration, in place.
var adoptedOnImport = []tfkit.Path{"object_mode"}

func (r *taskResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(r.planLink(ctx, req, "Nothing is created.")...)
		return
	}
	state := tfkit.AttrsOf(ctx, req.State)
	replace := replaced(ctx, req)
	if len(replace) == 0 {
		resp.Diagnostics.Append(gateWarnings(ctx, req)...)
		return
	}
	for _, root := range replace.Roots() {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root(root))
	}
	resp.Diagnostics.AddWarning("Compare task will be replaced",
		fmt.Sprintf("Compare task %s (%s) cannot change %s: DTS changes a task's objects and options only before it starts. "+
			"The change is a new comparison: the task is deleted (stopped first if it runs) and a new one runs.",
			state.Str("id"), state.Str("status"), strings.Join(replace.Strings(), ", ")))
	resp.Diagnostics.Append(r.planLink(ctx, req, fmt.Sprintf("The plan stops here: compare task %s is neither deleted nor replaced.",
		state.Str("id")))...)
}

// planLink checks the link rules at plan time for a plan that creates a
// task (a create, a replacement) of a job that exists now: a replacement
// bound to fail would first delete the task that passed. It reads the job
// only when a rule applies; a job created or replaced in the same apply
// (job_id unknown) is checked in Create, as are objects not yet known.
func (r *taskResource) planLink(ctx context.Context, req resource.ModifyPlanRequest, outcome string) diag.Diagnostics {
	var m taskModel
	if r.env == nil || req.Plan.Get(ctx, &m).HasError() || m.JobID.IsUnknown() || m.JobID.IsNull() {
		return nil
	}
	opts, objects := m.opts(), m.objects()
	region, known := r.planRegion(ctx, req, m.Region)
	if !known || !anyLinkRule(opts, objects) {
		return nil
	}
	var diags diag.Diagnostics
	jobID := m.JobID.ValueString()
	p, err := r.env.DescribeParent(ctx, region, jobID)
	switch {
	case err != nil:
		diags.AddWarning("Link rules not checked at plan time", fmt.Sprintf("Reading %s %s to check the options and objects against "+
			"its link failed (%v); they are checked when the task is created.", jobkit.ParentNoun(jobID), jobID, err))
	case p != nil:
		if le := checkLink(p, opts, objects); le != nil {
			diags.AddAttributeError(tfkit.Path(le.Attr).Framework(), "The job's link does not take this check", le.Error()+". "+outcome)
		}
	}
	return diags
}

// planRegion is the region a plan's task is in; false when it is known only
// after apply.
func (r *taskResource) planRegion(ctx context.Context, req resource.ModifyPlanRequest, planned types.String) (string, bool) {
	if !planned.IsUnknown() && !planned.IsNull() {
		return planned.ValueString(), true
	}
	var configured types.String
	if req.Config.GetAttribute(ctx, path.Root("region"), &configured).HasError() || configured.IsUnknown() {
		return "", false
	}
	return r.env.RegionOr(configured.ValueString()), true
}

// gateWarnings: fail_on_difference and wait_for_completion change in place,
// for the next comparison. Turned on, they warn that the comparison the task
// made (or still makes) is not judged, or waited for, by this apply.
func gateWarnings(ctx context.Context, req resource.ModifyPlanRequest) diag.Diagnostics {
	state := tfkit.AttrsOf(ctx, req.State)
	status := state.Str("status")
	var on []string
	if turnedOn(ctx, req, "fail_on_difference") {
		on = append(on, "fail_on_difference (the gate)")
	}
	if turnedOn(ctx, req, "wait_for_completion") && !slices.Contains(ended, status) {
		on = append(on, "wait_for_completion")
	}
	if len(on) == 0 {
		return nil
	}
	result := "still running"
	if slices.Contains(ended, status) {
		result = fmt.Sprintf("ended %s, conclusion %q", status, state.Str("conclusion"))
	}
	verb := "applies"
	if len(on) > 1 {
		verb = "apply"
	}
	var diags diag.Diagnostics
	diags.AddWarning("The comparison the task made is not judged again",
		fmt.Sprintf("%s %s to the next comparison: compare task %s (%s) is neither judged nor waited for by this apply. "+
			"To gate on a fresh comparison, replace the task (terraform apply -replace=<this resource's address>, or replace_triggered_by).",
			strings.Join(on, " and "), verb, state.Str("id"), result))
	return diags
}

// ended are the statuses of a task whose comparison is over.
var ended = []string{stSuccess, stFailed, stCanceled}

// turnedOn reports a flag that the state holds false and the plan true.
func turnedOn(ctx context.Context, req resource.ModifyPlanRequest, name string) bool {
	var was, will types.Bool
	req.State.GetAttribute(ctx, path.Root(name), &was)
	req.Plan.GetAttribute(ctx, path.Root(name), &will)
	return will.ValueBool() && !was.ValueBool()
}

// replaced are the changes of an update that need a new comparison: not
// those made in place, not "" for null (the same request: "" is never sent)
// and, after an import, not what the import could not read — object_mode,
// and a zero DTS reports like an unset value (sample_rate = 0,
// re_check_time = 0, compare_mode = []), which the import read as unset.
func replaced(ctx context.Context, req resource.ModifyPlanRequest) tfkit.Changes {
	state, plan := req.State.Raw, req.Plan.Raw
	changes := tfkit.PlannedChanges(state, plan, req.Config.Raw).Except(state, plan, tfkit.EmptyAsNull)
	if jobkit.Imported(ctx, req.Private) {
		changes = changes.Except(state, plan, tfkit.ZeroAsNull).Without(adoptedOnImport...)
	}
	var out tfkit.Changes
	for _, c := range changes {
		if !slices.ContainsFunc(inPlace, c.Under) {
			out = append(out, c)
		}
	}
	return out
}
