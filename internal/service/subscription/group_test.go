package subscription_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

func groupImportID(s *terraform.State) (string, error) {
	r := s.RootModule().Resources[groupAddr].Primary.Attributes
	return fmt.Sprintf("%s:%s:%s:%s", acctest.Region, r["subscribe_id"], r["consumer_group_name"], r["account_name"]), nil
}

// TestGroupLifecycle: a subscription and its consumer group in one apply;
// import; the description and the password in place; a new name replaces
// the group; a group deleted outside Terraform, or dropped by a reset of its
// subscription, is created again by the next apply.
func TestGroupLifecycle(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	cfg := func(name, description string, version int) subs {
		return subs{Group: group(name, "orders-reader", description, version)}
	}
	fullName := regexp.MustCompile(`^consumer-grp-subs-[0-9a-z]{10}-orders-app$`)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: env.Config(cfg("orders-app", "the orders app", 1).hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					expectGroup("id", knownvalue.StringRegexp(fullName)),
					expectGroup("account", knownvalue.StringRegexp(regexp.MustCompile(`^account-subs-[0-9a-z]{10}-orders-reader$`))),
					expectGroup("consumer_group_state", knownvalue.StringExact("Empty")),
					expectGroup("region", knownvalue.StringExact(acctest.Region)),
					noSecrets(),
				},
			},
			{
				ResourceName: groupAddr, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: groupImportID,
				ImportStateVerifyIgnore: []string{"password_wo_version", "timeouts"}, ConfigVariables: vars(),
			},
			{
				PreConfig: m.mark,
				Config:    env.Config(cfg("orders-app", "orders, v2", 2).hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(subsAddr, plancheck.ResourceActionNoop),
				}},
				Check: m.called([]string{"ModifyConsumerGroupDescription", "ModifyConsumerGroupPassword"},
					[]string{"DeleteConsumerGroup", "CreateConsumerGroup"}),
				ConfigStateChecks: []statecheck.StateCheck{expectGroup("description", knownvalue.StringExact("orders, v2"))},
			},
			{
				Config: env.Config(cfg("orders-app-2", "orders, v2", 2).hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionReplace),
				}},
			},
			// Deleted outside Terraform: created again.
			{
				Config: env.Config(cfg("orders-app-2", "orders, v2", 2).hcl()), ConfigVariables: vars(), ExpectNonEmptyPlan: true,
				Check: func(s *terraform.State) error {
					return env.Emulator.DeleteJob(acctest.Region, s.RootModule().Resources[groupAddr].Primary.ID)
				},
			},
			{
				Config: env.Config(cfg("orders-app-2", "orders, v2", 2).hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionCreate),
				}},
			},
			// A reset of the subscription drops the group: the next apply
			// creates it again.
			{
				Config:          env.Config(subs{Endpoint: cdbEndpoint("cdb-my0002", 1), Group: group("orders-app-2", "orders-reader", "orders, v2", 2)}.hcl()),
				ConfigVariables: vars(), ExpectNonEmptyPlan: true,
			},
			{
				Config:          env.Config(subs{Endpoint: cdbEndpoint("cdb-my0002", 1), Group: group("orders-app-2", "orders-reader", "orders, v2", 2)}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(groupAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(subsAddr, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// TestGroupWaitsForARunningSubscription: DTS creates groups of a running
// subscription only. A subscription that is only checked fails the group's
// create at once, saying why; once it runs, the group is created.
func TestGroupWaitsForARunningSubscription(t *testing.T) {
	env := acctest.New(t)
	g := group("orders-app", "orders-reader", "", 1)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.Config(subs{State: "checked", Group: g}.hcl()), ConfigVariables: vars(),
				ExpectError: regexp.MustCompile(`(?s)subscription subs-\w+ is checkPass: DTS creates consumer groups for a\s+running subscription only.*state = "running"`)},
			{Config: env.Config(subs{Group: g}.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{expectGroup("consumer_group_state", knownvalue.StringExact("Empty"))}},
		},
	})
}

// TestGroupLostReply: the reply of CreateConsumerGroup is lost after DTS
// created the group; the provider, which never repeats the action blindly,
// finds the group among the subscription's and creates nothing twice.
func TestGroupLostReply(t *testing.T) {
	env := acctest.New(t)
	env.Emulator.AddFault(emulator.FaultRule{Action: "CreateConsumerGroup", Kind: emulator.FaultApplyThenDrop, First: 1})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{{
			Config: env.Config(subs{Group: group("orders-app", "orders-reader", "", 1)}.hcl()), ConfigVariables: vars(),
			ConfigStateChecks: []statecheck.StateCheck{expectGroup("consumer_group_state", knownvalue.StringExact("Empty"))},
			Check: func(*terraform.State) error {
				if n := countKind(env, "consumerGroup"); n != 1 {
					return fmt.Errorf("%d consumer groups, want 1", n)
				}
				if n := len(env.Emulator.Faults()); n != 1 || env.Emulator.Faults()[0].Fired != 1 {
					return fmt.Errorf("the lost reply was not simulated: %+v", env.Emulator.Faults())
				}
				return nil
			},
		}},
	})
	if n := acctest.Calls(env.Emulator, "CreateConsumerGroup"); n > 1 {
		t.Errorf("CreateConsumerGroup succeeded %d times", n)
	}
}
