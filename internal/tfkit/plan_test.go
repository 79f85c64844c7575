package tfkit

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// KeepObserved keeps computed attributes of any type: a status and a list of
// error objects are planned as the state has them, not as unknown.
func TestKeepObservedKeepsAnyType(t *testing.T) {
	ctx := context.Background()
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"status": schema.StringAttribute{Computed: true},
		"errors": schema.ListNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{"message": schema.StringAttribute{Computed: true}}}},
	}}
	typ := s.Type().TerraformType(ctx)
	errType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"message": tftypes.String}}
	errs := tftypes.NewValue(tftypes.List{ElementType: errType}, []tftypes.Value{
		tftypes.NewValue(errType, map[string]tftypes.Value{"message": tftypes.NewValue(tftypes.String, "binlog lost")}),
	})
	state := tftypes.NewValue(typ, map[string]tftypes.Value{"status": tftypes.NewValue(tftypes.String, "running"), "errors": errs})
	unknown := tftypes.NewValue(typ, map[string]tftypes.Value{
		"status": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"errors": tftypes.NewValue(tftypes.List{ElementType: errType}, tftypes.UnknownValue),
	})
	req := resource.ModifyPlanRequest{State: tfsdk.State{Schema: s, Raw: state}, Plan: tfsdk.Plan{Schema: s, Raw: unknown}}
	resp := &resource.ModifyPlanResponse{Plan: tfsdk.Plan{Schema: s, Raw: unknown}}
	KeepObserved(ctx, req, resp, "status", "errors")
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if !resp.Plan.Raw.Equal(state) {
		t.Fatalf("planned %v, want the state %v", resp.Plan.Raw, state)
	}
}
