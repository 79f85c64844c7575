package emulator

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

const syncCheckTime = time.Duration(14) * durCheckStep

func (h *harness) syncCheck(id string) *dtsapi.DescribeCheckSyncJobResultResponse {
	h.t.Helper()
	var r dtsapi.DescribeCheckSyncJobResultResponse
	h.mustDTS("DescribeCheckSyncJobResult", map[string]any{"JobId": id}, &r)
	return &r
}

func stepOf(infos []*dtsapi.StepInfo, id string) *dtsapi.StepInfo {
	for _, s := range infos {
		if *s.StepId == id {
			return s
		}
	}
	return nil
}

// TestSyncCheckProgressAndShape follows a check from notStarted to success
// in the shape of the sample: 14 steps numbered from 1, StepCur, Progress.
func TestSyncCheckProgressAndShape(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredSync(t, h, nil)
	if r := h.syncCheck(id); *r.Status != "notStarted" || *r.StepCount != 0 || len(r.StepInfos) != 0 {
		t.Fatalf("before any check: %s", mustJSON(t, r))
	}
	h.mustJobOp("CreateCheckSyncJob", id)
	h.emu.Advance(3*durCheckStep + durCheckStep/2)
	r := h.syncCheck(id)
	if *r.Status != "running" || *r.StepCount != 14 || *r.StepCur != 4 || *r.Progress != 21 ||
		*r.StepInfos[3].Status != stepRunning || *r.StepInfos[3].Progress != 50 || *r.StepInfos[2].Status != stepFinished ||
		*r.StepInfos[4].Status != stepNotStarted || *r.StepInfos[0].StepNo != 1 || *r.StepInfos[1].StepId != "OptimizeCheck" ||
		*r.StepInfos[13].StepId != "AdvancedStoreObjectCheck" {
		t.Fatalf("running: %s", mustJSON(t, r))
	}
	h.emu.Advance(syncCheckTime)
	wantSync(t, h, id, syCheckPass, "")
	if r = h.syncCheck(id); *r.Status != "success" || *r.StepCur != 14 || *r.Progress != 100 {
		t.Fatalf("done: %s", mustJSON(t, r))
	}
	wantCode(t, h.call("DescribeCheckSyncJobResult", map[string]any{}), codeMissingParameter)
}

// TestSyncCheckRules proves the shared deterministic rules: a .invalid host
// fails ConnectDBCheck (never skippable), an fk_ database fails
// ConstraintCheck (skippable), a root source account warns, the Outcome
// CheckFails fails DstEmptyCheck; a cdb instance not in the catalog is
// InvalidParameter.InstanceNotFound at check time.
func TestSyncCheckRules(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySync(nil)[0]
	req := syncRequest(id, "orders", "fk_billing")
	req["SrcInfo"] = map[string]any{"Ip": "db.invalid", "Port": 3306, "User": "root", "Password": "x"}
	req["SrcAccessType"] = "extranet"
	h.mustCall("ConfigureSyncJob", req)
	h.mustJobOp("CreateCheckSyncJob", id)
	h.emu.Advance(syncCheckTime)
	wantSync(t, h, id, syCheckNotPass, "")
	r := h.syncCheck(id)
	connect, constraint, priv := stepOf(r.StepInfos, "ConnectDBCheck"), stepOf(r.StepInfos, "ConstraintCheck"), stepOf(r.StepInfos, "SrcPrivilegeCheck")
	if *r.Status != "failed" || *connect.Status != stepFailed || len(connect.Errors) != 1 || *connect.Errors[0].SkipInfo != "" ||
		!strings.Contains(*connect.Errors[0].Solution, "SrcInfo.Ip") || *constraint.Status != stepFailed ||
		*constraint.Errors[0].Code != "Error: ConstraintCheck" || *constraint.Errors[0].SkipInfo == "" ||
		*priv.Status != stepFinished || len(priv.Warnings) != 1 || *priv.Warnings[0].Code != "Warning: SrcPrivilegeCheck" {
		t.Fatalf("findings: %s", mustJSON(t, r))
	}
	wantCode(t, h.call("SkipSyncCheckItem", map[string]any{"JobId": id, "StepIds": []string{"ConnectDBCheck"}}), codeOperationDenied)
	wantCode(t, h.call("SkipSyncCheckItem", map[string]any{"JobId": id, "StepIds": []string{"ViewCheck"}}), codeInvalidParameterValue)
	wantCode(t, h.call("SkipSyncCheckItem", map[string]any{"JobId": id, "StepIds": []string{"NoSuchCheck"}}), codeInvalidParameterValue)
	h.mustCall("SkipSyncCheckItem", map[string]any{"JobId": id, "StepIds": []string{"ConstraintCheck"}})
	wantSync(t, h, id, syCheckNotPass, "")
	// Correct the host; the skipped step is not checked again.
	req["SrcInfo"] = map[string]any{"Ip": "db.example.com", "Port": 3306, "User": "root", "Password": "x"}
	h.mustCall("ConfigureSyncJob", req)
	h.mustJobOp("CreateCheckSyncJob", id)
	h.emu.Advance(syncCheckTime)
	wantSync(t, h, id, syCheckPass, "")
	if s := stepOf(h.syncCheck(id).StepInfos, "ConstraintCheck"); *s.Status != stepSkipped || *s.Warnings[0].Message != "skipped" {
		t.Fatalf("skipped step: %s", mustJSON(t, s))
	}

	// The Outcome CheckFails.
	scripted := configuredSync(t, h, nil)
	if err := h.emu.SetOutcome(testRegion, scripted, Outcome{CheckFails: true}); err != nil {
		t.Fatal(err)
	}
	h.mustJobOp("CreateCheckSyncJob", scripted)
	h.emu.Advance(syncCheckTime)
	wantSync(t, h, scripted, syCheckNotPass, "")
	if s := stepOf(h.syncCheck(scripted).StepInfos, failingCheckStep); *s.Status != stepFailed {
		t.Fatalf("scripted failure: %s", mustJSON(t, s))
	}

	// An instance the catalog does not have.
	missing := h.buySync(nil)[0]
	req = syncRequest(missing)
	req["DstInfo"] = syncEndpoint("cdb-my9999")
	h.mustCall("ConfigureSyncJob", req)
	if msg := wantCode(t, h.jobOp("CreateCheckSyncJob", missing), codeInstanceNotFound); !strings.Contains(msg, "DstInfo.InstanceId") {
		t.Fatalf("message %q", msg)
	}
	wantSync(t, h, missing, syInitialized, "")
	wantCode(t, h.call("SkipSyncCheckItem", map[string]any{"JobId": missing, "StepIds": []string{"ConstraintCheck"}}), codeStatusInConflict)
}

func (h *harness) modifyCheck(id string) *dtsapi.DescribeModifyCheckSyncJobResultResponse {
	h.t.Helper()
	var r dtsapi.DescribeModifyCheckSyncJobResultResponse
	h.mustDTS("DescribeModifyCheckSyncJobResult", map[string]any{"JobId": id}, &r)
	return &r
}

// TestSyncObjectModification drives the four-call flow on a Running job:
// ModifySyncJobConfig stores a pending change (OptObjStatus Configured),
// CreateModifyCheckSyncJob checks it (Checking, 15 steps),
// StartModifySyncJob applies it (Modifying, then Normal). Status stays
// Running throughout.
func TestSyncObjectModification(t *testing.T) {
	h := newHarness(t, Options{})
	id := runningSync(t, h, nil)
	if r := h.modifyCheck(id); *r.Status != "notStarted" {
		t.Fatalf("before: %s", mustJSON(t, r))
	}
	wantCode(t, h.jobOp("CreateModifyCheckSyncJob", id), codeStatusInConflict) // nothing pending
	h.mustCall("ModifySyncJobConfig", modifyRequest(id))
	st, _, opt := h.syncStatus(id)
	if st != syRunning || opt != optConfigured || len(h.syncJob(id).Objects.Databases) != 1 {
		t.Fatalf("configured: %s/%s", st, opt)
	}
	if got := ids(h.syncJob(id).Actions); !slices.Contains(got, "checkOptObj") || slices.Contains(got, "startOptObj") {
		t.Fatalf("Actions %v", got)
	}
	wantCode(t, h.jobOp("StartModifySyncJob", id), codeStatusInConflict) // not checked
	h.mustJobOp("CreateModifyCheckSyncJob", id)
	h.emu.Advance(7 * durCheckStep)
	r := h.modifyCheck(id)
	if _, _, opt = h.syncStatus(id); opt != optChecking || *r.Status != "running" || *r.StepCount != 15 || *r.StepCur != 8 ||
		*r.StepInfos[14].StepId != "ModifyConfigCheck" {
		t.Fatalf("checking (%s): %s", opt, mustJSON(t, r))
	}
	wantCode(t, h.call("ModifySyncJobConfig", modifyRequest(id)), codeStatusInConflict) // while checking
	h.emu.Advance(8 * durCheckStep)
	if _, _, opt = h.syncStatus(id); opt != optCheckPass || *h.modifyCheck(id).Status != "success" {
		t.Fatalf("checked: %s", opt)
	}
	h.mustJobOp("StartModifySyncJob", id)
	if st, _, opt = h.syncStatus(id); st != syRunning || opt != optModifying {
		t.Fatalf("starting: %s/%s", st, opt)
	}
	wantCode(t, h.call("ModifySyncJobConfig", modifyRequest(id)), codeStatusInConflict) // while modifying
	h.emu.Advance(durModifying)
	j := h.syncJob(id)
	if *j.Status != syRunning || *j.OptObjStatus != optNormal || len(j.Objects.Databases) != 2 || len(j.Options.OpTypes) != 4 ||
		*j.Options.DdlOptions[0].DdlObject != "Table" || *j.Options.InitType != "Full" {
		t.Fatalf("applied: %s", mustJSON(t, j))
	}
}

// TestSyncFailedModifyCheck: a modify-check that fails (a new database
// named fk_…) leaves the job running with its old objects; a new
// ModifySyncJobConfig replaces the pending change, which then passes.
func TestSyncFailedModifyCheck(t *testing.T) {
	h := newHarness(t, Options{})
	id := runningSync(t, h, nil)
	bad := with(modifyRequest(id), "DynamicObjects.Databases.1.DbName", "fk_billing")
	h.mustCall("ModifySyncJobConfig", bad)
	h.mustJobOp("CreateModifyCheckSyncJob", id)
	h.emu.Advance(durModifyCheck())
	r := h.modifyCheck(id)
	if _, _, opt := h.syncStatus(id); opt != optCheckNotPass || *r.Status != "failed" ||
		*stepOf(r.StepInfos, "ConstraintCheck").Status != stepFailed || *stepOf(r.StepInfos, "ConstraintCheck").Errors[0].SkipInfo != "" {
		t.Fatalf("failed modify-check (%s): %s", opt, mustJSON(t, r))
	}
	wantCode(t, h.jobOp("StartModifySyncJob", id), codeStatusInConflict)
	j := h.syncJob(id)
	if *j.Status != syRunning || len(j.Objects.Databases) != 1 || !slices.Contains(ids(j.Actions), "configureOptObj") {
		t.Fatalf("after the failed check: %s", mustJSON(t, j))
	}
	// Replace the pending change: the last modify-check is forgotten.
	h.mustCall("ModifySyncJobConfig", modifyRequest(id))
	if _, _, opt := h.syncStatus(id); opt != optConfigured || *h.modifyCheck(id).Status != "notStarted" {
		t.Fatalf("replaced: %s", opt)
	}
	h.mustJobOp("CreateModifyCheckSyncJob", id)
	h.emu.Advance(durModifyCheck())
	h.mustJobOp("StartModifySyncJob", id)
	h.emu.Advance(durModifying)
	if j = h.syncJob(id); *j.OptObjStatus != optNormal || *j.Objects.Databases[1].DbName != "billing" {
		t.Fatalf("applied: %s", mustJSON(t, j.Objects))
	}
}

// TestSyncModifyConfigRules covers the rules of ModifySyncJobConfig.
func TestSyncModifyConfigRules(t *testing.T) {
	h := newHarness(t, Options{})
	id := runningSync(t, h, nil)
	ok := modifyRequest(id)
	tests := []struct {
		name       string
		req        map[string]any
		code, path string
	}{
		{"a change is needed", map[string]any{"JobId": id}, codeMissingParameter, "DynamicObjects"},
		{"OpTypes are required", with(ok, "DynamicOptions.OpTypes", nil), codeMissingParameter, "DynamicOptions.OpTypes"},
		{"DdlOptions are required", with(ok, "DynamicOptions.DdlOptions", nil), codeMissingParameter, "DynamicOptions.DdlOptions"},
		{"partial columns are refused", with(ok, "DynamicObjects.Databases.0", map[string]any{"DbName": "orders", "DbMode": "Partial",
			"TableMode": "Partial", "Tables": []map[string]any{{"TableName": "t", "ColumnMode": "Partial", "Columns": []map[string]any{{"ColumnName": "c"}}}}}),
			codeInvalidParameterValue, "DynamicObjects.Databases.0.Tables.0.ColumnMode"},
		{"InitType is not dynamic", with(ok, "DynamicOptions.InitType", "None"), codeUnknownParameter, "DynamicOptions.InitType"},
		{"AddAdditionalColumn is not dynamic", with(ok, "DynamicOptions.AddAdditionalColumn", true), codeUnknownParameter, "DynamicOptions.AddAdditionalColumn"},
		{"StartPosition for increment-only kafka jobs", with(ok, "DynamicOptions.StartPosition", "2023-12-20T19:24:23+08:00"),
			codeInvalidParameterValue, "DynamicOptions.StartPosition"},
		{"OpTypes need a DML", with(ok, "DynamicOptions.OpTypes", []string{"DDL"}), codeInvalidParameterValue, "DynamicOptions.OpTypes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if msg := wantCode(t, h.call("ModifySyncJobConfig", tt.req), tt.code); !strings.Contains(msg, tt.path) {
				t.Errorf("message %q does not name %s", msg, tt.path)
			}
		})
	}
	if _, _, opt := h.syncStatus(id); opt != optNormal {
		t.Fatalf("a refused change is pending: %s", opt)
	}
	// The sample's request (DdlOptions with empty values, ConflictHandleOption {}).
	h.mustCall("ModifySyncJobConfig", map[string]any{"JobId": id,
		"DynamicObjects": map[string]any{"Mode": "Partial", "Databases": []map[string]any{{"DbName": "db1", "DbMode": "All", "TableMode": "All", "ViewMode": "All"}}},
		"DynamicOptions": map[string]any{"ConflictHandleOption": map[string]any{}, "ConflictHandleType": "ReportError",
			"DdlOptions": []map[string]any{{"DdlObject": "Database", "DdlValue": []string{}}, {"DdlObject": "Table", "DdlValue": []string{}}},
			"OpTypes":    []string{"Insert", "Update", "Delete", "DDL"}}})
	// Not running: refused.
	other := checkedSync(t, h, nil)
	wantCode(t, h.call("ModifySyncJobConfig", modifyRequest(other)), codeStatusInConflict)
	wantCode(t, h.call("ModifySyncJobConfig", modifyRequest("sync-nothere0")), codeGenericNotFound)
}
