package client

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
)

// callState records what happened to one HTTP attempt. The SDK hands the
// request context to http.Request, so the recording transport and the
// httptrace hooks find it there. Hooks may run on transport goroutines, hence
// the mutex.
type callState struct {
	mu sync.Mutex
	// started: the request reached the transport.
	started bool
	// refused: the recording transport refused the request (an invalid
	// header value), so nothing was sent whatever the next transport.
	refused bool
	// traced: the transport reported GetConn, so it supports httptrace and
	// wrote is meaningful.
	traced bool
	// gotConn: a connection was obtained (dialed, TLS done, or reused).
	gotConn bool
	// tlsErr: the TLS handshake failed.
	tlsErr error
	// wrote: the whole request was written to a connection.
	wrote bool
	// status of the (last) reply, 0 when none arrived.
	status int
	// bodyErr: reading the reply body failed.
	bodyErr error
	// timeout is the attempt's timeout, for messages.
	timeout time.Duration
}

type callStateKey struct{}

// withCallState attaches st and the httptrace hooks that fill it to ctx.
func withCallState(ctx context.Context, st *callState) context.Context {
	ctx = context.WithValue(ctx, callStateKey{}, st)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) {
			st.mu.Lock()
			st.traced = true
			st.mu.Unlock()
		},
		GotConn: func(httptrace.GotConnInfo) {
			st.mu.Lock()
			st.gotConn = true
			st.mu.Unlock()
		},
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			if err == nil {
				return
			}
			st.mu.Lock()
			st.tlsErr = err
			st.mu.Unlock()
		},
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err != nil {
				// An incomplete request cannot be acted upon by the server.
				return
			}
			st.mu.Lock()
			st.wrote = true
			st.mu.Unlock()
		},
	})
}

func callStateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// progress is how far an attempt's request got.
type progress int

const (
	// notStarted: refused on this machine before a connection was asked
	// for (e.g. an invalid header value).
	notStarted progress = iota
	// notConnected: no connection could be made (DNS, refused, timeout, TLS).
	notConnected
	// notWritten: connected, but the request was not written whole.
	notWritten
	// maySent: written, or the transport cannot tell.
	maySent
)

// progress reports how far the request got. An *http.Transport (traceable)
// asks for a connection (GetConn) before it writes anything, so without
// GetConn nothing left this machine; another transport that does not report
// GetConn counts as "may have sent".
func (st *callState) progress(traceable bool) progress {
	st.mu.Lock()
	defer st.mu.Unlock()
	switch {
	case !st.started || st.refused:
		return notStarted
	case !st.traced && traceable:
		return notStarted
	case !st.traced || st.wrote:
		return maySent
	case !st.gotConn:
		return notConnected
	}
	return notWritten
}

func (st *callState) result() (status int, bodyErr error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.status, st.bodyErr
}

// recordingTransport records the HTTP status and body read errors of each
// reply in the call state of the request's context, so that errors are
// classified from facts rather than parsed from SDK messages.
type recordingTransport struct {
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper. A request with a header value that
// no server accepts (a line break in a key or region) is refused here, as
// http.Transport would, so that it counts as not sent with any transport.
func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := callStateFrom(req.Context())
	herr := checkHeaderValues(req.Header)
	if st != nil {
		st.mu.Lock()
		st.started, st.refused = true, herr != nil
		st.mu.Unlock()
	}
	if herr != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, herr
	}
	resp, err := t.next.RoundTrip(req)
	if st != nil && resp != nil {
		st.mu.Lock()
		st.status = resp.StatusCode
		st.mu.Unlock()
		if resp.Body != nil {
			resp.Body = &recordingBody{ReadCloser: resp.Body, st: st}
		}
	}
	return resp, err
}

// checkHeaderValues rejects header values with control characters other
// than tab (RFC 9110 field values), naming the header but not the value.
func checkHeaderValues(h http.Header) error {
	for name, values := range h {
		for _, v := range values {
			for i := 0; i < len(v); i++ {
				if b := v[i]; b < ' ' && b != '\t' || b == 0x7f {
					return fmt.Errorf("invalid header field value for %q: it contains a control character", name)
				}
			}
		}
	}
	return nil
}

// recordingBody notes a failure to read the reply.
type recordingBody struct {
	io.ReadCloser
	st *callState
}

func (b *recordingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		b.st.mu.Lock()
		if b.st.bodyErr == nil {
			b.st.bodyErr = err
		}
		b.st.mu.Unlock()
	}
	return n, err
}

// translate turns an error of the SDK's Send into an APIError. ctx is the
// caller's context (not the attempt's). SDK messages that embed reply bodies
// (HTTP status and JSON parse errors) are replaced.
func (c *Client) translate(ctx context.Context, region, action string, err error, st *callState) attemptResult {
	e := &APIError{Service: c.svc.name, Action: action, Region: region}
	sent := st.progress(c.traceable) == maySent
	if cerr := ctx.Err(); cerr != nil {
		e.Code = CodeCanceled
		e.Message = "the call was canceled: " + cerr.Error()
		e.Err = cerr
		return attemptResult{err: e, sent: sent}
	}
	status, bodyErr := st.result()
	if status == http.StatusOK {
		status = 0
	}
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) {
		// Not an HTTP outcome: building the request or decompressing the reply failed.
		e.Code = "ClientError"
		e.Message = err.Error()
		e.Err = err
		e.HTTPStatus = status
		return attemptResult{err: e, sent: sent, applied: sent && status == 0}
	}
	if bodyErr != nil {
		e.Code = CodeNetworkError
		e.Message = "reading the reply failed: " + describeNetErr(st.timeout, bodyErr)
		e.Err = bodyErr
		e.HTTPStatus = status
		return attemptResult{err: e, sent: true}
	}
	code := sdkErr.Code
	switch {
	case code == CodeNetworkError:
		return c.networkFailure(e, sdkErr.Unwrap(), st)
	case strings.HasPrefix(code, "ClientError"):
		if status != 0 {
			e.Code = CodeHTTPStatus
			e.HTTPStatus = status
			e.Message = fmt.Sprintf("the endpoint replied with HTTP %d %s and no API error", status, http.StatusText(status))
			return attemptResult{err: e, sent: true}
		}
		if code == CodeBadReply || code == CodeHTTPStatus {
			e.Code = CodeBadReply
			e.Message = "the reply is not a valid API response"
			return attemptResult{err: e, sent: true, applied: true}
		}
		e.Code = code
		e.Message = sdkErr.Message
		e.RequestID = sdkErr.RequestId
		return attemptResult{err: e, sent: sent}
	default:
		// The API's error envelope.
		e.Code = code
		e.Message = sdkErr.Message
		e.RequestID = sdkErr.RequestId
		e.HTTPStatus = status
		return attemptResult{err: e, sent: true}
	}
}

// networkFailure words an attempt that got no reply, by how far its request
// got: refused locally (never retried), no connection (the endpoint is
// unreachable), or a failure during the exchange.
func (c *Client) networkFailure(e *APIError, cause error, st *callState) attemptResult {
	e.Err = cause
	if cause == nil {
		cause = errors.New("no reply")
	}
	switch st.progress(c.traceable) {
	case notStarted:
		e.Code = CodeNotSent
		e.Message = "the request was refused on this machine before it was sent: " + netErrText(cause)
		if strings.Contains(cause.Error(), "invalid header") {
			e.Message += " (a secret ID, token or region with a line break or another control character does this)"
		}
		return attemptResult{err: e, final: true}
	case notConnected:
		st.mu.Lock()
		tlsErr := st.tlsErr
		st.mu.Unlock()
		e.Code = CodeUnreachable
		e.Message = c.describeConnectErr(cause, tlsErr)
		return attemptResult{err: e, final: tlsErr != nil || errors.Is(cause, http.ErrSchemeMismatch)}
	case notWritten:
		e.Code = CodeNetworkError
		e.Message = "sending the request failed: " + describeNetErr(st.timeout, cause)
		return attemptResult{err: e}
	}
	e.Code = CodeNetworkError
	e.Message = "no reply: " + describeNetErr(st.timeout, cause)
	return attemptResult{err: e, sent: true}
}

// describeConnectErr words a failure to connect to the endpoint.
func (c *Client) describeConnectErr(cause, tlsErr error) string {
	host := c.endpoint.Host
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(cause, &opErr) && opErr.Op == "proxyconnect":
		return fmt.Sprintf("the proxy for %s (HTTPS_PROXY or HTTP_PROXY) could not be reached: %v", host, opErr.Err)
	case errors.Is(cause, http.ErrSchemeMismatch):
		return fmt.Sprintf("%s answered an https request with plain HTTP: the endpoint's scheme or port is wrong", host)
	case tlsErr != nil:
		return fmt.Sprintf("the TLS handshake with %s failed: %v", host, tlsErr)
	case errors.As(cause, &dnsErr) && dnsErr.IsNotFound:
		return fmt.Sprintf("the host %s is unknown (DNS: no such host)", dnsErr.Name)
	case errors.As(cause, &dnsErr):
		return fmt.Sprintf("the host %s could not be resolved: %s", dnsErr.Name, dnsErr.Err)
	case errors.Is(cause, syscall.ECONNREFUSED):
		return fmt.Sprintf("the connection to %s was refused: nothing listens there", host)
	case isTimeout(cause):
		return fmt.Sprintf("no connection to %s could be made in time: the host does not answer", host)
	}
	return fmt.Sprintf("no connection to %s could be made: %s", host, netErrText(cause))
}

// describeNetErr words a network error; an attempt that ran out of time says so.
func describeNetErr(timeout time.Duration, err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no reply within %s", timeout)
	}
	return netErrText(err)
}

// netErrText is err without the *url.Error prefix (method and URL).
func netErrText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}
