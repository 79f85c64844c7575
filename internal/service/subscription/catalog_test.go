package subscription_test

import (
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// The catalog of invalid subscriptions: bad enums and casing, missing
// nested attributes, conflicts, impossible states, out-of-range numbers and
// the API's cross-field rules are refused by `terraform plan` with an error
// on the attribute at fault, before any request reaches DTS.
func TestCatalogSubscription(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	base := subs{Group: group("orders-app", "orders-reader", "", 1)}.hcl()
	replace := func(old, new string) string {
		if !strings.Contains(base, old) {
			t.Fatalf("test configuration has no %q", old)
		}
		return strings.Replace(base, old, new, 1)
	}
	top := func(attrs string) string {
		return replace(`  name = "orders-subs"`, "  name = \"orders-subs\"\n"+attrs)
	}
	mongo := func(attrs string) string {
		return strings.Replace(top(attrs), `product = "mysql"`, `product = "mongodb"`, 1)
	}
	endpoint := func(attrs string) string {
		return replace(`    user                = "dts_user"`, "    user                = \"dts_user\"\n"+attrs)
	}
	kafka := func(body string) string {
		return replace("number_of_partitions = 4\n    default_rule_type    = \"table\"", body)
	}
	rows := [][4]string{
		{"product", replace(`product = "mysql"`, `product = "oracle"`), `Attribute product value must be one of`, "product"},
		{"pay_mode", top(`  pay_mode = "Monthly"`), `Attribute pay_mode value must be one of`, "pay_mode"},
		{"instance_class", top(`  instance_class = "huge"`), `Attribute instance_class value must be one of`, "instance_class"},
		{"subscribe_version", top(`  subscribe_version = "kafka2"`), `Attribute subscribe_version value must be one of`, "subscribe_version"},
		{"duration with PostPay", top(`  duration = 3`), `duration is for PrePay subscriptions`, "duration"},
		{"duration too long", top("  pay_mode = \"PrePay\"\n  duration = 121"), `duration value must be between 1 and 120`, "duration"},
		{"auto_renew with PostPay", top(`  auto_renew = true`), `auto_renew is for PrePay subscriptions`, "auto_renew"},
		{"name too long", replace(`name = "orders-subs"`, `name = "`+strings.Repeat("訂", 61)+`"`), `name UTF-8 character count must be between 1 and 60, got: 61`, "name"},
		{"state", top(`  state = "paused"`), `Attribute state value must be one of`, "state"},
		{"mode of mongodb", mongo(""), `Invalid subscribe_mode for mongodb`, "subscribe_mode"},
		{"mode of mysql", replace(`subscribe_mode = "dml"`, `subscribe_mode = "collection"`), `Invalid subscribe_mode for mysql`, "subscribe_mode"},
		{"objects required", strings.Replace(base, "  subscribe_objects = [{ object_type = \"database\", database = \"orders\" }]\n", "", 1), `(?s)Missing subscribe_objects.*subscribe_mode = "dml"`, "subscribe_objects"},
		{"table without tables", replace(`object_type = "database"`, `object_type = "table"`), `Missing tables`, "subscribe_objects[0].tables"},
		{"partitions", kafka(`number_of_partitions = 3`), `number_of_partitions value must be one of`, "kafka_config.number_of_partitions"},
		{"no default rule", kafka(`number_of_partitions = 4`), `Missing default_rule_type`, "kafka_config.default_rule_type"},
		{"default rule of mysql", kafka("number_of_partitions = 4\n    default_rule_type = \"collection\""), `Invalid default_rule_type for mysql`, "kafka_config.default_rule_type"},
		{"rules of mariadb", strings.Replace(base, `product = "mysql"`, `product = "mariadb"`, 1),
			`No custom partitioning for mariadb`, "kafka_config.default_rule_type"},
		{"rule type of mysql", kafka("number_of_partitions = 4\n    default_rule_type = \"pk\"\n    distribute_rules = [{ rule_type = \"collection\", db_pattern = \"a\", table_pattern = \"b\" }]"),
			`Invalid rule_type for mysql`, "kafka_config.distribute_rules[0].rule_type"},
		{"cols without columns", kafka("number_of_partitions = 4\n    default_rule_type = \"pk\"\n    distribute_rules = [{ rule_type = \"cols\", db_pattern = \"a\", table_pattern = \"b\" }]"),
			`Missing columns`, "kafka_config.distribute_rules[0].columns"},
		{"bad pattern", kafka("number_of_partitions = 4\n    default_rule_type = \"pk\"\n    distribute_rules = [{ rule_type = \"table\", db_pattern = \"(\", table_pattern = \"b\" }]"),
			`Not a regular expression`, "kafka_config.distribute_rules[0].db_pattern"},
		{"protocol of mariadb", strings.Replace(top(`  protocol = "json"`), `product = "mysql"`, `product = "mariadb"`, 1), `Invalid protocol for mariadb`, "protocol"},
		{"pipeline of mysql", top(`  pipeline_info = [{ agg_op = "$match", agg_cmd = "{}" }]`), `pipeline_info is for mongodb`, "pipeline_info"},
		{"pipeline not JSON", top(`  pipeline_info = [{ agg_op = "$match", agg_cmd = "{x" }]`), `Not JSON`, "pipeline_info[0].agg_cmd"},
		{"consumer subnet", top(`  consumer_vpc_id = "vpc-1"`), `Missing consumer_subnet_id`, "consumer_subnet_id"},
		{"cdb without instance", replace(`    instance_id         = "cdb-my0001"`+"\n", ""), `(?s)Missing instance_id.*access_type "cdb" needs instance id`, "endpoints[0].instance_id"},
		{"extranet without host", replace(`access_type = "cdb"`, `access_type = "extranet"`),
			`(?s)Missing host_name.*Missing port`, "endpoints[0].host_name"},
		{"ccn without net env", replace(`access_type = "cdb"`, `access_type = "ccn"`), `Missing database_net_env`, "endpoints[0].database_net_env"},
		{"encrypt_conn", strings.Replace(endpoint(`    encrypt_conn = "Encrypted"`), `product = "mysql"`, `product = "cynosdbmysql"`, 1), `encrypt_conn is for mysql`, "endpoints[0].encrypt_conn"},
		{"no password", replace("    password_wo         = var.password\n", ""), `Missing password_wo`, "endpoints[0].password_wo"},
		{"tdpg database", strings.Replace(kafka(`number_of_partitions = 1`), `product = "mysql"`, `product = "tdpg"`, 1),
			`(?s)Missing extra_attr.*PgDatabase`, "endpoints[0].extra_attr"},
		{"region of an endpoint", replace(`database_region     = "ap-guangzhou"`, `database_region     = "ap-shanghai"`), `database_region is the subscription's region`, "endpoints[0].database_region"},
		{"mongodb SubscribeType", strings.Replace(mongo("  extra_attr = { SubscribeType = \"oplog\" }"), `subscribe_mode = "dml"`, `subscribe_mode = "all"`, 1),
			`Invalid SubscribeType`, "extra_attr"},
		{"mongodb collection", strings.Replace(mongo(""), `subscribe_mode = "dml"`, `subscribe_mode = "collection"`, 1), `One collection`, "subscribe_objects"},
		{"timeouts", top(`  timeouts = { create = "soon" }`), `Invalid timeout`, "timeouts.create"},
		{"region empty", top(`  region = ""`), `region must name a region such as ap-guangzhou`, "region"},
		{"database empty", replace(`database = "orders"`, `database = ""`), `must not be blank`, "subscribe_objects[0].database"},
		{"instance_id empty", replace(`instance_id         = "cdb-my0001"`, `instance_id         = ""`), `Missing instance_id`, "endpoints[0].instance_id"},
		{"product casing", replace(`product = "mysql"`, `product = "MySQL"`), `Attribute product value must be one of`, "product"},
		{"access_type casing", replace(`access_type = "cdb"`, `access_type = "CDB"`), `DTS values are case-sensitive; write "cdb"`, "access_type"},
	}
	acctest.Catalog{Env: env, Vars: vars(), Min: 20}.Run(t, acctest.Rows(env.ProviderBlock(), rows))
}

// The catalog of invalid consumer groups, each on its own (no
// subscription in the configuration, so nothing else could fail the plan).
func TestCatalogConsumerGroup(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	base := `
variable "password" {
  type      = string
  ephemeral = true
}

variable "group_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "dts_consumer_group" "test" {
  subscribe_id        = "subs-jvxbbos7c0"
  consumer_group_name = "orders-app"
  account_name        = "orders-reader"
  password_wo         = var.group_password
  password_wo_version = 1
}
`
	replace := func(old, new string) string {
		if !strings.Contains(base, old) {
			t.Fatalf("test configuration has no %q", old)
		}
		return strings.Replace(base, old, new, 1)
	}
	top := func(attrs string) string {
		return replace("  password_wo_version = 1\n", "  password_wo_version = 1\n"+attrs+"\n")
	}
	name := func(v string) string { return replace(`"orders-app"`, v) }
	account := func(v string) string { return replace(`"orders-reader"`, v) }
	subscribeID := func(v string) string { return replace(`"subs-jvxbbos7c0"`, v) }
	password := func(v string) string { return replace(`var.group_password`, v) }
	rows := [][4]string{
		{"password too short", password(`"abc"`), `password_wo UTF-8 character count must be between 4 and 32, got: 3`, "password_wo"},
		{"password too long", password(`"` + strings.Repeat("p", 33) + `"`), `password_wo UTF-8 character count must be between 4 and 32, got: 33`, "password_wo"},
		{"password empty", password(`""`), `password_wo UTF-8 character count must be between 4 and 32, got: 0`, "password_wo"},
		{"no password", replace("  password_wo         = var.group_password\n", ""), `The argument "password_wo" is required`, "password_wo"},
		{"no group name", replace("  consumer_group_name = \"orders-app\"\n", ""), `The argument "consumer_group_name" is required`, "consumer_group_name"},
		{"no account name", replace("  account_name        = \"orders-reader\"\n", ""), `The argument "account_name" is required`, "account_name"},
		{"no subscribe_id", replace("  subscribe_id        = \"subs-jvxbbos7c0\"\n", ""), `The argument "subscribe_id" is required`, "subscribe_id"},
		{"group name ends with a dash", name(`"orders-app-"`), `must end with a letter or a digit`, "consumer_group_name"},
		{"group name with a space", name(`"orders app"`), `may contain letters, digits`, "consumer_group_name"},
		{"group name empty", name(`""`), `may contain letters, digits`, "consumer_group_name"},
		{"group name not ASCII", name(`"订单"`), `may contain letters, digits`, "consumer_group_name"},
		{"group name with a slash", name(`"orders/app"`), `may contain letters, digits`, "consumer_group_name"},
		{"account name with a bang", account(`"reader!"`), `may contain letters, digits`, "account_name"},
		{"account name ends with a dot", account(`"reader."`), `must end with a letter or a digit`, "account_name"},
		{"account name empty", account(`""`), `may contain letters, digits`, "account_name"},
		{"subscribe_id of a migration", subscribeID(`"dts-1a2b3c4d"`), `must be a subscription ID`, "subscribe_id"},
		{"subscribe_id in capitals", subscribeID(`"SUBS-JVXBBOS7C0"`), `must be a subscription ID`, "subscribe_id"},
		{"subscribe_id without its number", subscribeID(`"subs-"`), `must be a subscription ID`, "subscribe_id"},
		{"subscribe_id empty", subscribeID(`""`), `must be a subscription ID`, "subscribe_id"},
		{"region empty", top(`  region = ""`), `region must name a region such as ap-guangzhou`, "region"},
		{"region capitalised", top(`  region = "AP-Guangzhou"`), `must name a region`, "region"},
		{"negative timeout", top(`  timeouts = { delete = "-1m" }`), `Invalid timeout`, "timeouts.delete"},
		{"timeout not parsable", top(`  timeouts = { create = "soon" }`), `Invalid timeout`, "timeouts.create"},
		{"zero timeout", top(`  timeouts = { update = "0s" }`), `Invalid timeout`, "timeouts.update"},
	}
	acctest.Catalog{Env: env, Vars: vars(), Min: 20}.Run(t, acctest.Rows(env.ProviderBlock(), rows))
}

// The catalog of invalid data source configurations: each is refused at
// plan time, naming the attribute, before any request.
func TestCatalogDataSources(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	block := func(typ string) func(string) string {
		return func(body string) string { return "data \"" + typ + "\" \"x\" {\n" + body + "\n}\n" }
	}
	list, one, groups, offsets := block("dts_subscriptions"), block("dts_subscription"), block("dts_consumer_groups"), block("dts_subscription_offsets")
	id := "  subscribe_id = \"subs-jvxbbos7c0\"\n"
	acctest.Catalog{Env: env, Min: 5}.RunPerType(t, map[string][][4]string{
		"dts_subscriptions": {
			{"pay_mode", list(`  pay_mode = "prepaid"`), `pay_mode value must be one of`, "pay_mode"},
			{"product casing", list(`  product = "MySQL"`), `product value must be one of`, "product"},
			{"status", list(`  status = ["running"]`), `status\[0\] value must be one of`, "status[0]"},
			{"subs_status", list(`  subs_status = ["bogus"]`), `subs_status\[0\] value must be one of`, "subs_status[0]"},
			{"order_direction", list(`  order_direction = "newest"`), `order_direction value must be one of`, "order_direction"},
			{"region empty", list(`  region = ""`), `must name a region`, "region"},
			{"tag filter without key", list(`  tag_filters = [{ tag_value = ["x"] }]`), `attribute "tag_key" is required`, "tag_filters[0].tag_key"},
		},
		"dts_subscription": {
			{"no subscribe_id", one(""), `The argument "subscribe_id" is required`, "subscribe_id"},
			{"subscribe_id of a migration", one(`  subscribe_id = "dts-a1b2c3d4"`), `must be a subscription ID`, "subscribe_id"},
			{"subscribe_id empty", one(`  subscribe_id = ""`), `must be a subscription ID`, "subscribe_id"},
			{"subscribe_id in capitals", one(`  subscribe_id = "SUBS-JVXBBOS7C0"`), `must be a subscription ID`, "subscribe_id"},
			{"region empty", one(id + `  region = ""`), `must name a region`, "region"},
		},
		"dts_consumer_groups": {
			{"no subscribe_id", groups(""), `The argument "subscribe_id" is required`, "subscribe_id"},
			{"subscribe_id of a sync job", groups(`  subscribe_id = "sync-a1b2c3d4"`), `must be a subscription ID`, "subscribe_id"},
			{"subscribe_id without its number", groups(`  subscribe_id = "subs-"`), `must be a subscription ID`, "subscribe_id"},
			{"region empty", groups(id + `  region = ""`), `must name a region`, "region"},
			{"region misspelled", groups(id + `  region = "guangzhou"`), `must name a region`, "region"},
		},
		"dts_subscription_offsets": {
			{"no subscribe_id", offsets(""), `The argument "subscribe_id" is required`, "subscribe_id"},
			{"subscribe_id", offsets(`  subscribe_id = "subs_jvxbbos7c0"`), `must be a subscription ID`, "subscribe_id"},
			{"time in Beijing format", offsets(id + `  time = "2026-12-01 02:00:00"`), `RFC 3339`, "time"},
			{"time without zone", offsets(id + `  time = "2026-12-01T02:00:00"`), `RFC 3339`, "time"},
			{"region empty", offsets(id + `  region = ""`), `must name a region`, "region"},
		},
	})
}
