package sync_test

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

// The password reaches the API (the journal records its hash) before the
// start, and appears in none of the state, `terraform show -json`, the plan
// or a trace log; after the start a new version is recorded with a warning,
// never sent.
func TestSecretsNeverLeak(t *testing.T) {
	dir, logPath := acctest.SecretTrace(t)
	env := acctest.New(t)
	secretFree := func(what string, v any) error {
		if b, _ := json.Marshal(v); bytes.Contains(b, []byte(testPassword)) {
			t.Errorf("the password appears in %s", what)
		}
		return nil
	}
	planFree := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		acctest.PlanFunc(func(p *tfjson.Plan) error { return secretFree("the plan", p) }),
	}}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: env.Config(job{State: "checked"}.hcl()), ConfigVariables: vars(), ConfigPlanChecks: planFree,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateFunc(func(s *tfjson.State) error { return secretFree("terraform show -json", s) }),
				},
			},
			// A new password before the start: configured and checked again.
			{Config: env.Config(job{State: "checked", PasswordVersion: 2}.hcl()), ConfigVariables: vars(), ConfigPlanChecks: planFree},
			{Config: env.Config(job{PasswordVersion: 2}.hcl()), ConfigVariables: vars()},
			// After the start: recorded only.
			{Config: env.Config(job{PasswordVersion: 3}.hcl()), ConfigVariables: vars(), ConfigPlanChecks: planFree},
		},
	})
	sum := sha256.Sum256([]byte(testPassword))
	hash := "sha256:" + hex.EncodeToString(sum[:])
	sent := 0
	for _, e := range env.Emulator.Journal() {
		if bytes.Contains(e.Parameters, []byte(testPassword)) {
			t.Errorf("the journal recorded the password of %s in clear", e.Action)
		}
		if e.Action == "ConfigureSyncJob" && bytes.Contains(e.Parameters, []byte(hash)) {
			sent++
		}
	}
	if sent != 2 {
		t.Errorf("ConfigureSyncJob carried the password %d times, want 2 (create, new version before the start)", sent)
	}
	acctest.NoSecretOnDisk(t, dir, logPath, testPassword, "ConfigureSyncJob")
}
