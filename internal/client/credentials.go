package client

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
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
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
}

var profileNameRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// ResolveCredential finds the credential and says where it came from.
//
// Order: the secret_id/secret_key/security_token attributes; the environment
// (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SECURITY_TOKEN);
// a tccli profile named by the profile attribute or TENCENTCLOUD_PROFILE
// (~/.tccli/<name>.credential); the CVM role when UseCVMRole; the tccli
// profile "default" when its file exists; otherwise an error naming every
// source looked at.
//
// Half a key pair, a token without keys, or a profile together with keys is a
// configuration error. Messages never contain secret values.
func ResolveCredential(s CredentialSettings) (common.CredentialIface, string, error) {
	getenv := s.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	envID, envKey, envToken := getenv(EnvSecretID), getenv(EnvSecretKey), getenv(EnvSecurityToken)
	envProfile := getenv(EnvProfile)

	if err := checkPair(s.SecretID, s.SecretKey, s.SecurityToken,
		"provider attributes secret_id and secret_key", "provider attribute security_token"); err != nil {
		return nil, "", err
	}
	if err := checkPair(envID, envKey, envToken,
		"environment variables "+EnvSecretID+" and "+EnvSecretKey, "environment variable "+EnvSecurityToken); err != nil {
		return nil, "", err
	}
	attrKeys, envKeys := s.SecretID != "", envID != ""
	profileName, profileFrom := s.Profile, "provider attribute profile"
	if profileName == "" && envProfile != "" {
		profileName, profileFrom = envProfile, "environment variable "+EnvProfile
	}
	if profileName != "" && (attrKeys || envKeys) {
		keysFrom := "provider attributes secret_id/secret_key"
		if !attrKeys {
			keysFrom = "environment variables " + EnvSecretID + "/" + EnvSecretKey
		}
		return nil, "", fmt.Errorf("conflicting credentials: a profile is named (%s) and secret keys are set (%s); use one or the other", profileFrom, keysFrom)
	}

	switch {
	case attrKeys:
		return newKeyCredential(s.SecretID, s.SecretKey, s.SecurityToken), "provider attributes", nil
	case envKeys:
		return newKeyCredential(envID, envKey, envToken), "environment variables " + EnvSecretID + "/" + EnvSecretKey, nil
	case profileName != "":
		cred, path, err := tccliProfile(profileName)
		if err != nil {
			return nil, "", fmt.Errorf("tccli profile %q (%s): %w", profileName, profileFrom, err)
		}
		return cred, fmt.Sprintf("tccli profile %q (%s)", profileName, path), nil
	case s.UseCVMRole:
		// Asked for explicitly, the role comes before the implicit default profile.
		var p *common.CvmRoleProvider
		if s.CVMRoleName != "" {
			p = common.NewCvmRoleProvider(s.CVMRoleName)
		} else {
			p = common.DefaultCvmRoleProvider()
		}
		cred, err := p.GetCredential()
		if err != nil {
			return nil, "", fmt.Errorf("CVM role: %w", sanitizeCredErr(err))
		}
		if s.CVMRoleName != "" {
			return cred, fmt.Sprintf("CVM role %q", s.CVMRoleName), nil
		}
		return cred, "CVM role", nil
	}
	if path, ok := tccliProfilePath(DefaultProfile); ok {
		if _, err := os.Stat(path); err == nil {
			cred, path, err := tccliProfile(DefaultProfile)
			if err != nil {
				return nil, "", fmt.Errorf("tccli profile %q: %w", DefaultProfile, err)
			}
			return cred, fmt.Sprintf("tccli profile %q (%s)", DefaultProfile, path), nil
		}
	}
	return nil, "", errors.New("no credentials found; looked for: the provider attributes secret_id and secret_key; " +
		"the environment variables " + EnvSecretID + " and " + EnvSecretKey + "; " +
		"a tccli profile named by the provider attribute profile or " + EnvProfile + "; " +
		"the CVM role (not enabled: set use_cvm_role); " +
		"the tccli profile \"default\" (~/.tccli/default.credential)")
}

// checkPair rejects half a key pair and a token without keys.
func checkPair(id, key, token, pairName, tokenName string) error {
	switch {
	case id != "" && key == "":
		return fmt.Errorf("incomplete credentials: the secret ID is set but the secret key is not (%s must be set together)", pairName)
	case id == "" && key != "":
		return fmt.Errorf("incomplete credentials: the secret key is set but the secret ID is not (%s must be set together)", pairName)
	case token != "" && id == "":
		return fmt.Errorf("incomplete credentials: a security token is set (%s) without a secret ID and key (%s)", tokenName, pairName)
	}
	return nil
}

func newKeyCredential(id, key, token string) common.CredentialIface {
	if token != "" {
		return common.NewTokenCredential(id, key, token)
	}
	return common.NewCredential(id, key)
}

// tccliProfilePath is where tccli and the SDK keep a profile's credentials.
func tccliProfilePath(name string) (string, bool) {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", false
	}
	return filepath.Join(home, ".tccli", name+".credential"), true
}

// tccliProfile reads a tccli profile through the SDK's provider.
func tccliProfile(name string) (common.CredentialIface, string, error) {
	if !profileNameRE.MatchString(name) {
		return nil, "", errors.New("invalid profile name: use letters, digits, '_', '.' and '-'")
	}
	path, ok := tccliProfilePath(name)
	if !ok {
		return nil, "", errors.New("the home directory is unknown, so ~/.tccli cannot be read")
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, path, fmt.Errorf("%s does not exist", path)
		}
		return nil, path, fmt.Errorf("cannot read %s: %w", path, err)
	}
	cred, err := common.NewTccliProfileProvider(name).GetCredential()
	if err != nil {
		return nil, path, fmt.Errorf("cannot use %s: %w", path, sanitizeCredErr(err))
	}
	id, key, token := cred.GetCredential()
	return newKeyCredential(id, key, token), path, nil
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
