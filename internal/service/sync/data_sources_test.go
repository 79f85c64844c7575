package sync_test

import (
	"fmt"
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
