package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// assume_role calls STS AssumeRole (here the emulator's) with the configured
// keys and signs every DTS call with the temporary keys and their token.
func TestAccProvider_assumeRole(t *testing.T) {
	t.Parallel()
	const role = "qcs::cam::uin/100000000001:roleName/dts-operator"
	env := acctest.New(t, func(o *emulator.Options) { o.Roles = map[string]string{role: "ext-1234"} })
	env.BuyMigrationJobs(t, 1, "x", nil)
	config := func(externalID string) string {
		return `
provider "dts" {
  region       = "` + acctest.Region + `"
  secret_id    = "` + acctest.SecretID + `"
  secret_key   = "` + acctest.SecretKey + `"
  sts_endpoint = "` + env.URL + `"
  assume_role = {
    role_arn         = "` + role + `"
    session_name     = "terraform-test"
    session_duration = 3600
    external_id      = "` + externalID + `"
  }
}
` + listAll
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: config("wrong"), ExpectError: regexp.MustCompile(`(?s)Error assuming role.*Action: AssumeRole.*trust\s+policy`)},
			{Config: config("ext-1234"), ConfigStateChecks: countCheck(1)},
		},
	})
	var assumed, signedWithToken bool
	for _, e := range env.Emulator.Journal() {
		if e.Action == "AssumeRole" && e.Code == "" {
			assumed = true
		}
		if e.Action == "DescribeMigrationJobs" && e.Code == "" && e.SecretID != acctest.SecretID && e.SecretID != "" {
			signedWithToken = true
		}
	}
	if !assumed || !signedWithToken {
		t.Fatalf("AssumeRole succeeded: %v; DescribeMigrationJobs signed with the temporary token: %v", assumed, signedWithToken)
	}
}
