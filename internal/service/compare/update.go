package compare

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Update renames the task (the one change DTS makes to a started task); the
// flags, the timeouts and, after an import, what the import could not read
// (object_mode, zeros DTS reports as unset) are only recorded.
func (r *taskResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state taskModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, updateTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	t := r.task(&state)
	plan.ID = state.ID
	if !plan.Name.IsUnknown() && !plan.Name.Equal(state.Name) {
		if err := rename(ctx, t, plan.Name.ValueString(), timeout); err != nil {
			resp.Diagnostics.Append(tfkit.ErrorDiagnostic("renaming compare task", t.ID, err))
			return
		}
	}
	r.states.SaveApplied(ctx, t, &plan, resp.Private, &resp.State, &resp.Diagnostics)
	resp.Diagnostics.Append(jobkit.ClearImported(ctx, resp.Private)...) // the configuration is adopted
}

// rename is Modify…CompareTaskName. DTS renames a task in any status but
// stopping (inferred: the definition is silent; a task being stopped is not
// renamed), so a stop under way is waited out first.
func rename(ctx context.Context, t *taskT, name string, timeout time.Duration) error {
	ctx, remaining := t.Env.Budget(ctx, timeout)
	v, err := t.Describe(ctx)
	if err == nil && v == nil {
		err = fmt.Errorf("%s no longer exists in %s", t.Noun(), t.Region)
	}
	if err == nil && v.Status == stStopping {
		_, err = t.Wait(ctx, jobkit.Wait{Operation: t.Noun() + " to stop before the rename", Pending: []string{stStopping},
			Target: jobkit.Except(allStatuses, stStopping)}, remaining())
	}
	if err != nil {
		return err
	}
	jobID := parentOf(t.ID)
	f := familyOf(jobID)
	req := &dtsapi.ModifyCompareTaskNameRequest{JobId: &jobID, CompareTaskId: &t.ID, TaskName: &name}
	return f.call(ctx, t.Env, t.Region, f.Rename, req, &struct{}{})
}
