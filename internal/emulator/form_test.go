package emulator

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/json"
	"hash"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// formCall sends flattened parameters: a GET or a form POST, signed with
// TC3 (signMethod "TC3") or with signature v1 ("HmacSHA1", "HmacSHA256"),
// and returns the envelope's Response.
func (h *harness) formCall(method, signMethod, action string, params url.Values, key string) map[string]any {
	h.t.Helper()
	u, _ := url.Parse(h.srv.URL)
	now := time.Now()
	values := url.Values{}
	for k, v := range params {
		values[k] = v
	}
	header := http.Header{}
	if signMethod == "TC3" {
		header.Set("Content-Type", formContentType)
		header.Set("X-TC-Action", action)
		header.Set("X-TC-Version", dtsapi.Version)
		header.Set("X-TC-Region", testRegion)
		header.Set("X-TC-Timestamp", strconv.FormatInt(now.Unix(), 10))
	} else {
		values.Set("Action", action)
		values.Set("Version", dtsapi.Version)
		values.Set("Region", testRegion)
		values.Set("Timestamp", strconv.FormatInt(now.Unix(), 10))
		values.Set("Nonce", "4242")
		values.Set("SecretId", testID)
		values.Set("SignatureMethod", signMethod)
		newHash := map[string]func() hash.Hash{"HmacSHA1": sha1.New, "HmacSHA256": sha256.New}[signMethod]
		values.Set("Signature", v1Signature(newHash, key, method, u.Host, "/", values))
	}
	var body string
	target := h.srv.URL + "/"
	if method == http.MethodGet {
		target += "?" + values.Encode()
	} else {
		body = values.Encode()
		header.Set("Content-Type", formContentType)
	}
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header = header
	if signMethod == "TC3" {
		date := now.UTC().Format(scopeDateLayout)
		sig := tc3Signature(key, date, "dts", header.Get("X-TC-Timestamp"), canonicalRequest(req, []string{"content-type", "host"}, []byte(body)))
		req.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+testID+"/"+date+"/dts/tc3_request, SignedHeaders=content-type;host, Signature="+sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out struct{ Response map[string]any }
	if err := json.Unmarshal(b, &out); err != nil {
		h.t.Fatalf("%s %s: %s", method, action, b)
	}
	return out.Response
}

func responseCode(r map[string]any) string {
	e, _ := r["Error"].(map[string]any)
	c, _ := e["Code"].(string)
	return c
}

// TestGetAndFormRequests: flattened parameters in a GET's query string or a
// form POST's body, signed with TC3 or with signature v1, are decoded and
// validated as JSON bodies are.
func TestGetAndFormRequests(t *testing.T) {
	h := newHarness(t, Options{})
	bought := h.formCall(http.MethodPost, "TC3", "CreateMigrationService", url.Values{
		"SrcDatabaseType": {"mysql"}, "DstDatabaseType": {"mysql"}, "SrcRegion": {testRegion}, "DstRegion": {testRegion},
		"InstanceClass": {"small"}, "Count": {"2"}, "JobName": {"from a form"},
		"Tags.0.TagKey": {"env"}, "Tags.0.TagValue": {"dev"}, "Tags.1.TagKey": {"team"}, "Tags.1.TagValue": {"a b&c=d"},
	}, testKey)
	ids, _ := bought["JobIds"].([]any)
	if len(ids) != 2 {
		t.Fatalf("form POST (TC3): %v", bought)
	}
	id := ids[0].(string)
	for _, sign := range []string{"TC3", "HmacSHA1", "HmacSHA256"} {
		listed := h.formCall(http.MethodGet, sign, "DescribeMigrationJobs", url.Values{
			"Status.0": {"creating"}, "Status.1": {"created"}, "Limit": {"1"}, "OrderSeq": {"asc"},
			"TagFilters.0.TagKey": {"team"}, "TagFilters.0.TagValue.0": {"a b&c=d"},
		}, testKey)
		if listed["TotalCount"] != 2.0 || len(listed["JobList"].([]any)) != 1 {
			t.Fatalf("GET (%s): %v", sign, listed)
		}
	}
	if r := h.formCall(http.MethodPost, "HmacSHA256", "ModifyMigrateName", url.Values{"JobId": {id}, "JobName": {"renamed"}}, testKey); responseCode(r) != "" {
		t.Fatalf("form POST (HmacSHA256): %v", r)
	}
	d := h.detail(id)
	if *d.JobName != "renamed" || len(d.Tags) != 2 || *d.Tags[1].TagValue != "a b&c=d" {
		t.Fatalf("job bought and renamed through forms: %s, %+v", *d.JobName, d.Tags)
	}
	j := h.emu.Journal()
	if last := j[len(j)-2]; last.Action != "ModifyMigrateName" || string(last.Parameters) != `{"JobId":"`+id+`","JobName":"renamed"}` {
		t.Fatalf("journal entry of a v1 form POST: %+v", last)
	}
}

// TestFormRequestErrors: flattened parameters are checked as JSON bodies are
// (names, types, lists), and signature v1 as TC3 is.
func TestFormRequestErrors(t *testing.T) {
	h := newHarness(t, Options{})
	for _, tc := range []struct {
		name, sign string
		params     url.Values
		key, code  string
	}{
		{"unknown member", "TC3", url.Values{"Foo": {"1"}}, testKey, codeUnknownParameter},
		{"unknown nested member", "HmacSHA1", url.Values{"TagFilters.0.Shade": {"red"}}, testKey, codeUnknownParameter},
		{"not a number", "TC3", url.Values{"Limit": {"ten"}}, testKey, codeInvalidParameter},
		{"a gap in a list", "TC3", url.Values{"Status.1": {"created"}}, testKey, codeInvalidParameter},
		{"not a list index", "TC3", url.Values{"Status.first": {"created"}}, testKey, codeInvalidParameter},
		{"a huge list index", "TC3", url.Values{"Status.99999999999": {"created"}}, testKey, codeInvalidParameter},
		{"given twice", "TC3", url.Values{"Limit": {"1", "2"}}, testKey, codeInvalidParameter},
		{"value and members", "TC3", url.Values{"TagFilters.0": {"x"}, "TagFilters.0.TagKey": {"y"}}, testKey, codeInvalidParameter},
		{"members of a string", "TC3", url.Values{"JobName.x": {"y"}}, testKey, codeInvalidParameter},
		{"closed enum", "HmacSHA256", url.Values{"Status.0": {"sleeping"}}, testKey, codeInvalidParameterValue},
		{"wrong v1 key", "HmacSHA256", url.Values{}, "wrong", codeSignatureFailure},
		{"wrong v1 key, SHA1", "HmacSHA1", url.Values{}, "wrong", codeSignatureFailure},
		{"wrong TC3 key", "TC3", url.Values{}, "wrong", codeSignatureFailure},
	} {
		if got := responseCode(h.formCall(http.MethodGet, tc.sign, "DescribeMigrationJobs", tc.params, tc.key)); got != tc.code {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.code)
		}
	}
	// The common parameters of signature v1 are required and checked.
	for name, values := range map[string]url.Values{
		"no nonce":          {"Action": {"DescribeMigrationJobs"}, "Version": {dtsapi.Version}, "Timestamp": {itoa(time.Now().Unix())}, "SecretId": {testID}, "Signature": {"x"}},
		"bad method":        {"Action": {"DescribeMigrationJobs"}, "Version": {dtsapi.Version}, "Timestamp": {itoa(time.Now().Unix())}, "Nonce": {"1"}, "SecretId": {testID}, "Signature": {"x"}, "SignatureMethod": {"MD5"}},
		"expired timestamp": {"Action": {"DescribeMigrationJobs"}, "Version": {dtsapi.Version}, "Timestamp": {"1000"}, "Nonce": {"1"}, "SecretId": {testID}, "Signature": {"x"}},
	} {
		resp, err := http.Get(h.srv.URL + "/?" + values.Encode())
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		want := map[string]string{"no nonce": codeMissingParameter, "bad method": codeInvalidParameterValue, "expired timestamp": codeSignatureExpire}[name]
		if code, _ := envelopeError(t, out); code != want {
			t.Errorf("%s: %v, want %s", name, out, want)
		}
	}
	// A GET carries no JSON.
	status, out := rawPost(t, h.srv.URL, "/", map[string]string{"Content-Type": "text/plain"}, "x")
	if code, _ := envelopeError(t, out); status != 200 || code != codeInvalidRequest {
		t.Fatalf("text/plain: %d %v", status, out)
	}
	if len(h.emu.Journal()) != 10 {
		t.Fatalf("journal: %d entries, want the 10 authenticated requests", len(h.emu.Journal()))
	}
}
