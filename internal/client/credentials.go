package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
)

// Environment variables ResolveCredential reads.
const (
	EnvSecretID      = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey     = "TENCENTCLOUD_SECRET_KEY"
	EnvSecurityToken = "TENCENTCLOUD_SECURITY_TOKEN"
	EnvProfile       = "TENCENTCLOUD_PROFILE"
)

// DefaultProfile is the tccli profile used when none is named.
const DefaultProfile = "default"

// CredentialSettings are the credential inputs of the provider.
type CredentialSettings struct {
	// SecretID, SecretKey and SecurityToken are the provider attributes
	// secret_id, secret_key and security_token.
	SecretID, SecretKey, SecurityToken string
	// Profile is the provider attribute profile: a tccli profile name.
	Profile string
	// UseCVMRole asks for the CVM instance role; CVMRoleName names it
	// ("" = the role bound to the instance, read from the metadata service).
	UseCVMRole  bool
	CVMRoleName string
	// MetadataEndpoint is the URL of the role list of the instance metadata
	// service; "" means DefaultMetadataEndpoint.
	MetadataEndpoint string
	// Transport carries the metadata requests; nil means a transport that
	// never uses a proxy (the answer is a key and a token).
	Transport http.RoundTripper
	// MetadataTimeout bounds each metadata request; 0 means
	// DefaultMetadataTimeout.
	MetadataTimeout time.Duration
	// Clock decides when the CVM role's keys are renewed; nil means clock.Real{}.
	Clock clock.Clock
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
}

// Resolved is the credential ResolveCredential found.
type Resolved struct {
	Credential common.CredentialIface
	// Source says where it came from; never a secret.
	Source string
	// Profile is the tccli profile the credential came from, "" for other
	// sources. See ProfileRegion.
	Profile string
}

var profileNameRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// keyNames name the parts of a key source in messages.
type keyNames struct{ source, id, key, token string }

var (
	attrKeyNames = keyNames{"provider attributes secret_id/secret_key",
		"the provider attribute secret_id", "the provider attribute secret_key", "the provider attribute security_token"}
	envKeyNames = keyNames{"environment variables " + EnvSecretID + "/" + EnvSecretKey,
		"the environment variable " + EnvSecretID, "the environment variable " + EnvSecretKey, "the environment variable " + EnvSecurityToken}
)

// ResolveCredential finds the credential. The first source in this order that
// is set wins and the later ones are ignored:
//
//  1. the provider attributes: secret_id and secret_key (with security_token),
//     or profile (a tccli profile, ~/.tccli/<name>.credential);
//  2. the environment: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY
//     (with TENCENTCLOUD_SECURITY_TOKEN), else TENCENTCLOUD_PROFILE;
//  3. the tccli profile "default", when its file exists;
//  4. the CVM role, when UseCVMRole.
//
// A source that is set must be complete: half a key pair or a token without
// keys is an error (a token belongs only to the keys it came with), as are
// key attributes together with a profile attribute, and values that are
// blank or hold white space around them or control characters. Messages
// never contain secret values.
func ResolveCredential(ctx context.Context, s CredentialSettings) (*Resolved, error) {
	getenv := s.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	attrSet := s.SecretID != "" || s.SecretKey != "" || s.SecurityToken != ""
	switch {
	case attrSet && s.Profile != "":
		return nil, errors.New("conflicting credentials: the provider attribute profile and the provider attributes secret_id/secret_key are both set; use one or the other")
	case attrSet:
		return fromKeys(s.SecretID, s.SecretKey, s.SecurityToken, attrKeyNames)
	case s.Profile != "":
		return fromProfile(s.Profile, "the provider attribute profile")
	}
	if id, key, token := getenv(EnvSecretID), getenv(EnvSecretKey), getenv(EnvSecurityToken); id != "" || key != "" || token != "" {
		return fromKeys(id, key, token, envKeyNames)
	}
	if name := getenv(EnvProfile); name != "" {
		return fromProfile(name, "the environment variable "+EnvProfile)
	}
	if path, ok := tccliPath(DefaultProfile, ".credential"); ok {
		if _, err := os.Stat(path); err == nil {
			return fromProfile(DefaultProfile, "the default profile")
		}
	}
	if s.UseCVMRole {
		return cvmRole(ctx, s)
	}
	return nil, errors.New("no credentials found; looked for: the provider attributes secret_id and secret_key, or profile; " +
		"the environment variables " + EnvSecretID + " and " + EnvSecretKey + ", or " + EnvProfile + "; " +
		"the tccli profile \"default\" (~/.tccli/default.credential); " +
		"the CVM role (not enabled: set use_cvm_role)")
}

// fromKeys checks a key source and makes its credential.
func fromKeys(id, key, token string, n keyNames) (*Resolved, error) {
	switch {
	case id != "" && key == "":
		return nil, fmt.Errorf("incomplete credentials: %s is set but %s is not; they go together", n.id, n.key)
	case id == "" && key != "":
		return nil, fmt.Errorf("incomplete credentials: %s is set but %s is not; they go together", n.key, n.id)
	case id == "":
		return nil, fmt.Errorf("incomplete credentials: %s is set without %s and %s", n.token, n.id, n.key)
	}
	if err := checkKeys(id, key, token, n); err != nil {
		return nil, err
	}
	return &Resolved{Credential: newKeyCredential(id, key, token), Source: n.source}, nil
}

// checkKeys applies CheckValue to the parts of a credential.
func checkKeys(id, key, token string, n keyNames) error {
	for _, v := range []struct{ what, value string }{{n.id, id}, {n.key, key}, {n.token, token}} {
		if err := CheckValue(v.what, v.value); err != nil {
			return fmt.Errorf("invalid credentials: %w", err)
		}
	}
	return nil
}

// CheckValue rejects a credential or region value that cannot work: only
// white space, white space or a line break at its start or end (a file or
// `echo` often adds one), or a control character inside. what names the value
// and where it came from; the message never contains the value. "" passes.
func CheckValue(what, v string) error {
	trimmed := strings.TrimSpace(v)
	switch {
	case v == "":
		return nil
	case trimmed == "":
		return fmt.Errorf("%s is blank (only white space)", what)
	case trimmed != v:
		return fmt.Errorf("%s has white space or a line break at its start or end (a trailing newline often comes from a file or `echo`); remove it", what)
	}
	for i, r := range v {
		if unicode.IsControl(r) {
			return fmt.Errorf("%s contains a control character at byte %d (a line break or tab?); remove it", what, i+1)
		}
	}
	return nil
}

func newKeyCredential(id, key, token string) common.CredentialIface {
	if token != "" {
		return common.NewTokenCredential(id, key, token)
	}
	return common.NewCredential(id, key)
}

// tccliPath is where tccli keeps a profile's file with the given suffix
// (".credential", ".configure").
func tccliPath(name, suffix string) (string, bool) {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", false
	}
	return filepath.Join(home, ".tccli", name+suffix), true
}

// fromProfile reads a tccli profile through the SDK's provider; from says
// what named it.
func fromProfile(name, from string) (*Resolved, error) {
	fail := func(err error) (*Resolved, error) {
		return nil, fmt.Errorf("tccli profile %q (%s): %w", name, from, err)
	}
	if !profileNameRE.MatchString(name) {
		return fail(errors.New("invalid profile name: use letters, digits, '_', '.' and '-'"))
	}
	path, ok := tccliPath(name, ".credential")
	if !ok {
		return fail(errors.New("the home directory is unknown, so ~/.tccli cannot be read"))
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fail(fmt.Errorf("%s does not exist", path))
		}
		return fail(fmt.Errorf("cannot read %s: %w", path, err))
	}
	cred, err := common.NewTccliProfileProvider(name).GetCredential()
	if err != nil {
		return fail(fmt.Errorf("cannot use %s: %w", path, sanitizeCredErr(err)))
	}
	id, key, token := cred.GetCredential()
	in := " in " + path
	if err := checkKeys(id, key, token, keyNames{id: "secretId" + in, key: "secretKey" + in, token: "token" + in}); err != nil {
		return fail(err)
	}
	return &Resolved{
		Credential: newKeyCredential(id, key, token),
		Source:     fmt.Sprintf("tccli profile %q (%s, %s)", name, path, from),
		Profile:    name,
	}, nil
}

// ProfileRegion reads the region of a tccli profile from
// ~/.tccli/<name>.configure ({"_sys_param": {"region": …}}; older files keep
// "region" at the top level). It returns "" and no error when the file does
// not exist or names no region, and the path it looked at.
func ProfileRegion(name string) (region, path string, err error) {
	if !profileNameRE.MatchString(name) {
		return "", "", errors.New("invalid profile name")
	}
	path, ok := tccliPath(name, ".configure")
	if !ok {
		return "", "", nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", path, nil
	}
	if err != nil {
		return "", path, fmt.Errorf("cannot read %s: %w", path, err)
	}
	var conf struct {
		SysParam struct {
			Region string `json:"region"`
		} `json:"_sys_param"`
		Region string `json:"region"`
	}
	if err := json.Unmarshal(b, &conf); err != nil {
		return "", path, fmt.Errorf("%s is not valid JSON: %w", path, err)
	}
	if conf.SysParam.Region != "" {
		return conf.SysParam.Region, path, nil
	}
	return conf.Region, path, nil
}

// sanitizeCredErr keeps the SDK's message but not its "[TencentCloudSDKError]"
// decoration. SDK credential errors carry no secret values.
func sanitizeCredErr(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "Message="); i >= 0 {
		msg = msg[i+len("Message="):]
	}
	return errors.New(msg)
}
