package emulator

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// subsCheck reads DescribeSubscribeCheckJob.
func (h *harness) subsCheck(id string) *dtsapi.DescribeSubscribeCheckJobResponse {
	return mustRead[dtsapi.DescribeSubscribeCheckJobResponse](h, "DescribeSubscribeCheckJob", map[string]any{"SubscribeId": id})
}

// checkSubs configures id with cfg and runs a whole check.
func (h *harness) checkSubs(id string, cfg map[string]any) *dtsapi.DescribeSubscribeCheckJobResponse {
	h.t.Helper()
	h.mustCall("ConfigureSubscribeJob", cfg)
	h.mustSubsOp("CreateSubscribeCheckJob", id)
	h.emu.Advance(durSubsCheck)
	return h.subsCheck(id)
}

// subsStep returns the step of a check by its ID.
func subsStep(t *testing.T, r *dtsapi.DescribeSubscribeCheckJobResponse, stepID string) *dtsapi.SubscribeCheckStepInfo {
	t.Helper()
	for _, s := range r.Steps {
		if *s.StepId == stepID {
			return s
		}
	}
	t.Fatalf("no step %s", stepID)
	return nil
}

func TestSubscribeCheckReport(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySubs(nil)[0]
	// Before any configuration: no check, and none can start.
	if r := h.subsCheck(id); *r.Status != dtsapi.SubsCheckUnknown || len(r.Steps) != 0 || *r.SubscribeId != id {
		t.Fatalf("before any check: %+v", r)
	}
	if msg := wantCode(t, h.subsOp("CreateSubscribeCheckJob", id), codeOperationDenied); !strings.Contains(msg, "ConfigureSubscribeJob") {
		t.Fatalf("message %q", msg)
	}
	cfg := subsConfig(id)
	endpointOf(cfg)["User"] = "root"
	h.mustCall("ConfigureSubscribeJob", cfg)
	h.mustSubsOp("CreateSubscribeCheckJob", id)
	h.emu.Advance(durSubsCheckStep + 2*time.Second)
	r := h.subsCheck(id)
	if *r.Status != dtsapi.SubsCheckRunning || *r.Message != "" || *r.StepAll != 5 || *r.StepNow != 2 || *r.Progress != 20 ||
		*r.Steps[0].Status != "finished" || *r.Steps[1].Status != "running" || *r.Steps[1].Percent != 40 || *r.Steps[2].Status != "notStarted" {
		t.Fatalf("running check: %+v", r)
	}
	h.emu.Advance(durSubsCheck)
	r = h.subsCheck(id)
	var order []string
	for i, s := range r.Steps {
		order = append(order, *s.StepId)
		if *s.StepNo != uint64(i+1) || *s.Status != "finished" || *s.Percent != 100 || len(s.Errors) != 0 {
			t.Errorf("step %+v", s)
		}
	}
	// The sample's steps, in the sample's order.
	if want := []string{"ConnectDBCheck", "OptimizeCheck", "VersionCheck", "SrcPrivilegeCheck", "BinlogParamCheck"}; !slices.Equal(order, want) {
		t.Fatalf("steps %v", order)
	}
	if *r.Status != dtsapi.SubsCheckSuccess || *r.Message != "success" || *r.Progress != 100 || *r.StepNow != 5 {
		t.Fatalf("passed check: %+v", r)
	}
	// root: a warning (HelpDoc "" as in the sample), not a failure.
	w := subsStep(t, r, "SrcPrivilegeCheck").Warnings
	if len(w) != 1 || !strings.Contains(*w[0].Message, "root") || *w[0].HelpDoc != "" {
		t.Fatalf("warnings %+v", w)
	}
	wantSubs(t, h, id, ssCheckPass, "")
}

// TestSubscribeCheckRules: a .invalid host and the catalog's isolated
// instance fail the connection; the Outcome CheckFails fails the binlog
// step; a failed check can be reconfigured and checked again.
func TestSubscribeCheckRules(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySubs(nil)[0]
	cfg := subsConfig(id)
	access("extranet", map[string]any{"HostName": "db.INVALID", "Port": 3306})(cfg)
	r := h.checkSubs(id, cfg)
	wantSubs(t, h, id, ssCheckNotPass, "")
	s := subsStep(t, r, "ConnectDBCheck")
	if *r.Status != dtsapi.SubsCheckFailed || !strings.Contains(*r.Message, "ConnectDBCheck") || *s.Status != "failed" ||
		len(s.Errors) != 1 || !strings.Contains(*s.Errors[0].Message, "db.INVALID:3306") ||
		!strings.Contains(*s.Errors[0].Message, "Endpoints.0.HostName") || *s.Errors[0].HelpDoc == "" {
		t.Fatalf("failed check: %+v %+v", r, s)
	}

	cfg = subsConfig(id)
	endpointOf(cfg)["InstanceId"] = "cdb-my0005"
	r = h.checkSubs(id, cfg)
	if s := subsStep(t, r, "ConnectDBCheck"); *s.Status != "failed" || !strings.Contains(*s.Errors[0].Message, "isolated") {
		t.Fatalf("isolated instance: %+v", s)
	}
	if d := h.subsDetail(id); *d.InstanceStatus != "isolated" || *d.InstanceId != "cdb-my0005" {
		t.Fatalf("InstanceStatus %s", *d.InstanceStatus)
	}

	if err := h.emu.SetOutcome(testRegion, id, Outcome{CheckFails: true}); err != nil {
		t.Fatal(err)
	}
	r = h.checkSubs(id, subsConfig(id))
	if s := subsStep(t, r, "BinlogParamCheck"); *s.Status != "failed" || len(s.Errors) != 1 || *r.Message != "The check did not pass: BinlogParamCheck failed." {
		t.Fatalf("scripted failure: %q %+v", *r.Message, s)
	}
	if err := h.emu.SetOutcome(testRegion, id, Outcome{}); err != nil {
		t.Fatal(err)
	}
	h.checkSubs(id, subsConfig(id))
	wantSubs(t, h, id, ssCheckPass, "")

	// Forced results are consistent: checkNotPass shows a failure,
	// checkPass none.
	h.force(id, ssCheckNotPass, "")
	if r := h.subsCheck(id); *r.Status != dtsapi.SubsCheckFailed || *subsStep(t, r, "BinlogParamCheck").Status != "failed" {
		t.Fatalf("forced checkNotPass: %+v", r)
	}
	h.force(id, ssCheckPass, "")
	if r := h.subsCheck(id); *r.Status != dtsapi.SubsCheckSuccess || *subsStep(t, r, "BinlogParamCheck").Status != "finished" {
		t.Fatalf("forced checkPass: %+v", r)
	}
}
