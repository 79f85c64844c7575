package migration_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// A transition that never ends before the start fails the create with a
// timeout that names the last status; the job is tainted, not orphaned.
func TestAccMigrationJob_stuckBeforeStart(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.Emulator.SetNewJobOutcome(emulator.Outcome{StickIn: "checking"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config:          env.Config(job{Extra: `timeouts = { create = "2s" }`}.hcl()),
				ConfigVariables: vars(),
				ExpectError:     regexp.MustCompile(`(?s)timed out after 2s waiting for the check of migration job dts-[0-9a-z]+:\s+last\s+status "checking"`),
			},
			{
				// The tainted job is in the state: once its check can end, destroy deletes it.
				PreConfig:       func() { unstick(t, env) },
				Config:          env.Config(job{Extra: `timeouts = { create = "2s" }`}.hcl()),
				ConfigVariables: vars(),
				Destroy:         true,
			},
		},
	})
	if got := acctest.Calls(env.Emulator, "StartMigrateJob"); got != 0 {
		t.Errorf("StartMigrateJob called %d times, want 0", got)
	}
}

// Once the start is accepted, a timeout only warns: the state is the planned
// one, and the next plan has nothing to do while the job is transitional.
func TestAccMigrationJob_stuckAfterStart(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.Emulator.SetNewJobOutcome(emulator.Outcome{StickIn: "readyRun"})
	cfg := env.Config(job{Extra: `timeouts = { create = "2s" }`}.hcl())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config:          cfg,
				ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("state"), knownvalue.StringExact("running")),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("status"), knownvalue.StringExact("readyRun")),
				},
			},
		},
	})
	if got := acctest.Calls(env.Emulator, "StartMigrateJob"); got != 1 {
		t.Errorf("StartMigrateJob called %d times, want 1", got)
	}
}

// unstick lets every job of the test leave the status it was stuck in.
func unstick(t *testing.T, env *acctest.Env) {
	t.Helper()
	env.Emulator.SetNewJobOutcome(emulator.Outcome{})
	for _, j := range env.Emulator.Jobs(acctest.Region) {
		if err := env.Emulator.SetOutcome(acctest.Region, j.JobID, emulator.Outcome{}); err != nil {
			t.Fatal(err)
		}
	}
}
