package subscription_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// Bad enums and every cross-field rule are rejected at plan time, before any
// API call.
func TestPlanTimeValidation(t *testing.T) {
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
	subscription := map[string]struct{ hcl, want string }{
		"product":                 {replace(`product = "mysql"`, `product = "oracle"`), `Attribute product value must be one of`},
		"pay_mode":                {top(`  pay_mode = "Monthly"`), `Attribute pay_mode value must be one of`},
		"instance_class":          {top(`  instance_class = "huge"`), `Attribute instance_class value must be one of`},
		"subscribe_version":       {top(`  subscribe_version = "kafka2"`), `Attribute subscribe_version value must be one of`},
		"duration with PostPay":   {top(`  duration = 3`), `duration is for PrePay subscriptions`},
		"duration too long":       {top("  pay_mode = \"PrePay\"\n  duration = 121"), `duration value must be between 1 and 120`},
		"auto_renew with PostPay": {top(`  auto_renew = true`), `auto_renew is for PrePay subscriptions`},
		"name too long":           {replace(`name = "orders-subs"`, `name = "`+strings.Repeat("訂", 61)+`"`), `name UTF-8 character count must be between 1 and 60, got: 61`},
		"state":                   {top(`  state = "paused"`), `Attribute state value must be one of`},
		"mode of mongodb":         {mongo(""), `Invalid subscribe_mode for mongodb`},
		"mode of mysql":           {replace(`subscribe_mode = "dml"`, `subscribe_mode = "collection"`), `Invalid subscribe_mode for mysql`},
		"objects required":        {strings.Replace(base, "  subscribe_objects = [{ object_type = \"database\", database = \"orders\" }]\n", "", 1), `(?s)Missing subscribe_objects.*subscribe_mode = "dml"`},
		"table without tables":    {replace(`object_type = "database"`, `object_type = "table"`), `Missing tables`},
		"partitions":              {kafka(`number_of_partitions = 3`), `number_of_partitions value must be one of`},
		"no default rule":         {kafka(`number_of_partitions = 4`), `Missing default_rule_type`},
		"default rule of mysql":   {kafka("number_of_partitions = 4\n    default_rule_type = \"collection\""), `Invalid default_rule_type for mysql`},
		"rules of mariadb": {strings.Replace(base, `product = "mysql"`, `product = "mariadb"`, 1),
			`No custom partitioning for mariadb`},
		"rule type of mysql": {kafka("number_of_partitions = 4\n    default_rule_type = \"pk\"\n    distribute_rules = [{ rule_type = \"collection\", db_pattern = \"a\", table_pattern = \"b\" }]"),
			`Invalid rule_type for mysql`},
		"cols without columns": {kafka("number_of_partitions = 4\n    default_rule_type = \"pk\"\n    distribute_rules = [{ rule_type = \"cols\", db_pattern = \"a\", table_pattern = \"b\" }]"),
			`Missing columns`},
		"bad pattern": {kafka("number_of_partitions = 4\n    default_rule_type = \"pk\"\n    distribute_rules = [{ rule_type = \"table\", db_pattern = \"(\", table_pattern = \"b\" }]"),
			`Not a regular expression`},
		"protocol of mariadb":  {strings.Replace(top(`  protocol = "json"`), `product = "mysql"`, `product = "mariadb"`, 1), `Invalid protocol for mariadb`},
		"pipeline of mysql":    {top(`  pipeline_info = [{ agg_op = "$match", agg_cmd = "{}" }]`), `pipeline_info is for mongodb`},
		"pipeline not JSON":    {top(`  pipeline_info = [{ agg_op = "$match", agg_cmd = "{x" }]`), `Not JSON`},
		"consumer subnet":      {top(`  consumer_vpc_id = "vpc-1"`), `Missing consumer_subnet_id`},
		"cdb without instance": {replace(`    instance_id         = "cdb-my0001"`+"\n", ""), `(?s)Missing instance_id.*access_type "cdb" needs instance id`},
		"extranet without host": {replace(`access_type = "cdb"`, `access_type = "extranet"`),
			`(?s)Missing host_name.*Missing port`},
		"ccn without net env": {replace(`access_type = "cdb"`, `access_type = "ccn"`), `Missing database_net_env`},
		"encrypt_conn":        {strings.Replace(endpoint(`    encrypt_conn = "Encrypted"`), `product = "mysql"`, `product = "cynosdbmysql"`, 1), `encrypt_conn is for mysql`},
		"no password":         {replace("    password_wo         = var.password\n", ""), `Missing password_wo`},
		"tdpg database": {strings.Replace(kafka(`number_of_partitions = 1`), `product = "mysql"`, `product = "tdpg"`, 1),
			`(?s)Missing extra_attr.*PgDatabase`},
		"region of an endpoint": {replace(`database_region     = "ap-guangzhou"`, `database_region     = "ap-shanghai"`), `database_region is the subscription's region`},
		"mongodb SubscribeType": {strings.Replace(mongo("  extra_attr = { SubscribeType = \"oplog\" }"), `subscribe_mode = "dml"`, `subscribe_mode = "all"`, 1),
			`Invalid SubscribeType`},
		"mongodb collection": {strings.Replace(mongo(""), `subscribe_mode = "dml"`, `subscribe_mode = "collection"`, 1), `One collection`},
		"timeouts":           {top(`  timeouts = { create = "soon" }`), `Invalid timeout`},
	}
	groups := map[string]struct{ hcl, want string }{
		"group password short": {strings.Replace(base, `password_wo = var.group_password`, `password_wo = "abc"`, 1),
			`password_wo UTF-8 character count must be between 4 and 32, got: 3`},
		"group name ends badly": {strings.Replace(base, `"orders-app"`, `"orders-app-"`, 1), `must end with a letter or a digit`},
		"group name with space": {strings.Replace(base, `"orders-app"`, `"orders app"`, 1), `may contain letters, digits`},
		"account name":          {strings.Replace(base, `"orders-reader"`, `"reader!"`, 1), `account_name`},
		"subscribe_id":          {strings.Replace(base, `subscribe_id = dts_subscription.test.id`, `subscribe_id = "dts-1a2b3c4d"`, 1), `must be a subscription ID`},
		"group password long": {strings.Replace(base, `password_wo = var.group_password`, `password_wo = "`+strings.Repeat("p", 33)+`"`, 1),
			`password_wo UTF-8 character count must be between 4 and 32, got: 33`},
		"group without password": {strings.Replace(base, "  password_wo = var.group_password\n", "", 1),
			`The argument "password_wo" is required`},
		"group timeouts": {strings.Replace(base, `consumer_group_name = "orders-app"`, "consumer_group_name = \"orders-app\"\n  timeouts = { delete = \"-1m\" }", 1),
			`Invalid timeout`},
	}
	for name, tc := range subscription {
		groups[name] = tc
	}
	if len(subscription) < 20 {
		t.Fatalf("%d subscription cases, want at least 20", len(subscription))
	}
	for name, tc := range groups {
		t.Run(name, func(t *testing.T) {
			if tc.hcl == base {
				t.Fatal("the case does not change the configuration")
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config: env.Config(tc.hcl), ConfigVariables: vars(), PlanOnly: true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	if n := len(env.Emulator.Journal()); n != 0 {
		t.Errorf("%d API calls during plan-time validation, want none", n)
	}
}

// After the purchase, tags are a plan-time error, and a group's
// description cannot be removed.
func TestPlanTimeRulesAfterCreate(t *testing.T) {
	env := acctest.New(t)
	cfg := subs{Group: group("orders-app", "orders-reader", "the orders app", 1)}
	noDescription := cfg
	noDescription.Group = group("orders-app", "orders-reader", "", 1)
	tagged := cfg
	tagged.Tags = `team = "data"`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.Config(cfg.hcl()), ConfigVariables: vars()},
			{Config: env.Config(tagged.hcl()), ConfigVariables: vars(), PlanOnly: true, ExpectError: regexp.MustCompile(`Tags cannot change`)},
			{Config: env.Config(noDescription.hcl()), ConfigVariables: vars(), PlanOnly: true,
				ExpectError: regexp.MustCompile(`DTS cannot clear a description`)},
		},
	})
}
