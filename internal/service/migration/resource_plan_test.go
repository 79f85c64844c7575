package migration_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// Before the start, everything changes in place: configuration and secrets
// are sent again and checked again.
func TestAccMigrationJob_updateBeforeStart(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	idSame := statecheck.CompareValue(compare.ValuesSame())
	step := func(j job) resource.TestStep {
		j.State = "checked"
		return resource.TestStep{
			Config:          env.Config(j.hcl()),
			ConfigVariables: vars(),
			ConfigStateChecks: []statecheck.StateCheck{
				idSame.AddStateValue(jobAddr, tfjsonpath.New("id")),
				statusIn("checkPass"),
			},
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			step(job{}),
			step(job{SrcHost: "src2.example.com"}),
			step(job{SrcHost: "src2.example.com", PasswordVersion: 2}),
			step(job{SrcHost: "src2.example.com", PasswordVersion: 2, Tags: `team = "search"`}),
		},
	})
	if got := acctest.Calls(env.Emulator, "ModifyMigrationJob"); got != 4 {
		t.Errorf("ModifyMigrationJob called %d times, want 4 (create and three updates)", got)
	}
	if got := acctest.Calls(env.Emulator, "CreateMigrateCheckJob"); got != 4 {
		t.Errorf("CreateMigrateCheckJob called %d times, want 4", got)
	}
}

// After the start: secrets are recorded with a warning, tags are a plan-time
// error, and other configuration changes replace the job.
func TestAccMigrationJob_changesAfterStart(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	idSame := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            env.Config(job{Tags: `team = "a"`}.hcl()),
				ConfigVariables:   vars(),
				ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))},
			},
			{
				Config:          env.Config(job{Tags: `team = "b"`}.hcl()),
				ConfigVariables: vars(),
				ExpectError:     regexp.MustCompile(`DTS cannot retag a started job`),
			},
			{
				Config:          env.Config(job{Tags: `team = "a"`, PasswordVersion: 2, Option: "    is_dst_read_only = true\n"}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))},
			},
			{
				// A replacement buys a new job with the new tags: no error.
				Config:          env.Config(job{Tags: `team = "b"`, PasswordVersion: 2, Option: "    is_dst_read_only = true\n", SrcHost: "elsewhere.example.com"}.hcl()),
				ConfigVariables: vars(), PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
			{
				Config:          env.Config(job{Tags: `team = "a"`, PasswordVersion: 2, Option: "    is_dst_read_only = true\n", SrcHost: "elsewhere.example.com"}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
	if got := acctest.Calls(env.Emulator, "ModifyMigrateRuntimeAttribute"); got != 1 {
		t.Errorf("ModifyMigrateRuntimeAttribute called %d times, want 1", got)
	}
}
