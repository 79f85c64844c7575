package tfkit

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The API echoes zero values for everything that was not set.
func echoed() *dtsapi.DBEndpointInfo {
	return &dtsapi.DBEndpointInfo{
		Region: Ptr("ap-guangzhou"), AccessType: Ptr("extranet"), DatabaseType: Ptr("mysql"), NodeType: Ptr("simple"),
		Supplier: Ptr("others"), DatabaseNetEnv: Ptr(""), ConnectType: Ptr(""), CcnOwnerUin: Ptr(""), ExtraAttr: []*dtsapi.KeyValuePairOption{},
		Info: []*dtsapi.DBInfo{{
			Host: Ptr("db.example.com"), Port: Ptr(uint64(3306)), User: Ptr("root"), Password: Ptr("xxxxxxxx"),
			InstanceId: Ptr(""), VpcId: Ptr(""), EngineVersion: Ptr("5.6"), EncryptConn: Ptr("UnEncrypted"), AccountMode: Ptr("self"),
		}},
	}
}

func TestPruneDropsZeroValues(t *testing.T) {
	got := mustJSON(t, Prune(echoed()))
	want := `{"Region":"ap-guangzhou","AccessType":"extranet","DatabaseType":"mysql","NodeType":"simple","Info":[{"Host":"db.example.com","Port":3306,"User":"root","Password":"xxxxxxxx","EngineVersion":"5.6","AccountMode":"self","EncryptConn":"UnEncrypted"}],"Supplier":"others"}`
	if got != want {
		t.Fatalf("Prune:\n got %s\nwant %s", got, want)
	}
	if Prune(&dtsapi.DBEndpointInfo{Region: Ptr(""), Info: []*dtsapi.DBInfo{{}}}) != nil {
		t.Fatal("a structure with only zero values must prune to nil")
	}
}

func TestKeepConfiguredRefreshesOnlyWhatIsSet(t *testing.T) {
	configured := &dtsapi.DBEndpointInfo{
		Region: Ptr("ap-guangzhou"), AccessType: Ptr("extranet"), DatabaseType: Ptr("mysql"), NodeType: Ptr("simple"),
		Info: []*dtsapi.DBInfo{{Host: Ptr("db.example.com"), Port: Ptr(uint64(3306)), User: Ptr("root")}},
	}
	got := mustJSON(t, KeepConfigured(configured, echoed()))
	want := `{"Region":"ap-guangzhou","AccessType":"extranet","DatabaseType":"mysql","NodeType":"simple","Info":[{"Host":"db.example.com","Port":3306,"User":"root"}]}`
	if got != want {
		t.Fatalf("defaults and masked passwords must not appear:\n got %s\nwant %s", got, want)
	}
	// Drift in a configured value shows; a configured false reads back false.
	drifted := echoed()
	drifted.Info[0].Host = Ptr("other.example.com")
	if got := KeepConfigured(configured, drifted); *got.Info[0].Host != "other.example.com" {
		t.Fatalf("drift lost: %s", mustJSON(t, got))
	}
	opt := KeepConfigured(&dtsapi.MigrateOption{IsDstReadOnly: Ptr(false)}, &dtsapi.MigrateOption{IsDstReadOnly: Ptr(false), MigrateType: Ptr("full")})
	if opt == nil || opt.IsDstReadOnly == nil || *opt.IsDstReadOnly || opt.MigrateType != nil {
		t.Fatalf("configured false: %s", mustJSON(t, opt))
	}
	// A node the API reports beyond the configuration is kept whole.
	extra := echoed()
	extra.Info = append(extra.Info, &dtsapi.DBInfo{Host: Ptr("replica"), Port: Ptr(uint64(3307))})
	if got := KeepConfigured(configured, extra); len(got.Info) != 2 || *got.Info[1].Host != "replica" {
		t.Fatalf("extra node: %s", mustJSON(t, got))
	}
	// Import: no configuration, everything non-zero.
	if got, want := mustJSON(t, KeepConfigured(nil, echoed())), mustJSON(t, Prune(echoed())); got != want {
		t.Fatalf("import:\n got %s\nwant %s", got, want)
	}
}

// FillUnknowns keeps every known planned value and fills unknown ones from
// the observation; unknowns with nothing observed become null, inside
// objects too (a partial rate_limit after a failed create).
func TestFillUnknownsKeepsThePlan(t *testing.T) {
	ctx := context.Background()
	partial, _ := ObjectOf(ctx, &testRateLimit{DumpThread: types.Int64Value(4), LoadRps: types.Int64Unknown()})
	plan := &testJob{Name: types.StringValue("planned"), RunMode: types.StringUnknown(), RateLimit: partial,
		SrcInfo: &testEndpoint{Region: types.StringValue("r"), Info: []testNode{{Host: types.StringUnknown(), Port: types.Int64Value(1)}}}}
	observedRL, _ := ObjectOf(ctx, &testRateLimit{DumpThread: types.Int64Value(8), LoadRps: types.Int64Value(100)})
	observed := &testJob{Name: types.StringValue("observed"), RunMode: types.StringValue("immediate"), RateLimit: observedRL,
		SrcInfo: &testEndpoint{Info: []testNode{{Host: types.StringValue("h"), Port: types.Int64Value(2)}}}}
	if err := FillUnknowns(ctx, plan, observed); err != nil {
		t.Fatal(err)
	}
	rl, _ := plan.RateLimit.Get(ctx)
	if plan.Name.ValueString() != "planned" || plan.RunMode.ValueString() != "immediate" || plan.SrcInfo.Info[0].Host.ValueString() != "h" ||
		plan.SrcInfo.Info[0].Port.ValueInt64() != 1 || rl.DumpThread.ValueInt64() != 4 || rl.LoadRps.ValueInt64() != 100 {
		t.Errorf("filled: %+v %+v", plan, rl)
	}
	empty, _ := ObjectOf(ctx, &testRateLimit{DumpThread: types.Int64Value(4), LoadRps: types.Int64Unknown()})
	p2 := &testJob{RunMode: types.StringUnknown(), RateLimit: empty}
	if err := FillUnknowns(ctx, p2, &testJob{}); err != nil {
		t.Fatal(err)
	}
	rl2, _ := p2.RateLimit.Get(ctx)
	if !p2.RunMode.IsNull() || rl2 == nil || !rl2.LoadRps.IsNull() || rl2.DumpThread.ValueInt64() != 4 {
		t.Errorf("unknowns must become null: %+v %+v", p2, rl2)
	}
	p3 := &testJob{RateLimit: ObjectUnknown[testRateLimit](ctx)}
	if err := FillUnknowns(ctx, p3, &testJob{}); err != nil || !p3.RateLimit.IsNull() {
		t.Errorf("an unknown object with nothing observed must become null: %v %+v", err, p3.RateLimit)
	}
}

// Unknown values nested in a list of objects inside an Object[T] (a
// table's column_mode that DTS defaults) are filled too.
func TestFillUnknownsInsideObjectLists(t *testing.T) {
	ctx := context.Background()
	type item struct {
		Name types.String `tfsdk:"name"`
		Mode types.String `tfsdk:"mode"`
	}
	type inner struct {
		Items []item `tfsdk:"items"`
	}
	type model struct {
		Inner Object[inner] `tfsdk:"inner"`
	}
	planned := &model{}
	observed := &model{}
	var diags diag.Diagnostics
	planned.Inner, diags = ObjectOf(ctx, &inner{Items: []item{{Name: types.StringValue("a"), Mode: types.StringUnknown()}}})
	if diags.HasError() {
		t.Fatal(diags)
	}
	observed.Inner, _ = ObjectOf(ctx, &inner{Items: []item{{Name: types.StringValue("a"), Mode: types.StringValue("all")}}})
	if err := FillUnknowns(ctx, planned, observed); err != nil {
		t.Fatal(err)
	}
	got, _ := planned.Inner.Get(ctx)
	if got == nil || got.Items[0].Mode.ValueString() != "all" || got.Items[0].Name.ValueString() != "a" {
		t.Fatalf("got %+v", got)
	}
}
