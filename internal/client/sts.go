package client

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

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
// that is renewed by assuming the role again when less than
// min(5 minutes, 20% of the session) remains. The STS call goes through the
// same SDK path, retries and rate limiting as DTS calls; cfg supplies the
// transport, clock, retry policy, timeouts and request client (its Endpoint
// and Credential are not used; s.Endpoint and s.EndpointFrom name the STS
// endpoint). A failed first call returns its *APIError.
//
// Renewals run inside the Client calls that use the credential, with their
// context: a call canceled during a renewal returns at once, and a call whose
// keys expired and could not be renewed fails with a *CredentialError that
// carries the STS error. The credential is safe for concurrent use.
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
	rc := &renewingCredential{
		source: "the assumed role " + s.RoleArn,
		fetch:  assumeRoleFetch(sts, region, req, time.Duration(duration)*time.Second),
		clock:  sts.clock,
	}
	if err := rc.init(ctx); err != nil {
		return nil, err
	}
	return rc, nil
}

// assumeRoleFetch calls AssumeRole for a renewingCredential.
func assumeRoleFetch(sts *Client, region string, req stsapi.AssumeRoleRequest, duration time.Duration) func(context.Context) (tempKeys, error) {
	return func(ctx context.Context) (tempKeys, error) {
		start := sts.clock.Now()
		req := req
		var resp stsapi.AssumeRoleResponse
		if err := sts.call(ctx, region, "AssumeRole", &req, &resp); err != nil {
			return tempKeys{}, err
		}
		c := resp.Credentials
		if c == nil || c.TmpSecretId == nil || *c.TmpSecretId == "" || c.TmpSecretKey == nil || *c.TmpSecretKey == "" || c.Token == nil || *c.Token == "" {
			reqID := ""
			if resp.RequestId != nil {
				reqID = *resp.RequestId
			}
			return tempKeys{}, &APIError{
				Service: stsapi.Service, Action: "AssumeRole", Region: region,
				Code: CodeBadReply, Message: "the reply has no temporary credentials", RequestID: reqID,
				Attempts: 1, Endpoint: sts.Endpoint(), EndpointFrom: sts.endpointFrom,
			}
		}
		// Trust the shorter of the requested lifetime and the reported expiry,
		// so that clock skew can only make the renewal earlier.
		expires := start.Add(duration)
		if resp.ExpiredTime != nil && *resp.ExpiredTime > 0 {
			if t := time.Unix(*resp.ExpiredTime, 0); t.Before(expires) {
				expires = t
			}
		}
		return tempKeys{id: *c.TmpSecretId, key: *c.TmpSecretKey, token: *c.Token, expires: expires}, nil
	}
}
