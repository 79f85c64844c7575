package migration

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

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
