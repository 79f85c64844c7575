package migration_test

import (
	"regexp"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// The detail of a job: configuration without secrets, progress steps, check
// steps, error information and rate limits.
func TestAccMigrationJobDataSource(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	const ds = "data.dts_migration_job.test"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.Config(job{MigrateType: "full", Extra: "auto_retry_time_range_minutes = 30"}.hcl() + `
data "dts_migration_job" "test" {
  job_id = dts_migration_job.test.id
}`),
				ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("region"), knownvalue.StringExact(acctest.Region)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("name"), knownvalue.StringExact("orders")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("auto_retry_time_range_minutes"), knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("src_info").AtMapKey("info").AtSliceIndex(0).AtMapKey("host"), knownvalue.StringExact("src.example.com")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("migrate_option").AtMapKey("migrate_type"), knownvalue.StringExact("full")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("steps"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("check_step_info").AtMapKey("steps"), knownvalue.ListSizeExact(13)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("check_step_info").AtMapKey("status"), knownvalue.StringExact("success")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("rate_limit_option").AtMapKey("current_dump_thread"), knownvalue.Int64Exact(8)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("action").AtMapKey("allowed_action"), knownvalue.NotNull()),
					acctest.StateFunc(func(s *tfjson.State) error { return acctest.NoSecretIn(s, ds) }),
				},
			},
		},
	})
}

// A job in error shows DTS's error information with its solution.
func TestAccMigrationJobDataSource_errorInfo(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	id := env.BuyMigrationJobs(t, 1, "broken", nil)[0]
	if err := env.Emulator.ForceStatus(acctest.Region, id, "error", ""); err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: env.Config(`data "dts_migration_job" "x" { job_id = "` + id + `" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.dts_migration_job.x", tfjsonpath.New("status"), knownvalue.StringExact("error")),
				statecheck.ExpectKnownValue("data.dts_migration_job.x", tfjsonpath.New("error_info"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.dts_migration_job.x", tfjsonpath.New("error_info").AtSliceIndex(0).AtMapKey("solution"), knownvalue.StringRegexp(regexp.MustCompile(`.+`))),
			},
		}},
	})
}

func TestAccMigrationJobDataSource_notFound(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:      env.Config(`data "dts_migration_job" "x" { job_id = "dts-00000000" }`),
			ExpectError: regexp.MustCompile(`(?s)Error reading migration job.*Code: ResourceNotFound`),
		}},
	})
}

func TestAccMigrateDBInstancesDataSource(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	const ds = "data.dts_migrate_db_instances.mysql"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: env.Config(`
data "dts_migrate_db_instances" "mysql" {
  database_type = "mysql"
  migrate_role  = "dst"
}
data "dts_migrate_db_instances" "one" {
  database_type = "postgresql"
  instance_id   = "cdb-pg0003"
}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("total_count"), knownvalue.Int64Exact(5)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("instances"), knownvalue.ListSizeExact(5)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("instances").AtSliceIndex(0).AtMapKey("instance_id"), knownvalue.StringExact("cdb-my0001")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("instances").AtSliceIndex(0).AtMapKey("usable"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("instances").AtSliceIndex(3).AtMapKey("usable"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("instances").AtSliceIndex(3).AtMapKey("hint"), knownvalue.StringRegexp(regexp.MustCompile(`read-only`))),
				statecheck.ExpectKnownValue("data.dts_migrate_db_instances.one", tfjsonpath.New("instances"), knownvalue.ListSizeExact(1)),
			},
		}},
	})
}
