package subscription_test

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

// TestCheckFailure: a failed check fails the create with every failed step
// and its help, and taints the subscription; fixed (a reachable host), the
// next apply replaces it.
func TestCheckFailure(t *testing.T) {
	env := acctest.New(t)
	// Reading the check's verdict is retried too.
	env.Emulator.AddFault(emulator.FaultRule{Action: "DescribeSubscribeCheckJob", Kind: emulator.FaultError, Code: "InternalError", First: 1})
	endpoint := func(host string) string {
		return `{
    database_region = "ap-guangzhou"
    host_name       = "` + host + `"
    port            = 3306
    user            = "dts_user"
    password_wo     = var.password
  }`
	}
	bad := subs{Access: "extranet", Endpoint: endpoint("db.example.invalid")}
	good := subs{Access: "extranet", Endpoint: endpoint("db.example.com")}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: env.Config(bad.hcl()), ConfigVariables: vars(),
				ExpectError: regexp.MustCompile(`(?s)subscription check failed.*\[failed\].*ConnectDBCheck.*db\.example\.invalid.*help:`),
			},
			{
				Config: env.Config(good.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(subsAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("subs_status", knownvalue.StringExact("running"))},
			},
		},
	})
}

// TestResetForAnEndpointChange: a new endpoint of a running subscription is
// a reset on the same ID (ResetSubscribe, configure, check, start), with a
// plan-time warning; a new password too.
func TestResetForAnEndpointChange(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	same := statecheck.CompareValue(compare.ValuesSame())
	moved := subs{Endpoint: cdbEndpoint("cdb-my0002", 1)}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.Config(subs{}.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{same.AddStateValue(subsAddr, tfjsonpath.New("id"))}},
			{
				PreConfig: m.mark,
				Config:    env.Config(moved.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(subsAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(subsAddr, tfjsonpath.New("topic")),
				}},
				Check: m.called([]string{"ResetSubscribe", "ConfigureSubscribeJob", "CreateSubscribeCheckJob", "StartSubscribe"},
					[]string{"CreateSubscribe", "ModifySubscribeObjects", "IsolateSubscribe"}),
				ConfigStateChecks: []statecheck.StateCheck{
					same.AddStateValue(subsAddr, tfjsonpath.New("id")),
					expect("subs_status", knownvalue.StringExact("running")),
					expect("endpoints", knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"instance_id": knownvalue.StringExact("cdb-my0002")})})),
				},
			},
			{
				PreConfig: m.mark,
				Config:    env.Config(subs{Endpoint: cdbEndpoint("cdb-my0002", 2)}.hcl()), ConfigVariables: vars(),
				Check:             m.called([]string{"ResetSubscribe", "ConfigureSubscribeJob", "StartSubscribe"}, nil),
				ConfigStateChecks: []statecheck.StateCheck{same.AddStateValue(subsAddr, tfjsonpath.New("id"))},
			},
		},
	})
}

// TestDrift: statuses reached outside Terraform show in `state`, and apply
// takes the subscription back: an error is resumed, a reset outside
// Terraform is configured, checked and started again; an isolated
// subscription is replaced (DTS cannot recover it).
func TestDrift(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	cfg := env.Config(subs{}.hcl())
	back := func(check resource.TestCheckFunc, want string, calls ...string) []resource.TestStep {
		return []resource.TestStep{
			{Config: cfg, ConfigVariables: vars(), Check: check, ExpectNonEmptyPlan: true},
			{Config: cfg, ConfigVariables: vars(), PlanOnly: true, ExpectNonEmptyPlan: true, ConfigPlanChecks: refreshed(subsAddr, "state", want)},
			{
				PreConfig: m.mark, Config: cfg, ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(subsAddr, plancheck.ResourceActionUpdate),
				}},
				Check:             m.called(calls, []string{"CreateSubscribe"}),
				ConfigStateChecks: []statecheck.StateCheck{expect("subs_status", knownvalue.StringExact("running"))},
			},
		}
	}
	reset := func(s *terraform.State) error {
		_, err := env.Client(t).ResetSubscribe(t.Context(), acctest.Region, resetRequest(subscriptionID(s)))
		return err
	}
	steps := []resource.TestStep{{Config: cfg, ConfigVariables: vars()}}
	steps = append(steps, back(force(env, "error", ""), "error", "ResumeSubscribe")...)
	steps = append(steps, back(reset, "notStarted", "ConfigureSubscribeJob", "CreateSubscribeCheckJob", "StartSubscribe")...)
	steps = append(steps,
		resource.TestStep{Config: cfg, ConfigVariables: vars(), ExpectNonEmptyPlan: true, Check: func(s *terraform.State) error {
			return env.Emulator.Isolate(acctest.Region, subscriptionID(s), emulator.IsolationManual)
		}},
		resource.TestStep{Config: cfg, ConfigVariables: vars(),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(subsAddr, plancheck.ResourceActionReplace),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expect("status", knownvalue.StringExact("normal")), expect("subs_status", knownvalue.StringExact("running")),
			}},
	)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps:                    steps,
	})
}

// TestResumeFailsAgain: an error that a resume does not cure fails the
// apply with DTS's errors, without tainting; the next apply tries again.
func TestResumeFailsAgain(t *testing.T) {
	env := acctest.New(t)
	cfg := env.Config(subs{}.hcl())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigVariables: vars(), ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(setOutcome(env, emulator.Outcome{ResumeFails: true}), force(env, "error", ""))},
			{Config: cfg, ConfigVariables: vars(), ExpectError: regexp.MustCompile(`(?s)failed again after a resume.*binlog`)},
			{Config: cfg, ConfigVariables: vars(), ExpectNonEmptyPlan: true, PlanOnly: true, ConfigPlanChecks: refreshed(subsAddr, "state", "error")},
			{Config: cfg, ConfigVariables: vars(), ExpectNonEmptyPlan: true, PlanOnly: true,
				ConfigPlanChecks: refreshed(subsAddr, "errors", "[map[message:The subscription stopped: the source's binlog could not be read. "+
					"reason:The connection to the source database was lost while reading its binlog. "+
					"solution:Check the source database and its network, then resume the subscription (ResumeSubscribe).]]")},
			{PreConfig: func() {
				if err := env.Emulator.SetOutcome(acctest.Region, onlySubscription(t, env), emulator.Outcome{}); err != nil {
					t.Fatal(err)
				}
			}, Config: cfg, ConfigVariables: vars(), ConfigStateChecks: []statecheck.StateCheck{expect("subs_status", knownvalue.StringExact("running"))}},
		},
	})
}

// TestCheckedThenRunning: state = "checked" configures and checks without
// starting; "running" later is StartSubscribe; back to "checked" is a reset.
func TestCheckedThenRunning(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.Config(subs{State: "checked"}.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{expect("subs_status", knownvalue.StringExact("checkPass")), expect("topic", knownvalue.StringExact(""))}},
			// A change before the start: configured and checked again.
			{PreConfig: m.mark, Config: env.Config(subs{State: "checked", Mode: "all", Objects: []string{}}.hcl()), ConfigVariables: vars(),
				Check: m.called([]string{"ConfigureSubscribeJob", "CreateSubscribeCheckJob"}, []string{"StartSubscribe", "ModifySubscribeObjects"})},
			{PreConfig: m.mark, Config: env.Config(subs{Mode: "all", Objects: []string{}}.hcl()), ConfigVariables: vars(),
				Check:             m.called([]string{"StartSubscribe"}, []string{"ConfigureSubscribeJob"}),
				ConfigStateChecks: []statecheck.StateCheck{expect("subs_status", knownvalue.StringExact("running"))}},
			{PreConfig: m.mark, Config: env.Config(subs{State: "checked", Mode: "all", Objects: []string{}}.hcl()), ConfigVariables: vars(),
				Check:             m.called([]string{"ResetSubscribe", "ConfigureSubscribeJob"}, []string{"StartSubscribe"}),
				ConfigStateChecks: []statecheck.StateCheck{expect("subs_status", knownvalue.StringExact("checkPass"))}},
		},
	})
}

// TestLostPurchaseReply: the reply of CreateSubscribe is lost after DTS
// bought the subscription; the provider finds it by its token tag and buys
// nothing twice.
func TestLostPurchaseReply(t *testing.T) {
	env := acctest.New(t)
	env.Emulator.AddFault(emulator.FaultRule{Action: "CreateSubscribe", Kind: emulator.FaultApplyThenDrop, First: 1})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{{
			Config: env.Config(subs{}.hcl()), ConfigVariables: vars(),
			ConfigStateChecks: []statecheck.StateCheck{expect("subs_status", knownvalue.StringExact("running"))},
			Check: func(*terraform.State) error {
				if n := countKind(env, "subscription"); n != 1 {
					return fmt.Errorf("%d subscriptions bought, want 1", n)
				}
				return nil
			},
		}},
	})
}

func countKind(env *acctest.Env, kind string) int {
	n := 0
	for _, j := range env.Emulator.Jobs(acctest.Region) {
		if j.Kind == kind {
			n++
		}
	}
	return n
}
