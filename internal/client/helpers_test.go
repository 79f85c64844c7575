package client

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
)

const (
	testSecretID  = "AKIDtestsecretid"
	testSecretKey = "test-secret-key-never-logged"
)

var testStart = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// loopbackTransport refuses to dial anything but loopback addresses and
// ignores proxy settings, so no test can reach the network.
func loopbackTransport() *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return nil, fmt.Errorf("test transport: refusing non-loopback address %s", addr)
			}
			return d.DialContext(ctx, network, addr)
		},
	}
}

// countingTransport counts round trips.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.next.RoundTrip(r)
}

// recClock is a fake clock that records every Sleep.
type recClock struct {
	*clock.Fake
	mu     sync.Mutex
	sleeps []time.Duration
}

func newRecClock() *recClock { return &recClock{Fake: clock.NewFake(testStart)} }

func (c *recClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	return c.Fake.Sleep(ctx, d)
}

func (c *recClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// blockingClock's Sleep blocks until ctx is done, announcing each sleep.
type blockingClock struct {
	started chan time.Duration
}

func (blockingClock) Now() time.Time { return testStart }

func (c blockingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.started <- d
	<-ctx.Done()
	return ctx.Err()
}

// reply is one scripted answer of the fake API.
type reply struct {
	status int    // 0 means 200
	body   string // raw body; "" with status 0 means an empty success
	drop   bool   // read the request, then close the connection without a reply
	raw    string // with drop: bytes written to the connection before closing it
}

func okReply(fields string) reply {
	if fields != "" {
		fields += ","
	}
	return reply{body: `{"Response":{` + fields + `"RequestId":"req-ok"}}`}
}

func errReply(code string) reply {
	return reply{body: `{"Response":{"Error":{"Code":"` + code + `","Message":"message of ` + code + `"},"RequestId":"req-err"}}`}
}

// recordedCall is what the fake API saw.
type recordedCall struct {
	Action, Version, Region, Language, RequestClient, Token, Host string
	Body                                                          []byte
	SignatureErr                                                  error
}

// fakeAPI is an httptest server answering the Tencent Cloud envelope. It
// verifies each request's TC3 signature and answers from a script.
type fakeAPI struct {
	*httptest.Server
	t         *testing.T
	service   string
	secretKey func(secretID string) string
	script    func(action string, n int, body []byte) reply

	mu     sync.Mutex
	calls  []recordedCall
	counts map[string]int
}

func newFakeAPI(t *testing.T, service string, script func(action string, n int, body []byte) reply) *fakeAPI {
	t.Helper()
	f := &fakeAPI{
		t:         t,
		service:   service,
		secretKey: func(string) string { return testSecretKey },
		script:    script,
		counts:    make(map[string]int),
	}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("fake API: reading body: %v", err)
		return
	}
	rc := recordedCall{
		Action:        r.Header.Get("X-TC-Action"),
		Version:       r.Header.Get("X-TC-Version"),
		Region:        r.Header.Get("X-TC-Region"),
		Language:      r.Header.Get("X-TC-Language"),
		RequestClient: r.Header.Get("X-TC-RequestClient"),
		Token:         r.Header.Get("X-TC-Token"),
		Host:          r.Host,
		Body:          body,
	}
	rc.SignatureErr = verifyTC3(r, body, f.service, f.secretKey)
	f.mu.Lock()
	f.calls = append(f.calls, rc)
	f.counts[rc.Action]++
	n := f.counts[rc.Action]
	f.mu.Unlock()

	if rc.SignatureErr != nil {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":%q},"RequestId":"req-sig"}}`, rc.SignatureErr.Error())
		return
	}
	rep := f.script(rc.Action, n, body)
	if rep.drop {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			f.t.Errorf("fake API: hijack: %v", err)
			return
		}
		if rep.raw != "" {
			_, _ = io.WriteString(conn, rep.raw)
		}
		conn.Close()
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if rep.status != 0 {
		w.WriteHeader(rep.status)
	}
	_, _ = io.WriteString(w, rep.body)
}

func (f *fakeAPI) Calls() []recordedCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recordedCall(nil), f.calls...)
}

func (f *fakeAPI) Count(action string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[action]
}

// verifyTC3 recomputes the TC3-HMAC-SHA256 signature of r independently of
// the SDK.
func verifyTC3(r *http.Request, body []byte, service string, keyOf func(string) string) error {
	auth := r.Header.Get("Authorization")
	const algo = "TC3-HMAC-SHA256"
	if !strings.HasPrefix(auth, algo+" ") {
		return fmt.Errorf("authorization does not start with %s", algo)
	}
	fields := map[string]string{}
	for _, part := range strings.Split(strings.TrimPrefix(auth, algo+" "), ", ") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return fmt.Errorf("malformed authorization part %q", part)
		}
		fields[k] = v
	}
	scope := strings.Split(fields["Credential"], "/")
	if len(scope) != 4 || scope[2] != service || scope[3] != "tc3_request" {
		return fmt.Errorf("bad credential scope %q", fields["Credential"])
	}
	if fields["SignedHeaders"] != "content-type;host" {
		return fmt.Errorf("unexpected signed headers %q", fields["SignedHeaders"])
	}
	ts := r.Header.Get("X-TC-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("bad timestamp %q", ts)
	}
	date := time.Unix(sec, 0).UTC().Format("2006-01-02")
	if scope[1] != date {
		return fmt.Errorf("scope date %s does not match timestamp date %s", scope[1], date)
	}
	canonical := fmt.Sprintf("POST\n/\n\ncontent-type:%s\nhost:%s\n\ncontent-type;host\n%s",
		r.Header.Get("Content-Type"), r.Host, sha256hex(body))
	toSign := fmt.Sprintf("%s\n%s\n%s/%s/tc3_request\n%s", algo, ts, date, service, sha256hex([]byte(canonical)))
	kDate := hmacSHA256([]byte("TC3"+keyOf(scope[0])), date)
	kService := hmacSHA256(kDate, service)
	kSigning := hmacSHA256(kService, "tc3_request")
	want := hex.EncodeToString(hmacSHA256(kSigning, toSign))
	if !hmac.Equal([]byte(want), []byte(fields["Signature"])) {
		return fmt.Errorf("signature mismatch")
	}
	return nil
}

func sha256hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// newTestClient builds a DTS client for srv with a recording fake clock and
// a fast retry policy.
func newTestClient(t *testing.T, srv *fakeAPI, mods ...func(*Config)) (*Client, *recClock) {
	t.Helper()
	clk := newRecClock()
	cfg := Config{
		Endpoint:      srv.URL,
		Credential:    common.NewCredential(testSecretID, testSecretKey),
		RequestClient: "terraform-provider-dts/0.1.0-test",
		Transport:     loopbackTransport(),
		Clock:         clk,
		Retry:         RetryPolicy{MaxAttempts: 5, MinBackoff: time.Second, MaxBackoff: 8 * time.Second},
		Seed:          42,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, clk
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
