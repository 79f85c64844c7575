package provider_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

const listAll = `
data "dts_migration_jobs" "all" {}
`

func countCheck(n int64) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.dts_migration_jobs.all", tfjsonpath.New("total_count"), knownvalue.Int64Exact(n)),
	}
}

// The endpoint is validated at plan time: an http(s) URL without a path.
func TestAccProvider_invalidEndpoint(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	opts := env.ProviderOptions()
	opts.Endpoint = "" // let the configuration decide
	for _, endpoint := range []string{"ftp://127.0.0.1:8900", "http://127.0.0.1:8900/dts", "127.0.0.1:8900", "http://", "http://dts.example.com"} {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactoriesWith(opts),
			Steps: []resource.TestStep{{
				Config: `
provider "dts" {
  region     = "` + acctest.Region + `"
  secret_id  = "` + acctest.SecretID + `"
  secret_key = "` + acctest.SecretKey + `"
  endpoint   = "` + endpoint + `"
}
` + listAll,
				ExpectError: regexp.MustCompile(`Invalid endpoint`),
			}},
		})
	}
}

// The endpoint from the configuration is used when nothing overrides it.
func TestAccProvider_endpointFromConfiguration(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.BuyMigrationJobs(t, 1, "x", nil)
	opts := env.ProviderOptions()
	opts.Endpoint = ""
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactoriesWith(opts),
		Steps: []resource.TestStep{{
			Config: `
provider "dts" {
  region     = "` + acctest.Region + `"
  secret_id  = "` + acctest.SecretID + `"
  secret_key = "` + acctest.SecretKey + `"
  endpoint   = "` + env.URL + `"
}
` + listAll,
			ConfigStateChecks: countCheck(1),
		}},
	})
}

// Credentials from the environment, when the configuration has none.
func TestAccProvider_credentialsFromEnvironment(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.BuyMigrationJobs(t, 2, "x", nil)
	opts := env.ProviderOptions()
	opts.Getenv = func(k string) string {
		return map[string]string{
			"TENCENTCLOUD_SECRET_ID":  acctest.SecretID,
			"TENCENTCLOUD_SECRET_KEY": acctest.SecretKey,
			"TENCENTCLOUD_REGION":     acctest.Region,
		}[k]
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactoriesWith(opts),
		Steps: []resource.TestStep{{
			Config:            `provider "dts" {}` + listAll,
			ConfigStateChecks: countCheck(2),
		}},
	})
}

// Wrong keys reach the emulator and come back as an authentication error
// that names the action, the code and the RequestId.
func TestAccProvider_wrongKey(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: `
provider "dts" {
  region     = "` + acctest.Region + `"
  secret_id  = "` + acctest.SecretID + `"
  secret_key = "not-the-key"
}
` + listAll,
			ExpectError: regexp.MustCompile(`(?s)Action: DescribeMigrationJobs.*Code: AuthFailure.SignatureFailure.*RequestId: `),
		}},
	})
}

func TestAccProvider_credentialErrors(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	for _, tc := range []struct{ provider, want string }{
		{`provider "dts" { region = "ap-guangzhou" }`, `No usable Tencent Cloud credentials`},
		{`provider "dts" {
  region    = "ap-guangzhou"
  secret_id = "AKIDxxxx"
}`, `secret_key`},
		{`provider "dts" {
  region     = "ap-guangzhou"
  secret_id  = "AKIDxxxx"
  secret_key = "yyyy"
  profile    = "default"
}`, `(?i)conflict|profile`},
		{`provider "dts" {
  secret_id  = "` + acctest.SecretID + `"
  secret_key = "` + acctest.SecretKey + `"
}`, `Missing region`},
	} {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			Steps:                    []resource.TestStep{{Config: tc.provider + listAll, ExpectError: regexp.MustCompile(tc.want)}},
		})
	}
}

// A tccli profile is read when no keys are configured.
func TestAccProvider_profile(t *testing.T) {
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".tccli"), 0o700); err != nil {
		t.Fatal(err)
	}
	cred := `{"secretId": "` + acctest.SecretID + `", "secretKey": "` + acctest.SecretKey + `"}`
	if err := os.WriteFile(filepath.Join(home, ".tccli", "ops.credential"), []byte(cred), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	env := acctest.New(t)
	env.BuyMigrationJobs(t, 3, "x", nil)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:            `provider "dts" {` + "\n" + `  region = "ap-guangzhou"` + "\n" + `  profile = "ops"` + "\n}\n" + listAll,
			ConfigStateChecks: countCheck(3),
		}},
	})
}

// The test transport refuses everything but loopback, before any DNS query.
func TestLoopbackTransportRefusesTheInternet(t *testing.T) {
	t.Parallel()
	c := &http.Client{Transport: acctest.LoopbackTransport()}
	for _, url := range []string{"https://dts.tencentcloudapi.com/", "http://192.0.2.10/", "http://[2001:db8::1]/"} {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url, strings.NewReader("{}"))
		if _, err := c.Do(req); err == nil || !strings.Contains(err.Error(), "may only reach loopback") {
			t.Errorf("%s: got %v, want a refusal", url, err)
		}
	}
}
