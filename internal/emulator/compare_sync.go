package emulator

import (
	"slices"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// What the sync kind provides to be the parent of sync compare tasks
// (CreateSyncCompareTask, …), the contract between the two kinds:
//
//  1. The kind is registered under the name "sync" (compareFamily.Parent),
//     before compareKind in kinds.
//  2. Its job type implements compareParent, with the helpers below:
//
//     func (j *syncJob) compareScope() *dtsapi.CompareObject { return syncCompareScope(j.Objects) }
//     func (j *syncJob) compareLink() (string, string)        { return j.SrcDatabaseType, j.DstDatabaseType }
//     func (j *syncJob) compareDisabled() string               { return syncCompareDisabled(j.Objects, j.Options) }
//
//  3. Its operation table has a row for CreateSyncCompareTask with the verb
//     createCmpTask, allowed in Running ("CreateSyncCompareTask" is the
//     action the create handler operates on the parent with; no status
//     changes). Without the row the action answers UnsupportedOperation.
//  4. It renders SyncJobInfo.Detail.CauseOfCompareDisable as
//     j.compareDisabled(): the same text CreateSyncCompareTask answers when
//     it refuses a builtin check.
//
// The tests register a stand-in sync kind that does exactly this
// (compare_sync_test.go).

// syncCompareScope is a sync job's selection (ConfigureSyncJob's Objects,
// whose modes are spelled All and Partial) as compare objects: the whole
// instance unless Mode is Partial.
func syncCompareScope(o *dtsapi.Objects) *dtsapi.CompareObject {
	if o == nil || !strings.EqualFold(deref(o.Mode), "partial") {
		return &dtsapi.CompareObject{ObjectMode: ptr("all")}
	}
	out := &dtsapi.CompareObject{ObjectMode: ptr("partial")}
	for _, db := range o.Databases {
		if db == nil {
			continue
		}
		item := &dtsapi.CompareObjectItem{
			DbName: db.DbName, DbMode: lower(db.DbMode), SchemaName: db.SchemaName,
			TableMode: lower(db.TableMode), ViewMode: lower(db.ViewMode),
		}
		for _, t := range db.Tables {
			if t == nil {
				continue
			}
			ct := &dtsapi.CompareTableItem{TableName: t.TableName, ColumnMode: lower(t.ColumnMode)}
			for _, c := range t.Columns {
				if c != nil {
					ct.Columns = append(ct.Columns, &dtsapi.CompareColumnItem{ColumnName: c.ColumnName})
				}
			}
			item.Tables = append(item.Tables, ct)
		}
		out.ObjectItems = append(out.ObjectItems, item)
	}
	return out
}

func lower(s *string) *string {
	if s == nil {
		return nil
	}
	return ptr(strings.ToLower(*s))
}

// causeDMLFilter is SyncDetailInfo.CauseOfCompareDisable of a job that
// filters DML, verbatim from the DescribeSyncJobs sample.
const causeDMLFilter = "当前任务开启了DML过滤()。"

// syncCompareDisabled is why a builtin check cannot be created on a sync
// job ("" when it can): the job filters DML — its Options.OpTypes, or the
// OpTypes of a database or table of Objects.DatabasesOpFilter, lack one of
// Insert, Update and Delete (an empty list filters nothing).
func syncCompareDisabled(o *dtsapi.Objects, opts *dtsapi.Options) string {
	filters := func(ops []*string) bool {
		if len(ops) == 0 {
			return false
		}
		for _, dml := range []string{"Insert", "Update", "Delete"} {
			if !slices.ContainsFunc(ops, func(op *string) bool { return op != nil && *op == dml }) {
				return true
			}
		}
		return false
	}
	if opts != nil && filters(opts.OpTypes) {
		return causeDMLFilter
	}
	if o == nil {
		return ""
	}
	for _, db := range o.DatabasesOpFilter {
		if db == nil {
			continue
		}
		if db.OpFilter != nil && filters(db.OpFilter.OpTypes) {
			return causeDMLFilter
		}
		for _, t := range db.Tables {
			if t != nil && t.OpFilter != nil && filters(t.OpFilter.OpTypes) {
				return causeDMLFilter
			}
		}
	}
	return ""
}
