package compare_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// Bad values and every cross-field rule that needs no parent are rejected at
// plan time, before any API call, naming the attribute and what is allowed.
func TestPlanTimeValidation(t *testing.T) {
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
	for name, tc := range map[string]struct{ hcl, want string }{
		"job_id":                {task("job-1", ""), `must be a migration job ID \(dts-…\) or a sync job ID \(sync-…\)`},
		"object_mode":           {task("dts-a1b2c3d4", `  object_mode = "all"`), `object_mode value must be one of: \["sameAsMigrate" "custom"\]`},
		"custom without":        {task("dts-a1b2c3d4", `  object_mode = "custom"`), `(?s)Missing objects.*object_mode = "custom" compares the objects you list`},
		"objects without":       {task("dts-a1b2c3d4", `  objects = { object_mode = "all" }`), `objects need object_mode = "custom"`},
		"objects.object_mode":   {task("dts-a1b2c3d4", "  object_mode = \"custom\"\n  objects = { object_mode = \"some\" }"), `object_mode value must be one of: \["all" "partial"\]`},
		"partial without items": {task("dts-a1b2c3d4", objects("")), `(?s)Missing object_items`},
		"db_mode":               {task("dts-a1b2c3d4", objects(`{ db_name = "orders", db_mode = "Partial" }`)), `db_mode value must be one of: \["all" "partial"\]`},
		"db_mode partial":       {task("dts-a1b2c3d4", objects(`{ db_name = "orders", db_mode = "partial" }`)), `(?s)Missing table_mode.*db_mode = "partial" needs table_mode`},
		"table_mode partial":    {task("dts-a1b2c3d4", objects(`{ db_name = "orders", db_mode = "partial", table_mode = "partial" }`)), `(?s)Missing tables.*table_mode = "partial" needs tables`},
		"view_mode partial":     {task("dts-a1b2c3d4", objects(`{ db_name = "orders", db_mode = "all", view_mode = "partial" }`)), `(?s)Missing views`},
		"column_mode partial":   {task("sync-a1b2c3d4", table(`, column_mode = "partial"`)), `(?s)Missing columns.*column_mode = "partial" needs columns`},
		"columns without partial": {task("sync-a1b2c3d4", table(`, columns = [{ column_name = "id" }]`)),
			`(?s)columns need column_mode = "partial".*column_mode is unset`},
		"columns of migration": {task("dts-a1b2c3d4", table(`, column_mode = "partial", columns = [{ column_name = "id" }]`)), `Columns are compared for sync jobs only`},
		"filter_time_zone":     {task("dts-a1b2c3d4", table(`, filter_time_zone = "8"`)), `must be an offset such as \+08:00`},
		"method":               {task("dts-a1b2c3d4", `  options = { method = "full" }`), `method value must be one of: \["dataCheck" "sampleDataCheck" "rowsCount"\]`},
		"thread_count":         {task("dts-a1b2c3d4", `  options = { thread_count = 9 }`), `thread_count value must be between 1 and 8`},
		"sample_rate":          {task("dts-a1b2c3d4", `  options = { sample_rate = 101 }`), `sample_rate value must be between 0 and 100`},
		"re_check_interval":    {task("dts-a1b2c3d4", `  options = { re_check_interval = 0 }`), `re_check_interval value must be between 1 and 60`},
		"type":                 {task("dts-a1b2c3d4", `  options = { type = "external" }`), `type value must be one of: \["builtin" "independent"\]`},
		"compare_mode":         {task("dts-a1b2c3d4", `  options = { compare_mode = ["fast"] }`), `compare_mode\[0\] value must be one of`},
		"increment sampled": {task("dts-a1b2c3d4", `  options = { compare_mode = ["increment"], method = "sampleDataCheck" }`),
			`An incremental check needs method = "dataCheck"`},
		"gate without wait": {task("dts-a1b2c3d4", "  fail_on_difference = true\n  wait_for_completion = false"),
			`fail_on_difference needs wait_for_completion`},
		"region": {task("dts-a1b2c3d4", `  region = ""`), `must name a region, e.g. ap-guangzhou`},
		"name":   {task("dts-a1b2c3d4", `  name = "`+strings.Repeat("n", 129)+`"`), `name UTF-8 character count must be between 1 and 128`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config: env.Config(tc.hcl), PlanOnly: true, ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`)),
				}},
			})
		})
	}
	if n := len(env.Emulator.Journal()); n != 0 {
		t.Errorf("%d API calls during plan-time validation, want none", n)
	}
}

// The rules that need the parent (its status, its link, its refusal) are
// checked once it is read, before anything is created.
func TestParentRules(t *testing.T) {
	for name, tc := range map[string]struct {
		p          parent
		parentHCL  string
		task, want string
	}{
		"migration never started": {migrationParent, `  state = "checked"`, "",
			`migration job dts-[a-z0-9]+ is checkPass: a compare task is created in the job's incremental phase \(status readyComplete`},
		"sync never started": {syncParent, `  state = "checked"`, "",
			`sync job sync-[a-z0-9]+ is CheckPass: a compare task is created in the job's incremental phase \(status Running with its initial load done`},
		"sync filters DML": {syncParent, `  options = { op_types = ["Insert", "Update"] }`, "",
			`refuses a builtin consistency check \(CauseOfCompareDisable\): 当前任务开启了DML过滤\(\)。`},
		"advanced objects on mysql": {migrationParent, "", "  object_mode = \"custom\"\n  objects = { object_mode = \"all\", advanced_objects = [\"account\"] }",
			`objects.advanced_objects: advanced objects are compared on mongodb links only, and migration job dts-[a-z0-9]+ links mysql to mysql`},
		"structure check on mysql": {syncParent, "", `  options = { compare_mode = ["structureCheck"] }`,
			`options.compare_mode: structureCheck is supported on postgresql links only`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			s := step(env, cfg{P: tc.p, ParentExtra: tc.parentHCL, Task: tc.task})
			s.ExpectError = regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`))
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             checkDestroy(env, tc.p),
				Steps:                    []resource.TestStep{s},
			})
			if n := acctest.Calls(env.Emulator, tc.p.Create); n != 0 {
				t.Errorf("%s called %d times, want none", tc.p.Create, n)
			}
		})
	}
}

// A task of a job that exists is checked against the job's link at plan
// time: nothing is created; a configuration the link takes plans.
func TestLinkRulesAtPlanTimeOnCreate(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	m := &journalMark{env: env}
	bad := step(env, cfg{P: syncParent, Task: `  options = { compare_mode = ["structureCheck"] }`})
	bad.PreConfig, bad.PlanOnly = m.mark, true
	bad.ExpectError = regexp.MustCompile(`(?s)The job's link does not take this check.*structureCheck is supported on postgresql\s+links\s+only.*Nothing\s+is\s+created`)
	fine := step(env, cfg{P: syncParent, Task: `  options = { thread_count = 2 }`})
	fine.PlanOnly, fine.ExpectNonEmptyPlan = true, true
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             checkDestroy(env, syncParent),
		Steps:                    []resource.TestStep{step(env, cfg{P: syncParent, NoTask: true}), bad, fine},
	})
	if n := acctest.Calls(env.Emulator, syncParent.Create); n != 0 {
		t.Errorf("%s called %d times, want none", syncParent.Create, n)
	}
}

// An independent check is what a sync job that filters DML still takes.
func TestIndependentCheckDespiteRefusal(t *testing.T) {
	env := acctest.New(t)
	s := step(env, cfg{P: syncParent, ParentExtra: `  options = { op_types = ["Insert", "Update"] }`, Task: `  options = { type = "independent" }`})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             checkDestroy(env, syncParent),
		Steps:                    []resource.TestStep{s},
	})
}

// An import ID names one task of a job (its region and job may be left to
// the provider's region and the task ID's prefix); anything else is refused
// before any call.
func TestImportIDRejected(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	hcl := env.Config("resource \"dts_compare_task\" \"test\" {\n  job_id = \"dts-a1b2c3d4\"\n}\n")
	var steps []resource.TestStep
	for _, id := range []string{
		"dts-a1b2c3d4",                    // a job, no task
		"ap-guangzhou:job-1-cmp-e5f6g7h8", // a task of no job
		"ap-guangzhou:dts-a1b2c3d4:sync-a1b2c3d4-cmp-e5f6g7h8", // a task of another job
		"ap-guangzhou:job-1:job-1-cmp-e5f6g7h8",                // not a job ID
		":dts-a1b2c3d4:dts-a1b2c3d4-cmp-e5f6g7h8",              // no region
	} {
		steps = append(steps, resource.TestStep{Config: hcl, ResourceName: taskAddr, ImportState: true, ImportStateId: id,
			ExpectError: regexp.MustCompile(`(?s)Invalid import ID.*expected\s+"<region>:<job\s+ID>:<compare\s+task\s+ID>"`)})
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: env.ProviderFactories(), Steps: steps})
	if n := len(env.Emulator.Journal()); n != 0 {
		t.Errorf("%d API calls for refused import IDs, want none", n)
	}
}
