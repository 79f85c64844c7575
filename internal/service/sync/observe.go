package sync

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// observe builds the model of a job from prior and one read of it. What the
// configuration owns (the endpoints, objects, options, run mode) is refreshed
// only where prior sets it, so API defaults and masked passwords never show
// as drift; a prior without endpoints (an import) takes everything the API
// reports. What the API does not report (time_span, job_mode, the
// connect_type of an endpoint, skip_check_steps) stays as prior has it. What
// Read owns (statuses, message, the observed stage) is always the API's.
func observe(ctx context.Context, prior *jobModel, v *viewT) (*jobModel, error) {
	d := v.Object
	out, err := tfkit.Refreshed(ctx, prior, d, prior.SrcInfo == nil)
	if err != nil {
		return nil, err
	}
	out.ID = types.StringValue(tfkit.Str(d.JobId))
	out.Name = types.StringValue(tfkit.Str(d.JobName))
	out.AutoRenew = types.BoolValue(tfkit.Deref(d.AutoRenew) == 1) // 0 reads as unset, and the attribute defaults to false
	out.Tags = nil
	if tags, _ := jobkit.UserTags(d.Tags); prior.Tags != nil || len(tags) > 0 {
		out.Tags = tags
	}
	if err := observeRateLimit(ctx, prior, out, v); err != nil {
		return nil, err
	}
	if out.RunMode.IsNull() {
		out.RunMode = types.StringValue("Immediate")
	}
	priorState := ""
	if !prior.State.IsNull() && !prior.State.IsUnknown() {
		priorState = prior.State.ValueString()
	}
	out.State = types.StringValue(stages.Observed(priorState, v.Status, v.TradeStatus, out.RunMode.ValueString()))
	tfkit.ImportDefaults(ctx, &out.DeletionPolicy, &out.Timeouts)
	out.Status = types.StringValue(v.Status)
	out.TradeStatus = types.StringValue(v.TradeStatus)
	out.OptObjStatus = types.StringValue(v.Phase)
	out.Message = types.StringValue(v.Message)
	return out, nil
}

// observeRateLimit takes the rate limit DTS applies while the job runs; a
// limit changed while it does not run waits for the run, and until then the
// configured value stands.
func observeRateLimit(ctx context.Context, prior, out *jobModel, v *viewT) error {
	if !prior.RateLimit.IsNull() && !prior.RateLimit.IsUnknown() && v.Status != stRunning {
		out.RateLimit = prior.RateLimit
		return nil
	}
	var current *dtsapi.RateLimitOption
	if v.Object.Options != nil {
		current = v.Object.Options.RateLimitOption
	}
	rl, diags := tfkit.ObjectOf(ctx, tfkit.CurrentRateLimit(current))
	if diags.HasError() {
		return tfkit.DiagError(diags)
	}
	out.RateLimit = rl
	return nil
}
