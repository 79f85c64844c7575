// Package client is the one way the provider calls Tencent Cloud: DTS (API
// 2021-12-06) and, for assuming a role, STS (2018-08-13).
//
// Requests are signed (TC3-HMAC-SHA256) and sent by the SDK's common client
// with its own retries, region breaker and debug dumps switched off. This
// package adds the one retry layer (jittered exponential backoff from an
// explicit allow-list, never blind for purchases), a rate limiter per action,
// the classification of errors (APIError, Classify) and credential resolution
// (ResolveCredential, AssumeRole). The typed method per DTS action is
// generated into zz_generated_actions.go and calls Client.Call.
package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	sdkjson "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/json"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	"golang.org/x/time/rate"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Defaults of Config.
const (
	// DefaultEndpoint is the public DTS endpoint.
	DefaultEndpoint = "https://dts.tencentcloudapi.com"
	// DefaultRequestClient identifies the provider in X-TC-RequestClient.
	DefaultRequestClient = "terraform-provider-dts"
	// DefaultRateLimit is the documented DTS limit: 20 requests per second per action.
	DefaultRateLimit = 20
	// DefaultRateBurst lets one request through at once: calls of one action
	// are spaced 1/RateLimit apart, so a burst of parallel Terraform
	// operations never exceeds the server's per-second limit.
	DefaultRateBurst = 1
	// DefaultRequestTimeout bounds one HTTP attempt.
	DefaultRequestTimeout = 60 * time.Second
	// DefaultConnectTimeout bounds connecting to the endpoint (TCP, and TLS
	// for https) with the default transport.
	DefaultConnectTimeout = 10 * time.Second
	// unreachableMaxAttempts is how many attempts a call makes at most while
	// the endpoint cannot be reached (unknown host, connection refused, no
	// answer while connecting): one retry covers a restart, more only delay
	// the error.
	unreachableMaxAttempts = 2
)

// Config configures a Client.
type Config struct {
	// Endpoint is a URL with scheme https (http only for loopback
	// addresses) and no path; "" means DefaultEndpoint. See ParseEndpoint.
	Endpoint string
	// EndpointFrom names the setting Endpoint came from (e.g. "the
	// environment variable TENCENTCLOUD_DTS_ENDPOINT"); errors about an
	// endpoint that cannot be reached carry it (APIError.EndpointFrom).
	EndpointFrom string
	// Credential signs the requests. Required.
	Credential common.CredentialIface
	// RequestClient identifies the caller, e.g. "terraform-provider-dts/0.1.0".
	// Characters the API does not accept (anything but [0-9a-zA-Z-_ ,;.]) are
	// replaced by "-". "" means DefaultRequestClient.
	RequestClient string
	// Transport sends the HTTP requests; nil means a clone of
	// http.DefaultTransport that connects within DefaultConnectTimeout.
	// With an *http.Transport the client knows exactly how far each attempt
	// got (not sent, not connected, written); other transports count as
	// "may have sent".
	Transport http.RoundTripper
	// Clock is used for retry backoff and rate-limit waits; nil means clock.Real{}.
	Clock clock.Clock
	// Retry is the retry policy; zero fields take DefaultRetryPolicy's values.
	Retry RetryPolicy
	// RateLimit is the number of requests per second per action;
	// 0 means DefaultRateLimit.
	RateLimit float64
	// RateBurst is how many requests of one action may go at once;
	// 0 means DefaultRateBurst.
	RateBurst int
	// RequestTimeout bounds one HTTP attempt; 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// Seed seeds the backoff jitter; 0 means a time-based seed.
	Seed int64
}

// RetryPolicy bounds the retries of one call.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts including the first (1 = no retry).
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the wait between attempts: the nth
	// retry waits a uniformly random time in
	// [MinBackoff, min(MaxBackoff, MinBackoff·2ⁿ)].
	MinBackoff, MaxBackoff time.Duration
	// MaxElapsed bounds the whole call, attempts and waits, on the client's
	// clock: no retry starts that would end after it, and an attempt's
	// timeout is cut to what is left.
	MaxElapsed time.Duration
}

// DefaultRetryPolicy is 8 attempts with backoff between 1s and 30s, all
// within 2 minutes.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 8, MinBackoff: time.Second, MaxBackoff: 30 * time.Second, MaxElapsed: 2 * time.Minute}
}

func (p RetryPolicy) withDefaults() (RetryPolicy, error) {
	def := DefaultRetryPolicy()
	if p.MaxAttempts == 0 {
		p.MaxAttempts = def.MaxAttempts
	}
	if p.MinBackoff == 0 {
		p.MinBackoff = def.MinBackoff
	}
	if p.MaxBackoff == 0 {
		p.MaxBackoff = max(def.MaxBackoff, p.MinBackoff)
	}
	if p.MaxElapsed == 0 {
		p.MaxElapsed = def.MaxElapsed
	}
	switch {
	case p.MaxAttempts < 0:
		return p, fmt.Errorf("retry policy: MaxAttempts must be at least 1, got %d", p.MaxAttempts)
	case p.MinBackoff < 0 || p.MaxBackoff < 0 || p.MaxElapsed < 0:
		return p, errors.New("retry policy: backoffs and MaxElapsed must not be negative")
	case p.MinBackoff > p.MaxBackoff:
		return p, fmt.Errorf("retry policy: MinBackoff %s is greater than MaxBackoff %s", p.MinBackoff, p.MaxBackoff)
	}
	return p, nil
}

// ParseEndpoint validates an API endpoint URL: scheme https, or http for a
// loopback host only (127.0.0.0/8, ::1, localhost: the DTS emulator), since
// requests carry tokens and database passwords; a host, an optional numeric
// port, no path (a single "/" is accepted), no query, fragment or user
// information. It returns the URL without the path. Error messages never
// repeat user information.
func ParseEndpoint(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("endpoint is empty")
	}
	if strings.TrimSpace(raw) != raw {
		return nil, errors.New("endpoint must not have leading or trailing spaces")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the whole URL, which may hold a password
		}
		return nil, fmt.Errorf("endpoint is not a valid URL: %w", err)
	}
	if u.User != nil {
		return nil, errors.New("endpoint must not contain user information")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return nil, fmt.Errorf("endpoint %q has no scheme: use http:// or https://", raw)
		}
		return nil, fmt.Errorf("endpoint %q: scheme must be http or https", raw)
	}
	if u.Opaque != "" || u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("endpoint %q has no host", raw)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("endpoint %q: port must be a number from 1 to 65535", raw)
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return nil, fmt.Errorf("endpoint %q: empty port", raw)
	}
	if u.Path != "" && u.Path != "/" || u.RawPath != "" {
		return nil, fmt.Errorf("endpoint %q must not have a path", raw)
	}
	if u.RawQuery != "" || u.ForceQuery {
		return nil, fmt.Errorf("endpoint %q must not have a query", raw)
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, fmt.Errorf("endpoint %q must not have a fragment", raw)
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("endpoint %q: plain http is allowed only for loopback addresses "+
			"(127.0.0.1, ::1, localhost), such as the DTS emulator; use https: requests carry tokens and database passwords", raw)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// isLoopbackHost reports a loopback IP address or "localhost".
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// service is what differs between the APIs the client calls.
type service struct {
	name, version, defaultEndpoint string
	// actions, when set, is the action table calls are checked against.
	actions map[string]dtsapi.ActionInfo
	// purchases are the actions that create something and have no
	// idempotency token (purchases, compare tasks, consumer groups): they
	// are retried only when the request certainly did not apply; the caller
	// looks for what a lost reply created.
	purchases map[string]bool
}

var dtsService = service{
	name:            dtsapi.Service,
	version:         dtsapi.Version,
	defaultEndpoint: DefaultEndpoint,
	actions:         dtsapi.Actions,
	purchases: map[string]bool{
		"CreateMigrationService": true,
		"CreateSyncJob":          true,
		"CreateSubscribe":        true,
		"CreateCompareTask":      true,
		"CreateSyncCompareTask":  true,
		"CreateConsumerGroup":    true,
	},
}

// Client calls one API (DTS for clients made by New). It is safe for
// concurrent use.
type Client struct {
	svc           service
	endpoint      *url.URL
	endpointFrom  string
	cred          common.CredentialIface
	requestClient string
	transport     http.RoundTripper
	traceable     bool // transport is an *http.Transport: see Config.Transport
	clock         clock.Clock
	retry         RetryPolicy
	limit         rate.Limit
	burst         int
	timeout       time.Duration

	mu       sync.Mutex
	sdk      map[string]*common.Client // per region
	limiters map[string]*rate.Limiter  // per action

	rndMu sync.Mutex
	rnd   *rand.Rand
}

// New returns a DTS client.
func New(cfg Config) (*Client, error) { return newClient(cfg, dtsService) }

func newClient(cfg Config, svc service) (*Client, error) {
	if cfg.Credential == nil {
		return nil, errors.New("client: a credential is required")
	}
	raw := cfg.Endpoint
	if raw == "" {
		raw = svc.defaultEndpoint
	}
	ep, err := ParseEndpoint(raw)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	retry, err := cfg.Retry.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	if cfg.RateLimit < 0 || cfg.RateBurst < 0 || cfg.RequestTimeout < 0 {
		return nil, errors.New("client: RateLimit, RateBurst and RequestTimeout must not be negative")
	}
	c := &Client{
		svc:           svc,
		endpoint:      ep,
		endpointFrom:  cfg.EndpointFrom,
		cred:          cfg.Credential,
		requestClient: sanitizeRequestClient(cfg.RequestClient),
		clock:         cfg.Clock,
		retry:         retry,
		limit:         rate.Limit(cfg.RateLimit),
		burst:         cfg.RateBurst,
		timeout:       cfg.RequestTimeout,
		sdk:           make(map[string]*common.Client),
		limiters:      make(map[string]*rate.Limiter),
	}
	if c.clock == nil {
		c.clock = clock.Real{}
	}
	if c.limit == 0 {
		c.limit = DefaultRateLimit
	}
	if c.burst == 0 {
		c.burst = DefaultRateBurst
	}
	if c.timeout == 0 {
		c.timeout = DefaultRequestTimeout
	}
	if c.endpointFrom == "" {
		c.endpointFrom = "the client configuration"
	}
	next := cfg.Transport
	if next == nil {
		next = defaultTransport()
	}
	_, c.traceable = next.(*http.Transport)
	c.transport = &recordingTransport{next: next}
	seed := cfg.Seed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	c.rnd = rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))
	return c, nil
}

// defaultTransport is a clone of http.DefaultTransport (proxy settings from
// the environment, HTTP/2) that connects within DefaultConnectTimeout.
func defaultTransport() http.RoundTripper {
	dt, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t := dt.Clone()
	d := &net.Dialer{Timeout: DefaultConnectTimeout, KeepAlive: 30 * time.Second}
	t.DialContext = d.DialContext
	t.TLSHandshakeTimeout = DefaultConnectTimeout
	return t
}

// Endpoint returns the endpoint URL the client sends to, e.g.
// "https://dts.tencentcloudapi.com".
func (c *Client) Endpoint() string { return c.endpoint.String() }

// sanitizeRequestClient makes s acceptable to the SDK (^[0-9a-zA-Z-_ ,;.]+$,
// at most 128 characters), which otherwise drops it.
func sanitizeRequestClient(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z',
			r == '-', r == '_', r == ' ', r == ',', r == ';', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := strings.TrimSpace(b.String())
	if len(out) > 128 {
		out = out[:128]
	}
	if out == "" {
		return DefaultRequestClient
	}
	return out
}

// clientProfile is the SDK profile: everything set explicitly.
func (c *Client) clientProfile() *profile.ClientProfile {
	p := profile.NewClientProfile()
	p.SignMethod = "TC3-HMAC-SHA256"
	p.Language = "en-US"
	// The SDK dumps whole bodies, passwords included, when debugging.
	p.Debug = false
	// Its default is documented to flip; it must never fail over to a
	// public endpoint.
	p.DisableRegionBreaker = true
	// The SDK's own retries sleep without the context; this package retries.
	p.RateLimitExceededMaxRetries = 0
	p.NetworkFailureMaxRetries = 0
	p.UnsafeRetryOnConnectionFailure = false
	p.HttpProfile.ReqMethod = "POST"
	p.HttpProfile.Scheme = strings.ToUpper(c.endpoint.Scheme)
	p.HttpProfile.Endpoint = c.endpoint.Host
	// The SDK sets http.Client.Timeout to this many seconds; the exact bound
	// is the per-attempt context deadline.
	p.HttpProfile.ReqTimeout = int((c.timeout + time.Second - 1) / time.Second)
	return p
}

// sdkClient returns the SDK client of region, made once.
func (c *Client) sdkClient(region string) *common.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sc, ok := c.sdk[region]; ok {
		return sc
	}
	sc := common.NewCommonClient(c.cred, region, c.clientProfile())
	sc.WithHttpTransport(c.transport)
	sc.WithRequestClient(c.requestClient)
	c.sdk[region] = sc
	return sc
}

// rawRequest carries the pre-marshaled body of a typed request through the
// SDK, avoiding tchttp.CommonRequest's lossy map round trip.
type rawRequest struct {
	*tchttp.BaseRequest
	body []byte
}

// MarshalJSON returns the pre-marshaled body.
func (r *rawRequest) MarshalJSON() ([]byte, error) { return r.body, nil }

// rawResponse keeps the body of a successful reply for decoding.
type rawResponse struct {
	*tchttp.BaseResponse
	body []byte
}

// UnmarshalJSON keeps a copy of the raw body.
func (r *rawResponse) UnmarshalJSON(b []byte) error {
	r.body = append([]byte(nil), b...)
	return nil
}

// Call calls action in region: req is the action's request struct (or nil for
// no parameters) and resp the response struct the reply is decoded into. It
// waits on the action's rate limiter, retries per the policy, and returns
// nil, an *APIError, a *CredentialError (temporary credentials that expired
// and could not be renewed), or a plain error for a programming mistake such
// as an unknown action or mismatched types.
func (c *Client) Call(ctx context.Context, region, action string, req, resp any) error {
	return c.call(ctx, region, action, req, resp)
}

func (c *Client) call(ctx context.Context, region, action string, req, resp any) error {
	if region == "" {
		return fmt.Errorf("%s: a region is required", action)
	}
	if err := CheckValue("the region", region); err != nil {
		// It would go into a header: refused locally, or sent to no region.
		return c.stamp(&APIError{
			Service: c.svc.name, Action: action, Region: region, Code: CodeNotSent,
			Message: fmt.Sprintf("the request was not sent: %v (%q)", err, region),
		}, 0, true)
	}
	if c.svc.actions != nil {
		info, ok := c.svc.actions[action]
		if !ok {
			return fmt.Errorf("%s: unknown %s action", action, c.svc.name)
		}
		if err := checkType("request", req, info.NewRequest()); err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
		if err := checkType("response", resp, info.NewResponse()); err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
	}
	body := []byte("{}")
	if !isNil(req) {
		// The SDK's encoder, as its own clients use: a nil member is
		// omitted, an empty list is sent as [] (a required list may be
		// empty, e.g. ModifySyncJobConfig's DdlOptions).
		b, err := sdkjson.Marshal(req)
		if err != nil {
			return fmt.Errorf("%s: encoding the request: %w", action, err)
		}
		body = b
	}
	return c.withRetry(ctx, region, action, body, resp)
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func checkType(what string, got, want any) error {
	if got == nil {
		return nil
	}
	if reflect.TypeOf(got) != reflect.TypeOf(want) {
		return fmt.Errorf("%s is %T, want %T", what, got, want)
	}
	return nil
}

// attemptResult is the outcome of one HTTP attempt.
type attemptResult struct {
	err *APIError
	// sent: the request may have reached the server (it was written, or the
	// transport cannot tell).
	sent bool
	// applied: a reply arrived that suggests success but could not be used
	// (e.g. a 200 reply that does not decode): the request may have applied
	// whatever its class.
	applied bool
	// final: repeating the request cannot help (a TLS handshake failure, a
	// request refused locally), whatever its class.
	final bool
}

// attempt sends one request, within timeout, and decodes the reply into resp.
func (c *Client) attempt(ctx context.Context, region, action string, body []byte, resp any, timeout time.Duration) attemptResult {
	st := &callState{timeout: timeout}
	actx := withCallState(ctx, st)
	actx, cancel := context.WithTimeout(actx, timeout)
	defer cancel()

	req := &rawRequest{
		BaseRequest: (&tchttp.BaseRequest{}).Init().WithApiInfo(c.svc.name, c.svc.version, action),
		body:        body,
	}
	req.SetContext(actx)
	raw := &rawResponse{BaseResponse: &tchttp.BaseResponse{}}

	err := c.sdkClient(region).Send(req, raw)
	if err != nil {
		return c.translate(ctx, region, action, err, st)
	}
	if derr := decodeEnvelope(raw.body, resp); derr != nil {
		return attemptResult{err: &APIError{
			Service: c.svc.name, Action: action, Region: region,
			Code:    CodeBadReply,
			Message: "the reply could not be decoded: " + derr.Error(),
			Err:     derr,
		}, sent: true, applied: true}
	}
	return attemptResult{}
}

// decodeEnvelope decodes {"Response": {...}} into resp.
func decodeEnvelope(body []byte, resp any) error {
	var env struct {
		Response json.RawMessage `json:"Response"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return err
	}
	if len(env.Response) == 0 || string(env.Response) == "null" {
		return errors.New("the reply has no Response object")
	}
	if isNil(resp) {
		return nil
	}
	return json.Unmarshal(env.Response, resp)
}
