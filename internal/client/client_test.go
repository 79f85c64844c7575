package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func TestParseEndpoint(t *testing.T) {
	tests := []struct {
		raw     string
		want    string
		wantErr string
	}{
		{raw: "https://dts.tencentcloudapi.com", want: "https://dts.tencentcloudapi.com"},
		{raw: "https://dts.tencentcloudapi.com/", want: "https://dts.tencentcloudapi.com"},
		{raw: "http://127.0.0.1:8900", want: "http://127.0.0.1:8900"},
		{raw: "HTTP://127.0.0.1:8900/", want: "http://127.0.0.1:8900"},
		{raw: "http://[::1]:8900", want: "http://[::1]:8900"},
		{raw: "http://localhost:8900", want: "http://localhost:8900"},
		{raw: "http://127.1.2.3", want: "http://127.1.2.3"},
		// Plain http leaves this machine only over loopback.
		{raw: "http://dts.tencentcloudapi.com", wantErr: "plain http is allowed only for loopback addresses"},
		{raw: "http://10.0.0.8:8900", wantErr: "use https"},
		{raw: "http://[2001:db8::1]:8900", wantErr: "loopback"},
		{raw: "http://localhost.example.com", wantErr: "loopback"},
		{raw: "", wantErr: "empty"},
		{raw: " https://x.example", wantErr: "spaces"},
		{raw: "dts.tencentcloudapi.com", wantErr: "no scheme"},
		{raw: "ftp://x.example", wantErr: "scheme must be http or https"},
		{raw: "https://", wantErr: "no host"},
		{raw: "https://:8900", wantErr: "no host"},
		{raw: "https://x.example:0", wantErr: "port"},
		{raw: "https://x.example:99999", wantErr: "port"},
		{raw: "https://x.example:", wantErr: "empty port"},
		{raw: "https://x.example/v3", wantErr: "path"},
		{raw: "https://x.example//", wantErr: "path"},
		{raw: "https://x.example?a=b", wantErr: "query"},
		{raw: "https://x.example/?", wantErr: "query"},
		{raw: "https://x.example#frag", wantErr: "fragment"},
		{raw: "https://x.example/#", wantErr: "fragment"},
		{raw: "https://user:hunter2@x.example", wantErr: "user information"},
		{raw: "http://user:hunter2@x.example:bad", wantErr: "not a valid URL"},
		{raw: "mailto:someone@x.example", wantErr: "scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			u, err := ParseEndpoint(tt.raw)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("ParseEndpoint(%q) = %v, want error containing %q", tt.raw, u, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %q does not contain %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "hunter2") {
					t.Fatalf("error %q repeats a password", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseEndpoint(%q): %v", tt.raw, err)
			}
			if u.String() != tt.want {
				t.Fatalf("ParseEndpoint(%q) = %q, want %q", tt.raw, u, tt.want)
			}
		})
	}
}

func TestNewValidation(t *testing.T) {
	cred := common.NewCredential(testSecretID, testSecretKey)
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"no credential", Config{}, "credential is required"},
		{"bad endpoint", Config{Credential: cred, Endpoint: "https://x.example/path"}, "path"},
		{"negative attempts", Config{Credential: cred, Retry: RetryPolicy{MaxAttempts: -1}}, "MaxAttempts"},
		{"min above max", Config{Credential: cred, Retry: RetryPolicy{MinBackoff: 10 * time.Second, MaxBackoff: time.Second}}, "greater than"},
		{"negative rate", Config{Credential: cred, RateLimit: -1}, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New: err = %v, want containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New(Config{Credential: common.NewCredential(testSecretID, testSecretKey)})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Endpoint(); got != DefaultEndpoint {
		t.Errorf("Endpoint() = %q, want %q", got, DefaultEndpoint)
	}
	if c.retry != DefaultRetryPolicy() {
		t.Errorf("retry = %+v, want %+v", c.retry, DefaultRetryPolicy())
	}
	if c.limit != DefaultRateLimit || c.burst != DefaultRateBurst || c.timeout != DefaultRequestTimeout {
		t.Errorf("limit/burst/timeout = %v/%d/%s", c.limit, c.burst, c.timeout)
	}
	rt, ok := c.transport.(*recordingTransport)
	if !ok {
		t.Fatalf("transport is %T", c.transport)
	}
	tr, ok := rt.next.(*http.Transport)
	if !ok || tr == http.DefaultTransport {
		t.Fatalf("default transport must be a clone of http.DefaultTransport, got %T", rt.next)
	}
	if tr.TLSHandshakeTimeout != DefaultConnectTimeout || tr.DialContext == nil || !c.traceable {
		t.Errorf("default transport: TLS handshake timeout %s, dialer set %v, traceable %v", tr.TLSHandshakeTimeout, tr.DialContext != nil, c.traceable)
	}
	// A partial policy keeps its fields and takes the rest from the default.
	c2, err := New(Config{Credential: common.NewCredential(testSecretID, testSecretKey), Retry: RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (RetryPolicy{MaxAttempts: 1, MinBackoff: time.Second, MaxBackoff: 30 * time.Second, MaxElapsed: 2 * time.Minute}); c2.retry != want {
		t.Errorf("retry = %+v, want %+v", c2.retry, want)
	}
}

func TestClientProfile(t *testing.T) {
	c, err := New(Config{
		Endpoint:       "http://127.0.0.1:8900",
		Credential:     common.NewCredential(testSecretID, testSecretKey),
		RequestTimeout: 1500 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	p := c.clientProfile()
	if p.HttpProfile.Scheme != "HTTP" || p.HttpProfile.Endpoint != "127.0.0.1:8900" {
		t.Errorf("scheme/endpoint = %q/%q", p.HttpProfile.Scheme, p.HttpProfile.Endpoint)
	}
	if !p.DisableRegionBreaker || p.RateLimitExceededMaxRetries != 0 || p.NetworkFailureMaxRetries != 0 || p.Debug {
		t.Errorf("SDK retries, breaker or debug not disabled: %+v", p)
	}
	if p.Language != "en-US" || p.SignMethod != "TC3-HMAC-SHA256" || p.HttpProfile.ReqMethod != "POST" {
		t.Errorf("language/sign method/method = %q/%q/%q", p.Language, p.SignMethod, p.HttpProfile.ReqMethod)
	}
	if p.HttpProfile.ReqTimeout != 2 {
		t.Errorf("ReqTimeout = %d, want 2 (1.5s rounded up)", p.HttpProfile.ReqTimeout)
	}
}

func TestSanitizeRequestClient(t *testing.T) {
	tests := map[string]string{
		"terraform-provider-dts/0.1.0": "terraform-provider-dts-0.1.0",
		"":                             DefaultRequestClient,
		"  ":                           DefaultRequestClient,
		"a b,c;d.e_f":                  "a b,c;d.e_f",
		"tf/1.0 (linux)":               "tf-1.0 -linux-",
		strings.Repeat("x", 200):       strings.Repeat("x", 128),
		"ü":                            "-",
	}
	for in, want := range tests {
		if got := sanitizeRequestClient(in); got != want {
			t.Errorf("sanitizeRequestClient(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCallIsSigned proves the request goes through the SDK signer: the fake
// API recomputes the TC3 signature, and the body is byte for byte the JSON of
// the typed request (pointer fields, omitempty, a uint64 beyond float64
// precision that a map round trip would corrupt).
func TestCallIsSigned(t *testing.T) {
	srv := newFakeAPI(t, "dts", func(action string, n int, body []byte) reply {
		return okReply(`"JobIds":["dts-1ewjspuw"]`)
	})
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.Credential = common.NewTokenCredential(testSecretID, testSecretKey, "session-token")
	})
	req := &dtsapi.CreateMigrationServiceRequest{
		SrcDatabaseType: new("mysql"),
		DstDatabaseType: new("mysql"),
		SrcRegion:       new("ap-guangzhou"),
		DstRegion:       new("ap-guangzhou"),
		InstanceClass:   new("xlarge"),
		Count:           new(uint64(9007199254740993)),
		JobName:         new("name <with> & ünïcode"),
		Tags:            []*dtsapi.TagItem{{TagKey: new("k"), TagValue: new("v")}},
	}
	resp, err := c.CreateMigrationService(context.Background(), "ap-guangzhou", req)
	if err != nil {
		t.Fatalf("CreateMigrationService: %v", err)
	}
	if len(resp.JobIds) != 1 || *resp.JobIds[0] != "dts-1ewjspuw" || *resp.RequestId != "req-ok" {
		t.Fatalf("response = %+v", resp)
	}
	calls := srv.Calls()
	if len(calls) != 1 {
		t.Fatalf("calls = %d", len(calls))
	}
	got := calls[0]
	if got.SignatureErr != nil {
		t.Fatalf("signature: %v", got.SignatureErr)
	}
	if want := mustJSON(t, req); !bytes.Equal(got.Body, want) {
		t.Errorf("body\n got %s\nwant %s", got.Body, want)
	}
	if !strings.Contains(string(got.Body), `"Count":9007199254740993`) {
		t.Errorf("uint64 lost precision: %s", got.Body)
	}
	checks := map[string][2]string{
		"X-TC-Action":        {got.Action, "CreateMigrationService"},
		"X-TC-Version":       {got.Version, "2021-12-06"},
		"X-TC-Region":        {got.Region, "ap-guangzhou"},
		"X-TC-Language":      {got.Language, "en-US"},
		"X-TC-Token":         {got.Token, "session-token"},
		"X-TC-RequestClient": {got.RequestClient, "SDK_GO_1.3.211: terraform-provider-dts-0.1.0-test"},
		"Host":               {got.Host, strings.TrimPrefix(srv.URL, "http://")},
	}
	for h, v := range checks {
		if v[0] != v[1] {
			t.Errorf("%s = %q, want %q", h, v[0], v[1])
		}
	}
}

// TestWrongKeyIsRejected shows the fake API really checks signatures, so the
// test above cannot pass by accident.
func TestWrongKeyIsRejected(t *testing.T) {
	srv := newFakeAPI(t, "dts", func(string, int, []byte) reply { return okReply("") })
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.Credential = common.NewCredential(testSecretID, "another-key")
	})
	_, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", &dtsapi.DescribeMigrationDetailRequest{JobId: new("dts-1")})
	if !IsAuth(err) {
		t.Fatalf("err = %v, want an auth error", err)
	}
	ae, _ := AsAPIError(err)
	if ae.Code != "AuthFailure.SignatureFailure" || ae.RequestID != "req-sig" || ae.Service != "dts" || ae.Region != "ap-guangzhou" {
		t.Fatalf("APIError = %+v", ae)
	}
	if strings.Contains(err.Error(), "another-key") {
		t.Fatalf("error contains the secret key: %v", err)
	}
}

// TestDecodeSamples decodes the response samples of the API documentation
// (copied verbatim from examples.zh.json into testdata/) through the typed
// methods. All three decode against the definition without changes.
func TestDecodeSamples(t *testing.T) {
	samples := map[string][]byte{}
	for _, name := range []string{"DescribeMigrationDetail", "DescribeMigrationJobs", "CreateMigrationService"} {
		b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		samples[name] = b
	}
	srv := newFakeAPI(t, "dts", func(action string, n int, body []byte) reply {
		return reply{body: string(samples[action])}
	})
	c, _ := newTestClient(t, srv)
	ctx := context.Background()

	detail, err := c.DescribeMigrationDetail(ctx, "ap-guangzhou", &dtsapi.DescribeMigrationDetailRequest{JobId: new("dts-amm1jw5q")})
	if err != nil {
		t.Fatalf("DescribeMigrationDetail: %v", err)
	}
	if *detail.JobId != "dts-amm1jw5q" || *detail.Status != "readyComplete" || *detail.RequestId != "ac300ff0-00f2-11ed-b005-4930e69d89c2" {
		t.Errorf("detail = %s/%s/%s", *detail.JobId, *detail.Status, *detail.RequestId)
	}
	if got := *detail.SrcInfo.Info[0].Port; got != 31035 {
		t.Errorf("SrcInfo.Info[0].Port = %d", got)
	}
	if steps := detail.CheckStepInfo.Progress.Steps; len(steps) != 13 || *steps[12].StepId != "OptimizeCheck" || *steps[12].Status != "skipped" {
		t.Errorf("check steps = %d, want 13 ending with the skipped OptimizeCheck", len(steps))
	}
	if got := *detail.MigrateOption.DatabaseTable.Databases[0].Tables[1].NewTableName; got != "new_sbtest10" {
		t.Errorf("renamed table = %q", got)
	}
	if got := *detail.TradeInfo.PayType; got != "postpay" {
		t.Errorf("TradeInfo.PayType = %q", got)
	}

	jobs, err := c.DescribeMigrationJobs(ctx, "ap-guangzhou", &dtsapi.DescribeMigrationJobsRequest{JobId: new("dts-amm1jw5q")})
	if err != nil {
		t.Fatalf("DescribeMigrationJobs: %v", err)
	}
	if jobs.TotalCount == nil || *jobs.TotalCount != 1 || len(jobs.JobList) != 1 || *jobs.JobList[0].JobId != "dts-amm1jw5q" {
		t.Errorf("jobs = %+v", jobs)
	}

	created, err := c.CreateMigrationService(ctx, "ap-guangzhou", &dtsapi.CreateMigrationServiceRequest{Count: new(uint64(1))})
	if err != nil {
		t.Fatalf("CreateMigrationService: %v", err)
	}
	if len(created.JobIds) != 1 || *created.JobIds[0] != "dts-1ewjspuw" {
		t.Errorf("created = %+v", created)
	}
}

func TestBadReplies(t *testing.T) {
	tests := []struct {
		name     string
		rep      reply
		wantCode string
		status   int
		class    Class
	}{
		{"no envelope", reply{body: `{"Data":1}`}, CodeBadReply, 0, ClassOther},
		{"not JSON", reply{body: `<html>secret-body</html>`}, CodeBadReply, 0, ClassOther},
		{"wrong types", reply{body: `{"Response":{"TotalCount":"many","RequestId":"r"}}`}, CodeBadReply, 0, ClassOther},
		{"404 html", reply{status: 404, body: `<html>secret-body</html>`}, CodeHTTPStatus, 404, ClassOther},
		{"403 envelope", reply{status: 403, body: `{"Response":{"Error":{"Code":"AuthFailure","Message":"m"},"RequestId":"r"}}`}, "AuthFailure", 403, ClassAuth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeAPI(t, "dts", func(string, int, []byte) reply { return tt.rep })
			c, _ := newTestClient(t, srv)
			_, err := c.DescribeMigrationJobs(context.Background(), "ap-guangzhou", &dtsapi.DescribeMigrationJobsRequest{})
			ae, ok := AsAPIError(err)
			if !ok {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if ae.Code != tt.wantCode || ae.HTTPStatus != tt.status || Classify(err) != tt.class {
				t.Fatalf("APIError = %+v (class %s)", ae, Classify(err))
			}
			if srv.Count("DescribeMigrationJobs") != 1 {
				t.Fatalf("calls = %d, want 1 (not retried)", srv.Count("DescribeMigrationJobs"))
			}
			if strings.Contains(err.Error(), "secret-body") {
				t.Fatalf("error repeats the reply body: %v", err)
			}
		})
	}
}

func TestCallChecksActionAndTypes(t *testing.T) {
	srv := newFakeAPI(t, "dts", func(string, int, []byte) reply { return okReply("") })
	c, _ := newTestClient(t, srv)
	ctx := context.Background()
	if err := c.Call(ctx, "ap-guangzhou", "NoSuchAction", nil, nil); err == nil || !strings.Contains(err.Error(), "unknown dts action") {
		t.Errorf("unknown action: err = %v", err)
	}
	if err := c.Call(ctx, "ap-guangzhou", "DescribeMigrationDetail", &dtsapi.DescribeSyncJobsRequest{}, nil); err == nil || !strings.Contains(err.Error(), "request is") {
		t.Errorf("wrong request type: err = %v", err)
	}
	if err := c.Call(ctx, "ap-guangzhou", "DescribeMigrationDetail", nil, &dtsapi.DescribeSyncJobsResponse{}); err == nil || !strings.Contains(err.Error(), "response is") {
		t.Errorf("wrong response type: err = %v", err)
	}
	if err := c.Call(ctx, "", "DescribeMigrationDetail", nil, nil); err == nil || !strings.Contains(err.Error(), "region is required") {
		t.Errorf("no region: err = %v", err)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Fatalf("invalid calls reached the server %d times", n)
	}
	// A nil request is sent as an empty object.
	var resp dtsapi.DescribeSyncJobsResponse
	if err := c.Call(ctx, "ap-guangzhou", "DescribeSyncJobs", (*dtsapi.DescribeSyncJobsRequest)(nil), &resp); err != nil {
		t.Fatal(err)
	}
	if body := string(srv.Calls()[0].Body); body != "{}" {
		t.Errorf("body = %s, want {}", body)
	}
}

func TestSDKClientPerRegion(t *testing.T) {
	srv := newFakeAPI(t, "dts", func(string, int, []byte) reply { return okReply(`"TotalCount":0`) })
	c, _ := newTestClient(t, srv)
	ctx := context.Background()
	for _, region := range []string{"ap-guangzhou", "ap-shanghai", "ap-guangzhou"} {
		if _, err := c.DescribeSyncJobs(ctx, region, &dtsapi.DescribeSyncJobsRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	var regions []string
	for _, call := range srv.Calls() {
		regions = append(regions, call.Region)
	}
	if strings.Join(regions, ",") != "ap-guangzhou,ap-shanghai,ap-guangzhou" {
		t.Errorf("X-TC-Region sequence = %v", regions)
	}
	c.mu.Lock()
	n := len(c.sdk)
	c.mu.Unlock()
	if n != 2 {
		t.Errorf("cached SDK clients = %d, want 2", n)
	}
	first, again := c.sdkClient("ap-guangzhou"), c.sdkClient("ap-guangzhou")
	if first != again {
		t.Error("the SDK client of a region is not reused")
	}
}

func TestAPIErrorString(t *testing.T) {
	e := &APIError{Action: "DescribeMigrationDetail", Code: "ResourceNotFound", Message: "job not found", RequestID: "abc"}
	if got, want := e.Error(), "DescribeMigrationDetail: ResourceNotFound: job not found (RequestId abc)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &APIError{Code: CodeNetworkError}
	if got := e.Error(); got != CodeNetworkError {
		t.Errorf("Error() = %q", got)
	}
	cause := context.Canceled
	e = &APIError{Code: CodeCanceled, Err: cause}
	if !errors.Is(e.Unwrap(), cause) || e.Unwrap() == nil {
		t.Error("Unwrap does not return the cause")
	}
}

func TestRequestBodyNeverInErrors(t *testing.T) {
	// A password in the request must not appear in any error, even when the
	// server echoes the body in a non-envelope reply.
	srv := newFakeAPI(t, "dts", func(action string, n int, body []byte) reply {
		return reply{status: 500, body: string(body)}
	})
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Retry = RetryPolicy{MaxAttempts: 1} })
	req := &dtsapi.ModifyConsumerGroupPasswordRequest{
		SubscribeId: new("subs-1"), ConsumerGroupName: new("g"), AccountName: new("a"),
		NewPassword: new("new-pass-SECRET"),
	}
	_, err := c.ModifyConsumerGroupPassword(context.Background(), "ap-guangzhou", req)
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("error contains the request body: %v", err)
	}
	var ae *APIError
	ae, _ = AsAPIError(err)
	if ae.HTTPStatus != 500 || !IsTransient(err) {
		t.Fatalf("APIError = %+v", ae)
	}
	if _, err := json.Marshal(ae); err != nil {
		t.Fatal(err)
	}
}
