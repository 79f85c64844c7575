package emulator

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// shopTables is the parent selection of the report tests: one database
// with a table of each kind.
var shopTables = []dbSel{{"shop", []string{"orders", "diff_7_items", "skip_logs", "diff_refunds", "skip_audit", "users"}}}

// A different conclusion: the task's list, its report (abstract, differing
// and skipped tables, paged and filtered) and its differing rows agree.
func TestCompareDifferentReportAndDiffItemsAgree(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, shopTables, "mysql", "mysql")
		task := fam.create(h, job, nil)
		fam.runTask(h, job, task)

		item := fam.task(h, job, task)
		if *item.Conclusion != dtsapi.CompareConclusionDifferent || *item.CompareProcess.StepAll != 4 {
			t.Fatalf("task %s", jsonOf(item))
		}
		r := fam.report(h, job, task, nil)
		a := r.Abstract
		if *a.Conclusion != dtsapi.CompareConclusionDifferent || *a.Status != cmpSuccess || *a.TotalTables != 6 ||
			*a.NearlyTableCount != 6 || *a.CheckedTables != 4 || *a.DifferentTables != 2 || *a.SkippedTables != 2 ||
			*a.DifferentRows != 10 || *a.StartedAt != *item.StartedAt || *a.FinishedAt != *item.FinishedAt {
			t.Fatalf("abstract %s", jsonOf(a))
		}
		if got := tableNames(r.Detail.Difference.Items); *r.Detail.Difference.TotalCount != 2 ||
			!slices.Equal(got, []string{"diff_7_items", "diff_refunds"}) {
			t.Fatalf("difference %s", jsonOf(r.Detail.Difference))
		}
		if d := r.Detail.Difference.Items[0]; *d.Db != "shop" || *d.Chunk != 0 || *d.IndexName != "PRIMARY" || *d.SrcItem == *d.DstItem ||
			*d.FinishedAt == "" {
			t.Errorf("difference item %s", jsonOf(d))
		}
		// One Advance ran the whole task; each table still ran in its own
		// 10 s, after the 10 s start and the 15 s of checks.
		started := parseTime(t, *item.StartedAt)
		for i, want := range []time.Duration{45 * time.Second, 55 * time.Second} {
			fp := r.Detail.FullProgress.Items[i]
			if got := parseTime(t, *fp.FinishedAt).Sub(started); got != want || parseTime(t, *fp.StartedAt).Sub(started) != want-durCmpTable {
				t.Errorf("%s ran %s – %s after the start, want until %s", *fp.Table, *fp.StartedAt, *fp.FinishedAt, want)
			}
		}
		if fp := r.Detail.FullProgress; *fp.TotalCount != 2 || *fp.Items[0].RowCount != 7 || *fp.Items[1].RowCount != 3 ||
			*fp.Items[0].Conclusion != dtsapi.CompareConclusionDifferent {
			t.Errorf("full progress %s", jsonOf(fp))
		}
		sk := r.Detail.Skipped
		if *sk.TotalCount != 2 || *sk.Items[0].Table != "skip_logs" || *sk.Items[1].Table != "skip_audit" || *sk.Items[0].Reason != skipReason {
			t.Fatalf("skipped %s", jsonOf(sk))
		}
		if fam.Parent == "migration" {
			if r.IncAbstract != nil && deref(r.IncAbstract.StartPosition) != "" {
				t.Errorf("migration report has an IncAbstract: %s", jsonOf(r.IncAbstract))
			}
		}

		// Paging and searching.
		r = fam.report(h, job, task, map[string]any{"DifferenceLimit": 1, "DifferenceOffset": 1, "SkippedLimit": 1})
		if *r.Detail.Difference.TotalCount != 2 || !slices.Equal(tableNames(r.Detail.Difference.Items), []string{"diff_refunds"}) ||
			*r.Detail.Skipped.TotalCount != 2 || len(r.Detail.Skipped.Items) != 1 {
			t.Errorf("paged report %s", jsonOf(r.Detail))
		}
		r = fam.report(h, job, task, map[string]any{"DifferenceTable": "refund", "SkippedDB": "nope"})
		if *r.Detail.Difference.TotalCount != 1 || *r.Detail.Skipped.TotalCount != 0 || *r.Abstract.DifferentTables != 2 {
			t.Errorf("searched report %s", jsonOf(r.Detail))
		}
		wantCode(t, fam.op(h, fam.Report, job, task, map[string]any{"DifferenceLimit": 101}), codeInvalidParameterValue)

		// The differing rows: 7 + 3, typed by id.
		d := fam.diffItems(h, job, task, map[string]any{"Limit": 100})
		if *d.TotalCount != 10 || len(d.Items) != 10 {
			t.Fatalf("diff items %s", jsonOf(d))
		}
		var kinds []string
		for _, it := range d.Items[:3] {
			kinds = append(kinds, *it.DiffType)
		}
		if !slices.Equal(kinds, []string{"data", "dstLack", "srcLack"}) || len(d.Items[1].DstItem) != 0 || len(d.Items[2].SrcItem) != 0 ||
			*d.Items[0].Identifier != "id=1" || *d.Items[0].TableName != "diff_7_items" || *d.Items[9].TableName != "diff_refunds" {
			t.Errorf("diff items %s", jsonOf(d.Items))
		}
		d = fam.diffItems(h, job, task, map[string]any{"TableName": "diff_refunds", "Limit": 2, "Offset": 1})
		if *d.TotalCount != 3 || len(d.Items) != 2 || *d.Items[0].Identifier != "id=2" {
			t.Errorf("filtered diff items %s", jsonOf(d))
		}
		if d = fam.diffItems(h, job, task, map[string]any{"ChunkId": 1}); *d.TotalCount != 0 {
			t.Errorf("chunk 1 has rows: %s", jsonOf(d))
		}
	})
}

func tableNames(items []*dtsapi.DifferenceItem) []string {
	var out []string
	for _, d := range items {
		out = append(out, *d.Table)
	}
	return out
}

// same, skipAll, rowsCount, whole databases and whole instances.
func TestCompareConclusions(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		cases := []struct {
			name           string
			dbs            []dbSel
			params         map[string]any
			conclusion     string
			tables, rows   uint64
			skipped, diffs uint64
		}{
			{"whole instance", nil, nil, dtsapi.CompareConclusionSame, 6, 0, 0, 0},
			{"whole diff_ database", []dbSel{{"diff_2_shop", nil}}, nil, dtsapi.CompareConclusionDifferent, 3, 6, 0, 3},
			{"all skipped", shopTables, custom("shop", "skip_logs", "skip_audit"), dtsapi.CompareConclusionSkipAll, 2, 0, 2, 0},
			{"whole skip_ database", []dbSel{{"skip_archive", nil}}, nil, dtsapi.CompareConclusionSkipAll, 3, 0, 3, 0},
			{"custom same", shopTables, custom("shop", "orders", "users"), dtsapi.CompareConclusionSame, 2, 0, 0, 0},
			{"custom all under a partial parent", shopTables, map[string]any{"ObjectMode": "custom", "Objects": map[string]any{"ObjectMode": "all"}},
				dtsapi.CompareConclusionDifferent, 6, 10, 2, 2},
			{"custom whole database under a partial parent", shopTables, map[string]any{"ObjectMode": "custom", "Objects": map[string]any{
				"ObjectMode": "partial", "ObjectItems": []map[string]any{{"DbName": "shop", "DbMode": "all"}}}},
				dtsapi.CompareConclusionDifferent, 6, 10, 2, 2},
		}
		for _, c := range cases {
			h := newHarness(t, Options{})
			job := fam.parent(h, c.dbs, "mysql", "mysql")
			task := fam.create(h, job, c.params)
			fam.runTask(h, job, task)
			a := fam.report(h, job, task, nil).Abstract
			if *a.Conclusion != c.conclusion || *a.TotalTables != c.tables || *a.DifferentRows != c.rows ||
				*a.SkippedTables != c.skipped || *a.DifferentTables != c.diffs || *a.CheckedTables != c.tables-c.skipped {
				t.Errorf("%s: abstract %s", c.name, jsonOf(a))
			}
			if got := *fam.task(h, job, task).Conclusion; got != c.conclusion {
				t.Errorf("%s: task conclusion %s", c.name, got)
			}
		}
	})
}

// A row count comparison counts rows and lists no differing row.
func TestCompareRowsCount(t *testing.T) {
	h := newHarness(t, Options{})
	fam := migrationFamilyT
	job := fam.parent(h, shopTables, "mysql", "mysql")
	task := fam.create(h, job, map[string]any{"Options": map[string]any{"Method": "rowsCount"}})
	fam.runTask(h, job, task)
	r := fam.report(h, job, task, nil)
	if a := r.Abstract; *a.SrcSampleRows != 4000 || *a.DstSampleRows != 3990 || *a.DifferentRows != 10 {
		t.Errorf("rowsCount abstract %s", jsonOf(a))
	}
	if d := r.Detail.Difference.Items[0]; *d.SrcItem != "1000" || *d.DstItem != "993" {
		t.Errorf("rowsCount difference %s", jsonOf(d))
	}
	if d := fam.diffItems(h, job, task, nil); *d.TotalCount != 0 {
		t.Errorf("rowsCount lists rows: %s", jsonOf(d))
	}
	if *fam.task(h, job, task).Method != "rowsCount" {
		t.Error("Method is not the option's")
	}
}

// The GTID reports follow the task: not started, running, then the
// comparison of GTID sets; the job's latest task without CompareTaskId.
func TestCompareGtidReport(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, shopTables, "mysql", "mysql")
		gtid := func(params map[string]any) *dtsapi.DescribeMigrateGtidCompareReportResponse {
			t.Helper()
			var resp dtsapi.DescribeMigrateGtidCompareReportResponse
			h.mustDTS(fam.Gtid, merged(map[string]any{"JobId": job}, params), &resp)
			return &resp
		}
		if r := gtid(nil); *r.Status != phaseNotStarted || *r.Type != "gtid" || len(r.Detail) != 0 {
			t.Fatalf("no task: %s", jsonOf(r))
		}
		same := fam.create(h, job, custom("shop", "orders"))
		fam.runTask(h, job, same)
		r := gtid(map[string]any{"CompareTaskId": same})
		if *r.Conclusion != dtsapi.CompareConclusionSame || *r.Status != cmpSuccess || len(r.Detail) != 1 ||
			*r.Detail[0].Result != "consistent" || *r.Detail[0].SrcGtidSets != *r.Detail[0].DstGtidSets || *r.Detail[0].DiffSrc != "" {
			t.Fatalf("same: %s", jsonOf(r))
		}
		diff := fam.create(h, job, nil)
		if r := gtid(nil); *r.Status != phaseNotStarted || *r.Conclusion != "" {
			t.Errorf("latest task not started: %s", jsonOf(r))
		}
		fam.mustOp(h, fam.Start, job, diff)
		if r := gtid(nil); *r.Status != phaseRunning {
			t.Errorf("latest task starting: %s", jsonOf(r))
		}
		h.emu.Advance(time.Hour)
		r = gtid(map[string]any{"NeedDiffDetail": true})
		d := r.Detail[0]
		if *r.Conclusion != dtsapi.CompareConclusionDifferent || *d.Result != "inconsistent" || !*d.DiffSrcIsNeedSync ||
			!slices.Equal(ptrValues(d.DiffSrcTables), []string{"shop.diff_7_items", "shop.diff_refunds"}) ||
			!slices.Equal(ptrValues(d.DiffSrcTablesNeedSync), ptrValues(d.DiffSrcTables)) {
			t.Fatalf("different: %s", jsonOf(r))
		}
		if want := fmt.Sprintf("%s:105991-106000", serverUUID(job)); *d.DiffSrc != want {
			t.Errorf("DiffSrc %s, want %s (10 differing rows of 106000 transactions: 100 000 + 1 000 per table)", *d.DiffSrc, want)
		}
		if r := gtid(nil); len(r.Detail[0].DiffSrcTables) != 0 {
			t.Errorf("tables listed without NeedDiffDetail: %s", jsonOf(r))
		}
		wantCode(t, h.call(fam.Gtid, map[string]any{"JobId": job, "CompareTaskId": job + "-cmp-zzzzzzzz"}), codeResourceNotFound)
	})
}

// Every compare read answers exactly the members of its response structure,
// zero-filled, and every member of its real sample.
func TestCompareResponsesHaveTheSamplesMembers(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam cmpFamily) {
		h := newHarness(t, Options{})
		job := fam.parent(h, shopTables, "mysql", "mysql")
		orders := map[string]any{"TableName": "orders"}
		if fam.Columns {
			orders = map[string]any{"TableName": "orders", "ColumnMode": "partial", "Columns": []map[string]any{{"ColumnName": "id"}}}
		}
		task := fam.create(h, job, items(map[string]any{
			"DbName": "shop", "DbMode": "partial", "TableMode": "partial", "ViewMode": "partial",
			"Tables": []map[string]any{orders, {"TableName": "diff_refunds"}, {"TableName": "skip_logs"}},
			"Views":  []map[string]any{{"ViewName": "v_orders"}},
		}))
		fam.runTask(h, job, task)
		types := map[string]reflect.Type{
			fam.Tasks: reflect.TypeFor[dtsapi.DescribeCompareTasksResponse](), fam.Report: reflect.TypeFor[dtsapi.DescribeCompareReportResponse](),
			fam.DiffItems: reflect.TypeFor[dtsapi.DescribeCompareDiffItemsResponse](), fam.Gtid: reflect.TypeFor[dtsapi.DescribeMigrateGtidCompareReportResponse](),
		}
		if fam.Parent == "sync" {
			types[fam.Report] = reflect.TypeFor[dtsapi.DescribeSyncCompareReportResponse]()
		}
		for action, typ := range types {
			params := map[string]any{"JobId": job, "CompareTaskId": task}
			if action == fam.Gtid {
				params["NeedDiffDetail"] = true
			}
			matchesSample(t, h, action, params, typ)
		}
	})
}

func parseTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(dtsapi.TimeLayout, s, dtsapi.Beijing)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
