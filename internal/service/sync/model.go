package sync

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The dts_sync_job model. Attributes are the snake_case of the API's members
// and convert through tfkit's flex; the exceptions are the provider-wide
// table (tfkit.Exceptions: name, the write-only secrets and their versions,
// pay_mode, auto_renew as a bool, tags, and src_info/dst_info spread over the
// requests' SrcRegion, SrcAccessType, …, SrcInfo or SrcInfos) plus what this
// file says:
//
//   - rate_limit is sent with ModifySyncRateLimit once the job runs and read
//     from Options.RateLimitOption's Current* members;
//   - the options DynamicOptions carries change a running job with
//     ModifySyncJobConfig (op_types and ddl_options always sent whole);
//   - opt_obj_status is OptObjStatus, message the detail's Message;
//   - state, skip_check_steps and deletion_policy are the resource's own.

type jobModel struct {
	ID                        types.String                  `tfsdk:"id"`
	Name                      types.String                  `tfsdk:"name"`
	PayMode                   types.String                  `tfsdk:"pay_mode"`
	TimeSpan                  types.Int64                   `tfsdk:"time_span"`
	AutoRenew                 types.Bool                    `tfsdk:"auto_renew"`
	InstanceClass             types.String                  `tfsdk:"instance_class"`
	Specification             types.String                  `tfsdk:"specification"`
	Tags                      map[string]string             `tfsdk:"tags"`
	SrcInfo                   *endpointModel                `tfsdk:"src_info"`
	DstInfo                   *endpointModel                `tfsdk:"dst_info"`
	Objects                   *objectsModel                 `tfsdk:"objects"`
	Options                   tfkit.Object[optionsModel]    `tfsdk:"options"`
	RateLimit                 tfkit.Object[tfkit.RateLimit] `tfsdk:"rate_limit"`
	AutoRetryTimeRangeMinutes types.Int64                   `tfsdk:"auto_retry_time_range_minutes"`
	RunMode                   types.String                  `tfsdk:"run_mode"`
	ExpectRunTime             tfkit.Time                    `tfsdk:"expect_run_time"`
	JobMode                   types.String                  `tfsdk:"job_mode"`
	State                     types.String                  `tfsdk:"state"`
	SkipCheckSteps            []string                      `tfsdk:"skip_check_steps"`
	DeletionPolicy            types.String                  `tfsdk:"deletion_policy"`
	Status                    types.String                  `tfsdk:"status"`
	TradeStatus               types.String                  `tfsdk:"trade_status"`
	OptObjStatus              types.String                  `tfsdk:"opt_obj_status"`
	Message                   types.String                  `tfsdk:"message"`
	Timeouts                  timeouts.Value                `tfsdk:"timeouts"`
}

// opts are the options the model sets; nil when unset, unknown or not
// readable (a part unknown at plan time).
func (m *jobModel) opts() *optionsModel {
	o, diags := m.Options.Get(context.Background())
	if diags.HasError() {
		return nil
	}
	return o
}

// endpointFields are an endpoint as the resource and the data sources show
// it; the nodes differ (the resource's carry write-only secrets).
type endpointFields struct {
	Region       types.String `tfsdk:"region"`
	AccessType   types.String `tfsdk:"access_type"`
	DatabaseType types.String `tfsdk:"database_type"`
	NodeType     types.String `tfsdk:"node_type"`
	ConnectType  types.String `tfsdk:"connect_type"`
}

type endpointModel struct {
	endpointFields
	Info []nodeModel `tfsdk:"info"`
}

// endpointView is an endpoint of a data source: no secrets.
type endpointView struct {
	endpointFields
	Info []nodeFields `tfsdk:"info"`
}

// nodeFields are an Endpoint without its secrets.
type nodeFields struct {
	Ip                types.String `tfsdk:"ip"`
	Port              types.Int64  `tfsdk:"port"`
	User              types.String `tfsdk:"user"`
	InstanceID        types.String `tfsdk:"instance_id"`
	DbName            types.String `tfsdk:"db_name"`
	Role              types.String `tfsdk:"role"`
	DbKernel          types.String `tfsdk:"db_kernel"`
	VpcID             types.String `tfsdk:"vpc_id"`
	SubnetID          types.String `tfsdk:"subnet_id"`
	CvmInstanceID     types.String `tfsdk:"cvm_instance_id"`
	UniqDcgID         types.String `tfsdk:"uniq_dcg_id"`
	UniqVpnGwID       types.String `tfsdk:"uniq_vpn_gw_id"`
	CcnID             types.String `tfsdk:"ccn_id"`
	Supplier          types.String `tfsdk:"supplier"`
	EngineVersion     types.String `tfsdk:"engine_version"`
	Account           types.String `tfsdk:"account"`
	AccountMode       types.String `tfsdk:"account_mode"`
	AccountRole       types.String `tfsdk:"account_role"`
	RoleExternalID    types.String `tfsdk:"role_external_id"`
	TmpSecretID       types.String `tfsdk:"tmp_secret_id"`
	EncryptConn       types.String `tfsdk:"encrypt_conn"`
	DatabaseNetEnv    types.String `tfsdk:"database_net_env"`
	CcnOwnerUin       types.String `tfsdk:"ccn_owner_uin"`
	ChildInstanceID   types.String `tfsdk:"child_instance_id"`
	ChildInstanceType types.String `tfsdk:"child_instance_type"`
	SetID             types.String `tfsdk:"set_id"`
}

// nodeModel is an Endpoint of the resource, with its write-only secrets.
type nodeModel struct {
	nodeFields
	PasswordWO            types.String `tfsdk:"password_wo"`
	PasswordWOVersion     types.Int64  `tfsdk:"password_wo_version"`
	TmpSecretKeyWO        types.String `tfsdk:"tmp_secret_key_wo"`
	TmpSecretKeyWOVersion types.Int64  `tfsdk:"tmp_secret_key_wo_version"`
	TmpTokenWO            types.String `tfsdk:"tmp_token_wo"`
	TmpTokenWOVersion     types.Int64  `tfsdk:"tmp_token_wo_version"`
}

type objectsModel struct {
	Mode              types.String    `tfsdk:"mode"`
	Databases         []databaseModel `tfsdk:"databases"`
	AdvancedObjects   []string        `tfsdk:"advanced_objects"`
	OnlineDDL         *onlineDDLModel `tfsdk:"online_ddl"`
	DatabasesOpFilter []dbOpFilter    `tfsdk:"databases_op_filter"`
}

type databaseModel struct {
	DbName        types.String `tfsdk:"db_name"`
	NewDbName     types.String `tfsdk:"new_db_name"`
	DbMode        types.String `tfsdk:"db_mode"`
	SchemaName    types.String `tfsdk:"schema_name"`
	NewSchemaName types.String `tfsdk:"new_schema_name"`
	SchemaMode    types.String `tfsdk:"schema_mode"`
	TableMode     types.String `tfsdk:"table_mode"`
	Tables        []tableModel `tfsdk:"tables"`
	ViewMode      types.String `tfsdk:"view_mode"`
	Views         []viewModel  `tfsdk:"views"`
	FunctionMode  types.String `tfsdk:"function_mode"`
	Functions     []string     `tfsdk:"functions"`
	ProcedureMode types.String `tfsdk:"procedure_mode"`
	Procedures    []string     `tfsdk:"procedures"`
	TriggerMode   types.String `tfsdk:"trigger_mode"`
	Triggers      []string     `tfsdk:"triggers"`
	EventMode     types.String `tfsdk:"event_mode"`
	Events        []string     `tfsdk:"events"`
}

type tableModel struct {
	TableName       types.String  `tfsdk:"table_name"`
	NewTableName    types.String  `tfsdk:"new_table_name"`
	FilterCondition types.String  `tfsdk:"filter_condition"`
	ColumnMode      types.String  `tfsdk:"column_mode"`
	Columns         []columnModel `tfsdk:"columns"`
	TmpTables       []string      `tfsdk:"tmp_tables"`
	TableEditMode   types.String  `tfsdk:"table_edit_mode"`
}

type columnModel struct {
	ColumnName    types.String `tfsdk:"column_name"`
	NewColumnName types.String `tfsdk:"new_column_name"`
}

type viewModel struct {
	ViewName    types.String `tfsdk:"view_name"`
	NewViewName types.String `tfsdk:"new_view_name"`
}

type onlineDDLModel struct {
	Status types.String `tfsdk:"status"`
}

type dbOpFilter struct {
	DbName   types.String    `tfsdk:"db_name"`
	OpFilter *opFilterModel  `tfsdk:"op_filter"`
	Tables   []tableOpFilter `tfsdk:"tables"`
	Views    []viewOpFilter  `tfsdk:"views"`
}

type opFilterModel struct {
	OpTypes    []string         `tfsdk:"op_types"`
	DdlOptions []ddlOptionModel `tfsdk:"ddl_options"`
}

type tableOpFilter struct {
	TableName types.String   `tfsdk:"table_name"`
	OpFilter  *opFilterModel `tfsdk:"op_filter"`
}

type viewOpFilter struct {
	ViewName types.String   `tfsdk:"view_name"`
	OpFilter *opFilterModel `tfsdk:"op_filter"`
}

type optionsModel struct {
	InitType             types.String               `tfsdk:"init_type"`
	DealOfExistSameTable types.String               `tfsdk:"deal_of_exist_same_table"`
	ConflictHandleType   types.String               `tfsdk:"conflict_handle_type"`
	ConflictHandleOption *conflictHandleOptionModel `tfsdk:"conflict_handle_option"`
	AddAdditionalColumn  types.Bool                 `tfsdk:"add_additional_column"`
	OpTypes              []string                   `tfsdk:"op_types"`
	DdlOptions           []ddlOptionModel           `tfsdk:"ddl_options"`
	KafkaOption          *kafkaOptionModel          `tfsdk:"kafka_option"`
	StartPosition        types.String               `tfsdk:"start_position"`
	FilterBeginCommit    types.Bool                 `tfsdk:"filter_begin_commit"`
	FilterCheckpoint     types.Bool                 `tfsdk:"filter_checkpoint"`
}

type conflictHandleOptionModel struct {
	ConditionColumn           types.String `tfsdk:"condition_column"`
	ConditionOperator         types.String `tfsdk:"condition_operator"`
	ConditionOrderInSrcAndDst types.String `tfsdk:"condition_order_in_src_and_dst"`
}

type ddlOptionModel struct {
	DdlObject types.String `tfsdk:"ddl_object"`
	DdlValue  []string     `tfsdk:"ddl_value"`
}

type kafkaOptionModel struct {
	DataType     types.String      `tfsdk:"data_type"`
	TopicType    types.String      `tfsdk:"topic_type"`
	DDLTopicName types.String      `tfsdk:"ddl_topic_name"`
	TopicRules   []topicRuleModel  `tfsdk:"topic_rules"`
	DataOption   map[string]string `tfsdk:"data_option"`
}

type topicRuleModel struct {
	TopicName      types.String `tfsdk:"topic_name"`
	PartitionType  types.String `tfsdk:"partition_type"`
	DbMatchMode    types.String `tfsdk:"db_match_mode"`
	DbName         types.String `tfsdk:"db_name"`
	TableMatchMode types.String `tfsdk:"table_match_mode"`
	TableName      types.String `tfsdk:"table_name"`
	Columns        []string     `tfsdk:"columns"`
}
