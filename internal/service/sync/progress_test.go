package sync

import (
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func syncStep(id, status string, progress int64) *dtsapi.StepInfo {
	return &dtsapi.StepInfo{StepId: &id, StepName: &id, Status: &status, Progress: &progress}
}

// A Running job reports its initial load; a check its steps, each at its
// percentage (skipped steps do not run), else its overall Progress.
func TestProgressOfViews(t *testing.T) {
	n := func(v uint64) *uint64 { return &v }
	i := func(v int64) *int64 { return &v }
	s := func(v string) *string { return &v }
	detail := &dtsapi.SyncDetailInfo{StepAll: n(4), StepNow: n(2), Progress: i(37)}
	for _, tc := range []struct {
		status  string
		percent int64
	}{{stRunning, 37}, {stPaused, -1}, {stStopping, -1}} {
		if v := view(&info{Status: s(tc.status), Detail: detail}); v.Percent != tc.percent || (tc.percent >= 0 && (v.StepNow != 2 || v.StepAll != 4)) {
			t.Errorf("%s: %d %% step %d of %d", tc.status, v.Percent, v.StepNow, v.StepAll)
		}
	}
	if v := view(&info{Status: s(stRunning), Detail: &dtsapi.SyncDetailInfo{Progress: i(-1)}}); v.Percent != -1 {
		t.Errorf("the incremental step: %d %%", v.Percent)
	}
	r := &checkResult{Status: s(dtsapi.CheckStatusRunning), StepCount: n(4), StepCur: n(3), Progress: n(50),
		StepInfos: []*dtsapi.StepInfo{syncStep("ConnectDBCheck", "finished", 100), syncStep("ConstraintCheck", "skipped", 0),
			syncStep("VersionCheck", "running", 40), syncStep("ViewCheck", "notStarted", 0)}}
	if v := checkKind.View(r); v.Percent != 46 || v.Step != "VersionCheck" || v.StepNow != 3 || v.StepAll != 4 {
		t.Errorf("check: %d %% at %q, step %d of %d", v.Percent, v.Step, v.StepNow, v.StepAll)
	}
	r.StepInfos = nil
	if v := modifyCheckKind.View(&modifyCheck{Status: r.Status, Progress: r.Progress}); v.Percent != 50 {
		t.Errorf("a modify-check without steps: %d %%", v.Percent)
	}
}
