package emulator

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/stsapi"
)

func TestSDKSignedRequestIsAccepted(t *testing.T) {
	h := newHarness(t, Options{})
	c := h.client(testID, testKey, "", testRegion)
	req := tchttp.NewCommonRequest("dts", "2021-12-06", "DescribeMigrationJobs")
	resp := tchttp.NewCommonResponse()
	if err := c.Send(req, resp); err != nil {
		t.Fatalf("DescribeMigrationJobs signed by the SDK: %v", err)
	}
	if !bytes.Contains(resp.GetBody(), []byte(`"TotalCount":0`)) {
		t.Fatalf("unexpected body %s", resp.GetBody())
	}
}

func TestSDKUnsignedPayloadIsAccepted(t *testing.T) {
	h := newHarness(t, Options{})
	c := h.client(testID, testKey, "", testRegion)
	prof := profile.NewClientProfile()
	prof.HttpProfile.Endpoint = strings.TrimPrefix(h.srv.URL, "http://")
	prof.HttpProfile.Scheme = "HTTP"
	prof.UnsignedPayload = true
	c.WithProfile(prof)
	if _, err := send(c, "dts", dtsapi.Version, "DescribeMigrationJobs", map[string]any{"Limit": 5}); err != nil {
		t.Fatalf("UNSIGNED-PAYLOAD request: %v", err)
	}
	// The body is not signed then: changing it in flight goes unnoticed,
	// which proves the server hashed "UNSIGNED-PAYLOAD" and not the body.
	c.WithHttpTransport(rewriteBody{from: `"Limit":5`, to: `"Limit":6`})
	if _, err := send(c, "dts", dtsapi.Version, "DescribeMigrationJobs", map[string]any{"Limit": 5}); err != nil {
		t.Fatalf("UNSIGNED-PAYLOAD request with another body: %v", err)
	}
}

func TestAuthFailures(t *testing.T) {
	h := newHarness(t, Options{})
	t.Run("wrong key", func(t *testing.T) {
		_, err := send(h.client(testID, "not-the-key", "", testRegion), "dts", dtsapi.Version, "DescribeMigrationJobs", nil)
		wantCode(t, err, codeSignatureFailure)
	})
	t.Run("unknown SecretId", func(t *testing.T) {
		_, err := send(h.client("AKIDunknown", testKey, "", testRegion), "dts", dtsapi.Version, "DescribeMigrationJobs", nil)
		wantCode(t, err, codeSecretIDNotFound)
	})
	t.Run("tampered body", func(t *testing.T) {
		c := h.client(testID, testKey, "", testRegion)
		c.WithHttpTransport(rewriteBody{from: `"Limit":5`, to: `"Limit":6`})
		_, err := send(c, "dts", dtsapi.Version, "DescribeMigrationJobs", map[string]any{"Limit": 5})
		wantCode(t, err, codeSignatureFailure)
	})
	t.Run("tampered region header", func(t *testing.T) {
		// X-TC-Region is not a signed header: changing it is not a signature
		// failure, it only changes the region (as on the real API).
		c := h.client(testID, testKey, "", testRegion)
		c.WithHttpTransport(rewriteHeader{name: "X-TC-Region", value: "ap-beijing"})
		if _, err := send(c, "dts", dtsapi.Version, "DescribeMigrationJobs", nil); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("tampered content type", func(t *testing.T) {
		c := h.client(testID, testKey, "", testRegion)
		c.WithHttpTransport(rewriteHeader{name: "Content-Type", value: "application/json; charset=utf-8"})
		_, err := send(c, "dts", dtsapi.Version, "DescribeMigrationJobs", nil)
		wantCode(t, err, codeSignatureFailure)
	})
	t.Run("tampered host", func(t *testing.T) {
		c := h.client(testID, testKey, "", testRegion)
		c.WithHttpTransport(rewriteHeader{name: "Host", value: "dts.tencentcloudapi.com"})
		_, err := send(c, "dts", dtsapi.Version, "DescribeMigrationJobs", nil)
		wantCode(t, err, codeSignatureFailure)
	})
}

func TestStaleTimestamp(t *testing.T) {
	// The wall clock is 10 minutes ahead of the SDK's: the signature is
	// outside the 300-second window.
	wall := clock.NewFake(time.Now().Add(10 * time.Minute))
	h := newHarness(t, Options{WallClock: wall})
	_, err := h.dts("DescribeMigrationJobs", nil)
	wantCode(t, err, codeSignatureExpire)

	// Within the window it is accepted, whatever the job clock says.
	wall.Set(time.Now().Add(4 * time.Minute))
	if _, err := h.dts("DescribeMigrationJobs", nil); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(30 * 24 * time.Hour) // the job clock does not matter
	if _, err := h.dts("DescribeMigrationJobs", nil); err != nil {
		t.Fatal(err)
	}
}

// rewriteBody is an HTTP transport that alters the body after signing.
type rewriteBody struct{ from, to string }

func (rw rewriteBody) RoundTrip(r *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	b = bytes.ReplaceAll(b, []byte(rw.from), []byte(rw.to))
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	return http.DefaultTransport.RoundTrip(r)
}

// rewriteHeader is an HTTP transport that alters a header after signing.
type rewriteHeader struct{ name, value string }

func (rw rewriteHeader) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.EqualFold(rw.name, "Host") {
		r.Host = rw.value
	} else {
		r.Header.Set(rw.name, rw.value)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// assume calls AssumeRole with c.
func assume(t *testing.T, c *common.Client, params map[string]any) (*stsapi.AssumeRoleResponse, error) {
	t.Helper()
	raw, err := send(c, stsapi.Service, stsapi.Version, "AssumeRole", params)
	if err != nil {
		return nil, err
	}
	var resp stsapi.AssumeRoleResponse
	if err := jsonUnmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}
	return &resp, nil
}

func TestAssumeRoleTemporaryCredentials(t *testing.T) {
	wall := fakeNow()
	h := newHarness(t, Options{WallClock: wall})
	c := h.client(testID, testKey, "", testRegion)
	resp, err := assume(t, c, map[string]any{
		"RoleArn": "qcs::cam::uin/100000000001:roleName/terraform", "RoleSessionName": "tf-session", "DurationSeconds": 60,
	})
	if err != nil {
		t.Fatal(err)
	}
	id, key, token := *resp.Credentials.TmpSecretId, *resp.Credentials.TmpSecretKey, *resp.Credentials.Token
	if !strings.HasPrefix(id, "AKID") || len(key) != 32 || len(token) < 64 {
		t.Fatalf("credentials look wrong: %q %q %q", id, key, token)
	}
	if want := wall.Now().Add(time.Minute).Unix(); *resp.ExpiredTime != want {
		t.Fatalf("ExpiredTime = %d, want %d", *resp.ExpiredTime, want)
	}
	if want := wall.Now().Add(time.Minute).UTC().Format(time.RFC3339); *resp.Expiration != want {
		t.Fatalf("Expiration = %s, want %s", *resp.Expiration, want)
	}

	call := func(id, key, token string) error {
		_, err := send(h.client(id, key, token, testRegion), "dts", dtsapi.Version, "DescribeMigrationJobs", nil)
		return err
	}
	if err := call(id, key, token); err != nil {
		t.Fatalf("temporary credentials with their token: %v", err)
	}
	wantCode(t, call(id, key, ""), codeTokenFailure)
	wantCode(t, call(id, key, token+"x"), codeTokenFailure)
	wantCode(t, call(id, "wrong", token), codeSignatureFailure)

	// Temporary credentials can call STS too (role chaining).
	if _, err := assume(t, h.client(id, key, token, ""), map[string]any{
		"RoleArn": "qcs::cam::uin/100000000001:roleName/other", "RoleSessionName": "chained",
	}); err != nil {
		t.Fatalf("AssumeRole with temporary credentials: %v", err)
	}

	// After expiry (on the wall clock), the token fails.
	wall.Advance(61 * time.Second)
	wantCode(t, call(id, key, token), codeTokenFailure)
}

func TestAssumeRoleValidation(t *testing.T) {
	h := newHarness(t, Options{Roles: map[string]string{
		"qcs::cam::uin/100000000001:roleName/guarded": "ext-123",
		"qcs::cam::uin/100000000001:roleName/open":    "",
	}})
	c := h.client(testID, testKey, "", "")
	ok := map[string]any{"RoleArn": "qcs::cam::uin/100000000001:roleName/r", "RoleSessionName": "s1"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for a, b := range ok {
			m[a] = b
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name   string
		params map[string]any
		code   string
	}{
		{"well-formed, unregistered", ok, ""},
		{"default duration", with("DurationSeconds", 0), ""},
		{"longest duration", with("DurationSeconds", 43200), ""},
		{"too long", with("DurationSeconds", 43201), codeInvalidParameterValue},
		{"role id form", with("RoleArn", "qcs::cam::uin/100000000001:role/4611686018427397919"), codeInvalidParameterValue},
		{"no uin", with("RoleArn", "qcs::cam::uin/abc:roleName/r"), codeInvalidParameterValue},
		{"session name too short", with("RoleSessionName", "a"), codeInvalidParameterValue},
		{"session name charset", with("RoleSessionName", "has space"), codeInvalidParameterValue},
		{"session name too long", with("RoleSessionName", strings.Repeat("a", 129)), codeInvalidParameterValue},
		{"external id required", with("RoleArn", "qcs::cam::uin/100000000001:roleName/guarded"), codeUnauthorizedOperation},
		{"open registered role", with("RoleArn", "qcs::cam::uin/100000000001:roleName/open"), ""},
		{"unknown member", with("Colr", "red"), codeUnknownParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := assume(t, c, tt.params)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if tt.params["DurationSeconds"] == 0 {
					if got := *resp.ExpiredTime - time.Now().Unix(); got < 7190 || got > 7210 {
						t.Fatalf("default validity %d s, want 7200", got)
					}
				}
				return
			}
			wantCode(t, err, tt.code)
		})
	}
	t.Run("external id matches", func(t *testing.T) {
		p := with("RoleArn", "qcs::cam::uin/100000000001:roleName/guarded")
		p["ExternalId"] = "ext-123"
		if _, err := assume(t, c, p); err != nil {
			t.Fatal(err)
		}
		p["ExternalId"] = "ext-124"
		_, err := assume(t, c, p)
		wantCode(t, err, codeUnauthorizedOperation)
	})
}

func TestAssumeRoleResponseIsNotMasked(t *testing.T) {
	h := newHarness(t, Options{})
	resp, err := assume(t, h.client(testID, testKey, "", ""), map[string]any{
		"RoleArn": "qcs::cam::uin/1:roleName/r", "RoleSessionName": "s1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if *resp.Credentials.TmpSecretKey == passwordMask {
		t.Fatal("the STS secret key was masked")
	}
}

func TestDefaultCredentials(t *testing.T) {
	for _, creds := range []map[string]string{nil, {}} {
		emu, err := New(Options{Mode: ModeManual, Credentials: creds})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(emu)
		h := &harness{t: t, emu: emu, srv: srv}
		_, err = send(h.client(DefaultSecretID, DefaultSecretKey, "", testRegion), "dts", dtsapi.Version, "DescribeMigrationJobs", nil)
		srv.Close()
		if err != nil {
			t.Fatalf("default credentials with %v: %v", creds, err)
		}
	}
}

func TestInvalidOptions(t *testing.T) {
	for name, o := range map[string]Options{
		"mode":       {Mode: "fast"},
		"time scale": {TimeScale: -1},
		"empty key":  {Credentials: map[string]string{"AKIDx": ""}},
		"bad role":   {Roles: map[string]string{"arn:aws:iam::1:role/x": ""}},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("%s: New accepted %+v", name, o)
		}
	}
}

func TestSDKErrorType(t *testing.T) {
	// Guard for the helpers: an API error is a *TencentCloudSDKError.
	h := newHarness(t, Options{})
	_, err := h.dts("DescribeMigrationDetail", map[string]any{"JobId": "dts-00000000"})
	var e *tcerr.TencentCloudSDKError
	if !errors.As(err, &e) || e.GetCode() != codeResourceNotFound {
		t.Fatalf("got %v", err)
	}
}
