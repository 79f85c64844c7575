package emulator

import (
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Helpers of the sync tests, over the SDK harness (helpers_test.go).

// buySync buys sync jobs (mysql→mysql in the test region, pay-as-you-go,
// class small: billed) with params overriding the defaults.
func (h *harness) buySync(params map[string]any) []string {
	h.t.Helper()
	return buy(h, "CreateSyncJob", map[string]any{
		"PayMode": "PostPay", "SrcDatabaseType": "mysql", "DstDatabaseType": "mysql",
		"SrcRegion": testRegion, "DstRegion": testRegion, "InstanceClass": "small",
	}, params, func(r *dtsapi.CreateSyncJobResponse) []*string { return r.JobIds })
}

// syncEndpoint is a single-node endpoint of a catalog MySQL instance.
func syncEndpoint(instance string) map[string]any {
	return map[string]any{"Region": testRegion, "InstanceId": instance, "User": "dts_user", "Password": "Secret-Pa55"}
}

// syncRequest is a minimal valid ConfigureSyncJob request for a mysql→mysql
// job between two catalog instances, syncing the databases dbs.
func syncRequest(id string, dbs ...string) map[string]any {
	if len(dbs) == 0 {
		dbs = []string{"orders"}
	}
	var databases []map[string]any
	for _, db := range dbs {
		databases = append(databases, map[string]any{"DbName": db, "DbMode": "All"})
	}
	return map[string]any{
		"JobId": id, "SrcAccessType": "cdb", "DstAccessType": "cdb",
		"SrcInfo": syncEndpoint(srcInstance), "DstInfo": syncEndpoint(dstInstance),
		"Objects": map[string]any{"Mode": "Partial", "Databases": databases},
	}
}

// syncJobInfo reads one job through DescribeSyncJobs.
func (h *harness) syncJob(id string) *dtsapi.SyncJobInfo {
	h.t.Helper()
	var resp dtsapi.DescribeSyncJobsResponse
	h.mustDTS("DescribeSyncJobs", map[string]any{"JobId": id}, &resp)
	if len(resp.JobList) != 1 {
		h.t.Fatalf("DescribeSyncJobs %s: %d jobs", id, len(resp.JobList))
	}
	return resp.JobList[0]
}

// syncStatus reads a job's Status, TradeStatus and OptObjStatus.
func (h *harness) syncStatus(id string) (status, trade, opt string) {
	h.t.Helper()
	j := h.syncJob(id)
	return *j.Status, *j.TradeStatus, *j.OptObjStatus
}

// wantSync fails unless the job is in status and trade ("" skips one).
func wantSync(t *testing.T, h *harness, id, status, trade string) {
	t.Helper()
	st, tr, _ := h.syncStatus(id)
	if (status != "" && st != status) || (trade != "" && tr != trade) {
		t.Fatalf("job %s is %s/%s, want %s/%s", id, st, tr, status, trade)
	}
}

// configuredSync returns a billed pay-as-you-go job, configured
// (Initialized).
func configuredSync(t *testing.T, h *harness, params map[string]any) string {
	t.Helper()
	id := h.buySync(params)[0]
	h.mustCall("ConfigureSyncJob", syncRequest(id))
	return id
}

// checkedSync returns a configured job whose check passed (CheckPass).
func checkedSync(t *testing.T, h *harness, params map[string]any) string {
	t.Helper()
	id := configuredSync(t, h, params)
	h.mustJobOp("CreateCheckSyncJob", id)
	h.emu.Advance(time.Duration(len(syncCheckSteps)) * durCheckStep)
	wantSync(t, h, id, syCheckPass, "")
	return id
}

// runningSync returns a job in the incremental step (Running, sinker).
func runningSync(t *testing.T, h *harness, params map[string]any) string {
	t.Helper()
	id := checkedSync(t, h, params)
	h.mustJobOp("StartSyncJob", id)
	h.emu.Advance(durSyncReadyRun + durSchemaInit + durSyncDumper + durSyncLoader)
	wantSync(t, h, id, syRunning, "")
	return id
}

// forceSync puts a job into a status and trade status out of band.
func (h *harness) forceSync(id, status, trade string) {
	h.t.Helper()
	if err := h.emu.ForceStatus(testRegion, id, status, trade); err != nil {
		h.t.Fatal(err)
	}
}

// mutateSync changes a sync job's stored state in process.
func (h *harness) mutateSync(id string, f func(*syncJob)) {
	h.t.Helper()
	e := h.emu
	e.mu.Lock()
	j, ok := e.st.Jobs.region(syncKind, testRegion)[id]
	if ok {
		f(j.(*syncJob))
		e.dirty = true
	}
	e.mu.Unlock()
	if !ok {
		h.t.Fatalf("no sync job %s", id)
	}
}

func ids(list []*string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = *s
	}
	return out
}
