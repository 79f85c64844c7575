package client

import (
	"context"
	"errors"
	"net"
	"reflect"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Codes the client itself puts into APIError.Code for failures that are not
// an API reply. The first three are the codes the SDK uses for the same
// conditions; the others are the client's own.
const (
	// CodeNetworkError: no reply arrived (connection refused or dropped,
	// timeout, reading the reply failed). Err holds the cause.
	CodeNetworkError = "ClientError.NetworkError"
	// CodeHTTPStatus: the endpoint replied with an HTTP status other than 200
	// and no API error envelope; HTTPStatus holds the status.
	CodeHTTPStatus = "ClientError.HttpStatusCodeError"
	// CodeBadReply: the reply could not be decoded.
	CodeBadReply = "ClientError.ParseJsonError"
	// CodeCanceled: the caller's context was canceled or its deadline passed.
	// Err holds the context's error.
	CodeCanceled = "ClientError.Canceled"
	// CodeNotSent: the request was refused on this machine before anything
	// was sent (an invalid header value such as a key with a line break, a
	// region with white space); repeating it cannot help. Err holds the cause.
	CodeNotSent = "ClientError.RequestNotSent"
	// CodeUnreachable: no connection to the endpoint could be made (unknown
	// host, connection refused, no answer while connecting, TLS handshake
	// failure); nothing was sent. Err holds the cause.
	CodeUnreachable = "ClientError.EndpointUnreachable"
)

// APIError is the one error type of every failed call. Error() never contains
// request or reply bodies, nor secrets.
type APIError struct {
	// Service is "dts" or "sts"; Action the API action; Region the region the
	// call was sent to.
	Service, Action, Region string
	// Code and Message come from the API's error envelope, or are one of the
	// Code* constants for client-side failures. RequestID is the API's
	// RequestId when a reply arrived.
	Code, Message, RequestID string
	// HTTPStatus is the HTTP status of a reply whose status was not 200
	// (e.g. 502 from a gateway); 0 when the status was 200 or no reply arrived.
	HTTPStatus int
	// MayHaveApplied reports that a request of this call may have reached the
	// server and been applied although no usable reply arrived (a dropped
	// connection after the request was written, a timeout, a 5xx reply, a
	// transient internal error). For purchases the caller must look the job up
	// before trying again.
	MayHaveApplied bool
	// Attempts is the number of requests the call tried to send (0 when it
	// stopped before the first one, e.g. canceled while waiting).
	Attempts int
	// NothingSent reports that no request of the call can have reached the
	// server: every attempt failed before the request was written.
	NothingSent bool
	// Endpoint is the URL the call was sent to and EndpointFrom the setting
	// it came from (Config.EndpointFrom), for messages about an endpoint that
	// cannot be reached.
	Endpoint, EndpointFrom string
	// Err is the underlying cause (network error, context error), if any.
	Err error
}

// Error returns "<Action>: <Code>: <Message> (RequestId <id>)", leaving out
// the parts that are empty.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Action != "" {
		b.WriteString(e.Action)
		b.WriteString(": ")
	}
	code := e.Code
	if code == "" {
		code = "Error"
	}
	b.WriteString(code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (RequestId ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *APIError) Unwrap() error { return e.Err }

// Class is the coarse category of an error that callers act on.
type Class int

// The classes, see Classify.
const (
	// ClassOther is every error that is none of the classes below; also the
	// class of a nil error.
	ClassOther Class = iota
	// ClassNotFound: ResourceNotFound[.*] on a job-level call — the job is gone.
	ClassNotFound
	// ClassWrongState: the job's state does not allow the operation now.
	ClassWrongState
	// ClassThrottled: RequestLimitExceeded[.*], an explicit refusal.
	ClassThrottled
	// ClassAuth: AuthFailure[.*], UnauthorizedOperation[.*].
	ClassAuth
	// ClassInvalidInput: InvalidParameter[.*], InvalidParameterValue[.*],
	// MissingParameter[.*], UnknownParameter[.*].
	ClassInvalidInput
	// ClassTransient: transient internal errors, HTTP 5xx, network failures.
	ClassTransient
	// ClassCanceled: the caller's context ended.
	ClassCanceled
	// ClassLocal: the request was refused on this machine before it was sent
	// (CodeNotSent); never retried.
	ClassLocal
	// ClassUnreachable: the endpoint could not be reached (CodeUnreachable);
	// nothing was sent. Retried at most once.
	ClassUnreachable
)

var classNames = [...]string{
	ClassOther:        "other",
	ClassNotFound:     "not found",
	ClassWrongState:   "wrong state",
	ClassThrottled:    "throttled",
	ClassAuth:         "auth",
	ClassInvalidInput: "invalid input",
	ClassTransient:    "transient",
	ClassCanceled:     "canceled",
	ClassLocal:        "not sent",
	ClassUnreachable:  "unreachable",
}

// String names the class.
func (c Class) String() string {
	if c >= 0 && int(c) < len(classNames) {
		return classNames[c]
	}
	return "unknown"
}

// transientCodes is the explicit allow-list of API codes that are retried.
// Other InternalError.* codes (NotEnoughMoneyError, DuplicateJob, …) are final.
var transientCodes = map[string]bool{
	"InternalError":                         true,
	"InternalError.LockError":               true,
	"InternalError.DatabaseError":           true,
	"InternalError.AddTaskError":            true,
	"InternalError.CeleryError":             true,
	"InternalError.CgwSystemError":          true,
	"InternalError.ExecHttpRequestError":    true,
	"InternalError.InternalHttpServerError": true,
	"ServiceUnavailable":                    true,
}

// listActions are the job list calls: a not-found there is not a gone signal.
var listActions = map[string]bool{
	"DescribeMigrationJobs": true,
	"DescribeSyncJobs":      true,
	"DescribeSubscribeJobs": true,
}

// jobLevelActions are the DTS actions whose request names one job (a member
// JobId, SubscribeId or CompareTaskId), without the list calls. Computed from
// the generated action table so that it follows the API definition.
var jobLevelActions = computeJobLevelActions()

func computeJobLevelActions() map[string]bool {
	set := make(map[string]bool)
	for name, info := range dtsapi.Actions {
		if listActions[name] {
			continue
		}
		t := reflect.TypeOf(info.NewRequest())
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			continue
		}
		for _, member := range []string{"JobId", "SubscribeId", "CompareTaskId"} {
			if _, ok := t.FieldByName(member); ok {
				set[name] = true
				break
			}
		}
	}
	return set
}

// IsJobLevelAction reports whether a DTS action addresses one job, so that a
// ResourceNotFound from it means the job is gone.
func IsJobLevelAction(action string) bool { return jobLevelActions[action] }

// family reports whether code is base or base.<anything>.
func family(code, base string) bool {
	return code == base || strings.HasPrefix(code, base+".")
}

// Classify returns the class of err. APIErrors are classified by code (an API
// code wins over the HTTP status); other errors are ClassCanceled when they
// wrap a context error, ClassTransient when they wrap a net.Error, else
// ClassOther.
func Classify(err error) Class {
	if err == nil {
		return ClassOther
	}
	var ae *APIError
	if !errors.As(err, &ae) {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return ClassCanceled
		}
		var ne net.Error
		if errors.As(err, &ne) {
			return ClassTransient
		}
		return ClassOther
	}
	code := ae.Code
	switch {
	case code == CodeCanceled:
		return ClassCanceled
	case code == CodeNotSent:
		return ClassLocal
	case code == CodeUnreachable:
		return ClassUnreachable
	case family(code, "RequestLimitExceeded"):
		return ClassThrottled
	case transientCodes[code]:
		return ClassTransient
	case family(code, "AuthFailure"), family(code, "UnauthorizedOperation"):
		return ClassAuth
	case family(code, "InvalidParameter"), family(code, "InvalidParameterValue"),
		family(code, "MissingParameter"), family(code, "UnknownParameter"):
		// Includes InvalidParameter.InstanceNotFound: a referenced database
		// instance is missing, not the job.
		return ClassInvalidInput
	case family(code, "ResourceNotFound"):
		if (ae.Service == "" || ae.Service == dtsapi.Service) && jobLevelActions[ae.Action] {
			return ClassNotFound
		}
		return ClassOther
	case strings.HasPrefix(code, "FailedOperation.StatusInConflict"),
		code == "FailedOperation.NotAllowOperation":
		return ClassWrongState
	case family(code, "OperationDenied"):
		// An insufficient balance is no state the job can leave by waiting.
		if code == "OperationDenied.NotEnoughMoneyError" {
			return ClassOther
		}
		return ClassWrongState
	case code == CodeNetworkError:
		return ClassTransient
	case ae.HTTPStatus >= 500:
		return ClassTransient
	case ae.HTTPStatus == 429:
		return ClassThrottled
	}
	return ClassOther
}

// IsNotFound reports a ResourceNotFound[.*] on a job-level call: the job is gone.
func IsNotFound(err error) bool { return Classify(err) == ClassNotFound }

// IsWrongState reports FailedOperation.StatusInConflict*,
// FailedOperation.NotAllowOperation and OperationDenied[.*] (except
// OperationDenied.NotEnoughMoneyError).
func IsWrongState(err error) bool { return Classify(err) == ClassWrongState }

// IsThrottled reports RequestLimitExceeded[.*].
func IsThrottled(err error) bool { return Classify(err) == ClassThrottled }

// IsAuth reports AuthFailure[.*] and UnauthorizedOperation[.*].
func IsAuth(err error) bool { return Classify(err) == ClassAuth }

// IsInvalidInput reports InvalidParameter[.*], InvalidParameterValue[.*],
// MissingParameter[.*] and UnknownParameter[.*].
func IsInvalidInput(err error) bool { return Classify(err) == ClassInvalidInput }

// IsTransient reports transient internal errors, HTTP 5xx replies and network
// failures.
func IsTransient(err error) bool { return Classify(err) == ClassTransient }

// IsCanceled reports that the caller's context ended.
func IsCanceled(err error) bool { return Classify(err) == ClassCanceled }

// MayHaveApplied reports whether a failed call may nevertheless have been
// applied by the server (see APIError.MayHaveApplied).
func MayHaveApplied(err error) bool {
	ae, ok := AsAPIError(err)
	return ok && ae.MayHaveApplied
}

// AsAPIError finds the *APIError in err's chain.
func AsAPIError(err error) (*APIError, bool) {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae, true
	}
	return nil, false
}
