package acctest

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dts-terraform/terraform-provider-dts/internal/provider"
)

// Proto drives the provider through the plugin protocol, as Terraform does,
// where terraform-plugin-testing cannot look: at the warnings of a plan or an
// apply.
type Proto struct {
	t       testing.TB
	ctx     context.Context
	server  tfprotov6.ProviderServer
	schemas map[string]*tfprotov6.Schema
}

// Proto returns a configured provider server wired to the test's emulator.
func (e *Env) Proto(t testing.TB) *Proto { return e.ProtoWith(t, e.ProviderOptions()) }

// ProtoWith is Proto with other provider options (a benchmark's real clock).
func (e *Env) ProtoWith(t testing.TB, opts provider.Options) *Proto {
	t.Helper()
	ctx := context.Background()
	p := &Proto{t: t, ctx: ctx, server: providerserver.NewProtocol6(provider.NewWithOptions(opts)())()}
	schema, err := p.server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	p.check(schema.Diagnostics, err)
	p.schemas = schema.ResourceSchemas
	config := Value(schema.Provider.ValueType(), map[string]any{"region": Region, "secret_id": SecretID, "secret_key": SecretKey})
	dv, err := tfprotov6.NewDynamicValue(schema.Provider.ValueType(), config)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := p.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &dv})
	p.check(resp.Diagnostics, err)
	return p
}

func (p *Proto) check(diags []*tfprotov6.Diagnostic, err error) {
	p.t.Helper()
	if err != nil {
		p.t.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			p.t.Fatalf("%s: %s", d.Summary, d.Detail)
		}
	}
}

// Type is the value type of a resource.
func (p *Proto) Type(typeName string) tftypes.Type {
	s, ok := p.schemas[typeName]
	if !ok {
		p.t.Fatalf("no resource %s", typeName)
	}
	return s.ValueType()
}

// Null is the null value of a resource (the prior state of a create).
func (p *Proto) Null(typeName string) tftypes.Value { return tftypes.NewValue(p.Type(typeName), nil) }

// Config is a configuration of a resource from Go values (see Value).
func (p *Proto) Config(typeName string, attrs map[string]any) tftypes.Value {
	return Value(p.Type(typeName), attrs)
}

func (p *Proto) dv(typeName string, v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(p.Type(typeName), v)
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

// Apply plans and applies config over prior (Null for a create), as
// Terraform would, and returns the new state, its private state and the
// diagnostics of the plan and the apply. An error diagnostic fails the test.
func (p *Proto) Apply(typeName string, prior, config tftypes.Value, private []byte) (tftypes.Value, []byte, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	state, newPrivate, diags := p.ApplyAllowingErrors(typeName, prior, config, private)
	p.check(diags, nil)
	return state, newPrivate, diags
}

// Plan plans config over prior, as Terraform would, and returns the paths
// that require a replacement and the diagnostics of the plan.
func (p *Proto) Plan(typeName string, prior, config tftypes.Value, private []byte) ([]*tftypes.AttributePath, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	plan, err := p.server.PlanResourceChange(p.ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName,
		PriorState: p.dv(typeName, prior), ProposedNewState: p.dv(typeName, config), Config: p.dv(typeName, config), PriorPrivate: private})
	if err != nil {
		p.t.Fatal(err)
	}
	return plan.RequiresReplace, plan.Diagnostics
}

// ApplyAllowingErrors is Apply for tests of failures: error diagnostics of
// the apply are returned, not fatal (those of the plan still are).
func (p *Proto) ApplyAllowingErrors(typeName string, prior, config tftypes.Value, private []byte) (tftypes.Value, []byte, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	plan, err := p.server.PlanResourceChange(p.ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName,
		PriorState: p.dv(typeName, prior), ProposedNewState: p.dv(typeName, config), Config: p.dv(typeName, config), PriorPrivate: private})
	p.check(plan.Diagnostics, err)
	planned := plan.PlannedState
	if config.IsNull() {
		planned = p.dv(typeName, config) // a destroy
	}
	resp, err := p.server.ApplyResourceChange(p.ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: typeName,
		PriorState: p.dv(typeName, prior), PlannedState: planned, Config: p.dv(typeName, config), PlannedPrivate: plan.PlannedPrivate})
	if err != nil {
		p.t.Fatal(err)
	}
	state, err := resp.NewState.Unmarshal(p.Type(typeName))
	if err != nil {
		p.t.Fatal(err)
	}
	return state, resp.Private, append(plan.Diagnostics, resp.Diagnostics...)
}

// Read refreshes the resource of state, as a plan does, and returns the
// new state and the diagnostics.
func (p *Proto) Read(typeName string, state tftypes.Value) (tftypes.Value, []*tfprotov6.Diagnostic) {
	resp, err := p.server.ReadResource(p.ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: p.dv(typeName, state)})
	if err != nil {
		p.t.Fatal(err)
	}
	out, err := resp.NewState.Unmarshal(p.Type(typeName))
	if err != nil {
		p.t.Fatal(err)
	}
	return out, resp.Diagnostics
}

// Destroy deletes the resource of state, as `terraform destroy` does.
func (p *Proto) Destroy(typeName string, state tftypes.Value, private []byte) []*tfprotov6.Diagnostic {
	p.t.Helper()
	_, _, diags := p.ApplyAllowingErrors(typeName, state, p.Null(typeName), private)
	return diags
}

// Errors renders the errors among diags, one per line.
func Errors(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

// Warnings renders the warnings among diags, one per line.
func Warnings(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

// AttrString reads a top-level string attribute of an object value.
func AttrString(t testing.TB, v tftypes.Value, name string) string {
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

// Value builds a value of type typ from Go values: map[string]any for
// objects and maps, []any for lists, string, bool and numbers; nil and
// missing attributes are null.
func Value(typ tftypes.Type, v any) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(typ, nil)
	}
	switch {
	case typ.Is(tftypes.Object{}):
		m := v.(map[string]any)
		attrs := map[string]tftypes.Value{}
		for name, at := range typ.(tftypes.Object).AttributeTypes {
			attrs[name] = Value(at, m[name])
		}
		return tftypes.NewValue(typ, attrs)
	case typ.Is(tftypes.List{}):
		var elems []tftypes.Value
		for _, e := range v.([]any) {
			elems = append(elems, Value(typ.(tftypes.List).ElementType, e))
		}
		return tftypes.NewValue(typ, elems)
	case typ.Is(tftypes.Map{}):
		elems := map[string]tftypes.Value{}
		for k, e := range v.(map[string]any) {
			elems[k] = Value(typ.(tftypes.Map).ElementType, e)
		}
		return tftypes.NewValue(typ, elems)
	case typ.Is(tftypes.Number):
		switch n := v.(type) {
		case int:
			return tftypes.NewValue(typ, big.NewFloat(float64(n)))
		case int64:
			return tftypes.NewValue(typ, big.NewFloat(float64(n)))
		case float64:
			return tftypes.NewValue(typ, big.NewFloat(n))
		}
	}
	if typ.Is(tftypes.String) || typ.Is(tftypes.Bool) {
		return tftypes.NewValue(typ, v)
	}
	panic(fmt.Sprintf("acctest.Value: cannot make a %v of %T", typ, v))
}
