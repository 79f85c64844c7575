package subscription

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The dts_subscription model. Attributes are the snake_case of the API's
// members and convert through tfkit's flex; the exceptions are the
// provider-wide table (tfkit.Exceptions: name ↔ Name/SubscribeName, the
// write-only password and its version, pay_mode ↔ PayType 0/1, auto_renew ↔
// AutoRenew/AutoRenewFlag, tags, and ModifySubscribeObjects' dialect:
// subscribe_mode ↔ SubscribeObjectType 0–5, subscribe_objects ↔ Objects of
// ObjectsType 0/1, DatabaseName, TableNames) plus what this file says:
//
//   - kafka_config's distribute_rules and default_rule_type are top-level
//     members of ModifySubscribeObjects: the nested object is expanded into
//     that request as well;
//   - the detail reads KafkaConfig back empty for the products without
//     custom partitioning (mariadb, percona, tdsqlpercona, tdpg): a refresh
//     keeps the configured kafka_config;
//   - status is the lifecycle Status, subs_status the SubsStatus;
//   - duration is not reported (kept as configured);
//   - state, deletion_policy and timeouts are the resource's own.

type subsModel struct {
	ID               types.String          `tfsdk:"id"`
	Name             types.String          `tfsdk:"name"`
	Region           types.String          `tfsdk:"region"`
	Product          types.String          `tfsdk:"product"`
	PayMode          types.String          `tfsdk:"pay_mode"`
	Duration         types.Int64           `tfsdk:"duration"`
	AutoRenew        types.Bool            `tfsdk:"auto_renew"`
	InstanceClass    types.String          `tfsdk:"instance_class"`
	SubscribeVersion types.String          `tfsdk:"subscribe_version"`
	Tags             map[string]string     `tfsdk:"tags"`
	SubscribeMode    types.String          `tfsdk:"subscribe_mode"`
	AccessType       types.String          `tfsdk:"access_type"`
	Endpoints        []endpointModel       `tfsdk:"endpoints"`
	KafkaConfig      *kafkaConfigModel     `tfsdk:"kafka_config"`
	SubscribeObjects []subscribeObject     `tfsdk:"subscribe_objects"`
	Protocol         types.String          `tfsdk:"protocol"`
	PipelineInfo     []pipelineModel       `tfsdk:"pipeline_info"`
	ExtraAttr        map[string]string     `tfsdk:"extra_attr"`
	ConsumerVpcID    types.String          `tfsdk:"consumer_vpc_id"`
	ConsumerSubnetID types.String          `tfsdk:"consumer_subnet_id"`
	State            types.String          `tfsdk:"state"`
	DeletionPolicy   types.String          `tfsdk:"deletion_policy"`
	Status           types.String          `tfsdk:"status"`
	SubsStatus       types.String          `tfsdk:"subs_status"`
	InstanceStatus   types.String          `tfsdk:"instance_status"`
	Topic            types.String          `tfsdk:"topic"`
	Broker           types.String          `tfsdk:"broker"`
	KafkaVersion     types.String          `tfsdk:"kafka_version"`
	Errors           tfkit.List[subsError] `tfsdk:"errors"`
	Timeouts         timeouts.Value        `tfsdk:"timeouts"`
}

// endpointFields are an EndpointItem as the resource and the data sources
// show it; the resource's endpoints add the write-only password.
type endpointFields struct {
	DatabaseRegion    types.String      `tfsdk:"database_region"`
	User              types.String      `tfsdk:"user"`
	InstanceID        types.String      `tfsdk:"instance_id"`
	CvmInstanceID     types.String      `tfsdk:"cvm_instance_id"`
	UniqDcgID         types.String      `tfsdk:"uniq_dcg_id"`
	CcnID             types.String      `tfsdk:"ccn_id"`
	UniqVpnGwID       types.String      `tfsdk:"uniq_vpn_gw_id"`
	VpcID             types.String      `tfsdk:"vpc_id"`
	SubnetID          types.String      `tfsdk:"subnet_id"`
	HostName          types.String      `tfsdk:"host_name"`
	Port              types.Int64       `tfsdk:"port"`
	EncryptConn       types.String      `tfsdk:"encrypt_conn"`
	DatabaseNetEnv    types.String      `tfsdk:"database_net_env"`
	CcnOwnerUin       types.String      `tfsdk:"ccn_owner_uin"`
	ExtraAttr         map[string]string `tfsdk:"extra_attr"`
	ChildInstanceID   types.String      `tfsdk:"child_instance_id"`
	ChildInstanceType types.String      `tfsdk:"child_instance_type"`
}

// endpointModel is an EndpointItem of the resource, with its secret.
type endpointModel struct {
	endpointFields
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

type kafkaConfigModel struct {
	NumberOfPartitions types.Int64      `tfsdk:"number_of_partitions"`
	DistributeRules    []distributeRule `tfsdk:"distribute_rules"`
	DefaultRuleType    types.String     `tfsdk:"default_rule_type"`
}

type distributeRule struct {
	RuleType     types.String `tfsdk:"rule_type"`
	DbPattern    types.String `tfsdk:"db_pattern"`
	TablePattern types.String `tfsdk:"table_pattern"`
	Columns      []string     `tfsdk:"columns"`
}

type subscribeObject struct {
	ObjectType types.String `tfsdk:"object_type"`
	Database   types.String `tfsdk:"database"`
	Tables     []string     `tfsdk:"tables"`
}

type pipelineModel struct {
	AggOp  types.String `tfsdk:"agg_op"`
	AggCmd types.String `tfsdk:"agg_cmd"`
}

// subsError is a SubsErr.
type subsError struct {
	Message  types.String `tfsdk:"message"`
	Reason   types.String `tfsdk:"reason"`
	Solution types.String `tfsdk:"solution"`
}

// --- dts_consumer_group ---

// The dts_consumer_group model. The request members pair by name
// (CreateConsumerGroup: subscribe_id, consumer_group_name, account_name,
// password_wo ↔ Password, description); GroupInfo is read by hand, because
// it reports the full names under the short names' members: id is its
// ConsumerGroupName (consumer-grp-<subscribe_id>-<name>), account its
// Account (account-<subscribe_id>-<name>).
type groupModel struct {
	ID                 types.String   `tfsdk:"id"`
	SubscribeID        types.String   `tfsdk:"subscribe_id"`
	Region             types.String   `tfsdk:"region"`
	ConsumerGroupName  types.String   `tfsdk:"consumer_group_name"`
	AccountName        types.String   `tfsdk:"account_name"`
	PasswordWO         types.String   `tfsdk:"password_wo"`
	PasswordWOVersion  types.Int64    `tfsdk:"password_wo_version"`
	Description        types.String   `tfsdk:"description"`
	DeletionPolicy     types.String   `tfsdk:"deletion_policy"`
	Account            types.String   `tfsdk:"account"`
	ConsumerGroupState types.String   `tfsdk:"consumer_group_state"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}
