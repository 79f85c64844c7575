package emulator

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// TestSyncPurchaseRules covers CreateSyncJob's rules and what a purchase
// reads back.
func TestSyncPurchaseRules(t *testing.T) {
	h := newHarness(t, Options{})
	for _, tt := range []struct {
		params map[string]any
		code   string
		path   string
	}{
		{map[string]any{"DstRegion": "ap-shanghai"}, codeInvalidParameterValue, "DstRegion"},
		{map[string]any{"SrcRegion": "Mars"}, codeInvalidParameterValue, "SrcRegion"},
		{map[string]any{"PayMode": "Monthly"}, codeInvalidParameterValue, "PayMode"},
		{map[string]any{"PayMode": nil}, codeMissingParameter, "PayMode"},
		{map[string]any{"Count": 11}, codeInvalidParameterValue, "Count"},
		{map[string]any{"Count": 0}, codeInvalidParameterValue, "Count"},
		{map[string]any{"InstanceClass": "xlarge"}, codeInvalidParameterValue, "InstanceClass"},
		{map[string]any{"Specification": "Premium"}, codeInvalidParameterValue, "Specification"},
		{map[string]any{"PayMode": "PrePay", "TimeSpan": 101}, codeInvalidParameterValue, "TimeSpan"},
		{map[string]any{"PayMode": "PrePay", "AutoRenew": 2}, codeInvalidParameterValue, "AutoRenew"},
		{map[string]any{"SrcDatabaseType": "kafka"}, codeInvalidParameterValue, "SrcDatabaseType"},
		{map[string]any{"DstDatabaseType": "tdstore", "InstanceClass": "large"}, codeInvalidParameterValue, "InstanceClass"},
		{map[string]any{"JobName": strings.Repeat("x", 129)}, codeInvalidParameterValue, "JobName"},
		{map[string]any{"Tags": []map[string]string{{"TagKey": "a"}, {"TagKey": "a"}}}, codeInvalidParameterValue, "Tags"},
	} {
		p := map[string]any{"PayMode": "PostPay", "SrcDatabaseType": "mysql", "DstDatabaseType": "mysql",
			"SrcRegion": testRegion, "DstRegion": testRegion}
		for k, v := range tt.params {
			if v == nil {
				delete(p, k)
			} else {
				p[k] = v
			}
		}
		if msg := wantCode(t, h.call("CreateSyncJob", p), tt.code); !strings.Contains(msg, tt.path) {
			t.Errorf("%v: message %q does not name %s", tt.params, msg, tt.path)
		}
	}
	if n := len(h.emu.Jobs("")); n != 0 {
		t.Fatalf("a refused purchase bought %d jobs", n)
	}
	// The sample's purchase (TimeSpan, Specification, ExistedJobId), three at once.
	got := h.buySync(map[string]any{"PayMode": "PrePay", "TimeSpan": 3, "AutoRenew": 1, "Specification": "Standard",
		"ExistedJobId": "sync-xascasas", "Count": 3, "InstanceClass": nil})
	if len(got) != 3 {
		t.Fatalf("bought %v", got)
	}
	j := h.syncJob(got[0])
	expire := h.emu.JobClock().AddDate(0, 3, 0).In(dtsapi.Beijing).Format(dtsapi.TimeLayout)
	// medium, same type and region: a free link, never billed.
	if *j.PayMode != "PrePay" || *j.InstanceClass != "medium" || *j.TradeStatus != syNotBilled || *j.Specification != "Standard" ||
		*j.ExpireTime != dtsapi.ZeroTime || *j.AutoRenew != 1 {
		t.Fatalf("free prepaid job: %s", mustJSON(t, j))
	}
	billed := h.buySync(map[string]any{"PayMode": "PrePay", "TimeSpan": 3})[0]
	if j = h.syncJob(billed); *j.TradeStatus != syNormal || *j.ExpireTime != expire || *j.AutoRenew != 0 {
		t.Fatalf("billed prepaid job: %s (want expiry %s)", mustJSON(t, j), expire)
	}
	post := h.buySync(map[string]any{"AutoRenew": 1, "TimeSpan": 500})[0] // meaningless for PostPay
	if j = h.syncJob(post); *j.AutoRenew != 0 || *j.ExpireTime != dtsapi.ZeroTime {
		t.Fatalf("postpaid job: %s", mustJSON(t, j))
	}
}

// TestSyncPayModeRules: resize and recover are for billed pay-as-you-go
// jobs (OperationDenied otherwise), a free job is deleted by isolation, a
// prepaid job renews or is isolated at its expiry, an isolation for
// arrears cannot be recovered.
func TestSyncPayModeRules(t *testing.T) {
	h := newHarness(t, Options{})
	pre := configuredSync(t, h, map[string]any{"PayMode": "PrePay"})
	free := configuredSync(t, h, map[string]any{"InstanceClass": "medium"})
	post := configuredSync(t, h, nil)
	resize := func(id string) error {
		return h.call("ResizeSyncJob", map[string]any{"JobId": id, "NewInstanceClass": "large"})
	}
	wantCode(t, resize(pre), codeOperationDenied)
	wantCode(t, resize(free), codeOperationDenied)
	h.forceSync(free, syRunning, "")
	wantCode(t, resize(free), codeOperationDenied) // before the status
	if err := resize(post); err != nil {
		t.Fatal(err)
	}
	if j := h.syncJob(post); *j.TradeStatus != syResizing || *j.InstanceClass != "small" {
		t.Fatalf("resizing: %s %s", *j.TradeStatus, *j.InstanceClass)
	}
	h.emu.Advance(durSyncResizing)
	if j := h.syncJob(post); *j.TradeStatus != syNormal || *j.InstanceClass != "large" {
		t.Fatalf("resized: %s %s", *j.TradeStatus, *j.InstanceClass)
	}
	wantCode(t, h.call("ResizeSyncJob", map[string]any{"JobId": post, "NewInstanceClass": "xlarge"}), codeInvalidParameterValue)

	// A free job: isolation deletes it.
	h.mustJobOp("IsolateSyncJob", free)
	wantCode(t, h.jobOp("RecoverSyncJob", free), codeResourceNotFound)
	if slices.Contains(jobIDs(h.emu.Jobs("")), free) {
		t.Fatal("the free job is still there")
	}

	// A prepaid job isolated by hand cannot be recovered: destroy it.
	h.mustJobOp("IsolateSyncJob", pre)
	h.emu.Advance(durIsolating)
	if got := ids(h.syncJob(pre).Actions); slices.Contains(got, "recover") || !slices.Contains(got, "offline") {
		t.Fatalf("Actions of an isolated prepaid job: %v", got)
	}
	wantCode(t, h.jobOp("RecoverSyncJob", pre), codeOperationDenied)
	// A pay-as-you-go job isolated for arrears either.
	if err := h.emu.Isolate(testRegion, post, IsolationOverdue); err != nil {
		t.Fatal(err)
	}
	wantSync(t, h, post, "", syIsolated)
	wantCode(t, h.jobOp("RecoverSyncJob", post), codeOperationDenied)
	// By hand, it can.
	manual := configuredSync(t, h, nil)
	h.mustJobOp("IsolateSyncJob", manual)
	h.emu.Advance(durIsolating)
	h.mustJobOp("RecoverSyncJob", manual)
	wantSync(t, h, manual, syInitialized, syRecovering)
	h.emu.Advance(durRecovering)
	wantSync(t, h, manual, syInitialized, syNormal)
	if err := h.emu.Isolate(testRegion, free, IsolationOverdue); err == nil {
		t.Fatal("isolated a deleted job")
	}
}

func jobIDs(list []JobSummary) []string {
	out := make([]string, len(list))
	for i, j := range list {
		out[i] = j.JobID
	}
	return out
}

// TestSyncPrepaidExpiry: at ExpireTime a prepaid job with AutoRenew renews
// for a month; one without is isolated (a running job stops) and cannot be
// recovered.
func TestSyncPrepaidExpiry(t *testing.T) {
	h := newHarness(t, Options{})
	renews := h.buySync(map[string]any{"PayMode": "PrePay", "AutoRenew": 1})[0]
	lapses := runningSync(t, h, map[string]any{"PayMode": "PrePay"})
	expiry := h.syncJob(renews).ExpireTime
	h.emu.Advance(32 * 24 * time.Hour)
	j := h.syncJob(renews)
	if *j.TradeStatus != syNormal || *j.ExpireTime <= *expiry {
		t.Fatalf("renewed: %s, expiry %s (was %s)", *j.TradeStatus, *j.ExpireTime, *expiry)
	}
	wantSync(t, h, lapses, syStopped, syIsolated)
	wantCode(t, h.jobOp("RecoverSyncJob", lapses), codeOperationDenied)
}

// TestSyncReset: ResetSyncJob resets an ended (Stopped) prepaid
// MySQL-family link: Resetting, then UnInitialized with the same ID, and it
// can be configured and run again.
func TestSyncReset(t *testing.T) {
	h := newHarness(t, Options{})
	id := runningSync(t, h, map[string]any{"PayMode": "PrePay"})
	wantCode(t, h.jobOp("ResetSyncJob", id), codeStatusInConflict) // still running
	h.mustJobOp("StopSyncJob", id)
	h.emu.Advance(durSyncStopping)
	h.mustJobOp("ResetSyncJob", id)
	wantSync(t, h, id, syResetting, "")
	h.emu.Advance(durSyncResetting)
	j := h.syncJob(id)
	if *j.Status != syUnInitialized || *j.StartTime != dtsapi.ZeroTime || *j.EndTime != dtsapi.ZeroTime || len(j.Detail.StepInfos) != 0 ||
		*j.SrcInfo.InstanceId != srcInstance || slices.Contains(ids(j.Actions), "check") {
		t.Fatalf("reset: %s", mustJSON(t, j))
	}
	if r := h.syncCheck(id); *r.Status != "notStarted" {
		t.Fatalf("the check survived the reset: %s", *r.Status)
	}
	h.mustCall("ConfigureSyncJob", syncRequest(id))
	h.mustJobOp("CreateCheckSyncJob", id)
	h.emu.Advance(syncCheckTime)
	h.mustJobOp("StartSyncJob", id)
	h.emu.Advance(durSyncReadyRun)
	wantSync(t, h, id, syRunning, "")

	// Pay-as-you-go, or not MySQL-family: refused.
	for _, params := range []map[string]any{nil, {"PayMode": "PrePay", "SrcDatabaseType": "postgresql", "DstDatabaseType": "postgresql"},
		{"PayMode": "PrePay", "DstDatabaseType": "kafka"}} {
		other := h.buySync(params)[0]
		h.forceSync(other, syStopped, "")
		if got := ids(h.syncJob(other).Actions); len(got) == 0 {
			t.Fatal("no actions")
		}
		wantCode(t, h.jobOp("ResetSyncJob", other), codeOperationDenied)
	}
	wantCode(t, h.jobOp("ResetSyncJob", "sync-nothere0"), codeResourceNotFound)
}

// TestSyncResetAndSkipInEveryStatus: ResetSyncJob (no verb) is allowed in
// Stopped only, SkipSyncCheckItem in CheckNotPass only; elsewhere they answer
// FailedOperation.StatusInConflict and change nothing.
func TestSyncResetAndSkipInEveryStatus(t *testing.T) {
	h := newHarness(t, Options{})
	for _, status := range dtsapi.MustEnum("SyncJobInfo.Status").Values {
		reset := configuredSync(t, h, map[string]any{"PayMode": "PrePay"})
		skip := configuredSync(t, h, nil)
		h.forceSync(reset, status, "")
		h.forceSync(skip, status, "")
		for _, c := range []struct {
			id, action, allowedIn string
			params                map[string]any
		}{
			{reset, "ResetSyncJob", syStopped, map[string]any{"JobId": reset}},
			{skip, "SkipSyncCheckItem", syCheckNotPass, map[string]any{"JobId": skip, "StepIds": []string{failingCheckStep}}},
		} {
			err := h.call(c.action, c.params)
			if status == c.allowedIn {
				if err != nil {
					t.Errorf("%s at %s: %v", c.action, status, err)
				}
				continue
			}
			if code := sdkCode(t, err); code != codeStatusInConflict {
				t.Errorf("%s at %s: %v, want %s", c.action, status, err, codeStatusInConflict)
			}
			wantSync(t, h, c.id, status, "")
		}
	}
}
