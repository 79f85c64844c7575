package emulator

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// TestSyncHappyPath drives a sync job through its life with the SDK: buy,
// configure, check, start, the initial load, the incremental step (which
// never ends), stop, isolate, destroy.
func TestSyncHappyPath(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySync(map[string]any{"JobName": "orders-sync", "Tags": []map[string]string{{"TagKey": "team", "TagValue": "db"}}})[0]
	if !strings.HasPrefix(id, "sync-") || len(id) != len("sync-")+8 {
		t.Fatalf("ID %s", id)
	}
	j := h.syncJob(id)
	if *j.Status != syUnInitialized || *j.TradeStatus != syNormal || *j.OptObjStatus != optNormal || *j.PayMode != "PostPay" ||
		*j.InstanceClass != "small" || *j.JobName != "orders-sync" || len(j.Tags) != 1 {
		t.Fatalf("bought: %s", mustJSON(t, j))
	}
	if got := ids(j.Actions); !slices.Equal(got, []string{"view", "configure", "resize", "isolate", "postPay2prePay"}) {
		t.Fatalf("Actions at UnInitialized: %v", got)
	}
	if got := ids(j.AllActions); !slices.Equal(got, syncVerbs) {
		t.Fatalf("AllActions %v", got)
	}

	h.mustCall("ConfigureSyncJob", syncRequest(id))
	wantSync(t, h, id, syInitialized, syNormal)
	h.mustJobOp("CreateCheckSyncJob", id)
	wantSync(t, h, id, syChecking, "")
	h.emu.Advance(time.Duration(len(syncCheckSteps)) * durCheckStep)
	var check dtsapi.DescribeCheckSyncJobResultResponse
	h.mustDTS("DescribeCheckSyncJobResult", map[string]any{"JobId": id}, &check)
	if *check.Status != "success" || *check.StepCount != 14 || *check.StepCur != 14 || *check.Progress != 100 || len(check.StepInfos) != 14 {
		t.Fatalf("check: %s", mustJSON(t, &check))
	}

	h.mustJobOp("StartSyncJob", id)
	wantSync(t, h, id, syReadyRunning, "")
	h.emu.Advance(durSyncReadyRun)
	j = h.syncJob(id)
	d := j.Detail
	if *j.Status != syRunning || *d.StepAll != 4 || *d.StepNow != 1 || *d.StepInfos[0].StepId != "schema-init" ||
		*d.StepInfos[0].Status != stepRunning || *j.StartTime == dtsapi.ZeroTime {
		t.Fatalf("started: %s", mustJSON(t, j))
	}
	h.emu.Advance(durSchemaInit + durSyncDumper/2)
	j = h.syncJob(id)
	if d = j.Detail; *d.StepNow != 2 || *d.Progress <= 0 || *d.Progress >= 100 || *d.CurrentStepProgress != 50 || *j.DumperResumeCtrl != "no" {
		t.Fatalf("exporting: %s", mustJSON(t, d))
	}
	h.emu.Advance(durSyncDumper/2 + durSyncLoader)
	j = h.syncJob(id)
	d = j.Detail
	if *j.Status != syRunning || *d.StepNow != 4 || *d.Progress != -1 || *d.CurrentStepProgress != 0 ||
		*d.StepInfos[3].Status != stepRunning || *d.StepInfos[2].Status != stepFinished || *d.StepInfos[0].Progress != -1 ||
		*d.SecondsBehindMaster != 250 || *j.DumperResumeCtrl != "yes" {
		t.Fatalf("incremental: %s", mustJSON(t, d))
	}
	want := []string{"view", "stop", "pause", "limitRate", "resize", "isolate", "postPay2prePay", "configureOptObj", "createCmpTask"}
	if got := ids(j.Actions); !slices.Equal(got, want) {
		t.Fatalf("Actions at Running: %v, want %v", got, want)
	}
	// The incremental step never ends; the lag settles.
	h.emu.Advance(24 * time.Hour)
	j = h.syncJob(id)
	if *j.Status != syRunning || *j.Detail.SecondsBehindMaster > 2 || *j.Detail.StepInfos[3].Status != stepRunning {
		t.Fatalf("a day later: %s", mustJSON(t, j.Detail))
	}

	h.mustJobOp("StopSyncJob", id)
	wantSync(t, h, id, syStopping, "")
	h.emu.Advance(durSyncStopping)
	if j = h.syncJob(id); *j.Status != syStopped || *j.EndTime == dtsapi.ZeroTime {
		t.Fatalf("stopped: %s %s", *j.Status, *j.EndTime)
	}
	h.mustJobOp("IsolateSyncJob", id)
	wantSync(t, h, id, syStopped, syIsolating)
	h.emu.Advance(durIsolating)
	wantSync(t, h, id, syStopped, syIsolated)
	h.mustJobOp("DestroySyncJob", id)
	wantSync(t, h, id, "", syOfflining)
	h.emu.Advance(durOfflining)
	if j = h.syncJob(id); *j.Status != syReleased || *j.TradeStatus != syOfflined || *j.OfflineTime == dtsapi.ZeroTime {
		t.Fatalf("destroyed: %s %s %s", *j.Status, *j.TradeStatus, *j.OfflineTime)
	}
	h.emu.Advance(durOfflined)
	var list dtsapi.DescribeSyncJobsResponse
	h.mustDTS("DescribeSyncJobs", map[string]any{"JobId": id}, &list)
	if *list.TotalCount != 0 {
		t.Fatalf("the destroyed job is still listed")
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
