package migration_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

func expectAction(a plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, a)}}
}

// A link for which DTS fills in no engine version (tdstore): the computed
// values stay empty, and changing state pauses the job in place.
func TestAccMigrationJob_pauseDoesNotReplace(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	tdstore := func(state string) string {
		return env.Config(strings.ReplaceAll(job{State: state, Extra: "rate_limit = { dump_thread = 4 }"}.hcl(), `database_type = "mysql"`, `database_type = "tdstore"`))
	}
	idSame := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{Config: tdstore("running"), ConfigVariables: vars(), ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))}},
			{
				Config: tdstore("paused"), ConfigVariables: vars(), ConfigPlanChecks: expectAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id")), statusIn("manualPaused")},
			},
			{ // a rename of a paused job with a partly set rate_limit
				Config: strings.Replace(tdstore("paused"), `name           = "orders"`, `name           = "orders-2"`, 1), ConfigVariables: vars(),
				ConfigPlanChecks:  expectAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id")), statusIn("manualPaused")},
			},
		},
	})
}

// Empty lists and maps in the configuration read back empty: no drift.
func TestAccMigrationJob_emptyCollections(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	cfg := env.Config(job{Tags: " ", Option: "    extra_attr = {}\n", Extra: "skip_check_steps = []"}.hcl())
	cfg = strings.Replace(cfg, `databases   = [{ db_name = "orders", db_mode = "all" }]`,
		"databases   = [{ db_name = \"orders\", db_mode = \"partial\", table_mode = \"all\", functions = [], tables = [] }]\n      advanced_objects = []", 1)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{{
			Config: cfg, ConfigVariables: vars(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("tags"), knownvalue.MapSizeExact(0)),
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("migrate_option").AtMapKey("extra_attr"), knownvalue.MapSizeExact(0)),
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("migrate_option").AtMapKey("database_table").AtMapKey("advanced_objects"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

// Adding the Redis write mode to a started job changes it in place.
func TestAccMigrationJob_runtimeAttributesAfterStart(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	redis := func(option string) string {
		return env.Config(strings.ReplaceAll(job{Option: option, Extra: `resume_option = "overwrite"`}.hcl(), `database_type = "mysql"`, `database_type = "redis"`))
	}
	idSame := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{Config: redis(""), ConfigVariables: vars(), ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))}},
			{
				Config: redis("    extra_attr = { DstWriteMode = \"overwrite\" }\n"), ConfigVariables: vars(),
				ConfigPlanChecks: expectAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					idSame.AddStateValue(jobAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("migrate_option").AtMapKey("extra_attr").AtMapKey("DstWriteMode"), knownvalue.StringExact("overwrite")),
				},
			},
		},
	})
	if got := acctest.Calls(env.Emulator, "ModifyMigrateRuntimeAttribute"); got != 1 {
		t.Errorf("ModifyMigrateRuntimeAttribute called %d times, want 1", got)
	}
}

// A timed job is satisfied in readyRun until its start time: the create
// returns as soon as it is there.
func TestAccMigrationJob_timed(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	cfg := env.Config(job{Extra: `
  run_mode        = "timed"
  expect_run_time = "2030-01-01T02:00:00+08:00"`}.hcl())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg, ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					statusIn("readyRun"),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("expect_run_time"), knownvalue.StringExact("2030-01-01T02:00:00+08:00")),
				},
			},
			// The same instant written another way: Terraform shows the new
			// text, the job is left alone, and the refresh after it (the API
			// answers in Beijing time) finds no drift.
			{
				Config:           strings.Replace(cfg, "2030-01-01T02:00:00+08:00", "2029-12-31T18:00:00Z", 1),
				ConfigVariables:  vars(),
				ConfigPlanChecks: expectAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("expect_run_time"), knownvalue.StringExact("2029-12-31T18:00:00Z")),
				},
			},
		},
	})
	if n := acctest.Calls(env.Emulator, "ModifyMigrationJob"); n != 1 {
		t.Errorf("ModifyMigrationJob called %d times, want 1", n)
	}
	if n := acctest.Calls(env.Emulator, "DescribeMigrationDetail"); n > 200 {
		t.Errorf("%d detail reads: the create waited instead of returning at readyRun", n)
	}
}

// A re-check that fails in an update fails the apply but leaves the job
// untainted: the fixed configuration updates the same job.
func TestAccMigrationJob_failedRecheckInUpdate(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	idSame := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{Config: env.Config(job{State: "checked"}.hcl()), ConfigVariables: vars(), ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))}},
			{
				Config: env.Config(job{State: "checked", SrcHost: "gone.invalid"}.hcl()), ConfigVariables: vars(),
				ExpectError: regexp.MustCompile(`(?s)Error updating migration job: the migration check failed.*ConnectDBCheck`),
			},
			{
				Config: env.Config(job{}.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks:  expectAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id")), statusIn("running", "readyComplete")},
			},
		},
	})
}

// A job that failed (final for this link) plans a replacement.
func TestAccMigrationJob_failedIsReplaced(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{Config: env.Config(job{}.hcl()), ConfigVariables: vars(), Check: forceStatus(env, "failed", ""), ExpectNonEmptyPlan: true},
			{
				Config: env.Config(job{}.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks:  expectAction(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{statusIn("running", "readyComplete")},
			},
		},
	})
}

// DTS accepts only medium for links it does not bill: the purchase's refusal
// says so, and nothing is bought.
func TestAccMigrationJob_unbilledLinkNeedsMedium(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	cfg := strings.Replace(job{Class: "large"}.hcl(), `database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "dst.example.com"`, `database_type = "tdstore"
    node_type     = "simple"
    info = [{
      host                = "dst.example.com"`, 1)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:          env.Config(cfg),
			ConfigVariables: vars(),
			ExpectError:     regexp.MustCompile("(?s)Code: InvalidParameterValue.*DTS accepts only `medium` as instance_class for\\s+links it does not bill"),
		}},
	})
	if n := len(env.Emulator.Jobs(acctest.Region)); n != 0 {
		t.Fatalf("%d jobs bought", n)
	}
}
