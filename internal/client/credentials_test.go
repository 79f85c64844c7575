package client

import (
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
			cred, source, err := ResolveCredential(tt.s)
			if err != nil {
				t.Fatalf("ResolveCredential: %v", err)
			}
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
	if _, _, err := ResolveCredential(CredentialSettings{Getenv: envOf(nil)}); err == nil {
		t.Fatal("want an error without any source")
	}
	path := writeProfile(t, home, "default", "default-id", "default-key-SECRET", "")
	cred, source, err := ResolveCredential(CredentialSettings{Getenv: envOf(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if id, key, _ := cred.GetCredential(); id != "default-id" || key != "default-key-SECRET" {
		t.Errorf("credential = %q/%q", id, key)
	}
	if !strings.Contains(source, `"default"`) || !strings.Contains(source, path) {
		t.Errorf("source = %q", source)
	}
	// Environment keys beat the default profile.
	cred, _, err = ResolveCredential(CredentialSettings{Getenv: envOf(map[string]string{EnvSecretID: "env-id", EnvSecretKey: "env-key-SECRET"})})
	if err != nil || cred.GetSecretId() != "env-id" {
		t.Fatalf("env keys: %v %v", cred, err)
	}
}

func TestResolveCredentialErrors(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	writeProfile(t, home, "work", "prof-id", "prof-key-SECRET", "")
	writeProfile(t, home, "broken", "", "prof-key-SECRET", "")
	if err := os.WriteFile(filepath.Join(home, ".tccli", "garbage.credential"), []byte("{not json prof-key-SECRET"), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		s    CredentialSettings
		want []string
	}{
		{"attribute id without key", CredentialSettings{SecretID: "attr-id"}, []string{"secret key is not", "secret_id and secret_key"}},
		{"attribute key without id", CredentialSettings{SecretKey: "attr-key-SECRET"}, []string{"secret ID is not", "secret_id and secret_key"}},
		{"attribute token without keys", CredentialSettings{SecurityToken: "attr-token-SECRET"}, []string{"security_token", "without a secret ID and key"}},
		{"env id without key", CredentialSettings{Getenv: envOf(map[string]string{EnvSecretID: "env-id"})}, []string{EnvSecretID, EnvSecretKey}},
		{"env key without id", CredentialSettings{Getenv: envOf(map[string]string{EnvSecretKey: "env-key-SECRET"})}, []string{"secret ID is not", EnvSecretID}},
		{"env token without keys", CredentialSettings{Getenv: envOf(map[string]string{EnvSecurityToken: "env-token-SECRET"})}, []string{EnvSecurityToken}},
		{"env half pair even with attribute keys", CredentialSettings{SecretID: "attr-id", SecretKey: "attr-key-SECRET", Getenv: envOf(map[string]string{EnvSecretKey: "env-key-SECRET"})}, []string{EnvSecretID}},
		{"profile attribute with attribute keys", CredentialSettings{Profile: "work", SecretID: "attr-id", SecretKey: "attr-key-SECRET"}, []string{"conflicting", "provider attribute profile", "secret_id/secret_key"}},
		{"profile attribute with env keys", CredentialSettings{Profile: "work", Getenv: envOf(map[string]string{EnvSecretID: "env-id", EnvSecretKey: "env-key-SECRET"})}, []string{"conflicting", "provider attribute profile", EnvSecretID}},
		{"profile env with attribute keys", CredentialSettings{SecretID: "attr-id", SecretKey: "attr-key-SECRET", Getenv: envOf(map[string]string{EnvProfile: "work"})}, []string{"conflicting", EnvProfile, "secret_id/secret_key"}},
		{"missing profile", CredentialSettings{Profile: "nope"}, []string{`"nope"`, "nope.credential does not exist"}},
		{"profile without secretId", CredentialSettings{Profile: "broken"}, []string{`"broken"`, "secretId"}},
		{"profile not JSON", CredentialSettings{Profile: "garbage"}, []string{`"garbage"`, "cannot use"}},
		{"profile name escaping the directory", CredentialSettings{Profile: "../work"}, []string{"invalid profile name"}},
		{"nothing", CredentialSettings{}, []string{"no credentials found", "secret_id", EnvSecretID, EnvSecretKey, "profile", EnvProfile, "CVM role", "use_cvm_role", "default.credential"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.s.Getenv == nil {
				tt.s.Getenv = envOf(nil)
			}
			cred, _, err := ResolveCredential(tt.s)
			if err == nil {
				t.Fatalf("want an error, got %v", cred)
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
	cred, _, err := ResolveCredential(CredentialSettings{})
	if err != nil || cred.GetSecretId() != "os-env-id" {
		t.Fatalf("cred %v err %v", cred, err)
	}
}
