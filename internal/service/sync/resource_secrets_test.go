package sync_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

const (
	testTmpKey   = "TmpSecretKey-of-the-sync-source-0001"
	testTmpToken = "TmpToken-of-the-sync-source-never-stored-0001"
)

// The password and the temporary credentials of the source's account reach
// the API before the start (the journal records their hashes) and appear in
// none of the plans, the states, the files Terraform wrote, the TRACE log,
// the emulator's journal or its log; after the start a new version is
// recorded with a warning, never sent.
func TestSecretsNeverLeak(t *testing.T) {
	scan := acctest.NewSecretScan(t, map[string]string{
		"the password": testPassword, "the temporary secret key": testTmpKey, "the temporary token": testTmpToken})
	env := scan.Env
	withTmp := func(j job, version int) string {
		hcl := j.hcl()
		user := `      user                = "dts_user"` + "\n"
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
` + strings.Replace(hcl, user, user+fmt.Sprintf(`      tmp_secret_id             = "AKIDtmpSyncSource0001"
      tmp_secret_key_wo         = var.tmp_key
      tmp_secret_key_wo_version = %d
      tmp_token_wo              = var.tmp_token
      tmp_token_wo_version      = %d
`, version, version), 1)
	}
	variables := vars()
	variables["tmp_key"], variables["tmp_token"] = config.StringVariable(testTmpKey), config.StringVariable(testTmpToken)
	step := func(j job) resource.TestStep {
		return resource.TestStep{Config: env.Config(withTmp(j, j.PasswordVersion)), ConfigVariables: variables,
			ConfigPlanChecks: scan.PlanChecks(), ConfigStateChecks: scan.StateChecks()}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{
			step(job{State: "checked", PasswordVersion: 1}),
			step(job{State: "checked", PasswordVersion: 2}), // before the start: configured and checked again
			step(job{PasswordVersion: 2}),
			step(job{PasswordVersion: 3}), // after the start: recorded only
		},
	})
	scan.Verify(map[string]string{"the password": "ConfigureSyncJob", "the temporary secret key": "ConfigureSyncJob",
		"the temporary token": "ConfigureSyncJob"})
	sum := sha256.Sum256([]byte(testPassword))
	sent := 0
	for _, e := range env.Emulator.Journal() {
		if e.Action == "ConfigureSyncJob" && bytes.Contains(e.Parameters, []byte("sha256:"+hex.EncodeToString(sum[:]))) {
			sent++
		}
	}
	if sent != 2 {
		t.Errorf("ConfigureSyncJob carried the password %d times, want 2 (create, new version before the start)", sent)
	}
}
