package emulator

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// checkJob reads DescribeMigrationCheckJob.
func (h *harness) checkJob(id string) *dtsapi.DescribeMigrationCheckJobResponse {
	h.t.Helper()
	var resp dtsapi.DescribeMigrationCheckJobResponse
	h.mustDTS("DescribeMigrationCheckJob", map[string]any{"JobId": id}, &resp)
	return &resp
}

// step returns a step of a DescribeMigrationCheckJob answer by ID.
func step(t *testing.T, r *dtsapi.DescribeMigrationCheckJobResponse, id string) *dtsapi.CheckStep {
	t.Helper()
	for _, s := range r.StepInfo {
		if *s.StepId == id {
			return s
		}
	}
	t.Fatalf("no step %s in %d steps", id, len(r.StepInfo))
	return nil
}

// stepStatuses maps the step IDs of a check answer to their StepStatus,
// leaving out passed steps.
func stepStatuses(r *dtsapi.DescribeMigrationCheckJobResponse) map[string]string {
	out := map[string]string{}
	for _, s := range r.StepInfo {
		if *s.StepStatus != dtsapi.CheckStepPass {
			out[*s.StepId] = *s.StepStatus
		}
	}
	return out
}

// checked runs a check on a configured job and waits for its end.
func (h *harness) checked(id string) *dtsapi.DescribeMigrationCheckJobResponse {
	h.t.Helper()
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(time.Duration(len(checkSteps)) * durCheckStep)
	return h.checkJob(id)
}

func TestDescribeMigrationCheckJobProgress(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	r := h.checkJob(id)
	if *r.Status != dtsapi.CheckStatusNotStarted || *r.CheckFlag != "" || len(r.StepInfo) != 0 {
		t.Fatalf("before any check: %+v", r)
	}
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(3 * durCheckStep)
	r = h.checkJob(id)
	if *r.Status != dtsapi.CheckStatusRunning || *r.CheckFlag != "" || len(r.StepInfo) != len(checkSteps) {
		t.Fatalf("running: %s %q, %d steps", *r.Status, *r.CheckFlag, len(r.StepInfo))
	}
	for i, s := range r.StepInfo {
		want := dtsapi.CheckStepPass
		if i >= 3 {
			want = dtsapi.CheckStepNotStarted
		}
		if *s.StepNo != uint64(i) || *s.StepId != checkSteps[i].ID || *s.StepName != checkSteps[i].Name || *s.StepStatus != want {
			t.Fatalf("step %d while running: %d %s %s", i, *s.StepNo, *s.StepId, *s.StepStatus)
		}
	}
	h.emu.Advance(10 * durCheckStep)
	r = h.checkJob(id)
	if *r.Status != dtsapi.CheckStatusSuccess || *r.CheckFlag != dtsapi.CheckFlagPass || *r.BriefMsg != "success" || len(stepStatuses(r)) != 0 {
		t.Fatalf("passed: %s %s %q %v", *r.Status, *r.CheckFlag, *r.BriefMsg, stepStatuses(r))
	}
	wantStatus(t, h, id, stCheckPass, "")
}

func TestCheckConnectionFailureCannotBeSkipped(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	cfg := config(id, "full")
	src := cfg["SrcInfo"].(map[string]any)
	src["AccessType"] = "extranet"
	src["Info"] = []map[string]any{{"Host": "db.invalid", "Port": 3306, "User": "u", "Password": "p"}}
	h.mustCall("ModifyMigrationJob", cfg)

	r := h.checked(id)
	wantStatus(t, h, id, stCheckNotPass, "")
	if *r.Status != dtsapi.CheckStatusFailed || *r.CheckFlag != dtsapi.CheckFlagNotPass || !strings.Contains(*r.BriefMsg, "ConnectDBCheck") {
		t.Fatalf("check: %s %s %q", *r.Status, *r.CheckFlag, *r.BriefMsg)
	}
	if got := stepStatuses(r); len(got) != 1 || got["ConnectDBCheck"] != "failed" {
		t.Fatalf("step statuses: %v", got)
	}
	s := step(t, r, "ConnectDBCheck")
	if !strings.Contains(*s.StepMessage, "db.invalid:3306") || len(s.DetailCheckItems) != 1 || *s.HasSkipped {
		t.Fatalf("connect step: %+v", s)
	}
	item := s.DetailCheckItems[0]
	if *item.CheckResult != "failed" || *item.CheckItemName == "" || *item.Description == "" || !strings.Contains(*item.FailureReason, "db.invalid") ||
		!strings.Contains(*item.Solution, "SrcInfo.Info.0.Host") || len(item.HelpDoc) != 1 || *item.HelpDoc[0] == "" {
		t.Fatalf("detail item: %+v", item)
	}
	// The detail shows the failure too.
	p := h.detail(id).CheckStepInfo.Progress
	if *p.Status != stepFailed || *p.Steps[0].Status != stepFailed || *p.Steps[0].StepMessage == "" || len(p.Steps[0].Errors) != 1 ||
		*p.Steps[0].Errors[0].Solution == "" {
		t.Fatalf("CheckStepInfo: %+v", p.Steps[0])
	}

	msg := wantCode(t, h.call("SkipCheckItem", map[string]any{"JobId": id, "StepIds": []string{"ConnectDBCheck"}}), codeOperationDenied)
	if !strings.Contains(msg, "cannot be skipped") {
		t.Fatalf("message %q", msg)
	}
	// A target host in a subdomain of .invalid, in capitals, fails too.
	dst := cfg["DstInfo"].(map[string]any)
	dst["AccessType"] = "intranet"
	dst["Info"] = []map[string]any{{"Host": "X.Y.INVALID", "Port": 3306, "User": "u"}}
	src["Info"] = []map[string]any{{"Host": "db.example.com", "Port": 3306, "User": "u"}}
	h.mustCall("ModifyMigrationJob", cfg)
	r = h.checked(id)
	if s := step(t, r, "ConnectDBCheck"); *s.StepStatus != "failed" || !strings.Contains(*s.StepMessage, "X.Y.INVALID") {
		t.Fatalf("target host: %+v", s)
	}
	// Fixed: the check passes.
	dst["Info"] = []map[string]any{{"Host": "invalid.example.com", "Port": 3306, "User": "u"}}
	h.mustCall("ModifyMigrationJob", cfg)
	if r = h.checked(id); *r.CheckFlag != dtsapi.CheckFlagPass {
		t.Fatalf("fixed: %v", stepStatuses(r))
	}
}

func TestCheckForeignKeysSkippedThenPasses(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	cfg := config(id, "full")
	cfg["MigrateOption"].(map[string]any)["DatabaseTable"] = map[string]any{"ObjectMode": "partial", "Databases": []map[string]any{
		{"DbName": "fk_orders", "DBMode": "all"}, {"DbName": "plain", "DBMode": "all"}, {"DbName": "fk_users", "DBMode": "all"},
	}}
	h.mustCall("ModifyMigrationJob", cfg)
	r := h.checked(id)
	wantStatus(t, h, id, stCheckNotPass, "")
	s := step(t, r, "ConstraintCheck")
	if *s.StepStatus != "failed" || len(s.DetailCheckItems) != 2 || !strings.Contains(*s.StepMessage, "fk_orders, fk_users") ||
		!strings.Contains(*s.DetailCheckItems[1].FailureReason, "fk_users") {
		t.Fatalf("constraint step: %+v", s)
	}
	wantAllowed(t, h, id, "view", "modify", "check", "isolate", "resize")

	// Only steps that failed in the last check can be skipped.
	for _, bad := range []string{"ViewCheck", "NoSuchCheck"} {
		msg := wantCode(t, h.call("SkipCheckItem", map[string]any{"JobId": id, "StepIds": []string{"ConstraintCheck", bad}}), codeInvalidParameterValue)
		if !strings.Contains(msg, bad) || !strings.Contains(msg, "StepIds.1") {
			t.Fatalf("message %q", msg)
		}
	}
	h.mustCall("SkipCheckItem", map[string]any{"JobId": id, "StepIds": []string{"ConstraintCheck"}})
	// The job stays in checkNotPass; the last check still shows the failure,
	// now marked skipped. A retried SkipCheckItem is accepted.
	wantStatus(t, h, id, stCheckNotPass, "")
	if s := step(t, h.checkJob(id), "ConstraintCheck"); *s.StepStatus != "failed" || !*s.HasSkipped {
		t.Fatalf("after the skip: %+v", s)
	}
	var skip dtsapi.SkipCheckItemResponse
	h.mustDTS("SkipCheckItem", map[string]any{"JobId": id, "StepIds": []string{"ConstraintCheck"}}, &skip)
	if *skip.Message == "" {
		t.Fatal("SkipCheckItem answered no message")
	}
	h.mutate(id, func(j *migrationJob) {
		if j.ForeignKeyFlag != "shield" {
			t.Errorf("ForeignKeyFlag %q, want the default shield", j.ForeignKeyFlag)
		}
	})

	r = h.checked(id)
	wantStatus(t, h, id, stCheckPass, "")
	s = step(t, r, "ConstraintCheck")
	if *r.CheckFlag != dtsapi.CheckFlagPass || *s.StepStatus != "pass" || !*s.HasSkipped || len(s.DetailCheckItems) != 1 ||
		*s.DetailCheckItems[0].ErrorLog[0] != "skipped" {
		t.Fatalf("re-check: %s, step %+v", *r.CheckFlag, s)
	}
	if w := h.detail(id).CheckStepInfo.Progress.Steps[8]; *w.StepId != "ConstraintCheck" || *w.Status != stepSkipped || *w.Percent != 0 ||
		len(w.Warnings) != 1 || *w.Warnings[0].Message != "skipped" || *w.StepNo != 0 {
		t.Fatalf("CheckStepInfo of the skipped step: %+v", w)
	}
	// As in the DescribeMigrationDetail sample (13 steps, one skipped):
	// StepAll and StepNow 12, every step numbered 0, the others finished.
	if p := h.detail(id).CheckStepInfo.Progress; *p.StepAll != 12 || *p.StepNow != 12 || *p.Status != "success" ||
		*p.Steps[0].Status != stepFinished || *p.Steps[12].StepNo != 0 || *p.Steps[0].StepNo != 0 {
		t.Fatalf("CheckStepInfo with a skipped step: %s", jsonText(zeroFilled(t, p)))
	}
	// Skipped steps stay skipped in every later check.
	r = h.checked(id)
	if s := step(t, r, "ConstraintCheck"); *r.CheckFlag != dtsapi.CheckFlagPass || !*s.HasSkipped {
		t.Fatalf("third check: %s %+v", *r.CheckFlag, s)
	}
	h.mustJobOp("StartMigrateJob", id)

	// SkipCheckItem outside checkNotPass; ForeignKeyFlag migrate is stored.
	wantCode(t, h.call("SkipCheckItem", map[string]any{"JobId": id, "StepIds": []string{"ConstraintCheck"}}), codeStatusInConflict)
	other := configuredJob(t, h, "full")
	ocfg := config(other, "full")
	ocfg["MigrateOption"].(map[string]any)["DatabaseTable"] = map[string]any{"ObjectMode": "partial", "Databases": []map[string]any{{"DbName": "fk_x", "DBMode": "all"}}}
	h.mustCall("ModifyMigrationJob", ocfg)
	h.checked(other)
	wantCode(t, h.call("SkipCheckItem", map[string]any{"JobId": other, "StepIds": []string{"ConstraintCheck"}, "ForeignKeyFlag": "drop"}), codeInvalidParameterValue)
	h.mustCall("SkipCheckItem", map[string]any{"JobId": other, "StepIds": []string{"ConstraintCheck"}, "ForeignKeyFlag": "migrate"})
	h.mutate(other, func(j *migrationJob) {
		if j.ForeignKeyFlag != "migrate" {
			t.Errorf("ForeignKeyFlag %q, want migrate", j.ForeignKeyFlag)
		}
	})
}

func TestCheckRootAccountIsAWarning(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	cfg := config(id, "full")
	node(cfg, "SrcInfo")["User"] = "root"
	node(cfg, "DstInfo")["User"] = "root" // the target's account does not matter
	h.mustCall("ModifyMigrationJob", cfg)
	r := h.checked(id)
	wantStatus(t, h, id, stCheckPass, "")
	if got := stepStatuses(r); len(got) != 1 || got["SrcPrivilegeCheck"] != "warning" || *r.CheckFlag != dtsapi.CheckFlagPass {
		t.Fatalf("statuses %v, flag %s", got, *r.CheckFlag)
	}
	s := step(t, r, "SrcPrivilegeCheck")
	if len(s.DetailCheckItems) != 1 || *s.DetailCheckItems[0].CheckResult != "warning" || *s.DetailCheckItems[0].FailureReason != "" {
		t.Fatalf("warning step: %+v", s.DetailCheckItems)
	}
	if w := h.detail(id).CheckStepInfo.Progress.Steps[2]; *w.Status != stepFinished || len(w.Warnings) != 1 {
		t.Fatalf("CheckStepInfo of the warning: %+v", w)
	}
	// A warning is not a failure: it cannot be skipped.
	h.force(id, stCheckNotPass, "")
	wantCode(t, h.call("SkipCheckItem", map[string]any{"JobId": id, "StepIds": []string{"SrcPrivilegeCheck"}}), codeInvalidParameterValue)
}

func TestCheckInstanceNotFound(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	for _, tc := range []struct {
		side, instance string
	}{
		{"SrcInfo", "cdb-nothere1"},
		{"DstInfo", "cdb-rd0001"}, // a Redis instance, not a MySQL one
	} {
		cfg := config(id, "full")
		node(cfg, tc.side)["InstanceId"] = tc.instance
		h.mustCall("ModifyMigrationJob", cfg)
		msg := wantCode(t, h.jobOp("CreateMigrateCheckJob", id), codeInstanceNotFound)
		if !strings.Contains(msg, tc.instance) || !strings.Contains(msg, tc.side+".Info.0.InstanceId") {
			t.Fatalf("message %q", msg)
		}
		wantStatus(t, h, id, stCreated, "")
		if r := h.checkJob(id); *r.Status != dtsapi.CheckStatusNotStarted {
			t.Fatalf("a refused check started: %s", *r.Status)
		}
	}
	// Instances of the catalog of another database type are found for it.
	pg := h.create(map[string]any{"SrcDatabaseType": "postgresql", "DstDatabaseType": "postgresql"})[0]
	h.emu.Advance(durCreating)
	cfg := config(pg, "full")
	for side, inst := range map[string]string{"SrcInfo": "cdb-pg0001", "DstInfo": "cdb-pg0003"} {
		cfg[side].(map[string]any)["DatabaseType"] = "postgresql"
		node(cfg, side)["InstanceId"] = inst
	}
	h.mustCall("ModifyMigrationJob", cfg)
	h.mustJobOp("CreateMigrateCheckJob", pg)
	// Checks of an unconfigured job and outside the allowed statuses.
	bare := h.create(nil)[0]
	h.emu.Advance(durCreating)
	wantCode(t, h.jobOp("CreateMigrateCheckJob", bare), codeOperationDenied)
	wantCode(t, h.jobOp("CreateMigrateCheckJob", pg), codeStatusInConflict) // checking
}

func TestCheckSeveralFindings(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	cfg := config(id, "full")
	node(cfg, "SrcInfo")["User"] = "root"
	cfg["MigrateOption"].(map[string]any)["DatabaseTable"] = map[string]any{"ObjectMode": "partial", "Databases": []map[string]any{{"DbName": "fk_a", "DBMode": "all"}}}
	h.mustCall("ModifyMigrationJob", cfg)
	if err := h.emu.SetOutcome(testRegion, id, Outcome{CheckFails: true}); err != nil {
		t.Fatal(err)
	}
	r := h.checked(id)
	want := map[string]string{"SrcPrivilegeCheck": "warning", "DstEmptyCheck": "failed", "ConstraintCheck": "failed"}
	if got := stepStatuses(r); !maps.Equal(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	if *r.BriefMsg != "The check did not pass: DstEmptyCheck, ConstraintCheck failed." {
		t.Fatalf("brief %q", *r.BriefMsg)
	}
	// Findings show as their steps complete.
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(6 * durCheckStep)
	if got := stepStatuses(h.checkJob(id)); got["SrcPrivilegeCheck"] != "warning" || got["DstEmptyCheck"] != "failed" || got["ConstraintCheck"] != "notStarted" {
		t.Fatalf("half-way: %v", got)
	}
	h.emu.Advance(time.Hour)
	h.mustCall("SkipCheckItem", map[string]any{"JobId": id, "StepIds": []string{"DstEmptyCheck", "ConstraintCheck"}})
	r = h.checked(id)
	if got := stepStatuses(r); *r.CheckFlag != dtsapi.CheckFlagPass || len(got) != 1 {
		t.Fatalf("after skipping both: %s %v", *r.CheckFlag, got)
	}
}

func TestForcedCheckResultsAreConsistent(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	h.force(id, stCheckNotPass, "")
	r := h.checkJob(id)
	if *r.CheckFlag != dtsapi.CheckFlagNotPass || !slices.ContainsFunc(r.StepInfo, func(s *dtsapi.CheckStep) bool { return *s.StepStatus == "failed" }) {
		t.Fatalf("forced checkNotPass without a failed step: %v", stepStatuses(r))
	}
	h.mustCall("SkipCheckItem", map[string]any{"JobId": id, "StepIds": []string{failingCheckStep}})
	h.force(id, stCheckPass, "")
	if r := h.checkJob(id); *r.CheckFlag != dtsapi.CheckFlagPass || len(stepStatuses(r)) != 0 {
		t.Fatalf("forced checkPass: %s %v", *r.CheckFlag, stepStatuses(r))
	}
}

// TestStepModeCheckPolledThroughDescribeMigrationCheckJob proves that a
// client polling DescribeMigrationCheckJob alone sees the check progress in
// step mode.
func TestStepModeCheckPolledThroughDescribeMigrationCheckJob(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	id := h.create(nil)[0]
	h.status(id)
	h.configure(id, "full")
	h.mustJobOp("CreateMigrateCheckJob", id)
	var seen []string
	for range 20 {
		r := h.checkJob(id)
		seen = append(seen, *r.Status)
		if *r.Status == dtsapi.CheckStatusSuccess {
			break
		}
	}
	if n := len(seen); n != len(checkSteps)+1 || seen[n-1] != dtsapi.CheckStatusSuccess || seen[0] != dtsapi.CheckStatusRunning {
		t.Fatalf("statuses seen: %v", seen)
	}
}
