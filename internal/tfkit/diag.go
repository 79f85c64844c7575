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
		var credErr *client.CredentialError
		if errors.As(err, &credErr) {
			fmt.Fprintf(&b, "%s was not sent: the temporary credentials of %s had expired, and renewing them failed:\n",
				credErr.Action, credErr.Source)
		}
		writeAPIError(&b, apiErr)
		if hint := errorHint(apiErr); hint != "" {
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

// errorHint says what happened to the call (how many attempts, whether
// anything was sent) and what an error of its class means for the user.
func errorHint(e *client.APIError) string {
	svc := serviceName(e.Service)
	var parts []string
	for _, s := range []string{whatHappened(e, svc), classHint(e, svc)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// serviceName is the API's name for messages: "DTS", "STS".
func serviceName(service string) string {
	if service == "" {
		return "DTS"
	}
	return strings.ToUpper(service)
}

func whatHappened(e *client.APIError, svc string) string {
	switch {
	case e.NothingSent && e.Attempts == 0:
		return fmt.Sprintf("Nothing was sent to %s.", svc)
	case e.NothingSent:
		return fmt.Sprintf("Nothing was sent to %s (%s).", svc, plural(e.Attempts, "attempt"))
	case e.MayHaveApplied && e.Attempts == 1:
		return fmt.Sprintf("The request may have reached %s and taken effect although no usable reply arrived; the provider did not repeat it.", svc)
	case e.MayHaveApplied && e.Attempts > 1:
		return fmt.Sprintf("The provider made %d attempts without a usable reply; a request may have reached %s and taken effect.", e.Attempts, svc)
	case e.Attempts > 1:
		return fmt.Sprintf("The provider made %d attempts.", e.Attempts)
	}
	return ""
}

func classHint(e *client.APIError, svc string) string {
	switch client.Classify(e) {
	case client.ClassAuth:
		return authHint(e, svc)
	case client.ClassThrottled:
		return svc + " throttled the request (DTS allows about 20 requests per second per action) and the retries were used up. Try again, or lower -parallelism."
	case client.ClassInvalidInput:
		return svc + " rejected a parameter of the request; the message names it."
	case client.ClassWrongState:
		return "DTS refused the operation in the job's current status. Run `terraform plan` to see the job's status and what is left to do."
	case client.ClassTransient:
		if e.Code == client.CodeNetworkError {
			return fmt.Sprintf("No reply arrived from %s. Try again later; if it persists, check the network between this machine and %s.", svc, e.Endpoint)
		}
		return svc + " reported a transient failure. Try again later."
	case client.ClassNotFound:
		return "The job no longer exists."
	case client.ClassLocal:
		return "The request was refused on this machine before it was sent. A secret ID, token or region with white space, " +
			"a line break or another control character does this: check the values, and the variables or files they come from."
	case client.ClassUnreachable:
		from := e.EndpointFrom
		if from == "" {
			from = "the endpoint setting"
		}
		return fmt.Sprintf("%s could not be reached at %s (the endpoint comes from %s). Check that setting, and this machine's DNS, network and proxy settings.",
			svc, e.Endpoint, from)
	}
	return ""
}

func authHint(e *client.APIError, svc string) string {
	switch {
	case e.Code == "AuthFailure.SignatureExpire":
		return "The request's time stamp was more than 5 minutes away from the server's clock: check this machine's clock (its time zone and NTP synchronization)."
	case e.Code == "AuthFailure.SignatureFailure":
		return "The signature does not match: the secret key does not belong to the secret ID. Check the provider's credentials."
	case e.Code == "AuthFailure.TokenFailure":
		return "The security token is missing, wrong or expired: temporary keys work only with the token they were issued with, until they expire."
	case e.Service == "sts" && e.Action == "AssumeRole":
		return "Check the credentials used to assume the role, that the role exists, and that its trust policy allows them (with the external ID, if it requires one)."
	}
	return fmt.Sprintf("Check the provider's credentials and that the CAM policy allows this %s action.", svc)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
