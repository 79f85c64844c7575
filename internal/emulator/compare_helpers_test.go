package emulator

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Test support for compare tasks: parents of both families with a given
// selection, and calls by family.

// dbSel is a parent's selection of one database: the whole database when
// tables is nil.
type dbSel struct {
	name   string
	tables []string
}

// cmpFamily is a family as the tests drive it.
type cmpFamily struct {
	*compareFamily
	Tasks, Report, DiffItems, Gtid string
	// parent makes a parent job that allows compare tasks, selecting dbs
	// (the whole instance when nil), on a link src → dst.
	parent func(h *harness, dbs []dbSel, src, dst string) string
}

var (
	migrationFamilyT = cmpFamily{
		compareFamily: migrationCompare, Tasks: "DescribeCompareTasks", Report: "DescribeCompareReport",
		DiffItems: "DescribeCompareDiffItems", Gtid: "DescribeMigrateGtidCompareReport", parent: migrationParent,
	}
	syncFamilyT = cmpFamily{
		compareFamily: syncCompare, Tasks: "DescribeSyncCompareTasks", Report: "DescribeSyncCompareReport",
		DiffItems: "DescribeSyncCompareDiffItems", Gtid: "DescribeSyncGtidCompareReport", parent: syncParent,
	}
)

// forEachFamily runs f for both families.
func forEachFamily(t *testing.T, f func(t *testing.T, fam cmpFamily)) {
	for _, fam := range []cmpFamily{migrationFamilyT, syncFamilyT} {
		t.Run(fam.Parent, func(t *testing.T) { f(t, fam) })
	}
}

// migrationParent buys, configures, checks and starts a migration job up
// to readyComplete.
func migrationParent(h *harness, dbs []dbSel, src, dst string) string {
	h.t.Helper()
	id := h.create(map[string]any{"SrcDatabaseType": src, "DstDatabaseType": dst})[0]
	h.emu.Advance(durCreating)
	if src != "mysql" || dst != "mysql" {
		// No configuration (the endpoints would have to be of these
		// types): the job is forced to readyComplete with its purchase.
		h.mustForce(id, stReadyComplete)
		return id
	}
	cfg := config(id, "fullAndIncrement")
	table := map[string]any{"ObjectMode": "all"}
	if dbs != nil {
		var list []map[string]any
		for _, d := range dbs {
			item := map[string]any{"DbName": d.name, "DBMode": "all"}
			if d.tables != nil {
				var tables []map[string]any
				for _, t := range d.tables {
					tables = append(tables, map[string]any{"TableName": t})
				}
				item = map[string]any{"DbName": d.name, "DBMode": "partial", "TableMode": "partial", "Tables": tables}
			}
			list = append(list, item)
		}
		table = map[string]any{"ObjectMode": "partial", "Databases": list}
	}
	cfg["MigrateOption"].(map[string]any)["DatabaseTable"] = table
	h.mustCall("ModifyMigrationJob", cfg)
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(time.Hour)
	h.mustJobOp("StartMigrateJob", id)
	h.emu.Advance(time.Hour)
	if st, _ := h.status(id); st != stReadyComplete {
		h.t.Fatalf("parent %s is %s", id, st)
	}
	return id
}

// syncParent files a Running sync job with a selection.
func syncParent(h *harness, dbs []dbSel, src, dst string) string {
	h.t.Helper()
	objects := &dtsapi.Objects{Mode: ptr("All")}
	if dbs != nil {
		objects = &dtsapi.Objects{Mode: ptr("Partial")}
		for _, d := range dbs {
			db := &dtsapi.Database{DbName: ptr(d.name), DbMode: ptr("All")}
			if d.tables != nil {
				db.DbMode, db.TableMode = ptr("Partial"), ptr("Partial")
				for _, t := range d.tables {
					db.Tables = append(db.Tables, &dtsapi.Table{TableName: ptr(t)})
				}
			}
			objects.Databases = append(objects.Databases, db)
		}
	}
	return addSyncJob(h, objects, nil, src, dst)
}

// addSyncJob files a Running, configured sync job with objects and options
// on a src → dst link, in process (the configuration rules would need
// endpoints of those types).
func addSyncJob(h *harness, objects *dtsapi.Objects, options *dtsapi.Options, src, dst string) string {
	e := h.emu
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.jobNow()
	j := &syncJob{
		jobBase: jobBase{
			lifecycle: lifecycle{Status: syRunning, StatusSince: now, Trade: syNormal, TradeSince: now, Sub: optNormal, SubSince: now},
			JobID:     e.newJobID(syncKind, ""), Region: testRegion, CreateTime: now, UpdateTime: now,
		},
		PayMode: "PostPay", SrcDatabaseType: src, DstDatabaseType: dst, SrcRegion: testRegion, DstRegion: testRegion,
		InstanceClass: "small", Billed: true, Configured: true, StartTime: now,
		syncConfig: syncConfig{RunMode: syncRunImmediate, Objects: objects, Options: options},
	}
	e.addJob(syncKind, j)
	return j.JobID
}

// mustForce forces a job or task into a status.
func (h *harness) mustForce(id, status string) {
	h.t.Helper()
	if err := h.emu.ForceStatus(testRegion, id, status, ""); err != nil {
		h.t.Fatal(err)
	}
}

// ---- calls by family ----

func (fam cmpFamily) create(h *harness, job string, params map[string]any) string {
	h.t.Helper()
	var resp dtsapi.CreateCompareTaskResponse
	h.mustDTS(fam.Create, merged(map[string]any{"JobId": job}, params), &resp)
	return *resp.CompareTaskId
}

// op calls an action on a task with extra parameters.
func (fam cmpFamily) op(h *harness, action, job, task string, params map[string]any) error {
	return h.call(action, merged(map[string]any{"JobId": job, "CompareTaskId": task}, params))
}

func (fam cmpFamily) mustOp(h *harness, action, job, task string) {
	h.t.Helper()
	if err := fam.op(h, action, job, task, nil); err != nil {
		h.t.Fatalf("%s %s: %v", action, task, err)
	}
}

func (fam cmpFamily) tasks(h *harness, job string, params map[string]any) *dtsapi.DescribeCompareTasksResponse {
	h.t.Helper()
	var resp dtsapi.DescribeCompareTasksResponse
	h.mustDTS(fam.Tasks, merged(map[string]any{"JobId": job}, params), &resp)
	return &resp
}

// task is the one item DescribeCompareTasks lists for a task.
func (fam cmpFamily) task(h *harness, job, task string) *dtsapi.CompareTaskItem {
	h.t.Helper()
	resp := fam.tasks(h, job, map[string]any{"CompareTaskId": task})
	if len(resp.Items) != 1 {
		h.t.Fatalf("task %s listed %d times", task, len(resp.Items))
	}
	return resp.Items[0]
}

func (fam cmpFamily) report(h *harness, job, task string, params map[string]any) *dtsapi.DescribeSyncCompareReportResponse {
	h.t.Helper()
	var resp dtsapi.DescribeSyncCompareReportResponse
	h.mustDTS(fam.Report, merged(map[string]any{"JobId": job, "CompareTaskId": task}, params), &resp)
	return &resp
}

func (fam cmpFamily) diffItems(h *harness, job, task string, params map[string]any) *dtsapi.DescribeCompareDiffItemsResponse {
	h.t.Helper()
	var resp dtsapi.DescribeCompareDiffItemsResponse
	h.mustDTS(fam.DiffItems, merged(map[string]any{"JobId": job, "CompareTaskId": task}, params), &resp)
	return &resp
}

// custom is a custom selection of tables of one database.
func custom(db string, tables ...string) map[string]any {
	var list []map[string]any
	for _, t := range tables {
		list = append(list, map[string]any{"TableName": t})
	}
	return map[string]any{"ObjectMode": "custom", "Objects": map[string]any{
		"ObjectMode":  "partial",
		"ObjectItems": []map[string]any{{"DbName": db, "DbMode": "partial", "TableMode": "partial", "Tables": list}},
	}}
}

// runTask starts a task and advances the clock until it ends.
func (fam cmpFamily) runTask(h *harness, job, task string) {
	h.t.Helper()
	fam.mustOp(h, fam.Start, job, task)
	h.emu.Advance(time.Hour)
}

// jsonOf renders v for a failure message.
func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
