package migration_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

const (
	testTmpKey   = "TmpSecretKey-of-the-source-account-0001"
	testTmpToken = "TmpToken-of-the-source-account-never-stored-0001"
)

// The password and the temporary credentials of the source's account reach
// the API (the journal records their hashes, twice: at the create and after
// new versions) and appear in none of the plans, the states, the files
// Terraform wrote, the TRACE log, the emulator's journal or its log.
func TestAccMigrationJob_secretsNeverLeak(t *testing.T) {
	scan := acctest.NewSecretScan(t, map[string]string{
		"the password": testPassword, "the temporary secret key": testTmpKey, "the temporary token": testTmpToken})
	env := scan.Env
	withTmp := func(version int) string {
		hcl := job{State: "checked", PasswordVersion: version}.hcl()
		user := `      user                = "migrator"` + "\n"
		if !strings.Contains(hcl, user) {
			t.Fatal("no source user in the configuration")
		}
		return `
variable "tmp_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "tmp_token" {
  type      = string
  sensitive = true
  ephemeral = true
}
` + strings.Replace(hcl, user, user+fmt.Sprintf(`      tmp_secret_id             = "AKIDtmpSourceAccount0001"
      tmp_secret_key_wo         = var.tmp_key
      tmp_secret_key_wo_version = %d
      tmp_token_wo              = var.tmp_token
      tmp_token_wo_version      = %d
`, version, version), 1)
	}
	variables := vars()
	variables["tmp_key"], variables["tmp_token"] = config.StringVariable(testTmpKey), config.StringVariable(testTmpToken)
	step := func(version int) resource.TestStep {
		return resource.TestStep{Config: env.Config(withTmp(version)), ConfigVariables: variables,
			ConfigPlanChecks: scan.PlanChecks(), ConfigStateChecks: scan.StateChecks()}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps:                    []resource.TestStep{step(1), step(2)}, // new versions before the start: sent again
	})
	scan.Verify(map[string]string{"the password": "ModifyMigrationJob", "the temporary secret key": "ModifyMigrationJob",
		"the temporary token": "ModifyMigrationJob"})
	if n := acctest.Calls(env.Emulator, "ModifyMigrationJob"); n != 2 {
		t.Errorf("ModifyMigrationJob called %d times, want 2", n)
	}
}
