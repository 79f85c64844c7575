package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The dts_migration_job model and its conversions to and from the wire
// models. Attribute names are the snake_case of the API fields.

type migrationJobModel struct {
	ID                        types.String        `tfsdk:"id"`
	Name                      types.String        `tfsdk:"name"`
	InstanceClass             types.String        `tfsdk:"instance_class"`
	Tags                      map[string]string   `tfsdk:"tags"`
	SrcInfo                   *endpointModel      `tfsdk:"src_info"`
	DstInfo                   *endpointModel      `tfsdk:"dst_info"`
	MigrateOption             *migrateOptionModel `tfsdk:"migrate_option"`
	RateLimit                 types.Object        `tfsdk:"rate_limit"`
	RunMode                   types.String        `tfsdk:"run_mode"`
	ExpectRunTime             rfc3339Value        `tfsdk:"expect_run_time"`
	AutoRetryTimeRangeMinutes types.Int64         `tfsdk:"auto_retry_time_range_minutes"`
	State                     types.String        `tfsdk:"state"`
	CompleteMode              types.String        `tfsdk:"complete_mode"`
	ResumeOption              types.String        `tfsdk:"resume_option"`
	SkipCheckSteps            []string            `tfsdk:"skip_check_steps"`
	ForeignKeyFlag            types.String        `tfsdk:"foreign_key_flag"`
	DeletionPolicy            types.String        `tfsdk:"deletion_policy"`
	Status                    types.String        `tfsdk:"status"`
	TradeStatus               types.String        `tfsdk:"trade_status"`
	BriefMsg                  types.String        `tfsdk:"brief_msg"`
	Timeouts                  timeouts.Value      `tfsdk:"timeouts"`
}

type endpointModel struct {
	Region         types.String      `tfsdk:"region"`
	AccessType     types.String      `tfsdk:"access_type"`
	DatabaseType   types.String      `tfsdk:"database_type"`
	NodeType       types.String      `tfsdk:"node_type"`
	Supplier       types.String      `tfsdk:"supplier"`
	DatabaseNetEnv types.String      `tfsdk:"database_net_env"`
	ConnectType    types.String      `tfsdk:"connect_type"`
	CcnOwnerUin    types.String      `tfsdk:"ccn_owner_uin"`
	ExtraAttr      map[string]string `tfsdk:"extra_attr"`
	Info           []dbInfoModel     `tfsdk:"info"`
}

type dbInfoModel struct {
	Role                  types.String `tfsdk:"role"`
	DbKernel              types.String `tfsdk:"db_kernel"`
	Host                  types.String `tfsdk:"host"`
	Port                  types.Int64  `tfsdk:"port"`
	User                  types.String `tfsdk:"user"`
	PasswordWO            types.String `tfsdk:"password_wo"`
	PasswordWOVersion     types.Int64  `tfsdk:"password_wo_version"`
	CvmInstanceID         types.String `tfsdk:"cvm_instance_id"`
	UniqVpnGwID           types.String `tfsdk:"uniq_vpn_gw_id"`
	UniqDcgID             types.String `tfsdk:"uniq_dcg_id"`
	InstanceID            types.String `tfsdk:"instance_id"`
	CcnGwID               types.String `tfsdk:"ccn_gw_id"`
	VpcID                 types.String `tfsdk:"vpc_id"`
	SubnetID              types.String `tfsdk:"subnet_id"`
	EngineVersion         types.String `tfsdk:"engine_version"`
	Account               types.String `tfsdk:"account"`
	AccountRole           types.String `tfsdk:"account_role"`
	AccountMode           types.String `tfsdk:"account_mode"`
	TmpSecretID           types.String `tfsdk:"tmp_secret_id"`
	TmpSecretKeyWO        types.String `tfsdk:"tmp_secret_key_wo"`
	TmpSecretKeyWOVersion types.Int64  `tfsdk:"tmp_secret_key_wo_version"`
	TmpTokenWO            types.String `tfsdk:"tmp_token_wo"`
	TmpTokenWOVersion     types.Int64  `tfsdk:"tmp_token_wo_version"`
	EncryptConn           types.String `tfsdk:"encrypt_conn"`
	SetID                 types.String `tfsdk:"set_id"`
}

type migrateOptionModel struct {
	MigrateType      types.String        `tfsdk:"migrate_type"`
	DatabaseTable    *databaseTableModel `tfsdk:"database_table"`
	Consistency      types.Object        `tfsdk:"consistency"`
	IsMigrateAccount types.Bool          `tfsdk:"is_migrate_account"`
	IsOverrideRoot   types.Bool          `tfsdk:"is_override_root"`
	IsDstReadOnly    types.Bool          `tfsdk:"is_dst_read_only"`
	ExtraAttr        map[string]string   `tfsdk:"extra_attr"`
	MigrateWay       types.String        `tfsdk:"migrate_way"`
}

type databaseTableModel struct {
	ObjectMode      types.String  `tfsdk:"object_mode"`
	Databases       []dbItemModel `tfsdk:"databases"`
	AdvancedObjects []string      `tfsdk:"advanced_objects"`
}

type dbItemModel struct {
	DbName        types.String     `tfsdk:"db_name"`
	NewDbName     types.String     `tfsdk:"new_db_name"`
	SchemaName    types.String     `tfsdk:"schema_name"`
	NewSchemaName types.String     `tfsdk:"new_schema_name"`
	DbMode        types.String     `tfsdk:"db_mode"`
	SchemaMode    types.String     `tfsdk:"schema_mode"`
	TableMode     types.String     `tfsdk:"table_mode"`
	Tables        []tableItemModel `tfsdk:"tables"`
	ViewMode      types.String     `tfsdk:"view_mode"`
	Views         []viewItemModel  `tfsdk:"views"`
	RoleMode      types.String     `tfsdk:"role_mode"`
	Roles         []roleItemModel  `tfsdk:"roles"`
	FunctionMode  types.String     `tfsdk:"function_mode"`
	Functions     []string         `tfsdk:"functions"`
	TriggerMode   types.String     `tfsdk:"trigger_mode"`
	Triggers      []string         `tfsdk:"triggers"`
	EventMode     types.String     `tfsdk:"event_mode"`
	Events        []string         `tfsdk:"events"`
	ProcedureMode types.String     `tfsdk:"procedure_mode"`
	Procedures    []string         `tfsdk:"procedures"`
}

type tableItemModel struct {
	TableName     types.String `tfsdk:"table_name"`
	NewTableName  types.String `tfsdk:"new_table_name"`
	TmpTables     []string     `tfsdk:"tmp_tables"`
	TableEditMode types.String `tfsdk:"table_edit_mode"`
}

type viewItemModel struct {
	ViewName    types.String `tfsdk:"view_name"`
	NewViewName types.String `tfsdk:"new_view_name"`
}

type roleItemModel struct {
	RoleName    types.String `tfsdk:"role_name"`
	NewRoleName types.String `tfsdk:"new_role_name"`
}

type consistencyModel struct {
	Mode types.String `tfsdk:"mode"`
}

var consistencyAttrTypes = map[string]attr.Type{"mode": types.StringType}

type rateLimitModel struct {
	DumpThread   types.Int64 `tfsdk:"dump_thread"`
	DumpRps      types.Int64 `tfsdk:"dump_rps"`
	LoadThread   types.Int64 `tfsdk:"load_thread"`
	LoadRps      types.Int64 `tfsdk:"load_rps"`
	SinkerThread types.Int64 `tfsdk:"sinker_thread"`
}

var rateLimitAttrTypes = map[string]attr.Type{
	"dump_thread":   types.Int64Type,
	"dump_rps":      types.Int64Type,
	"load_thread":   types.Int64Type,
	"load_rps":      types.Int64Type,
	"sinker_thread": types.Int64Type,
}

// secrets are the write-only values of one endpoint node, read from the
// configuration only.
type nodeSecrets struct {
	Password, TmpSecretKey, TmpToken string
}

// --- expand: model → wire ---

func optInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	i := v.ValueInt64()
	return &i
}

func optUint64(v types.Int64) *uint64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	i := uint64(v.ValueInt64())
	return &i
}

func optBool(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
}

func expandKeyValues(m map[string]string) []*dtsapi.KeyValuePairOption {
	if m == nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*dtsapi.KeyValuePairOption, 0, len(keys))
	for _, k := range keys {
		out = append(out, &dtsapi.KeyValuePairOption{Key: ptr(k), Value: ptr(m[k])})
	}
	return out
}

// expandEndpoint builds the wire endpoint. secrets (indexed like Info) are
// included when given; without them the result is what Read compares with.
func expandEndpoint(e *endpointModel, secrets []nodeSecrets) *dtsapi.DBEndpointInfo {
	if e == nil {
		return nil
	}
	out := &dtsapi.DBEndpointInfo{
		Region:         optString(e.Region),
		AccessType:     optString(e.AccessType),
		DatabaseType:   optString(e.DatabaseType),
		NodeType:       optString(e.NodeType),
		Supplier:       optString(e.Supplier),
		DatabaseNetEnv: optString(e.DatabaseNetEnv),
		ConnectType:    optString(e.ConnectType),
		CcnOwnerUin:    optString(e.CcnOwnerUin),
		ExtraAttr:      expandKeyValues(e.ExtraAttr),
	}
	if e.Info != nil {
		out.Info = make([]*dtsapi.DBInfo, 0, len(e.Info))
	}
	for i, n := range e.Info {
		info := &dtsapi.DBInfo{
			Role:          optString(n.Role),
			DbKernel:      optString(n.DbKernel),
			Host:          optString(n.Host),
			Port:          optUint64(n.Port),
			User:          optString(n.User),
			CvmInstanceId: optString(n.CvmInstanceID),
			UniqVpnGwId:   optString(n.UniqVpnGwID),
			UniqDcgId:     optString(n.UniqDcgID),
			InstanceId:    optString(n.InstanceID),
			CcnGwId:       optString(n.CcnGwID),
			VpcId:         optString(n.VpcID),
			SubnetId:      optString(n.SubnetID),
			EngineVersion: optString(n.EngineVersion),
			Account:       optString(n.Account),
			AccountRole:   optString(n.AccountRole),
			AccountMode:   optString(n.AccountMode),
			TmpSecretId:   optString(n.TmpSecretID),
			EncryptConn:   optString(n.EncryptConn),
			SetId:         optString(n.SetID),
		}
		if i < len(secrets) {
			s := secrets[i]
			if s.Password != "" {
				info.Password = ptr(s.Password)
			}
			if s.TmpSecretKey != "" {
				info.TmpSecretKey = ptr(s.TmpSecretKey)
			}
			if s.TmpToken != "" {
				info.TmpToken = ptr(s.TmpToken)
			}
		}
		out.Info = append(out.Info, info)
	}
	return out
}

// endpointSecrets reads the write-only values of an endpoint from the
// configuration.
func endpointSecrets(e *endpointModel) []nodeSecrets {
	if e == nil {
		return nil
	}
	out := make([]nodeSecrets, len(e.Info))
	for i, n := range e.Info {
		out[i] = nodeSecrets{Password: n.PasswordWO.ValueString(), TmpSecretKey: n.TmpSecretKeyWO.ValueString(), TmpToken: n.TmpTokenWO.ValueString()}
	}
	return out
}

func expandMigrateOption(ctx context.Context, m *migrateOptionModel) (*dtsapi.MigrateOption, error) {
	if m == nil {
		return nil, nil
	}
	out := &dtsapi.MigrateOption{
		MigrateType:      optString(m.MigrateType),
		DatabaseTable:    expandDatabaseTable(m.DatabaseTable),
		IsMigrateAccount: optBool(m.IsMigrateAccount),
		IsOverrideRoot:   optBool(m.IsOverrideRoot),
		IsDstReadOnly:    optBool(m.IsDstReadOnly),
		ExtraAttr:        expandKeyValues(m.ExtraAttr),
		MigrateWay:       optString(m.MigrateWay),
	}
	if !m.Consistency.IsNull() && !m.Consistency.IsUnknown() {
		var c consistencyModel
		if diags := m.Consistency.As(ctx, &c, objectAsOptions); diags.HasError() {
			return nil, diagError(diags)
		}
		if mode := optString(c.Mode); mode != nil {
			out.Consistency = &dtsapi.ConsistencyOption{Mode: mode}
		}
	}
	return out, nil
}

func expandDatabaseTable(d *databaseTableModel) *dtsapi.DatabaseTableObject {
	if d == nil {
		return nil
	}
	out := &dtsapi.DatabaseTableObject{
		ObjectMode:      optString(d.ObjectMode),
		AdvancedObjects: ptrs(d.AdvancedObjects),
	}
	if d.Databases != nil {
		out.Databases = make([]*dtsapi.DBItem, 0, len(d.Databases))
	}
	for _, db := range d.Databases {
		item := &dtsapi.DBItem{
			DbName:        optString(db.DbName),
			NewDbName:     optString(db.NewDbName),
			SchemaName:    optString(db.SchemaName),
			NewSchemaName: optString(db.NewSchemaName),
			DBMode:        optString(db.DbMode),
			SchemaMode:    optString(db.SchemaMode),
			TableMode:     optString(db.TableMode),
			ViewMode:      optString(db.ViewMode),
			RoleMode:      optString(db.RoleMode),
			FunctionMode:  optString(db.FunctionMode),
			Functions:     ptrs(db.Functions),
			TriggerMode:   optString(db.TriggerMode),
			Triggers:      ptrs(db.Triggers),
			EventMode:     optString(db.EventMode),
			Events:        ptrs(db.Events),
			ProcedureMode: optString(db.ProcedureMode),
			Procedures:    ptrs(db.Procedures),
		}
		if db.Tables != nil {
			item.Tables = []*dtsapi.TableItem{}
		}
		if db.Views != nil {
			item.Views = []*dtsapi.ViewItem{}
		}
		if db.Roles != nil {
			item.Roles = []*dtsapi.RoleItem{}
		}
		for _, t := range db.Tables {
			item.Tables = append(item.Tables, &dtsapi.TableItem{
				TableName:     optString(t.TableName),
				NewTableName:  optString(t.NewTableName),
				TmpTables:     ptrs(t.TmpTables),
				TableEditMode: optString(t.TableEditMode),
			})
		}
		for _, v := range db.Views {
			item.Views = append(item.Views, &dtsapi.ViewItem{ViewName: optString(v.ViewName), NewViewName: optString(v.NewViewName)})
		}
		for _, r := range db.Roles {
			item.Roles = append(item.Roles, &dtsapi.RoleItem{RoleName: optString(r.RoleName), NewRoleName: optString(r.NewRoleName)})
		}
		out.Databases = append(out.Databases, item)
	}
	return out
}

// expectRunTimeAPI converts the configuration's RFC 3339 time to the API's
// Beijing-time format.
func expectRunTimeAPI(v rfc3339Value) *string {
	t, ok := v.instant()
	if !ok {
		return nil
	}
	return ptr(dtsapi.FormatTime(t))
}

// --- flatten: wire → model (zero values become null) ---

func flattenKeyValues(kvs []*dtsapi.KeyValuePairOption) map[string]string {
	if kvs == nil {
		return nil
	}
	out := map[string]string{}
	for _, kv := range kvs {
		if kv != nil && kv.Key != nil {
			out[*kv.Key] = str(kv.Value)
		}
	}
	return out
}

func nullableInt64[T ~int64 | ~uint64](p *T) types.Int64 {
	if p == nil {
		return types.Int64Null()
	}
	return types.Int64Value(int64(*p))
}

func nullableBool(p *bool) types.Bool {
	if p == nil {
		return types.BoolNull()
	}
	return types.BoolValue(*p)
}

// flattenEndpoint converts an endpoint that has been through keepConfigured
// or prune: nil members become null. The write-only companions (versions)
// are copied from prior by position, because the API knows nothing of them.
func flattenEndpoint(e *dtsapi.DBEndpointInfo, prior *endpointModel) *endpointModel {
	if e == nil {
		return nil
	}
	out := &endpointModel{
		Region:         nullableString(e.Region),
		AccessType:     nullableString(e.AccessType),
		DatabaseType:   nullableString(e.DatabaseType),
		NodeType:       nullableString(e.NodeType),
		Supplier:       nullableString(e.Supplier),
		DatabaseNetEnv: nullableString(e.DatabaseNetEnv),
		ConnectType:    nullableString(e.ConnectType),
		CcnOwnerUin:    nullableString(e.CcnOwnerUin),
		ExtraAttr:      flattenKeyValues(e.ExtraAttr),
	}
	if e.Info != nil {
		out.Info = make([]dbInfoModel, 0, len(e.Info))
	}
	for i, n := range e.Info {
		if n == nil {
			n = &dtsapi.DBInfo{}
		}
		m := dbInfoModel{
			Role:                  nullableString(n.Role),
			DbKernel:              nullableString(n.DbKernel),
			Host:                  nullableString(n.Host),
			Port:                  nullableInt64(n.Port),
			User:                  nullableString(n.User),
			PasswordWO:            types.StringNull(),
			PasswordWOVersion:     types.Int64Null(),
			CvmInstanceID:         nullableString(n.CvmInstanceId),
			UniqVpnGwID:           nullableString(n.UniqVpnGwId),
			UniqDcgID:             nullableString(n.UniqDcgId),
			InstanceID:            nullableString(n.InstanceId),
			CcnGwID:               nullableString(n.CcnGwId),
			VpcID:                 nullableString(n.VpcId),
			SubnetID:              nullableString(n.SubnetId),
			EngineVersion:         nullableString(n.EngineVersion),
			Account:               nullableString(n.Account),
			AccountRole:           nullableString(n.AccountRole),
			AccountMode:           nullableString(n.AccountMode),
			TmpSecretID:           nullableString(n.TmpSecretId),
			TmpSecretKeyWO:        types.StringNull(),
			TmpSecretKeyWOVersion: types.Int64Null(),
			TmpTokenWO:            types.StringNull(),
			TmpTokenWOVersion:     types.Int64Null(),
			EncryptConn:           nullableString(n.EncryptConn),
			SetID:                 nullableString(n.SetId),
		}
		if prior != nil && i < len(prior.Info) {
			m.PasswordWOVersion = prior.Info[i].PasswordWOVersion
			m.TmpSecretKeyWOVersion = prior.Info[i].TmpSecretKeyWOVersion
			m.TmpTokenWOVersion = prior.Info[i].TmpTokenWOVersion
		}
		out.Info = append(out.Info, m)
	}
	return out
}

var objectAsOptions = basetypesObjectAsOptions()

func flattenMigrateOption(o *dtsapi.MigrateOption) *migrateOptionModel {
	if o == nil {
		return nil
	}
	out := &migrateOptionModel{
		MigrateType:      nullableString(o.MigrateType),
		DatabaseTable:    flattenDatabaseTable(o.DatabaseTable),
		Consistency:      types.ObjectNull(consistencyAttrTypes),
		IsMigrateAccount: nullableBool(o.IsMigrateAccount),
		IsOverrideRoot:   nullableBool(o.IsOverrideRoot),
		IsDstReadOnly:    nullableBool(o.IsDstReadOnly),
		ExtraAttr:        flattenKeyValues(o.ExtraAttr),
		MigrateWay:       nullableString(o.MigrateWay),
	}
	if o.Consistency != nil {
		out.Consistency = types.ObjectValueMust(consistencyAttrTypes, map[string]attr.Value{"mode": nullableString(o.Consistency.Mode)})
	}
	return out
}

func flattenDatabaseTable(d *dtsapi.DatabaseTableObject) *databaseTableModel {
	if d == nil {
		return nil
	}
	out := &databaseTableModel{
		ObjectMode:      nullableString(d.ObjectMode),
		AdvancedObjects: stringListOrNil(d.AdvancedObjects),
	}
	if d.Databases != nil {
		out.Databases = make([]dbItemModel, 0, len(d.Databases))
	}
	for _, db := range d.Databases {
		if db == nil {
			db = &dtsapi.DBItem{}
		}
		item := dbItemModel{
			DbName:        nullableString(db.DbName),
			NewDbName:     nullableString(db.NewDbName),
			SchemaName:    nullableString(db.SchemaName),
			NewSchemaName: nullableString(db.NewSchemaName),
			DbMode:        nullableString(db.DBMode),
			SchemaMode:    nullableString(db.SchemaMode),
			TableMode:     nullableString(db.TableMode),
			ViewMode:      nullableString(db.ViewMode),
			RoleMode:      nullableString(db.RoleMode),
			FunctionMode:  nullableString(db.FunctionMode),
			Functions:     stringListOrNil(db.Functions),
			TriggerMode:   nullableString(db.TriggerMode),
			Triggers:      stringListOrNil(db.Triggers),
			EventMode:     nullableString(db.EventMode),
			Events:        stringListOrNil(db.Events),
			ProcedureMode: nullableString(db.ProcedureMode),
			Procedures:    stringListOrNil(db.Procedures),
		}
		if db.Tables != nil {
			item.Tables = []tableItemModel{}
		}
		if db.Views != nil {
			item.Views = []viewItemModel{}
		}
		if db.Roles != nil {
			item.Roles = []roleItemModel{}
		}
		for _, t := range db.Tables {
			if t == nil {
				t = &dtsapi.TableItem{}
			}
			item.Tables = append(item.Tables, tableItemModel{
				TableName:     nullableString(t.TableName),
				NewTableName:  nullableString(t.NewTableName),
				TmpTables:     stringListOrNil(t.TmpTables),
				TableEditMode: nullableString(t.TableEditMode),
			})
		}
		for _, v := range db.Views {
			if v == nil {
				v = &dtsapi.ViewItem{}
			}
			item.Views = append(item.Views, viewItemModel{ViewName: nullableString(v.ViewName), NewViewName: nullableString(v.NewViewName)})
		}
		for _, r := range db.Roles {
			if r == nil {
				r = &dtsapi.RoleItem{}
			}
			item.Roles = append(item.Roles, roleItemModel{RoleName: nullableString(r.RoleName), NewRoleName: nullableString(r.NewRoleName)})
		}
		out.Databases = append(out.Databases, item)
	}
	return out
}

// stringListOrNil keeps the distinction between an absent list (nil → null)
// and a present one.
func stringListOrNil(ps []*string) []string {
	if ps == nil {
		return nil
	}
	return stringList(ps)
}

func flattenRateLimit(r *dtsapi.RateLimitOption) types.Object {
	if r == nil {
		r = &dtsapi.RateLimitOption{}
	}
	return types.ObjectValueMust(rateLimitAttrTypes, map[string]attr.Value{
		"dump_thread":   int64Value(r.CurrentDumpThread),
		"dump_rps":      int64Value(r.CurrentDumpRps),
		"load_thread":   int64Value(r.CurrentLoadThread),
		"load_rps":      int64Value(r.CurrentLoadRps),
		"sinker_thread": int64Value(r.CurrentSinkerThread),
	})
}
