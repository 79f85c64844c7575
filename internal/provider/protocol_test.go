package provider

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// These tests drive the provider through the plugin protocol, as Terraform
// does, where the acceptance tests cannot look: at the warnings an apply
// returns. (terraform-plugin-testing does not expose warnings.)

type protoHarness struct {
	t      *testing.T
	ctx    context.Context
	server tfprotov6.ProviderServer
	emu    *emulator.Emulator
	typ    tftypes.Type
}

const (
	protoSecretID  = "AKIDPROTO000000000000000000000000000"
	protoSecretKey = "proto-secret-key"
)

func newProtoHarness(t *testing.T) *protoHarness {
	t.Helper()
	ctx := context.Background()
	fake := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	emu, err := emulator.New(emulator.Options{Credentials: map[string]string{protoSecretID: protoSecretKey},
		Mode: emulator.ModeRealtime, TimeScale: 0.01, JobClock: fake, Seed: 1, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	p := NewWithOptions(Options{Version: "test", Endpoint: srv.URL, Clock: fake, Getenv: func(string) string { return "" },
		Poll: waiter.Schedule{Min: 100 * time.Millisecond, Max: time.Second, Factor: 2}, RateLimit: 10000,
		Retry: client.RetryPolicy{MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}})
	h := &protoHarness{t: t, ctx: ctx, server: providerserver.NewProtocol6(p())(), emu: emu,
		typ: (&migrationJobResource{}).schema(ctx).Type().TerraformType(ctx)}

	// Configure the provider with the emulator's keys.
	var ps provider.SchemaResponse
	p().Schema(ctx, provider.SchemaRequest{}, &ps)
	cfg := tfsdk.State{Schema: ps.Schema}
	if diags := cfg.Set(ctx, &providerModel{Region: types.StringValue("ap-guangzhou"), SecretID: types.StringValue(protoSecretID),
		SecretKey: types.StringValue(protoSecretKey)}); diags.HasError() {
		t.Fatal(diags)
	}
	dv, err := tfprotov6.NewDynamicValue(ps.Schema.Type().TerraformType(ctx), cfg.Raw)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := h.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &dv})
	h.check(resp.Diagnostics, err)
	return h
}

func (h *protoHarness) check(diags []*tfprotov6.Diagnostic, err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			h.t.Fatalf("%s: %s", d.Summary, d.Detail)
		}
	}
}

func (h *protoHarness) dv(v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(h.typ, v)
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

// apply plans and applies config over prior (a null value for a create),
// as Terraform would, and returns the new state and the apply's diagnostics.
func (h *protoHarness) apply(prior, config tftypes.Value, private []byte) (tftypes.Value, []byte, []*tfprotov6.Diagnostic) {
	h.t.Helper()
	plan, err := h.server.PlanResourceChange(h.ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "dts_migration_job",
		PriorState: h.dv(prior), ProposedNewState: h.dv(config), Config: h.dv(config), PriorPrivate: private})
	h.check(plan.Diagnostics, err)
	resp, err := h.server.ApplyResourceChange(h.ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: "dts_migration_job",
		PriorState: h.dv(prior), PlannedState: plan.PlannedState, Config: h.dv(config), PlannedPrivate: plan.PlannedPrivate})
	h.check(resp.Diagnostics, err)
	state, err := resp.NewState.Unmarshal(h.typ)
	if err != nil {
		h.t.Fatal(err)
	}
	return state, resp.Private, resp.Diagnostics
}

// protoConfig is a complete configuration of a job (computed attributes null).
func protoConfig(t *testing.T, passwordVersion int64, createTimeout string) tftypes.Value {
	node := func(host string) []dbInfoModel {
		return []dbInfoModel{{Host: types.StringValue(host), Port: types.Int64Value(3306), User: types.StringValue("u"),
			PasswordWO: types.StringValue(protoPassword), PasswordWOVersion: types.Int64Value(passwordVersion)}}
	}
	endpoint := func(host string) *endpointModel {
		return &endpointModel{Region: types.StringValue("ap-guangzhou"), AccessType: types.StringValue("extranet"),
			DatabaseType: types.StringValue("mysql"), NodeType: types.StringValue("simple"), Info: node(host)}
	}
	m := emptyMigrationModel()
	m.Name, m.InstanceClass = types.StringValue("orders"), types.StringValue("medium")
	m.SrcInfo, m.DstInfo = endpoint("src.example.com"), endpoint("dst.example.com")
	m.MigrateOption.DatabaseTable = &databaseTableModel{ObjectMode: types.StringValue("all")}
	if createTimeout != "" {
		m.Timeouts = timeouts.Value{Object: types.ObjectValueMust(timeoutsAttrTypes, map[string]attr.Value{
			"create": types.StringValue(createTimeout), "update": types.StringNull(), "delete": types.StringNull()})}
	}
	return raw(t, m, nil)
}

const protoPassword = "proto-password-never-stored"

func warnings(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

func attrString(t *testing.T, v tftypes.Value, name string) string {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var s string
	if err := attrs[name].As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Once the start is accepted, a timeout does not fail the create: the job is
// kept with the planned state, and a warning names its real status.
func TestCreateWarnsWhenAStartedJobTimesOut(t *testing.T) {
	h := newProtoHarness(t)
	h.emu.SetNewJobOutcome(emulator.Outcome{StickIn: "readyRun"})
	state, _, diags := h.apply(tftypes.NewValue(h.typ, nil), protoConfig(t, 1, "2s"), nil)
	if w := warnings(diags); !strings.Contains(w, "timed out after") || !strings.Contains(w, "The job was started and is readyRun") {
		t.Fatalf("warnings:\n%s", w)
	}
	if s := attrString(t, state, "state"); s != "running" {
		t.Fatalf("state = %q, want the planned running", s)
	}
	if s := attrString(t, state, "status"); s != "readyRun" {
		t.Fatalf("status = %q, want readyRun", s)
	}
}

// After the start a new secret cannot reach DTS: the change is recorded with
// a warning, never a replacement, and nothing is sent.
func TestUpdateRecordsASecretChangeAfterTheStart(t *testing.T) {
	h := newProtoHarness(t)
	state, private, diags := h.apply(tftypes.NewValue(h.typ, nil), protoConfig(t, 1, ""), nil)
	if w := warnings(diags); w != "" {
		t.Fatalf("unexpected warnings on create:\n%s", w)
	}
	id := attrString(t, state, "id")
	state, _, diags = h.apply(state, protoConfig(t, 2, ""), private)
	if w := warnings(diags); !strings.Contains(w, "Change recorded, not applied") || !strings.Contains(w, "src_info.info[0].password_wo_version") {
		t.Fatalf("warnings:\n%s", w)
	}
	if got := attrString(t, state, "id"); got != id {
		t.Fatalf("the job was replaced: %s → %s", id, got)
	}
	n := 0
	for _, e := range h.emu.Journal() {
		if e.Action == "ModifyMigrationJob" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("ModifyMigrationJob sent %d times, want 1 (the create's)", n)
	}
}
