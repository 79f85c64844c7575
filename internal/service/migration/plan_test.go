package migration

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// modifyPlan runs ModifyPlan for a job in status that moves from state to
// plan (edits applied to the base model).
func modifyPlan(t *testing.T, status string, stateEdits, planEdits map[string]attr.Value) *resource.ModifyPlanResponse {
	t.Helper()
	ctx := context.Background()
	r := &jobResource{}
	sch := resourceSchema(ctx)
	base := func(edits map[string]attr.Value) map[string]attr.Value {
		out := map[string]attr.Value{"id": types.StringValue("dts-abcdefgh"), "status": types.StringValue(status),
			"state": types.StringValue(stageRunning), "run_mode": types.StringValue("immediate")}
		for k, v := range edits {
			out[k] = v
		}
		return out
	}
	state, plan := raw(t, baseModel(), base(stateEdits)), raw(t, baseModel(), base(planEdits))
	resp := &resource.ModifyPlanResponse{Plan: tfsdk.Plan{Schema: sch, Raw: plan}}
	r.ModifyPlan(ctx, resource.ModifyPlanRequest{
		State:  tfsdk.State{Schema: sch, Raw: state},
		Plan:   tfsdk.Plan{Schema: sch, Raw: plan},
		Config: tfsdk.Config{Schema: sch, Raw: plan},
	}, resp)
	return resp
}

func messages(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Severity().String() + ": " + d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}

func replaced(resp *resource.ModifyPlanResponse) []string {
	var out []string
	for _, p := range resp.RequiresReplace {
		out = append(out, p.String())
	}
	return out
}

// After the start a configuration change replaces the job, and the plan
// says why, naming the attribute.
func TestModifyPlanSaysWhyItReplaces(t *testing.T) {
	resp := modifyPlan(t, "running", nil, map[string]attr.Value{"src_info.info[0].host": types.StringValue("elsewhere")})
	if got := replaced(resp); len(got) != 1 || got[0] != "src_info" {
		t.Fatalf("RequiresReplace = %v, want [src_info]", got)
	}
	if m := messages(resp.Diagnostics); !strings.Contains(m, "Warning: Migration job will be replaced") || !strings.Contains(m, "src_info.info[0].host") {
		t.Fatalf("diagnostics do not say why:\n%s", m)
	}

	// The same change before the start is made in place.
	if resp := modifyPlan(t, "checkPass", nil, map[string]attr.Value{"src_info.info[0].host": types.StringValue("elsewhere")}); len(resp.RequiresReplace) != 0 || resp.Diagnostics.HasError() {
		t.Fatalf("before the start: %v %s", replaced(resp), messages(resp.Diagnostics))
	}
}

func TestModifyPlanRefusesRetagAfterStart(t *testing.T) {
	resp := modifyPlan(t, "readyComplete", nil, map[string]attr.Value{"tags": types.MapValueMust(types.StringType, map[string]attr.Value{"team": types.StringValue("b")})})
	if m := messages(resp.Diagnostics); !resp.Diagnostics.HasError() || !strings.Contains(m, "DTS cannot retag a started job") {
		t.Fatalf("diagnostics:\n%s", m)
	}
}

func TestModifyPlanStateTransitions(t *testing.T) {
	for _, tc := range []struct {
		status, observed, desired string
		replace                   bool
		errorText                 string
	}{
		{status: "canceled", observed: "stopped", desired: "running", replace: true},
		{status: "failed", observed: "failed", desired: "running", replace: true},
		{status: "manualPaused", observed: "paused", desired: "running"},
		{status: "error", observed: "error", desired: "running"},
		{status: "running", observed: "running", desired: "checked", errorText: "cannot return to checked"},
		{status: "checkPass", observed: "checked", desired: "stopped", errorText: "never started cannot be stopped"},
		{status: "success", observed: "completed", desired: "paused", errorText: "has completed"},
		{status: "success", observed: "completed", desired: "running"},
	} {
		resp := modifyPlan(t, tc.status, map[string]attr.Value{"state": types.StringValue(tc.observed)}, map[string]attr.Value{"state": types.StringValue(tc.desired)})
		m := messages(resp.Diagnostics)
		if got := len(resp.RequiresReplace) > 0; got != tc.replace {
			t.Errorf("%s %s→%s: replace = %v, want %v\n%s", tc.status, tc.observed, tc.desired, got, tc.replace, m)
		}
		if tc.replace && !strings.Contains(m, "Migration job will be replaced") {
			t.Errorf("%s→%s: the plan does not say why:\n%s", tc.observed, tc.desired, m)
		}
		if (tc.errorText != "") != resp.Diagnostics.HasError() || !strings.Contains(m, tc.errorText) {
			t.Errorf("%s %s→%s: diagnostics %q, want error %q", tc.status, tc.observed, tc.desired, m, tc.errorText)
		}
	}
}
