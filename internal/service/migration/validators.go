package migration

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// autoRetryValidator accepts 0 (no retry) or 5–720 minutes.
type autoRetryValidator struct{}

func (autoRetryValidator) Description(context.Context) string {
	return "must be 0 (no automatic retry) or between 5 and 720 minutes"
}

func (v autoRetryValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v autoRetryValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueInt64(); n != 0 && (n < 5 || n > 720) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid automatic retry range", fmt.Sprintf("Got %d: the value %s.", n, v.Description(ctx)))
	}
}

// dstWriteModeValidator checks the Redis write mode passed in extra_attr.
type dstWriteModeValidator struct{}

func (dstWriteModeValidator) Description(context.Context) string {
	return "DstWriteMode must be " + dtsapi.MustEnum("ExtraAttr.DstWriteMode").Describe()
}

func (v dstWriteModeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v dstWriteModeValidator) ValidateMap(ctx context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var m map[string]*string
	if diags := req.ConfigValue.ElementsAs(ctx, &m, false); diags.HasError() {
		return
	}
	if mode, ok := m["DstWriteMode"]; ok && mode != nil && !dtsapi.MustEnum("ExtraAttr.DstWriteMode").Has(*mode) {
		resp.Diagnostics.AddAttributeError(req.Path.AtMapKey("DstWriteMode"), "Invalid Redis write mode",
			fmt.Sprintf("Got %q: %s.", *mode, v.Description(ctx)))
	}
}

// skippableStep accepts the check steps DTS reports and can skip.
type skippableStep struct{}

func (skippableStep) Description(context.Context) string {
	return "must be a check step DTS can skip: " + dtsapi.MustEnum("CheckStep.StepId").Describe() + " (not ConnectDBCheck)"
}

func (v skippableStep) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v skippableStep) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	step := req.ConfigValue.ValueString()
	switch {
	case step == dtsapi.CheckStepConnectDB:
		resp.Diagnostics.AddAttributeError(req.Path, "Check step cannot be skipped",
			"ConnectDBCheck can never be skipped: DTS cannot migrate without connecting to both databases. Fix the connection settings instead.")
	case !dtsapi.MustEnum("CheckStep.StepId").Has(step):
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown check step", fmt.Sprintf("Got %q: the value %s.", step, v.Description(ctx)))
	}
}
