package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/stsapi"
)

// fakeSTS issues tmp-id-N / tmp-key-N / tmp-token-N on the Nth AssumeRole,
// valid for the requested duration from the fake clock's now, unless fail
// says otherwise.
type fakeSTS struct {
	*fakeAPI
	mu   sync.Mutex
	fail func(n int) string // error code for call n, "" = succeed
	hold func(n int)        // runs before call n is answered
}

func newFakeSTS(t *testing.T, clk *recClock) *fakeSTS {
	f := &fakeSTS{}
	f.fakeAPI = newFakeAPI(t, "sts", func(action string, n int, body []byte) reply {
		if action != "AssumeRole" {
			return errReply("InvalidAction")
		}
		f.mu.Lock()
		fail, hold := f.fail, f.hold
		f.mu.Unlock()
		if hold != nil {
			hold(n)
		}
		if fail != nil {
			if code := fail(n); code != "" {
				return errReply(code)
			}
		}
		var req stsapi.AssumeRoleRequest
		if err := json.Unmarshal(body, &req); err != nil || req.DurationSeconds == nil {
			return errReply("InvalidParameter")
		}
		exp := clk.Now().Add(time.Duration(*req.DurationSeconds) * time.Second)
		return okReply(fmt.Sprintf(`"Credentials":{"TmpSecretId":"tmp-id-%d","TmpSecretKey":"tmp-key-%d","Token":"tmp-token-%d"},"ExpiredTime":%d,"Expiration":%q`,
			n, n, n, exp.Unix(), exp.UTC().Format(time.RFC3339)))
	})
	return f
}

// holdFrom makes calls from the nth on wait until the test ends or release
// is called.
func (f *fakeSTS) holdFrom(t *testing.T, from int) (release func()) {
	ch := make(chan struct{})
	var once sync.Once
	release = func() { once.Do(func() { close(ch) }) }
	t.Cleanup(release) // before the server's Close, which waits for handlers
	f.mu.Lock()
	f.hold = func(n int) {
		if n >= from {
			<-ch
		}
	}
	f.mu.Unlock()
	return release
}

func (f *fakeSTS) setFail(fail func(n int) string) {
	f.mu.Lock()
	f.fail = fail
	f.mu.Unlock()
}

// use renews cred as a Client call does before each attempt, then reads it.
func use(t *testing.T, cred common.CredentialIface) (string, string, string) {
	t.Helper()
	if r, ok := cred.(renewer); ok {
		if err := r.renew(context.Background()); err != nil {
			t.Errorf("renew: %v", err)
		}
	}
	return cred.GetCredential()
}

func stsConfig(clk *recClock) Config {
	return Config{
		Transport: loopbackTransport(),
		Clock:     clk,
		Retry:     RetryPolicy{MaxAttempts: 3, MinBackoff: time.Second, MaxBackoff: 4 * time.Second},
		Seed:      1,
	}
}

func TestAssumeRoleRequestAndRefresh(t *testing.T) {
	clk := newRecClock()
	srv := newFakeSTS(t, clk)
	base := common.NewCredential(testSecretID, testSecretKey)
	s := AssumeRoleSettings{
		RoleArn:         "qcs::cam::uin/100000000001:roleName/dts-admin",
		SessionName:     "terraform-dts",
		DurationSeconds: 3600,
		ExternalID:      "ext-123",
		Endpoint:        srv.URL,
	}
	cred, err := AssumeRole(context.Background(), base, s, stsConfig(clk))
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	calls := srv.Calls()
	if len(calls) != 1 {
		t.Fatalf("STS calls = %d", len(calls))
	}
	c := calls[0]
	if c.SignatureErr != nil || c.Action != "AssumeRole" || c.Version != "2018-08-13" || c.Region != DefaultSTSRegion || c.Token != "" {
		t.Fatalf("STS call = %+v", c)
	}
	var body map[string]any
	if err := json.Unmarshal(c.Body, &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"RoleArn": s.RoleArn, "RoleSessionName": "terraform-dts", "DurationSeconds": 3600.0, "ExternalId": "ext-123"}
	if fmt.Sprint(body) != fmt.Sprint(want) {
		t.Errorf("body = %v, want %v", body, want)
	}

	check := func(wantN, wantCalls int) {
		t.Helper()
		id, key, token := use(t, cred)
		n := fmt.Sprint(wantN)
		if id != "tmp-id-"+n || key != "tmp-key-"+n || token != "tmp-token-"+n {
			t.Fatalf("credential = %s/%s/%s, want generation %d", id, key, token, wantN)
		}
		if cred.GetSecretId() != id || cred.GetSecretKey() != key || cred.GetToken() != token {
			t.Fatal("single getters disagree with GetCredential")
		}
		if got := len(srv.Calls()); got != wantCalls {
			t.Fatalf("STS calls = %d, want %d", got, wantCalls)
		}
	}
	check(1, 1)
	// 3600s session: renewal 5 minutes before expiry, at 3300s.
	clk.Advance(3300*time.Second - time.Second)
	check(1, 1)
	clk.Advance(time.Second)
	check(2, 2)
	// The new session counts from the renewal.
	clk.Advance(3299 * time.Second)
	check(2, 2)
	clk.Advance(time.Second)
	check(3, 3)
}

func TestAssumeRoleShortSessionRefreshesAtTwentyPercent(t *testing.T) {
	clk := newRecClock()
	srv := newFakeSTS(t, clk)
	cred, err := AssumeRole(context.Background(), common.NewCredential(testSecretID, testSecretKey),
		AssumeRoleSettings{RoleArn: "qcs::cam::uin/1:roleName/r", SessionName: "s1", DurationSeconds: 600, Endpoint: srv.URL, Region: "ap-shanghai"},
		stsConfig(clk))
	if err != nil {
		t.Fatal(err)
	}
	if r := srv.Calls()[0].Region; r != "ap-shanghai" {
		t.Errorf("region = %q", r)
	}
	// 600s session: 20% = 120s < 5 minutes, renewal at 480s.
	clk.Advance(479 * time.Second)
	if id, _, _ := use(t, cred); id != "tmp-id-1" {
		t.Fatal("renewed too early")
	}
	clk.Advance(time.Second)
	if id, _, _ := use(t, cred); id != "tmp-id-2" {
		t.Fatal("not renewed at 80% of the session")
	}
}

func TestAssumeRoleDefaultDuration(t *testing.T) {
	clk := newRecClock()
	srv := newFakeSTS(t, clk)
	if _, err := AssumeRole(context.Background(), common.NewCredential(testSecretID, testSecretKey),
		AssumeRoleSettings{RoleArn: "qcs::cam::uin/1:roleName/r", SessionName: "s1", Endpoint: srv.URL}, stsConfig(clk)); err != nil {
		t.Fatal(err)
	}
	body := string(srv.Calls()[0].Body)
	if !strings.Contains(body, `"DurationSeconds":7200`) || strings.Contains(body, "ExternalId") {
		t.Errorf("body = %s", body)
	}
}

func TestAssumeRoleRefreshFailureKeepsOldKeys(t *testing.T) {
	cred, srv, clk := assumed(t)
	srv.setFail(func(n int) string {
		if n == 2 {
			return "AuthFailure.SecretIdNotFound"
		}
		return ""
	})
	clk.Advance(3400 * time.Second)
	if id, _, _ := use(t, cred); id != "tmp-id-1" {
		t.Fatal("a failed renewal must keep the old keys")
	}
	if got := len(srv.Calls()); got != 2 {
		t.Fatalf("STS calls = %d, want 2", got)
	}
	// No renewal storm: the next try waits refreshRetryInterval.
	use(t, cred)
	if got := len(srv.Calls()); got != 2 {
		t.Fatalf("STS calls = %d right after a failure, want 2", got)
	}
	clk.Advance(refreshRetryInterval)
	if id, _, _ := use(t, cred); id != "tmp-id-3" {
		t.Fatal("renewal not retried after the interval")
	}
}

func TestAssumeRoleFirstFailureIsAPIError(t *testing.T) {
	clk := newRecClock()
	srv := newFakeSTS(t, clk)
	srv.setFail(func(int) string { return "AuthFailure.SecretIdNotFound" })
	_, err := AssumeRole(context.Background(), common.NewCredential(testSecretID, testSecretKey),
		AssumeRoleSettings{RoleArn: "qcs::cam::uin/1:roleName/r", SessionName: "s1", Endpoint: srv.URL}, stsConfig(clk))
	ae, ok := AsAPIError(err)
	if !ok || !IsAuth(err) || ae.Service != "sts" || ae.Action != "AssumeRole" || ae.Code != "AuthFailure.SecretIdNotFound" {
		t.Fatalf("err = %#v", err)
	}
	if strings.Contains(err.Error(), testSecretKey) {
		t.Fatal("error contains the secret key")
	}

	// A reply without credentials is an error too.
	srv2 := newFakeAPI(t, "sts", func(string, int, []byte) reply { return okReply(`"ExpiredTime":1`) })
	_, err = AssumeRole(context.Background(), common.NewCredential(testSecretID, testSecretKey),
		AssumeRoleSettings{RoleArn: "qcs::cam::uin/1:roleName/r", SessionName: "s1", Endpoint: srv2.URL}, stsConfig(clk))
	if ae, ok := AsAPIError(err); !ok || ae.Code != CodeBadReply {
		t.Fatalf("err = %v", err)
	}
}

func TestAssumeRoleValidation(t *testing.T) {
	base := common.NewCredential(testSecretID, testSecretKey)
	ok := AssumeRoleSettings{RoleArn: "qcs::cam::uin/1:roleName/r", SessionName: "s1"}
	tests := []struct {
		name string
		mod  func(*AssumeRoleSettings)
		want string
	}{
		{"no role", func(s *AssumeRoleSettings) { s.RoleArn = "" }, "role ARN"},
		{"short session name", func(s *AssumeRoleSettings) { s.SessionName = "a" }, "session name"},
		{"bad session name", func(s *AssumeRoleSettings) { s.SessionName = "has space" }, "session name"},
		{"duration too long", func(s *AssumeRoleSettings) { s.DurationSeconds = 43201 }, "duration"},
		{"negative duration", func(s *AssumeRoleSettings) { s.DurationSeconds = -1 }, "duration"},
		{"bad endpoint", func(s *AssumeRoleSettings) { s.Endpoint = "sts.example.com" }, "scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.mod(&s)
			_, err := AssumeRole(context.Background(), base, s, Config{Transport: opaqueTransport{}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := AssumeRole(context.Background(), nil, ok, Config{}); err == nil {
		t.Error("nil base credential accepted")
	}
}

// TestDTSCallWithAssumedRole signs a DTS call with the temporary keys and
// sends their token.
func TestDTSCallWithAssumedRole(t *testing.T) {
	c, dts, _, clk := assumedClient(t)
	for gen := 1; gen <= 2; gen++ {
		if _, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", &dtsapi.DescribeMigrationDetailRequest{JobId: new("dts-1")}); err != nil {
			t.Fatalf("generation %d: %v", gen, err)
		}
		last := dts.Calls()[len(dts.Calls())-1]
		if last.SignatureErr != nil || last.Token != fmt.Sprintf("tmp-token-%d", gen) {
			t.Fatalf("generation %d: signature %v token %q", gen, last.SignatureErr, last.Token)
		}
		clk.Advance(3300 * time.Second)
	}
}

func TestAssumeRoleConcurrentUse(t *testing.T) {
	cred, srv, clk := assumed(t)
	clk.Advance(3400 * time.Second)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, key, token := use(t, cred)
			if strings.TrimPrefix(id, "tmp-id-") != strings.TrimPrefix(key, "tmp-key-") || strings.TrimPrefix(id, "tmp-id-") != strings.TrimPrefix(token, "tmp-token-") {
				t.Errorf("torn credential %s/%s/%s", id, key, token)
			}
		}()
	}
	wg.Wait()
	if got := len(srv.Calls()); got != 2 {
		t.Errorf("STS calls = %d, want exactly one renewal", got)
	}
}

// assumed is a role assumed for 3600 s from a new fake STS.
func assumed(t *testing.T) (common.CredentialIface, *fakeSTS, *recClock) {
	t.Helper()
	clk := newRecClock()
	sts := newFakeSTS(t, clk)
	cred, err := AssumeRole(context.Background(), common.NewCredential(testSecretID, testSecretKey),
		AssumeRoleSettings{RoleArn: "qcs::cam::uin/1:roleName/r", SessionName: "s1", DurationSeconds: 3600, Endpoint: sts.URL},
		stsConfig(clk))
	if err != nil {
		t.Fatal(err)
	}
	return cred, sts, clk
}

// assumedClient is a DTS client signing with a role assumed (3600 s) from
// the fake STS, and the fake DTS it calls.
func assumedClient(t *testing.T) (*Client, *fakeAPI, *fakeSTS, *recClock) {
	t.Helper()
	cred, sts, clk := assumed(t)
	dts := newFakeAPI(t, "dts", sequence(detailOK))
	dts.secretKey = func(id string) string { return strings.Replace(id, "tmp-id-", "tmp-key-", 1) }
	c, _ := newTestClient(t, dts, func(cfg *Config) {
		cfg.Credential = cred
		cfg.Clock = clk
	})
	return c, dts, sts, clk
}

// A renewal runs with the context of the call that needs it: canceling the
// call ends the wait at once (it used to run on its own for up to 3 minutes).
func TestRenewalIsCanceledWithTheCall(t *testing.T) {
	c, dts, sts, clk := assumedClient(t)
	sts.holdFrom(t, 2)
	clk.Advance(3600 * time.Second) // expired: the call must wait for new keys
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.DescribeMigrationDetail(ctx, "ap-guangzhou", detailReq())
		done <- err
	}()
	waitFor(t, func() bool { return sts.Count("AssumeRole") == 2 })
	cancel()
	select {
	case err := <-done:
		if !IsCanceled(err) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not return after cancel while renewing")
	}
	if dts.Count("DescribeMigrationDetail") != 0 {
		t.Error("the call was sent with expired keys")
	}
}

// While one call renews, calls whose keys are still valid go on with them.
func TestRenewalDoesNotBlockOtherCalls(t *testing.T) {
	c, dts, sts, clk := assumedClient(t)
	release := sts.holdFrom(t, 2)
	clk.Advance(3400 * time.Second) // due for renewal, still valid until 3600s
	first := make(chan error, 1)
	go func() {
		_, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
		first <- err
	}()
	waitFor(t, func() bool { return sts.Count("AssumeRole") == 2 })
	// The renewal hangs in STS; other calls are not held up.
	for range 3 {
		if _, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq()); err != nil {
			t.Fatal(err)
		}
	}
	if got := dts.Calls(); len(got) != 3 || got[2].Token != "tmp-token-1" || got[2].SignatureErr != nil {
		t.Fatalf("DTS calls during the renewal = %+v", got)
	}
	release()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if last := dts.Calls()[3]; last.Token != "tmp-token-2" {
		t.Errorf("the renewing call used token %q", last.Token)
	}
}

// When the keys have expired and STS refuses to renew them, the call fails
// with STS's error (not a later AuthFailure.TokenFailure from DTS) and sends
// nothing.
func TestExpiredRenewalSurfacesTheSTSError(t *testing.T) {
	c, dts, sts, clk := assumedClient(t)
	sts.setFail(func(n int) string {
		if n >= 2 {
			return "AuthFailure.SecretIdNotFound"
		}
		return ""
	})
	clk.Advance(3600 * time.Second)
	_, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
	var ce *CredentialError
	if !errors.As(err, &ce) || ce.Action != "DescribeMigrationDetail" || !strings.Contains(ce.Source, "qcs::cam::uin/1:roleName/r") {
		t.Fatalf("err = %v (%T), want a *CredentialError", err, err)
	}
	ae, ok := AsAPIError(err)
	if !ok || ae.Service != "sts" || ae.Action != "AssumeRole" || ae.Code != "AuthFailure.SecretIdNotFound" || !IsAuth(err) {
		t.Fatalf("APIError = %+v", ae)
	}
	if !strings.Contains(err.Error(), "DescribeMigrationDetail was not sent") || dts.Count("DescribeMigrationDetail") != 0 {
		t.Errorf("err %q, DTS calls %d", err, dts.Count("DescribeMigrationDetail"))
	}
	// Within refreshRetryInterval the same error comes back without asking STS.
	if _, err2 := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq()); !errors.As(err2, &ce) || sts.Count("AssumeRole") != 2 {
		t.Errorf("second call: %v, STS calls %d", err2, sts.Count("AssumeRole"))
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 10s")
		}
		time.Sleep(time.Millisecond)
	}
}
