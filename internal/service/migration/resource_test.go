package migration_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

const jobAddr = "dts_migration_job.test"

// job describes a test configuration of dts_migration_job.
type job struct {
	Name, Class, State string
	SrcHost            string
	MigrateType        string
	DBName             string
	Tags               string // HCL map body
	PasswordVersion    int
	Extra              string // more top-level attributes
	Option             string // more migrate_option attributes
}

func (j job) hcl() string {
	if j.Name == "" {
		j.Name = "orders"
	}
	if j.Class == "" {
		j.Class = "medium"
	}
	if j.SrcHost == "" {
		j.SrcHost = "src.example.com"
	}
	if j.DBName == "" {
		j.DBName = "orders"
	}
	if j.PasswordVersion == 0 {
		j.PasswordVersion = 1
	}
	var b strings.Builder
	b.WriteString(`
variable "password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "dts_migration_job" "test" {
`)
	fmt.Fprintf(&b, "  name           = %q\n  instance_class = %q\n", j.Name, j.Class)
	if j.State != "" {
		fmt.Fprintf(&b, "  state          = %q\n", j.State)
	}
	if j.Tags != "" {
		fmt.Fprintf(&b, "  tags = { %s }\n", j.Tags)
	}
	fmt.Fprintf(&b, `
  src_info = {
    region        = "ap-guangzhou"
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = %q
      port                = 3306
      user                = "migrator"
      password_wo         = var.password
      password_wo_version = %d
    }]
  }
  dst_info = {
    region        = "ap-guangzhou"
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "dst.example.com"
      port                = 3306
      user                = "root"
      password_wo         = var.password
      password_wo_version = %d
    }]
  }
  migrate_option = {
`, j.SrcHost, j.PasswordVersion, j.PasswordVersion)
	if j.MigrateType != "" {
		fmt.Fprintf(&b, "    migrate_type = %q\n", j.MigrateType)
	}
	b.WriteString(j.Option)
	fmt.Fprintf(&b, `    database_table = {
      object_mode = "partial"
      databases   = [{ db_name = %q, db_mode = "all" }]
    }
  }
%s
}
`, j.DBName, j.Extra)
	return b.String()
}

const testPassword = "Tr0ub4dor&3-never-in-state"

func vars() config.Variables {
	return config.Variables{"password": config.StringVariable(testPassword)}
}

// statusIn asserts that the job's status is one of the satisfying statuses
// (statuses move between reads; assert membership, not single values).
func statusIn(statuses ...string) statecheck.StateCheck {
	var checks []knownvalue.Check
	for _, s := range statuses {
		checks = append(checks, knownvalue.StringExact(s))
	}
	return statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("status"), acctest.OneOf(checks...))
}

func importStep(env *acctest.Env) resource.TestStep {
	return resource.TestStep{
		ResourceName:      jobAddr,
		ImportState:       true,
		ImportStateVerify: true,
		ImportStateIdFunc: func(s *terraform.State) (string, error) {
			return acctest.Region + ":" + s.RootModule().Resources[jobAddr].Primary.ID, nil
		},
		ImportStateVerifyIgnore: []string{
			"src_info.info.0.password_wo_version", "dst_info.info.0.password_wo_version",
			"deletion_policy", "skip_check_steps", "complete_mode", "resume_option", "timeouts",
		},
		ConfigVariables: vars(),
	}
}

func TestAccMigrationJob_basic(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	idSame := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config:          env.Config(job{Tags: `team = "payments"`, MigrateType: "full"}.hcl()),
				ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					idSame.AddStateValue(jobAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^dts-[0-9a-z]{8}$`))),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("state"), knownvalue.StringExact("running")),
					statusIn("running", "readyComplete", "success"),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("payments")})),
					// DTS answers "" for what the configuration left unset (the real
					// samples): an unset supplier or engine version stays null.
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("src_info").AtMapKey("supplier"), knownvalue.Null()),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("src_info").AtMapKey("info").AtSliceIndex(0).AtMapKey("engine_version"), knownvalue.Null()),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("src_info").AtMapKey("info").AtSliceIndex(0).AtMapKey("password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("migrate_option").AtMapKey("migrate_type"), knownvalue.StringExact("full")),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("migrate_option").AtMapKey("consistency").AtMapKey("mode"), knownvalue.StringExact("notConfigured")),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("rate_limit").AtMapKey("dump_thread"), knownvalue.NotNull()),
				},
			},
			// The same configuration again: a refresh finds nothing to change.
			{
				Config:            env.Config(job{Tags: `team = "payments"`, MigrateType: "full"}.hcl()),
				ConfigVariables:   vars(),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))},
			},
			importStep(env),
		},
	})
}

func TestAccMigrationJob_inPlaceUpdates(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	idSame := statecheck.CompareValue(compare.ValuesSame())
	step := func(j job, checks ...statecheck.StateCheck) resource.TestStep {
		return resource.TestStep{
			Config:            env.Config(j.hcl()),
			ConfigVariables:   vars(),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(jobAddr, planAction(j))}},
			ConfigStateChecks: append([]statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))}, checks...),
		}
	}
	// "large" is billed, so the job can be resized.
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			step(job{Name: "a", Class: "large"}),
			step(job{Name: "b", Class: "large", Extra: "# rename"},
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("name"), knownvalue.StringExact("b"))),
			step(job{Name: "b", Class: "xlarge", Extra: "# resize"},
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("instance_class"), knownvalue.StringExact("xlarge"))),
			step(job{Name: "b", Class: "xlarge", Extra: "rate_limit = { dump_thread = 4, load_thread = 6 }"},
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("rate_limit").AtMapKey("dump_thread"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("rate_limit").AtMapKey("load_thread"), knownvalue.Int64Exact(6))),
		},
	})
	for action, want := range map[string]int{"CreateMigrationService": 1, "ModifyMigrateName": 1, "ModifyMigrateJobSpec": 1, "ModifyMigrateRateLimit": 1} {
		if got := acctest.Calls(env.Emulator, action); got != want {
			t.Errorf("%s called %d times, want %d", action, got, want)
		}
	}
}

// planAction is the action the first apply of a test expects (create) and
// every later one (update in place).
func planAction(j job) plancheck.ResourceActionType {
	if j.Extra == "" && j.Name == "a" {
		return plancheck.ResourceActionCreate
	}
	return plancheck.ResourceActionUpdate
}

func TestAccMigrationJob_stateTransitions(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	idSame := statecheck.CompareValue(compare.ValuesSame())
	step := func(state string, statuses ...string) resource.TestStep {
		return resource.TestStep{
			Config:          env.Config(job{State: state, Extra: "complete_mode = \"waitForSync\""}.hcl()),
			ConfigVariables: vars(),
			ConfigStateChecks: []statecheck.StateCheck{
				idSame.AddStateValue(jobAddr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("state"), knownvalue.StringExact(state)),
				statusIn(statuses...),
			},
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			step("checked", "checkPass"),
			step("running", "running", "readyComplete"),
			step("paused", "manualPaused"),
			step("running", "running", "readyComplete"),
			step("completed", "success"),
		},
	})
	for action, want := range map[string]int{"StartMigrateJob": 1, "PauseMigrateJob": 1, "ContinueMigrateJob": 1, "CompleteMigrateJob": 1, "CreateMigrateCheckJob": 1} {
		if got := acctest.Calls(env.Emulator, action); got != want {
			t.Errorf("%s called %d times, want %d", action, got, want)
		}
	}
}

// A failed check fails the apply with the failing step named; the job is
// tainted, and the fixed configuration replaces it: one live job remains.
func TestAccMigrationJob_checkFailure(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config:          env.Config(job{SrcHost: "orders-db.invalid"}.hcl()),
				ConfigVariables: vars(),
				ExpectError:     regexp.MustCompile(`(?s)the migration check failed.*\[failed\].*\(ConnectDBCheck\)`),
			},
			{
				Config:          env.Config(job{}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{statusIn("running", "readyComplete")},
				Check: func(*terraform.State) error {
					if live := env.LiveMigrationJobs(); len(live) != 1 {
						return fmt.Errorf("%d live jobs, want exactly 1: %+v", len(live), live)
					}
					return nil
				},
			},
		},
	})
}

// A skippable failed step listed in skip_check_steps is skipped and checked again.
func TestAccMigrationJob_skipCheckSteps(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config:          env.Config(job{DBName: "fk_orders"}.hcl()),
				ConfigVariables: vars(),
				ExpectError:     regexp.MustCompile(`(?s)\(ConstraintCheck\).*skip_check_steps`),
			},
			{
				Config: env.Config(job{DBName: "fk_orders", Extra: `
  skip_check_steps = ["ConstraintCheck"]
  foreign_key_flag = "shield"`}.hcl()),
				ConfigVariables:   vars(),
				ConfigStateChecks: []statecheck.StateCheck{statusIn("running", "readyComplete")},
			},
		},
	})
	if got := acctest.Calls(env.Emulator, "SkipCheckItem"); got != 1 {
		t.Errorf("SkipCheckItem called %d times, want 1", got)
	}
}

// A job deleted outside Terraform is removed from the state with a warning,
// and the next plan creates it again.
func TestAccMigrationJob_disappears(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:          env.Config(job{}.hcl()),
			ConfigVariables: vars(),
			Check: func(s *terraform.State) error {
				return env.Emulator.DeleteJob(acctest.Region, s.RootModule().Resources[jobAddr].Primary.ID)
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionCreate),
			}},
			ExpectNonEmptyPlan: true,
		}},
	})
}

// forceStep forces the job's status out of band after an apply; the next
// step's plan must show the way back and its apply take it.
func forceStatus(env *acctest.Env, status, trade string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		return env.Emulator.ForceStatus(acctest.Region, s.RootModule().Resources[jobAddr].Primary.ID, status, trade)
	}
}

func TestAccMigrationJob_errorHealedByApply(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	idSame := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config:             env.Config(job{}.hcl()),
				ConfigVariables:    vars(),
				ConfigStateChecks:  []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))},
				Check:              forceStatus(env, "error", ""),
				ExpectNonEmptyPlan: true,
			},
			{
				Config:          env.Config(job{}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("state"), knownvalue.StringExact("running")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					idSame.AddStateValue(jobAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("state"), knownvalue.StringExact("running")),
					statusIn("running", "readyComplete"),
				},
			},
		},
	})
	if got := acctest.Calls(env.Emulator, "ResumeMigrateJob"); got != 1 {
		t.Errorf("ResumeMigrateJob called %d times, want 1", got)
	}
}

func TestAccMigrationJob_isolatedThenRecovered(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	idSame := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config:             env.Config(job{Class: "large"}.hcl()),
				ConfigVariables:    vars(),
				ConfigStateChecks:  []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))},
				Check:              forceStatus(env, "", "isolated"),
				ExpectNonEmptyPlan: true,
			},
			{
				Config:          env.Config(job{Class: "large"}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					idSame.AddStateValue(jobAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("trade_status"), knownvalue.StringExact("normal")),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("state"), knownvalue.StringExact("running")),
				},
			},
		},
	})
	if got := acctest.Calls(env.Emulator, "RecoverMigrateJob"); got != 1 {
		t.Errorf("RecoverMigrateJob called %d times, want 1", got)
	}
}

// The purchase's reply is lost after DTS bought the job: the provider finds
// the job by its token tag and never buys a second one.
func TestAccMigrationJob_lostPurchaseReply(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.Emulator.AddFault(emulator.FaultRule{Action: "CreateMigrationService", Kind: emulator.FaultApplyThenDrop, First: 1})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{{
			Config:            env.Config(job{}.hcl()),
			ConfigVariables:   vars(),
			ConfigStateChecks: []statecheck.StateCheck{statusIn("running", "readyComplete")},
			Check: func(*terraform.State) error {
				if n := len(env.Emulator.Jobs(acctest.Region)); n != 1 {
					return fmt.Errorf("%d jobs bought, want exactly 1", n)
				}
				return nil
			},
		}},
	})
	n := 0
	for _, e := range env.Emulator.Journal() {
		if e.Action == "CreateMigrationService" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("CreateMigrationService was sent %d times, want exactly 1", n)
	}
}

// Destroy works from every reachable status, billed or not.
func TestAccMigrationJob_destroyFromEveryStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ status, trade, class string }{
		{"checkPass", "", "medium"}, {"checkNotPass", "", "medium"}, {"created", "", "large"},
		{"readyRun", "", "large"}, {"running", "", "medium"}, {"readyComplete", "", "large"},
		{"manualPaused", "", "medium"}, {"error", "", "large"}, {"resumableErr", "", "medium"},
		{"unknown", "", "large"}, {"failed", "", "medium"}, {"success", "", "large"},
		{"canceled", "", "large"}, {"pausing", "", "medium"}, {"stopping", "", "large"},
		{"", "isolated", "large"}, {"", "resizing", "large"}, {"", "isolating", "large"}, {"", "offlining", "large"},
		{"creating", "", "medium"}, {"checking", "", "large"}, {"resuming", "", "medium"}, {"completing", "", "large"},
	} {
		t.Run(tc.status+tc.trade+"_"+tc.class, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			cfg := env.Config(job{Class: tc.class}.hcl())
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             env.CheckMigrationJobsDestroyed,
				Steps: []resource.TestStep{
					{Config: cfg, ConfigVariables: vars()},
					{
						PreConfig: func() {
							jobs := env.Emulator.Jobs(acctest.Region)
							if len(jobs) != 1 {
								t.Fatalf("%d jobs, want 1", len(jobs))
							}
							if err := env.Emulator.ForceStatus(acctest.Region, jobs[0].JobID, tc.status, tc.trade); err != nil {
								t.Fatal(err)
							}
						},
						Config:          cfg,
						ConfigVariables: vars(),
						Destroy:         true,
					},
				},
			})
		})
	}
}
