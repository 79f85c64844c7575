package emulator

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// force puts a job into a status (and trade status) out of band.
func (h *harness) force(id, status, trade string) {
	h.t.Helper()
	if err := h.emu.ForceStatus(testRegion, id, status, trade); err != nil {
		h.t.Fatal(err)
	}
}

// configuredJob returns a billed, configured job at created.
func configuredJob(t *testing.T, h *harness, migrateType string) string {
	t.Helper()
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	h.configure(id, migrateType)
	return id
}

// verbActions are the operations of the AllowedAction verbs, with valid
// parameters for a configured MySQL job.
var verbActions = []struct {
	verb, action string
	params       func(id string) map[string]any
}{
	{"modify", "ModifyMigrationJob", func(id string) map[string]any { return config(id, "full") }},
	{"check", "CreateMigrateCheckJob", nil},
	{"start", "StartMigrateJob", nil},
	{"stop", "StopMigrateJob", nil},
	{"complete", "CompleteMigrateJob", nil},
	{"resume", "ResumeMigrateJob", nil},
	{"pause", "PauseMigrateJob", nil},
	{"continue", "ContinueMigrateJob", nil},
	{"isolate", "IsolateMigrateJob", nil},
	{"offline", "DestroyMigrateJob", nil},
	{"resize", "ModifyMigrateJobSpec", func(id string) map[string]any {
		return map[string]any{"JobId": id, "NewInstanceClass": "large"}
	}},
	{"recover", "RecoverMigrateJob", nil},
}

// TestAllowedActionMatchesTheOperations proves, for every job status (in
// billing status normal, and a sample of statuses in the other billing
// statuses a billed job stays in), that a verb is in AllowedAction exactly
// when its operation succeeds, and that a refused operation answers
// FailedOperation.StatusInConflict and changes nothing.
func TestAllowedActionMatchesTheOperations(t *testing.T) {
	sample := []string{stCreated, stCheckNotPass, stRunning, stReadyComplete, stError, stCanceled}
	for _, tc := range []struct {
		trade    string
		statuses []string
	}{
		{trNormal, dtsapi.MustEnum("JobItem.Status").Values},
		{trIsolated, sample},
		{trResizing, sample},
		{trOfflining, sample},
	} {
		t.Run(tc.trade, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, Options{})
			for _, status := range tc.statuses {
				h.emu.Reset()
				ids := h.create(map[string]any{"Count": len(verbActions)})
				h.emu.Advance(durCreating)
				for i, va := range verbActions {
					id := ids[i]
					h.configure(id, "fullAndIncrement")
					h.force(id, status, tc.trade)
					allowed := slices.Contains(h.allowed(id), va.verb)
					params := map[string]any{"JobId": id}
					if va.params != nil {
						params = va.params(id)
					}
					err := h.call(va.action, params)
					if allowed != (err == nil) {
						t.Errorf("%s/%s: verb %s allowed=%v, %s answered %v", status, tc.trade, va.verb, allowed, va.action, err)
						continue
					}
					if err != nil {
						if code := sdkCode(t, err); code != codeStatusInConflict {
							t.Errorf("%s/%s: %s answered %s, want %s", status, tc.trade, va.action, code, codeStatusInConflict)
						}
						if st, tr := h.status(id); st != status || tr != tc.trade {
							t.Errorf("%s/%s: the refused %s moved the job to %s/%s", status, tc.trade, va.action, st, tr)
						}
					}
				}
			}
		})
	}
}

// TestOperationsEnterTheirTransitionalStatusAtOnce proves that each
// operation's answer is already reflected by the next read.
func TestOperationsEnterTheirTransitionalStatusAtOnce(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	tests := []struct {
		action              string
		from, fromTrade     string
		params              map[string]any
		wantStatus, wantTrd string
	}{
		{"StartMigrateJob", stCheckPass, trNormal, nil, stReadyRun, trNormal},
		{"StopMigrateJob", stRunning, trNormal, nil, stStopping, trNormal},
		{"PauseMigrateJob", stRunning, trNormal, nil, stPausing, trNormal},
		{"ContinueMigrateJob", stManualPaused, trNormal, nil, stResuming, trNormal},
		{"ResumeMigrateJob", stError, trNormal, nil, stResuming, trNormal},
		{"CompleteMigrateJob", stReadyComplete, trNormal, nil, stCompleting, trNormal},
		{"CreateMigrateCheckJob", stCreated, trNormal, nil, stChecking, trNormal},
		{"IsolateMigrateJob", stSuccess, trNormal, nil, stSuccess, trIsolating},
		{"DestroyMigrateJob", stCanceled, trIsolated, nil, stCanceled, trOfflining},
		{"RecoverMigrateJob", stCanceled, trIsolated, nil, stCanceled, trNormal},
		{"ModifyMigrateJobSpec", stRunning, trNormal, map[string]any{"NewInstanceClass": "large"}, stRunning, trResizing},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			id := h.create(nil)[0]
			h.status(id) // creating → created
			h.configure(id, "fullAndIncrement")
			h.force(id, tt.from, tt.fromTrade)
			params := map[string]any{"JobId": id}
			for k, v := range tt.params {
				params[k] = v
			}
			h.mustCall(tt.action, params)
			wantStatus(t, h, id, tt.wantStatus, tt.wantTrd)
		})
	}
}

func TestStopFromEveryAllowedStatus(t *testing.T) {
	h := newHarness(t, Options{})
	allowed := []string{stReadyRun, stRunning, stReadyComplete, stManualPaused, stError, stResumableErr, stUnknown}
	for _, status := range dtsapi.MustEnum("JobItem.Status").Values {
		id := configuredJob(t, h, "fullAndIncrement")
		h.force(id, status, "")
		err := h.jobOp("StopMigrateJob", id)
		if !slices.Contains(allowed, status) {
			if code := sdkCode(t, err); code != codeStatusInConflict {
				t.Errorf("stop at %s: %v, want %s", status, err, codeStatusInConflict)
			}
			continue
		}
		if err != nil {
			t.Errorf("stop at %s: %v", status, err)
			continue
		}
		wantStatus(t, h, id, stStopping, trNormal)
		h.emu.Advance(durStopping)
		d := h.detail(id)
		if *d.Status != stCanceled || *d.EndTime == dtsapi.ZeroTime {
			t.Errorf("stopped from %s: %s, end %s", status, *d.Status, *d.EndTime)
		}
	}
}

func TestPauseAndContinueRefusals(t *testing.T) {
	h := newHarness(t, Options{})
	id := startedJob(t, h, "fullAndIncrement")
	wantCode(t, h.jobOp("ContinueMigrateJob", id), codeStatusInConflict)
	h.mustJobOp("PauseMigrateJob", id)
	wantStatus(t, h, id, stPausing, "")
	wantCode(t, h.jobOp("PauseMigrateJob", id), codeStatusInConflict)
	wantCode(t, h.jobOp("ContinueMigrateJob", id), codeStatusInConflict) // still pausing
	h.emu.Advance(durPausing)
	h.mustJobOp("ContinueMigrateJob", id)
	wantStatus(t, h, id, stResuming, "")
	h.emu.Advance(durResuming)
	wantStatus(t, h, id, stRunning, "")
}

func TestCompleteMode(t *testing.T) {
	h := newHarness(t, Options{})
	mysql := configuredJob(t, h, "fullAndIncrement")
	wantCode(t, h.call("CompleteMigrateJob", map[string]any{"JobId": mysql, "CompleteMode": "immediately"}), codeStatusInConflict)
	h.force(mysql, stReadyComplete, "")
	wantCode(t, h.call("CompleteMigrateJob", map[string]any{"JobId": mysql, "CompleteMode": "sometime"}), codeInvalidParameterValue)
	h.mustCall("CompleteMigrateJob", map[string]any{"JobId": mysql, "CompleteMode": "immediately"})
	wantStatus(t, h, mysql, stCompleting, "")
	h.emu.Advance(durCompleting)
	wantStatus(t, h, mysql, stSuccess, "")

	pg := h.create(map[string]any{"SrcDatabaseType": "postgresql", "DstDatabaseType": "postgresql"})[0]
	h.emu.Advance(durCreating)
	h.force(pg, stReadyComplete, "")
	msg := wantCode(t, h.call("CompleteMigrateJob", map[string]any{"JobId": pg, "CompleteMode": "waitForSync"}), codeInvalidParameterValue)
	if !strings.Contains(msg, "`CompleteMode`") {
		t.Fatalf("message %q does not name CompleteMode", msg)
	}
	wantStatus(t, h, pg, stReadyComplete, "")
	h.mustJobOp("CompleteMigrateJob", pg) // without CompleteMode
	wantStatus(t, h, pg, stCompleting, "")
}

func TestResumeOption(t *testing.T) {
	h := newHarness(t, Options{})
	mysql := h.create(nil)[0]
	redis := h.create(map[string]any{"SrcDatabaseType": "redis", "DstDatabaseType": "redis"})[0]
	keewidb := h.create(map[string]any{"SrcDatabaseType": "keewidb", "DstDatabaseType": "keewidb"})[0]
	h.emu.Advance(durCreating)
	tests := []struct {
		id, option, code string
	}{
		{mysql, "clearData", codeInvalidParameterValue},
		{mysql, "overwrite", codeInvalidParameterValue},
		{mysql, "", ""},
		{mysql, "normal", ""},
		{redis, "", codeMissingParameter},
		{redis, "normal", codeInvalidParameterValue},
		{redis, "clearData", ""},
		{redis, "overwrite", ""},
		{keewidb, "normal", codeInvalidParameterValue},
		{keewidb, "overwrite", ""},
	}
	for _, tt := range tests {
		h.force(tt.id, stError, "")
		params := map[string]any{"JobId": tt.id}
		if tt.option != "" {
			params["ResumeOption"] = tt.option
		}
		err := h.call("ResumeMigrateJob", params)
		if tt.code == "" {
			if err != nil {
				t.Errorf("%s resume %q: %v", tt.id, tt.option, err)
			}
			wantStatus(t, h, tt.id, stResuming, "")
			continue
		}
		if msg := wantCode(t, err, tt.code); !strings.Contains(msg, "ResumeOption") {
			t.Errorf("message %q does not name ResumeOption", msg)
		}
		wantStatus(t, h, tt.id, stError, "")
	}
	// A failed job: Redis-family links only.
	h.force(keewidb, stFailed, "")
	h.mustCall("ResumeMigrateJob", map[string]any{"JobId": keewidb, "ResumeOption": "clearData"})
	h.force(mysql, stFailed, "")
	wantCode(t, h.jobOp("ResumeMigrateJob", mysql), codeStatusInConflict)
}

func TestIsolateRecoverDestroyRefusals(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	wantCode(t, h.jobOp("RecoverMigrateJob", id), codeStatusInConflict)
	wantCode(t, h.jobOp("DestroyMigrateJob", id), codeStatusInConflict)
	// The definition marks DestroyMigrateJob.JobId optional; it is needed.
	wantCode(t, h.call("DestroyMigrateJob", map[string]any{}), codeMissingParameter)
	h.mustJobOp("IsolateMigrateJob", id)
	wantCode(t, h.jobOp("IsolateMigrateJob", id), codeStatusInConflict) // isolating
	h.emu.Advance(durIsolating)
	wantCode(t, h.jobOp("IsolateMigrateJob", id), codeStatusInConflict) // isolated
	h.mustJobOp("DestroyMigrateJob", id)
	wantCode(t, h.jobOp("RecoverMigrateJob", id), codeStatusInConflict) // offlining
	h.emu.Advance(durOfflining + durOfflined)
	wantCode(t, h.jobOp("DestroyMigrateJob", id), codeResourceNotFound)

	// A free job has nothing to recover or destroy: isolation deletes it.
	free := h.create(map[string]any{"InstanceClass": "medium"})[0]
	h.emu.Advance(durCreating)
	wantCode(t, h.jobOp("DestroyMigrateJob", free), codeStatusInConflict)
	h.mustJobOp("IsolateMigrateJob", free)
	wantCode(t, h.jobOp("RecoverMigrateJob", free), codeResourceNotFound)
	if len(h.emu.Jobs("")) != 0 {
		t.Fatalf("jobs left: %v", h.emu.Jobs(""))
	}
}

func TestModifyMigrateJobSpec(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	wantCode(t, h.call("ModifyMigrateJobSpec", map[string]any{"JobId": id, "NewInstanceClass": "huge"}), codeInvalidParameterValue)
	h.mustCall("ModifyMigrateJobSpec", map[string]any{"JobId": id, "NewInstanceClass": "micro"})
	wantStatus(t, h, id, stCreated, trResizing)
	wantCode(t, h.call("ModifyMigrateJobSpec", map[string]any{"JobId": id, "NewInstanceClass": "large"}), codeStatusInConflict)
	if d := h.detail(id); *d.TradeInfo.InstanceClass != "small" {
		t.Fatalf("class while resizing: %s", *d.TradeInfo.InstanceClass)
	}
	h.emu.Advance(durResizing)
	if d := h.detail(id); *d.TradeInfo.TradeStatus != trNormal || *d.TradeInfo.InstanceClass != "micro" {
		t.Fatalf("after resizing: %s %s", *d.TradeInfo.TradeStatus, *d.TradeInfo.InstanceClass)
	}
	// Isolated: refused.
	h.force(id, "", trIsolated)
	wantCode(t, h.call("ModifyMigrateJobSpec", map[string]any{"JobId": id, "NewInstanceClass": "large"}), codeStatusInConflict)
	wantCode(t, h.call("ModifyMigrateJobSpec", map[string]any{"JobId": "dts-nothere0", "NewInstanceClass": "large"}), codeResourceNotFound)
}

func TestModifyMigrateName(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(map[string]any{"JobName": "before"})[0]
	for _, status := range []string{stCreating, stRunning, stCanceled} {
		h.force(id, status, "")
		name := "renamed-at-" + status
		h.mustCall("ModifyMigrateName", map[string]any{"JobId": id, "JobName": name})
		if got := *h.detail(id).JobName; got != name {
			t.Fatalf("name %q, want %q", got, name)
		}
	}
	h.mustCall("ModifyMigrateName", map[string]any{"JobId": id, "JobName": strings.Repeat("名", 128)})
	wantCode(t, h.call("ModifyMigrateName", map[string]any{"JobId": id, "JobName": strings.Repeat("名", 129)}), codeInvalidParameterValue)
	wantCode(t, h.call("ModifyMigrateName", map[string]any{"JobId": id, "JobName": ""}), codeMissingParameter)
	wantCode(t, h.call("ModifyMigrateName", map[string]any{"JobId": "dts-nothere0", "JobName": "x"}), codeJobNotExist)
	h.force(id, "", trOfflined)
	wantCode(t, h.call("ModifyMigrateName", map[string]any{"JobId": id, "JobName": "late"}), codeStatusInConflict)
}

func TestModifyMigrateRateLimit(t *testing.T) {
	h := newHarness(t, Options{})
	id := startedJob(t, h, "fullAndIncrement")
	rl := h.detail(id).RateLimitOption
	if *rl.HasUserSetRateLimit != "no" || *rl.CurrentDumpThread != defaultDumpThread || *rl.CurrentSinkerThread != defaultSinkerThread {
		t.Fatalf("defaults: %+v", rl)
	}
	h.mustCall("ModifyMigrateRateLimit", map[string]any{"JobId": id, "DumpThread": 12, "LoadRps": 1000})
	rl = h.detail(id).RateLimitOption
	if *rl.HasUserSetRateLimit != "yes" || *rl.CurrentDumpThread != 12 || *rl.CurrentLoadRps != 1000 ||
		*rl.DefaultDumpThread != defaultDumpThread || *rl.CurrentLoadThread != defaultLoadThread || *rl.CurrentDumpRps != defaultDumpRps {
		t.Fatalf("after the change: %+v", rl)
	}
	// 0 keeps the current value.
	h.mustCall("ModifyMigrateRateLimit", map[string]any{"JobId": id, "DumpThread": 0, "SinkerThread": 128})
	if rl = h.detail(id).RateLimitOption; *rl.CurrentDumpThread != 12 || *rl.CurrentSinkerThread != 128 {
		t.Fatalf("0 did not keep the value: %+v", rl)
	}
	for _, bad := range []map[string]any{
		{"DumpThread": 17}, {"LoadThread": 17}, {"SinkerThread": 129}, {"DumpThread": -1}, {"DumpRps": -5}, {"LoadRps": -1},
		{"DumpThread": 4, "LoadThread": 99}, // all or nothing
	} {
		bad["JobId"] = id
		wantCode(t, h.call("ModifyMigrateRateLimit", bad), codeInvalidParameterValue)
	}
	if rl = h.detail(id).RateLimitOption; *rl.CurrentDumpThread != 12 {
		t.Fatalf("a refused change applied: %+v", rl)
	}
	// readyComplete: the incremental sync still runs.
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stReadyComplete, "")
	h.mustCall("ModifyMigrateRateLimit", map[string]any{"JobId": id, "SinkerThread": 32})
	if rl = h.detail(id).RateLimitOption; *rl.CurrentSinkerThread != 32 {
		t.Fatalf("at readyComplete: %+v", rl)
	}
	// Refused while paused, and before the start.
	paused := startedJob(t, h, "full")
	h.force(paused, stManualPaused, "")
	wantCode(t, h.call("ModifyMigrateRateLimit", map[string]any{"JobId": paused, "DumpThread": 2}), codeStatusInConflict)
	created := configuredJob(t, h, "full")
	wantCode(t, h.call("ModifyMigrateRateLimit", map[string]any{"JobId": created, "DumpThread": 2}), codeStatusInConflict)
	wantCode(t, h.call("ModifyMigrateRateLimit", map[string]any{"JobId": "dts-nothere0"}), codeResourceNotFound)
}

func TestModifyMigrateRuntimeAttribute(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	opts := func(kv ...string) map[string]any {
		var list []map[string]string
		for i := 0; i < len(kv); i += 2 {
			list = append(list, map[string]string{"Key": kv[i], "Value": kv[i+1]})
		}
		return map[string]any{"JobId": id, "OtherOptions": list}
	}
	option := func() *dtsapi.MigrateOption { return h.detail(id).MigrateOption }
	writeMode := func(o *dtsapi.MigrateOption) []string {
		var out []string
		for _, kv := range o.ExtraAttr {
			if *kv.Key == "DstWriteMode" {
				out = append(out, *kv.Value)
			}
		}
		return out
	}
	h.mustCall("ModifyMigrateRuntimeAttribute", opts("IsDstReadOnly", "true", "DstWriteMode", "clearData"))
	if o := option(); !*o.IsDstReadOnly || !slices.Equal(writeMode(o), []string{"clearData"}) || *o.MigrateType != "full" {
		t.Fatalf("after setting: %+v", o)
	}
	// Any status, even a finished job; the entry is replaced, not added.
	for _, status := range []string{stRunning, stCanceled} {
		h.force(id, status, "")
		h.mustCall("ModifyMigrateRuntimeAttribute", opts("DstWriteMode", "overwrite", "IsDstReadOnly", "false"))
		if o := option(); *o.IsDstReadOnly || !slices.Equal(writeMode(o), []string{"overwrite"}) {
			t.Fatalf("at %s: %+v", status, o)
		}
		wantStatus(t, h, id, status, "")
	}
	for _, bad := range []map[string]any{
		opts("IsDstReadOnly", "yes"),
		opts("DstWriteMode", "append"),
		opts("ReplTimeout", "120"),
		opts("IsDstReadOnly", "true", "Flavor", "red"), // all or nothing
	} {
		wantCode(t, h.call("ModifyMigrateRuntimeAttribute", bad), codeInvalidParameterValue)
	}
	if o := option(); *o.IsDstReadOnly {
		t.Fatal("a refused change applied")
	}
	wantCode(t, h.call("ModifyMigrateRuntimeAttribute", map[string]any{"JobId": id}), codeMissingParameter)
	wantCode(t, h.call("ModifyMigrateRuntimeAttribute", map[string]any{"JobId": "dts-nothere0", "OtherOptions": []map[string]string{{"Key": "IsDstReadOnly", "Value": "true"}}}),
		codeResourceNotFound)
}

// TestEveryActionAnswersItsNotFoundCode covers the job-level actions with an
// unknown job ID.
func TestEveryActionAnswersItsNotFoundCode(t *testing.T) {
	h := newHarness(t, Options{})
	unknown := "dts-nothere0"
	params := map[string]map[string]any{
		"ModifyMigrationJob":            config(unknown, "full"),
		"SkipCheckItem":                 {"JobId": unknown, "StepIds": []string{"ConstraintCheck"}},
		"ModifyMigrateJobSpec":          {"JobId": unknown, "NewInstanceClass": "large"},
		"ModifyMigrateName":             {"JobId": unknown, "JobName": "x"},
		"ModifyMigrateRuntimeAttribute": {"JobId": unknown, "OtherOptions": []map[string]string{{"Key": "IsDstReadOnly", "Value": "true"}}},
	}
	for _, action := range migrationActions {
		if action == "CreateMigrationService" || action == "DescribeMigrationJobs" || action == "DescribeMigrateDBInstances" {
			continue
		}
		p, ok := params[action]
		if !ok {
			p = map[string]any{"JobId": unknown}
		}
		want := codeResourceNotFound
		if c, ok := migrationKind.NotFound[action]; ok {
			want = c
		}
		if msg := wantCode(t, h.call(action, p), want); !strings.Contains(msg, unknown) {
			t.Errorf("%s: message %q does not name the job", action, msg)
		}
	}
}

// TestForcedBillingStatusMovesBilling: forcing notBilled on a billed job
// makes it free — BillingType notBilling, and isolating it deletes it — and
// forcing normal on a free job makes it billed.
func TestForcedBillingStatusMovesBilling(t *testing.T) {
	h := newHarness(t, Options{})
	billed := h.create(nil)[0]
	free := h.create(map[string]any{"InstanceClass": "medium"})[0]
	h.emu.Advance(durCreating)
	if err := h.emu.ForceStatus(testRegion, billed, "", trNotBilled); err != nil {
		t.Fatal(err)
	}
	if err := h.emu.ForceStatus(testRegion, free, "", trNormal); err != nil {
		t.Fatal(err)
	}
	if d := h.detail(billed); *d.TradeInfo.BillingType != "notBilling" || *d.TradeInfo.DealName != "" || h.summary(billed).Billed {
		t.Fatalf("forced notBilled: %+v", d.TradeInfo)
	}
	if d := h.detail(free); *d.TradeInfo.BillingType != "billing" || !h.summary(free).Billed {
		t.Fatalf("forced normal: %+v", d.TradeInfo)
	}
	h.mustJobOp("IsolateMigrateJob", billed)
	wantCode(t, h.jobOp("DescribeMigrationDetail", billed), codeResourceNotFound)
	h.mustJobOp("IsolateMigrateJob", free)
	if _, trade := h.status(free); trade != trIsolating {
		t.Fatalf("the job made billed is %s after isolation, want isolating", trade)
	}
}
