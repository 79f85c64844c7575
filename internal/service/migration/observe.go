package migration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// observe builds the model of a job from prior and one read of it. What the
// configuration owns (src_info, dst_info, migrate_option, run_mode,
// expect_run_time) is refreshed only where prior sets it, so API defaults and
// masked passwords never show as drift; a prior without endpoints (an
// import) takes everything the API reports. What Read owns (status, trade
// status, message, the observed stage) is always taken from the API.
func observe(ctx context.Context, prior *jobModel, v *viewT) (*jobModel, error) {
	d := v.Object
	out, err := tfkit.Refreshed(ctx, prior, d, prior.SrcInfo == nil)
	if err != nil {
		return nil, err
	}
	out.ID = types.StringValue(tfkit.Str(d.JobId))
	out.Name = types.StringValue(tfkit.Str(d.JobName))
	if d.TradeInfo != nil && tfkit.Str(d.TradeInfo.InstanceClass) != "" {
		out.InstanceClass = types.StringValue(*d.TradeInfo.InstanceClass)
	}
	// Configured tags are refreshed; tags set outside the configuration show
	// as drift; no tags and none configured stay null.
	out.Tags = nil
	if tags, _ := jobkit.UserTags(d.Tags); prior.Tags != nil || len(tags) > 0 {
		out.Tags = tags
	}
	running := v.Status == stRunning || v.Status == stReadyComplete
	if prior.RateLimit.IsNull() || prior.RateLimit.IsUnknown() || running {
		// A limit changed while the job does not run waits for the run:
		// until then the configured value stands.
		rl, diags := tfkit.ObjectOf(ctx, tfkit.CurrentRateLimit(d.RateLimitOption))
		if diags.HasError() {
			return nil, tfkit.DiagError(diags)
		}
		out.RateLimit = rl
	}
	if out.RunMode.IsNull() {
		out.RunMode = types.StringValue("immediate")
	}
	priorState := ""
	if !prior.State.IsNull() && !prior.State.IsUnknown() {
		priorState = prior.State.ValueString()
	}
	out.State = types.StringValue(stages.Observed(priorState, v.Status, v.TradeStatus, out.RunMode.ValueString()))
	tfkit.ImportDefaults(ctx, &out.DeletionPolicy, &out.Timeouts)
	out.Status = types.StringValue(v.Status)
	out.TradeStatus = types.StringValue(v.TradeStatus)
	out.BriefMsg = types.StringValue(tfkit.Str(d.BriefMsg))
	return out, nil
}
