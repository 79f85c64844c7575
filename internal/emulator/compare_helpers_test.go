package emulator

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Test support for compare tasks: a stand-in sync kind (the real one is
// written elsewhere; it satisfies the same contract, compare_sync.go),
// parents of both families with a given selection, and calls by family.

// stubSyncJob is a sync job as the compare family needs it.
type stubSyncJob struct {
	jobBase
	Src, Dst string
	Objects  *dtsapi.Objects
	Options  *dtsapi.Options
}

func (j *stubSyncJob) compareScope() *dtsapi.CompareObject { return syncCompareScope(j.Objects) }
func (j *stubSyncJob) compareLink() (string, string)       { return j.Src, j.Dst }
func (j *stubSyncJob) compareDisabled() string             { return syncCompareDisabled(j.Objects, j.Options) }

var stubSyncMachine = newMachine("sync",
	func(j *stubSyncJob) *lifecycle { return &j.lifecycle },
	func(j *stubSyncJob) string { return j.JobID },
	func(j *stubSyncJob, at time.Time) { j.UpdateTime = at },
	[]statusDef[stubSyncJob]{{Name: "Running"}, {Name: "Stopped"}, {Name: "Normal", Field: fieldTrade}},
	nil,
	[]opRow[stubSyncJob]{{Action: "CreateSyncCompareTask", Verb: dtsapi.VerbCreateCmpTask, From: []string{"Running"}}},
	[]string{dtsapi.VerbView, dtsapi.VerbCreateCmpTask})

// withSyncKind registers the stand-in sync kind, before the compare kind,
// for the duration of a test (tests that change the registry do not run in
// parallel).
func withSyncKind(t *testing.T) *kind {
	k := newKind[stubSyncJob](kind{
		Name: "sync", Noun: "sync job", IDPrefix: "sync", IDLength: 8, DefaultNotFound: codeResourceNotFound,
	}, stubSyncMachine)
	saved := kinds
	kinds = []*kind{migrationKind, k, compareKind}
	t.Cleanup(func() { kinds = saved })
	return k
}

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

// forEachFamily runs f for both families (the stand-in sync kind
// registered).
func forEachFamily(t *testing.T, f func(t *testing.T, fam cmpFamily)) {
	for _, fam := range []cmpFamily{migrationFamilyT, syncFamilyT} {
		t.Run(fam.Parent, func(t *testing.T) {
			withSyncKind(t)
			f(t, fam)
		})
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

// syncParent files a Running sync job of the stand-in kind.
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

// addSyncJob files a Running sync job with objects and options.
func addSyncJob(h *harness, objects *dtsapi.Objects, options *dtsapi.Options, src, dst string) string {
	e := h.emu
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.jobNow()
	k := kindNamed("sync")
	j := &stubSyncJob{
		jobBase: jobBase{
			lifecycle: lifecycle{Status: "Running", StatusSince: now, Trade: "Normal", TradeSince: now},
			JobID:     e.newJobID(k, ""), Region: testRegion, CreateTime: now, UpdateTime: now,
		},
		Src: src, Dst: dst, Objects: objects, Options: options,
	}
	e.addJob(k, j)
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
	h.mustDTS(fam.Create, mergeParams(map[string]any{"JobId": job}, params), &resp)
	return *resp.CompareTaskId
}

// op calls an action on a task with extra parameters.
func (fam cmpFamily) op(h *harness, action, job, task string, params map[string]any) error {
	return h.call(action, mergeParams(map[string]any{"JobId": job, "CompareTaskId": task}, params))
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
	h.mustDTS(fam.Tasks, mergeParams(map[string]any{"JobId": job}, params), &resp)
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
	h.mustDTS(fam.Report, mergeParams(map[string]any{"JobId": job, "CompareTaskId": task}, params), &resp)
	return &resp
}

func (fam cmpFamily) diffItems(h *harness, job, task string, params map[string]any) *dtsapi.DescribeCompareDiffItemsResponse {
	h.t.Helper()
	var resp dtsapi.DescribeCompareDiffItemsResponse
	h.mustDTS(fam.DiffItems, mergeParams(map[string]any{"JobId": job, "CompareTaskId": task}, params), &resp)
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
