package subscription_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// Destroy works from every reachable status of either machine.
func TestDestroyFromEveryStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ status, trade, state string }{
		{"notStarted", "", ""}, {"checking", "", ""}, {"checkNotPass", "", ""}, {"checkPass", "", "checked"},
		{"starting", "", ""}, {"running", "", ""}, {"error", "", ""},
		{"", "isolating", ""}, {"", "isolated", ""}, {"", "offlining", ""}, {"", "post2PrePayIng", ""},
	} {
		t.Run(tc.status+tc.trade, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			cfg := env.Config(subs{State: tc.state, Group: map[bool]string{true: group("orders-app", "orders-reader", "", 1)}[tc.state == ""]}.hcl())
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             subsDestroyed(env),
				Steps: []resource.TestStep{
					{Config: cfg, ConfigVariables: vars()},
					{
						PreConfig: func() {
							if err := env.Emulator.ForceStatus(acctest.Region, onlySubscription(t, env), tc.status, tc.trade); err != nil {
								t.Fatal(err)
							}
						},
						Config: cfg, ConfigVariables: vars(), Destroy: true,
					},
				},
			})
		})
	}
}

// Transient failures of every mutating action (an internal error, a
// dropped connection) and of the reads are retried; every apply and the
// destroy succeed.
func TestFaultsOnEveryMutatingAction(t *testing.T) {
	t.Parallel()
	actions := []string{"CreateSubscribe", "ConfigureSubscribeJob", "CreateSubscribeCheckJob", "StartSubscribe", "ModifySubscribeName",
		"ModifySubscribeAutoRenewFlag", "ModifySubscribeObjects", "ResetSubscribe", "ResumeSubscribe", "IsolateSubscribe",
		"DestroyIsolatedSubscribe", "CreateConsumerGroup", "ModifyConsumerGroupDescription", "ModifyConsumerGroupPassword",
		"DeleteConsumerGroup", "DescribeSubscribeDetail", "DescribeSubscribeReturnable",
		"DescribeConsumerGroups", "DescribeSubscribeJobs"}
	for _, action := range actions {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			if action == "CreateSubscribe" || action == "CreateConsumerGroup" {
				// A purchase is never repeated once it may have reached DTS
				// (the lost-reply tests): throttling, an explicit refusal,
				// is retried.
				env.Emulator.AddFault(emulator.FaultRule{Action: action, Kind: emulator.FaultError, Code: "RequestLimitExceeded", First: 1})
			} else {
				// The first call fails, the second loses its connection.
				env.Emulator.AddFault(emulator.FaultRule{Action: action, Kind: emulator.FaultError, Code: "InternalError", First: 1})
				env.Emulator.AddFault(emulator.FaultRule{Action: action, Kind: emulator.FaultDrop, Every: 2})
			}
			prepaid := func(s subs) string {
				s.PayMode, s.Extra = "PrePay", s.Extra+"  duration = 1\n"
				return env.Config(s.hcl())
			}
			two := []string{`{ object_type = "database", database = "orders" }`, `{ object_type = "database", database = "crm" }`}
			changed := subs{Name: "orders-v2", Objects: two, Extra: "  auto_renew = true\n", Group: group("app", "reader", "orders app", 2)}
			moved := changed
			moved.Endpoint = cdbEndpoint("cdb-my0002", 1)
			running := []statecheck.StateCheck{expect("subs_status", knownvalue.StringExact("running"))}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             subsDestroyed(env),
				Steps: []resource.TestStep{
					{Config: prepaid(subs{Group: group("app", "reader", "", 1)}), ConfigVariables: vars()},
					// Rename, renewal, objects in place; the group's description and password.
					{Config: prepaid(changed), ConfigVariables: vars(), ConfigStateChecks: running},
					// An error resumed.
					{Config: prepaid(changed), ConfigVariables: vars(), ExpectNonEmptyPlan: true, Check: force(env, "error", "")},
					{Config: prepaid(changed), ConfigVariables: vars(), ConfigStateChecks: running},
					// A reset, which drops the group: recreated by the next apply.
					{Config: prepaid(moved), ConfigVariables: vars(), ConfigStateChecks: running, ExpectNonEmptyPlan: true},
					{Config: prepaid(moved), ConfigVariables: vars(), ConfigStateChecks: running},
				},
			})
			for _, f := range env.Emulator.Faults() {
				if f.Fired == 0 {
					t.Errorf("the fault %s on %s never fired (%d calls): the test proves nothing", f.Kind, f.Action, f.Calls)
				}
			}
		})
	}
}

// A prepaid subscription DTS no longer takes back (bought more than five
// days ago) is not isolated: the destroy fails with DTS's reason and
// changes nothing.
func TestDestroyPrepaidNotReturnable(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	state, private, _ := p.Apply(subsType, p.Null(subsType), p.Config(subsType, protoSubs(map[string]any{"pay_mode": "PrePay", "duration": 12})), nil)
	env.Clock.Advance(2 * time.Hour) // more than 5 days at the test's time scale
	diags := p.Destroy(subsType, state, private)
	errs := acctest.Errors(diags)
	if !strings.Contains(errs, "DTS will not take back prepaid subscription") || !strings.Contains(errs, "more than 5 days ago") ||
		!strings.Contains(errs, "deletion_policy = \"abandon\"") {
		t.Fatalf("errors:\n%s", errs)
	}
	if n := acctest.Calls(env.Emulator, "IsolateSubscribe"); n != 0 {
		t.Fatalf("IsolateSubscribe called %d times", n)
	}
	if id := onlySubscription(t, env); acctest.AttrString(t, state, "id") != id {
		t.Fatalf("subscription %s is not the state's", id)
	}
	// Abandoned instead, it leaves the state with a warning.
	state, private, _ = p.Apply(subsType, state, p.Config(subsType, protoSubs(map[string]any{"pay_mode": "PrePay", "duration": 12,
		"deletion_policy": "abandon"})), private)
	if diags := p.Destroy(subsType, state, private); acctest.Errors(diags) != "" || !strings.Contains(acctest.Warnings(diags), "abandoned") {
		t.Fatalf("abandon: %s %s", acctest.Errors(diags), acctest.Warnings(diags))
	}
}

// A prepaid subscription's renewal changes in place; a postpaid one is
// isolated and destroyed at once.
func TestAutoRenewInPlace(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	cfg := func(renew bool) string {
		// A name of 60 characters (of 180 bytes): DTS counts characters.
		return env.Config(subs{Name: strings.Repeat("訂", 60), PayMode: "PrePay", Extra: "  duration = 3\n  auto_renew = " + map[bool]string{true: "true", false: "false"}[renew] + "\n"}.hcl())
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: cfg(false), ConfigVariables: vars(), ConfigStateChecks: []statecheck.StateCheck{expect("pay_mode", knownvalue.StringExact("PrePay"))}},
			{PreConfig: m.mark, Config: cfg(true), ConfigVariables: vars(),
				Check:             m.called([]string{"ModifySubscribeAutoRenewFlag"}, []string{"ResetSubscribe", "CreateSubscribe", "ModifySubscribeObjects"}),
				ConfigStateChecks: []statecheck.StateCheck{expect("auto_renew", knownvalue.Bool(true))}},
		},
	})
}
