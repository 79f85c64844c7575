package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
)

// The CVM role is read from the instance metadata service
// (https://cloud.tencent.com/document/product/213/4934) by the provider
// itself, not by the SDK's CvmRoleProvider, which uses http.Get: no timeout,
// no cancellation, HTTP_PROXY honored for an answer that is a key and a
// token, and every failure reported as "the role is not bound".
const (
	// DefaultMetadataEndpoint lists the CAM role bound to the instance; the
	// role's temporary credentials are at DefaultMetadataEndpoint + <role>.
	DefaultMetadataEndpoint = "http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials/"
	// DefaultMetadataTimeout bounds each metadata request: the service is
	// on the instance's own network and answers at once.
	DefaultMetadataTimeout = 5 * time.Second
	// maxMetadataReply bounds the metadata replies read.
	maxMetadataReply = 64 << 10
)

var cvmRoleNameRE = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)

// metadataClient asks the instance metadata service for the CVM role.
type metadataClient struct {
	base    string
	http    *http.Client
	timeout time.Duration
}

func newMetadataClient(s CredentialSettings) *metadataClient {
	m := &metadataClient{base: s.MetadataEndpoint, timeout: s.MetadataTimeout}
	if m.base == "" {
		m.base = DefaultMetadataEndpoint
	}
	if !strings.HasSuffix(m.base, "/") {
		m.base += "/"
	}
	if m.timeout <= 0 {
		m.timeout = DefaultMetadataTimeout
	}
	tr := s.Transport
	if tr == nil {
		tr = &http.Transport{
			Proxy:       nil, // never: the answer is a key and a token
			DialContext: (&net.Dialer{Timeout: m.timeout}).DialContext,
		}
	}
	m.http = &http.Client{Transport: tr}
	return m
}

// cvmRole returns the CVM role's credential, renewed before it expires.
func cvmRole(ctx context.Context, s CredentialSettings) (*Resolved, error) {
	m := newMetadataClient(s)
	name := s.CVMRoleName
	if name == "" {
		var err error
		if name, err = m.roleName(ctx); err != nil {
			return nil, fmt.Errorf("CVM role: %w", err)
		}
	}
	if !cvmRoleNameRE.MatchString(name) {
		return nil, fmt.Errorf("CVM role: %q is not a valid role name", name)
	}
	clk := s.Clock
	if clk == nil {
		clk = clock.Real{}
	}
	rc := &renewingCredential{
		source: fmt.Sprintf("the CVM role %s", name),
		fetch:  func(ctx context.Context) (tempKeys, error) { return m.roleKeys(ctx, name) },
		clock:  clk,
	}
	if err := rc.init(ctx); err != nil {
		return nil, fmt.Errorf("CVM role %q: %w", name, err)
	}
	return &Resolved{Credential: rc, Source: fmt.Sprintf("CVM role %q", name)}, nil
}

// roleName reads the name of the role bound to the instance.
func (m *metadataClient) roleName(ctx context.Context) (string, error) {
	body, status, err := m.get(ctx, "")
	switch {
	case err != nil:
		return "", err
	case status == http.StatusNotFound:
		return "", fmt.Errorf("no CAM role is bound to this CVM instance (the metadata service answered 404 for %s): bind one, or set cvm_role_name", m.base)
	case status != http.StatusOK:
		return "", fmt.Errorf("the metadata service answered HTTP %d for %s", status, m.base)
	}
	for line := range strings.Lines(string(body)) {
		if name := strings.TrimSpace(line); name != "" {
			return name, nil
		}
	}
	return "", fmt.Errorf("the metadata service names no role at %s: bind one to the instance, or set cvm_role_name", m.base)
}

// roleKeys reads the temporary credentials of role name.
func (m *metadataClient) roleKeys(ctx context.Context, name string) (tempKeys, error) {
	body, status, err := m.get(ctx, name)
	switch {
	case err != nil:
		return tempKeys{}, err
	case status == http.StatusNotFound:
		return tempKeys{}, fmt.Errorf("the role is not bound to this CVM instance (the metadata service answered 404 for %s%s)", m.base, name)
	case status != http.StatusOK:
		return tempKeys{}, fmt.Errorf("the metadata service answered HTTP %d for %s%s", status, m.base, name)
	}
	var r struct {
		TmpSecretId, TmpSecretKey, Token, Code, Expiration string
		ExpiredTime                                        int64
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return tempKeys{}, fmt.Errorf("the metadata service's answer is not valid JSON: %w", err)
	}
	if r.Code != "Success" {
		return tempKeys{}, fmt.Errorf("the metadata service answered Code %q instead of \"Success\"", r.Code)
	}
	if r.TmpSecretId == "" || r.TmpSecretKey == "" || r.Token == "" {
		return tempKeys{}, errors.New("the metadata service's answer lacks TmpSecretId, TmpSecretKey or Token")
	}
	if err := checkKeys(r.TmpSecretId, r.TmpSecretKey, r.Token, keyNames{id: "TmpSecretId", key: "TmpSecretKey", token: "Token"}); err != nil {
		return tempKeys{}, err
	}
	k := tempKeys{id: r.TmpSecretId, key: r.TmpSecretKey, token: r.Token}
	if r.ExpiredTime > 0 {
		k.expires = time.Unix(r.ExpiredTime, 0)
	} else if t, err := time.Parse(time.RFC3339, r.Expiration); err == nil {
		k.expires = t
	} else {
		return tempKeys{}, errors.New("the metadata service's answer has no ExpiredTime or Expiration")
	}
	return k, nil
}

// get fetches base+name within the timeout and the caller's context.
func (m *metadataClient) get(ctx context.Context, name string) ([]byte, int, error) {
	url := m.base + name
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("the metadata endpoint %s is not a valid URL: %v", m.base, netErrText(err))
	}
	resp, err := m.http.Do(req)
	if err != nil {
		return nil, 0, m.describeErr(ctx, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxMetadataReply))
	if err != nil {
		return nil, 0, m.describeErr(ctx, url, err)
	}
	return body, resp.StatusCode, nil
}

// describeErr says why the metadata service could not be asked, with the
// real cause.
func (m *metadataClient) describeErr(ctx context.Context, url string, err error) error {
	const onlyCVM = "use_cvm_role works only on a Tencent Cloud CVM instance"
	var dnsErr *net.DNSError
	switch {
	case ctx.Err() == context.Canceled:
		return fmt.Errorf("asking the instance metadata service was canceled: %w", context.Canceled)
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return fmt.Errorf("the instance metadata service's host %s is unknown here (DNS: no such host); %s", dnsErr.Name, onlyCVM)
	case errors.As(err, &dnsErr):
		return fmt.Errorf("the instance metadata service's host %s could not be resolved: %s; %s", dnsErr.Name, dnsErr.Err, onlyCVM)
	case isTimeout(err):
		return fmt.Errorf("no answer from the instance metadata service at %s within %s; %s", url, m.timeout, onlyCVM)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("the instance metadata service at %s refused the connection; %s", url, onlyCVM)
	}
	return fmt.Errorf("the instance metadata service at %s cannot be reached: %v", url, netErrText(err))
}
