package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const metadataPath = "/latest/meta-data/cam/security-credentials/"

// fakeMetadata serves the CVM role list and the role's credentials like the
// instance metadata service: generation N is tmp-id-N / tmp-key-N /
// tmp-token-N, valid for an hour from the clock's now.
type fakeMetadata struct {
	*httptest.Server
	clk  *recClock
	role string // "" = no role bound (404)
	code string // the answer's Code; "" means Success

	mu    sync.Mutex
	paths []string
	gen   int
}

func newFakeMetadata(t *testing.T, clk *recClock, role string) *fakeMetadata {
	t.Helper()
	f := &fakeMetadata{clk: clk, role: role}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.paths = append(f.paths, r.URL.Path)
		name, ok := strings.CutPrefix(r.URL.Path, metadataPath)
		switch {
		case !ok || r.Method != http.MethodGet || f.role == "":
			http.NotFound(w, r)
		case name == "":
			fmt.Fprintln(w, f.role)
		case name != f.role:
			http.NotFound(w, r)
		default:
			f.gen++
			code := f.code
			if code == "" {
				code = "Success"
			}
			exp := f.clk.Now().Add(time.Hour)
			fmt.Fprintf(w, `{"TmpSecretId":"tmp-id-%d","TmpSecretKey":"tmp-key-%d","ExpiredTime":%d,"Expiration":%q,"Token":"tmp-token-%d","Code":%q}`,
				f.gen, f.gen, exp.Unix(), exp.UTC().Format(time.RFC3339), f.gen, code)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeMetadata) Paths() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.paths...)
}

func cvmSettings(f *fakeMetadata) CredentialSettings {
	return CredentialSettings{
		UseCVMRole:       true,
		MetadataEndpoint: f.URL + metadataPath,
		Transport:        loopbackTransport(),
		Clock:            f.clk,
		Getenv:           envOf(nil),
	}
}

func TestCVMRoleFromMetadata(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	clk := newRecClock()
	md := newFakeMetadata(t, clk, "dts-ops")
	res, err := ResolveCredential(context.Background(), cvmSettings(md))
	if err != nil {
		t.Fatal(err)
	}
	if res.Source != `CVM role "dts-ops"` {
		t.Errorf("source = %q", res.Source)
	}
	if id, key, token := use(t, res.Credential); id != "tmp-id-1" || key != "tmp-key-1" || token != "tmp-token-1" {
		t.Fatalf("credential = %s/%s/%s", id, key, token)
	}
	if got, want := md.Paths(), []string{metadataPath, metadataPath + "dts-ops"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("paths = %v, want %v", got, want)
	}
	// Renewed 5 minutes before the hour is up, the role name kept.
	clk.Advance(55*time.Minute - time.Second)
	if id, _, _ := use(t, res.Credential); id != "tmp-id-1" {
		t.Fatal("renewed too early")
	}
	clk.Advance(time.Second)
	if id, _, _ := use(t, res.Credential); id != "tmp-id-2" {
		t.Fatal("not renewed before expiry")
	}
	if got := md.Paths(); len(got) != 3 || got[2] != metadataPath+"dts-ops" {
		t.Errorf("paths = %v", got)
	}

	// A named role skips the role list.
	named := newFakeMetadata(t, clk, "named")
	s := cvmSettings(named)
	s.CVMRoleName = "named"
	if _, err := ResolveCredential(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if got := named.Paths(); len(got) != 1 || got[0] != metadataPath+"named" {
		t.Errorf("paths = %v", got)
	}
}

func TestCVMRoleErrorsSayWhatHappened(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	clk := newRecClock()
	unbound := newFakeMetadata(t, clk, "")
	failing := newFakeMetadata(t, clk, "dts-ops")
	failing.code = "Failed"
	bound := newFakeMetadata(t, clk, "dts-ops")
	noHost := &net.DNSError{Err: "no such host", Name: "metadata.tencentyun.com", IsNotFound: true}
	tests := []struct {
		name string
		s    CredentialSettings
		want string
	}{
		{"no role bound", cvmSettings(unbound), "no CAM role is bound to this CVM instance"},
		{"named role not bound", func() CredentialSettings { s := cvmSettings(bound); s.CVMRoleName = "other"; return s }(), "the role is not bound"},
		{"code not Success", cvmSettings(failing), `Code "Failed"`},
		{"invalid role name", func() CredentialSettings { s := cvmSettings(bound); s.CVMRoleName = "a/b"; return s }(), "not a valid role name"},
		{"not on a CVM (DNS)", func() CredentialSettings { s := cvmSettings(bound); s.Transport = dialFailing(noHost); return s }(), "metadata.tencentyun.com is unknown here (DNS: no such host); use_cvm_role works only on a Tencent Cloud CVM"},
		{"connection refused", func() CredentialSettings {
			s := cvmSettings(bound)
			s.Transport = dialFailing(syscall.ECONNREFUSED)
			return s
		}(), "refused the connection"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ResolveCredential(context.Background(), tt.s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want mentioning %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "confirm whether the role is bound") {
				t.Errorf("err = %v: the SDK's message, which blames the role binding for everything", err)
			}
		})
	}
}

// A metadata service that never answers costs MetadataTimeout, not forever,
// and canceling gives up at once.
func TestCVMRoleTimeoutAndCancel(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-hang }))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(hang) })
	s := CredentialSettings{UseCVMRole: true, MetadataEndpoint: srv.URL + metadataPath, Transport: loopbackTransport(),
		MetadataTimeout: 50 * time.Millisecond, Getenv: envOf(nil)}
	start := time.Now()
	_, err := ResolveCredential(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "no answer from the instance metadata service") || !strings.Contains(err.Error(), "within 50ms") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %s", d)
	}

	s.MetadataTimeout = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := ResolveCredential(ctx, s)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("not canceled")
	}
}

// The metadata answer is a key and a token: it never goes through a proxy.
func TestCVMRoleTransportIgnoresProxies(t *testing.T) {
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	m := newMetadataClient(CredentialSettings{})
	tr, ok := m.http.Transport.(*http.Transport)
	if !ok || tr.Proxy != nil {
		t.Fatalf("metadata transport %T with proxy function set", m.http.Transport)
	}
	if m.base != DefaultMetadataEndpoint || m.timeout != DefaultMetadataTimeout {
		t.Errorf("defaults: %q %s", m.base, m.timeout)
	}
}

// The documented order: a tccli profile (here the default one) comes before
// the CVM role, even when use_cvm_role is set.
func TestProfileComesBeforeCVMRole(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	clk := newRecClock()
	md := newFakeMetadata(t, clk, "dts-ops")
	writeProfile(t, home, "default", "default-id", "default-key-SECRET", "")
	res, err := ResolveCredential(context.Background(), cvmSettings(md))
	if err != nil {
		t.Fatal(err)
	}
	if res.Credential.GetSecretId() != "default-id" || !strings.Contains(res.Source, `tccli profile "default"`) {
		t.Errorf("credential %s from %s, want the default profile", res.Credential.GetSecretId(), res.Source)
	}
	if len(md.Paths()) != 0 {
		t.Errorf("the metadata service was asked: %v", md.Paths())
	}
}
