package migration_test

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

// The password reaches the API (the journal records its hash) and appears in
// none of the state file, `terraform show -json`, the plan, or a trace log.
func TestAccMigrationJob_secretsNeverLeak(t *testing.T) {
	dir, logPath := acctest.SecretTrace(t)

	env := acctest.New(t)
	secretFree := func(what string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(testPassword)) {
			t.Errorf("the password appears in %s", what)
		}
		return nil
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:          env.Config(job{State: "checked"}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.PlanFunc(func(p *tfjson.Plan) error { return secretFree("the plan", p) }),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateFunc(func(s *tfjson.State) error { return secretFree("terraform show -json", s) }),
				},
			},
			{ // a new password before the start: sent again, still never stored
				Config:          env.Config(job{State: "checked", PasswordVersion: 2}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.PlanFunc(func(p *tfjson.Plan) error { return secretFree("the plan", p) }),
				}},
			},
		},
	})

	// The API got it: the journal has its hash where ModifyMigrationJob sent it.
	sum := sha256.Sum256([]byte(testPassword))
	hash := "sha256:" + hex.EncodeToString(sum[:])
	sent := 0
	for _, e := range env.Emulator.Journal() {
		if bytes.Contains(e.Parameters, []byte(testPassword)) {
			t.Errorf("the journal recorded the password of %s in clear", e.Action)
		}
		if e.Action == "ModifyMigrationJob" && bytes.Contains(e.Parameters, []byte(hash)) {
			sent++
		}
	}
	if sent != 2 {
		t.Errorf("ModifyMigrationJob carried the password %d times, want 2", sent)
	}

	acctest.NoSecretOnDisk(t, dir, logPath, testPassword, "ModifyMigrationJob")
}
