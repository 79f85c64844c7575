package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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
		Region: ptr("ap-guangzhou"), AccessType: ptr("extranet"), DatabaseType: ptr("mysql"), NodeType: ptr("simple"),
		Supplier: ptr("others"), DatabaseNetEnv: ptr(""), ConnectType: ptr(""), CcnOwnerUin: ptr(""), ExtraAttr: []*dtsapi.KeyValuePairOption{},
		Info: []*dtsapi.DBInfo{{
			Host: ptr("db.example.com"), Port: ptr(uint64(3306)), User: ptr("root"), Password: ptr("xxxxxxxx"),
			InstanceId: ptr(""), VpcId: ptr(""), EngineVersion: ptr("5.6"), EncryptConn: ptr("UnEncrypted"), AccountMode: ptr("self"),
		}},
	}
}

func TestPruneDropsZeroValues(t *testing.T) {
	got := mustJSON(t, prune(echoed()))
	want := `{"Region":"ap-guangzhou","AccessType":"extranet","DatabaseType":"mysql","NodeType":"simple","Info":[{"Host":"db.example.com","Port":3306,"User":"root","Password":"xxxxxxxx","EngineVersion":"5.6","AccountMode":"self","EncryptConn":"UnEncrypted"}],"Supplier":"others"}`
	if got != want {
		t.Fatalf("prune:\n got %s\nwant %s", got, want)
	}
	if prune(&dtsapi.DBEndpointInfo{Region: ptr(""), Info: []*dtsapi.DBInfo{{}}}) != nil {
		t.Fatal("a structure with only zero values must prune to nil")
	}
}

func TestKeepConfiguredRefreshesOnlyWhatIsSet(t *testing.T) {
	configured := &dtsapi.DBEndpointInfo{
		Region: ptr("ap-guangzhou"), AccessType: ptr("extranet"), DatabaseType: ptr("mysql"), NodeType: ptr("simple"),
		Info: []*dtsapi.DBInfo{{Host: ptr("db.example.com"), Port: ptr(uint64(3306)), User: ptr("root")}},
	}
	got := mustJSON(t, keepConfigured(configured, echoed()))
	want := `{"Region":"ap-guangzhou","AccessType":"extranet","DatabaseType":"mysql","NodeType":"simple","Info":[{"Host":"db.example.com","Port":3306,"User":"root"}]}`
	if got != want {
		t.Fatalf("defaults and masked passwords must not appear:\n got %s\nwant %s", got, want)
	}

	// Drift in a configured value shows; a configured false reads back false.
	drifted := echoed()
	drifted.Info[0].Host = ptr("other.example.com")
	if got := keepConfigured(configured, drifted); *got.Info[0].Host != "other.example.com" {
		t.Fatalf("drift lost: %s", mustJSON(t, got))
	}
	opt := keepConfigured(&dtsapi.MigrateOption{IsDstReadOnly: ptr(false)}, &dtsapi.MigrateOption{IsDstReadOnly: ptr(false), MigrateType: ptr("full")})
	if opt == nil || opt.IsDstReadOnly == nil || *opt.IsDstReadOnly || opt.MigrateType != nil {
		t.Fatalf("configured false: %s", mustJSON(t, opt))
	}
	// A node the API reports beyond the configuration is kept whole.
	extra := echoed()
	extra.Info = append(extra.Info, &dtsapi.DBInfo{Host: ptr("replica"), Port: ptr(uint64(3307))})
	if got := keepConfigured(configured, extra); len(got.Info) != 2 || *got.Info[1].Host != "replica" {
		t.Fatalf("extra node: %s", mustJSON(t, got))
	}
	// Import: no configuration, everything non-zero.
	if got, want := mustJSON(t, keepConfigured(nil, echoed())), mustJSON(t, prune(echoed())); got != want {
		t.Fatalf("import:\n got %s\nwant %s", got, want)
	}
}

func TestFillUnknownsKeepsThePlan(t *testing.T) {
	ctx := context.Background()
	planned := migrationJobModel{
		Name:   types.StringValue("planned"),
		Status: types.StringUnknown(),
		SrcInfo: &endpointModel{
			Region:   types.StringValue("ap-guangzhou"),
			Supplier: types.StringUnknown(),
			Info:     []dbInfoModel{{Host: types.StringValue("h"), EngineVersion: types.StringUnknown(), PasswordWOVersion: types.Int64Value(3)}},
		},
		RateLimit: types.ObjectUnknown(rateLimitAttrTypes),
		MigrateOption: &migrateOptionModel{Consistency: types.ObjectValueMust(consistencyAttrTypes, map[string]attr.Value{
			"mode": types.StringUnknown(),
		})},
	}
	observed := migrationJobModel{
		Name:   types.StringValue("observed"),
		Status: types.StringValue("running"),
		SrcInfo: &endpointModel{
			Supplier: types.StringValue("others"),
			Info:     []dbInfoModel{{Host: types.StringValue("other"), EngineVersion: types.StringValue("5.6")}},
		},
		RateLimit:     flattenRateLimit(&dtsapi.RateLimitOption{CurrentDumpThread: ptr(int64(8))}),
		MigrateOption: flattenMigrateOption(&dtsapi.MigrateOption{Consistency: &dtsapi.ConsistencyOption{Mode: ptr("notConfigured")}}),
	}
	if err := fillUnknowns(ctx, &planned, &observed); err != nil {
		t.Fatal(err)
	}
	if planned.Name.ValueString() != "planned" || planned.SrcInfo.Info[0].Host.ValueString() != "h" || planned.SrcInfo.Info[0].PasswordWOVersion.ValueInt64() != 3 {
		t.Errorf("known planned values changed: %+v", planned)
	}
	if planned.Status.ValueString() != "running" || planned.SrcInfo.Supplier.ValueString() != "others" || planned.SrcInfo.Info[0].EngineVersion.ValueString() != "5.6" {
		t.Errorf("unknowns not filled: %+v", planned)
	}
	if planned.RateLimit.IsUnknown() || planned.RateLimit.Attributes()["dump_thread"].(types.Int64).ValueInt64() != 8 {
		t.Errorf("rate_limit = %v", planned.RateLimit)
	}
	if m := planned.MigrateOption.Consistency.Attributes()["mode"].(types.String); m.ValueString() != "notConfigured" {
		t.Errorf("consistency.mode = %v", m)
	}

	// Against an empty observation every unknown becomes null.
	p2 := migrationJobModel{Status: types.StringUnknown(), RateLimit: types.ObjectUnknown(rateLimitAttrTypes)}
	if err := fillUnknowns(ctx, &p2, emptyMigrationModel()); err != nil {
		t.Fatal(err)
	}
	if !p2.Status.IsNull() || !p2.RateLimit.IsNull() {
		t.Errorf("unknowns must become null: %+v", p2)
	}
}

// raw converts a model to the raw value Terraform sends for it, then applies
// edits (attribute path → value) to it.
func raw(t *testing.T, m *migrationJobModel, edits map[string]attr.Value) tftypes.Value {
	t.Helper()
	ctx := context.Background()
	st := tfsdk.State{Schema: (&migrationJobResource{}).schema(ctx)}
	if diags := st.Set(ctx, m); diags.HasError() {
		t.Fatal(diags)
	}
	for p, v := range edits {
		if diags := st.SetAttribute(ctx, parsePath(p), v); diags.HasError() {
			t.Fatal(diags)
		}
	}
	return st.Raw
}

func parsePath(s string) path.Path {
	p := path.Empty()
	for _, part := range strings.Split(s, ".") {
		name, index, _ := strings.Cut(part, "[")
		p = p.AtName(name)
		if index != "" {
			n, _ := strconv.Atoi(strings.TrimSuffix(index, "]"))
			p = p.AtListIndex(n)
		}
	}
	return p
}

func baseModel() *migrationJobModel {
	m := emptyMigrationModel()
	m.Name = types.StringValue("a")
	m.SrcInfo = &endpointModel{Region: types.StringValue("ap-guangzhou"), Supplier: types.StringValue("others"),
		Info: []dbInfoModel{{Host: types.StringValue("h"), PasswordWOVersion: types.Int64Value(1), EngineVersion: types.StringNull()}}}
	m.MigrateOption.MigrateType = types.StringValue("full")
	return m
}

func TestPlannedChanges(t *testing.T) {
	state := raw(t, baseModel(), nil)
	for _, tc := range []struct {
		name         string
		plan, config map[string]attr.Value
		want         []string
	}{
		{"nothing", nil, nil, nil},
		{"name and a secret's version",
			map[string]attr.Value{"name": types.StringValue("b"), "src_info.info[0].password_wo_version": types.Int64Value(2)}, nil,
			[]string{"name", "src_info.info[0].password_wo_version"}},
		// Computed values still to be filled in (unknown, not configured) are no change.
		{"computed unknowns",
			map[string]attr.Value{"src_info.info[0].engine_version": types.StringUnknown(), "status": types.StringUnknown(),
				"rate_limit": types.ObjectUnknown(rateLimitAttrTypes)}, nil, nil},
		// A configured value known only after apply may differ.
		{"configured unknown",
			map[string]attr.Value{"src_info.info[0].host": types.StringUnknown()},
			map[string]attr.Value{"src_info.info[0].host": types.StringUnknown()},
			[]string{"src_info.info[0].host"}},
		// Adding a key to an unset map names the key.
		{"map key added",
			map[string]attr.Value{"migrate_option.extra_attr": types.MapValueMust(types.StringType, map[string]attr.Value{"DstWriteMode": types.StringValue("overwrite")})}, nil,
			[]string{`migrate_option.extra_attr["DstWriteMode"]`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := raw(t, baseModel(), tc.plan)
			config := raw(t, baseModel(), tc.config)
			got := plannedChanges(state, plan, config)
			if (len(got) != 0 || len(tc.want) != 0) && mustJSON(t, got) != mustJSON(t, tc.want) {
				t.Fatalf("plannedChanges = %v, want %v", got, tc.want)
			}
		})
	}
	for _, p := range []string{"name", "src_info.info[0].password_wo_version", `migrate_option.extra_attr["DstWriteMode"]`, "migrate_option.is_dst_read_only", "state", "rate_limit.dump_thread"} {
		if !inPlaceAfterStart(p) {
			t.Errorf("%s must change in place after the start", p)
		}
	}
	for _, p := range []string{"src_info.info[0].host", "migrate_option.migrate_type", "dst_info.access_type", `migrate_option.extra_attr["Other"]`} {
		if inPlaceAfterStart(p) {
			t.Errorf("%s must need a new job after the start", p)
		}
	}
}

// An empty but configured list or map reads back empty, not null.
func TestKeepConfiguredKeepsEmptyCollections(t *testing.T) {
	ctx := context.Background()
	configured := &migrateOptionModel{ExtraAttr: map[string]string{}, Consistency: types.ObjectNull(consistencyAttrTypes),
		DatabaseTable: &databaseTableModel{ObjectMode: types.StringValue("partial"), AdvancedObjects: []string{},
			Databases: []dbItemModel{{DbName: types.StringValue("d"), Functions: []string{}, Tables: []tableItemModel{}}}}}
	wire, err := expandMigrateOption(ctx, configured)
	if err != nil {
		t.Fatal(err)
	}
	observed := &dtsapi.MigrateOption{ExtraAttr: []*dtsapi.KeyValuePairOption{}, MigrateType: ptr("full"),
		DatabaseTable: &dtsapi.DatabaseTableObject{ObjectMode: ptr("partial"), AdvancedObjects: []*string{},
			Databases: []*dtsapi.DBItem{{DbName: ptr("d"), Functions: []*string{}, Tables: []*dtsapi.TableItem{}, Views: []*dtsapi.ViewItem{}}}}}
	got := flattenMigrateOption(keepConfigured(wire, observed))
	if got.ExtraAttr == nil || got.DatabaseTable.AdvancedObjects == nil || got.DatabaseTable.Databases[0].Functions == nil ||
		got.DatabaseTable.Databases[0].Tables == nil || got.DatabaseTable.Databases[0].Views != nil {
		t.Fatalf("empty collections: %+v", got)
	}
}

// BenchmarkRefreshLargeConfiguration measures what a refresh of a job with a
// large object selection costs on the provider's side: the configured
// objects expanded, restricted to what is configured, and flattened back.
func BenchmarkRefreshLargeConfiguration(b *testing.B) {
	ctx := context.Background()
	var dbs []*dtsapi.DBItem
	for d := 0; d < 50; d++ {
		item := &dtsapi.DBItem{DbName: ptr(fmt.Sprintf("db%02d", d)), DBMode: ptr("partial"), TableMode: ptr("partial")}
		for t := 0; t < 40; t++ {
			item.Tables = append(item.Tables, &dtsapi.TableItem{TableName: ptr(fmt.Sprintf("t%02d", t)), NewTableName: ptr(""), TableEditMode: ptr("")})
		}
		dbs = append(dbs, item)
	}
	observed := &dtsapi.MigrateOption{MigrateType: ptr("fullAndIncrement"), DatabaseTable: &dtsapi.DatabaseTableObject{ObjectMode: ptr("partial"), Databases: dbs},
		Consistency: &dtsapi.ConsistencyOption{Mode: ptr("notConfigured")}}
	prior := flattenMigrateOption(prune(observed))
	b.ReportAllocs()
	for b.Loop() {
		configured, err := expandMigrateOption(ctx, prior)
		if err != nil {
			b.Fatal(err)
		}
		if got := flattenMigrateOption(keepConfigured(configured, observed)); len(got.DatabaseTable.Databases) != 50 {
			b.Fatal("lost databases")
		}
	}
}
