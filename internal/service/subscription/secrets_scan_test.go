package subscription_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// The subscription's database password and the consumer group's password
// reach DTS and appear in none of the plans, the states, the files
// Terraform wrote, the TRACE log, the emulator's journal or its log
// (acctest.SecretScan, the search every kind's secrets test shares); a new
// version of either is sent again — the subscription's before the start,
// configured and checked again, the group's with ModifyConsumerGroupPassword.
func TestSecretScan(t *testing.T) {
	scan := acctest.NewSecretScan(t, map[string]string{"the database password": testPassword, "the group password": groupPassword})
	env := scan.Env
	step := func(s subs) resource.TestStep {
		return resource.TestStep{Config: env.Config(s.hcl()), ConfigVariables: vars(),
			ConfigPlanChecks: scan.PlanChecks(), ConfigStateChecks: scan.StateChecks()}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			step(subs{State: "checked"}),
			step(subs{State: "checked", PasswordVersion: 2}), // configured and checked again
			step(subs{PasswordVersion: 2, Group: group("app", "reader", "", 1)}),
			step(subs{PasswordVersion: 2, Group: group("app", "reader", "", 2)}), // a new group password: ModifyConsumerGroupPassword
		},
	})
	scan.Verify(map[string]string{"the database password": "ConfigureSubscribeJob", "the group password": "CreateConsumerGroup"})
	for action, want := range map[string]int{"ConfigureSubscribeJob": 2, "ModifyConsumerGroupPassword": 1} {
		if n := acctest.Calls(env.Emulator, action); n != want {
			t.Errorf("%s called %d times, want %d", action, n, want)
		}
	}
}
