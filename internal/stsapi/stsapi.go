// Package stsapi holds the wire models of the one Tencent Cloud STS action the
// provider uses, AssumeRole (API 2018-08-13), shared by the client and the
// emulator. Written by hand from the public STS reference; the field names and
// types are those of the official SDK.
package stsapi

// Service and Version identify the STS API.
const (
	Service = "sts"
	Version = "2018-08-13"
	// DefaultEndpoint is the public STS endpoint.
	DefaultEndpoint = "https://sts.tencentcloudapi.com"
	// MaxDurationSeconds is the longest session AssumeRole grants.
	MaxDurationSeconds = 43200
)

// Tag is a session tag.
type Tag struct {
	Key   *string `json:"Key,omitempty"`
	Value *string `json:"Value,omitempty"`
}

// AssumeRoleRequest asks for temporary credentials of a CAM role.
type AssumeRoleRequest struct {
	// Required. Role resource description, e.g. qcs::cam::uin/12345678:roleName/testRoleName.
	RoleArn *string `json:"RoleArn,omitempty"`
	// Required. Session name, 2-128 characters of [\w+=,.@-].
	RoleSessionName *string `json:"RoleSessionName,omitempty"`
	// Validity of the credentials in seconds, 0-43200 (default 7200).
	DurationSeconds *uint64 `json:"DurationSeconds,omitempty"`
	// Policy restricting the session (URL-encoded JSON).
	Policy *string `json:"Policy,omitempty"`
	// External ID the role's trust policy may require.
	ExternalId *string `json:"ExternalId,omitempty"`
	// Session tags.
	Tags []*Tag `json:"Tags,omitempty"`
	// Identity of the caller.
	SourceIdentity *string `json:"SourceIdentity,omitempty"`
	// MFA device serial number and code.
	SerialNumber *string `json:"SerialNumber,omitempty"`
	TokenCode    *string `json:"TokenCode,omitempty"`
}

// Credentials are temporary keys.
type Credentials struct {
	Token        *string `json:"Token,omitempty"`
	TmpSecretId  *string `json:"TmpSecretId,omitempty"`
	TmpSecretKey *string `json:"TmpSecretKey,omitempty"`
}

// AssumeRoleResponse carries the temporary keys and their expiry.
type AssumeRoleResponse struct {
	Credentials *Credentials `json:"Credentials,omitempty"`
	// Expiry as a Unix timestamp in seconds.
	ExpiredTime *int64 `json:"ExpiredTime,omitempty"`
	// Expiry in ISO 8601 (UTC), e.g. 2026-11-27T15:45:18Z.
	Expiration *string `json:"Expiration,omitempty"`
	RequestId  *string `json:"RequestId,omitempty"`
}
