package sync_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// jobID is the ID of the job in the state.
func jobID(s *terraform.State) string { return s.RootModule().Resources[jobAddr].Primary.ID }

// setOutcome scripts the outcome of the job in the state.
func setOutcome(t *testing.T, env *acctest.Env, o emulator.Outcome) resource.TestCheckFunc {
	return func(s *terraform.State) error { return env.Emulator.SetOutcome(acctest.Region, jobID(s), o) }
}

// force puts the job in the state into a status out of band.
func force(env *acctest.Env, status, trade string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		return env.Emulator.ForceStatus(acctest.Region, jobID(s), status, trade)
	}
}

// emulatorStatus checks the job's status in the emulator.
func emulatorStatus(env *acctest.Env, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, j := range env.Emulator.Jobs(acctest.Region) {
			if j.JobID == jobID(s) && j.Status != want {
				return fmt.Errorf("job %s is %s, want %s", j.JobID, j.Status, want)
			}
		}
		return nil
	}
}

// TestCheckFailure: a failed check fails the create with the failed step and
// taints the job; skipping the step in skip_check_steps replaces it.
func TestCheckFailure(t *testing.T) {
	env := acctest.New(t)
	env.Emulator.SetNewJobOutcome(emulator.Outcome{CheckFails: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			{
				Config: env.Config(job{}.hcl()), ConfigVariables: vars(),
				ExpectError: regexp.MustCompile(`(?s)check.*DstEmptyCheck`),
			},
			{
				Config: env.Config(job{Extra: `  skip_check_steps = ["DstEmptyCheck"]`}.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("Running"))},
			},
		},
	})
	if n := acctest.Calls(env.Emulator, "SkipSyncCheckItem"); n != 1 {
		t.Errorf("SkipSyncCheckItem called %d times, want 1", n)
	}
}

// TestModifyCheckFailure: a failed modify-check fails the apply with its
// steps and leaves the job running with its objects; the next plan shows the
// change again, and once the check passes it is made.
func TestModifyCheckFailure(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	two := job{DBs: []string{"orders", "billing"}}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			{Config: env.Config(job{}.hcl()), ConfigVariables: vars(), Check: setOutcome(t, env, emulator.Outcome{CheckFails: true})},
			{
				PreConfig: m.mark,
				Config:    env.Config(two.hcl()), ConfigVariables: vars(),
				ExpectError: regexp.MustCompile(`(?s)object modification.*keeps running`),
			},
			{
				Config: env.Config(two.hcl()), ConfigVariables: vars(),
				PlanOnly: true, ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(emulatorStatus(env, "Running"), m.called(nil, []string{"StopSyncJob", "PauseSyncJob", "StartModifySyncJob"})),
			},
			{
				Config: env.Config(job{}.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            setOutcome(t, env, emulator.Outcome{}),
			},
			{
				Config: env.Config(two.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("objects").AtMapKey("databases"), knownvalue.ListSizeExact(2)),
				},
			},
		},
	})
}

// TestOutOfBand: statuses reached outside Terraform show in `state`, and
// apply takes the job back: continue a paused job, resume one in error;
// billing isolation is lifted. A stopped pay-as-you-go job is replaced.
func TestOutOfBand(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	cfg := env.Config(job{}.hcl())
	back := func(status, call string) []resource.TestStep {
		return []resource.TestStep{
			{Config: cfg, ConfigVariables: vars(), Check: force(env, status, ""), ExpectNonEmptyPlan: true},
			{
				PreConfig: m.mark, Config: cfg, ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				Check:             m.called([]string{call}, []string{"StopSyncJob"}),
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("Running"))},
			},
		}
	}
	steps := []resource.TestStep{{Config: cfg, ConfigVariables: vars()}}
	steps = append(steps, back("Paused", "ContinueSyncJob")...)
	steps = append(steps, back("ResumableErr", "ResumeSyncJob")...)
	steps = append(steps,
		resource.TestStep{Config: cfg, ConfigVariables: vars(), ExpectNonEmptyPlan: true, Check: func(s *terraform.State) error {
			return env.Emulator.Isolate(acctest.Region, jobID(s), emulator.IsolationManual)
		}},
		// An isolation stopped the sync: the job is replaced.
		resource.TestStep{Config: cfg, ConfigVariables: vars(),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expect("trade_status", knownvalue.StringExact("Normal"))}},
		resource.TestStep{Config: cfg, ConfigVariables: vars(), Check: force(env, "Stopped", ""), ExpectNonEmptyPlan: true},
		resource.TestStep{
			Config: cfg, ConfigVariables: vars(),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("Running"))},
		},
	)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps:                    steps,
	})
}

// TestRecoverIsolated: an isolated job that was not syncing is recovered
// (RecoverSyncJob) and keeps its stage.
func TestRecoverIsolated(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	cfg := env.Config(job{State: "checked"}.hcl())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigVariables: vars(), ExpectNonEmptyPlan: true, Check: func(s *terraform.State) error {
				return env.Emulator.Isolate(acctest.Region, jobID(s), emulator.IsolationManual)
			}},
			{
				PreConfig: m.mark, Config: cfg, ConfigVariables: vars(), Check: m.called([]string{"RecoverSyncJob"}, []string{"StartSyncJob"}),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("trade_status", knownvalue.StringExact("Normal")),
					expect("status", knownvalue.StringExact("CheckPass")),
				},
			},
		},
	})
}

// TestResetPrepaid: a stopped prepaid MySQL link is reset on the same ID,
// configured, checked and started again, not replaced.
func TestResetPrepaid(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	cfg := env.Config(job{PayMode: "PrePay", Extra: "  time_span = 1\n"}.hcl())
	same := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigVariables: vars(), ConfigStateChecks: []statecheck.StateCheck{same.AddStateValue(jobAddr, tfjsonpath.New("id"))}},
			{Config: cfg, ConfigVariables: vars(), Check: force(env, "Stopped", ""), ExpectNonEmptyPlan: true},
			{
				PreConfig: m.mark, Config: cfg, ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				Check: m.called([]string{"ResetSyncJob", "ConfigureSyncJob", "CreateCheckSyncJob", "StartSyncJob"}, nil),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("Running")),
					same.AddStateValue(jobAddr, tfjsonpath.New("id")),
				},
			},
		},
	})
}

// TestLostPurchaseReply: the reply of CreateSyncJob is lost after DTS bought
// the job; the provider finds it by its token tag and buys nothing twice.
func TestLostPurchaseReply(t *testing.T) {
	env := acctest.New(t)
	env.Emulator.AddFault(emulator.FaultRule{Action: "CreateSyncJob", Kind: emulator.FaultApplyThenDrop, First: 1})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{{
			Config: env.Config(job{}.hcl()), ConfigVariables: vars(),
			ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("Running"))},
		}},
	})
	n := 0
	for _, j := range env.Emulator.Jobs(acctest.Region) {
		if j.Kind == "sync" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d sync jobs bought, want 1", n)
	}
}
