package client

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/stsapi"
)

// Defaults of AssumeRoleSettings.
const (
	// DefaultAssumeRoleDuration is the session length when none is given.
	DefaultAssumeRoleDuration = 7200
	// DefaultSTSRegion is the region STS calls are sent to when none is
	// given (the SDK's choice as well).
	DefaultSTSRegion = "ap-guangzhou"
)

const (
	// refreshMargin is the most time before expiry at which assumed
	// credentials are renewed; for short sessions it is 20% of the lifetime.
	refreshMargin = 5 * time.Minute
	// refreshRetryInterval spaces renewal attempts after a failure, so that a
	// failing STS is not called on every signature.
	refreshRetryInterval = 30 * time.Second
	// refreshTimeout bounds one renewal, retries included.
	refreshTimeout = 3 * time.Minute
)

var stsService = service{
	name:            stsapi.Service,
	version:         stsapi.Version,
	defaultEndpoint: stsapi.DefaultEndpoint,
}

var sessionNameRE = regexp.MustCompile(`^[\w+=,.@-]{2,128}$`)

// AssumeRoleSettings describe the role to assume.
type AssumeRoleSettings struct {
	// RoleArn (e.g. qcs::cam::uin/12345678:roleName/name) and SessionName
	// (2–128 characters of [\w+=,.@-]) are required.
	RoleArn, SessionName string
	// DurationSeconds is the session length, 1–43200; 0 means 7200.
	DurationSeconds int64
	// ExternalID is sent when the role's trust policy requires one.
	ExternalID string
	// Endpoint is the STS endpoint URL; "" means https://sts.tencentcloudapi.com.
	Endpoint string
	// EndpointFrom names the setting Endpoint came from, for messages.
	EndpointFrom string
	// Region the STS call is sent to; "" means DefaultSTSRegion.
	Region string
}

// AssumeRole assumes a role through STS with base and returns a credential
// that renews itself by assuming the role again when less than
// min(5 minutes, 20% of the session) remains. The STS call goes through the
// same SDK path, retries and rate limiting as DTS calls; cfg supplies the
// transport, clock, retry policy, timeouts and request client (its Endpoint
// and Credential are not used; s.Endpoint and s.EndpointFrom name the STS
// endpoint). A failed first call returns its *APIError.
// The credential is safe for concurrent use; it keeps ctx's values (for
// logging) but not its cancellation for later renewals.
func AssumeRole(ctx context.Context, base common.CredentialIface, s AssumeRoleSettings, cfg Config) (common.CredentialIface, error) {
	if base == nil {
		return nil, errors.New("assume role: a base credential is required")
	}
	if s.RoleArn == "" {
		return nil, errors.New("assume role: the role ARN is required")
	}
	if !sessionNameRE.MatchString(s.SessionName) {
		return nil, errors.New("assume role: the session name must be 2 to 128 characters of letters, digits and +=,.@_-")
	}
	duration := s.DurationSeconds
	if duration == 0 {
		duration = DefaultAssumeRoleDuration
	}
	if duration < 1 || duration > stsapi.MaxDurationSeconds {
		return nil, fmt.Errorf("assume role: the duration must be from 1 to %d seconds, got %d", stsapi.MaxDurationSeconds, duration)
	}
	region := s.Region
	if region == "" {
		region = DefaultSTSRegion
	}
	cfg.Endpoint, cfg.EndpointFrom = s.Endpoint, s.EndpointFrom
	cfg.Credential = base
	sts, err := newClient(cfg, stsService)
	if err != nil {
		return nil, fmt.Errorf("assume role: %w", err)
	}
	req := stsapi.AssumeRoleRequest{
		RoleArn:         &s.RoleArn,
		RoleSessionName: &s.SessionName,
		DurationSeconds: new(uint64(duration)),
	}
	if s.ExternalID != "" {
		req.ExternalId = &s.ExternalID
	}
	rc := &roleCredential{
		sts:      sts,
		region:   region,
		req:      req,
		duration: time.Duration(duration) * time.Second,
		clock:    sts.clock,
		logCtx:   context.WithoutCancel(ctx),
	}
	if err := rc.assume(ctx); err != nil {
		return nil, err
	}
	return rc, nil
}

// roleCredential is an assumed role's temporary credential that renews itself.
type roleCredential struct {
	sts      *Client
	region   string
	req      stsapi.AssumeRoleRequest
	duration time.Duration
	clock    clock.Clock
	logCtx   context.Context

	mu        sync.Mutex
	id, key   string
	token     string
	expiresAt time.Time
	refreshAt time.Time
	retryAt   time.Time
}

// assume calls AssumeRole and stores the new keys. The caller holds mu, or
// the credential is not shared yet.
func (r *roleCredential) assume(ctx context.Context) error {
	start := r.clock.Now()
	req := r.req
	var resp stsapi.AssumeRoleResponse
	if err := r.sts.call(ctx, r.region, "AssumeRole", &req, &resp); err != nil {
		return err
	}
	c := resp.Credentials
	if c == nil || c.TmpSecretId == nil || *c.TmpSecretId == "" || c.TmpSecretKey == nil || *c.TmpSecretKey == "" || c.Token == nil || *c.Token == "" {
		reqID := ""
		if resp.RequestId != nil {
			reqID = *resp.RequestId
		}
		return &APIError{
			Service: stsapi.Service, Action: "AssumeRole", Region: r.region,
			Code: CodeBadReply, Message: "the reply has no temporary credentials", RequestID: reqID,
		}
	}
	// Trust the shorter of the requested lifetime and the reported expiry, so
	// that clock skew can only make the renewal earlier.
	expires := start.Add(r.duration)
	if resp.ExpiredTime != nil && *resp.ExpiredTime > 0 {
		if t := time.Unix(*resp.ExpiredTime, 0); t.Before(expires) {
			expires = t
		}
	}
	lifetime := expires.Sub(start)
	margin := min(refreshMargin, lifetime/5)
	r.id, r.key, r.token = *c.TmpSecretId, *c.TmpSecretKey, *c.Token
	r.expiresAt = expires
	r.refreshAt = expires.Add(-margin)
	r.retryAt = time.Time{}
	return nil
}

// current renews the keys when due and returns them. When renewal fails the
// old keys are returned (the API then answers with an auth error once they
// expire) and renewal is tried again after refreshRetryInterval.
func (r *roleCredential) current() (string, string, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock.Now()
	if now.Before(r.refreshAt) || now.Before(r.retryAt) {
		return r.id, r.key, r.token
	}
	ctx, cancel := context.WithTimeout(r.logCtx, refreshTimeout)
	defer cancel()
	if err := r.assume(ctx); err != nil {
		r.retryAt = now.Add(refreshRetryInterval)
		tflog.Warn(r.logCtx, "renewing the assumed role's credentials failed", map[string]any{
			"error":      err.Error(),
			"expires_at": r.expiresAt.UTC().Format(time.RFC3339),
		})
	} else {
		tflog.Debug(r.logCtx, "renewed the assumed role's credentials", map[string]any{
			"expires_at": r.expiresAt.UTC().Format(time.RFC3339),
		})
	}
	return r.id, r.key, r.token
}

// GetSecretId implements common.CredentialIface.
func (r *roleCredential) GetSecretId() string { id, _, _ := r.current(); return id }

// GetSecretKey implements common.CredentialIface.
func (r *roleCredential) GetSecretKey() string { _, key, _ := r.current(); return key }

// GetToken implements common.CredentialIface.
func (r *roleCredential) GetToken() string { _, _, token := r.current(); return token }

// GetCredential implements common.CredentialIface: all three parts at once.
func (r *roleCredential) GetCredential() (string, string, string) { return r.current() }
