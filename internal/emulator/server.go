package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/stsapi"
)

// exchange is one request traveling through the handler chain.
type exchange struct {
	w     http.ResponseWriter
	r     *http.Request
	start time.Time // wall clock

	requestID string
	body      []byte // as received (what TC3 signs)
	// form: the parameters are flattened (a GET, a form POST), in values
	// once parsed; v1: signed with HmacSHA1/HmacSHA256 (form.go).
	form, v1 bool
	values   url.Values
	// params is the JSON of the request's parameters: the body of a JSON
	// request, the flattened parameters made JSON otherwise.
	params    []byte
	timestamp int64
	action    string
	version   string
	region    string
	service   string
	secretID  string
	auth      *authHeader
	secretKey string
	handler   *handler
	req       any

	fault     *FaultRule
	dropAfter bool // FaultApplyThenDrop fired

	// outcome
	httpStatus int
	code       string
	done       bool // the response was written (or the connection dropped)
	// authenticated: the signature was verified; only such requests are
	// journaled.
	authenticated bool
	recorded      bool // the journal entry was written (or skipped)
}

// stage is one link of the handler chain. It returns an API error to answer,
// or nil to go on; a stage that answered itself sets x.done.
type stage func(e *Emulator, x *exchange) *apiError

// apiChain is the handler chain after the request id and the admin prefix,
// in order. Serialization and the journal follow in ServeHTTP.
var apiChain = []stage{
	(*Emulator).checkMethodPath,
	(*Emulator).readHeaders,
	(*Emulator).checkCredentials,
	(*Emulator).readBody,
	(*Emulator).verifySignature,
	(*Emulator).lookupAction,
	(*Emulator).limitRate,
	(*Emulator).decodeAndValidate,
	(*Emulator).applyFaults,
	(*Emulator).dispatch,
}

// adminPrefix starts the unsigned, loopback-only administration API.
const adminPrefix = "/_emulator/"

// ServeHTTP serves the DTS and STS APIs on POST / and the administration
// API under /_emulator/.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x := &exchange{w: w, r: r, start: e.wall.Now()}
	x.requestID = e.nextRequestID()
	if r.URL.Path == strings.TrimSuffix(adminPrefix, "/") || strings.HasPrefix(r.URL.Path, adminPrefix) {
		e.serveAdmin(x)
		return
	}
	// The journal entry is written before the answer leaves (writeBody,
	// drop), so a client that got its answer finds its call in the
	// journal; this catches the paths that answer nothing.
	defer e.record(x)
	for _, s := range apiChain {
		err := s(e, x)
		if x.done {
			return
		}
		if err != nil {
			e.replyError(x, err)
			return
		}
	}
}

// checkMethodPath accepts POST / and GET / only.
func (e *Emulator) checkMethodPath(x *exchange) *apiError {
	if x.r.URL.Path != "/" {
		x.httpStatus = http.StatusNotFound
		return errf(codeInvalidRequest, "No such path %q: the API is served on POST / and GET /.", x.r.URL.Path)
	}
	if x.r.Method != http.MethodPost && x.r.Method != http.MethodGet {
		return errf(codeUnsupportedProtocol, "The API accepts POST and GET requests only, not %s.", x.r.Method)
	}
	return nil
}

// readHeaders reads the content type and, for TC3, the X-TC-* headers (a
// request signed with v1 carries them among its parameters).
func (e *Emulator) readHeaders(x *exchange) *apiError {
	if err := e.readContentType(x); err != nil || x.v1 {
		return err
	}
	x.action = x.r.Header.Get("X-TC-Action")
	x.version = x.r.Header.Get("X-TC-Version")
	x.region = x.r.Header.Get("X-TC-Region")
	if x.action == "" {
		return errf(codeMissingParameter, "The request is missing a required parameter `X-TC-Action`.")
	}
	if x.version == "" {
		return errf(codeMissingParameter, "The request is missing a required parameter `X-TC-Version`.")
	}
	ts := x.r.Header.Get("X-TC-Timestamp")
	if ts == "" {
		return errf(codeMissingParameter, "The request is missing a required parameter `X-TC-Timestamp`.")
	}
	n, perr := strconv.ParseInt(ts, 10, 64)
	if perr != nil || n <= 0 {
		return errf(codeInvalidParameterValue, "The value `%s` of parameter `X-TC-Timestamp` is not a Unix timestamp.", ts)
	}
	x.timestamp = n
	return nil
}

// readBody reads the request body, up to maxBodyBytes, within the body
// timeout.
func (e *Emulator) readBody(x *exchange) *apiError {
	limit := int64(maxBodyBytes)
	if x.v1 {
		limit = maxV1BodyBytes
	}
	body, err := e.readWithDeadline(x.w, http.MaxBytesReader(x.w, x.r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errf(codeRequestSizeLimitExceeded, "The request body exceeds %d bytes.", limit)
		}
		return errf(codeInvalidRequest, "The request body could not be read (in %s).", e.bodyTimeout)
	}
	x.body = body
	if !x.form {
		x.params = body
	}
	return nil
}

// readWithDeadline reads r, a request body, within e.bodyTimeout: a client
// that sends its headers and part of a body cannot hold the connection
// (and a goroutine) for ever, even when the http.Server serving the
// emulator sets no ReadTimeout.
//
// A body that could not be read closes the connection after the answer;
// its deadline stays, so that the server does not wait for the rest of the
// body either.
func (e *Emulator) readWithDeadline(w http.ResponseWriter, r io.Reader) ([]byte, error) {
	rc := http.NewResponseController(w)
	// Not every ResponseWriter supports deadlines (httptest.ResponseRecorder).
	deadline := rc.SetReadDeadline(time.Now().Add(e.bodyTimeout)) == nil
	b, err := io.ReadAll(r)
	if err != nil {
		w.Header().Set("Connection", "close")
		return nil, err
	}
	if deadline {
		_ = rc.SetReadDeadline(time.Time{})
	}
	return b, nil
}

// lookupAction finds the service, checks the version and finds the action.
func (e *Emulator) lookupAction(x *exchange) *apiError {
	switch x.service {
	case dtsapi.Service:
		if x.version != dtsapi.Version {
			return errf(codeNoSuchVersion, "The requested version `%s` of service `dts` does not exist; the emulator serves %s.",
				x.version, dtsapi.Version)
		}
		info, ok := dtsapi.Actions[x.action]
		if !ok {
			return errf(codeInvalidAction, "The requested action `%s` does not exist in dts %s.", x.action, dtsapi.Version)
		}
		h, ok := dtsHandlers[x.action]
		if !ok {
			return errf(codeUnsupportedOperation, "The DTS emulator does not implement %s yet (see the coverage table in its README).", info.Name)
		}
		if x.region == "" {
			return errf(codeMissingParameter, "The request is missing a required parameter `X-TC-Region`.")
		}
		if !isRegion(x.region) {
			return unsupportedRegion(x.region)
		}
		x.handler = &h
	case stsapi.Service:
		if x.version != stsapi.Version {
			return errf(codeNoSuchVersion, "The requested version `%s` of service `sts` does not exist; the emulator serves %s.",
				x.version, stsapi.Version)
		}
		h, ok := stsHandlers[x.action]
		switch {
		case !ok && !slices.Contains(stsActions, x.action):
			return errf(codeInvalidAction, "The requested action `%s` does not exist in sts %s.", x.action, stsapi.Version)
		case !ok:
			return errf(codeUnsupportedOperation, "The emulator does not implement STS %s (it implements AssumeRole; see the coverage table in its README).", x.action)
		}
		if x.region != "" && !isRegion(x.region) {
			return unsupportedRegion(x.region)
		}
		x.handler = &h
	default:
		return errf(codeNoSuchProduct, "The product `%s` does not exist; the emulator serves dts and sts.", x.service)
	}
	return nil
}

// decodeAndValidate decodes the parameters into the action's request
// structure and validates them.
func (e *Emulator) decodeAndValidate(x *exchange) *apiError {
	x.req = x.handler.newRequest()
	if x.form {
		if x.values == nil {
			v, err := x.formValues()
			if err != nil {
				return err
			}
			x.values = v
		}
		x.params, _ = json.Marshal(x.values) // for the journal, until they are decoded
		params, err := formParams(x.values, reflect.TypeOf(x.req).Elem())
		if err != nil {
			return err
		}
		x.params = params
	}
	return decodeRequest(x.params, x.req, x.handler.schema)
}

// latencyWriteSlack is the time a response delayed by a latency fault has,
// beyond the delay, to be written.
const latencyWriteSlack = time.Minute

// applyFaults applies the first fault rule that fires.
func (e *Emulator) applyFaults(x *exchange) *apiError {
	e.mu.Lock()
	f := e.faults.match(x.action)
	e.mu.Unlock()
	if f == nil {
		return nil
	}
	x.fault = f
	switch f.Kind {
	case FaultError:
		msg := f.Message
		if msg == "" {
			msg = "Error injected by the emulator's fault rule " + f.ID + "."
		}
		return &apiError{Code: f.Code, Message: msg}
	case FaultHTTP:
		// A gateway failure: the status, and a body with the RequestId but
		// no API error, so that SDKs report the HTTP status itself (the Go
		// SDK: ClientError.HttpStatusCodeError).
		x.httpStatus = f.HTTPStatus
		var b bytes.Buffer
		b.WriteString(`{"Response":{"RequestId":`)
		appendString(&b, x.requestID)
		b.WriteString(`}}`)
		e.writeBody(x, b.Bytes())
		x.done = true
	case FaultDrop:
		e.drop(x)
	case FaultLatency:
		// The delay must not count against the server's WriteTimeout.
		_ = http.NewResponseController(x.w).SetWriteDeadline(time.Now().Add(f.Latency + latencyWriteSlack))
		if err := e.wall.Sleep(x.r.Context(), f.Latency); err != nil {
			// The client went away while waiting.
			x.done = true
		}
	case FaultApplyThenDrop:
		x.dropAfter = true
	}
	return nil
}

// limitRate enforces the per-action rate limit. Like the API's gateway, it
// counts every request for a known action, before its parameters are
// validated or a fault rule fires.
func (e *Emulator) limitRate(x *exchange) *apiError {
	if ok, count := e.allowRequest(x.service+"/"+x.action, e.wall.Now()); !ok {
		return errf(codeRequestLimitExceeded, "Your current request times equals to `%d` in a second, which exceeds the frequency limit `%g` for a second. Please reduce the frequency of calls.",
			count, e.rateLimit)
	}
	return nil
}

// dispatch runs the action's handler with the state locked, persists the
// state if it changed, and answers.
func (e *Emulator) dispatch(x *exchange) *apiError {
	e.mu.Lock()
	c := &call{
		e: e, ctx: x.r.Context(),
		Service: x.service, Action: x.action, Region: x.region, RequestID: x.requestID, SecretID: x.secretID,
		Now: e.jobNow(), Wall: e.wall.Now(),
	}
	resp, err := x.handler.fn(c, x.req)
	var body []byte
	if err == nil {
		// Encode while the state is locked: responses may share structures
		// with the stored jobs.
		setRequestID(resp, x.requestID)
		body = encodeResponse(resp, x.service == dtsapi.Service)
	}
	if perr := e.unlockAndPersist(); perr != nil && err == nil {
		// Never acknowledge a change that is not saved.
		err = errNotSaved
	}
	if err != nil {
		return asAPIError(err)
	}
	if x.dropAfter {
		e.drop(x)
		return nil
	}
	x.httpStatus = http.StatusOK
	e.writeBody(x, body)
	x.done = true
	return nil
}

// replyError answers an API error in the envelope.
func (e *Emulator) replyError(x *exchange, err *apiError) {
	if x.dropAfter {
		e.drop(x)
		return
	}
	if x.httpStatus == 0 {
		x.httpStatus = http.StatusOK
	}
	x.code = err.Code
	e.writeBody(x, encodeError(err, x.requestID))
	x.done = true
}

func (e *Emulator) writeBody(x *exchange, body []byte) {
	h := x.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-TC-RequestId", x.requestID)
	if x.httpStatus == 0 {
		x.httpStatus = http.StatusOK
	}
	e.record(x)
	x.w.WriteHeader(x.httpStatus)
	_, _ = x.w.Write(body)
}

// drop closes the connection without answering.
func (e *Emulator) drop(x *exchange) {
	x.done = true
	x.httpStatus = 0
	e.record(x)
	if hj, ok := x.w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// Not hijackable (HTTP/2): abort the response, which resets the stream.
	panic(http.ErrAbortHandler)
}

// record writes the journal entry of x, once, and logs it. Requests whose
// signature was not verified are logged but not journaled: an unsigned
// flood must not grow the journal.
func (e *Emulator) record(x *exchange) {
	if x.recorded {
		return
	}
	x.recorded = true
	end := e.wall.Now()
	var fault string
	if x.fault != nil {
		fault = x.fault.ID
	}
	e.log.Debug("request", "service", x.service, "action", x.action, "region", x.region,
		"request_id", x.requestID, "code", x.code, "http_status", x.httpStatus, "fault", fault,
		"latency", end.Sub(x.start), "authenticated", x.authenticated)
	if !x.authenticated {
		return
	}
	entry := JournalEntry{
		Time:       x.start,
		Service:    x.service,
		Action:     x.action,
		Region:     x.region,
		SecretID:   x.secretID,
		RequestID:  x.requestID,
		Code:       x.code,
		HTTPStatus: x.httpStatus,
		Latency:    end.Sub(x.start),
	}
	entry.Parameters, entry.OmittedBytes = journalParameters(x.params)
	if x.fault != nil {
		entry.Fault, entry.FaultKind = x.fault.ID, x.fault.Kind
	}
	e.mu.Lock()
	e.journal.add(entry)
	e.mu.Unlock()
}

// call is what a handler sees: the request's identity and the clocks. The
// handler runs with the emulator's state locked.
type call struct {
	e   *Emulator
	ctx context.Context
	// Service, Action and Region of the request; RequestID its RequestId;
	// SecretID the caller's SecretId.
	Service, Action, Region, RequestID, SecretID string
	// Now is the job clock, Wall the wall clock, at dispatch.
	Now, Wall time.Time
}

// changed marks the state as modified, so that it is persisted.
func (c *call) changed() { c.e.dirty = true }

// Timeouts of NewHTTPServer.
const (
	// ServerReadHeaderTimeout bounds the reading of a request's headers.
	ServerReadHeaderTimeout = 10 * time.Second
	// ServerWriteTimeout bounds a request's handling and answer (a latency
	// fault extends the deadline of its own request by its delay).
	ServerWriteTimeout = 2 * time.Minute
	// ServerIdleTimeout bounds an idle keep-alive connection.
	ServerIdleTimeout = 2 * time.Minute
)

// NewHTTPServer is an http.Server for h (an Emulator) with the timeouts a
// server exposed to other programs needs: headers within
// ServerReadHeaderTimeout, the whole request (body included) within that and
// BodyReadTimeout, the handling and answer within ServerWriteTimeout, idle
// connections closed after ServerIdleTimeout.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ServerReadHeaderTimeout,
		ReadTimeout:       ServerReadHeaderTimeout + BodyReadTimeout,
		WriteTimeout:      ServerWriteTimeout,
		IdleTimeout:       ServerIdleTimeout,
	}
}
