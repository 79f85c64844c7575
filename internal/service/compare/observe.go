package compare

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// observe builds the model of a task from prior, one read of it and its
// report (nil before the start). What the configuration owns (objects,
// options) is refreshed only where prior sets it, so DTS's defaults never
// show as drift; a prior without them (an import, or a create that left
// them to DTS) takes everything DTS reports. What DTS does not report
// (object_mode, the flags, timeouts) stays as prior has it, with the
// defaults on import. What Read owns (status, conclusion, the result) is
// always DTS's.
func observe(ctx context.Context, prior *taskModel, t *item, rep *report) (*taskModel, error) {
	kept := *t
	kept.Config = keepOf(ctx, prior.Objects, t.Config)
	kept.Options = keepOf(ctx, prior.Options, t.Options)
	out := &taskModel{}
	if err := tfkit.Flatten(ctx, &kept, out, tfkit.WithPrior(prior)); err != nil {
		return nil, err
	}
	var objects *objectsModel
	if kept.Config != nil {
		objects = &objectsModel{}
		// The prior's objects: what the wire does not hold (a configured "").
		if err := tfkit.Flatten(ctx, kept.Config, objects, tfkit.WithPrior(priorModel(ctx, prior.Objects))); err != nil {
			return nil, err
		}
	}
	o, diags := tfkit.ObjectOf(ctx, objects)
	if diags.HasError() {
		return nil, tfkit.DiagError(diags)
	}
	out.Objects = o
	out.resultFields = nullResult()
	if rep != nil && rep.Abstract != nil {
		if err := tfkit.Flatten(ctx, rep.Abstract, &out.resultFields, tfkit.ZeroFill()); err != nil {
			return nil, err
		}
	}
	out.ID = out.CompareTaskID
	importDefaults(ctx, out)
	return out, nil
}

// keepOf is the observed wire value restricted to what the prior model's
// object sets; everything observed when prior sets nothing.
func keepOf[M, W any](ctx context.Context, prior tfkit.Object[M], observed *W) *W {
	m := priorModel(ctx, prior)
	if m == nil {
		return tfkit.Prune(observed)
	}
	configured := new(W)
	if err := tfkit.Expand(ctx, m, configured); err != nil {
		return tfkit.Prune(observed)
	}
	return tfkit.KeepConfigured(configured, observed)
}

// priorModel is the prior object's model; nil when it has none (or parts
// not yet known).
func priorModel[M any](ctx context.Context, o tfkit.Object[M]) *M {
	if m, diags := o.Get(ctx); !diags.HasError() {
		return m
	}
	return nil
}

func nullResult() resultFields {
	n := types.Int64Null()
	return resultFields{TotalTables: n, CheckedTables: n, DifferentTables: n, SkippedTables: n, DifferentRows: n}
}

// importDefaults sets what an imported task's state lacks to the schema's
// defaults, so that a configuration that leaves them unset plans no change.
// DTS does not report a task's object mode, but every task's objects (the
// job's, for sameAsMigrate): an import reads them as custom objects, the
// configuration that compares exactly what the task compared (and that
// terraform plan -generate-config-out writes); the first plan after it
// adopts sameAsMigrate in place (see ModifyPlan).
func importDefaults(ctx context.Context, m *taskModel) {
	if m.ObjectMode.IsNull() || m.ObjectMode.IsUnknown() {
		m.ObjectMode = types.StringValue(objectModeOf(m.Objects))
	}
	if m.WaitForCompletion.IsNull() || m.WaitForCompletion.IsUnknown() {
		m.WaitForCompletion = types.BoolValue(true)
	}
	if m.FailOnDifference.IsNull() || m.FailOnDifference.IsUnknown() {
		m.FailOnDifference = types.BoolValue(false)
	}
	policy := types.StringValue(tfkit.DeletionPolicyDelete) // dts_compare_task has no deletion_policy
	tfkit.ImportDefaults(ctx, &policy, &m.Timeouts)
}

// objectModeOf is the object_mode of a task DTS reports these objects of:
// custom objects, or the job's when DTS reports none.
func objectModeOf(objects tfkit.Object[objectsModel]) string {
	if objects.IsNull() || objects.IsUnknown() {
		return objectModeSame
	}
	return objectModeCustom
}
