package compare_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

var taskIDPattern = regexp.MustCompile(`^(dts|sync)-[a-z0-9]{8}-cmp-[a-z0-9]{8}$`)

// importID is the task's import ID: region:job_id:compare_task_id.
func importID(addr string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		r := s.RootModule().Resources[addr].Primary
		return acctest.Region + ":" + r.Attributes["job_id"] + ":" + r.ID, nil
	}
}

// TestSame: the task waits for the parent's incremental phase, compares the
// job's objects and concludes same; the state converges, and an import
// reads the same task.
func TestSame(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		s := step(env, cfg{P: p})
		s.ConfigStateChecks = []statecheck.StateCheck{
			expect("status", knownvalue.StringExact("success")),
			expect("conclusion", knownvalue.StringExact("same")),
			expect("total_tables", knownvalue.Int64Exact(3)),
			expect("checked_tables", knownvalue.Int64Exact(3)),
			expect("different_tables", knownvalue.Int64Exact(0)),
			expect("skipped_tables", knownvalue.Int64Exact(0)),
			expect("different_rows", knownvalue.Int64Exact(0)),
			expect("id", knownvalue.StringRegexp(taskIDPattern)),
			expect("compare_task_id", knownvalue.StringRegexp(taskIDPattern)),
			expect("name", knownvalue.StringRegexp(taskIDPattern)), // DTS names an unnamed task after its ID
			expect("region", knownvalue.StringExact(acctest.Region)),
			expect("message", knownvalue.StringExact("done")),
			expect("started_at", knownvalue.NotNull()),
			expect("finished_at", knownvalue.NotNull()),
		}
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps: []resource.TestStep{s, {
				ResourceName: taskAddr, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: importID(taskAddr),
				Config: env.Config(cfg{P: p}.hcl()), ConfigVariables: vars(),
				ImportStateVerifyIgnore: []string{"object_mode"}, // DTS does not report it: the first plan adopts it
			}},
		})
	})
}

// TestImportByTaskID: the bare task ID imports the task in the provider's
// region (its prefix is the job's ID), as does "<region>:<task ID>".
func TestImportByTaskID(t *testing.T) {
	env := acctest.New(t)
	p := migrationParent
	bare := func(s *terraform.State) (string, error) { return taskID(s), nil }
	regional := func(s *terraform.State) (string, error) { return acctest.Region + ":" + taskID(s), nil }
	importStep := func(id resource.ImportStateIdFunc) resource.TestStep {
		return resource.TestStep{
			ResourceName: taskAddr, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: id,
			Config: env.Config(cfg{P: p}.hcl()), ConfigVariables: vars(),
			ImportStateVerifyIgnore: []string{"object_mode"}, // DTS does not report it: the first plan adopts it
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             checkDestroy(env, p),
		Steps:                    []resource.TestStep{step(env, cfg{P: p}), importStep(bare), importStep(regional)},
	})
}

// TestImportAdoptsConfiguration: a task imported by region:job:task plans
// in place what DTS does not report (object_mode), never a new comparison.
func TestImportAdoptsConfiguration(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		m := &journalMark{env: env}
		seed := `
resource "dts_compare_task" "seed" {
  job_id = ` + p.Addr + `.id
  name   = "before-cutover"
}
`
		body := `  name = "before-cutover"`
		forget := `
removed {
  from = dts_compare_task.seed
  lifecycle {
    destroy = false
  }
}
`
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps: []resource.TestStep{
				step(env, cfg{P: p, NoTask: true, More: seed}),
				{
					Config: env.Config(cfg{P: p, Task: body, More: seed}.hcl()), ConfigVariables: vars(),
					ResourceName: taskAddr, ImportState: true, ImportStatePersist: true, ImportStateIdFunc: importID("dts_compare_task.seed"),
				},
				{
					PreConfig: m.mark,
					Config:    env.Config(cfg{P: p, Task: body, More: forget}.hcl()), ConfigVariables: vars(),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(taskAddr, plancheck.ResourceActionUpdate),
					}},
					Check: m.called(nil, []string{p.Create, p.Delete}),
					ConfigStateChecks: []statecheck.StateCheck{
						expect("object_mode", knownvalue.StringExact("sameAsMigrate")),
						expect("conclusion", knownvalue.StringExact("same")),
					},
				},
			},
		})
	})
}

// TestRename: a new name is set in place (Modify…CompareTaskName); the
// comparison is kept.
func TestRename(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		m := &journalMark{env: env}
		rename := map[string]string{"migration": "ModifyCompareTaskName", "sync": "ModifySyncCompareTaskName"}[p.Name]
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps: []resource.TestStep{
				step(env, cfg{P: p, Task: `  name = "first"`}),
				{
					PreConfig: m.mark,
					Config:    env.Config(cfg{P: p, Task: "  name = \"second\"\n  fail_on_difference = true"}.hcl()), ConfigVariables: vars(),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(taskAddr, plancheck.ResourceActionUpdate),
					}},
					Check: m.called([]string{rename}, []string{p.Create, p.Delete}),
					ConfigStateChecks: []statecheck.StateCheck{
						expect("name", knownvalue.StringExact("second")),
						expect("conclusion", knownvalue.StringExact("same")),
					},
				},
			},
		})
	})
}

// TestRecheckOnDemand: the documented way to compare again,
// replace_triggered_by on a value the user changes, runs a fresh comparison.
func TestRecheckOnDemand(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	recheck := func(input string) cfg {
		return cfg{P: migrationParent, Task: "  fail_on_difference = true\n  lifecycle {\n    replace_triggered_by = [terraform_data.recheck]\n  }",
			More: "\nresource \"terraform_data\" \"recheck\" {\n  input = \"" + input + "\"\n}\n"}
	}
	again := step(env, recheck("2026-03-02"))
	again.PreConfig = m.mark
	again.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(taskAddr, plancheck.ResourceActionReplace),
	}}
	again.Check = m.called([]string{"DeleteCompareTask", "CreateCompareTask", "StartCompare"}, nil)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             checkDestroy(env, migrationParent),
		Steps:                    []resource.TestStep{step(env, recheck("2026-03-01")), again},
	})
}
