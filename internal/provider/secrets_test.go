package provider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

const testRole = "qcs::cam::uin/100000000001:roleName/dts-operator"

// secretVariables declares the provider's secrets as ephemeral variables:
// Terraform keeps no ephemeral value in a saved plan, so whatever the scan
// finds came from the provider.
const secretVariables = `
variable "secret_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "token" {
  type      = string
  sensitive = true
  ephemeral = true
}
`

// The provider's secret key and security token (here temporary keys issued
// by the emulator's STS) sign every call and appear in none of the plans,
// the states, the files Terraform wrote, the TRACE log, the emulator's
// journal or its log.
func TestSecretScanKeysAndToken(t *testing.T) {
	scan := acctest.NewSecretScan(t, map[string]string{}, func(o *emulator.Options) { o.Roles = map[string]string{testRole: ""} })
	env := scan.Env
	tmp, err := client.AssumeRole(context.Background(), common.NewCredential(acctest.SecretID, acctest.SecretKey),
		client.AssumeRoleSettings{RoleArn: testRole, SessionName: "secrets-test", Endpoint: env.URL},
		client.Config{Transport: acctest.LoopbackTransport(), Clock: clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), RateLimit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	scan.Secrets["the temporary secret key"], scan.Secrets["the token"] = tmp.GetSecretKey(), tmp.GetToken()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: secretVariables + `
provider "dts" {
  region         = "` + acctest.Region + `"
  secret_id      = "` + tmp.GetSecretId() + `"
  secret_key     = var.secret_key
  security_token = var.token
}
` + listAll,
			ConfigVariables:   config.Variables{"secret_key": config.StringVariable(tmp.GetSecretKey()), "token": config.StringVariable(tmp.GetToken())},
			ConfigPlanChecks:  scan.PlanChecks(),
			ConfigStateChecks: append(scan.StateChecks(), countCheck(0)...),
		}},
	})
	scan.Verify(nil)
	if !signedBy(env.Emulator, tmp.GetSecretId()) {
		t.Fatal("no DescribeMigrationJobs was signed with the temporary keys: the scan proves nothing")
	}
}

// With assume_role, the provider's own key and the temporary key and token
// STS issues appear nowhere either.
func TestSecretScanAssumeRole(t *testing.T) {
	scan := acctest.NewSecretScan(t, map[string]string{"the secret key": acctest.SecretKey},
		func(o *emulator.Options) { o.Roles = map[string]string{testRole: ""} })
	env := scan.Env
	issued := &stsAnswers{}
	srv := httptest.NewServer(issued.tap(env.Emulator))
	t.Cleanup(srv.Close)
	opts := env.ProviderOptions()
	opts.Endpoint = srv.URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactoriesWith(opts),
		Steps: []resource.TestStep{{
			Config: secretVariables + `
provider "dts" {
  region       = "` + acctest.Region + `"
  secret_id    = "` + acctest.SecretID + `"
  secret_key   = var.secret_key
  sts_endpoint = "` + srv.URL + `"
  assume_role = {
    role_arn     = "` + testRole + `"
    session_name = "terraform-test"
  }
}
` + listAll,
			ConfigVariables:   config.Variables{"secret_key": config.StringVariable(acctest.SecretKey), "token": config.StringVariable("unused")},
			ConfigPlanChecks:  scan.PlanChecks(),
			ConfigStateChecks: append(scan.StateChecks(), countCheck(0)...),
		}},
	})
	creds := issued.all()
	if len(creds) == 0 {
		t.Fatal("the provider never assumed the role: the scan proves nothing")
	}
	used := false
	for _, c := range creds { // one per configured provider process; some never call DTS
		scan.Secrets["a temporary secret key "+c.TmpSecretID] = c.TmpSecretKey
		scan.Secrets["a token of "+c.TmpSecretID] = c.Token
		used = used || signedBy(env.Emulator, c.TmpSecretID)
	}
	if !used {
		t.Error("no DescribeMigrationJobs was signed with the assumed role's keys")
	}
	scan.Verify(nil)
}

// signedBy reports whether a DescribeMigrationJobs call succeeded with the
// key secretID.
func signedBy(emu *emulator.Emulator, secretID string) bool {
	for _, e := range emu.Journal() {
		if e.Action == "DescribeMigrationJobs" && e.Code == "" && e.SecretID == secretID {
			return true
		}
	}
	return false
}

// stsAnswers keeps the credentials in the AssumeRole answers it serves.
type stsAnswers struct {
	mu    sync.Mutex
	creds []issuedCredential
}

type issuedCredential struct{ TmpSecretID, TmpSecretKey, Token string }

func (s *stsAnswers) tap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-TC-Action") != "AssumeRole" {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var body struct {
			Response struct {
				Credentials struct{ TmpSecretId, TmpSecretKey, Token string } //nolint:revive // the wire's names
			}
		}
		if json.Unmarshal(rec.Body.Bytes(), &body) == nil && body.Response.Credentials.Token != "" {
			c := body.Response.Credentials
			s.mu.Lock()
			s.creds = append(s.creds, issuedCredential{c.TmpSecretId, c.TmpSecretKey, c.Token})
			s.mu.Unlock()
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = io.Copy(w, bytes.NewReader(rec.Body.Bytes()))
	})
}

func (s *stsAnswers) all() []issuedCredential {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]issuedCredential(nil), s.creds...)
}
