package emulator

import (
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// items is a custom partial selection with the given items.
func items(list ...map[string]any) map[string]any {
	return map[string]any{"ObjectMode": "custom", "Objects": map[string]any{"ObjectMode": "partial", "ObjectItems": list}}
}

// withOptions is a create request with options.
func withOptions(o map[string]any) map[string]any { return map[string]any{"Options": o} }

// The rules of a compare task's configuration, each with its code, for
// both families (CreateCompareTask; ModifyCompareTask shares them).
func TestCompareConfigurationRules(t *testing.T) {
	table := func(name string, extra map[string]any) map[string]any {
		t := map[string]any{"TableName": name}
		for k, v := range extra {
			t[k] = v
		}
		return map[string]any{"DbName": "shop", "DbMode": "partial", "TableMode": "partial", "Tables": []map[string]any{t}}
	}
	cases := []struct {
		name   string
		params map[string]any
		code   string
		msg    string
		sync   string // the sync family's code when it differs ("" same, "ok" accepted)
	}{
		{"custom without objects", map[string]any{"ObjectMode": "custom"}, codeMissingParameter, "`Objects`", ""},
		{"objects with sameAsMigrate", map[string]any{"Objects": map[string]any{"ObjectMode": "all"}}, codeInvalidParameterValue, "custom", ""},
		{"unknown object mode", map[string]any{"ObjectMode": "mine"}, codeInvalidParameterValue, "`ObjectMode`", ""},
		{"partial without items", map[string]any{"ObjectMode": "custom", "Objects": map[string]any{"ObjectMode": "partial"}},
			codeMissingParameter, "`Objects.ObjectItems`", ""},
		{"item without DbMode", items(map[string]any{"DbName": "shop"}), codeMissingParameter, "`Objects.ObjectItems.0.DbMode`", ""},
		{"partial database without TableMode", items(map[string]any{"DbName": "shop", "DbMode": "partial"}),
			codeMissingParameter, "`Objects.ObjectItems.0.TableMode`", ""},
		{"partial tables without Tables", items(map[string]any{"DbName": "shop", "DbMode": "partial", "TableMode": "partial"}),
			codeMissingParameter, "`Objects.ObjectItems.0.Tables`", ""},
		{"partial views without Views", items(map[string]any{"DbName": "shop", "DbMode": "all", "ViewMode": "partial"}),
			codeMissingParameter, "`Objects.ObjectItems.0.Views`", ""},
		{"table without a name", items(table("", nil)), codeMissingParameter, "`Objects.ObjectItems.0.Tables.0.TableName`", ""},
		{"database the job does not transfer", items(map[string]any{"DbName": "hr", "DbMode": "all"}),
			codeInvalidParameterValue, "`Objects.ObjectItems.0.DbName`", ""},
		{"table the job does not transfer", items(table("payroll", nil)),
			codeInvalidParameterValue, "`Objects.ObjectItems.0.Tables.0.TableName`", ""},
		{"columns", items(table("orders", map[string]any{"ColumnMode": "partial", "Columns": []map[string]any{{"ColumnName": "id"}}})),
			codeInvalidParameterValue, "sync jobs only", "ok"},
		{"partial columns without Columns", items(table("orders", map[string]any{"ColumnMode": "partial"})),
			codeMissingParameter, "`Objects.ObjectItems.0.Tables.0.Columns`", ""},
		{"time zone", items(table("orders", map[string]any{"FilterCondition": "id > 10", "FilterTimeZone": "8:00"})),
			codeInvalidParameterValue, "`Objects.ObjectItems.0.Tables.0.FilterTimeZone`", ""},
		{"advanced objects off mongodb", map[string]any{"ObjectMode": "custom", "Objects": map[string]any{"ObjectMode": "all",
			"AdvancedObjects": []string{"index"}}}, codeInvalidParameterValue, "mongodb", ""},
		{"method", withOptions(map[string]any{"Method": "fullCheck"}), codeInvalidParameterValue, "`Options.Method`", ""},
		{"sample rate", withOptions(map[string]any{"Method": "sampleDataCheck", "SampleRate": 101}), codeInvalidParameterValue, "`Options.SampleRate`", ""},
		{"no thread", withOptions(map[string]any{"ThreadCount": 0}), codeInvalidParameterValue, "between 1 and 8", ""},
		{"too many threads", withOptions(map[string]any{"ThreadCount": 9}), codeInvalidParameterValue, "`Options.ThreadCount`", ""},
		{"type", withOptions(map[string]any{"Type": "external"}), codeInvalidParameterValue, "`Options.Type`", ""},
		{"compare mode", withOptions(map[string]any{"CompareMode": []string{"full", "partial"}}), codeInvalidParameterValue, "`Options.CompareMode.1`", ""},
		{"increment without dataCheck", withOptions(map[string]any{"Method": "rowsCount", "CompareMode": []string{"full", "increment"}}),
			codeInvalidParameterValue, "dataCheck", ""},
		{"structureCheck off postgresql", withOptions(map[string]any{"CompareMode": []string{"structureCheck"}}), codeInvalidParameterValue, "postgresql", ""},
		{"advanceObject off mongodb", withOptions(map[string]any{"CompareMode": []string{"advanceObject"}}), codeInvalidParameterValue, "mongodb", ""},
		{"negative recheck", withOptions(map[string]any{"ReCheckTime": -1}), codeInvalidParameterValue, "`Options.ReCheckTime`", ""},
		{"recheck interval", withOptions(map[string]any{"ReCheckTime": 2, "ReCheckInterval": 61}), codeInvalidParameterValue, "between 1 and 60", ""},
		{"long name", map[string]any{"TaskName": strings.Repeat("n", 129)}, codeInvalidParameterValue, "`TaskName`", ""},
	}
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, []dbSel{{"shop", []string{"orders"}}}, "mysql", "mysql")
		if fam.Parent == "sync" {
			// The sync job transfers some columns of orders.
			h.mutateSync(job, func(j *syncJob) {
				j.Objects.Databases[0].Tables[0].ColumnMode = ptr("Partial")
				j.Objects.Databases[0].Tables[0].Columns = []*dtsapi.Column{{ColumnName: ptr("id")}, {ColumnName: ptr("total")}}
			})
		}
		for _, c := range cases {
			_, err := h.dts(fam.Create, merged(map[string]any{"JobId": job}, c.params))
			code := c.code
			if fam.Parent == "sync" && c.sync != "" {
				code = c.sync
			}
			if code == "ok" {
				if err != nil {
					t.Errorf("%s: %v", c.name, err)
				}
				continue
			}
			if msg := wantCodeIn(t, c.name, err, code); !strings.Contains(msg, c.msg) {
				t.Errorf("%s: message %q does not name %s", c.name, msg, c.msg)
			}
		}
		if got := fam.tasks(h, job, nil); *got.TotalCount != countOK(cases, fam) {
			t.Errorf("refused creations created tasks: %d listed", *got.TotalCount)
		}
		if fam.Parent == "sync" {
			wantCodeIn(t, "column the job does not transfer", h.call(fam.Create, merged(map[string]any{"JobId": job},
				items(table("orders", map[string]any{"ColumnMode": "partial", "Columns": []map[string]any{{"ColumnName": "secret"}}})))),
				codeInvalidParameterValue)
		}
	})
}

func countOK(cases []struct {
	name   string
	params map[string]any
	code   string
	msg    string
	sync   string
}, fam cmpFamily,
) uint64 {
	n := uint64(0)
	for _, c := range cases {
		if fam.Parent == "sync" && c.sync == "ok" {
			n++
		}
	}
	return n
}

// wantCodeIn is wantCode with the case's name in the failure.
func wantCodeIn(t *testing.T, name string, err error, code string) string {
	t.Helper()
	if got := sdkCode(t, err); got != code {
		t.Errorf("%s: got %q (%v), want %s", name, got, err, code)
		return ""
	}
	return wantCode(t, err, code)
}

// The link decides the independent check and mongodb's advanced objects.
func TestCompareLinkRules(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		mongo := fam.parent(h, nil, "mongodb", "mongodb")
		redis := fam.parent(h, nil, "redis", "redis")
		for _, job := range []string{mongo, redis} {
			wantCode(t, h.call(fam.Create, merged(map[string]any{"JobId": job}, withOptions(map[string]any{"Type": "independent"}))),
				codeInvalidParameterValue)
		}
		task := fam.create(h, mongo, map[string]any{
			"ObjectMode": "custom", "Objects": map[string]any{"ObjectMode": "all", "AdvancedObjects": []string{"index", "shardkey"}},
			"Options": map[string]any{"CompareMode": []string{"full", "advanceObject"}},
		})
		if cfg := fam.task(h, mongo, task).Config; len(cfg.AdvancedObjects) != 2 {
			t.Errorf("advanced objects %s", jsonOf(cfg))
		}
		pg := fam.parent(h, nil, "postgresql", "postgresql")
		fam.create(h, pg, withOptions(map[string]any{"Type": "independent", "CompareMode": []string{"structureCheck", "full"}}))
	})
}

// A sync job that filters DML refuses builtin checks with the cause it
// reports (CauseOfCompareDisable); an independent check is still possible.
func TestCompareSyncDMLFilterDisablesBuiltinChecks(t *testing.T) {
	h := newHarness(t, Options{})
	fam := syncFamilyT
	filtered := addSyncJob(h, &dtsapi.Objects{Mode: ptr("All")},
		&dtsapi.Options{OpTypes: ptrs([]string{"Insert", "Update", "DDL"})}, "mysql", "mysql")
	msg := wantCode(t, h.call(fam.Create, map[string]any{"JobId": filtered}), codeOperationDenied)
	if !strings.Contains(msg, causeDMLFilter) {
		t.Errorf("message %q does not give the cause", msg)
	}
	fam.create(h, filtered, withOptions(map[string]any{"Type": "independent"}))

	perTable := &dtsapi.Objects{Mode: ptr("Partial"), Databases: []*dtsapi.Database{{DbName: ptr("shop"), DbMode: ptr("All")}},
		DatabasesOpFilter: []*dtsapi.DBOpFilter{{DbName: ptr("shop"), Tables: []*dtsapi.TableFilter{{
			TableName: ptr("orders"), OpFilter: &dtsapi.OpFilter{OpTypes: ptrs([]string{"Insert"})},
		}}}}}
	if got := syncCompareDisabled(perTable, nil); got != causeDMLFilter {
		t.Errorf("a table's DML filter: cause %q", got)
	}
	all := &dtsapi.Options{OpTypes: ptrs([]string{"Insert", "Update", "Delete", "DDL"})}
	if got := syncCompareDisabled(nil, all); got != "" {
		t.Errorf("every DML synced: cause %q", got)
	}
	plain := addSyncJob(h, nil, all, "mysql", "mysql")
	fam.create(h, plain, nil)
	h.mutateSync(plain, func(j *syncJob) { j.Status = "Stopped" })
	wantCode(t, h.call(fam.Create, map[string]any{"JobId": plain}), codeStatusInConflict)
}

// Modify changes a task before it starts: objects, options, name.
func TestCompareModify(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, shopTables, "mysql", "mysql")
		task := fam.create(h, job, custom("shop", "orders"))
		if err := fam.op(h, fam.Modify, job, task, withOptions(map[string]any{"Method": "sampleDataCheck", "SampleRate": 10})); err != nil {
			t.Fatal(err)
		}
		item := fam.task(h, job, task)
		if *item.Method != "sampleDataCheck" || *item.Options.SampleRate != 10 || len(item.Config.ObjectItems[0].Tables) != 1 {
			t.Fatalf("after modifying the options: %s", jsonOf(item))
		}
		// Objects without ObjectMode keep custom; sameAsMigrate takes the
		// job's objects anew and refuses objects.
		if err := fam.op(h, fam.Modify, job, task, map[string]any{"TaskName": "two", "Objects": custom("shop", "orders", "diff_refunds")["Objects"]}); err != nil {
			t.Fatal(err)
		}
		if item = fam.task(h, job, task); *item.TaskName != "two" || len(item.Config.ObjectItems[0].Tables) != 2 || *item.Method != "sampleDataCheck" {
			t.Fatalf("after modifying the objects: %s", jsonOf(item))
		}
		wantCode(t, fam.op(h, fam.Modify, job, task, map[string]any{"ObjectMode": "sameAsMigrate", "Objects": map[string]any{"ObjectMode": "all"}}),
			codeInvalidParameterValue)
		wantCode(t, fam.op(h, fam.Modify, job, task, withOptions(map[string]any{"ThreadCount": 9})), codeInvalidParameterValue)
		if err := fam.op(h, fam.Modify, job, task, map[string]any{"ObjectMode": "sameAsMigrate"}); err != nil {
			t.Fatal(err)
		}
		if item = fam.task(h, job, task); len(item.Config.ObjectItems[0].Tables) != 6 || *item.Options.ThreadCount != 1 ||
			*item.Method != "sampleDataCheck" {
			t.Fatalf("after sameAsMigrate: %s", jsonOf(item))
		}
		wantCode(t, fam.op(h, fam.ModifyName, job, task, map[string]any{"TaskName": " "}), codeMissingParameter)
		if err := fam.op(h, fam.ModifyName, job, task, map[string]any{"TaskName": "三"}); err != nil {
			t.Fatal(err)
		}
		fam.runTask(h, job, task)
		item = fam.task(h, job, task)
		if *item.TaskName != "三" || *item.Conclusion != dtsapi.CompareConclusionDifferent {
			t.Fatalf("after the run: %s", jsonOf(item))
		}
		wantCode(t, fam.op(h, fam.Modify, job, task, map[string]any{"TaskName": "late"}), codeStatusInConflict)
		// A task without a name is named after its ID.
		if id := fam.create(h, job, nil); *fam.task(h, job, id).TaskName != id {
			t.Errorf("default name of %s", id)
		}
	})
}

// Unknown jobs and tasks answer each action's not-found code.
func TestCompareNotFound(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, nil, "mysql", "mysql")
		other := fam.parent(h, nil, "mysql", "mysql")
		task := fam.create(h, job, nil)
		foreign := fam.create(h, other, nil)
		prefix := map[string]string{"migration": "dts-", "sync": "sync-"}[fam.Parent]
		missingJob := prefix + "zzzzzzzz"
		taskActions := []string{fam.Start, fam.Stop, fam.Modify, fam.ModifyName, fam.Delete, fam.Report, fam.DiffItems, fam.Gtid}
		params := func(action, job, task string) map[string]any {
			p := map[string]any{"JobId": job, "CompareTaskId": task}
			if action == fam.ModifyName {
				p["TaskName"] = "x"
			}
			return p
		}
		for _, a := range taskActions {
			wantCodeIn(t, a+" unknown job", h.call(a, params(a, missingJob, task)), codeResourceNotFound)
			wantCodeIn(t, a+" unknown task", h.call(a, params(a, job, job+"-cmp-zzzzzzzz")), codeResourceNotFound)
			wantCodeIn(t, a+" another job's task", h.call(a, params(a, job, foreign)), codeResourceNotFound)
		}
		for _, a := range []string{fam.Create, fam.Tasks, fam.Gtid} {
			wantCodeIn(t, a+" unknown job", h.call(a, map[string]any{"JobId": missingJob}), codeResourceNotFound)
		}
		// The other family's job is not a parent of this family.
		otherFam := map[string]cmpFamily{"migration": syncFamilyT, "sync": migrationFamilyT}[fam.Parent]
		wantCodeIn(t, "the other family's job", h.call(otherFam.Tasks, map[string]any{"JobId": job}), codeResourceNotFound)
		// A list filtered by an unknown task is empty.
		if r := fam.tasks(h, job, map[string]any{"CompareTaskId": job + "-cmp-zzzzzzzz"}); *r.TotalCount != 0 {
			t.Errorf("unknown task listed: %s", jsonOf(r))
		}
	})
	// Without the sync kind, every sync compare action answers not found.
	h := newHarness(t, Options{})
	wantCode(t, h.call("CreateSyncCompareTask", map[string]any{"JobId": "sync-12345678"}), codeResourceNotFound)
	wantCode(t, h.call("StartSyncCompare", map[string]any{"JobId": "sync-12345678", "CompareTaskId": "sync-12345678-cmp-12345678"}),
		codeResourceNotFound)
}

// DescribeCompareTasks: creation order, Status filter, paging.
func TestCompareTaskList(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, nil, "mysql", "mysql")
		var ids []string
		for range 5 {
			ids = append(ids, fam.create(h, job, nil))
		}
		fam.mustOp(h, fam.Start, job, ids[1])
		fam.mustOp(h, fam.Start, job, ids[3])
		r := fam.tasks(h, job, map[string]any{"Limit": 2, "Offset": 1})
		if *r.TotalCount != 5 || len(r.Items) != 2 || *r.Items[0].CompareTaskId != ids[1] || *r.Items[1].CompareTaskId != ids[2] {
			t.Errorf("page %s", jsonOf(r))
		}
		r = fam.tasks(h, job, map[string]any{"Status": []string{cmpReadyRun, cmpSuccess}})
		if *r.TotalCount != 2 || *r.Items[0].CompareTaskId != ids[1] || *r.Items[1].CompareTaskId != ids[3] {
			t.Errorf("filtered %s", jsonOf(r))
		}
		wantCode(t, h.call(fam.Tasks, map[string]any{"JobId": job, "Status": []string{"done"}}), codeInvalidParameterValue)
		wantCode(t, h.call(fam.Tasks, map[string]any{"JobId": job, "Limit": 0}), codeInvalidParameterValue)
	})
}

// A task fails or sticks as scripted: by its Outcome, by fail_ and stuck_
// tables; the administration forces, holds and deletes tasks.
func TestCompareScriptedOutcomes(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, []dbSel{{"shop", []string{"orders", "fail_items", "stuck_logs", "diff_refunds"}}}, "mysql", "mysql")

		scripted := fam.create(h, job, custom("shop", "orders"))
		if err := h.emu.SetOutcome(testRegion, scripted, Outcome{RunEnds: cmpFailed}); err != nil {
			t.Fatal(err)
		}
		fam.runTask(h, job, scripted)
		item := fam.task(h, job, scripted)
		if *item.Status != cmpFailed || *item.Conclusion != "" || !strings.Contains(*item.Message, "Outcome") ||
			*item.CompareProcess.Status != phaseFailed || *item.CompareProcess.Steps[0].Status != stepFailed {
			t.Fatalf("scripted failure %s", jsonOf(item))
		}
		if a := fam.report(h, job, scripted, nil).Abstract; *a.Status != cmpFailed || *a.Conclusion != "" {
			t.Errorf("failed report %s", jsonOf(a))
		}

		failing := fam.create(h, job, custom("shop", "orders", "fail_items", "diff_refunds"))
		fam.runTask(h, job, failing)
		item = fam.task(h, job, failing)
		steps := item.CompareProcess.Steps
		if *item.Status != cmpFailed || !strings.Contains(*item.Message, "shop.fail_items") ||
			*steps[1].Status != stepFailed || *steps[0].Status != stepFinished || *steps[2].Status != stepFinished {
			t.Fatalf("fail_ table %s", jsonOf(item))
		}

		stuck := fam.create(h, job, custom("shop", "orders", "stuck_logs"))
		fam.runTask(h, job, stuck)
		h.emu.Advance(24 * time.Hour)
		item = fam.task(h, job, stuck)
		if cp := item.CompareProcess; *item.Status != cmpRunning || *cp.Steps[1].Status != stepRunning || *cp.Steps[1].Percent != 99 {
			t.Fatalf("stuck_ table %s", jsonOf(item))
		}
		fam.mustOp(h, fam.Stop, job, stuck)
		h.emu.Advance(durCmpStopping)
		if item = fam.task(h, job, stuck); *item.Status != cmpCanceled || *item.CompareProcess.Status != phaseCanceled {
			t.Fatalf("stopped %s", jsonOf(item))
		}

		// StickIn readyRun, then a forced stop that is quicker.
		sticky := fam.create(h, job, nil)
		if err := h.emu.SetOutcome(testRegion, sticky, Outcome{StickIn: cmpReadyRun}); err != nil {
			t.Fatal(err)
		}
		fam.runTask(h, job, sticky)
		if st := *fam.task(h, job, sticky).Status; st != cmpReadyRun {
			t.Fatalf("StickIn readyRun: %s", st)
		}
		if err := fam.op(h, fam.Stop, job, sticky, map[string]any{"ForceStop": true}); err != nil {
			t.Fatal(err)
		}
		h.emu.Advance(durCmpForceStopping)
		if st := *fam.task(h, job, sticky).Status; st != cmpCanceled {
			t.Fatalf("forced stop: %s", st)
		}

		// Administration: hold, force, delete.
		held := fam.create(h, job, custom("shop", "orders"))
		fam.mustOp(h, fam.Start, job, held)
		if err := h.emu.HoldJob(testRegion, held, true); err != nil {
			t.Fatal(err)
		}
		h.emu.Advance(time.Hour)
		if st := *fam.task(h, job, held).Status; st != cmpReadyRun {
			t.Fatalf("held task moved to %s", st)
		}
		if err := h.emu.HoldJob(testRegion, held, false); err != nil {
			t.Fatal(err)
		}
		h.emu.Advance(time.Hour)
		if st := *fam.task(h, job, held).Status; st != cmpSuccess {
			t.Fatalf("released task is %s", st)
		}
		if err := h.emu.ForceStatus(testRegion, held, "checking", ""); err == nil {
			t.Error("ForceStatus accepted a migration status for a compare task")
		}
		if err := h.emu.SetOutcome(testRegion, held, Outcome{RunEnds: stError}); err == nil {
			t.Error("SetOutcome accepted RunEnds error for a compare task")
		}
		if err := h.emu.DeleteJob(testRegion, held); err != nil {
			t.Fatal(err)
		}
		wantCode(t, fam.op(h, fam.Report, job, held, nil), codeResourceNotFound)
		if st, _ := fam.parentStatus(h, job); st == "" {
			t.Error("deleting a task deleted its parent")
		}
	})
}

// parentStatus is the parent's status, "" when it is gone.
func (fam cmpFamily) parentStatus(h *harness, job string) (string, bool) {
	for _, s := range h.emu.Jobs(testRegion) {
		if s.JobID == job {
			return s.Status, true
		}
	}
	return "", false
}

// In step mode each read of a task moves it one step.
func TestCompareStepMode(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	fam := migrationFamilyT
	job := h.create(nil)[0]
	h.mustForce(job, stRunning)
	task := fam.create(h, job, custom("db1", "sbtest1"))
	fam.mustOp(h, fam.Start, job, task)
	var seen []string
	for range 8 {
		item := fam.task(h, job, task)
		seen = append(seen, *item.Status+"/"+*item.CheckProcess.Status+"/"+*item.CompareProcess.Status)
	}
	want := []string{
		"readyRun/notStarted/notStarted", "running/running/notStarted", "running/running/notStarted", "running/running/notStarted",
		"running/success/running", "success/success/success", "success/success/success", "success/success/success",
	}
	if strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Errorf("reads saw %v, want %v", seen, want)
	}
}
