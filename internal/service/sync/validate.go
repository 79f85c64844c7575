package sync

import (
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The cross-field rules of a configuration, from the definition's member
// descriptions: at plan time (ValidateConfig) and once more in Create, when
// every value is known, before anything is bought. The emulator enforces the
// same rules on ConfigureSyncJob.

func validate(m *jobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.Append(validateEndpoint(path.Root("src_info"), m.SrcInfo, true)...)
	diags.Append(validateEndpoint(path.Root("dst_info"), m.DstInfo, false)...)
	if m.Objects != nil {
		diags.Append(validateObjects(m)...)
	}
	diags.Append(validateOptions(m)...)
	diags.Append(validateLink(m)...)
	diags.Append(validatePurchase(m)...)
	return diags
}

// accessNeeds are the node attributes each access type needs (Endpoint's
// documentation: "此项必填" for the access types it names).
var accessNeeds = map[string][]string{
	"cdb":      {"instance_id"},
	"extranet": {"ip", "port"},
	"intranet": {"ip", "port"},
	"cvm":      {"ip", "port", "cvm_instance_id"},
	"vpc":      {"ip", "port", "vpc_id", "subnet_id"},
	"dcg":      {"ip", "port", "vpc_id", "subnet_id", "uniq_dcg_id"},
	"vpncloud": {"ip", "port", "vpc_id", "subnet_id", "uniq_vpn_gw_id"},
	"ccn":      {"ip", "port", "ccn_id"},
}

func validateEndpoint(at path.Path, e *endpointModel, source bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if e == nil || e.AccessType.IsUnknown() || e.NodeType.IsUnknown() {
		return diags
	}
	access := e.AccessType.ValueString()
	if e.NodeType.ValueString() == "single" && len(e.Info) != 1 {
		diags.AddAttributeError(at.AtName("info"), "One node for a single endpoint",
			fmt.Sprintf("node_type = \"single\" sends one node (%sInfo): info needs exactly one element, got %d. Use node_type = \"cluster\" for several.",
				map[bool]string{true: "Src", false: "Dst"}[source], len(e.Info)))
	}
	if !source && !e.ConnectType.IsNull() && !e.ConnectType.IsUnknown() {
		diags.AddAttributeError(at.AtName("connect_type"), "No connect_type for a target", "DTS takes a TDSQL connection type for the source only.")
	}
	tdsql := e.DatabaseType.ValueString() == "tdsqlmysql"
	if tdsql && source && e.ConnectType.IsNull() {
		tfkit.Missing(&diags, at.AtName("connect_type"), "A tdsqlmysql source needs connect_type: \"proxy\" or \"set\".")
	}
	for i := range e.Info {
		node := at.AtName("info").AtListIndex(i)
		n := &e.Info[i]
		tfkit.NodeNeeds(&diags, node, n, access, accessNeeds[access])
		tfkit.CrossAccount(&diags, node, n)
		if access == "ccn" && n.DatabaseNetEnv.IsNull() {
			tfkit.Missing(&diags, node.AtName("database_net_env"), "access_type \"ccn\" needs database_net_env: \"UserIDC\" or \"TencentVPC\".")
		}
		if tdsql {
			diags.Append(tfkit.TDSQLNode(node, i, n.Role, n.SetID)...)
		}
	}
	return diags
}

// partialLists pairs each selection mode of a database with the list a
// Partial mode needs.
var partialLists = []struct {
	mode, list string
	get        func(*databaseModel) (mode string, n int)
}{
	{"table_mode", "tables", func(d *databaseModel) (string, int) { return d.TableMode.ValueString(), len(d.Tables) }},
	{"view_mode", "views", func(d *databaseModel) (string, int) { return d.ViewMode.ValueString(), len(d.Views) }},
	{"function_mode", "functions", func(d *databaseModel) (string, int) { return d.FunctionMode.ValueString(), len(d.Functions) }},
	{"procedure_mode", "procedures", func(d *databaseModel) (string, int) { return d.ProcedureMode.ValueString(), len(d.Procedures) }},
	{"trigger_mode", "triggers", func(d *databaseModel) (string, int) { return d.TriggerMode.ValueString(), len(d.Triggers) }},
	{"event_mode", "events", func(d *databaseModel) (string, int) { return d.EventMode.ValueString(), len(d.Events) }},
}

func validateObjects(m *jobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	o, at := m.Objects, path.Root("objects")
	if o.Mode.ValueString() == "Partial" && len(o.Databases) == 0 {
		tfkit.Missing(&diags, at.AtName("databases"), "mode = \"Partial\" needs at least one database.")
	}
	if len(o.AdvancedObjects) > 0 && m.opts() != nil && !slices.Contains([]string{"", "Structure", "Full"}, m.opts().InitType.ValueString()) {
		diags.AddAttributeError(at.AtName("advanced_objects"), "Advanced objects need a structure initialization",
			"advanced_objects need options.init_type \"Structure\" or \"Full\" (DTS's default).")
	}
	for i := range o.Databases {
		db, item := &o.Databases[i], at.AtName("databases").AtListIndex(i)
		if o.Mode.ValueString() == "Partial" {
			for _, attr := range []string{"db_name", "db_mode"} {
				if !tfkit.IsSet(db, attr) {
					tfkit.Missing(&diags, item.AtName(attr), "A Partial selection needs db_name and db_mode for every database.")
				}
			}
		}
		if db.DbMode.ValueString() == "Partial" && db.TableMode.IsNull() {
			tfkit.Missing(&diags, item.AtName("table_mode"), "db_mode = \"Partial\" needs table_mode.")
		}
		for _, mode := range []string{"trigger_mode", "event_mode"} {
			if tfkit.IsSet(db, mode) {
				diags.AddAttributeError(item.AtName(mode), "Not synced by DTS",
					"DTS data sync does not sync triggers and events yet (\"数据同步暂不支持此高级对象\"): leave "+mode+" unset.")
			}
		}
		for _, p := range partialLists {
			if mode, n := p.get(db); mode == "Partial" && n == 0 {
				tfkit.Missing(&diags, item.AtName(p.list), fmt.Sprintf("%s = \"Partial\" needs %s.", p.mode, p.list))
			}
		}
		for j := range db.Tables {
			diags.Append(validateTable(item.AtName("tables").AtListIndex(j), &db.Tables[j])...)
		}
	}
	return diags
}

func validateTable(at path.Path, t *tableModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if t.ColumnMode.ValueString() == "Partial" && len(t.Columns) == 0 {
		tfkit.Missing(&diags, at.AtName("columns"), "column_mode = \"Partial\" needs columns.")
	}
	if t.TableEditMode.ValueString() == "rename" && t.NewTableName.IsNull() {
		tfkit.Missing(&diags, at.AtName("new_table_name"), "table_edit_mode = \"rename\" needs new_table_name.")
	}
	if !t.NewTableName.IsNull() && len(t.TmpTables) > 0 {
		diags.AddAttributeError(at.AtName("tmp_tables"), "Conflicting attributes",
			"new_table_name and tmp_tables exclude each other: a table is renamed or has its online DDL tables synced, not both.")
	}
	return diags
}

// kafkaTarget reports a Kafka destination.
func kafkaTarget(m *jobModel) bool {
	return m.DstInfo != nil && (m.DstInfo.DatabaseType.ValueString() == "kafka" || m.DstInfo.AccessType.ValueString() == "ckafka")
}
