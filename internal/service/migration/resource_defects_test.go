package migration_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// Regression tests for what a new user found in the migration job.

// A failure after the start never taints a job: Create warns, keeps the job
// with its observed stage, and the next plan shows the step still to do.
func TestAccMigrationJob_failureAfterStartKeepsTheJob(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.Emulator.SetNewJobOutcome(emulator.Outcome{RunEnds: "error", ResumeFails: true})
	cfg := env.Config(job{State: "completed"}.hcl())
	notTainted := acctest.StateFunc(func(s *tfjson.State) error {
		for _, r := range s.Values.RootModule.Resources {
			if r.Address == jobAddr && r.Tainted {
				return fmt.Errorf("%s is tainted: the next apply would destroy a started migration", jobAddr)
			}
		}
		return nil
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{{
			Config: cfg, ConfigVariables: vars(),
			ConfigStateChecks:  []statecheck.StateCheck{notTainted, statusIn("failed")},
			ExpectNonEmptyPlan: true, // the refresh finds the job failed: the plan shows the way back
		}},
	})
}

// The same failure through the plugin protocol, where the warning is
// visible: no error, and it says the job was kept.
func TestCreateWarnsOfAFailureAfterTheStart(t *testing.T) {
	env := acctest.New(t)
	env.Emulator.SetNewJobOutcome(emulator.Outcome{RunEnds: "error", ResumeFails: true})
	p := env.Proto(t)
	cfg := protoConfig(p, 1, "", map[string]any{"state": "completed"})
	_, _, diags := p.ApplyAllowingErrors(jobType, p.Null(jobType), p.Config(jobType, cfg), nil)
	if e := acctest.Errors(diags); e != "" {
		t.Fatalf("a failure after the start must not be an error (Terraform would taint the job):\n%s", e)
	}
	if w := acctest.Warnings(diags); !strings.Contains(w, "The job was started and is failed") || !strings.Contains(w, "kept, not replaced") {
		t.Fatalf("warnings:\n%s", w)
	}
}

// What DTS takes only before the start is a plan-time error afterwards, so
// that every plan converges (recording it would show the same change again
// after each refresh), and no apply waits for a timed start.
func TestAccMigrationJob_frozenAfterStart(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	base := job{}.hcl()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{Config: env.Config(base), ConfigVariables: vars()},
			{
				Config:          env.Config(job{Extra: "run_mode = \"timed\"\n  expect_run_time = \"2030-01-01T02:00:00+08:00\""}.hcl()),
				ConfigVariables: vars(), PlanOnly: true,
				ExpectError: regexp.MustCompile(`run_mode cannot change after the start`),
			},
			{
				Config: env.Config(job{Extra: "auto_retry_time_range_minutes = 30"}.hcl()), ConfigVariables: vars(), PlanOnly: true,
				ExpectError: regexp.MustCompile(`auto_retry_time_range_minutes cannot change after the start`),
			},
			{Config: env.Config(base), ConfigVariables: vars(), PlanOnly: true}, // converged
		},
	})
}

// A failed create whose plan had a partly set rate_limit leaves a state
// Terraform accepts: every value known (no "Provider returned invalid
// result object").
func TestPartialRateLimitWithAFailedCheck(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	cfg := protoConfig(p, 1, "", map[string]any{"rate_limit": map[string]any{"dump_thread": 4}})
	cfg["src_info"].(map[string]any)["info"].([]any)[0].(map[string]any)["host"] = "down.invalid"
	state, _, diags := p.ApplyAllowingErrors(jobType, p.Null(jobType), p.Config(jobType, cfg), nil)
	if e := acctest.Errors(diags); !strings.Contains(e, "the migration check failed") {
		t.Fatalf("errors:\n%s", e)
	}
	if !state.IsFullyKnown() {
		t.Fatalf("the state after a failed create holds unknown values: %v", state)
	}
}

// rate_limit before the start waits for the run; after the run it is a
// plan-time error; while running it changes in place.
func TestAccMigrationJob_rateLimitOutsideARun(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	withLimit := func(state, limit string) string {
		return env.Config(job{State: state, MigrateType: "full", Extra: limit}.hcl())
	}
	dumpThread := func(n int64) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("rate_limit").AtMapKey("dump_thread"), knownvalue.Int64Exact(n))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{Config: withLimit("checked", ""), ConfigVariables: vars()},
			{
				Config: withLimit("checked", "rate_limit = { dump_thread = 4 }"), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{dumpThread(4), statusIn("checkPass")},
			},
			{
				Config: withLimit("running", "rate_limit = { dump_thread = 4 }"), ConfigVariables: vars(),
				Check: func(*terraform.State) error {
					if n := acctest.Calls(env.Emulator, "ModifyMigrateRateLimit"); n != 1 {
						return fmt.Errorf("ModifyMigrateRateLimit called %d times, want once, when the job ran", n)
					}
					return nil
				},
			},
			{
				PreConfig: func() { forceOnlyJob(t, env, "success") }, // the full migration ended
				Config:    withLimit("running", "rate_limit = { dump_thread = 8 }"), ConfigVariables: vars(),
				ExpectError: regexp.MustCompile(`(?s)The job no longer runs.*only while\s+a job runs`),
			},
		},
	})
}

// A rename's plan shows the rename, not "known after apply" for every
// computed value.
func TestAccMigrationJob_inPlacePlanIsQuiet(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	known := func(attr string) plancheck.PlanCheck {
		return plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New(attr), knownvalue.NotNull())
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{Config: env.Config(job{}.hcl()), ConfigVariables: vars()},
			{
				Config: env.Config(job{Name: "orders-renamed"}.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
					known("status"), known("trade_status"), known("brief_msg"),
					plancheck.ExpectKnownValue(jobAddr, tfjsonpath.New("rate_limit").AtMapKey("dump_thread"), knownvalue.NotNull()),
				}},
			},
		},
	})
}

// What the prior state already shows is refused at plan time with the real
// reason, not at apply with a hint to refresh: resizing a link DTS does not
// bill, pausing a job at readyComplete.
func TestAccMigrationJob_refusedByStatusAtPlanTime(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{Config: env.Config(job{}.hcl()), ConfigVariables: vars()},
			{
				Config: env.Config(job{Class: "large"}.hcl()), ConfigVariables: vars(), PlanOnly: true,
				ExpectError: regexp.MustCompile(`DTS resizes only billed jobs`),
			},
			{
				PreConfig: func() { forceOnlyJob(t, env, "readyComplete") },
				Config:    env.Config(job{State: "paused"}.hcl()), ConfigVariables: vars(),
				ExpectError: regexp.MustCompile(`A job at readyComplete cannot be paused`),
			},
		},
	})
	if n := acctest.Calls(env.Emulator, "ModifyMigrateJobSpec") + acctest.Calls(env.Emulator, "PauseMigrateJob"); n != 0 {
		t.Fatalf("%d refused operations reached the API", n)
	}
}

// After an import the versions of the write-only secrets are unknown to the
// state: the first apply records them quietly (nothing is sent, no warning).
func TestFirstApplyAfterImportIsQuiet(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	state, private, _ := p.Apply(jobType, p.Null(jobType), p.Config(jobType, protoConfig(p, 1, "", nil)), nil)
	imported, err := tftypes.Transform(state, func(at *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if strings.HasSuffix(at.String(), `AttributeName("password_wo_version")`) {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, _, diags := p.Apply(jobType, imported, p.Config(jobType, protoConfig(p, 1, "", nil)), private)
	if w := acctest.Warnings(diags); w != "" {
		t.Fatalf("warnings after an import:\n%s", w)
	}
	if n := acctest.Calls(env.Emulator, "ModifyMigrationJob"); n != 1 {
		t.Fatalf("ModifyMigrationJob called %d times, want 1 (the create's)", n)
	}
}

// An abandoned job DTS does not bill is not called "still billed".
func TestAbandonSaysWhetherTheJobIsBilled(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	state, private, _ := p.Apply(jobType, p.Null(jobType), p.Config(jobType, protoConfig(p, 1, "", map[string]any{"deletion_policy": "abandon"})), nil)
	w := acctest.Warnings(p.Destroy(jobType, state, private))
	if !strings.Contains(w, "left running in DTS") || !strings.Contains(w, "DTS does not bill this link") || strings.Contains(w, "still billed") {
		t.Fatalf("warnings:\n%s", w)
	}
}

// forceOnlyJob forces the status of the test's one live job.
func forceOnlyJob(t *testing.T, env *acctest.Env, status string) {
	t.Helper()
	jobs := env.LiveMigrationJobs()
	if len(jobs) != 1 {
		t.Fatalf("%d live jobs, want 1", len(jobs))
	}
	if err := env.Emulator.ForceStatus(acctest.Region, jobs[0].JobID, status, ""); err != nil {
		t.Fatal(err)
	}
}
