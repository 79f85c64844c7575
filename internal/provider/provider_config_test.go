package provider_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/provider"
)

// words matches the fragments in order; the words of a fragment may be
// wrapped onto several lines by Terraform.
func words(fragments ...string) *regexp.Regexp {
	for i, f := range fragments {
		fragments[i] = strings.Join(strings.Fields(regexp.QuoteMeta(f)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(fragments, `.*`))
}

func envFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// testCase runs one plan-and-apply step against the emulator.
func testCase(t *testing.T, env *acctest.Env, opts provider.Options, config string, expectErr *regexp.Regexp) {
	t.Helper()
	step := resource.TestStep{Config: config, ExpectError: expectErr}
	if expectErr == nil {
		step.ConfigStateChecks = countCheck(int64(len(env.Emulator.Jobs(acctest.Region))))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactoriesWith(opts),
		Steps:                    []resource.TestStep{step},
	})
}

const keysBlock = `
provider "dts" {
  region     = "` + acctest.Region + `"
  secret_id  = "` + acctest.SecretID + `"
  secret_key = "` + acctest.SecretKey + `"
}
`

// Plain http leaves this machine only over loopback; an endpoint from the
// environment is checked too, and the error says where it came from.
func TestAccProvider_httpOnlyForLoopback(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	opts := env.ProviderOptions()
	opts.Endpoint = ""
	attr := strings.Replace(keysBlock, "}\n", `  endpoint = "http://dts.example.com"`+"\n}\n", 1)
	testCase(t, env, opts, attr+listAll, words("Invalid endpoint", "plain http is allowed only for loopback addresses"))

	opts.Getenv = envFrom(map[string]string{provider.EnvDTSEndpoint: "http://10.0.0.8:8900"})
	testCase(t, env, opts, keysBlock+listAll, words("Invalid DTS endpoint", "loopback", "set by the environment variable TENCENTCLOUD_DTS_ENDPOINT"))
	opts.Getenv = envFrom(map[string]string{provider.EnvDTSEndpoint: "dts.example.com"})
	testCase(t, env, opts, keysBlock+listAll, words("Invalid DTS endpoint", "no scheme", "TENCENTCLOUD_DTS_ENDPOINT"))

	opts.Getenv = envFrom(map[string]string{provider.EnvDTSEndpoint: env.URL, provider.EnvSTSEndpoint: "http://sts.example.com"})
	role := strings.Replace(keysBlock, "}\n", `  assume_role = {
    role_arn     = "qcs::cam::uin/1:roleName/r"
    session_name = "terraform"
  }
}
`, 1)
	testCase(t, env, opts, role+listAll, words("Invalid STS endpoint", "loopback", "TENCENTCLOUD_STS_ENDPOINT"))
}

// An endpoint that refuses connections is reported after two attempts, says
// that nothing was sent, and names the setting to check.
func TestAccProvider_unreachableEndpoint(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	opts := env.ProviderOptions()
	opts.Endpoint = ""
	opts.Getenv = envFrom(map[string]string{provider.EnvDTSEndpoint: closed})
	testCase(t, env, opts, keysBlock+listAll, words(
		"Code: ClientError.EndpointUnreachable", "was refused", "Nothing was sent to DTS (2 attempts).",
		"DTS could not be reached at "+closed, "the environment variable TENCENTCLOUD_DTS_ENDPOINT"))
}

// Values with a trailing newline, or blank ones, fail at configure time and
// say so, instead of failing every request.
func TestAccProvider_whiteSpaceInSettings(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	opts := env.ProviderOptions()
	for _, tc := range []struct {
		env  map[string]string
		want *regexp.Regexp
	}{
		{map[string]string{provider.EnvSecretID: acctest.SecretID + "\n", provider.EnvSecretKey: acctest.SecretKey, provider.EnvRegion: acctest.Region},
			words("No usable Tencent Cloud credentials", "TENCENTCLOUD_SECRET_ID has white space or a line break at its start or end")},
		{map[string]string{provider.EnvSecretID: acctest.SecretID, provider.EnvSecretKey: "   ", provider.EnvRegion: acctest.Region},
			words("TENCENTCLOUD_SECRET_KEY is blank")},
		{map[string]string{provider.EnvSecretID: acctest.SecretID, provider.EnvSecretKey: acctest.SecretKey, provider.EnvRegion: acctest.Region + "\n"},
			words("Invalid region", "TENCENTCLOUD_REGION has white space or a line break")},
	} {
		opts.Getenv = envFrom(tc.env)
		testCase(t, env, opts, `provider "dts" {}`+listAll, tc.want)
	}
}

// Leftovers of lower sources in the shell do not break keys set as
// attributes: the first source that is set wins.
func TestAccProvider_attributeKeysIgnoreLeftovers(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.BuyMigrationJobs(t, 1, "x", nil)
	opts := env.ProviderOptions()
	opts.Getenv = envFrom(map[string]string{
		provider.EnvProfile:       "gone",
		provider.EnvSecurityToken: "stale-token",
		provider.EnvSecretID:      "AKIDstale",
	})
	testCase(t, env, opts, keysBlock+listAll, nil)
}

// A profile-only setup takes its region from ~/.tccli/<profile>.configure.
func TestAccProvider_profileRegion(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, ".tccli")
	files := map[string]string{
		"ops.credential":  `{"secretId": "` + acctest.SecretID + `", "secretKey": "` + acctest.SecretKey + `"}`,
		"ops.configure":   `{"_sys_param": {"region": "` + acctest.Region + `", "output": "json"}}`,
		"bare.credential": `{"secretId": "` + acctest.SecretID + `", "secretKey": "` + acctest.SecretKey + `"}`,
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", home)
	env := acctest.New(t)
	env.BuyMigrationJobs(t, 2, "x", nil)
	testCase(t, env, env.ProviderOptions(), `provider "dts" { profile = "ops" }`+listAll, nil)
	testCase(t, env, env.ProviderOptions(), `provider "dts" { profile = "bare" }`+listAll, words("Missing region", "bare.configure names no region"))
}

// fakeMetadata serves the CVM role and the emulator's keys as its
// temporary credentials, counting the requests.
func fakeMetadata(t *testing.T, env *acctest.Env) (url string, hits *atomic.Int32) {
	hits = new(atomic.Int32)
	const path = "/latest/meta-data/cam/security-credentials/"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case path:
			fmt.Fprintln(w, "dts-ops")
		case path + "dts-ops":
			fmt.Fprintf(w, `{"TmpSecretId":%q,"TmpSecretKey":%q,"Token":"cvm-token","ExpiredTime":%d,"Code":"Success"}`,
				acctest.SecretID, acctest.SecretKey, env.Clock.Now().Add(time.Hour).Unix())
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + path, hits
}

// use_cvm_role reads the role from the metadata service (here a test
// server), and cvm_role_name without use_cvm_role is an error.
func TestAccProvider_cvmRole(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // no default tccli profile
	env := acctest.New(t)
	env.BuyMigrationJobs(t, 1, "x", nil)
	opts := env.ProviderOptions()
	var hits *atomic.Int32
	opts.MetadataEndpoint, hits = fakeMetadata(t, env)
	block := `provider "dts" {
  region       = "` + acctest.Region + `"
  use_cvm_role = true
}
`
	testCase(t, env, opts, block+listAll, nil)
	if hits.Load() == 0 {
		t.Error("the metadata service was not asked")
	}
	noFlag := `provider "dts" {
  region        = "` + acctest.Region + `"
  cvm_role_name = "dts-ops"
  secret_id     = "` + acctest.SecretID + `"
  secret_key    = "` + acctest.SecretKey + `"
}
`
	testCase(t, env, opts, noFlag+listAll, words("cvm_role_name without use_cvm_role", "Set use_cvm_role = true"))
}

// Settings that depend on a resource not yet created are reported as
// unknown at plan time, naming the setting.
func TestAccProvider_unknownSettings(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	for _, tc := range []struct{ set, want string }{
		{`assume_role = {
    role_arn     = terraform_data.later.output
    session_name = "terraform"
  }`, "assume_role.role_arn"},
		{`assume_role = {
    role_arn     = "qcs::cam::uin/1:roleName/r"
    session_name = terraform_data.later.output
  }`, "assume_role.session_name"},
		{`assume_role = terraform_data.role.output`, `"assume_role"`},
		{`use_cvm_role = terraform_data.flag.output`, `"use_cvm_role"`},
	} {
		config := `
resource "terraform_data" "later" { input = "x" }
resource "terraform_data" "flag" { input = true }
resource "terraform_data" "role" {
  input = { role_arn = "qcs::cam::uin/1:roleName/r", session_name = "terraform" }
}
` + strings.Replace(keysBlock, "}\n", "  "+tc.set+"\n}\n", 1) + listAll
		testCase(t, env, env.ProviderOptions(), config, words("Unknown provider setting", tc.want, "unknown at plan time"))
	}
}
