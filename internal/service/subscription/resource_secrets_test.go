package subscription_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// The passwords of the subscription and of its consumer group reach the API
// (the journal records their hashes) and appear in none of the state,
// `terraform show -json`, the plans or a trace log; a new version of
// either is sent again (the subscription's before the start with a new
// check, the group's with ModifyConsumerGroupPassword).
func TestSecretsNeverLeak(t *testing.T) {
	dir, logPath := acctest.SecretTrace(t)
	env := acctest.New(t)
	secretFree := func(what string, v any) error {
		b, _ := json.Marshal(v)
		for _, secret := range []string{testPassword, groupPassword} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("a password appears in %s", what)
			}
		}
		return nil
	}
	planFree := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		acctest.PlanFunc(func(p *tfjson.Plan) error { return secretFree("the plan", p) }),
	}}
	showFree := []statecheck.StateCheck{acctest.StateFunc(func(s *tfjson.State) error { return secretFree("terraform show -json", s) })}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.Config(subs{State: "checked"}.hcl()), ConfigVariables: vars(), ConfigPlanChecks: planFree, ConfigStateChecks: showFree},
			// A new password before the start: configured and checked again.
			{Config: env.Config(subs{State: "checked", PasswordVersion: 2}.hcl()), ConfigVariables: vars(), ConfigPlanChecks: planFree},
			{Config: env.Config(subs{PasswordVersion: 2, Group: group("app", "reader", "", 1)}.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: planFree, ConfigStateChecks: showFree},
			{Config: env.Config(subs{PasswordVersion: 2, Group: group("app", "reader", "", 2)}.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: planFree, ConfigStateChecks: showFree},
		},
	})
	sent := map[string]int{}
	for _, e := range env.Emulator.Journal() {
		for _, secret := range []string{testPassword, groupPassword} {
			sum := sha256.Sum256([]byte(secret))
			if bytes.Contains(e.Parameters, []byte(secret)) {
				t.Errorf("the journal recorded a password of %s in clear", e.Action)
			}
			if bytes.Contains(e.Parameters, []byte("sha256:"+hex.EncodeToString(sum[:]))) {
				sent[e.Action]++
			}
		}
	}
	want := map[string]int{"ConfigureSubscribeJob": 2, "CreateConsumerGroup": 1, "ModifyConsumerGroupPassword": 1}
	for action, n := range want {
		if sent[action] != n {
			t.Errorf("%s carried a password %d times, want %d (all: %v)", action, sent[action], n, sent)
		}
	}
	acctest.NoSecretOnDisk(t, dir, logPath, testPassword, "ConfigureSubscribeJob")
	acctest.NoSecretOnDisk(t, dir, logPath, groupPassword, "ModifyConsumerGroupPassword")
}
