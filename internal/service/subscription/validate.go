package subscription

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The cross-field rules of a configuration, from the definition's member
// descriptions (ConfigureSubscribeJob, CreateSubscribe): at plan time
// (ValidateConfig) and once more in Create, when every value is known,
// before anything is bought. The emulator enforces the same rules.

func (r *subsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m subsModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		return // values known only after apply: validated again once known, and in Create
	}
	resp.Diagnostics.Append(validate(&m)...)
}

// Products by what they support.
var (
	// "mariadb，percona，tdsqlmysql，tdpg不支持自定义分区" (tdsqlmysql is the
	// product tdsqlpercona).
	noCustomPartitioning = []string{"mariadb", "percona", "tdsqlpercona", "tdpg"}
	// "当 DatabaseType 为 mysql和cynosdbmysql 时有三种可选协议".
	threeProtocols = []string{"mysql", "cynosdbmysql"}
)

// product is what the rules need to know of a product.
type product struct {
	name                           string
	modes, ruleTypes, defaultRules []string
	protocols                      []string
}

func productOf(name string) product {
	p := product{name: name, modes: []string{"all", "dml", "ddl", "dmlAndDdl"}, ruleTypes: []string{"table", "pk", "cols"},
		defaultRules: []string{"table", "pk"}, protocols: []string{"protobuf"}}
	switch {
	case name == "mongodb":
		p.modes, p.ruleTypes, p.defaultRules, p.protocols = []string{"all", "database", "collection"},
			[]string{"collection", "collectionAndObjectId"}, []string{"collection"}, []string{"json"}
	case slices.Contains(threeProtocols, name):
		p.protocols = []string{"protobuf", "avro", "json"}
	}
	if slices.Contains(noCustomPartitioning, name) {
		p.ruleTypes, p.defaultRules = nil, nil
	}
	return p
}

func (p product) mongo() bool { return p.name == "mongodb" }

// known reports a configured value that is known; "" when null or unknown.
func known(v interface {
	IsNull() bool
	IsUnknown() bool
	ValueString() string
}) string {
	if v.IsNull() || v.IsUnknown() {
		return ""
	}
	return v.ValueString()
}

func validate(m *subsModel) diag.Diagnostics {
	var diags diag.Diagnostics
	p := productOf(known(m.Product))
	validatePurchase(&diags, m)
	if mode := known(m.SubscribeMode); mode != "" && p.name != "" && !slices.Contains(p.modes, mode) {
		diags.AddAttributeError(path.Root("subscribe_mode"), "Invalid subscribe_mode for "+p.name,
			fmt.Sprintf("A %s subscription's mode is one of %s, got %q.", p.name, strings.Join(p.modes, ", "), mode))
	}
	validateObjects(&diags, m, p)
	if m.KafkaConfig != nil && p.name != "" {
		validatePartitioning(&diags, m.KafkaConfig, p)
	}
	if proto := known(m.Protocol); proto != "" && p.name != "" && !slices.Contains(p.protocols, proto) {
		diags.AddAttributeError(path.Root("protocol"), "Invalid protocol for "+p.name,
			fmt.Sprintf("%s subscriptions use %s, got %q.", p.name, strings.Join(p.protocols, ", "), proto))
	}
	if len(m.PipelineInfo) > 0 && p.name != "" && !p.mongo() {
		diags.AddAttributeError(path.Root("pipeline_info"), "pipeline_info is for mongodb",
			"Only a mongodb subscription has an output pipeline (PipelineInfo: \"mongo选填参数\").")
	}
	validatePipeline(&diags, m)
	if v, ok := m.ExtraAttr["SubscribeType"]; ok && p.mongo() && v != "changeStream" {
		diags.AddAttributeError(path.Root("extra_attr"), "Invalid SubscribeType",
			fmt.Sprintf("A mongodb subscription supports only SubscribeType = \"changeStream\", got %q.", v))
	}
	// Blank is missing for DTS.
	if vpc, subnet := m.ConsumerVpcID.IsNull() || isBlank(m.ConsumerVpcID), m.ConsumerSubnetID.IsNull() || isBlank(m.ConsumerSubnetID); vpc != subnet {
		missing := map[bool]string{true: "consumer_vpc_id", false: "consumer_subnet_id"}[vpc]
		tfkit.Missing(&diags, path.Root(missing), "consumer_vpc_id and consumer_subnet_id go together: the consumers' VPC and its subnet.")
	}
	for i := range m.Endpoints {
		validateEndpoint(&diags, path.Root("endpoints").AtListIndex(i), &m.Endpoints[i], known(m.AccessType), p)
	}
	return diags
}

// newerAggOps need MongoDB 4.2 or later ("只有当订阅实例是4.2及以上版本可选").
var newerAggOps = []string{"$replaceWith", "$set", "$unset"}

// validatePipeline: a stage newer than the MongoDB an endpoint's
// EngineVersion names.
func validatePipeline(diags *diag.Diagnostics, m *subsModel) {
	var major, minor int
	for _, e := range m.Endpoints {
		if v := e.ExtraAttr["EngineVersion"]; v != "" {
			if n, _ := fmt.Sscanf(v, "%d.%d", &major, &minor); n == 0 {
				return // unreadable: DTS judges
			}
			break
		}
	}
	if major == 0 || major > 4 || (major == 4 && minor >= 2) {
		return
	}
	for i, p := range m.PipelineInfo {
		if op := known(p.AggOp); slices.Contains(newerAggOps, op) {
			diags.AddAttributeError(path.Root("pipeline_info").AtListIndex(i).AtName("agg_op"), "Stage needs MongoDB 4.2",
				fmt.Sprintf("%s needs MongoDB 4.2 or later; the endpoint's EngineVersion is %d.%d.", op, major, minor))
		}
	}
}

// validatePurchase: the purchase parameters of a prepaid subscription.
func validatePurchase(diags *diag.Diagnostics, m *subsModel) {
	if m.PayMode.IsUnknown() || known(m.PayMode) == "PrePay" { // unset: PostPay
		return
	}
	if !m.Duration.IsNull() && !m.Duration.IsUnknown() {
		diags.AddAttributeError(path.Root("duration"), "duration is for PrePay subscriptions",
			"A pay-as-you-go (PostPay) subscription is not bought for a number of months: remove duration, or set pay_mode = \"PrePay\".")
	}
	if !m.AutoRenew.IsUnknown() && m.AutoRenew.ValueBool() {
		diags.AddAttributeError(path.Root("auto_renew"), "auto_renew is for PrePay subscriptions",
			"DTS renews prepaid subscriptions only; for a PostPay one the flag has no effect (\"按量计费设置该标识无效\") and would read back false.")
	}
}

// validateObjects: objects are required unless the mode is all or ddl; a
// table object lists its tables; a mongodb subscription of one database or
// one collection names exactly that.
func validateObjects(diags *diag.Diagnostics, m *subsModel, p product) {
	mode, at := known(m.SubscribeMode), path.Root("subscribe_objects")
	if mode != "" && mode != "all" && mode != "ddl" && m.SubscribeObjects == nil {
		tfkit.Missing(diags, at, fmt.Sprintf("subscribe_mode = %q subscribes to the objects you list: set subscribe_objects.", mode))
	}
	for i, o := range m.SubscribeObjects {
		if known(o.ObjectType) == "table" && len(o.Tables) == 0 {
			tfkit.Missing(diags, at.AtListIndex(i).AtName("tables"), "object_type = \"table\" subscribes to the tables you list: set tables.")
		}
	}
	one := len(m.SubscribeObjects) == 1
	switch {
	case !p.mongo():
	case mode == "database" && (!one || known(m.SubscribeObjects[0].ObjectType) == "table"):
		diags.AddAttributeError(at, "One database", "A mongodb subscription of one database (subscribe_mode = \"database\") lists exactly one object of object_type \"database\".")
	case mode == "collection" && (!one || known(m.SubscribeObjects[0].ObjectType) == "database" || len(m.SubscribeObjects[0].Tables) != 1):
		diags.AddAttributeError(at, "One collection", "A mongodb subscription of one collection (subscribe_mode = \"collection\") lists exactly one object of object_type \"table\" with one collection in tables.")
	}
}

// validatePartitioning: custom partitioning where the product has it, a
// default rule with more than one partition, rule types of the product,
// columns for cols, patterns that compile.
func validatePartitioning(diags *diag.Diagnostics, k *kafkaConfigModel, p product) {
	at := path.Root("kafka_config")
	def := known(k.DefaultRuleType)
	if p.defaultRules == nil {
		for attr, set := range map[string]bool{"distribute_rules": len(k.DistributeRules) > 0, "default_rule_type": def != ""} {
			if set {
				diags.AddAttributeError(at.AtName(attr), "No custom partitioning for "+p.name,
					fmt.Sprintf("%s subscriptions do not support custom partitioning (\"不支持自定义分区\"): set only number_of_partitions.", p.name))
			}
		}
		return
	}
	if def == "" && k.DefaultRuleType.IsNull() && (k.NumberOfPartitions.ValueInt64() > 1 || len(k.DistributeRules) > 0) {
		tfkit.Missing(diags, at.AtName("default_rule_type"), "More than one partition, or distribute_rules, need default_rule_type: how what no rule matches is partitioned.")
	}
	if def != "" && !slices.Contains(p.defaultRules, def) {
		diags.AddAttributeError(at.AtName("default_rule_type"), "Invalid default_rule_type for "+p.name,
			fmt.Sprintf("%s allows %s, got %q.", p.name, strings.Join(p.defaultRules, ", "), def))
	}
	for i, r := range k.DistributeRules {
		rp := at.AtName("distribute_rules").AtListIndex(i)
		if t := known(r.RuleType); t != "" && !slices.Contains(p.ruleTypes, t) {
			diags.AddAttributeError(rp.AtName("rule_type"), "Invalid rule_type for "+p.name,
				fmt.Sprintf("%s allows %s, got %q.", p.name, strings.Join(p.ruleTypes, ", "), t))
		}
		if known(r.RuleType) == "cols" && len(r.Columns) == 0 {
			tfkit.Missing(diags, rp.AtName("columns"), "rule_type = \"cols\" partitions by the columns you list: set columns.")
		}
		for attr, v := range map[string]string{"db_pattern": known(r.DbPattern), "table_pattern": known(r.TablePattern)} {
			if _, err := regexp.Compile(v); err != nil {
				diags.AddAttributeError(rp.AtName(attr), "Not a regular expression", fmt.Sprintf("%q: %v.", v, err))
			}
		}
	}
}

// accessNeeds are the endpoint attributes each access type needs
// (EndpointItem: "如果 AccessType 为 … 此项必填").
var accessNeeds = map[string][]string{
	"cdb":      {"instance_id"},
	"cvm":      {"cvm_instance_id", "port"},
	"dcg":      {"uniq_dcg_id", "vpc_id", "subnet_id", "host_name", "port"},
	"ccn":      {"ccn_id", "vpc_id", "subnet_id", "host_name", "port", "database_net_env"},
	"vpncloud": {"uniq_vpn_gw_id", "vpc_id", "subnet_id", "host_name", "port"},
	"vpc":      {"vpc_id", "subnet_id", "host_name", "port"},
	"extranet": {"host_name", "port"},
	"intranet": {"host_name", "port"},
}

func validateEndpoint(diags *diag.Diagnostics, at path.Path, e *endpointModel, access string, p product) {
	for _, attr := range accessNeeds[access] {
		if !tfkit.IsSet(e, attr) || blank(e, attr) {
			tfkit.Missing(diags, at.AtName(attr), fmt.Sprintf("access_type %q needs %s.", access, strings.ReplaceAll(attr, "_", " ")))
		}
	}
	if e.PasswordWO.IsNull() {
		tfkit.Missing(diags, at.AtName("password_wo"), "DTS needs the password of user "+e.User.ValueString()+" to read the changes (EndpointItem.Password is required).")
	}
	if enc := known(e.EncryptConn); enc != "" && p.name != "" && p.name != "mysql" {
		diags.AddAttributeError(at.AtName("encrypt_conn"), "encrypt_conn is for mysql",
			fmt.Sprintf("Only mysql supports an encrypted connection (\"只有mysql支持\"); leave it unset for %s.", p.name))
	}
	if db := e.ExtraAttr["PgDatabase"]; p.name == "tdpg" && strings.TrimSpace(db) == "" {
		tfkit.Missing(diags, at.AtName("extra_attr"), "A tdpg endpoint names the database it subscribes to: extra_attr = { PgDatabase = \"…\" }.")
	}
	if v, ok := e.ExtraAttr["InstanceType"]; ok && p.mongo() && v != "replicaset" && v != "cluster" {
		diags.AddAttributeError(at.AtName("extra_attr"), "Invalid InstanceType", fmt.Sprintf("A mongodb InstanceType is \"replicaset\" or \"cluster\", got %q.", v))
	}
}

// blank reports a known text attribute of e that is empty or white space:
// DTS reads it as missing.
func blank(e *endpointModel, attr string) bool {
	a, ok := tfkit.Attribute(e, attr)
	s, isString := a.(types.String)
	return ok && isString && isBlank(s)
}

// isBlank reports a known text that is empty or white space.
func isBlank(s types.String) bool {
	return !s.IsNull() && !s.IsUnknown() && strings.TrimSpace(s.ValueString()) == ""
}

// regionRule: an endpoint's database_region is the subscription's, unless
// its access is ccn ("其他接入方式，请填订阅任务所在地域"). Checked in
// ModifyPlan, where the subscription's region (the provider's by default)
// is known.
func regionRule(m *subsModel, region string) diag.Diagnostics {
	var diags diag.Diagnostics
	if region == "" || known(m.AccessType) == "ccn" || m.AccessType.IsUnknown() {
		return diags
	}
	for i, e := range m.Endpoints {
		if r := known(e.DatabaseRegion); r != "" && r != region {
			diags.AddAttributeError(path.Root("endpoints").AtListIndex(i).AtName("database_region"), "database_region is the subscription's region",
				fmt.Sprintf("Only a ccn endpoint names the region of its VPC; with access_type %q database_region is the subscription's region, %s, got %s.",
					known(m.AccessType), region, r))
		}
	}
	return diags
}

// consumerNamePattern is the format of consumer group and account names:
// "以数字、字母(大小写)或者_ - .开头，以数字、字母(大小写)结尾".
var consumerNamePattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]*[a-zA-Z0-9]$`)

// shortName rejects the full name DTS makes of a short one
// (<prefix>subs-…-<name>), as DescribeConsumerGroups and the console show
// it: DTS would prefix it again.
type shortName struct{ prefix string }

func (v shortName) Description(context.Context) string {
	return "must be the short name, not the full " + v.prefix + "<subscription ID>-<name>"
}

func (v shortName) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v shortName) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	rest, full := strings.CutPrefix(req.ConfigValue.ValueString(), v.prefix+"subs-")
	if req.ConfigValue.IsUnknown() || !full {
		return
	}
	_, short, _ := strings.Cut(rest, "-")
	resp.Diagnostics.AddAttributeError(req.Path, "Full name given", fmt.Sprintf("%q is the full name DTS makes of the short name %q, and "+
		"DTS would prefix it again: %s.", req.ConfigValue.ValueString(), short, v.Description(ctx)))
}

// jsonString validates a JSON text (an aggregation expression).
type jsonString struct{}

func (jsonString) Description(context.Context) string { return "must be a JSON text" }

func (v jsonString) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v jsonString) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || json.Valid([]byte(req.ConfigValue.ValueString())) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Not JSON", fmt.Sprintf("%q %s, e.g. {\"fullDocument\": 1}.", req.ConfigValue.ValueString(), v.Description(ctx)))
}
