package tfkit

import (
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
)

// Every hint says what happened (attempts, whether anything was sent) and
// names the right service; none claims what did not happen.
func TestErrorHints(t *testing.T) {
	dts := func(e client.APIError) error {
		e.Service, e.Action, e.Region = "dts", "DescribeMigrationJobs", "ap-guangzhou"
		return &e
	}
	tests := []struct {
		name    string
		err     error
		want    []string
		notWant []string
	}{
		{
			name: "refused locally",
			err:  dts(client.APIError{Code: client.CodeNotSent, Message: "the request was refused", Attempts: 1, NothingSent: true}),
			want: []string{"Nothing was sent to DTS (1 attempt).", "refused on this machine", "white space, a line break"},
			// The old hint claimed the request may have reached DTS.
			notWant: []string{"may have reached", "retries were used up"},
		},
		{
			name: "unreachable",
			err: dts(client.APIError{Code: client.CodeUnreachable, Message: "refused", Attempts: 2, NothingSent: true,
				Endpoint: "http://127.0.0.1:1", EndpointFrom: "the environment variable TENCENTCLOUD_DTS_ENDPOINT"}),
			want:    []string{"Nothing was sent to DTS (2 attempts).", "DTS could not be reached at http://127.0.0.1:1", "the environment variable TENCENTCLOUD_DTS_ENDPOINT", "DNS"},
			notWant: []string{"transient"},
		},
		{
			name: "lost purchase reply",
			err:  dts(client.APIError{Code: client.CodeNetworkError, Message: "no reply", Attempts: 1, MayHaveApplied: true, Endpoint: "https://dts.tencentcloudapi.com"}),
			want: []string{"may have reached DTS and taken effect", "did not repeat it", "No reply arrived from DTS"},
		},
		{
			name:    "read that got 5xx to the end",
			err:     dts(client.APIError{Code: client.CodeHTTPStatus, HTTPStatus: 502, Message: "bad gateway", Attempts: 8, MayHaveApplied: true}),
			want:    []string{"The provider made 8 attempts without a usable reply", "DTS reported a transient failure"},
			notWant: []string{"did not repeat"},
		},
		{
			name: "throttled",
			err:  dts(client.APIError{Code: "RequestLimitExceeded", Attempts: 8}),
			want: []string{"The provider made 8 attempts.", "DTS throttled the request"},
		},
		{
			name:    "clock",
			err:     dts(client.APIError{Code: "AuthFailure.SignatureExpire", Attempts: 1}),
			want:    []string{"check this machine's clock"},
			notWant: []string{"attempt"},
		},
		{
			name:    "STS refuses the role",
			err:     &client.APIError{Service: "sts", Action: "AssumeRole", Code: "AuthFailure.UnauthorizedOperation", Attempts: 1},
			want:    []string{"trust policy", "external ID"},
			notWant: []string{"DTS"},
		},
		{
			name:    "STS throttles",
			err:     &client.APIError{Service: "sts", Action: "AssumeRole", Code: "RequestLimitExceeded", Attempts: 3},
			want:    []string{"STS throttled the request"},
			notWant: []string{"DTS throttled"},
		},
		{
			name: "renewal failed",
			err: &client.CredentialError{Action: "DescribeMigrationJobs", Source: "the assumed role qcs::cam::uin/1:roleName/r",
				Err: &client.APIError{Service: "sts", Action: "AssumeRole", Code: "AuthFailure.SecretIdNotFound", Message: "unknown", Attempts: 1}},
			want: []string{"DescribeMigrationJobs was not sent: the temporary credentials of the assumed role qcs::cam::uin/1:roleName/r had expired",
				"Action: AssumeRole", "Code: AuthFailure.SecretIdNotFound", "Check the credentials used to assume the role"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ErrorDiagnostic("listing migration jobs", "", tt.err)
			detail := d.Detail()
			for _, w := range tt.want {
				if !strings.Contains(detail, w) {
					t.Errorf("detail does not contain %q:\n%s", w, detail)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(detail, w) {
					t.Errorf("detail contains %q:\n%s", w, detail)
				}
			}
		})
	}
}
