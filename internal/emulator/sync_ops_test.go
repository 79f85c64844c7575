package emulator

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// syncVerbActions are the operations of the Actions verbs, with valid
// parameters for a configured mysql→mysql job, and the OptObjStatus their
// row needs (set before the call, so that the status is what is tested).
var syncVerbActions = []struct {
	verb, action, optObj string
	params               func(id string) map[string]any
}{
	{"configure", "ConfigureSyncJob", "", func(id string) map[string]any { return syncRequest(id) }},
	{"check", "CreateCheckSyncJob", "", nil},
	{"start", "StartSyncJob", "", nil},
	{"stop", "StopSyncJob", "", nil},
	{"resume", "ResumeSyncJob", "", nil},
	{"pause", "PauseSyncJob", "", nil},
	{"continue", "ContinueSyncJob", "", nil},
	{"limitRate", "ModifySyncRateLimit", "", func(id string) map[string]any { return map[string]any{"JobId": id, "DumpThread": 4} }},
	{"resize", "ResizeSyncJob", "", func(id string) map[string]any { return map[string]any{"JobId": id, "NewInstanceClass": "large"} }},
	{"isolate", "IsolateSyncJob", "", nil},
	{"offline", "DestroySyncJob", "", nil},
	{"recover", "RecoverSyncJob", "", nil},
	{"configureOptObj", "ModifySyncJobConfig", "", modifyRequest},
	{"checkOptObj", "CreateModifyCheckSyncJob", optConfigured, nil},
	{"startOptObj", "StartModifySyncJob", optCheckPass, nil},
}

// modifyRequest is a valid ModifySyncJobConfig request adding a database.
func modifyRequest(id string) map[string]any {
	return map[string]any{"JobId": id,
		"DynamicObjects": map[string]any{"Mode": "Partial", "Databases": []map[string]any{
			{"DbName": "orders", "DbMode": "All"}, {"DbName": "billing", "DbMode": "All"}}},
		"DynamicOptions": map[string]any{"OpTypes": []string{"Insert", "Update", "Delete", "DDL"},
			"DdlOptions": []map[string]any{{"DdlObject": "Table", "DdlValue": []string{"Create", "Alter"}}}},
	}
}

// TestSyncActionsMatchTheOperations proves, for every status (in billing
// status Normal, and a sample of statuses in the other billing statuses a
// billed job passes through), that a verb is in Actions exactly when its
// operation succeeds, and that a refused operation answers
// FailedOperation.StatusInConflict and changes nothing.
func TestSyncActionsMatchTheOperations(t *testing.T) {
	sample := []string{syUnInitialized, syCheckNotPass, syRunning, syPaused, syResumableErr, syStopped}
	for _, tc := range []struct {
		trade    string
		statuses []string
	}{
		{syNormal, dtsapi.MustEnum("SyncJobInfo.Status").Values},
		{syIsolated, sample},
		{syResizing, sample},
		{syRenewing, sample},
		{syOfflining, sample},
		{syRecovering, sample},
	} {
		t.Run(tc.trade, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, Options{})
			for _, status := range tc.statuses {
				h.emu.Reset()
				for _, va := range syncVerbActions {
					id := h.buySync(nil)[0]
					checkSyncVerb(t, h, id, status, tc.trade, va.verb, va.action, va.optObj, va.params)
				}
			}
		})
	}
}

// checkSyncVerb checks one verb of job id in status/trade.
func checkSyncVerb(t *testing.T, h *harness, id, status, trade, verb, action, optObj string, params func(string) map[string]any) {
	t.Helper()
	h.mustCall("ConfigureSyncJob", syncRequest(id))
	h.forceSync(id, status, trade)
	if optObj != "" {
		h.mutateSync(id, func(j *syncJob) { j.Sub = optObj })
	}
	allowed := slices.Contains(ids(h.syncJob(id).Actions), verb)
	p := map[string]any{"JobId": id}
	if params != nil {
		p = params(id)
	}
	err := h.call(action, p)
	if allowed != (err == nil) {
		t.Errorf("%s/%s: verb %s allowed=%v, %s answered %v", status, trade, verb, allowed, action, err)
		return
	}
	if err == nil {
		return
	}
	if code := sdkCode(t, err); code != codeStatusInConflict {
		t.Errorf("%s/%s: %s answered %s, want %s", status, trade, action, code, codeStatusInConflict)
	}
	if st, tr, _ := h.syncStatus(id); st != status || tr != trade {
		t.Errorf("%s/%s: the refused %s moved the job to %s/%s", status, trade, action, st, tr)
	}
}

// TestSyncOperationsEnterTheirTransitionalStatusAtOnce proves that each
// operation's answer is already reflected by the next read, and where the
// job goes next.
func TestSyncOperationsEnterTheirTransitionalStatusAtOnce(t *testing.T) {
	h := newHarness(t, Options{})
	tests := []struct {
		action                 string
		from, fromTrade        string
		params                 map[string]any
		want, wantTrade        string
		after                  time.Duration
		thenWant, thenWantTrde string
	}{
		{"CreateCheckSyncJob", syInitialized, syNormal, nil, syChecking, syNormal, time.Duration(len(syncCheckSteps)) * durCheckStep, syCheckPass, syNormal},
		{"StartSyncJob", syCheckPass, syNormal, nil, syReadyRunning, syNormal, durSyncReadyRun, syRunning, syNormal},
		{"StopSyncJob", syRunning, syNormal, nil, syStopping, syNormal, durSyncStopping, syStopped, syNormal},
		{"PauseSyncJob", syRunning, syNormal, nil, syPausing, syNormal, durSyncPausing, syPaused, syNormal},
		{"ContinueSyncJob", syPaused, syNormal, nil, syResuming, syNormal, durSyncResuming, syRunning, syNormal},
		{"ResumeSyncJob", syResumableErr, syNormal, nil, syResuming, syNormal, durSyncResuming, syRunning, syNormal},
		{"IsolateSyncJob", syStopped, syNormal, nil, syStopped, syIsolating, durIsolating, syStopped, syIsolated},
		{"IsolateSyncJob", syRunning, syNormal, nil, syStopping, syIsolating, durSyncStopping, syStopped, syIsolated},
		{"RecoverSyncJob", syStopped, syIsolated, nil, syStopped, syRecovering, durRecovering, syStopped, syNormal},
		{"DestroySyncJob", syStopped, syIsolated, nil, syStopped, syOfflining, durOfflining, syReleased, syOfflined},
		{"ResizeSyncJob", syRunning, syNormal, map[string]any{"NewInstanceClass": "large"}, syRunning, syResizing, durSyncResizing, syRunning, syNormal},
		{"ConfigureSyncJob", syCheckNotPass, syNormal, syncRequest(""), syInitialized, syNormal, 0, syInitialized, syNormal},
	}
	for _, tt := range tests {
		t.Run(tt.action+"/"+tt.from, func(t *testing.T) {
			id := configuredSync(t, h, nil)
			h.forceSync(id, tt.from, tt.fromTrade)
			params := map[string]any{}
			for k, v := range tt.params {
				params[k] = v
			}
			params["JobId"] = id
			h.mustCall(tt.action, params)
			wantSync(t, h, id, tt.want, tt.wantTrade)
			h.emu.Advance(tt.after)
			wantSync(t, h, id, tt.thenWant, tt.thenWantTrde)
		})
	}
}

func TestSyncStepsAndProgressFollowTheClock(t *testing.T) {
	h := newHarness(t, Options{})
	id := checkedSync(t, h, map[string]any{})
	h.mustJobOp("StartSyncJob", id)
	j := h.syncJob(id)
	if d := j.Detail; *d.StepAll != 4 || *d.StepInfos[0].Status != stepNotStarted || *d.StepInfos[0].StartTime != "" {
		t.Fatalf("ReadyRunning: %s", mustJSON(t, d))
	}
	h.emu.Advance(durSyncReadyRun + durSchemaInit + durSyncDumper + durSyncLoader/2)
	// Pause during the import: the step reads paused and the job resumes
	// where it stopped.
	h.mustJobOp("PauseSyncJob", id)
	h.emu.Advance(durSyncPausing + time.Hour)
	j = h.syncJob(id)
	if d := j.Detail; *j.Status != syPaused || *d.StepNow != 3 || *d.StepInfos[2].Status != "paused" || *d.StepInfos[2].Progress != 50 {
		t.Fatalf("paused: %s", mustJSON(t, d))
	}
	h.mustJobOp("ContinueSyncJob", id)
	h.emu.Advance(durSyncResuming + durSyncLoader/2)
	j = h.syncJob(id)
	if d := j.Detail; *j.Status != syRunning || *d.StepNow != 4 || *d.SecondsBehindMaster != 250 {
		t.Fatalf("resumed: %s", mustJSON(t, d))
	}
	// The lag drains four seconds a second, then stays at 0–2 s.
	h.emu.Advance(50 * time.Second)
	if lag := *h.syncJob(id).Detail.SecondsBehindMaster; lag != 50 {
		t.Fatalf("lag after 50 s: %d", lag)
	}
	for range 5 {
		h.emu.Advance(47 * time.Second)
		if d := h.syncJob(id).Detail; *d.SecondsBehindMaster > 50 || *d.MasterSlaveDistance != *d.SecondsBehindMaster*syncBytesPerLagSecond {
			t.Fatalf("lag %d, distance %d", *d.SecondsBehindMaster, *d.MasterSlaveDistance)
		}
	}
	if lag := *h.syncJob(id).Detail.SecondsBehindMaster; lag > 2 {
		t.Fatalf("lag settled at %d", lag)
	}
}

func TestSyncIncrementOnlyRunSkipsTheLoad(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySync(nil)[0]
	req := syncRequest(id)
	req["Options"] = map[string]any{"InitType": "None"}
	h.mustCall("ConfigureSyncJob", req)
	h.mustJobOp("CreateCheckSyncJob", id)
	h.emu.Advance(time.Minute * 2)
	h.mustJobOp("StartSyncJob", id)
	h.emu.Advance(durSyncReadyRun + durSchemaInit)
	d := h.syncJob(id).Detail
	if *d.StepAll != 2 || *d.StepInfos[1].StepId != "sinker" || *d.StepInfos[1].Status != stepRunning || *d.SecondsBehindMaster != 10 {
		t.Fatalf("increment only: %s", mustJSON(t, d))
	}
}

func TestSyncTimedRunWaitsForExpectRunTime(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySync(nil)[0]
	at := h.emu.JobClock().Add(time.Hour)
	req := syncRequest(id)
	req["RunMode"], req["ExpectRunTime"] = "Timed", at.In(dtsapi.Beijing).Format(dtsapi.TimeLayout)
	h.mustCall("ConfigureSyncJob", req)
	h.mustJobOp("CreateCheckSyncJob", id)
	h.emu.Advance(2 * time.Minute)
	h.mustJobOp("StartSyncJob", id)
	h.emu.Advance(50 * time.Minute)
	wantSync(t, h, id, syReadyRunning, "")
	h.emu.Advance(10 * time.Minute)
	wantSync(t, h, id, syRunning, "")
	if j := h.syncJob(id); *j.RunMode != "Timed" || !strings.HasPrefix(*j.ExpectRunTime, at.In(dtsapi.Beijing).Format("2006-01-02")) {
		t.Fatalf("run mode %s at %s", *j.RunMode, *j.ExpectRunTime)
	}
}
