package emulator

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Data consistency checks (compare tasks). A compare task is a child of a
// migration job (dts-xxxxxxxx-cmp-xxxxxxxx) or of a sync job
// (sync-xxxxxxxx-cmp-xxxxxxxx). The two API families — CreateCompareTask,
// StartCompare, … for migration jobs and CreateSyncCompareTask,
// StartSyncCompare, … for sync jobs — are one behavior: a family is the
// parent's kind plus the names and models of its actions (compareFamily);
// the handlers are written once over the migration family's models and
// adapted to the sync family's (compare_actions.go).

// compareTask is one consistency check as the emulator stores it. Its
// JobName is the TaskName, its CreateTime CreatedAt.
type compareTask struct {
	jobBase

	// ObjectMode is sameAsMigrate (the parent's objects) or custom.
	ObjectMode string
	// Objects are the objects as configured (custom) or the parent's
	// selection when the task was created or last modified
	// (sameAsMigrate), with the read-back defaults: what Config and
	// Abstract.Objects show.
	Objects *dtsapi.CompareObject
	// Scope is what is compared: Objects narrowed to the parent's
	// selection (a custom "all" under a partial parent is the parent's
	// selection). The tables of the task derive from it (compareTables).
	Scope *dtsapi.CompareObject
	// Options are the options with their defaults filled in.
	Options *dtsapi.CompareOptions

	StartedAt  time.Time `json:",omitzero"`
	FinishedAt time.Time `json:",omitzero"`
	// ForceStop is the last StopCompare's ForceStop.
	ForceStop bool `json:",omitempty"`
	// Message is CompareTaskItem.Message: "done" after a success (as in
	// the sample), the reason of a failure or a stop.
	Message string `json:",omitempty"`
}

// compareKind registers compare tasks: children of migration and sync jobs.
// Every compare action answers ResourceNotFound.ResourceNotFoundError for an
// unknown task, as error-codes.txt lists for each of them (the two GTID
// reports list no code: inferred the same).
var compareKind = newKind[compareTask](kind{
	Name: "compare", Noun: "compare task", IDPrefix: "cmp", IDLength: 8,
	Parents:         []string{"migration", "sync"},
	DefaultNotFound: codeResourceNotFound,
	RunEnds:         []string{cmpFailed},
}, compareMachine)

// compareParent is what a compare task needs of its parent job. The job
// types of the parent kinds (migration and sync jobs) implement it; the
// parent kind's operation table has a row for the family's create action
// (CreateCompareTask, CreateSyncCompareTask) with the verb createCmpTask,
// which says in which statuses a task may be created.
type compareParent interface {
	job
	// compareScope is the parent's selection of objects as compare objects:
	// ObjectMode all (the whole instance) or partial with its databases and
	// tables (and, for sync jobs, columns).
	compareScope() *dtsapi.CompareObject
	// compareLink is the source and target database types.
	compareLink() (src, dst string)
	// compareDisabled is why a builtin check cannot be created on the job
	// now ("" when it can): sync's SyncDetailInfo.CauseOfCompareDisable.
	compareDisabled() string
}

// compareFamily is one API family of compare actions: its parent kind and
// its action names.
type compareFamily struct {
	// Parent is the parent kind's name; Noun names a parent in messages.
	Parent, Noun                                    string
	Create, Start, Stop, Modify, ModifyName, Delete string
	// Columns reports whether the family's objects may select columns
	// (CompareTableItem.ColumnMode partial): "该参数仅对数据同步任务有效".
	Columns bool
}

var (
	migrationCompare = &compareFamily{
		Parent: "migration", Noun: "migration job",
		Create: "CreateCompareTask", Start: "StartCompare", Stop: "StopCompare",
		Modify: "ModifyCompareTask", ModifyName: "ModifyCompareTaskName", Delete: "DeleteCompareTask",
	}
	syncCompare = &compareFamily{
		Parent: "sync", Noun: "sync job",
		Create: "CreateSyncCompareTask", Start: "StartSyncCompare", Stop: "StopSyncCompare",
		Modify: "ModifySyncCompareTask", ModifyName: "ModifySyncCompareTaskName", Delete: "DeleteSyncCompareTask",
		Columns: true,
	}
	compareFamilies = []*compareFamily{migrationCompare, syncCompare}
)

// ---- the migration job as a parent ----

// compareScope: the migration job's MigrateOption.DatabaseTable (the whole
// instance before any configuration).
func (j *migrationJob) compareScope() *dtsapi.CompareObject {
	if j.MigrateOption == nil || j.MigrateOption.DatabaseTable == nil ||
		deref(j.MigrateOption.DatabaseTable.ObjectMode) != "partial" {
		return &dtsapi.CompareObject{ObjectMode: ptr("all")}
	}
	out := &dtsapi.CompareObject{ObjectMode: ptr("partial")}
	for _, db := range j.MigrateOption.DatabaseTable.Databases {
		if db == nil {
			continue
		}
		item := &dtsapi.CompareObjectItem{
			DbName: db.DbName, DbMode: db.DBMode, SchemaName: db.SchemaName,
			TableMode: db.TableMode, ViewMode: db.ViewMode,
		}
		for _, t := range db.Tables {
			if t != nil {
				item.Tables = append(item.Tables, &dtsapi.CompareTableItem{TableName: t.TableName})
			}
		}
		out.ObjectItems = append(out.ObjectItems, item)
	}
	return out
}

func (j *migrationJob) compareLink() (string, string) { return j.SrcDatabaseType, j.DstDatabaseType }

// compareDisabled: a migration job never refuses a builtin check.
func (j *migrationJob) compareDisabled() string { return "" }

// ---- what is compared, and what the comparison finds ----

// The emulator's data: every table holds compareTableRows rows on the
// source, keyed by an integer primary key id from 1, compared in chunks of
// compareChunkRows rows (chunk k holds ids 100k+1 … 100(k+1)).
const (
	compareTableRows = 1000
	compareChunkRows = 100
	// compareDiffRows is how many rows a diff_ table differs in when its
	// name gives no number.
	compareDiffRows = 3
)

// Table and database name prefixes that steer what a comparison finds
// (README "Compare tasks").
const (
	prefixDiff  = "diff_"
	prefixSkip  = "skip_"
	prefixFail  = "fail_"
	prefixStuck = "stuck_"
)

// skipReason is SkippedItem.Reason of a skip_ table.
const skipReason = "the table has no primary key or unique index: it cannot be compared"

// cmpTable is one table a task covers, with what the comparison finds.
type cmpTable struct {
	Db, Schema, Table string
	// Skipped tables are not compared (SkippedItem).
	Skipped bool
	// DiffRows is the number of rows that differ (0: the table is the same).
	DiffRows int
	// Fails makes the task fail; Stuck makes it never finish.
	Fails, Stuck bool
}

// name is the table's qualified name: db.table, or db.schema.table.
func (t cmpTable) name() string {
	if t.Schema != "" {
		return t.Db + "." + t.Schema + "." + t.Table
	}
	return t.Db + "." + t.Table
}

// syntheticDatabases are the databases of a whole instance, and
// syntheticTables the tables of a whole database (sysbench's names, as in
// the samples).
var (
	syntheticDatabases = []string{"db1", "db2"}
	syntheticTables    = []string{"sbtest1", "sbtest2", "sbtest3"}
)

// compareTables lists the tables a scope covers, in the order of its
// databases and tables, each with what the comparison finds.
func compareTables(scope *dtsapi.CompareObject) []cmpTable {
	if scope == nil || deref(scope.ObjectMode) != "partial" {
		var out []cmpTable
		for _, db := range syntheticDatabases {
			out = append(out, wholeDatabase(db, "")...)
		}
		return out
	}
	var out []cmpTable
	for _, item := range scope.ObjectItems {
		if item == nil {
			continue
		}
		db, schema := deref(item.DbName), deref(item.SchemaName)
		if deref(item.DbMode) != "partial" || deref(item.TableMode) != "partial" {
			out = append(out, wholeDatabase(db, schema)...)
			continue
		}
		for _, t := range item.Tables {
			if t != nil {
				out = append(out, steer(db, schema, deref(t.TableName)))
			}
		}
	}
	return out
}

func wholeDatabase(db, schema string) []cmpTable {
	out := make([]cmpTable, 0, len(syntheticTables))
	for _, t := range syntheticTables {
		out = append(out, steer(db, schema, t))
	}
	return out
}

// steer applies the naming rules to one table: a rule holds when the
// table's name or its database's name starts with its prefix. skip_ wins
// over diff_; fail_ and stuck_ act on the whole task.
func steer(db, schema, table string) cmpTable {
	t := cmpTable{Db: db, Schema: schema, Table: table}
	has := func(prefix string) bool { return strings.HasPrefix(table, prefix) || strings.HasPrefix(db, prefix) }
	switch {
	case has(prefixSkip):
		t.Skipped = true
	case has(prefixDiff):
		t.DiffRows = diffRows(table)
		if !strings.HasPrefix(table, prefixDiff) {
			t.DiffRows = diffRows(db)
		}
	}
	t.Fails, t.Stuck = has(prefixFail), has(prefixStuck)
	return t
}

// diffRows is the number of differing rows a diff_ name asks for:
// diff_<n>_… (1 ≤ n ≤ 1000) differs in n rows, any other diff_ name in 3.
func diffRows(name string) int {
	rest := strings.TrimPrefix(name, prefixDiff)
	digits, _, _ := strings.Cut(rest, "_")
	if n, err := strconv.Atoi(digits); err == nil && n >= 1 && n <= compareTableRows && digits == strconv.Itoa(n) {
		return n
	}
	return compareDiffRows
}

// tables are the task's tables.
func (t *compareTask) tables() []cmpTable { return compareTables(t.Scope) }

// compared are the tables the task compares (not skipped), in order.
func (t *compareTask) compared() []cmpTable {
	return slices.DeleteFunc(t.tables(), func(x cmpTable) bool { return x.Skipped })
}

// failingTable is the first fail_ table compared, or nil.
func (t *compareTask) failingTable() *cmpTable {
	for _, x := range t.compared() {
		if x.Fails {
			return &x
		}
	}
	return nil
}

// stuck reports whether a compared stuck_ table keeps the task running.
func (t *compareTask) stuck() bool {
	return slices.ContainsFunc(t.compared(), func(x cmpTable) bool { return x.Stuck })
}

// ---- the parent's summary ----

// compareSummary is a migration job's JobItem.CompareTask: its latest
// compare task (the last created) and that task's status in the summary's
// words, or notexist.
func (e *Emulator) compareSummary(region, parentID string, now time.Time) *dtsapi.CompareTaskInfo {
	t := e.latestCompareTask(region, parentID, now)
	if t == nil {
		return &dtsapi.CompareTaskInfo{Status: ptr("notexist")}
	}
	return &dtsapi.CompareTaskInfo{CompareTaskId: ptr(t.JobID), Status: ptr(summaryStatus(t))}
}

// latestCompareTask is the last created task of a parent, brought up to
// now, or nil.
func (e *Emulator) latestCompareTask(region, parentID string, now time.Time) *compareTask {
	var latest *compareTask
	for _, j := range e.st.Jobs.region(compareKind, region) {
		t := j.(*compareTask)
		if t.ParentID != parentID || !e.evolve(compareKind, t, now) {
			continue
		}
		if latest == nil || t.Seq > latest.Seq {
			latest = t
		}
	}
	return latest
}

// summaryStatus maps a task's status to CompareTaskInfo.Status: created →
// unstart; readyRun, running, stopping → running; success → consistent or
// inconsistent (a task that compared nothing, skipAll, is consistent);
// failed and canceled as they are.
func summaryStatus(t *compareTask) string {
	switch t.Status {
	case cmpCreated:
		return "unstart"
	case cmpSuccess:
		if t.conclusion() == dtsapi.CompareConclusionDifferent {
			return "inconsistent"
		}
		return "consistent"
	case cmpFailed, cmpCanceled:
		return t.Status
	}
	return "running"
}
