package sync_test

import (
	"fmt"
	"regexp"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// The list filters by what DescribeSyncJobs offers (several IDs in one call,
// status, tags, name) and the detail shows progress, the check's steps and
// the configuration, never a secret.
func TestDataSources(t *testing.T) {
	env := acctest.New(t)
	others := env.BuySyncJobs(t, 3, "other", nil)
	res := job{Tags: `team = "data"`}.hcl()
	ds := fmt.Sprintf(`
data "dts_sync_jobs" "by_ids" {
  job_ids = [%q, %q, dts_sync_job.test.id]
}
data "dts_sync_jobs" "running" {
  status = ["Running"]
  tag_filters = [{ tag_key = "team", tag_value = ["data"] }]
}
data "dts_sync_jobs" "by_name" {
  name = "other"
}
data "dts_sync_job" "test" {
  job_id = dts_sync_job.test.id
}
`, others[0], others[1])
	detail := "data.dts_sync_job.test"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: env.Config(res), ConfigVariables: vars()},
			{
				Config: env.Config(res + ds), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.dts_sync_jobs.by_ids", tfjsonpath.New("total_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue("data.dts_sync_jobs.running", tfjsonpath.New("total_count"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("data.dts_sync_jobs.by_name", tfjsonpath.New("total_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("status"), knownvalue.StringExact("Running")),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("check_result").AtMapKey("status"), knownvalue.StringExact("success")),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("check_result").AtMapKey("step_infos"), knownvalue.ListSizeExact(14)),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("objects").AtMapKey("databases").AtSliceIndex(0).AtMapKey("db_name"), knownvalue.StringExact("orders")),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("src_info").AtMapKey("info").AtSliceIndex(0).AtMapKey("instance_id"), knownvalue.StringExact("cdb-my0001")),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("data")})),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("actions"), knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.NotNull()})),
					acctest.StateFunc(func(s *tfjson.State) error { return acctest.NoSecretIn(s, detail, testPassword) }),
				},
			},
		},
	})
}

// Bad filters are refused at plan time, naming the attribute, with no call.
func TestDataSourcesRejectBadFilters(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	for name, tc := range map[string]struct{ hcl, want string }{
		"status":          {`data "dts_sync_jobs" "x" { status = ["running"] }`, `(?s)Attribute status\[0\] value must be one of.*got: "running"`},
		"job_type":        {`data "dts_sync_jobs" "x" { job_type = "mysql2oracle" }`, `job_type value must be one of`},
		"pay_mode":        {`data "dts_sync_jobs" "x" { pay_mode = "prepaid" }`, `pay_mode value must be one of`},
		"order_seq":       {`data "dts_sync_jobs" "x" { order_seq = "desc" }`, `order_seq value must be one of`},
		"name and part":   {`data "dts_sync_jobs" "x" {` + "\n" + `name = "a"` + "\n" + `name_contains = "b"` + "\n}", `"name_contains" cannot be specified when "name" is specified|Invalid Attribute Combination`},
		"tag without key": {`data "dts_sync_jobs" "x" { tag_filters = [{ tag_value = ["x"] }] }`, `tag_key is required|Incorrect attribute value type|Missing required argument`},
		"job without id":  {`data "dts_sync_job" "x" {}`, `The argument "job_id" is required`},
		"run_mode casing": {`data "dts_sync_jobs" "x" { run_mode = "immediate" }`, `run_mode value must be one of`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				Steps:                    []resource.TestStep{{Config: env.Config(tc.hcl), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	if n := len(env.Emulator.Journal()); n != 0 {
		t.Errorf("%d API calls for configurations refused at plan time, want none", n)
	}
}
