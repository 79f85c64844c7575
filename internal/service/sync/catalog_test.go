package sync_test

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
		return replace(`  name = "orders-sync"`, "  name = \"orders-sync\"\n"+attrs)
	}
	opts := func(body string) string { return top("  options = {\n" + body + "\n  }") }
	srcCdb := `      instance_id         = "cdb-my0001"
`
	rows := [][4]string{
		{"pay_mode", top(`  pay_mode = "Monthly"`), `Attribute pay_mode value must be one of`, "pay_mode"},
		{"instance_class", replace(`instance_class = "small"`, `instance_class = "huge"`), `Attribute instance_class value must be one of`, "instance_class"},
		{"stopped on create", top(`  state = "stopped"`), `A new job cannot be stopped`, "state"},
		{"time_span with PostPay", top(`  time_span = 3`), `time_span is for PrePay jobs`, "time_span"},
		{"auto_renew with PostPay", top(`  auto_renew = true`), `auto_renew is for PrePay jobs`, "auto_renew"},
		{"node_type", replace(`node_type     = "single"`, `node_type     = "simple"`), `node_type value must be one of`, "src_info.node_type"},
		{"two nodes single", replace("    }]\n  }", "    }, { instance_id = \"cdb-my0003\" }]\n  }"), `One node for a single endpoint`, "src_info.info"},
		{"cdb without instance", replace(srcCdb, ""), `(?s)Missing instance_id.*access_type "cdb" \(a cloud database\) needs the instance.s ID`, "src_info.info[0].instance_id"},
		{"extranet without ip", replace(`access_type   = "cdb"`, `access_type   = "extranet"`), `(?s)Missing ip.*Missing port`, "src_info.info[0].ip"},
		{"vpc without vpc_id", replace(`access_type   = "cdb"`, `access_type   = "vpc"`), `Missing vpc_id`, "src_info.info[0].vpc_id"},
		{"ccn without net env", replace(`access_type   = "cdb"`, `access_type   = "ccn"`), `Missing database_net_env`, "src_info.info[0].database_net_env"},
		{"tdsql without connect_type", replace(`database_type = "mysql"`, `database_type = "tdsqlmysql"`),
			`A tdsqlmysql source needs connect_type`, "src_info.connect_type"},
		{"connect_type on target", strings.Replace(strings.Replace(base, `node_type     = "single"`, "node_type     = \"single\"\n    connect_type = \"proxy\"", 2),
			"connect_type = \"proxy\"", "", 1), `No connect_type for a target`, "dst_info.connect_type"},
		{"partial without databases", replace(`databases = [{ db_name = "orders", db_mode = "All" }]`, ""), `Missing databases`, "objects.databases"},
		{"db_mode", replace(`db_mode = "All"`, `db_mode = "all"`), `db_mode value must be one of`, "objects.databases[0].db_mode"},
		{"no DML", opts(`    op_types = ["DDL"]`), `No DML operation`, "options.op_types"},
		{"ConditionCover without option", opts(`    conflict_handle_type = "ConditionCover"`),
			`conflict_handle_type = "ConditionCover" needs conflict_handle_option`, "options.conflict_handle_option"},
		{"start_position without kafka", opts(`    start_position = "2026-12-01T02:00:00+08:00"`), `start_position is for Kafka targets`, "options.start_position"},
		{"filter on mysql target", opts(`    filter_checkpoint = true`), `filter_checkpoint is for Kafka targets`, "options.filter_checkpoint"},
		{"advanced objects without structure", strings.Replace(opts(`    init_type = "Data"`), `mode      = "Partial"`, "mode      = \"Partial\"\n    advanced_objects = [\"function\"]", 1),
			`Advanced objects need a structure initialization`, "objects.advanced_objects"},
		{"timed without time", top(`  run_mode = "Timed"`), `run_mode = "Timed" needs expect_run_time`, "expect_run_time"},
		{"expect_run_time", top("  run_mode = \"Timed\"\n  expect_run_time = \"2026-12-01 02:00:00\""), `must be an RFC 3339 time`, "expect_run_time"},
		{"auto retry", top(`  auto_retry_time_range_minutes = 3`), `must be 0 \(no automatic retry\) or between 5 and 720`, "auto_retry_time_range_minutes"},
		{"skip connectivity", top(`  skip_check_steps = ["ConnectDBCheck"]`), `ConnectDBCheck can never be skipped`, "skip_check_steps[0]"},
		{"rate limit too high", top(`  rate_limit = { dump_thread = 17 }`), `dump_thread value must be between 1 and 16`, "rate_limit.dump_thread"},
		{"kafka without option", strings.Replace(base, "access_type   = \"cdb\"\n    database_type = \"mysql\"\n    node_type     = \"single\"\n    info = [{\n      instance_id         = \"cdb-my0002\"",
			"access_type   = \"ckafka\"\n    database_type = \"kafka\"\n    node_type     = \"single\"\n    info = [{\n      instance_id         = \"ckafka-0001\"", 1),
			`A Kafka target needs options.kafka_option`, "options.kafka_option"},
		{"database_type casing", replace(`database_type = "mysql"`, `database_type = "MySQL"`), `DTS values are case-sensitive; write "mysql"`, "src_info.database_type"},
		{"pay_mode casing", top(`  pay_mode = "postPay"`), `Attribute pay_mode value must be one of`, "pay_mode"},
		{"state", top(`  state = "done"`), `Attribute state value must be one of`, "state"},
		{"deletion_policy", top(`  deletion_policy = "keep"`), `deletion_policy value must be one of`, "deletion_policy"},
		{"time_span out of range", top("  pay_mode = \"PrePay\"\n  time_span = 101"), `time_span value must be between 1 and 100`, "time_span"},
		{"port out of range", replace(srcCdb, srcCdb+"      port = 0\n"), `port value must be between 1 and 65535`, "src_info.info[0].port"},
		{"name too long", replace(`name = "orders-sync"`, `name = "`+strings.Repeat("n", 129)+`"`), `name UTF-8 character count must be between 1 and 128`, "name"},
		{"negative timeout", top(`  timeouts = { create = "-5m" }`), `Invalid timeout`, "timeouts.create"},
		{"db_name empty", replace(`db_name = "orders"`, `db_name = ""`), `Missing db_name`, "objects.databases[0].db_name"},
		{"instance_id empty", replace(srcCdb, "      instance_id         = \"\"\n"), `Missing instance_id`, "src_info.info[0].instance_id"},
		{"region empty", replace(`region        = "ap-guangzhou"`, `region        = ""`), `must name a region such as ap-guangzhou`, "src_info.region"},
		{"region padded", replace(`region        = "ap-guangzhou"`, `region        = "ap-guangzhou "`), `must name a region`, "src_info.region"},
	}
	acctest.Catalog{Env: env, Vars: vars(), Min: 20}.Run(t, acctest.Rows(env.ProviderBlock(), rows))
}

// The catalog of invalid data source configurations: each is refused at
// plan time, naming the attribute, before any request.
func TestCatalogDataSources(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	jobs := func(body string) string { return "data \"dts_sync_jobs\" \"x\" {\n" + body + "\n}\n" }
	job := func(body string) string { return "data \"dts_sync_job\" \"x\" {\n" + body + "\n}\n" }
	rows := map[string][][4]string{
		"dts_sync_jobs": {
			{"status", jobs(`  status = ["running"]`), `(?s)Attribute status\[0\] value must be one of.*got: "running"`, "status[0]"},
			{"job_type", jobs(`  job_type = "mysql2oracle"`), `job_type value must be one of`, "job_type"},
			{"pay_mode", jobs(`  pay_mode = "prepaid"`), `pay_mode value must be one of`, "pay_mode"},
			{"order_seq", jobs(`  order_seq = "desc"`), `order_seq value must be one of`, "order_seq"},
			{"name and name_contains", jobs("  name = \"a\"\n  name_contains = \"b\""), `Invalid Attribute Combination`, "name"},
			{"tag filter without key", jobs(`  tag_filters = [{ tag_value = ["x"] }]`), `attribute "tag_key" is required`, "tag_filters[0].tag_key"},
			{"run_mode casing", jobs(`  run_mode = "immediate"`), `run_mode value must be one of`, "run_mode"},
			{"region empty", jobs(`  region = ""`), `must name a region`, "region"},
		},
		"dts_sync_job": {
			{"no job_id", job(""), `The argument "job_id" is required`, "job_id"},
			{"job_id of a migration", job(`  job_id = "dts-a1b2c3d4"`), `job_id must be a sync job ID \(sync-…\)`, "job_id"},
			{"job_id empty", job(`  job_id = ""`), `must be a sync job ID`, "job_id"},
			{"job_id with a space", job(`  job_id = "sync-a1b2 c3d4"`), `must be a sync job ID`, "job_id"},
			{"region empty", job("  job_id = \"sync-a1b2c3d4\"\n  region = \"\""), `must name a region`, "region"},
			{"region capitalised", job("  job_id = \"sync-a1b2c3d4\"\n  region = \"Ap-Guangzhou\""), `must name a region`, "region"},
		},
	}
	acctest.Catalog{Env: env, Min: 5}.RunPerType(t, rows)
}
