package sync_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// Bad enums and every cross-field rule are rejected at plan time, before any
// API call.
func TestPlanTimeValidation(t *testing.T) {
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
	for name, tc := range map[string]struct{ hcl, want string }{
		"pay_mode":                {top(`  pay_mode = "Monthly"`), `Attribute pay_mode value must be one of`},
		"instance_class":          {replace(`instance_class = "small"`, `instance_class = "huge"`), `Attribute instance_class value must be one of`},
		"stopped on create":       {top(`  state = "stopped"`), `A new job cannot be stopped`},
		"time_span with PostPay":  {top(`  time_span = 3`), `time_span is for PrePay jobs`},
		"auto_renew with PostPay": {top(`  auto_renew = true`), `auto_renew is for PrePay jobs`},
		"node_type":               {replace(`node_type     = "single"`, `node_type     = "simple"`), `node_type value must be one of`},
		"two nodes single":        {replace("    }]\n  }", "    }, { instance_id = \"cdb-my0003\" }]\n  }"), `One node for a single endpoint`},
		"cdb without instance":    {replace(srcCdb, ""), `(?s)Missing instance_id.*access_type "cdb" \(a cloud database\) needs the instance.s ID`},
		"extranet without ip":     {replace(`access_type   = "cdb"`, `access_type   = "extranet"`), `(?s)Missing ip.*Missing port`},
		"vpc without vpc_id":      {replace(`access_type   = "cdb"`, `access_type   = "vpc"`), `Missing vpc_id`},
		"ccn without net env":     {replace(`access_type   = "cdb"`, `access_type   = "ccn"`), `Missing database_net_env`},
		"tdsql without connect_type": {replace(`database_type = "mysql"`, `database_type = "tdsqlmysql"`),
			`A tdsqlmysql source needs connect_type`},
		"connect_type on target": {strings.Replace(strings.Replace(base, `node_type     = "single"`, "node_type     = \"single\"\n    connect_type = \"proxy\"", 2),
			"connect_type = \"proxy\"", "", 1), `No connect_type for a target`},
		"partial without databases": {replace(`databases = [{ db_name = "orders", db_mode = "All" }]`, ""), `Missing databases`},
		"db_mode":                   {replace(`db_mode = "All"`, `db_mode = "all"`), `db_mode value must be one of`},
		"no DML":                    {opts(`    op_types = ["DDL"]`), `No DML operation`},
		"ConditionCover without option": {opts(`    conflict_handle_type = "ConditionCover"`),
			`conflict_handle_type = "ConditionCover" needs conflict_handle_option`},
		"start_position without kafka": {opts(`    start_position = "2026-12-01T02:00:00+08:00"`), `start_position is for Kafka targets`},
		"filter on mysql target":       {opts(`    filter_checkpoint = true`), `filter_checkpoint is for Kafka targets`},
		"advanced objects without structure": {strings.Replace(opts(`    init_type = "Data"`), `mode      = "Partial"`, "mode      = \"Partial\"\n    advanced_objects = [\"function\"]", 1),
			`Advanced objects need a structure initialization`},
		"timed without time":  {top(`  run_mode = "Timed"`), `run_mode = "Timed" needs expect_run_time`},
		"expect_run_time":     {top("  run_mode = \"Timed\"\n  expect_run_time = \"2026-12-01 02:00:00\""), `must be an RFC 3339 time`},
		"auto retry":          {top(`  auto_retry_time_range_minutes = 3`), `must be 0 \(no automatic retry\) or between 5 and 720`},
		"skip connectivity":   {top(`  skip_check_steps = ["ConnectDBCheck"]`), `ConnectDBCheck can never be skipped`},
		"rate limit too high": {top(`  rate_limit = { dump_thread = 17 }`), `dump_thread value must be between 1 and 16`},
		"kafka without option": {strings.Replace(base, "access_type   = \"cdb\"\n    database_type = \"mysql\"\n    node_type     = \"single\"\n    info = [{\n      instance_id         = \"cdb-my0002\"",
			"access_type   = \"ckafka\"\n    database_type = \"kafka\"\n    node_type     = \"single\"\n    info = [{\n      instance_id         = \"ckafka-0001\"", 1),
			`A Kafka target needs options.kafka_option`},
	} {
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

// After the start, what DTS cannot change is refused at plan time, with what
// to do instead.
func TestPlanTimeRulesAfterStart(t *testing.T) {
	env := acctest.New(t)
	cfg := job{}
	steps := []resource.TestStep{{Config: env.Config(cfg.hcl()), ConfigVariables: vars()}}
	for _, tc := range []struct {
		j    job
		want string
	}{
		{job{Name: "renamed"}, `name cannot change after the start`},
		{job{Tags: `team = "data"`}, `Tags cannot change`},
		{job{Extra: `  auto_retry_time_range_minutes = 10`}, `auto_retry_time_range_minutes cannot change after the start`},
		{job{State: "checked"}, `A started job cannot return to checked`},
	} {
		steps = append(steps, resource.TestStep{Config: env.Config(tc.j.hcl()), ConfigVariables: vars(), PlanOnly: true,
			ExpectError: regexp.MustCompile(tc.want)})
	}
	// A replacement buys a new job with the new tags: no "Tags cannot
	// change" (it was an error before, the review of subscriptions found).
	steps = append(steps, resource.TestStep{Config: env.Config(job{Tags: `team = "data"`, PayMode: "PrePay"}.hcl()), ConfigVariables: vars(),
		PlanOnly: true, ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace)}}})
	// Paused, the objects cannot change unless the apply runs the job.
	paused := job{State: "paused"}
	steps = append(steps, resource.TestStep{Config: env.Config(paused.hcl()), ConfigVariables: vars()},
		resource.TestStep{Config: env.Config(job{State: "paused", DBs: []string{"orders", "billing"}}.hcl()), ConfigVariables: vars(), PlanOnly: true,
			ExpectError: regexp.MustCompile(`The objects change on a running job`)},
		resource.TestStep{Config: env.Config(job{DBs: []string{"orders", "billing"}}.hcl()), ConfigVariables: vars()})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps:                    steps,
	})
}
