package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

const groupConfig = `
variable "group_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "dts_consumer_group" "test" {
  subscribe_id        = "subs-jvxbbos7c0"
  consumer_group_name = "orders-app"
  account_name        = "orders-reader"
  password_wo         = var.group_password
  password_wo_version = 1
}
`

// Wrong credentials end the run at the first refusal: one request reaches
// DTS, one error diagnostic names the action, the code and the RequestId,
// and nothing retries — not the client, not a wait, not a plan.
func TestWrongCredentialsFailOnce(t *testing.T) {
	t.Parallel()
	provider := func(id, key string) string {
		return "provider \"dts\" {\n  region = \"" + acctest.Region + "\"\n  secret_id = \"" + id + "\"\n  secret_key = \"" + key + "\"\n}\n"
	}
	assume := func(url string) string {
		return "provider \"dts\" {\n  region = \"" + acctest.Region + "\"\n  secret_id = \"" + acctest.SecretID + "\"\n  secret_key = \"not-the-key\"\n" +
			"  sts_endpoint = \"" + url + "\"\n  assume_role = {\n    role_arn = \"" + testRole + "\"\n    session_name = \"tf\"\n  }\n}\n" + listAll
	}
	for name, tc := range map[string]struct {
		config       func(url string) string
		code, action string
	}{
		"wrong key, data source": {func(string) string { return provider(acctest.SecretID, "not-the-key") + listAll }, "AuthFailure.SignatureFailure", "DescribeMigrationJobs"},
		"unknown key, data source": {func(string) string {
			return provider("AKIDunknown000000000000000000000000", acctest.SecretKey) + listAll
		}, "AuthFailure.SecretIdNotFound", "DescribeMigrationJobs"},
		"wrong key, create": {func(string) string { return provider(acctest.SecretID, "not-the-key") + groupConfig }, "AuthFailure.SignatureFailure", "DescribeSubscribeDetail"},
		"wrong key, sync jobs": {func(string) string {
			return provider(acctest.SecretID, "not-the-key") + `data "dts_sync_jobs" "all" {}`
		}, "AuthFailure.SignatureFailure", "DescribeSyncJobs"},
		"wrong key, assume_role": {assume, "AuthFailure.SignatureFailure", "AssumeRole"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t, func(o *emulator.Options) { o.Roles = map[string]string{testRole: ""} })
			factories, rec := acctest.RecordingFactories(env.ProviderOptions())
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories,
				Steps: []resource.TestStep{{
					Config:          tc.config(env.URL),
					ConfigVariables: config.Variables{"group_password": config.StringVariable("Group-Pa55")},
					ExpectError:     regexp.MustCompile(`(?s)Action: ` + tc.action + `.*Code: ` + regexp.QuoteMeta(tc.code) + `.*RequestId: `),
				}},
			})
			if n := env.Requests(); n != 1 {
				t.Errorf("the emulator received %d requests, want 1: an authentication failure is never retried", n)
			}
			if errs := rec.Errors(); len(errs) != 1 {
				t.Errorf("%d error diagnostics, want 1: %v", len(errs), errs)
			}
		})
	}
}
