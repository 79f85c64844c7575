package tfkit

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

type testErr struct {
	Message  types.String `tfsdk:"message"`
	Reason   types.String `tfsdk:"reason"`
	Solution types.String `tfsdk:"solution"`
}

type testWithErrors struct {
	Errors List[testErr] `tfsdk:"errors"`
}

// A List[T] converts like a []T, holds unknown and null, and keeps its
// element type when zero.
func TestListConverts(t *testing.T) {
	ctx := context.Background()
	var out testWithErrors
	wire := &dtsapi.SubscribeInfo{Errors: []*dtsapi.SubsErr{{Message: Ptr("lost"), Reason: Ptr("binlog")}}}
	if err := Flatten(ctx, wire, &out); err != nil {
		t.Fatal(err)
	}
	errs, diags := out.Errors.Get(ctx)
	if diags.HasError() || len(errs) != 1 || errs[0].Message.ValueString() != "lost" || !errs[0].Solution.IsNull() {
		t.Fatalf("flatten: %v %v", errs, diags)
	}
	var back dtsapi.SubscribeInfo
	if err := Expand(ctx, &out, &back); err != nil || len(back.Errors) != 1 || Str(back.Errors[0].Reason) != "binlog" {
		t.Fatalf("expand: %+v %v", back.Errors, err)
	}
	for name, v := range map[string]List[testErr]{"null": ListNull[testErr](ctx), "unknown": ListUnknown[testErr](ctx), "zero": {}} {
		var w dtsapi.SubscribeInfo
		if err := Expand(ctx, &testWithErrors{Errors: v}, &w); err != nil || w.Errors != nil {
			t.Errorf("%s: sent %v (%v)", name, w.Errors, err)
		}
		if _, err := v.ToTerraformValue(ctx); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := Flatten(ctx, &dtsapi.SubscribeInfo{}, &out); err != nil || !out.Errors.IsNull() {
		t.Fatalf("unset: %v %v", out.Errors, err)
	}
	if err := Flatten(ctx, &dtsapi.SubscribeInfo{}, &out, ZeroFill()); err != nil || out.Errors.IsNull() || len(out.Errors.Elements()) != 0 {
		t.Fatalf("zero fill: %v %v", out.Errors, err)
	}
	planned := &testWithErrors{Errors: ListUnknown[testErr](ctx)}
	if err := FillUnknowns(ctx, planned, &testWithErrors{Errors: ListNull[testErr](ctx)}); err != nil || !planned.Errors.IsNull() || planned.Errors.IsUnknown() {
		t.Fatalf("fill: %v %v", planned.Errors, err)
	}
}
