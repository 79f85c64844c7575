package compare_test

import (
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// The catalog of invalid configurations: bad values, missing nested
// attributes, conflicts, out-of-range numbers and the API's cross-field
// rules that need no parent are refused by `terraform plan` with an error on
// the attribute at fault, before any request reaches DTS.
func TestCatalog(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	task := func(jobID, body string) string {
		return "resource \"dts_compare_task\" \"test\" {\n  job_id = \"" + jobID + "\"\n" + body + "\n}\n"
	}
	objects := func(items string) string {
		return "  object_mode = \"custom\"\n  objects = {\n    object_mode = \"partial\"\n    object_items = [" + items + "]\n  }"
	}
	table := func(attrs string) string {
		return objects(`{ db_name = "orders", db_mode = "partial", table_mode = "partial", tables = [{ table_name = "t1"` + attrs + ` }] }`)
	}
	rows := [][4]string{
		{"job_id", task("job-1", ""), `must be a migration job ID \(dts-…\) or a sync job ID \(sync-…\)`, "job_id"},
		{"object_mode", task("dts-a1b2c3d4", `  object_mode = "all"`), `object_mode value must be one of: \["sameAsMigrate" "custom"\]`, "object_mode"},
		{"custom without", task("dts-a1b2c3d4", `  object_mode = "custom"`), `(?s)Missing objects.*object_mode = "custom" compares the objects you list`, "objects"},
		{"objects without", task("dts-a1b2c3d4", `  objects = { object_mode = "all" }`), `objects need object_mode = "custom"`, "objects"},
		{"objects.object_mode", task("dts-a1b2c3d4", "  object_mode = \"custom\"\n  objects = { object_mode = \"some\" }"), `object_mode value must be one of: \["all" "partial"\]`, "objects.object_mode"},
		{"partial without items", task("dts-a1b2c3d4", objects("")), `(?s)Missing object_items`, "objects.object_items"},
		{"db_mode", task("dts-a1b2c3d4", objects(`{ db_name = "orders", db_mode = "Partial" }`)), `db_mode value must be one of: \["all" "partial"\]`, "objects.object_items[0].db_mode"},
		{"db_mode partial", task("dts-a1b2c3d4", objects(`{ db_name = "orders", db_mode = "partial" }`)), `(?s)Missing table_mode.*db_mode = "partial" needs table_mode`, "objects.object_items[0].table_mode"},
		{"table_mode partial", task("dts-a1b2c3d4", objects(`{ db_name = "orders", db_mode = "partial", table_mode = "partial" }`)), `(?s)Missing tables.*table_mode = "partial" needs tables`, "objects.object_items[0].tables"},
		{"view_mode partial", task("dts-a1b2c3d4", objects(`{ db_name = "orders", db_mode = "all", view_mode = "partial" }`)), `(?s)Missing views`, "objects.object_items[0].views"},
		{"column_mode partial", task("sync-a1b2c3d4", table(`, column_mode = "partial"`)), `(?s)Missing columns.*column_mode = "partial" needs columns`, "objects.object_items[0].tables[0].columns"},
		{"columns without partial", task("sync-a1b2c3d4", table(`, columns = [{ column_name = "id" }]`)),
			`(?s)columns need column_mode = "partial".*column_mode is unset`, "objects.object_items[0].tables[0].column_mode"},
		{"columns of migration", task("dts-a1b2c3d4", table(`, column_mode = "partial", columns = [{ column_name = "id" }]`)), `Columns are compared for sync jobs only`, "objects.object_items[0].tables[0].columns"},
		{"filter_time_zone", task("dts-a1b2c3d4", table(`, filter_time_zone = "8"`)), `must be an offset such as \+08:00`, "objects.object_items[0].tables[0].filter_time_zone"},
		{"method", task("dts-a1b2c3d4", `  options = { method = "full" }`), `method value must be one of: \["dataCheck" "sampleDataCheck" "rowsCount"\]`, "options.method"},
		{"thread_count", task("dts-a1b2c3d4", `  options = { thread_count = 9 }`), `thread_count value must be between 1 and 8`, "options.thread_count"},
		{"sample_rate", task("dts-a1b2c3d4", `  options = { sample_rate = 101 }`), `sample_rate value must be between 0 and 100`, "options.sample_rate"},
		{"re_check_interval", task("dts-a1b2c3d4", `  options = { re_check_interval = 0 }`), `re_check_interval value must be between 1 and 60`, "options.re_check_interval"},
		{"type", task("dts-a1b2c3d4", `  options = { type = "external" }`), `type value must be one of: \["builtin" "independent"\]`, "options.type"},
		{"compare_mode", task("dts-a1b2c3d4", `  options = { compare_mode = ["fast"] }`), `compare_mode\[0\] value must be one of`, "options.compare_mode[0]"},
		{"increment sampled", task("dts-a1b2c3d4", `  options = { compare_mode = ["increment"], method = "sampleDataCheck" }`),
			`An incremental check needs method = "dataCheck"`, "options.method"},
		{"gate without wait", task("dts-a1b2c3d4", "  fail_on_difference = true\n  wait_for_completion = false"),
			`fail_on_difference needs wait_for_completion`, "fail_on_difference"},
		{"region", task("dts-a1b2c3d4", `  region = ""`), `must name a region, e.g. ap-guangzhou`, "region"},
		{"name", task("dts-a1b2c3d4", `  name = "`+strings.Repeat("n", 129)+`"`), `name UTF-8 character count must be between 1 and 128`, "name"},
		{"db_name empty", task("dts-a1b2c3d4", objects(`{ db_name = "", db_mode = "all" }`)), `must not be blank`, "objects.object_items[0].db_name"},
		{"table_name empty", task("dts-a1b2c3d4", objects(`{ db_name = "orders", db_mode = "partial", table_mode = "partial", tables = [{ table_name = "" }] }`)), `must not be blank`, "objects.object_items[0].tables[0].table_name"},
		{"object_mode casing", task("dts-a1b2c3d4", `  object_mode = "Custom"`), `object_mode value must be one of`, "object_mode"},
		{"job_id missing", task("", ""), `must be a migration job ID`, "job_id"},
		{"table_name missing", task("dts-a1b2c3d4", objects(`{ db_name = "orders", db_mode = "partial", table_mode = "partial", tables = [{ column_mode = "all" }] }`)),
			`attribute "table_name" is required`, "objects.object_items[0].tables[0].table_name"},
		{"re_check_time negative", task("dts-a1b2c3d4", `  options = { re_check_time = -1 }`), `re_check_time value must be`, "options.re_check_time"},
		{"negative timeout", task("dts-a1b2c3d4", `  timeouts = { create = "-1m" }`), `Invalid timeout`, "timeouts.create"},
	}
	acctest.Catalog{Env: env, Min: 20}.Run(t, acctest.Rows(env.ProviderBlock(), rows))
}

// The catalog of invalid data source configurations: each is refused at
// plan time, naming the attribute, before any request.
func TestCatalogDataSources(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	tasks := func(body string) string { return "data \"dts_compare_tasks\" \"x\" {\n" + body + "\n}\n" }
	okTasks := func(body string) string { return tasks("  job_id = \"dts-a1b2c3d4\"\n" + body) }
	report := func(body string) string { return "data \"dts_compare_report\" \"x\" {\n" + body + "\n}\n" }
	okReport := func(body string) string {
		return report("  job_id = \"dts-a1b2c3d4\"\n  compare_task_id = \"dts-a1b2c3d4-cmp-e5f6g7h8\"\n" + body)
	}
	rows := map[string][][4]string{
		"dts_compare_tasks": {
			{"no job_id", tasks(""), `The argument "job_id" is required`, "job_id"},
			{"job_id", tasks(`  job_id = "job-1"`), `must be a migration job ID \(dts-…\) or a sync job ID \(sync-…\)`, "job_id"},
			{"job_id empty", tasks(`  job_id = ""`), `must be a migration job ID`, "job_id"},
			{"status", okTasks(`  status = ["bogus"]`), `status\[0\] value must be one of`, "status[0]"},
			{"region empty", okTasks(`  region = ""`), `must name a region`, "region"},
			{"region capitalised", okTasks(`  region = "AP-GUANGZHOU"`), `must name a region`, "region"},
		},
		"dts_compare_report": {
			{"no compare_task_id", report(`  job_id = "dts-a1b2c3d4"`), `The argument "compare_task_id" is required`, "compare_task_id"},
			{"task of another job", report("  job_id = \"dts-a1b2c3d4\"\n  compare_task_id = \"sync-a1b2c3d4-cmp-e5f6g7h8\""),
				`is not a compare task of dts-a1b2c3d4`, "compare_task_id"},
			{"job_id", report("  job_id = \"a1b2c3d4\"\n  compare_task_id = \"a1b2c3d4-cmp-e5f6g7h8\""), `must be a migration job ID`, "job_id"},
			{"max_items", okReport(`  diff_items_filter = { db_name = "orders", table_name = "t1", max_items = 0 }`), `max_items value must be between 1`,
				"diff_items_filter.max_items"},
			{"filter without table", okReport(`  diff_items_filter = { db_name = "orders" }`), `attribute "table_name" is required`, "diff_items_filter.table_name"},
			{"region empty", okReport(`  region = ""`), `must name a region`, "region"},
		},
	}
	acctest.Catalog{Env: env, Min: 5}.RunPerType(t, rows)
}
