package compare_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// custom is a task body that compares the listed tables of database orders.
func custom(extra string, tables ...string) string {
	list := ""
	for i, t := range tables {
		if i > 0 {
			list += ", "
		}
		list += fmt.Sprintf("{ table_name = %q }", t)
	}
	return fmt.Sprintf(`  object_mode = "custom"
  objects = {
    object_mode  = "partial"
    object_items = [{ db_name = "orders", db_mode = "partial", table_mode = "partial", tables = [%s] }]
  }
%s`, list, extra)
}

func replaces() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(taskAddr, plancheck.ResourceActionReplace)}}
}

// TestDifferent: a different conclusion fails the apply with the differing
// tables and rows when fail_on_difference is set, and taints the task; the
// next apply runs a fresh comparison. Without the flag it is recorded.
func TestDifferent(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		m := &journalMark{env: env}
		gated := step(env, cfg{P: p, DB: "diff_orders", Task: "  fail_on_difference = true"})
		gated.ExpectError = wrapped("the data differ", "found 3 of 3 tables different, 9 rows in all",
			"diff_orders.sbtest1: 3 rows", "diff_orders.sbtest3: 3 rows", "The task is tainted")
		recorded := step(env, cfg{P: p, DB: "diff_orders"})
		recorded.PreConfig, recorded.ConfigPlanChecks = m.mark, replaces()
		recorded.Check = m.called([]string{p.Create, p.Delete}, nil)
		recorded.ConfigStateChecks = []statecheck.StateCheck{
			expect("conclusion", knownvalue.StringExact("different")),
			expect("different_tables", knownvalue.Int64Exact(3)),
			expect("different_rows", knownvalue.Int64Exact(9)),
		}
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps:                    []resource.TestStep{gated, recorded},
		})
	})
}

// TestSkipAll: a comparison that compared nothing fails the gate too.
func TestSkipAll(t *testing.T) {
	env := acctest.New(t)
	s := step(env, cfg{P: migrationParent, Task: custom("  fail_on_difference = true", "skip_a", "skip_b")})
	s.ExpectError = wrapped("nothing was compared", "compared no table (conclusion skipAll): 2 of 2 tables",
		"orders.skip_a: the table has no primary key")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             checkDestroy(env, migrationParent),
		Steps:                    []resource.TestStep{s},
	})
}

// TestFailed: a task that ends failed fails the apply, gate or not, and is
// tainted; the next apply replaces it.
func TestFailed(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		failed := step(env, cfg{P: p, Task: custom("", "t1", "fail_t2")})
		failed.ExpectError = wrapped(`failure status "failed"`, "fail_t2", "The task is tainted")
		again := step(env, cfg{P: p, Task: custom("", "t1", "t2")})
		again.ConfigPlanChecks = replaces()
		again.ConfigStateChecks = []statecheck.StateCheck{expect("conclusion", knownvalue.StringExact("same"))}
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps:                    []resource.TestStep{failed, again},
		})
	})
}

// TestScriptedFailure: a run the emulator scripts to fail (SetOutcome)
// fails the apply as a fail_ table does.
func TestScriptedFailure(t *testing.T) {
	env := acctest.New(t)
	s := step(env, cfg{P: syncParent, Task: "  wait_for_completion = false"})
	s.Check = func(st *terraform.State) error {
		return env.Emulator.SetOutcome(acctest.Region, taskID(st), emulator.Outcome{RunEnds: "failed"})
	}
	refreshed := step(env, cfg{P: syncParent, Task: "  wait_for_completion = false"})
	refreshed.ConfigStateChecks = []statecheck.StateCheck{expect("status", knownvalue.StringExact("failed"))}
	refreshed.PreConfig = func() { env.Clock.Advance(10 * time.Minute) }
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             checkDestroy(env, syncParent),
		Steps:                    []resource.TestStep{s, refreshed},
	})
}

// TestStopOnDestroy: a comparison that never ends times out (an error: the
// task is tainted); its replacement stops it (through stopping to canceled)
// and deletes it; a task left running (wait_for_completion = false) is
// stopped and deleted on destroy.
func TestStopOnDestroy(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		m := &journalMark{env: env}
		timedOut := step(env, cfg{P: p, Task: custom("  timeouts = { create = \"2m\" }", "stuck_t1")})
		timedOut.ExpectError = wrapped("timed out after", "to end", `last status "running"`, "The task is tainted")
		running := step(env, cfg{P: p, Task: custom("  wait_for_completion = false", "stuck_t1")})
		running.PreConfig, running.ConfigPlanChecks = m.mark, replaces()
		running.Check = m.called([]string{p.Stop, p.Delete, p.Create}, nil)
		running.ConfigStateChecks = []statecheck.StateCheck{
			expect("status", acctest.OneOf(knownvalue.StringExact("readyRun"), knownvalue.StringExact("running"))),
			expect("conclusion", knownvalue.Null()),
		}
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps:                    []resource.TestStep{timedOut, running},
		})
		if n := acctest.Calls(env.Emulator, p.Stop); n != 2 {
			t.Errorf("%s called %d times, want 2 (the replacement and the destroy)", p.Stop, n)
		}
	})
}

// TestCreatedTaskDelete: a task whose start failed stays created, which DTS
// does not delete; the provider starts and stops it, then deletes it.
func TestCreatedTaskDelete(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		start := map[string]string{"migration": "StartCompare", "sync": "StartSyncCompare"}[p.Name]
		env.Emulator.AddFault(emulator.FaultRule{Action: start, Kind: emulator.FaultError, Code: "FailedOperation", First: 1})
		m := &journalMark{env: env}
		failed := step(env, cfg{P: p})
		failed.ExpectError = wrapped("Code: FailedOperation", "The task is tainted")
		failed.ConfigStateChecks = []statecheck.StateCheck{expect("status", knownvalue.StringExact("created"))}
		gone := step(env, cfg{P: p, NoTask: true})
		gone.PreConfig = m.mark
		gone.Check = m.called([]string{start, p.Stop, p.Delete}, nil)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps:                    []resource.TestStep{failed, gone},
		})
	})
}

// TestParentDestroyedTogether: destroying the job and its task in one apply
// deletes the task first, then the job.
func TestParentDestroyedTogether(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		m := &journalMark{env: env}
		both := step(env, cfg{P: p, NoParent: true, NoTask: true})
		both.PreConfig = m.mark
		both.Check = resource.ComposeTestCheckFunc(m.called([]string{p.Delete}, nil), checkDestroy(env, p))
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps:                    []resource.TestStep{step(env, cfg{P: p}), both},
		})
	})
}

// TestParentGone: a job deleted outside Terraform takes its tasks with it;
// a refresh removes both, with a warning, and the plan creates them again.
func TestParentGone(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		gone := step(env, cfg{P: p})
		gone.PlanOnly, gone.ExpectNonEmptyPlan = true, true
		gone.PreConfig = func() {
			for _, j := range env.Emulator.Jobs(acctest.Region) {
				if j.Kind == p.Name {
					if err := env.Emulator.DeleteJob(acctest.Region, j.JobID); err != nil {
						t.Error(err)
					}
				}
			}
		}
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps:                    []resource.TestStep{step(env, cfg{P: p}), gone},
		})
	})
}

// TestLostCreateReply: the reply of Create…CompareTask is lost after DTS
// created the task; the provider finds it by its name and creation time and
// creates nothing twice.
func TestLostCreateReply(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		env.Emulator.AddFault(emulator.FaultRule{Action: p.Create, Kind: emulator.FaultApplyThenDrop, First: 1})
		s := step(env, cfg{P: p, Task: `  name = "gate"`})
		s.ConfigStateChecks = []statecheck.StateCheck{expect("conclusion", knownvalue.StringExact("same"))}
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps:                    []resource.TestStep{s},
		})
		if n := acctest.Calls(env.Emulator, p.Create); n != 1 {
			t.Errorf("%s applied %d times, want 1", p.Create, n)
		}
	})
}
