package client

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secrets used in this file; no error message may contain any of them.
var credSecrets = []string{"attr-key-SECRET", "env-key-SECRET", "prof-key-SECRET", "default-key-SECRET", "attr-token-SECRET", "env-token-SECRET", "prof-token-SECRET"}

func writeProfile(t *testing.T, home, name, id, key, token string) string {
	t.Helper()
	dir := filepath.Join(home, ".tccli")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(map[string]string{"secretId": id, "secretKey": key, "token": token})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".credential")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestResolveCredential(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	writeProfile(t, home, "work", "prof-id", "prof-key-SECRET", "prof-token-SECRET")

	envKeys := map[string]string{EnvSecretID: "env-id", EnvSecretKey: "env-key-SECRET"}
	envKeysToken := map[string]string{EnvSecretID: "env-id", EnvSecretKey: "env-key-SECRET", EnvSecurityToken: "env-token-SECRET"}

	tests := []struct {
		name       string
		s          CredentialSettings
		wantID     string
		wantKey    string
		wantToken  string
		wantSource string
	}{
		{
			name:   "attributes",
			s:      CredentialSettings{SecretID: "attr-id", SecretKey: "attr-key-SECRET"},
			wantID: "attr-id", wantKey: "attr-key-SECRET", wantSource: "provider attributes",
		},
		{
			name:   "attributes with token",
			s:      CredentialSettings{SecretID: "attr-id", SecretKey: "attr-key-SECRET", SecurityToken: "attr-token-SECRET"},
			wantID: "attr-id", wantKey: "attr-key-SECRET", wantToken: "attr-token-SECRET", wantSource: "provider attributes",
		},
		{
			name:   "attributes beat environment",
			s:      CredentialSettings{SecretID: "attr-id", SecretKey: "attr-key-SECRET", Getenv: envOf(envKeysToken)},
			wantID: "attr-id", wantKey: "attr-key-SECRET", wantSource: "provider attributes",
		},
		{
			name:   "environment",
			s:      CredentialSettings{Getenv: envOf(envKeys)},
			wantID: "env-id", wantKey: "env-key-SECRET", wantSource: "environment variables",
		},
		{
			name:   "environment with token",
			s:      CredentialSettings{Getenv: envOf(envKeysToken)},
			wantID: "env-id", wantKey: "env-key-SECRET", wantToken: "env-token-SECRET", wantSource: "environment variables",
		},
		{
			name:   "profile attribute",
			s:      CredentialSettings{Profile: "work", Getenv: envOf(nil)},
			wantID: "prof-id", wantKey: "prof-key-SECRET", wantToken: "prof-token-SECRET", wantSource: `tccli profile "work"`,
		},
		{
			name:   "profile from environment",
			s:      CredentialSettings{Getenv: envOf(map[string]string{EnvProfile: "work"})},
			wantID: "prof-id", wantKey: "prof-key-SECRET", wantToken: "prof-token-SECRET", wantSource: `tccli profile "work"`,
		},
		{
			name:   "profile attribute beats profile environment",
			s:      CredentialSettings{Profile: "work", Getenv: envOf(map[string]string{EnvProfile: "missing"})},
			wantID: "prof-id", wantKey: "prof-key-SECRET", wantToken: "prof-token-SECRET", wantSource: `tccli profile "work"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.s.Getenv == nil {
				tt.s.Getenv = envOf(nil)
			}
			res, err := ResolveCredential(context.Background(), tt.s)
			if err != nil {
				t.Fatalf("ResolveCredential: %v", err)
			}
			cred, source := res.Credential, res.Source
			id, key, token := cred.GetCredential()
			if id != tt.wantID || key != tt.wantKey || token != tt.wantToken {
				t.Errorf("credential = %q/%q/%q, want %q/%q/%q", id, key, token, tt.wantID, tt.wantKey, tt.wantToken)
			}
			if !strings.HasPrefix(source, tt.wantSource) {
				t.Errorf("source = %q, want prefix %q", source, tt.wantSource)
			}
			for _, s := range credSecrets {
				if strings.Contains(source, s) {
					t.Errorf("source %q contains a secret", source)
				}
			}
		})
	}
}

func TestResolveCredentialDefaultProfile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	// Without the file: nothing found.
	if _, err := ResolveCredential(context.Background(), CredentialSettings{Getenv: envOf(nil)}); err == nil {
		t.Fatal("want an error without any source")
	}
	path := writeProfile(t, home, "default", "default-id", "default-key-SECRET", "")
	res, err := ResolveCredential(context.Background(), CredentialSettings{Getenv: envOf(nil)})
	if err != nil {
		t.Fatal(err)
	}
	cred, source := res.Credential, res.Source
	if id, key, _ := cred.GetCredential(); id != "default-id" || key != "default-key-SECRET" {
		t.Errorf("credential = %q/%q", id, key)
	}
	if !strings.Contains(source, `"default"`) || !strings.Contains(source, path) {
		t.Errorf("source = %q", source)
	}
	// Environment keys beat the default profile.
	res, err = ResolveCredential(context.Background(), CredentialSettings{Getenv: envOf(map[string]string{EnvSecretID: "env-id", EnvSecretKey: "env-key-SECRET"})})
	if err != nil || res.Credential.GetSecretId() != "env-id" {
		t.Fatalf("env keys: %v %v", res, err)
	}
}

func TestResolveCredentialErrors(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	writeProfile(t, home, "work", "prof-id", "prof-key-SECRET", "")
	writeProfile(t, home, "broken", "", "prof-key-SECRET", "")
	writeProfile(t, home, "newline", "prof-id", "prof-key-SECRET\n", "")
	if err := os.WriteFile(filepath.Join(home, ".tccli", "garbage.credential"), []byte("{not json prof-key-SECRET"), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		s    CredentialSettings
		want []string
	}{
		{"attribute id without key", CredentialSettings{SecretID: "attr-id"}, []string{"incomplete", "secret_id is set but", "secret_key is not"}},
		{"attribute key without id", CredentialSettings{SecretKey: "attr-key-SECRET"}, []string{"incomplete", "secret_key is set but", "secret_id is not"}},
		{"attribute token without keys", CredentialSettings{SecurityToken: "attr-token-SECRET"}, []string{"security_token is set without", "secret_id"}},
		{"env id without key", CredentialSettings{Getenv: envOf(map[string]string{EnvSecretID: "env-id"})}, []string{EnvSecretID + " is set but", EnvSecretKey}},
		{"env key without id", CredentialSettings{Getenv: envOf(map[string]string{EnvSecretKey: "env-key-SECRET"})}, []string{EnvSecretKey + " is set but", EnvSecretID}},
		{"env token without keys", CredentialSettings{Getenv: envOf(map[string]string{EnvSecurityToken: "env-token-SECRET"})}, []string{EnvSecurityToken + " is set without"}},
		{"profile attribute with attribute keys", CredentialSettings{Profile: "work", SecretID: "attr-id", SecretKey: "attr-key-SECRET"}, []string{"conflicting", "provider attribute profile", "secret_id/secret_key"}},
		{"missing profile", CredentialSettings{Profile: "nope"}, []string{`"nope"`, "nope.credential does not exist"}},
		{"profile without secretId", CredentialSettings{Profile: "broken"}, []string{`"broken"`, "secretId"}},
		{"profile not JSON", CredentialSettings{Profile: "garbage"}, []string{`"garbage"`, "cannot use"}},
		{"profile name escaping the directory", CredentialSettings{Profile: "../work"}, []string{"invalid profile name"}},
		{"nothing", CredentialSettings{}, []string{"no credentials found", "secret_id", EnvSecretID, EnvSecretKey, "profile", EnvProfile, "CVM role", "use_cvm_role", "default.credential"}},
		{"attribute key with a trailing newline", CredentialSettings{SecretID: "attr-id", SecretKey: "attr-key-SECRET\n"}, []string{"secret_key", "line break at its start or end", "newline"}},
		{"attribute id of spaces", CredentialSettings{SecretID: "   ", SecretKey: "attr-key-SECRET"}, []string{"secret_id is blank"}},
		{"env key with a control character", CredentialSettings{Getenv: envOf(map[string]string{EnvSecretID: "env-id", EnvSecretKey: "env-key\x00-SECRET"})}, []string{EnvSecretKey, "control character"}},
		{"env token with a trailing newline", CredentialSettings{Getenv: envOf(map[string]string{EnvSecretID: "env-id", EnvSecretKey: "env-key-SECRET", EnvSecurityToken: "env-token-SECRET\r\n"})}, []string{EnvSecurityToken, "line break"}},
		{"profile key with a trailing newline", CredentialSettings{Profile: "newline"}, []string{`"newline"`, "secretKey in", "newline.credential", "line break"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.s.Getenv == nil {
				tt.s.Getenv = envOf(nil)
			}
			res, err := ResolveCredential(context.Background(), tt.s)
			if err == nil {
				t.Fatalf("want an error, got %v", res)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			for _, s := range credSecrets {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q contains a secret", err)
				}
			}
		})
	}
}

func TestResolveCredentialUsesOSEnvByDefault(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv(EnvSecretID, "os-env-id")
	t.Setenv(EnvSecretKey, "os-env-key")
	t.Setenv(EnvSecurityToken, "")
	t.Setenv(EnvProfile, "")
	res, err := ResolveCredential(context.Background(), CredentialSettings{})
	if err != nil || res.Credential.GetSecretId() != "os-env-id" {
		t.Fatalf("cred %v err %v", res, err)
	}
}

// TestResolveCredentialFirstSetSourceWins: leftovers of lower sources in the
// shell (a profile name, a token, half a key pair) neither break nor join
// the keys of a higher one.
func TestResolveCredentialFirstSetSourceWins(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	writeProfile(t, home, "work", "prof-id", "prof-key-SECRET", "prof-token-SECRET")
	attrs := CredentialSettings{SecretID: "attr-id", SecretKey: "attr-key-SECRET"}
	tests := []struct {
		name      string
		s         CredentialSettings
		env       map[string]string
		wantID    string
		wantToken string
	}{
		{"attribute keys, leftover TENCENTCLOUD_PROFILE", attrs, map[string]string{EnvProfile: "work"}, "attr-id", ""},
		{"attribute keys, leftover token", attrs, map[string]string{EnvSecurityToken: "env-token-SECRET"}, "attr-id", ""},
		{"attribute keys, lone TENCENTCLOUD_SECRET_ID", attrs, map[string]string{EnvSecretID: "env-id"}, "attr-id", ""},
		{"attribute keys, lone TENCENTCLOUD_SECRET_KEY", attrs, map[string]string{EnvSecretKey: "env-key-SECRET\n"}, "attr-id", ""},
		{"profile attribute, environment keys", CredentialSettings{Profile: "work"}, map[string]string{EnvSecretID: "env-id", EnvSecretKey: "env-key-SECRET"}, "prof-id", "prof-token-SECRET"},
		{"environment keys, leftover TENCENTCLOUD_PROFILE", CredentialSettings{}, map[string]string{EnvSecretID: "env-id", EnvSecretKey: "env-key-SECRET", EnvProfile: "missing"}, "env-id", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.s.Getenv = envOf(tt.env)
			res, err := ResolveCredential(context.Background(), tt.s)
			if err != nil {
				t.Fatalf("ResolveCredential: %v", err)
			}
			if id, _, token := res.Credential.GetCredential(); id != tt.wantID || token != tt.wantToken {
				t.Errorf("credential %s (token %q), want %s (token %q)", id, token, tt.wantID, tt.wantToken)
			}
		})
	}
}

func TestCheckValue(t *testing.T) {
	for _, v := range []string{"", "ap-guangzhou", "AKID0123", "key with inner space"} {
		if err := CheckValue("x", v); err != nil {
			t.Errorf("CheckValue(%q) = %v", v, err)
		}
	}
	for v, want := range map[string]string{
		" ":              "blank",
		"\t\n":           "blank",
		"ap-guangzhou\n": "line break at its start or end",
		" key":           "white space",
		"a\x7fb":         "control character at byte 2",
		"a\nb":           "control character",
	} {
		err := CheckValue("the region", v)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "the region ") {
			t.Errorf("CheckValue(%q) = %v, want mentioning %q", v, err, want)
		}
	}
}

func TestProfileRegion(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	dir := filepath.Join(home, ".tccli")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"current.configure": `{"_sys_param": {"region": "ap-shanghai", "output": "json"}, "dts": {"endpoint": "dts.tencentcloudapi.com"}}`,
		"old.configure":     `{"region": "ap-beijing", "output": "json"}`,
		"none.configure":    `{"_sys_param": {"output": "json"}}`,
		"bad.configure":     `{not json`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for profile, want := range map[string]string{"current": "ap-shanghai", "old": "ap-beijing", "none": "", "missing": ""} {
		region, path, err := ProfileRegion(profile)
		if err != nil || region != want || path != filepath.Join(dir, profile+".configure") {
			t.Errorf("ProfileRegion(%s) = %q, %q, %v; want %q", profile, region, path, err, want)
		}
	}
	if _, _, err := ProfileRegion("bad"); err == nil || !strings.Contains(err.Error(), "bad.configure") {
		t.Errorf("bad file: %v", err)
	}
	// The profile a credential came from is reported, for its region.
	writeProfile(t, home, "current", "prof-id", "prof-key-SECRET", "")
	res, err := ResolveCredential(context.Background(), CredentialSettings{Getenv: envOf(map[string]string{EnvProfile: "current"})})
	if err != nil || res.Profile != "current" {
		t.Fatalf("resolved %+v, %v", res, err)
	}
}
