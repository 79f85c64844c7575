package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"

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
	// traced: the transport reported GetConn, so it supports httptrace and
	// wrote is meaningful.
	traced bool
	// wrote: the whole request was written to a connection.
	wrote bool
	// status of the (last) reply, 0 when none arrived.
	status int
	// bodyErr: reading the reply body failed.
	bodyErr error
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

// maySent reports whether the request may have reached the server. It is
// false only when the transport certainly did not write it (e.g. connection
// refused); a transport that does not support httptrace counts as "may".
func (st *callState) maySent() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.started && (!st.traced || st.wrote)
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

// RoundTrip implements http.RoundTripper.
func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := callStateFrom(req.Context())
	if st != nil {
		st.mu.Lock()
		st.started = true
		st.mu.Unlock()
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
	sent := st.maySent()
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
		e.Message = "reading the reply failed: " + c.describeNetErr(bodyErr)
		e.Err = bodyErr
		e.HTTPStatus = status
		return attemptResult{err: e, sent: true}
	}
	code := sdkErr.Code
	switch {
	case code == CodeNetworkError:
		cause := sdkErr.Unwrap()
		e.Code = CodeNetworkError
		e.Message = "no reply"
		if cause != nil {
			e.Message = "the request failed: " + c.describeNetErr(cause)
		}
		e.Err = cause
		return attemptResult{err: e, sent: sent}
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

// describeNetErr words a network error; an attempt that ran out of time says so.
func (c *Client) describeNetErr(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no reply within %s", c.timeout)
	}
	return err.Error()
}
