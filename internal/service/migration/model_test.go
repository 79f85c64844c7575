package migration

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// raw converts a model to the raw value Terraform sends for it, then applies
// edits (attribute path → value) to it.
func raw(t *testing.T, m *jobModel, edits map[string]attr.Value) tftypes.Value {
	t.Helper()
	ctx := context.Background()
	st := tfsdk.State{Schema: resourceSchema(ctx)}
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

func baseModel() *jobModel {
	ctx := context.Background()
	m := &jobModel{RateLimit: tfkit.ObjectNull[tfkit.RateLimit](ctx), MigrateOption: &migrateOptionModel{Consistency: tfkit.ObjectNull[consistencyModel](ctx)}}
	m.Name = types.StringValue("a")
	m.SrcInfo = &endpointModel{endpointFields: endpointFields{Region: types.StringValue("ap-guangzhou"), Supplier: types.StringValue("others")},
		Info: []nodeModel{{nodeFields: nodeFields{Host: types.StringValue("h"), EngineVersion: types.StringNull()}, PasswordWOVersion: types.Int64Value(1)}}}
	m.MigrateOption.MigrateType = types.StringValue("full")
	m.Timeouts = observedTimeoutsNull()
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
				"rate_limit": tfkit.ObjectUnknown[tfkit.RateLimit](context.Background())}, nil, nil},
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
			got := tfkit.PlannedChanges(state, plan, config)
			if (len(got) != 0 || len(tc.want) != 0) && mustJSON(t, got.Strings()) != mustJSON(t, tc.want) {
				t.Fatalf("plannedChanges = %v, want %v", got, tc.want)
			}
		})
	}
	for _, p := range []string{"name", "src_info.info[0].password_wo_version", `migrate_option.extra_attr["DstWriteMode"]`, "migrate_option.is_dst_read_only", "state", "rate_limit.dump_thread"} {
		if !inPlaceAfterStart(tfkit.Path(p)) {
			t.Errorf("%s must change in place after the start", p)
		}
	}
	for _, p := range []string{"src_info.info[0].host", "migrate_option.migrate_type", "dst_info.access_type", `migrate_option.extra_attr["Other"]`} {
		if inPlaceAfterStart(tfkit.Path(p)) {
			t.Errorf("%s must need a new job after the start", p)
		}
	}
}

// An empty but configured list or map reads back empty, not null.
func TestKeepConfiguredKeepsEmptyCollections(t *testing.T) {
	ctx := context.Background()
	configured := &migrateOptionModel{ExtraAttr: map[string]string{}, Consistency: tfkit.ObjectNull[consistencyModel](ctx),
		DatabaseTable: &databaseTableModel{ObjectMode: types.StringValue("partial"), AdvancedObjects: []string{},
			Databases: []dbItemModel{{DbName: types.StringValue("d"), Functions: []string{}, Tables: []tableItemModel{}}}}}
	wire := &dtsapi.MigrateOption{}
	if err := tfkit.Expand(ctx, configured, wire); err != nil {
		t.Fatal(err)
	}
	observed := &dtsapi.MigrateOption{ExtraAttr: []*dtsapi.KeyValuePairOption{}, MigrateType: tfkit.Ptr("full"),
		DatabaseTable: &dtsapi.DatabaseTableObject{ObjectMode: tfkit.Ptr("partial"), AdvancedObjects: []*string{},
			Databases: []*dtsapi.DBItem{{DbName: tfkit.Ptr("d"), Functions: []*string{}, Tables: []*dtsapi.TableItem{}, Views: []*dtsapi.ViewItem{}}}}}
	var got migrateOptionModel
	if err := tfkit.Flatten(ctx, tfkit.KeepConfigured(wire, observed), &got); err != nil {
		t.Fatal(err)
	}
	if got.ExtraAttr == nil || got.DatabaseTable.AdvancedObjects == nil || got.DatabaseTable.Databases[0].Functions == nil ||
		got.DatabaseTable.Databases[0].Tables == nil || got.DatabaseTable.Databases[0].Views != nil {
		t.Fatalf("empty collections: %+v", got)
	}
}

// BenchmarkRefreshLargeConfiguration measures what a refresh of a job with a
// large object selection costs on the provider's side: the configured
// objects expanded, restricted to what is configured, and flattened back
// (the refresh path of observe, through flex).
func BenchmarkRefreshLargeConfiguration(b *testing.B) {
	ctx := context.Background()
	var dbs []*dtsapi.DBItem
	for d := 0; d < 50; d++ {
		item := &dtsapi.DBItem{DbName: tfkit.Ptr(fmt.Sprintf("db%02d", d)), DBMode: tfkit.Ptr("partial"), TableMode: tfkit.Ptr("partial")}
		for t := 0; t < 40; t++ {
			item.Tables = append(item.Tables, &dtsapi.TableItem{TableName: tfkit.Ptr(fmt.Sprintf("t%02d", t)), NewTableName: tfkit.Ptr(""), TableEditMode: tfkit.Ptr("")})
		}
		dbs = append(dbs, item)
	}
	observed := &dtsapi.MigrateOption{MigrateType: tfkit.Ptr("fullAndIncrement"), DatabaseTable: &dtsapi.DatabaseTableObject{ObjectMode: tfkit.Ptr("partial"), Databases: dbs},
		Consistency: &dtsapi.ConsistencyOption{Mode: tfkit.Ptr("notConfigured")}}
	prior := &migrateOptionModel{}
	if err := tfkit.Flatten(ctx, tfkit.Prune(observed), prior); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		configured := &dtsapi.MigrateOption{}
		if err := tfkit.Expand(ctx, prior, configured); err != nil {
			b.Fatal(err)
		}
		var got migrateOptionModel
		if err := tfkit.Flatten(ctx, tfkit.KeepConfigured(configured, observed), &got, tfkit.WithPrior(prior)); err != nil || len(got.DatabaseTable.Databases) != 50 {
			b.Fatal("lost databases", err)
		}
	}
}

func observedTimeoutsNull() timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType})}
}
