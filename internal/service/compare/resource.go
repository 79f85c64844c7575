package compare

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

var (
	_ resource.Resource                   = (*taskResource)(nil)
	_ resource.ResourceWithConfigure      = (*taskResource)(nil)
	_ resource.ResourceWithImportState    = (*taskResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*taskResource)(nil)
	_ resource.ResourceWithValidateConfig = (*taskResource)(nil)
)

// NewResource returns the dts_compare_task resource.
func NewResource() resource.Resource { return &taskResource{} }

type taskResource struct {
	env    *jobkit.Env
	states *jobkit.States[taskModel, item]
}

func (r *taskResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_compare_task"
}

func (r *taskResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema(ctx)
}

func (r *taskResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
	r.states = &jobkit.States[taskModel, item]{
		Bind: r.task, Observe: observeTask,
		// What the plan holds that DTS does not report.
		Seed: func(plan *taskModel) *taskModel {
			return &taskModel{ID: plan.ID, Region: plan.Region, Timeouts: plan.Timeouts,
				WaitForCompletion: plan.WaitForCompletion, FailOnDifference: plan.FailOnDifference, ObjectMode: plan.ObjectMode}
		},
	}
}

// task binds the model's task: every call goes to the parent's region.
func (r *taskResource) task(m *taskModel) *taskT {
	return task(r.env, m.Region.ValueString(), m.ID.ValueString())
}

// --- Read ---

func (r *taskResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.states.Read(ctx, req, resp)
}

// observeTask builds the model of a task from prior, one read of it and,
// once it started, its report's abstract (see observe).
func observeTask(ctx context.Context, t *taskT, prior *taskModel, v *viewT) (*taskModel, error) {
	var rep *report
	if v.Status != stCreated {
		var err error
		if rep, err = readReport(ctx, t, nil); err != nil {
			return nil, err
		}
	}
	m, err := observe(ctx, prior, v.Object, rep)
	if err == nil {
		m.Region = types.StringValue(t.Region)
	}
	return m, err
}

// --- Delete ---

// Delete stops a task that runs and deletes it. DTS deletes only a task that
// ended (success, failed, canceled): a task still created — its start failed
// or was interrupted — is started and stopped at once, which ends it
// canceled, then deleted. A task or job already gone is deleted.
func (r *taskResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state taskModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, deleteTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	t := r.task(&state)
	ctx, remaining := r.env.Budget(ctx, timeout)
	v, err := t.Describe(ctx)
	if err == nil && v != nil && v.Status == stCreated {
		err = op(ctx, t, func(f *family) string { return f.Start })
		if client.IsWrongState(err) || client.IsNotFound(err) {
			err = nil // started meanwhile, or gone: the sequence reads it again
		}
	}
	if err == nil {
		err = t.Delete(ctx, deleter(t), remaining())
	}
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("deleting compare task", t.ID, err))
	}
}

// --- Import ---

// ImportState takes "<region>:<job ID>:<compare task ID>", or in the
// provider's region "<job ID>:<compare task ID>" or the bare task ID, whose
// prefix is its job's ID (<job ID>-cmp-…); "<region>:<compare task ID>"
// too.
func (r *taskResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, jobID, id := r.importID(req.ID)
	if region == "" || familyOf(jobID) == nil || parentOf(id) != jobID {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf(
			"expected \"<region>:<job ID>:<compare task ID>\" (or \"<job ID>:<compare task ID>\", or the compare task ID alone, "+
				"in the provider's region), with a migration (dts-…) or sync (sync-…) job ID and one of its task IDs (<job ID>-cmp-…), got %q", req.ID))
		return
	}
	for attr, v := range map[string]string{"region": region, "job_id": jobID, "id": id} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
	resp.Diagnostics.Append(jobkit.MarkImported(ctx, resp.Private)...)
}

// importID splits an import ID; the job is the task ID's prefix where the
// ID does not name it, the region the provider's where it does not name
// one.
func (r *taskResource) importID(raw string) (region, jobID, id string) {
	parts := strings.Split(raw, ":")
	switch {
	case len(parts) == 3:
		return parts[0], parts[1], parts[2]
	case len(parts) == 2 && familyOf(parts[0]) != nil:
		return r.env.Region, parts[0], parts[1]
	case len(parts) == 2:
		return parts[0], parentOf(parts[1]), parts[1]
	case len(parts) == 1:
		return r.env.Region, parentOf(parts[0]), parts[0]
	}
	return "", "", ""
}
