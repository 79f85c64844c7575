package emulator

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func (h *harness) listSync(params map[string]any) ([]string, uint64) {
	h.t.Helper()
	var resp dtsapi.DescribeSyncJobsResponse
	h.mustDTS("DescribeSyncJobs", params, &resp)
	var out []string
	for _, j := range resp.JobList {
		out = append(out, *j.JobId)
	}
	return out, *resp.TotalCount
}

// TestDescribeSyncJobsFilters covers every filter of DescribeSyncJobs, the
// order and the paging.
func TestDescribeSyncJobsFilters(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.buySync(map[string]any{"JobName": "orders", "Tags": []map[string]string{{"TagKey": "env", "TagValue": "prod"}}})[0]
	h.emu.Advance(time.Second)
	b := h.buySync(map[string]any{"JobName": "orders-copy", "PayMode": "PrePay", "DstDatabaseType": "kafka",
		"Tags": []map[string]string{{"TagKey": "env", "TagValue": "test"}}})[0]
	h.emu.Advance(time.Second)
	c := configuredSync(t, h, nil)
	extranet := syncRequest(a)
	extranet["SrcAccessType"], extranet["SrcInfo"] = "extranet", map[string]any{"Ip": "192.168.7.21", "Port": 3306}
	h.mustCall("ConfigureSyncJob", extranet)
	h.mustCall("ConfigureSyncJob", with(syncRequest(c), "RunMode", "Immediate"))
	tests := []struct {
		params map[string]any
		want   []string
	}{
		{nil, []string{c, b, a}},
		{map[string]any{"OrderSeq": "ASC", "Order": "CreateTime"}, []string{a, b, c}},
		{map[string]any{"JobId": b}, []string{b}},
		{map[string]any{"JobId": "sync-nothere0"}, nil},
		{map[string]any{"JobIds": []string{a, c, "sync-nothere0"}}, []string{c, a}},
		{map[string]any{"JobName": "orders"}, []string{a}}, // the whole name, not a substring
		{map[string]any{"Status": []string{syInitialized}}, []string{c, a}},
		{map[string]any{"Status": []string{syUnInitialized, syRunning}}, []string{b}},
		{map[string]any{"RunMode": "Immediate"}, []string{c, a}},
		{map[string]any{"JobType": "mysql2kafka"}, []string{b}},
		{map[string]any{"PayMode": "PrePay"}, []string{b}},
		{map[string]any{"TagFilters": []map[string]any{{"TagKey": "env"}}}, []string{b, a}},
		{map[string]any{"TagFilters": []map[string]any{{"TagKey": "env", "TagValue": []string{"prod"}}}}, []string{a}},
		{map[string]any{"SrcInfoPattern": "192.168.7"}, []string{a}},
		{map[string]any{"SrcInfoPattern": "cdb-my00"}, []string{c}},
		{map[string]any{"DstInfoPattern": dstInstance}, []string{c, a}},
		{map[string]any{"Limit": 2}, []string{c, b}},
		{map[string]any{"Limit": 2, "Offset": 2}, []string{a}},
		{map[string]any{"Offset": 5}, nil},
	}
	for _, tt := range tests {
		got, total := h.listSync(tt.params)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%v: got %v, want %v", tt.params, got, tt.want)
		}
		if _, paged := tt.params["Limit"]; !paged && tt.params["Offset"] == nil && total != uint64(len(tt.want)) {
			t.Errorf("%v: TotalCount %d", tt.params, total)
		}
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("sync-%08d", i)
	}
	for _, bad := range []map[string]any{{"Limit": 0}, {"Limit": 101}, {"JobIds": many}, {"OrderSeq": "asc"},
		{"Order": "JobName"}, {"Status": []string{"running"}}, {"PayMode": "postpay"}} {
		wantCode(t, h.call("DescribeSyncJobs", bad), codeInvalidParameterValue)
	}
	// Jobs of other regions are never listed.
	raw, err := send(h.client(testID, testKey, "", "ap-shanghai"), dtsapi.Service, dtsapi.Version, "DescribeSyncJobs", nil)
	if err != nil || !strings.Contains(string(raw), `"TotalCount":0`) {
		t.Fatalf("other region: %s %v", raw, err)
	}
}

// TestSyncNotFoundCodes: each sync action answers its not-found code from
// error-codes.txt for an unknown job.
func TestSyncNotFoundCodes(t *testing.T) {
	h := newHarness(t, Options{})
	unknown := "sync-nothere0"
	params := map[string]map[string]any{
		"ConfigureSyncJob":    syncRequest(unknown),
		"SkipSyncCheckItem":   {"JobId": unknown, "StepIds": []string{"ConstraintCheck"}},
		"ResizeSyncJob":       {"JobId": unknown, "NewInstanceClass": "large"},
		"ModifySyncJobConfig": modifyRequest(unknown),
	}
	want := map[string]string{
		"DestroySyncJob": codeGenericNotFound, "ResumeSyncJob": codeGenericNotFound, "ResizeSyncJob": codeGenericNotFound,
		"ModifySyncJobConfig": codeGenericNotFound, "DescribeModifyCheckSyncJobResult": codeGenericNotFound,
	}
	for _, action := range syncActions {
		if action == "CreateSyncJob" || action == "DescribeSyncJobs" {
			continue
		}
		p, ok := params[action]
		if !ok {
			p = map[string]any{"JobId": unknown}
		}
		code, ok := want[action]
		if !ok {
			code = codeResourceNotFound
		}
		if msg := wantCode(t, h.call(action, p), code); !strings.Contains(msg, unknown) {
			t.Errorf("%s: message %q does not name the job", action, msg)
		}
	}
	// A migration job is not a sync job.
	mig := h.create(nil)[0]
	wantCode(t, h.jobOp("StartSyncJob", mig), codeResourceNotFound)
	wantCode(t, h.call("StartSyncJob", map[string]any{}), codeMissingParameter)
}

// syncActions are the 21 sync actions of the definition.
var syncActions = []string{"CreateSyncJob", "ConfigureSyncJob", "CreateCheckSyncJob", "DescribeCheckSyncJobResult",
	"SkipSyncCheckItem", "StartSyncJob", "StopSyncJob", "PauseSyncJob", "ContinueSyncJob", "ResumeSyncJob",
	"IsolateSyncJob", "RecoverSyncJob", "DestroySyncJob", "ResetSyncJob", "DescribeSyncJobs", "ResizeSyncJob",
	"ModifySyncJobConfig", "CreateModifyCheckSyncJob", "DescribeModifyCheckSyncJobResult", "StartModifySyncJob",
	"ModifySyncRateLimit"}

// TestSyncTablesAreConsistent checks the tables' invariants.
func TestSyncTablesAreConsistent(t *testing.T) {
	m := syncMachine
	for f, enum := range map[field]string{fieldStatus: "SyncJobInfo.Status", fieldTrade: "SyncJobInfo.TradeStatus", fieldSub: "SyncJobInfo.OptObjStatus"} {
		values := dtsapi.MustEnum(enum).Values
		if got := m.names(f); !slices.Equal(sorted(got), sorted(values)) {
			t.Errorf("%s: the machine has %v, the enum %v", f, got, values)
		}
	}
	checkTransitionalExits(t, m)
	rows := map[string]bool{}
	for _, r := range m.ops {
		if _, ok := dtsapi.Actions[r.Action]; !ok && r.Action != consolePostPay2PrePay {
			t.Errorf("operation %s is not an action of the definition", r.Action)
		}
		rows[r.Action] = true
	}
	reads := map[string]bool{"CreateSyncJob": true, "DescribeSyncJobs": true, "DescribeCheckSyncJobResult": true,
		"DescribeModifyCheckSyncJobResult": true}
	for _, a := range syncActions {
		if !reads[a] && !rows[a] {
			t.Errorf("sync action %s has no operation row", a)
		}
		if _, ok := dtsHandlers[a]; !ok {
			t.Errorf("sync action %s has no handler", a)
		}
	}
	if !slices.Equal(syncVerbs, ids(ptrs(dtsapi.MustEnum("SyncJobInfo.AllActions").Values))) {
		t.Errorf("verbs %v", syncVerbs)
	}
}

func sorted(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return out
}

// TestSyncOutcomes: scripted failures reach the failure paths. RunEnds
// ends the initial load in ResumableErr (a retry then succeeds), Failed or
// Unknown; ResumeFails makes a retry fail; StickIn keeps a status; the
// automatic retry of AutoRetryTimeRangeMinutes.
func TestSyncOutcomes(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetNewJobOutcome(Outcome{RunEnds: syResumableErr})
	id := checkedSync(t, h, nil)
	h.emu.SetNewJobOutcome(Outcome{})
	h.mustJobOp("StartSyncJob", id)
	h.emu.Advance(durSyncReadyRun + durSchemaInit + durSyncDumper + durSyncLoader)
	j := h.syncJob(id)
	d := j.Detail
	if *j.Status != syResumableErr || *d.ErrInfo.Reason == "" || *d.StepInfos[3].Status != stepFailed || len(d.StepInfos[3].Errors) != 1 ||
		!slices.Equal(ids(j.Actions), []string{"view", "stop", "resume", "resize", "isolate", "postPay2prePay"}) {
		t.Fatalf("resumableErr: %s", mustJSON(t, j))
	}
	h.mustJobOp("ResumeSyncJob", id)
	h.emu.Advance(durSyncResuming)
	if j = h.syncJob(id); *j.Status != syRunning || *j.Detail.ErrInfo.Reason != "" || *j.Detail.StepInfos[3].Status != stepRunning {
		t.Fatalf("retried: %s", mustJSON(t, j.Detail))
	}

	for _, end := range []string{syFailed, syUnknown} {
		other := checkedSync(t, h, nil)
		if err := h.emu.SetOutcome(testRegion, other, Outcome{RunEnds: end}); err != nil {
			t.Fatal(err)
		}
		h.mustJobOp("StartSyncJob", other)
		h.emu.Advance(10 * time.Minute)
		wantSync(t, h, other, end, "")
	}
	if err := h.emu.SetOutcome(testRegion, id, Outcome{RunEnds: "error"}); err == nil {
		t.Fatal("RunEnds error accepted for a sync job")
	}

	// ResumeFails, and the automatic retry.
	retry := h.buySync(nil)[0]
	h.mustCall("ConfigureSyncJob", with(syncRequest(retry), "AutoRetryTimeRangeMinutes", 10))
	h.forceSync(retry, syResumableErr, "")
	if err := h.emu.SetOutcome(testRegion, retry, Outcome{ResumeFails: true}); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(durAutoRetry)
	wantSync(t, h, retry, syResuming, "")
	h.emu.Advance(durSyncResuming)
	wantSync(t, h, retry, syFailed, "")

	// StickIn: a check that never ends; operations still apply.
	stuck := configuredSync(t, h, nil)
	if err := h.emu.SetOutcome(testRegion, stuck, Outcome{StickIn: syChecking}); err != nil {
		t.Fatal(err)
	}
	h.mustJobOp("CreateCheckSyncJob", stuck)
	h.emu.Advance(time.Hour)
	r := h.syncCheck(stuck)
	if *r.Status != "running" || *r.StepInfos[13].Status != stepRunning || *r.StepInfos[13].Progress != 99 {
		t.Fatalf("stuck check: %s", mustJSON(t, r))
	}
	h.mustJobOp("IsolateSyncJob", stuck)
	h.emu.Advance(durIsolating)
	wantSync(t, h, stuck, syChecking, syIsolated)
	// A paused job fails after 7 days.
	paused := runningSync(t, h, nil)
	h.mustJobOp("PauseSyncJob", paused)
	h.emu.Advance(durSyncPausing + durPausedKept)
	wantSync(t, h, paused, syFailed, "")
}

// TestSyncAdministration: ForceStatus, HoldJob and persistence serve sync
// jobs; step mode moves a sync job one step per read.
func TestSyncAdministration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: path})
	id := runningSync(t, h, nil)
	if err := h.emu.ForceStatus(testRegion, id, "Sleeping", ""); err == nil {
		t.Fatal("unknown status forced")
	}
	if err := h.emu.HoldJob(testRegion, id, true); err != nil {
		t.Fatal(err)
	}
	h.mustJobOp("PauseSyncJob", id)
	h.emu.Advance(time.Hour)
	wantSync(t, h, id, syPausing, "")
	if err := h.emu.HoldJob(testRegion, id, false); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(durSyncPausing)
	wantSync(t, h, id, syPaused, "")
	var sum *JobSummary
	for _, s := range h.emu.Jobs(testRegion) {
		if s.JobID == id {
			sum = &s
		}
	}
	if sum == nil || sum.Kind != "sync" || !sum.Billed || sum.Status != syPaused {
		t.Fatalf("summary %+v", sum)
	}
	if err := h.emu.Close(); err != nil { // saves, and releases the state file's lock
		t.Fatal(err)
	}
	again := newHarness(t, Options{StateFile: path})
	if j := again.syncJob(id); *j.Status != syPaused || *j.Detail.StepNow != 4 || *j.Objects.Databases[0].DbName != "orders" {
		t.Fatalf("reloaded: %s", mustJSON(t, j))
	}
	if err := again.emu.DeleteJob(testRegion, id); err != nil || !errors.Is(again.emu.HoldJob(testRegion, id, true), ErrJobNotFound) {
		t.Fatalf("delete: %v", err)
	}

	// Step mode: every read moves the job one step.
	s := newHarness(t, Options{Mode: ModeStep})
	sid := s.buySync(nil)[0]
	s.mustCall("ConfigureSyncJob", syncRequest(sid))
	s.mustJobOp("CreateCheckSyncJob", sid)
	for i := range 14 {
		if r := s.syncCheck(sid); *r.Status != "running" || *r.StepCur != uint64(i+1) {
			t.Fatalf("read %d: %s", i, mustJSON(t, r))
		}
	}
	if r := s.syncCheck(sid); *r.Status != "success" {
		t.Fatalf("after 14 reads: %s", *r.Status)
	}
	s.mustJobOp("StartSyncJob", sid)
	var seen []string
	for range 6 {
		j := s.syncJob(sid)
		seen = append(seen, *j.Status+"/"+*j.Detail.StepInfos[*j.Detail.StepNow-1].StepId)
	}
	want := []string{"ReadyRunning/schema-init", "Running/schema-init", "Running/dumper", "Running/loader", "Running/sinker", "Running/sinker"}
	if !slices.Equal(seen, want) {
		t.Fatalf("step mode: %v, want %v", seen, want)
	}
	s.mustCall("ModifySyncJobConfig", modifyRequest(sid))
	s.mustJobOp("CreateModifyCheckSyncJob", sid)
	if r := s.modifyCheck(sid); *r.Status != "running" {
		t.Fatalf("modify-check: %s", *r.Status)
	}
	if r := s.modifyCheck(sid); *r.Status != "success" {
		t.Fatalf("modify-check after a read: %s", *r.Status)
	}
}
