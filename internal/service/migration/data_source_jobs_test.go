package migration_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

func TestAccMigrationJobsDataSource_filters(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	payments := env.BuyMigrationJobs(t, 2, "payments", map[string]string{"team": "payments"})
	env.BuyMigrationJobs(t, 3, "search", map[string]string{"team": "search"})
	env.BuyMigrationJobs(t, 1, "search-archive", nil)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: env.Config(`
data "dts_migration_jobs" "all" {}

data "dts_migration_jobs" "payments" {
  tag_filters = [{ tag_key = "team", tag_value = ["payments"] }]
}

data "dts_migration_jobs" "by_name" {
  name      = "search"
  order_seq = "asc"
}

data "dts_migration_jobs" "name_contains" {
  name_contains = "search"
}

data "dts_migration_jobs" "one" {
  job_id = "` + payments[0] + `"
}

data "dts_migration_jobs" "none" {
  status = ["running", "readyComplete"]
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.dts_migration_jobs.all", tfjsonpath.New("total_count"), knownvalue.Int64Exact(6)),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.payments", tfjsonpath.New("total_count"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.payments", tfjsonpath.New("ids"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.payments", tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("tags"),
					knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("payments")})),
				// `name` is exact ("search-archive" is not "search"); name_contains is a substring.
				statecheck.ExpectKnownValue("data.dts_migration_jobs.by_name", tfjsonpath.New("jobs"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.by_name", tfjsonpath.New("total_count"), knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.name_contains", tfjsonpath.New("jobs"), knownvalue.ListSizeExact(4)),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.by_name", tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("search")),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.one", tfjsonpath.New("jobs"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.one", tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("job_id"), knownvalue.StringExact(payments[0])),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.one", tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("dst_info").AtMapKey("region"), knownvalue.StringExact(acctest.Region)),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.one", tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("trade_info").AtMapKey("instance_class"), knownvalue.StringExact("medium")),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.one", tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("create_time"),
					knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$`))),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.none", tfjsonpath.New("total_count"), knownvalue.Int64Exact(0)),
			},
		}},
	})
}

// More jobs than one page: the data source pages through all of them.
func TestAccMigrationJobsDataSource_pagination(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.BuyMigrationJobs(t, 230, "bulk", nil)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: env.Config(`data "dts_migration_jobs" "bulk" { name = "bulk" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.dts_migration_jobs.bulk", tfjsonpath.New("total_count"), knownvalue.Int64Exact(230)),
				statecheck.ExpectKnownValue("data.dts_migration_jobs.bulk", tfjsonpath.New("jobs"), knownvalue.ListSizeExact(230)),
			},
		}},
	})
	calls := 0
	for _, e := range env.Emulator.Journal() {
		if e.Action == "DescribeMigrationJobs" {
			calls++
		}
	}
	// 3 pages per read; plan and apply read the data source, so a multiple of 3.
	if calls == 0 || calls%3 != 0 {
		t.Fatalf("DescribeMigrationJobs was called %d times; want a multiple of 3 pages", calls)
	}
}

// The 19 statuses are all accepted, including those the filter's own
// description omits.
func TestAccMigrationJobsDataSource_allStatuses(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	ids := env.BuyMigrationJobs(t, 1, "x", nil)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: env.Config(`
data "dts_migration_jobs" "x" {
  status = ["creating", "created", "checking", "checkPass", "checkNotPass", "readyRun", "running", "readyComplete",
            "success", "failed", "stopping", "completing", "pausing", "manualPaused", "resumableErr", "resuming",
            "unknown", "error", "canceled"]
}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.dts_migration_jobs.x", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(ids[0])})),
			},
		}},
	})
}
