package migration

import (
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func step(id, status string, percent uint64) *dtsapi.StepDetailInfo {
	return &dtsapi.StepDetailInfo{StepId: &id, StepName: &id, Status: &status, Percent: &percent}
}

// The view reports the progress of the work of the job's status: the check
// while checking (skipped steps do not run), the full load while running
// (not the incremental step), nothing otherwise.
func TestViewProgress(t *testing.T) {
	check := &dtsapi.CheckStepInfo{Progress: &dtsapi.ProcessProgress{StepAll: ptrU(3), StepNow: ptrU(2),
		Steps: []*dtsapi.StepDetailInfo{step("ConnectDBCheck", "finished", 100), step("ConstraintCheck", "skipped", 0),
			step("VersionCheck", "running", 50), step("ViewCheck", "notStarted", 0)}}}
	load := &dtsapi.MigrateDetailInfo{StepAll: ptrU(3), StepNow: ptrU(2),
		StepInfo: []*dtsapi.StepDetailInfo{step("dumper", "finished", 100), step("loader", "running", 40), step("sinker", "notStarted", 0)}}
	for i, s := range load.StepInfo {
		s.StepNo = ptrU(uint64(i + 1))
	}
	for _, tc := range []struct {
		status           string
		percent          int64
		stepNow, stepAll int64
		step             string
	}{
		{stChecking, 50, 2, 3, "VersionCheck"},
		{stRunning, 70, 2, 2, "loader"},
		{stReadyComplete, -1, 0, 0, "loader"},
		{stStopping, -1, 0, 0, "loader"},
	} {
		d := &detail{Status: ptrS(tc.status), CheckStepInfo: check, StepInfo: load}
		v := view(d)
		if v.Percent != tc.percent || v.StepNow != tc.stepNow || v.StepAll != tc.stepAll || v.Step != tc.step {
			t.Errorf("%s: percent %d, step %d of %d (%q); want %d, %d of %d (%q)", tc.status, v.Percent, v.StepNow, v.StepAll,
				v.Step, tc.percent, tc.stepNow, tc.stepAll, tc.step)
		}
	}
	if v := view(&detail{Status: ptrS(stChecking)}); v.Percent != -1 {
		t.Errorf("a check that reports nothing: %d %%", v.Percent)
	}
}

func ptrU(v uint64) *uint64 { return &v }
func ptrS(v string) *string { return &v }
