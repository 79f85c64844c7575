package subscription

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Default timeouts of dts_subscription and dts_consumer_group.
const (
	createTimeout      = 30 * time.Minute
	updateTimeout      = 30 * time.Minute
	deleteTimeout      = 20 * time.Minute
	groupCreateTimeout = 30 * time.Minute
	groupTimeout       = 10 * time.Minute
)

// Limits of the definition.
const (
	maxNameLen     = 60  // ModifySubscribeName: 1–60
	maxDuration    = 120 // CreateSubscribe.Duration: months
	minPasswordLen = 4   // CreateConsumerGroup: more than 3 characters
	maxPasswordLen = 32  // ModifyConsumerGroupPassword: at most 32
)

const woAfterStart = "Before the start the new value is configured and checked again; after it, the subscription is reset " +
	"(`ResetSubscribe`), configured, checked and started again on the same ID — consumers see it restart."

func replaced(a schema.StringAttribute) schema.StringAttribute {
	a.PlanModifiers = append(a.PlanModifiers, stringplanmodifier.RequiresReplace())
	return a
}

func names(desc string) schema.ListAttribute {
	return schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: desc,
		Validators: []validator.List{listvalidator.NoNullValues(), listvalidator.ValueStringsAre(tfkit.NotBlank())}}
}

// required is a required text the API reads blank as missing.
func required(desc string) schema.StringAttribute {
	return schema.StringAttribute{Required: true, MarkdownDescription: desc, Validators: []validator.String{tfkit.NotBlank()}}
}

func endpointAttributes() map[string]schema.Attribute {
	opt := tfkit.Opt
	return map[string]schema.Attribute{
		"database_region":     required("Region of the database: the subscription's, except with `ccn` access (the region of the database's VPC)."),
		"user":                required("Database user. Set `password_wo` with it: Terraform drops an unknown `password` silently."),
		"password_wo":         tfkit.WriteOnly("Password (write-only: never stored in the state or shown in a plan)."),
		"password_wo_version": tfkit.WOVersion("password_wo", woAfterStart),
		"instance_id":         opt("Cloud database instance ID (e.g. `cdb-…`); required for `cdb` access. DTS checks that it exists."),
		"cvm_instance_id":     opt("CVM instance ID (`ins-…`); required for `cvm` access."),
		"uniq_dcg_id":         opt("Direct Connect gateway ID; required for `dcg` access."),
		"ccn_id":              opt("CCN instance ID; required for `ccn` access."),
		"uniq_vpn_gw_id":      opt("VPN gateway ID; required for `vpncloud` access."),
		"vpc_id":              opt("VPC ID; required for `dcg`, `ccn`, `vpncloud` and `vpc` access."),
		"subnet_id":           opt("Subnet ID; required with `vpc_id`."),
		"host_name":           opt("Host name or IP address; required for `dcg`, `ccn`, `vpncloud`, `vpc`, `extranet` and `intranet` access."),
		"port": schema.Int64Attribute{Optional: true, Validators: []validator.Int64{int64validator.Between(1, 65535)},
			MarkdownDescription: "Port; required with `host_name`, and for `cvm` access."},
		"encrypt_conn":        tfkit.APIDefaulted(tfkit.Enum("EndpointItem.EncryptConn", "Encrypted connection, `mysql` only:", true)),
		"database_net_env":    tfkit.Enum("EndpointItem.DatabaseNetEnv", "Network of the database, required for `ccn` access:", true),
		"ccn_owner_uin":       opt("Account that owns the CCN instance, across accounts."),
		"extra_attr":          schema.MapAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "More parameters of the endpoint (`ExtraAttr`): `tdpg` needs `PgDatabase`; mongodb takes `InstanceType` (`replicaset`, `cluster`), `EngineVersion`, `AuthDatabase`, `AuthMechanism`."},
		"child_instance_id":   opt("ID of a TDSQL-C child instance of the cluster."),
		"child_instance_type": tfkit.Enum("EndpointItem.ChildInstanceType", "Type of that child instance:", true),
	}
}

func kafkaConfigAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Required: true,
		MarkdownDescription: "The topic's partitions and how changes are spread over them (`KafkaConfig`). `mariadb`, `percona`, `tdsqlpercona` " +
			"and `tdpg` do not support custom partitioning: only `number_of_partitions`. On a running subscription the rules change in place " +
			"(`ModifySubscribeObjects`); the number of partitions, or removing the rules, resets it.",
		Attributes: map[string]schema.Attribute{
			"number_of_partitions": schema.Int64Attribute{Required: true, MarkdownDescription: "Partitions of the topic: 1, 4 or 8.",
				Validators: []validator.Int64{int64validator.OneOf(1, 4, 8)}},
			"distribute_rules": schema.ListNestedAttribute{Optional: true,
				MarkdownDescription: "Rules that place the changes of matching tables (`DistributeRule`); others follow `default_rule_type`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"rule_type":     tfkit.Enum("DistributeRule.RuleType", "Partition by (mongodb `collection`, `collectionAndObjectId`):", false),
					"db_pattern":    required("Regular expression of the databases."),
					"table_pattern": required("Regular expression of the tables."),
					"columns":       names("Columns, with `rule_type = \"cols\"`."),
				}}},
			"default_rule_type": tfkit.Enum("SubscribeKafkaConfig.DefaultRuleType",
				"Partitioning of what no rule matches, required with more than one partition or with rules (mongodb `collection`):", true),
		},
	}
}

func subscribeObjectsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "What to subscribe to (`SubscribeObject`), required unless `subscribe_mode` is `all` or `ddl`; a mongodb " +
			"subscription of one `database` or one `collection` names exactly that. On a running subscription a change is made in place " +
			"(`ModifySubscribeObjects`).",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"object_type": tfkit.Enum("SubscribeObject.ObjectType", "A whole database, or tables of it (mongodb: a collection):", false),
			"database":    required("Database."),
			"tables":      names("Tables (mongodb: the collection), with `object_type = \"table\"`."),
		}},
	}
}

func pipelineAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "mongodb only: the aggregation pipeline applied to the change stream (`PipelineInfo`). Changes in place on a " +
			"running subscription; removing it resets the subscription.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"agg_op": tfkit.Enum("PipelineInfo.AggOp", "Operator (`$replaceWith`, `$set`, `$unset` need MongoDB 4.2):", false),
			"agg_cmd": schema.StringAttribute{Required: true, MarkdownDescription: "Expression, in JSON.",
				Validators: []validator.String{jsonString{}}},
		}},
	}
}

func errorsAttribute(ctx context.Context) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		CustomType:          tfkit.NewListType[subsError](ctx),
		MarkdownDescription: "Errors of a subscription in `error` (`Errors`): why, and what to do.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"message":  schema.StringAttribute{Computed: true, MarkdownDescription: "Message."},
			"reason":   schema.StringAttribute{Computed: true, MarkdownDescription: "Cause."},
			"solution": schema.StringAttribute{Computed: true, MarkdownDescription: "How to solve it."},
		}},
	}
}

func resourceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: resourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": tfkit.ID("Subscription ID (`subs-…`)."),
			"name": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.UTF8LengthBetween(1, maxNameLen), tfkit.NotBlank()},
				MarkdownDescription: "Subscription name, 1–60 characters; changes in place (`ModifySubscribeName`)."},
			"region": replaced(schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{tfkit.Region()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Region of the subscription, the provider's by default: DTS buys a subscription in the region the request " +
					"is sent to, and every call for it goes there. A change replaces the subscription."}),
			"product": replaced(tfkit.Enum("CreateSubscribeRequest.Product", "Database subscribed to (a purchase parameter):", false)),
			"pay_mode": replaced(schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("PostPay"),
				MarkdownDescription: "`PostPay` (default, pay as you go) or `PrePay` (monthly), the API's `PayType` 1 and 0. A purchase parameter.",
				Validators:          []validator.String{stringvalidator.OneOf("PrePay", "PostPay")}}),
			"duration": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "Months bought, 1–120, with `PrePay` (DTS's default 1). A purchase parameter; DTS does not report it.",
				Validators:          []validator.Int64{int64validator.Between(1, maxDuration)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(whenKnownBefore,
					"A change replaces the subscription (but not after an import: DTS does not report it).",
					"A change replaces the subscription (but not after an import: DTS does not report it).")}},
			"auto_renew": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Renew a `PrePay` subscription automatically; changes in place (`ModifySubscribeAutoRenewFlag`)."},
			"instance_class": replaced(tfkit.APIDefaulted(tfkit.Enum("CreateSubscribeRequest.InstanceClass",
				"Specification (a purchase parameter; DTS's default is `small`):", true))),
			"subscribe_version": replaced(tfkit.APIDefaulted(tfkit.Enum("CreateSubscribeRequest.SubscribeVersion",
				"Edition (a purchase parameter; DTS's default is `kafkaPro`):", true))),
			"tags": schema.MapAttribute{Optional: true, ElementType: types.StringType, Validators: []validator.Map{jobkit.TagsValidator()},
				MarkdownDescription: "Tags, set at purchase. No subscription action changes tags: a change afterwards is a plan-time error."},
			"subscribe_mode": tfkit.Enum("ConfigureSubscribeJobRequest.SubscribeMode",
				"What to subscribe to: `all`, `dml`, `ddl` or `dmlAndDdl`; mongodb `all`, `database` or `collection`. Changes in place on a running subscription. One of", false),
			"access_type": tfkit.Enum("ConfigureSubscribeJobRequest.AccessType", "How DTS reaches the database, e.g.", false),
			"endpoints": schema.ListNestedAttribute{Required: true, Validators: []validator.List{listvalidator.SizeAtLeast(1)},
				MarkdownDescription: "The database's nodes (`EndpointItem`). The password is write-only.",
				NestedObject:        schema.NestedAttributeObject{Attributes: endpointAttributes()}},
			"kafka_config":      kafkaConfigAttribute(),
			"subscribe_objects": subscribeObjectsAttribute(),
			"protocol": tfkit.APIDefaulted(tfkit.Enum("ConfigureSubscribeJobRequest.Protocol",
				"Message format: `mysql` and `cynosdbmysql` choose `protobuf` (their default), `avro` or `json`; mongodb uses `json`, the others `protobuf`. One of", true)),
			"pipeline_info": pipelineAttribute(),
			"extra_attr": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "More parameters (`ExtraAttr`): mysql `ProcessXA`; mongodb `SubscribeType` (`changeStream` only)."},
			"consumer_vpc_id":    tfkit.Opt("VPC the consumers reach the topic from; with `consumer_subnet_id`."),
			"consumer_subnet_id": tfkit.Opt("Subnet of `consumer_vpc_id`."),
			"state": tfkit.Stage(stageRunning, desiredStages, "Desired stage: `checked` (configured and checked, not started) or `running` "+
				"(default). After a refresh it shows the observed stage when the subscription left the desired one, and apply takes it back (see above)."),
			"deletion_policy": deletionPolicy("`delete` (default): destroy isolates and destroys the subscription. `abandon`: destroy forgets a " +
				"started or a prepaid subscription and leaves it in DTS (a postpaid one that never started is deleted, so nothing billed is " +
				"forgotten); give its `dts_consumer_group`s `abandon` too, or the destroy deletes them first. A replacement abandons the old " +
				"subscription too."),
			"status":          tfkit.Observed("Lifecycle and billing status (`Status`): " + dtsapi.MustEnum("DescribeSubscribeDetailResponse.Status").Describe() + "."),
			"subs_status":     tfkit.Observed("Status of the subscription (`SubsStatus`): " + dtsapi.MustEnum("DescribeSubscribeDetailResponse.SubsStatus").Describe() + "."),
			"instance_status": tfkit.Observed("Status of the subscribed cloud database instance (`cdb` access only): `running`, `isolated` or `offline`."),
			"topic":           tfkit.Observed("Kafka topic the changes are written to, once started."),
			"broker":          tfkit.Observed("Kafka broker address the consumers connect to, once started."),
			"kafka_version":   tfkit.Observed("Kafka version of the broker."),
			"errors":          errorsAttribute(ctx),
			"timeouts": tfkit.Timeouts(ctx, "Default 30m. Before the start a timeout fails the apply; once the start is accepted it only warns.",
				"Default 30m.", "Default 20m."),
		},
	}
}

// whenKnownBefore replaces the subscription when the state held a value:
// after an import it holds none (DTS does not report it), and the plan
// records the configured one.
func whenKnownBefore(_ context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}

// deletionPolicy is the deletion_policy attribute, described for the
// resource.
func deletionPolicy(desc string) schema.StringAttribute {
	a := tfkit.DeletionPolicy("")
	a.MarkdownDescription = desc
	return a
}

// consumerName is the format DTS gives consumer group and account names;
// prefix starts the full names DTS makes of them.
func consumerName(what, prefix string) schema.StringAttribute {
	return replaced(schema.StringAttribute{Required: true,
		MarkdownDescription: what + ": letters, digits, `_`, `-` and `.`, ending with a letter or a digit. A change replaces the group.",
		Validators: []validator.String{stringvalidator.RegexMatches(consumerNamePattern, "may contain letters, digits, _, - and ., and must end with a letter or a digit"),
			shortName{prefix}}})
}

func groupSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: groupDescription,
		Attributes: map[string]schema.Attribute{
			"id": tfkit.ID("Full name of the group as DTS reports it: `consumer-grp-<subscribe_id>-<consumer_group_name>`."),
			"subscribe_id": replaced(schema.StringAttribute{Required: true,
				MarkdownDescription: "Subscription (`subs-…`) whose topic the group consumes. A change replaces the group.",
				Validators:          []validator.String{stringvalidator.RegexMatches(subscribeIDPattern, "must be a subscription ID (subs-…)")}}),
			"region": replaced(schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{tfkit.Region()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Region of the subscription, the provider's by default. A change replaces the group."}),
			"consumer_group_name": consumerName("Short name of the group (DTS prefixes `consumer-grp-<subscribe_id>-`)", groupPrefix),
			"account_name":        consumerName("Short name of the group's account (DTS prefixes `account-<subscribe_id>-`)", accountPrefix),
			"password_wo": schema.StringAttribute{Required: true, WriteOnly: true, Sensitive: true,
				MarkdownDescription: "Password of the account, 4–32 characters (write-only: never stored in the state or shown in a plan).",
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(minPasswordLen, maxPasswordLen)}},
			"password_wo_version": tfkit.WOVersion("password_wo", "It changes in place (`ModifyConsumerGroupPassword`)."),
			"description": schema.StringAttribute{Optional: true, Validators: []validator.String{tfkit.NotBlank()},
				MarkdownDescription: "Description, not blank; changes in place (`ModifyConsumerGroupDescription`). DTS cannot clear it: removing it is a plan-time error."},
			"deletion_policy": deletionPolicy("`delete` (default): destroy deletes the group (`DeleteConsumerGroup`). `abandon`: destroy " +
				"forgets it and leaves it to its subscription — with a subscription that is abandoned too, its consumers keep their group."),
			"account":              tfkit.Observed("Full name of the account as DTS reports it: `account-<subscribe_id>-<account_name>`."),
			"consumer_group_state": tfkit.Observed("Kafka state of the group at the last refresh: " + dtsapi.MustEnum("GroupInfo.ConsumerGroupState").Describe() + "."),
			"timeouts": tfkit.Timeouts(ctx, "Default 30m: a group is created once its subscription runs, which create waits for.",
				"Default 10m.", "Default 10m."),
		},
	}
}
