package emulator

import (
	"crypto/subtle"
	"regexp"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/stsapi"
)

// STS AssumeRole: temporary credentials valid on the wall clock for the
// requested duration. Requests signed with them must carry their token in
// X-TC-Token (AuthFailure.TokenFailure otherwise, and after expiry).

// stsActions are the actions of STS 2018-08-13, as the official Node.js
// SDK's STS client (4.1.313, the version the tests pin) lists them. The
// emulator implements AssumeRole; the others answer UnsupportedOperation, an
// action STS does not have InvalidAction, as for DTS.
var stsActions = []string{"AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetCallerIdentity",
	"GetFederationToken", "GetSessionToken", "QueryApiKey"}

var stsSchema = schema{required: map[string][]string{"AssumeRoleRequest": {"RoleArn", "RoleSessionName"}}}

var (
	roleArnPattern     = regexp.MustCompile(`^qcs::cam::uin/[0-9]+:roleName/[\w+=,.@-]+$`)
	sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]{2,128}$`)
)

// defaultSessionDuration is the validity of credentials when
// DurationSeconds is 0 or absent.
const defaultSessionDuration = 7200

const alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func assumeRole(c *call, req *stsapi.AssumeRoleRequest) (*stsapi.AssumeRoleResponse, error) {
	if !roleArnPattern.MatchString(*req.RoleArn) {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `RoleArn` is not valid; expected qcs::cam::uin/<uin>:roleName/<name>.",
			*req.RoleArn)
	}
	if !sessionNamePattern.MatchString(*req.RoleSessionName) {
		return nil, errf(codeInvalidParameterValue, "The parameter `RoleSessionName` must be 2 to 128 characters of letters, digits and +=,.@-_.")
	}
	seconds := deref(req.DurationSeconds)
	if seconds > stsapi.MaxDurationSeconds {
		return nil, errf(codeInvalidParameterValue, "The value `%d` of parameter `DurationSeconds` is not valid; it must be between 0 and %d.",
			seconds, stsapi.MaxDurationSeconds)
	}
	if seconds == 0 {
		seconds = defaultSessionDuration
	}
	if want, ok := c.e.roles[*req.RoleArn]; ok && want != "" {
		if subtle.ConstantTimeCompare([]byte(deref(req.ExternalId)), []byte(want)) != 1 {
			return nil, errf(codeUnauthorizedOperation, "The trust policy of role %s requires a matching ExternalId.", *req.RoleArn)
		}
	}

	e := c.e
	expires := c.Wall.Add(time.Duration(seconds) * time.Second).Truncate(time.Second)
	var id string
	for {
		id = "AKID" + e.randomString("tmpid", alphanumeric, 32)
		if _, taken := e.creds[id]; !taken && e.st.TempCreds[id] == nil {
			break
		}
	}
	token := e.randomString("token", alphanumeric, 96)
	cred := &tempCredential{
		SecretKey: e.randomString("tmpkey", alphanumeric, 32),
		TokenHash: sha256Hex([]byte(token)),
		Expires:   expires,
		RoleArn:   *req.RoleArn,
		Session:   *req.RoleSessionName,
	}
	e.pruneTempCreds(c.Wall)
	e.st.TempCreds[id] = cred
	c.changed()
	return &stsapi.AssumeRoleResponse{
		Credentials: &stsapi.Credentials{
			Token:        ptr(token),
			TmpSecretId:  ptr(id),
			TmpSecretKey: ptr(cred.SecretKey),
		},
		ExpiredTime: ptr(expires.Unix()),
		Expiration:  ptr(expires.UTC().Format(time.RFC3339)),
	}, nil
}

// pruneTempCreds forgets credentials that expired more than a day ago (a
// request signed with them then answers SecretIdNotFound instead of
// TokenFailure, as keys that no longer exist do).
func (e *Emulator) pruneTempCreds(now time.Time) {
	for id, t := range e.st.TempCreds {
		if now.Sub(t.Expires) > 24*time.Hour {
			delete(e.st.TempCreds, id)
		}
	}
}
