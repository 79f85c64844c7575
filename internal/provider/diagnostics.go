package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
)

// errorDiagnostic is the one path that turns an error into a diagnostic. doing
// says what the provider was doing ("creating migration job"), jobID names the
// job when there is one. For API errors the detail carries the action, the
// code, the message and the RequestId, plus a hint for the error's class.
func errorDiagnostic(doing, jobID string, err error, hints ...string) diag.Diagnostic {
	summary, detail := describeError(doing, jobID, err)
	for _, h := range hints {
		detail += "\n\n" + h
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// warningDiagnostic is errorDiagnostic with warning severity, for failures
// that must not fail the operation (e.g. a wait interrupted after a job was
// started).
func warningDiagnostic(doing, jobID string, err error) diag.Diagnostic {
	summary, detail := describeError(doing, jobID, err)
	return diag.NewWarningDiagnostic(summary, detail)
}

func describeError(doing, jobID string, err error) (string, string) {
	summary := "Error " + doing
	var b strings.Builder
	if jobID != "" {
		fmt.Fprintf(&b, "Job: %s\n", jobID)
	}
	if apiErr, ok := client.AsAPIError(err); ok {
		fmt.Fprintf(&b, "Action: %s\n", apiErr.Action)
		if apiErr.Region != "" {
			fmt.Fprintf(&b, "Region: %s\n", apiErr.Region)
		}
		fmt.Fprintf(&b, "Code: %s\n", apiErr.Code)
		if apiErr.HTTPStatus != 0 {
			fmt.Fprintf(&b, "HTTP status: %d\n", apiErr.HTTPStatus)
		}
		fmt.Fprintf(&b, "Message: %s\n", apiErr.Message)
		if apiErr.RequestID != "" {
			fmt.Fprintf(&b, "RequestId: %s\n", apiErr.RequestID)
		}
		if hint := errorHint(err); hint != "" {
			b.WriteString("\n" + hint)
		}
	} else {
		b.WriteString(err.Error())
		if errors.Is(err, context.Canceled) {
			b.WriteString("\n\nThe operation was interrupted.")
		}
	}
	return summary, strings.TrimRight(b.String(), "\n")
}

func errorHint(err error) string {
	if client.MayHaveApplied(err) {
		return "The request may have reached DTS even though no reply arrived; the provider did not repeat it."
	}
	switch client.Classify(err) {
	case client.ClassAuth:
		return "Check the provider's credentials and that the CAM policy allows this DTS action."
	case client.ClassThrottled:
		return "DTS throttled the request (about 20 requests per second per action) and the retries were used up. Try again, or lower -parallelism."
	case client.ClassInvalidInput:
		return "DTS rejected a parameter of the request; the message names it."
	case client.ClassWrongState:
		return "The job's current status does not allow this operation. Refresh to see the job's status."
	case client.ClassTransient:
		return "DTS reported a transient failure and the retries were used up. Try again later."
	case client.ClassNotFound:
		return "The job no longer exists."
	}
	return ""
}
