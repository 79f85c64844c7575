package jobkit

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// CreateFailure reports a failure of Create. Terraform taints whatever
// Create reports as an error, and the next apply replaces it: right for a
// job that never started (its configuration or check failed), wrong for a
// started job, which may be migrating data. So before the start the failure
// is an error; after it, a warning that says what did not happen — the job
// keeps running, the next refresh records its stage, and the next plan
// shows what is left to do.
func CreateFailure(doing, noun, id string, err error, started bool, status, desired string) diag.Diagnostic {
	if !started {
		return tfkit.ErrorDiagnostic(doing, id, err)
	}
	if status == "" {
		status = "in an unknown status"
	}
	return tfkit.WarningDiagnostic(doing, id, err, fmt.Sprintf(
		"The job was started and is %s. The %s keeps running and is kept, not replaced: the next plan shows whether it still "+
			"has to reach state %q, and apply continues from there.", status, noun, desired))
}
