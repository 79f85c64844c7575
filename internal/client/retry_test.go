package client

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func detailReq() *dtsapi.DescribeMigrationDetailRequest {
	return &dtsapi.DescribeMigrationDetailRequest{JobId: new("dts-amm1jw5q")}
}

func purchaseReq() *dtsapi.CreateMigrationServiceRequest {
	return &dtsapi.CreateMigrationServiceRequest{
		SrcDatabaseType: new("mysql"), DstDatabaseType: new("mysql"),
		SrcRegion: new("ap-guangzhou"), DstRegion: new("ap-guangzhou"),
		InstanceClass: new("small"), Count: new(uint64(1)),
	}
}

// sequence answers the nth call with replies[n-1], repeating the last one.
func sequence(replies ...reply) func(string, int, []byte) reply {
	return func(_ string, n int, _ []byte) reply {
		if n > len(replies) {
			return replies[len(replies)-1]
		}
		return replies[n-1]
	}
}

// truncatedReply promises a longer body than it sends, then hangs up.
var truncatedReply = reply{drop: true, raw: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"Response\":{"}

var detailOK = okReply(`"JobId":"dts-amm1jw5q","Status":"running"`)

func TestRetry(t *testing.T) {
	tests := []struct {
		name      string
		replies   []reply
		wantCalls int
		wantCode  string // "" = success
		wantClass Class
	}{
		{"throttled then ok", []reply{errReply("RequestLimitExceeded"), detailOK}, 2, "", 0},
		{"throttled sub-code then ok", []reply{errReply("RequestLimitExceeded.UinLimitExceeded"), detailOK}, 2, "", 0},
		{"lock error then ok", []reply{errReply("InternalError.LockError"), detailOK}, 2, "", 0},
		{"internal error then ok", []reply{errReply("InternalError"), detailOK}, 2, "", 0},
		{"service unavailable then ok", []reply{errReply("ServiceUnavailable"), detailOK}, 2, "", 0},
		{"502 then ok", []reply{{status: 502, body: "<html>Bad Gateway</html>"}, detailOK}, 2, "", 0},
		{"503 with JSON then ok", []reply{{status: 503, body: `{"message":"busy"}`}, detailOK}, 2, "", 0},
		{"dropped connection then ok", []reply{{drop: true}, detailOK}, 2, "", 0},
		{"reply cut short then ok", []reply{truncatedReply, detailOK}, 2, "", 0},
		{"not enough money is final", []reply{errReply("InternalError.NotEnoughMoneyError"), detailOK}, 1, "InternalError.NotEnoughMoneyError", ClassOther},
		{"duplicate job is final", []reply{errReply("InternalError.DuplicateJob"), detailOK}, 1, "InternalError.DuplicateJob", ClassOther},
		{"not found is final", []reply{errReply("ResourceNotFound"), detailOK}, 1, "ResourceNotFound", ClassNotFound},
		{"wrong state is final", []reply{errReply("FailedOperation.StatusInConflict"), detailOK}, 1, "FailedOperation.StatusInConflict", ClassWrongState},
		{"invalid parameter is final", []reply{errReply("InvalidParameter"), detailOK}, 1, "InvalidParameter", ClassInvalidInput},
		{"max attempts honored", []reply{errReply("RequestLimitExceeded")}, 5, "RequestLimitExceeded", ClassThrottled},
		{"502 until max attempts", []reply{{status: 502, body: "bad gateway"}}, 5, CodeHTTPStatus, ClassTransient},
		{"drops until max attempts", []reply{{drop: true}}, 5, CodeNetworkError, ClassTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeAPI(t, "dts", sequence(tt.replies...))
			c, clk := newTestClient(t, srv)
			resp, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
			if got := srv.Count("DescribeMigrationDetail"); got != tt.wantCalls {
				t.Errorf("calls = %d, want %d", got, tt.wantCalls)
			}
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if *resp.Status != "running" {
					t.Fatalf("status = %q", *resp.Status)
				}
			} else {
				ae, ok := AsAPIError(err)
				if !ok {
					t.Fatalf("err = %v (%T), want *APIError", err, err)
				}
				if ae.Code != tt.wantCode || Classify(err) != tt.wantClass {
					t.Fatalf("code %q class %s, want %q %s (%v)", ae.Code, Classify(err), tt.wantCode, tt.wantClass, err)
				}
				if ae.Action != "DescribeMigrationDetail" || ae.Service != "dts" || ae.Region != "ap-guangzhou" {
					t.Fatalf("APIError = %+v", ae)
				}
				// The error says how many attempts were made, and that they
				// reached the server.
				if ae.Attempts != tt.wantCalls || ae.NothingSent || ae.Endpoint != srv.URL {
					t.Fatalf("Attempts %d NothingSent %v Endpoint %q, want %d false %q", ae.Attempts, ae.NothingSent, ae.Endpoint, tt.wantCalls, srv.URL)
				}
			}
			// One backoff sleep per retry, nothing else.
			if got := len(clk.Sleeps()); got != tt.wantCalls-1 {
				t.Errorf("sleeps = %v, want %d", clk.Sleeps(), tt.wantCalls-1)
			}
		})
	}
}

func TestRetryHTTPStatusCaptured(t *testing.T) {
	srv := newFakeAPI(t, "dts", sequence(reply{status: 502, body: "<html>gateway</html>"}))
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Retry = RetryPolicy{MaxAttempts: 2} })
	_, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
	ae, ok := AsAPIError(err)
	if !ok || ae.HTTPStatus != http.StatusBadGateway || ae.Code != CodeHTTPStatus {
		t.Fatalf("err = %#v", err)
	}
	// A read whose request reached a failing gateway may have been applied.
	if !ae.MayHaveApplied {
		t.Error("MayHaveApplied = false after 5xx replies")
	}
}

func TestBackoffBoundsAndDeterminism(t *testing.T) {
	policy := RetryPolicy{MaxAttempts: 8, MinBackoff: time.Second, MaxBackoff: 10 * time.Second}
	run := func(seed int64) []time.Duration {
		srv := newFakeAPI(t, "dts", sequence(errReply("RequestLimitExceeded")))
		c, clk := newTestClient(t, srv, func(cfg *Config) {
			cfg.Retry = policy
			cfg.Seed = seed
		})
		_, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
		if !IsThrottled(err) {
			t.Fatalf("err = %v", err)
		}
		if got := srv.Count("DescribeMigrationDetail"); got != policy.MaxAttempts {
			t.Fatalf("calls = %d, want %d", got, policy.MaxAttempts)
		}
		return clk.Sleeps()
	}
	sleeps := run(7)
	if len(sleeps) != policy.MaxAttempts-1 {
		t.Fatalf("sleeps = %v", sleeps)
	}
	for i, d := range sleeps {
		n := i + 1
		ceil := min(policy.MaxBackoff, policy.MinBackoff<<n)
		if d < policy.MinBackoff || d > ceil {
			t.Errorf("retry %d waited %s, want within [%s, %s]", n, d, policy.MinBackoff, ceil)
		}
	}
	again := run(7)
	for i := range sleeps {
		if sleeps[i] != again[i] {
			t.Fatalf("same seed, different backoff: %v vs %v", sleeps, again)
		}
	}
	// The jitter really varies: over many draws not all retries wait the minimum.
	c, _ := newTestClient(t, newFakeAPI(t, "dts", sequence(detailOK)), func(cfg *Config) { cfg.Retry = policy })
	distinct := map[time.Duration]bool{}
	for range 50 {
		d := c.backoff(3)
		if d < policy.MinBackoff || d > 8*time.Second {
			t.Fatalf("backoff(3) = %s out of [1s, 8s]", d)
		}
		distinct[d] = true
	}
	if len(distinct) < 10 {
		t.Errorf("only %d distinct backoffs in 50 draws", len(distinct))
	}
	// Far retries are capped at MaxBackoff without overflowing.
	for _, n := range []int{10, 62, 100} {
		if d := c.backoff(n); d < policy.MinBackoff || d > policy.MaxBackoff {
			t.Errorf("backoff(%d) = %s", n, d)
		}
	}
}

func TestCancelStopsBackoffAtOnce(t *testing.T) {
	srv := newFakeAPI(t, "dts", sequence(errReply("RequestLimitExceeded")))
	clk := blockingClock{started: make(chan time.Duration, 1)}
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.Clock = clk
		cfg.Retry = RetryPolicy{MaxAttempts: 5, MinBackoff: time.Hour, MaxBackoff: 2 * time.Hour, MaxElapsed: 10 * time.Hour}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.DescribeMigrationDetail(ctx, "ap-guangzhou", detailReq())
		done <- err
	}()
	select {
	case d := <-clk.started:
		if d < time.Hour || d > 2*time.Hour {
			t.Errorf("backoff = %s, want within [1h, 2h]", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call never started its backoff")
	}
	cancel()
	select {
	case err := <-done:
		if !IsCanceled(err) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want canceled", err)
		}
		if Classify(err) != ClassCanceled {
			t.Fatalf("class = %s", Classify(err))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Call did not return after cancel")
	}
	if got := srv.Count("DescribeMigrationDetail"); got != 1 {
		t.Errorf("calls = %d, want 1", got)
	}
}

func TestCanceledContextIsNotRetried(t *testing.T) {
	srv := newFakeAPI(t, "dts", sequence(detailOK))
	c, clk := newTestClient(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.DescribeMigrationDetail(ctx, "ap-guangzhou", detailReq())
	if !IsCanceled(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if srv.Count("DescribeMigrationDetail") != 0 || len(clk.Sleeps()) != 0 {
		t.Fatalf("calls %d sleeps %v after cancel", srv.Count("DescribeMigrationDetail"), clk.Sleeps())
	}
}

func TestAttemptTimeoutIsTransient(t *testing.T) {
	// The server holds the first reply until the client gives up; the attempt
	// timeout is a network failure (retried), not a cancellation.
	release := make(chan struct{})
	var n atomic.Int32
	srv := newFakeAPI(t, "dts", func(string, int, []byte) reply {
		if n.Add(1) == 1 {
			<-release
		}
		return detailOK
	})
	defer close(release)
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond })
	resp, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	if *resp.Status != "running" || n.Load() != 2 {
		t.Fatalf("status %q after %d calls", *resp.Status, n.Load())
	}
}

func TestPurchaseIsNotRetriedBlindly(t *testing.T) {
	tests := []struct {
		name        string
		replies     []reply
		wantCalls   int
		wantErr     bool
		wantApplied bool
		wantClass   Class
	}{
		{"dropped after the request was read", []reply{{drop: true}, okReply(`"JobIds":["dts-2"]`)}, 1, true, true, ClassTransient},
		{"reply cut short", []reply{truncatedReply, okReply(`"JobIds":["dts-2"]`)}, 1, true, true, ClassTransient},
		{"502", []reply{{status: 502, body: "bad gateway"}, okReply(`"JobIds":["dts-2"]`)}, 1, true, true, ClassTransient},
		{"transient internal error", []reply{errReply("InternalError.LockError"), okReply(`"JobIds":["dts-2"]`)}, 1, true, true, ClassTransient},
		{"throttled is retried", []reply{errReply("RequestLimitExceeded"), okReply(`"JobIds":["dts-2"]`)}, 2, false, false, 0},
		{"final error", []reply{errReply("InternalError.NotEnoughMoneyError")}, 1, true, false, ClassOther},
		{"invalid parameter", []reply{errReply("InvalidParameterValue")}, 1, true, false, ClassInvalidInput},
		{"success reply that does not decode", []reply{{body: `{"Response":{"JobIds":"dts-2","RequestId":"r"}}`}}, 1, true, true, ClassOther},
		{"200 reply that is not JSON", []reply{{body: `<html>ok</html>`}}, 1, true, true, ClassOther},
		{"throttled to the end", []reply{errReply("RequestLimitExceeded.RequestLimitExceededError")}, 5, true, false, ClassThrottled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeAPI(t, "dts", sequence(tt.replies...))
			c, _ := newTestClient(t, srv)
			resp, err := c.CreateMigrationService(context.Background(), "ap-guangzhou", purchaseReq())
			if got := srv.Count("CreateMigrationService"); got != tt.wantCalls {
				t.Errorf("calls = %d, want %d", got, tt.wantCalls)
			}
			if !tt.wantErr {
				if err != nil || *resp.JobIds[0] != "dts-2" {
					t.Fatalf("resp %+v err %v", resp, err)
				}
				return
			}
			if err == nil {
				t.Fatal("want an error")
			}
			if MayHaveApplied(err) != tt.wantApplied || Classify(err) != tt.wantClass {
				t.Fatalf("MayHaveApplied = %v class %s, want %v %s (%v)", MayHaveApplied(err), Classify(err), tt.wantApplied, tt.wantClass, err)
			}
		})
	}
}

func TestPurchaseRetriedOnceWhenConnectionRefused(t *testing.T) {
	// A closed listener: every attempt is refused before anything is written,
	// so the purchase is certainly not applied; an endpoint that refuses is
	// tried twice, not MaxAttempts times.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	srv := newFakeAPI(t, "dts", sequence(okReply("")))
	counting := &countingTransport{next: loopbackTransport()}
	c, clk := newTestClient(t, srv, func(cfg *Config) {
		cfg.Endpoint = "http://" + addr
		cfg.Transport = counting
	})
	_, err = c.CreateMigrationService(context.Background(), "ap-guangzhou", purchaseReq())
	if Classify(err) != ClassUnreachable || MayHaveApplied(err) {
		t.Fatalf("err = %v: class %s, MayHaveApplied %v", err, Classify(err), MayHaveApplied(err))
	}
	if ae, _ := AsAPIError(err); ae.Code != CodeUnreachable || !errors.Is(err, syscall.ECONNREFUSED) || !ae.NothingSent || ae.Attempts != 2 {
		t.Fatalf("APIError = %+v", ae)
	}
	if got := counting.n.Load(); got != 2 {
		t.Errorf("attempts = %d, want 2", got)
	}
	if got := len(clk.Sleeps()); got != 1 {
		t.Errorf("sleeps = %d, want 1", got)
	}
}

func TestPurchaseRetriedAfterRefusedDial(t *testing.T) {
	// The first dial is refused, the second reaches the server: one purchase.
	srv := newFakeAPI(t, "dts", sequence(okReply(`"JobIds":["dts-9"]`)))
	var dials atomic.Int32
	tr := loopbackTransport()
	inner := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
		}
		return inner(ctx, network, addr)
	}
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Transport = tr })
	resp, err := c.CreateMigrationService(context.Background(), "ap-guangzhou", purchaseReq())
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	if *resp.JobIds[0] != "dts-9" || srv.Count("CreateMigrationService") != 1 || dials.Load() != 2 {
		t.Fatalf("job %s, server calls %d, dials %d", *resp.JobIds[0], srv.Count("CreateMigrationService"), dials.Load())
	}
}

// opaqueTransport hides the http.Transport, so httptrace hooks never fire.
type opaqueTransport struct{}

func (opaqueTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("opaque transport failure")
}

func TestPurchaseUntraceableTransportCountsAsSent(t *testing.T) {
	// A transport that cannot tell whether it wrote the request must not
	// trigger a blind retry.
	srv := newFakeAPI(t, "dts", sequence(okReply("")))
	counting := &countingTransport{next: opaqueTransport{}}
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Transport = counting })
	_, err := c.CreateMigrationService(context.Background(), "ap-guangzhou", purchaseReq())
	if !MayHaveApplied(err) || counting.n.Load() != 1 {
		t.Fatalf("err %v MayHaveApplied %v attempts %d", err, MayHaveApplied(err), counting.n.Load())
	}
	// The same failure on a read is retried.
	counting.n.Store(0)
	_, err = c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
	if !IsTransient(err) || counting.n.Load() != 5 {
		t.Fatalf("err %v attempts %d", err, counting.n.Load())
	}
}

func TestRateLimiterSpacesCalls(t *testing.T) {
	srv := newFakeAPI(t, "dts", func(action string, _ int, _ []byte) reply {
		return okReply(`"TotalCount":0`)
	})
	c, clk := newTestClient(t, srv, func(cfg *Config) { cfg.RateLimit = 5 })
	ctx := context.Background()
	for range 4 {
		if _, err := c.DescribeMigrationDetail(ctx, "ap-guangzhou", detailReq()); err != nil {
			t.Fatal(err)
		}
	}
	sleeps := clk.Sleeps()
	want := []time.Duration{200 * time.Millisecond, 200 * time.Millisecond, 200 * time.Millisecond}
	if len(sleeps) != len(want) {
		t.Fatalf("sleeps = %v, want %v", sleeps, want)
	}
	for i := range want {
		if sleeps[i] != want[i] {
			t.Fatalf("sleeps = %v, want %v", sleeps, want)
		}
	}
	if got := clk.Now().Sub(testStart); got != 600*time.Millisecond {
		t.Errorf("4 calls at 5/s took %s of clock time, want 600ms", got)
	}
	// Another action has its own limiter: no wait.
	if _, err := c.DescribeSyncJobs(ctx, "ap-guangzhou", &dtsapi.DescribeSyncJobsRequest{}); err != nil {
		t.Fatal(err)
	}
	if got := len(clk.Sleeps()); got != 3 {
		t.Errorf("a different action waited: %v", clk.Sleeps())
	}
	// The limiter itself: 5/s with a burst of 1.
	l := c.limiter("DescribeMigrationDetail")
	if l.Limit() != 5 || l.Burst() != 1 {
		t.Errorf("limiter = %v/s burst %d", l.Limit(), l.Burst())
	}
}

func TestRateLimiterBurst(t *testing.T) {
	srv := newFakeAPI(t, "dts", sequence(detailOK))
	c, clk := newTestClient(t, srv, func(cfg *Config) {
		cfg.RateLimit = 5
		cfg.RateBurst = 3
	})
	for range 4 {
		if _, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq()); err != nil {
			t.Fatal(err)
		}
	}
	if s := clk.Sleeps(); len(s) != 1 || s[0] != 200*time.Millisecond {
		t.Fatalf("sleeps = %v, want one of 200ms after a burst of 3", s)
	}
}

func TestRateLimiterWaitIsCancelable(t *testing.T) {
	srv := newFakeAPI(t, "dts", sequence(detailOK))
	clk := blockingClock{started: make(chan time.Duration, 1)}
	c, _ := newTestClient(t, srv, func(cfg *Config) {
		cfg.Clock = clk
		cfg.RateLimit = 0.001 // one call per 1000s
	})
	if _, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.DescribeMigrationDetail(ctx, "ap-guangzhou", detailReq())
		done <- err
	}()
	if d := <-clk.started; d != 1000*time.Second {
		t.Errorf("limiter wait = %s, want 1000s", d)
	}
	cancel()
	select {
	case err := <-done:
		if !IsCanceled(err) {
			t.Fatalf("err = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("limiter wait not canceled")
	}
	if got := srv.Count("DescribeMigrationDetail"); got != 1 {
		t.Errorf("calls = %d, want 1", got)
	}
}

func TestRetryIsLogged(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	srv := newFakeAPI(t, "dts", sequence(errReply("RequestLimitExceeded"), okReply("")))
	c, clk := newTestClient(t, srv)
	req := &dtsapi.ModifyConsumerGroupPasswordRequest{
		SubscribeId: new("subs-1"), ConsumerGroupName: new("g"), AccountName: new("a"), NewPassword: new("pw-SECRET"),
	}
	if _, err := c.ModifyConsumerGroupPassword(ctx, "ap-guangzhou", req); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "pw-SECRET") || strings.Contains(buf.String(), testSecretKey) {
		t.Fatalf("log contains a secret: %s", buf.String())
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// Every attempt is logged at debug level (action, code, RequestId; never
	// the body), and the retry at warn level.
	var warns, debugs []map[string]any
	for _, e := range entries {
		switch e["@level"] {
		case "warn":
			warns = append(warns, e)
		case "debug":
			debugs = append(debugs, e)
		}
	}
	if len(warns) != 1 || len(debugs) != 2 {
		t.Fatalf("log entries = %v, want one retry warning and two attempts", entries)
	}
	if debugs[0]["code"] != "RequestLimitExceeded" || debugs[1]["request_id"] != "req-ok" || debugs[1]["attempt"] != 2.0 {
		t.Errorf("attempt logs = %v", debugs)
	}
	e := warns[0]
	want := map[string]any{
		"@level": "warn", "action": "ModifyConsumerGroupPassword", "code": "RequestLimitExceeded",
		"attempt": 1.0, "max_attempts": 5.0, "region": "ap-guangzhou", "request_id": "req-err",
		"delay": clk.Sleeps()[0].String(),
	}
	for k, v := range want {
		if e[k] != v {
			t.Errorf("log %s = %v, want %v", k, e[k], v)
		}
	}
}

func TestTruncatedReplyIsANetworkError(t *testing.T) {
	srv := newFakeAPI(t, "dts", sequence(truncatedReply))
	c, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Retry = RetryPolicy{MaxAttempts: 1} })
	_, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
	ae, ok := AsAPIError(err)
	if !ok || ae.Code != CodeNetworkError || !strings.Contains(ae.Message, "reading the reply failed") || ae.Err == nil {
		t.Fatalf("err = %#v", err)
	}
	if !IsTransient(err) || !MayHaveApplied(err) {
		t.Fatalf("transient %v MayHaveApplied %v", IsTransient(err), MayHaveApplied(err))
	}
}

// A request refused on this machine (here: a secret ID with a trailing
// newline, which makes an invalid header) is never repeated, and the error
// says that nothing was sent.
func TestLocalRefusalIsNotRetried(t *testing.T) {
	srv := newFakeAPI(t, "dts", sequence(detailOK))
	counting := &countingTransport{next: loopbackTransport()}
	c, clk := newTestClient(t, srv, func(cfg *Config) {
		cfg.Credential = common.NewCredential(testSecretID+"\n", testSecretKey)
		cfg.Transport = counting // a wrapper: not an *http.Transport
	})
	_, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
	ae, ok := AsAPIError(err)
	if !ok || ae.Code != CodeNotSent || Classify(err) != ClassLocal || !ae.NothingSent || ae.Attempts != 1 || ae.MayHaveApplied {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(ae.Message, "line break") || strings.Contains(ae.Message, testSecretKey) {
		t.Errorf("message = %q", ae.Message)
	}
	if srv.Count("DescribeMigrationDetail") != 0 || len(clk.Sleeps()) != 0 || counting.n.Load() != 0 {
		t.Errorf("server calls %d, sleeps %v", srv.Count("DescribeMigrationDetail"), clk.Sleeps())
	}
	// A region with a line break is refused before any attempt.
	c2, _ := newTestClient(t, srv, func(cfg *Config) { cfg.Transport = counting })
	_, err = c2.DescribeMigrationDetail(context.Background(), "ap-guangzhou\n", detailReq())
	if ae, ok := AsAPIError(err); !ok || ae.Code != CodeNotSent || ae.Attempts != 0 || !ae.NothingSent || !strings.Contains(ae.Message, `"ap-guangzhou\n"`) {
		t.Fatalf("err = %#v", err)
	}
	if counting.n.Load() != 0 {
		t.Errorf("a request with a bad region reached the transport")
	}
}

// dialFailing is a loopback transport whose dials fail with err (or, when
// err is nil, hang until the attempt ends).
func dialFailing(err error) *http.Transport {
	tr := loopbackTransport()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if err != nil {
			return nil, &net.OpError{Op: "dial", Net: network, Err: err}
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return tr
}

// An endpoint that cannot be reached fails after two attempts, whatever the
// policy allows, and the error names the endpoint and its setting.
func TestUnreachableEndpointFailsFast(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + closed.Addr().String()
	closed.Close()
	noHost := &net.DNSError{Err: "no such host", Name: "dts.example.invalid", IsNotFound: true}
	tests := []struct {
		name, endpoint string
		transport      *http.Transport
		want           string
	}{
		{"connection refused", refused, loopbackTransport(), "was refused: nothing listens there"},
		{"unknown host", "https://dts.example.invalid", dialFailing(noHost), "the host dts.example.invalid is unknown"},
		{"no answer while connecting", "https://dts.example.invalid", dialFailing(nil), "could be made in time"},
		{"proxy refuses", "https://dts.example.invalid", func() *http.Transport {
			tr := loopbackTransport()
			tr.Proxy = http.ProxyURL(&url.URL{Scheme: "http", Host: strings.TrimPrefix(refused, "http://")})
			return tr
		}(), "the proxy for dts.example.invalid (HTTPS_PROXY or HTTP_PROXY) could not be reached"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeAPI(t, "dts", sequence(detailOK))
			counting := &countingTransport{next: tt.transport}
			c, clk := newTestClient(t, srv, func(cfg *Config) {
				cfg.Endpoint, cfg.EndpointFrom = tt.endpoint, "the environment variable TENCENTCLOUD_DTS_ENDPOINT"
				cfg.Transport = tt.transport
				cfg.RequestTimeout = 50 * time.Millisecond
				cfg.Retry.MaxAttempts = 8
			})
			c.transport = &recordingTransport{next: counting} // count, still traceable
			_, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
			ae, ok := AsAPIError(err)
			if !ok || ae.Code != CodeUnreachable || Classify(err) != ClassUnreachable || !ae.NothingSent || ae.MayHaveApplied {
				t.Fatalf("err = %#v", err)
			}
			if ae.Attempts != 2 || counting.n.Load() != 2 || len(clk.Sleeps()) != 1 {
				t.Errorf("attempts %d (transport saw %d), sleeps %v; want 2 and one sleep", ae.Attempts, counting.n.Load(), clk.Sleeps())
			}
			if !strings.Contains(ae.Message, tt.want) || ae.Endpoint != tt.endpoint || ae.EndpointFrom != "the environment variable TENCENTCLOUD_DTS_ENDPOINT" {
				t.Errorf("message %q endpoint %q from %q", ae.Message, ae.Endpoint, ae.EndpointFrom)
			}
		})
	}
}

// A TLS failure is never repeated: https against a plain HTTP server, or a
// certificate the client does not trust.
func TestTLSFailureIsNotRetried(t *testing.T) {
	plain := newFakeAPI(t, "dts", sequence(detailOK))
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(tlsSrv.Close)
	for endpoint, want := range map[string]string{
		"https://" + plain.Listener.Addr().String():  "answered an https request with plain HTTP",
		"https://" + tlsSrv.Listener.Addr().String(): "the TLS handshake with",
	} {
		c, clk := newTestClient(t, plain, func(cfg *Config) { cfg.Endpoint = endpoint })
		_, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
		ae, ok := AsAPIError(err)
		if !ok || ae.Code != CodeUnreachable || ae.Attempts != 1 || !ae.NothingSent || len(clk.Sleeps()) != 0 {
			t.Fatalf("%s: err = %#v, sleeps %v", endpoint, err, clk.Sleeps())
		}
		if !strings.Contains(ae.Message, want) {
			t.Errorf("%s: message %q, want %q", endpoint, ae.Message, want)
		}
	}
	if plain.Count("DescribeMigrationDetail") != 0 {
		t.Error("the plain server got a request")
	}
}

// A call ends within MaxElapsed on the client's clock: no retry starts that
// would end after it, and an attempt's timeout is cut to what is left.
func TestCallTimeBudget(t *testing.T) {
	srv := newFakeAPI(t, "dts", sequence(reply{status: 502, body: "bad gateway"}))
	c, clk := newTestClient(t, srv, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 8, MinBackoff: 3 * time.Second, MaxBackoff: 3 * time.Second, MaxElapsed: 10 * time.Second}
	})
	_, err := c.DescribeMigrationDetail(context.Background(), "ap-guangzhou", detailReq())
	ae, _ := AsAPIError(err)
	// Attempts at 0s, 3s, 6s and 9s; a fifth would start at 12s.
	if srv.Count("DescribeMigrationDetail") != 4 || ae == nil || ae.Attempts != 4 || len(clk.Sleeps()) != 3 {
		t.Fatalf("calls %d, err %#v, sleeps %v", srv.Count("DescribeMigrationDetail"), err, clk.Sleeps())
	}
	for _, tt := range []struct{ timeout, remaining, want time.Duration }{
		{time.Minute, 2 * time.Minute, time.Minute},
		{time.Minute, 20 * time.Second, 20 * time.Second},
		{time.Minute, 0, time.Second},
		{time.Minute, -time.Second, time.Second},
		{50 * time.Millisecond, time.Minute, 50 * time.Millisecond},
		{50 * time.Millisecond, 0, 50 * time.Millisecond},
	} {
		c.timeout = tt.timeout
		if got := c.attemptTimeout(tt.remaining); got != tt.want {
			t.Errorf("timeout %s: attemptTimeout(%s) = %s, want %s", tt.timeout, tt.remaining, got, tt.want)
		}
	}
}
