package compare

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// What an update can do in place (ModifyPlan): DTS changes a compare task's
// name in any status but stopping (Modify…CompareTaskName), and its objects
// and options only before it starts (Modify…CompareTask), which a task of
// this resource has always left. So a rename, the two flags and the timeouts
// change in place; anything else is a new comparison — a replacement whose
// reason the plan shows.

// inPlace are the attributes an update changes without a new comparison.
var inPlace = []string{"name", "wait_for_completion", "fail_on_difference", "timeouts"}

// adoptedOnImport are the attributes an import cannot read (DTS does not
// report a task's object mode; an import reads custom): the first plan after
// an import takes them from the configuration, in place.
var adoptedOnImport = []tfkit.Path{"object_mode"}

func (r *taskResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return // destroy, create
	}
	state := tfkit.AttrsOf(ctx, req.State)
	replace := replaced(ctx, req)
	if len(replace) == 0 {
		return
	}
	for _, root := range replace.Roots() {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root(root))
	}
	resp.Diagnostics.AddWarning("Compare task will be replaced",
		fmt.Sprintf("Compare task %s (%s) cannot change %s: DTS changes a task's objects and options only before it starts. "+
			"The change is a new comparison: the task is deleted (stopped first if it runs) and a new one runs.",
			state.Str("id"), state.Str("status"), strings.Join(replace.Strings(), ", ")))
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
