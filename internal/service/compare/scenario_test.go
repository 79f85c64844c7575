package compare_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// TestCutoverScenario applies examples/scenarios/cutover-gate as its guide
// says: apply 1 migrates and passes the gate once the migration is in its
// incremental phase; apply 2 completes the migration and keeps the gate.
func TestCutoverScenario(t *testing.T) {
	b, err := os.ReadFile("../../../examples/scenarios/cutover-gate/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	example := regexp.MustCompile(`(?ms)^terraform \{.*?^\}\n|^provider "dts" \{\}\n`).ReplaceAllString(string(b), "")
	const running, completed = `state          = "running" # apply 2: "completed"`, `state          = "completed"`
	if !strings.Contains(example, running) {
		t.Fatalf("the example no longer sets %q", running)
	}
	env := acctest.New(t)
	m := &journalMark{env: env}
	vars := config.Variables{"source_password": config.StringVariable("s3cret-src"), "target_password": config.StringVariable("s3cret-dst")}
	gate, job := "dts_compare_task.gate", "dts_migration_job.orders"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             checkDestroy(env, migrationParent),
		Steps: []resource.TestStep{
			{
				Config: env.Config(example), ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(gate, tfjsonpath.New("conclusion"), knownvalue.StringExact("same")),
					statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), acctest.OneOf(
						knownvalue.StringExact("readyComplete"), knownvalue.StringExact("running"))),
				},
			},
			{
				PreConfig: m.mark,
				Config:    env.Config(strings.Replace(example, running, completed, 1)), ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(job, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(gate, plancheck.ResourceActionNoop),
				}},
				Check: m.called([]string{"CompleteMigrateJob"}, []string{"CreateCompareTask", "DeleteCompareTask"}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
					statecheck.ExpectKnownValue(gate, tfjsonpath.New("conclusion"), knownvalue.StringExact("same")),
				},
			},
		},
	})
}
