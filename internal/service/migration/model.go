package migration

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The dts_migration_job model. Attributes are the snake_case of the API's
// members and convert through tfkit's flex; the exceptions are the
// provider-wide table (tfkit.Exceptions) plus what this file says:
//
//   - src_info.region / dst_info.region and database_type are also the
//     purchase's SrcRegion/DstRegion and SrcDatabaseType/DstDatabaseType;
//   - rate_limit is MigrateOption's RateLimit sent with ModifyMigrateRateLimit
//     once the job runs, and read from RateLimitOption's Current* members;
//   - instance_class and trade_status are read from TradeInfo;
//   - state, complete_mode, resume_option, skip_check_steps,
//     foreign_key_flag and deletion_policy are the resource's own settings.

type jobModel struct {
	ID                        types.String                  `tfsdk:"id"`
	Name                      types.String                  `tfsdk:"name"`
	InstanceClass             types.String                  `tfsdk:"instance_class"`
	Tags                      map[string]string             `tfsdk:"tags"`
	SrcInfo                   *endpointModel                `tfsdk:"src_info"`
	DstInfo                   *endpointModel                `tfsdk:"dst_info"`
	MigrateOption             *migrateOptionModel           `tfsdk:"migrate_option"`
	RateLimit                 tfkit.Object[tfkit.RateLimit] `tfsdk:"rate_limit"`
	RunMode                   types.String                  `tfsdk:"run_mode"`
	ExpectRunTime             tfkit.Time                    `tfsdk:"expect_run_time"`
	AutoRetryTimeRangeMinutes types.Int64                   `tfsdk:"auto_retry_time_range_minutes"`
	State                     types.String                  `tfsdk:"state"`
	CompleteMode              types.String                  `tfsdk:"complete_mode"`
	ResumeOption              types.String                  `tfsdk:"resume_option"`
	SkipCheckSteps            []string                      `tfsdk:"skip_check_steps"`
	ForeignKeyFlag            types.String                  `tfsdk:"foreign_key_flag"`
	DeletionPolicy            types.String                  `tfsdk:"deletion_policy"`
	Status                    types.String                  `tfsdk:"status"`
	TradeStatus               types.String                  `tfsdk:"trade_status"`
	BriefMsg                  types.String                  `tfsdk:"brief_msg"`
	Timeouts                  timeouts.Value                `tfsdk:"timeouts"`
}

// endpointFields are the attributes of a DBEndpointInfo that the resource
// and the data sources share; the nodes differ (the resource's carry
// write-only secrets).
type endpointFields struct {
	Region         types.String      `tfsdk:"region"`
	AccessType     types.String      `tfsdk:"access_type"`
	DatabaseType   types.String      `tfsdk:"database_type"`
	NodeType       types.String      `tfsdk:"node_type"`
	Supplier       types.String      `tfsdk:"supplier"`
	DatabaseNetEnv types.String      `tfsdk:"database_net_env"`
	ConnectType    types.String      `tfsdk:"connect_type"`
	CcnOwnerUin    types.String      `tfsdk:"ccn_owner_uin"`
	ExtraAttr      map[string]string `tfsdk:"extra_attr"`
}

type endpointModel struct {
	endpointFields
	Info []nodeModel `tfsdk:"info"`
}

// endpointView is an endpoint as the data sources show it: no secrets.
type endpointView struct {
	endpointFields
	Info []nodeFields `tfsdk:"info"`
}

// nodeFields are a DBInfo without its secrets.
type nodeFields struct {
	Role          types.String `tfsdk:"role"`
	DbKernel      types.String `tfsdk:"db_kernel"`
	Host          types.String `tfsdk:"host"`
	Port          types.Int64  `tfsdk:"port"`
	User          types.String `tfsdk:"user"`
	CvmInstanceID types.String `tfsdk:"cvm_instance_id"`
	UniqVpnGwID   types.String `tfsdk:"uniq_vpn_gw_id"`
	UniqDcgID     types.String `tfsdk:"uniq_dcg_id"`
	InstanceID    types.String `tfsdk:"instance_id"`
	CcnGwID       types.String `tfsdk:"ccn_gw_id"`
	VpcID         types.String `tfsdk:"vpc_id"`
	SubnetID      types.String `tfsdk:"subnet_id"`
	EngineVersion types.String `tfsdk:"engine_version"`
	Account       types.String `tfsdk:"account"`
	AccountRole   types.String `tfsdk:"account_role"`
	AccountMode   types.String `tfsdk:"account_mode"`
	TmpSecretID   types.String `tfsdk:"tmp_secret_id"`
	EncryptConn   types.String `tfsdk:"encrypt_conn"`
	SetID         types.String `tfsdk:"set_id"`
}

// nodeModel is a DBInfo of the resource, with its write-only secrets.
type nodeModel struct {
	nodeFields
	PasswordWO            types.String `tfsdk:"password_wo"`
	PasswordWOVersion     types.Int64  `tfsdk:"password_wo_version"`
	TmpSecretKeyWO        types.String `tfsdk:"tmp_secret_key_wo"`
	TmpSecretKeyWOVersion types.Int64  `tfsdk:"tmp_secret_key_wo_version"`
	TmpTokenWO            types.String `tfsdk:"tmp_token_wo"`
	TmpTokenWOVersion     types.Int64  `tfsdk:"tmp_token_wo_version"`
}

type migrateOptionModel struct {
	MigrateType      types.String                   `tfsdk:"migrate_type"`
	DatabaseTable    *databaseTableModel            `tfsdk:"database_table"`
	Consistency      tfkit.Object[consistencyModel] `tfsdk:"consistency"`
	IsMigrateAccount types.Bool                     `tfsdk:"is_migrate_account"`
	IsOverrideRoot   types.Bool                     `tfsdk:"is_override_root"`
	IsDstReadOnly    types.Bool                     `tfsdk:"is_dst_read_only"`
	ExtraAttr        map[string]string              `tfsdk:"extra_attr"`
	MigrateWay       types.String                   `tfsdk:"migrate_way"`
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
