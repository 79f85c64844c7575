package migration_test

import (
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// The catalog of invalid configurations: bad enums and casing, missing
// nested attributes, conflicts, impossible states, out-of-range numbers and
// the API's cross-field rules are refused by `terraform plan` with an error
// on the attribute at fault, before any request reaches DTS.
func TestCatalog(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	base := job{}.hcl()
	replace := func(old, new string) string {
		if !strings.Contains(base, old) {
			t.Fatalf("test configuration has no %q", old)
		}
		return strings.Replace(base, old, new, 1)
	}

	top := func(attrs string) string {
		return replace(`instance_class = "medium"`, "instance_class = \"medium\"\n"+attrs)
	}
	srcNode := `      host                = "src.example.com"
      port                = 3306
`
	rows := [][4]string{
		{"node_type", replace(`node_type     = "simple"`, `node_type     = "single"`), `Attribute src_info.node_type value must be one of`, "src_info.node_type"},
		{"instance_class", replace(`instance_class = "medium"`, `instance_class = "huge"`), `Attribute instance_class value must be one of`, "instance_class"},
		{"micro on create", replace(`instance_class = "medium"`, `instance_class = "micro"`), `micro is not available at purchase`, "instance_class"},
		{"state", top("  state = \"done\""), `Attribute state value must be one of`, "state"},
		{"stopped on create", top("  state = \"stopped\""),
			`A new job cannot be stopped`, "state"},
		{"migrate_type", replace(`    database_table = {`, "    migrate_type = \"incremental\"\n    database_table = {"), `Attribute migrate_option.migrate_type value must be one of`, "migrate_option.migrate_type"},
		{"object_mode", replace(`object_mode = "partial"`, `object_mode = "some"`), `object_mode value must be one of`, "migrate_option.database_table.object_mode"},
		{"deletion_policy", top("  deletion_policy = \"keep\""), `deletion_policy value must be one of`, "deletion_policy"},
		{"encrypt_conn", replace(srcNode, srcNode+"      encrypt_conn = \"TLS\"\n"), `encrypt_conn value must be one of`, "src_info.info[0].encrypt_conn"},
		{"write mode", replace(`    database_table = {`, "    extra_attr = { DstWriteMode = \"append\" }\n    database_table = {"), `Invalid Redis write mode`, `migrate_option.extra_attr["DstWriteMode"]`},
		{"auto retry", top("  auto_retry_time_range_minutes = 3"), `must be 0 \(no automatic retry\) or between 5 and 720`, "auto_retry_time_range_minutes"},
		{"expect_run_time format", top("  run_mode = \"timed\"\n  expect_run_time = \"2026-12-01 02:00:00\""), `must be an RFC 3339 time`, "expect_run_time"},
		{"timed without time", top("  run_mode = \"timed\""), `run_mode = "timed" needs expect_run_time`, "expect_run_time"},
		{"extranet without host", replace(srcNode, "      port = 3306\n"), `(?s)Missing host.*access_type "extranet" needs the database's host and port`, "src_info.info[0].host"},
		{"extranet without port", replace(srcNode, "      host = \"src.example.com\"\n"), `Missing port`, "src_info.info[0].port"},
		{"cdb without instance_id", replace(`access_type   = "extranet"`, `access_type   = "cdb"`), `access_type "cdb" \(a cloud database\) needs the instance's ID`, "src_info.info[0].instance_id"},
		{"vpc without vpc_id", replace(`access_type   = "extranet"`, `access_type   = "vpc"`), `(?s)Missing vpc_id.*Missing subnet_id`, "src_info.info[0].vpc_id"},
		{"cvm without instance", replace(`access_type   = "extranet"`, `access_type   = "cvm"`), `Missing cvm_instance_id`, "src_info.info[0].cvm_instance_id"},
		{"ccn without net env", replace(`access_type   = "extranet"`, `access_type   = "ccn"`), `Missing database_net_env`, "src_info.database_net_env"},
		{"dcg without gateway", replace(`access_type   = "extranet"`, `access_type   = "dcg"`), `Missing uniq_dcg_id`, "src_info.info[0].uniq_dcg_id"},
		{"vpncloud without gateway", replace(`access_type   = "extranet"`, `access_type   = "vpncloud"`), `Missing uniq_vpn_gw_id`, "src_info.info[0].uniq_vpn_gw_id"},
		{"tdsql set without set_id", replace(`database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "src.example.com"`, `database_type = "tdsqlmysql"
    connect_type  = "set"
    node_type     = "simple"
    info = [{
      role                = "set"
      host                = "src.example.com"`), `A TDSQL set node \(role = "set"\) needs its set_id`, "src_info.info[0].set_id"},
		{"redis without resume option", strings.ReplaceAll(base, `database_type = "mysql"`, `database_type = "redis"`), `Redis jobs must choose how to resume`, "resume_option"},
		{"redis full", strings.ReplaceAll(replace(`    database_table = {`, "    migrate_type = \"full\"\n    database_table = {"), `database_type = "mysql"`, `database_type = "redis"`),
			`Redis migrates fullAndIncrement only`, "migrate_option.migrate_type"},
		{"skip connectivity", top("  skip_check_steps = [\"ConnectDBCheck\"]"), `ConnectDBCheck can never be skipped`, "skip_check_steps[0]"},
		{"skip misspelled step", top("  skip_check_steps = [\"ConstrainCheck\"]"), `Unknown check step`, "skip_check_steps[0]"},
		{"foreign keys without ConstraintCheck", top("  foreign_key_flag = \"shield\""),
			`foreign_key_flag needs ConstraintCheck`, "foreign_key_flag"},
		{"complete_mode on postgresql", strings.Replace(top("  complete_mode = \"immediately\""),
			`database_type = "mysql"`, `database_type = "postgresql"`, 1),
			`complete_mode is for MySQL sources only`, "complete_mode"},
		{"partial without databases", replace(`      databases   = [{ db_name = "orders", db_mode = "all" }]`, ""), `Missing databases`, "migrate_option.database_table.databases"},
		{"partial database without db_mode", replace(`{ db_name = "orders", db_mode = "all" }`, `{ db_name = "orders" }`), `(?s)Missing db_mode.*Not set: migrate_option.database_table.databases\[0\].db_mode`, "migrate_option.database_table.databases[0].db_mode"},
		{"partial tables without tables", replace(`{ db_name = "orders", db_mode = "all" }`, `{ db_name = "orders", db_mode = "partial", table_mode = "partial" }`), `Missing tables`, "migrate_option.database_table.databases[0].tables"},
		{"rename without new name", replace(`{ db_name = "orders", db_mode = "all" }`,
			`{ db_name = "orders", db_mode = "partial", table_mode = "partial", tables = [{ table_name = "t", table_edit_mode = "rename" }] }`), `Missing new_table_name`, "migrate_option.database_table.databases[0].tables[0].new_table_name"},
		{"rename with tmp tables", replace(`{ db_name = "orders", db_mode = "all" }`,
			`{ db_name = "orders", db_mode = "partial", table_mode = "partial", tables = [{ table_name = "t", new_table_name = "u", tmp_tables = ["_t_new"] }] }`),
			`new_table_name and tmp_tables exclude each other`, "migrate_option.database_table.databases[0].tables[0].tmp_tables"},
		{"tdsql without connect_type", replace(`database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "src.example.com"`, `database_type = "tdsqlmysql"
    node_type     = "simple"
    info = [{
      role                = "proxy"
      host                = "src.example.com"`), `Missing connect_type`, "src_info.connect_type"},
		{"tdsql without role", replace(`database_type = "mysql"
    node_type     = "simple"`, `database_type = "tdsqlmysql"
    connect_type  = "proxy"
    node_type     = "simple"`), `Missing role`, "src_info.info[0].role"},
		{"account role characters", replace(srcNode, srcNode+"      account_role = \"role with spaces\"\n"), `(?s)account_role may contain only letters, digits, -\s+and _`, "src_info.info[0].account_role"},
		{"load_rps above the maximum", top("  rate_limit = { load_rps = 60000000 }"),
			`rate_limit.load_rps value must be between 1 and 50000000`, "rate_limit.load_rps"},
		{"negative timeout", top("  timeouts = { create = \"-5m\" }"), `(?s)Invalid timeout.*timeouts.create is "-5m"`, "timeouts.create"},
		{"zero timeout", top("  timeouts = { delete = \"0s\" }"), `timeouts.delete is "0s"`, "timeouts.delete"},
		{"timeout not parsable", top("  timeouts = { update = \"soon\" }"), `timeouts.update is "soon"`, "timeouts.update"},
		{"resume option on mysql", top("  resume_option = \"clearData\""), `applies to Redis links only`, "resume_option"},
		{"database_type casing", replace(`database_type = "mysql"`, `database_type = "MySQL"`), `src_info.database_type is "MySQL": DTS values are case-sensitive; write "mysql"`, "src_info.database_type"},
		{"access_type casing", replace(`access_type   = "extranet"`, `access_type   = "Extranet"`), `write "extranet"`, "src_info.access_type"},
		{"port out of range", replace(`port                = 3306`, `port                = 70000`), `port value must be between 1 and 65535`, "src_info.info[0].port"},
		{"name too long", replace(`name           = "orders"`, `name           = "`+strings.Repeat("n", 129)+`"`), `name UTF-8 character count must be between 1 and 128`, "name"},
		{"db_name empty", replace(`{ db_name = "orders", db_mode = "all" }`, `{ db_name = "", db_mode = "all" }`), `(?s)Missing db_name.*Not set: migrate_option.database_table.databases\[0\].db_name`, "migrate_option.database_table.databases[0].db_name"},
		{"host empty", replace(`host                = "src.example.com"`, `host                = ""`), `Missing host`, "src_info.info[0].host"},
		{"region empty", replace(`region        = "ap-guangzhou"`, `region        = ""`), `must name a region such as ap-guangzhou`, "src_info.region"},
		{"region misspelled", replace(`region        = "ap-guangzhou"`, `region        = "Guangzhou"`), `must name a region`, "src_info.region"},
	}
	acctest.Catalog{Env: env, Vars: vars(), Min: 20}.Run(t, acctest.Rows(env.ProviderBlock(), rows))
}

// The catalog of invalid data source configurations: each is refused at
// plan time, naming the attribute, before any request.
func TestCatalogDataSources(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	jobs := func(body string) string { return "data \"dts_migration_jobs\" \"x\" {\n" + body + "\n}\n" }
	job := func(body string) string { return "data \"dts_migration_job\" \"x\" {\n" + body + "\n}\n" }
	instances := func(body string) string {
		return "data \"dts_migrate_db_instances\" \"x\" {\n  database_type = \"mysql\"\n" + body + "\n}\n"
	}
	rows := map[string][][4]string{
		"dts_migration_jobs": {
			{"status casing", jobs(`  status = ["running", "Running"]`), `(?s)Attribute status\[1\] value must be one of.*got: "Running"`, "status[1]"},
			{"status unknown", jobs(`  status = ["resumableErr", "canceled", "bogus"]`), `value must be one of`, "status[2]"},
			{"run_mode", jobs(`  run_mode = "later"`), `Attribute run_mode value must be one of`, "run_mode"},
			{"order_seq", jobs(`  order_seq = "up"`), `Attribute order_seq value must be one of`, "order_seq"},
			{"name and name_contains", jobs("  name = \"a\"\n  name_contains = \"b\""), `Invalid Attribute Combination`, "name"},
			{"region empty", jobs(`  region = ""`), `must name a region`, "region"},
			{"database type casing", jobs(`  src_database_type = ["MySQL"]`), `write "mysql"`, "src_database_type[0]"},
			{"tag filter without key", jobs(`  tag_filters = [{ tag_value = ["x"] }]`), `attribute "tag_key" is required`, "tag_filters[0].tag_key"},
		},
		"dts_migration_job": {
			{"no job_id", job(""), `The argument "job_id" is required`, "job_id"},
			{"job_id of a sync job", job(`  job_id = "sync-a1b2c3d4"`), `job_id must be a migration job ID \(dts-…\)`, "job_id"},
			{"job_id empty", job(`  job_id = ""`), `must be a migration job ID`, "job_id"},
			{"job_id in capitals", job(`  job_id = "DTS-A1B2C3D4"`), `must be a migration job ID`, "job_id"},
			{"region empty", job("  job_id = \"dts-a1b2c3d4\"\n  region = \"\""), `must name a region`, "region"},
			{"region with a space", job("  job_id = \"dts-a1b2c3d4\"\n  region = \"ap guangzhou\""), `must name a region`, "region"},
		},
		"dts_migrate_db_instances": {
			{"no database_type", "data \"dts_migrate_db_instances\" \"x\" {}\n", `The argument "database_type" is required`, "database_type"},
			{"database_type casing", strings.Replace(instances(""), `"mysql"`, `"MySQL"`, 1), `database_type`, "database_type"},
			{"migrate_role", instances(`  migrate_role = "source"`), `migrate_role value must be one of`, "migrate_role"},
			{"account_mode", instances(`  account_mode = "mine"`), `account_mode value must be one of`, "account_mode"},
			{"region empty", instances(`  region = ""`), `must name a region`, "region"},
		},
	}
	acctest.Catalog{Env: env, Min: 5}.RunPerType(t, rows)
}
