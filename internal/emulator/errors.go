package emulator

import (
	"errors"
	"fmt"
)

// Error codes the emulator answers with. They are the real codes of the DTS
// definition (error-codes.txt) and of the platform-wide common error table.
const (
	codeInvalidAuthorization = "AuthFailure.InvalidAuthorization"
	codeSecretIDNotFound     = "AuthFailure.SecretIdNotFound"
	codeSignatureExpire      = "AuthFailure.SignatureExpire"
	codeSignatureFailure     = "AuthFailure.SignatureFailure"
	codeTokenFailure         = "AuthFailure.TokenFailure"

	codeInternalError            = "InternalError"
	codeInvalidAction            = "InvalidAction"
	codeInvalidParameter         = "InvalidParameter"
	codeInvalidParameterValue    = "InvalidParameterValue"
	codeInvalidRequest           = "InvalidRequest"
	codeMissingParameter         = "MissingParameter"
	codeNoSuchProduct            = "NoSuchProduct"
	codeNoSuchVersion            = "NoSuchVersion"
	codeRequestLimitExceeded     = "RequestLimitExceeded"
	codeRequestSizeLimitExceeded = "RequestSizeLimitExceeded"
	codeUnauthorizedOperation    = "UnauthorizedOperation"
	codeUnknownParameter         = "UnknownParameter"
	codeUnsupportedOperation     = "UnsupportedOperation"
	codeUnsupportedProtocol      = "UnsupportedProtocol"
	codeUnsupportedRegion        = "UnsupportedRegion"

	// codeStatusInConflict is the default answer to an operation the job's
	// current status does not allow.
	codeStatusInConflict = "FailedOperation.StatusInConflict"
	// codeOperationDenied answers an operation whose preconditions other than
	// the status are not met (for example a check before any configuration).
	codeOperationDenied = "OperationDenied.BizOperationDeniedError"
	// codeResourceNotFound is the not-found code the definition lists for
	// every migration action; codeJobNotExist the one some of them use instead.
	codeResourceNotFound = "ResourceNotFound.ResourceNotFoundError"
	codeJobNotExist      = "ResourceNotFound.JobNotExist"
	// codeGenericNotFound is the platform-wide not-found code, for actions
	// the definition lists no more specific one for.
	codeGenericNotFound = "ResourceNotFound"
	// codeInstanceNotFound answers a check whose configuration names a
	// database instance that does not exist (the definition documents it for
	// CreateMigrateCheckJob).
	codeInstanceNotFound = "InvalidParameter.InstanceNotFound"
)

// apiError is an error answered in the response envelope
// {"Response":{"Error":{"Code","Message"},"RequestId"}} with HTTP 200.
type apiError struct {
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errf(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// asAPIError turns any error a handler returns into the envelope error: an
// *apiError as it is, anything else as InternalError (the message is kept
// generic so that nothing internal leaks to clients).
func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	return errf(codeInternalError, "internal error of the emulator")
}

// errNotSaved answers a request whose change could not be written to the
// state file: it is not acknowledged (it may still be kept, as the real API
// may apply a request it answers InternalError).
var errNotSaved = errf(codeInternalError, "The emulator could not save its state file, so the change is not acknowledged (see the emulator's log).")

// ErrJobNotFound is returned (wrapped) by the Go administration methods when
// no job has the given ID in the given region.
var ErrJobNotFound = errors.New("emulator: job not found")
