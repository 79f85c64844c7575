package tfkit

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
)

// The one path from an error to a diagnostic. Every resource and data source
// reports errors through ErrorDiagnostic or WarningDiagnostic: what the
// provider was doing, the job, and for API errors the action, the code, the
// message and the RequestId, with a hint for the error's class.

// Summarized is an error that says what went wrong in a few words, for the
// diagnostic's summary ("the check failed"); its Error() is the whole detail.
type Summarized interface {
	error
	Summary() string
}

// ErrorDiagnostic turns err into an error diagnostic. doing says what the
// provider was doing ("creating migration job"); jobID names the job when
// there is one; hints are appended to the detail.
func ErrorDiagnostic(doing, jobID string, err error, hints ...string) diag.Diagnostic {
	summary, detail := describeError(doing, jobID, err)
	for _, h := range hints {
		detail += "\n\n" + h
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// WarningDiagnostic is ErrorDiagnostic with warning severity, for failures
// that must not fail the operation (anything after a job was started).
func WarningDiagnostic(doing, jobID string, err error, hints ...string) diag.Diagnostic {
	summary, detail := describeError(doing, jobID, err)
	for _, h := range hints {
		detail += "\n\n" + h
	}
	return diag.NewWarningDiagnostic(summary, detail)
}

func describeError(doing, jobID string, err error) (string, string) {
	summary := "Error " + doing
	var s Summarized
	if errors.As(err, &s) {
		summary += ": " + s.Summary()
	}
	var b strings.Builder
	if jobID != "" {
		fmt.Fprintf(&b, "Job: %s\n", jobID)
	}
	if apiErr, ok := client.AsAPIError(err); ok {
		writeAPIError(&b, apiErr)
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

func writeAPIError(b *strings.Builder, e *client.APIError) {
	fmt.Fprintf(b, "Action: %s\n", e.Action)
	if e.Region != "" {
		fmt.Fprintf(b, "Region: %s\n", e.Region)
	}
	fmt.Fprintf(b, "Code: %s\n", e.Code)
	if e.HTTPStatus != 0 {
		fmt.Fprintf(b, "HTTP status: %d\n", e.HTTPStatus)
	}
	fmt.Fprintf(b, "Message: %s\n", e.Message)
	if e.RequestID != "" {
		fmt.Fprintf(b, "RequestId: %s\n", e.RequestID)
	}
}

// errorHint says what an error of each class means for the user.
func errorHint(err error) string {
	if client.MayHaveApplied(err) {
		return "The request may have reached DTS even though no reply arrived; the provider did not repeat it."
	}
	return classHints[client.Classify(err)]
}

var classHints = map[client.Class]string{
	client.ClassAuth:         "Check the provider's credentials and that the CAM policy allows this DTS action.",
	client.ClassThrottled:    "DTS throttled the request (about 20 requests per second per action) and the retries were used up. Try again, or lower -parallelism.",
	client.ClassInvalidInput: "DTS rejected a parameter of the request; the message names it.",
	client.ClassWrongState:   "DTS refused the operation in the job's current status. Run `terraform plan` to see the job's status and what is left to do.",
	client.ClassTransient:    "DTS reported a transient failure and the retries were used up. Try again later.",
	client.ClassNotFound:     "The job no longer exists.",
}
