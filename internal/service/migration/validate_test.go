package migration

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// A resume option the attribute's validator refuses gets that one error, not
// a second, misleading one from the cross-field rule.
func TestResumeOptionHasOneError(t *testing.T) {
	m := &jobModel{ResumeOption: types.StringValue("foo"),
		SrcInfo: &endpointModel{endpointFields: endpointFields{DatabaseType: types.StringValue("mysql")}}}
	if diags := validateLink(m); diags.HasError() {
		t.Fatalf("the cross-field rule repeats the enum error: %v", diags)
	}
	m.ResumeOption = types.StringValue("clearData")
	if diags := validateLink(m); !diags.HasError() || !strings.Contains(diags[0].Detail(), "Redis links only") {
		t.Fatalf("clearData on MySQL: %v", diags)
	}
}

// A check failure's brief message ending in a period does not get a second.
func TestCheckFailureHasOnePeriod(t *testing.T) {
	err := checkFailure("dts-x", &dtsapi.DescribeMigrationCheckJobResponse{BriefMsg: tfkit.Ptr("ConstraintCheck failed.")})
	if msg := err.Error(); strings.Contains(msg, "..") || !strings.Contains(msg, "ConstraintCheck failed.") {
		t.Fatalf("message: %q", msg)
	}
}
