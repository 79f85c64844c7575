package migration

import (
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The cross-field rules of a configuration: what the API definition states
// and the schema cannot express. They run at plan time (ValidateConfig) and
// once more in Create, when every value is known, before anything is bought.
// The emulator enforces the same rules on ModifyMigrationJob.

// validate applies every rule to a configuration.
func validate(m *jobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, side := range []struct {
		name string
		e    *endpointModel
	}{{"src_info", m.SrcInfo}, {"dst_info", m.DstInfo}} {
		diags.Append(validateEndpoint(path.Root(side.name), side.e)...)
	}
	if m.MigrateOption != nil {
		diags.Append(validateSelection(path.Root("migrate_option").AtName("database_table"), m.MigrateOption.DatabaseTable)...)
	}
	diags.Append(validateLink(m)...)
	return diags
}

// accessNeeds are the node attributes each access type needs (DBInfo's
// documentation: "此项必填" for the access types it names).
var accessNeeds = map[string][]string{
	"cdb":      {"instance_id"},
	"extranet": {"host", "port"},
	"ipv6":     {"host", "port"},
	"intranet": {"host", "port"},
	"cvm":      {"host", "port", "cvm_instance_id"},
	"vpc":      {"host", "port", "vpc_id", "subnet_id"},
	"ccn":      {"host", "port", "vpc_id", "subnet_id"},
	"dcg":      {"host", "port", "vpc_id", "subnet_id", "uniq_dcg_id"},
	"vpncloud": {"host", "port", "vpc_id", "subnet_id", "uniq_vpn_gw_id"},
}

// validateEndpoint applies the documented requirements of the access type
// and of TDSQL endpoints, naming the node attribute that is missing.
func validateEndpoint(at path.Path, e *endpointModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if e == nil || e.AccessType.IsUnknown() {
		return diags
	}
	access := e.AccessType.ValueString()
	if access == "ccn" && e.DatabaseNetEnv.IsNull() {
		tfkit.Missing(&diags, at.AtName("database_net_env"), "access_type \"ccn\" needs database_net_env: \"UserIDC\" (your data center) or \"TencentVPC\".")
	}
	tdsql := e.DatabaseType.ValueString() == "tdsqlmysql"
	if tdsql && e.ConnectType.IsNull() {
		tfkit.Missing(&diags, at.AtName("connect_type"), "A tdsqlmysql endpoint needs connect_type: \"proxy\" or \"set\".")
	}
	for i, n := range e.Info {
		node := at.AtName("info").AtListIndex(i)
		tfkit.NodeNeeds(&diags, node, &n, access, accessNeeds[access])
		if tdsql {
			diags.Append(tfkit.TDSQLNode(node, i, n.Role, n.SetID)...)
		}
	}
	return diags
}

// passwordWarnings warns about nodes that set a user but no password_wo.
func passwordWarnings(m *jobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if m.SrcInfo != nil {
		diags.Append(tfkit.MissingPasswords(path.Root("src_info").AtName("info"), m.SrcInfo.Info)...)
	}
	if m.DstInfo != nil {
		diags.Append(tfkit.MissingPasswords(path.Root("dst_info").AtName("info"), m.DstInfo.Info)...)
	}
	return diags
}

// partialLists pairs each selection mode of a database with the list that a
// partial mode needs.
var partialLists = []struct {
	mode, list string
	get        func(*dbItemModel) (mode string, n int)
}{
	{"table_mode", "tables", func(d *dbItemModel) (string, int) { return d.TableMode.ValueString(), len(d.Tables) }},
	{"view_mode", "views", func(d *dbItemModel) (string, int) { return d.ViewMode.ValueString(), len(d.Views) }},
	{"role_mode", "roles", func(d *dbItemModel) (string, int) { return d.RoleMode.ValueString(), len(d.Roles) }},
	{"function_mode", "functions", func(d *dbItemModel) (string, int) { return d.FunctionMode.ValueString(), len(d.Functions) }},
	{"trigger_mode", "triggers", func(d *dbItemModel) (string, int) { return d.TriggerMode.ValueString(), len(d.Triggers) }},
	{"event_mode", "events", func(d *dbItemModel) (string, int) { return d.EventMode.ValueString(), len(d.Events) }},
	{"procedure_mode", "procedures", func(d *dbItemModel) (string, int) { return d.ProcedureMode.ValueString(), len(d.Procedures) }},
}

// validateSelection applies the rules of DatabaseTableObject and DBItem.
func validateSelection(at path.Path, d *databaseTableModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if d == nil || d.ObjectMode.ValueString() != "partial" {
		return diags
	}
	if len(d.Databases) == 0 {
		tfkit.Missing(&diags, at.AtName("databases"), "object_mode = \"partial\" needs at least one database in databases.")
	}
	for i := range d.Databases {
		db := &d.Databases[i]
		item := at.AtName("databases").AtListIndex(i)
		for _, attr := range []string{"db_name", "db_mode"} {
			if !tfkit.IsSet(db, attr) {
				tfkit.Missing(&diags, item.AtName(attr), "A partial selection needs db_name and db_mode for every database.")
			}
		}
		for _, p := range partialLists {
			if mode, n := p.get(db); mode == "partial" && n == 0 {
				tfkit.Missing(&diags, item.AtName(p.list), fmt.Sprintf("%s = \"partial\" needs %s.", p.mode, p.list))
			}
		}
		for j, t := range db.Tables {
			diags.Append(validateTable(item.AtName("tables").AtListIndex(j), &t)...)
		}
	}
	return diags
}

// validateTable: a renamed table names its new name and no temporary tables.
func validateTable(at path.Path, t *tableItemModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if t.TableEditMode.ValueString() == "rename" && t.NewTableName.IsNull() {
		tfkit.Missing(&diags, at.AtName("new_table_name"), "table_edit_mode = \"rename\" needs new_table_name.")
	}
	if !t.NewTableName.IsNull() && len(t.TmpTables) > 0 {
		diags.AddAttributeError(at.AtName("tmp_tables"), "Conflicting attributes",
			"new_table_name and tmp_tables exclude each other: a table is renamed or has its online DDL tables migrated, not both.")
	}
	return diags
}

// validateLink applies the rules that depend on the kind of link.
func validateLink(m *jobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	srcType, redis := "", false
	if m.SrcInfo != nil {
		srcType = m.SrcInfo.DatabaseType.ValueString()
		redis = isRedisType(srcType)
	}
	if m.DstInfo != nil && isRedisType(m.DstInfo.DatabaseType.ValueString()) {
		redis = true
	}
	if m.RunMode.ValueString() == "timed" && m.ExpectRunTime.IsNull() {
		diags.AddAttributeError(path.Root("expect_run_time"), "Missing start time",
			"run_mode = \"timed\" needs expect_run_time, the RFC 3339 time at which DTS starts the job.")
	}
	if o := m.MigrateOption; o != nil && redis && !o.MigrateType.IsUnknown() && !o.MigrateType.IsNull() && o.MigrateType.ValueString() != "fullAndIncrement" {
		diags.AddAttributeError(path.Root("migrate_option").AtName("migrate_type"), "Redis migrates fullAndIncrement only",
			fmt.Sprintf("Redis, Tendis and KeeWiDB links support only migrate_type = \"fullAndIncrement\", got %q.", o.MigrateType.ValueString()))
	}
	if mode := m.CompleteMode.ValueString(); mode != "" && !m.CompleteMode.IsUnknown() && srcType != "" && srcType != "mysql" {
		diags.AddAttributeError(path.Root("complete_mode"), "complete_mode is for MySQL sources only",
			fmt.Sprintf("DTS accepts CompleteMode only for (legacy) MySQL migrations; this job migrates from %s. Remove complete_mode.", srcType))
	}
	diags.Append(validateResumeOption(m.ResumeOption.ValueString(), redis, m.ResumeOption.IsUnknown())...)
	if !m.ForeignKeyFlag.IsNull() && !m.ForeignKeyFlag.IsUnknown() && !slices.Contains(m.SkipCheckSteps, "ConstraintCheck") {
		diags.AddAttributeError(path.Root("foreign_key_flag"), "foreign_key_flag needs ConstraintCheck",
			"foreign_key_flag says what to do with foreign keys when the failed ConstraintCheck step is skipped: list \"ConstraintCheck\" in skip_check_steps, or remove foreign_key_flag.")
	}
	return diags
}

func validateResumeOption(option string, redis, unknown bool) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case unknown || (option != "" && !dtsapi.MustEnum("ResumeMigrateJobRequest.ResumeOption").Has(option)):
		// unknown, or already refused by the attribute's own validator
	case redis && (option == "" || option == "normal"):
		diags.AddAttributeError(path.Root("resume_option"), "Redis jobs must choose how to resume",
			"For a Redis link, set resume_option to \"clearData\" (clear the target's data) or \"overwrite\" (write over it): DTS does not accept \"normal\" for Redis.")
	case !redis && option != "" && option != "normal":
		diags.AddAttributeError(path.Root("resume_option"), "Invalid resume option",
			fmt.Sprintf("%q applies to Redis links only; other links resume with \"normal\".", option))
	}
	return diags
}
