package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The compare report, its differing rows and the GTID report, all computed
// from the task's run (compare_progress.go): a table counts once its step
// is done, skipped tables show once the checks are done.

// cmpResult is a compared table that is done.
type cmpResult struct {
	cmpTable
	Start, Finish time.Time
}

// results are the compared tables that are done, and the skipped tables
// once the checks are done, in the task's order.
func (r *cmpRun) results() (done []cmpResult, skipped []cmpTable) {
	for i, x := range r.t.compared() {
		if ok, start, finish := r.tableDone(i); ok {
			done = append(done, cmpResult{cmpTable: x, Start: start, Finish: finish})
		}
	}
	if r.checksDone() {
		for _, x := range r.t.tables() {
			if x.Skipped {
				skipped = append(skipped, x)
			}
		}
	}
	return done, skipped
}

// rowsCount reports whether the task compares row counts only.
func (t *compareTask) rowsCount() bool { return deref(t.Options.Method) == "rowsCount" }

// describeCompareReport answers the report of one task, at any status:
// what the run has found so far.
func describeCompareReport(c *call, f *compareFamily, req *dtsapi.DescribeCompareReportRequest) (*dtsapi.DescribeSyncCompareReportResponse, error) {
	_, t, err := f.task(c, *req.JobId, *req.CompareTaskId)
	if err != nil {
		return nil, err
	}
	diffPage, err := page(req.DifferenceLimit, req.DifferenceOffset)
	if err != nil {
		return nil, err
	}
	skipPage, err := page(req.SkippedLimit, req.SkippedOffset)
	if err != nil {
		return nil, err
	}
	r := c.e.run(t, c.Now)
	done, skipped := r.results()
	var differing []cmpResult
	for _, x := range done {
		if x.DiffRows > 0 && contains(x.Db, req.DifferenceDB) && contains(x.Table, req.DifferenceTable) {
			differing = append(differing, x)
		}
	}
	var skips []cmpTable
	for _, x := range skipped {
		if contains(x.Db, req.SkippedDB) && contains(x.Table, req.SkippedTable) {
			skips = append(skips, x)
		}
	}
	resp := &dtsapi.DescribeSyncCompareReportResponse{
		Abstract: compareAbstract(t, r),
		Detail: &dtsapi.CompareDetailInfo{
			Difference:    &dtsapi.DifferenceDetail{TotalCount: ptr(uint64(len(differing))), Items: []*dtsapi.DifferenceItem{}},
			Skipped:       &dtsapi.SkippedDetail{TotalCount: ptr(uint64(len(skips))), Items: []*dtsapi.SkippedItem{}},
			FullProgress:  &dtsapi.CompareTableInfo{TotalCount: ptr(uint64(len(differing))), Items: []*dtsapi.CompareTableResult{}},
			IncDifference: &dtsapi.CompareTableInfo{TotalCount: ptr[uint64](0), Items: []*dtsapi.CompareTableResult{}},
		},
		IncAbstract: incrementAbstract(t, len(done)),
	}
	from, to := diffPage.bounds(len(differing))
	for _, x := range differing[from:to] {
		resp.Detail.Difference.Items = append(resp.Detail.Difference.Items, t.differenceItem(x))
		resp.Detail.FullProgress.Items = append(resp.Detail.FullProgress.Items, t.tableResult(x))
	}
	from, to = skipPage.bounds(len(skips))
	for _, x := range skips[from:to] {
		resp.Detail.Skipped.Items = append(resp.Detail.Skipped.Items, &dtsapi.SkippedItem{
			Db: ptr(x.Db), Schema: ptr(x.Schema), Table: ptr(x.Table), Reason: ptr(skipReason),
		})
	}
	c.read(compareKind, t)
	return resp, nil
}

// contains is the report's search: a substring of name (case-sensitive);
// an empty search matches every name.
func contains(name string, search *string) bool { return strings.Contains(name, deref(search)) }

// compareAbstract is the report's Abstract: counts of what the run has
// done so far.
func compareAbstract(t *compareTask, r *cmpRun) *dtsapi.CompareAbstractInfo {
	done, skipped := r.results()
	a := &dtsapi.CompareAbstractInfo{
		Options: t.Options, Objects: t.Objects, Conclusion: ptr(t.conclusion()), Status: ptr(t.Status),
		TotalTables:      ptr(uint64(len(t.tables()))),
		NearlyTableCount: ptr(uint64(len(t.tables()))),
		CheckedTables:    ptr(uint64(len(done))),
		SkippedTables:    ptr(uint64(len(skipped))),
		StartedAt:        fmtTime(t.StartedAt),
		FinishedAt:       fmtTime(t.FinishedAt),
	}
	var tables, rows, src, dst uint64
	for _, x := range done {
		if x.DiffRows > 0 {
			tables++
			rows += uint64(x.DiffRows)
		}
		src += compareTableRows
		dst += uint64(compareTableRows - x.DiffRows)
	}
	a.DifferentTables, a.DifferentRows = ptr(tables), ptr(rows)
	if t.rowsCount() {
		a.SrcSampleRows, a.DstSampleRows = ptr(src), ptr(dst)
	}
	return a
}

// differenceItem is a differing table in Detail.Difference: its first
// differing chunk (0: ids 1–100) by the primary key; SrcItem and DstItem
// are the chunk's checksums, or the table's row counts for rowsCount.
func (t *compareTask) differenceItem(x cmpResult) *dtsapi.DifferenceItem {
	src, dst := checksum(x.name()+"@src"), checksum(x.name()+"@dst")
	if t.rowsCount() {
		src, dst = strconv.Itoa(compareTableRows), strconv.Itoa(compareTableRows-x.DiffRows)
	}
	return &dtsapi.DifferenceItem{
		Db: ptr(x.Db), Schema: ptr(x.Schema), Table: ptr(x.Table), Chunk: ptr[int64](0),
		SrcItem: ptr(src), DstItem: ptr(dst), IndexName: ptr("PRIMARY"),
		LowerBoundary: ptr("1"), UpperBoundary: ptr(strconv.Itoa(compareChunkRows)),
		CostTime: ptr(float64(durCmpTable.Milliseconds())), FinishedAt: fmtTime(x.Finish),
	}
}

// tableResult is a differing table in Detail.FullProgress.
func (t *compareTask) tableResult(x cmpResult) *dtsapi.CompareTableResult {
	out := &dtsapi.CompareTableResult{
		Db: ptr(x.Db), Schema: ptr(x.Schema), Table: ptr(x.Table),
		Conclusion: ptr(dtsapi.CompareConclusionDifferent), Status: ptr(phaseSuccess), Progress: ptr[int64](100),
		RowCount: ptr(int64(x.DiffRows)), StartedAt: fmtTime(x.Start), FinishedAt: fmtTime(x.Finish), ExpectedAt: fmtTime(x.Finish),
	}
	if t.rowsCount() {
		out.SrcItem, out.DstItem = ptr(strconv.Itoa(compareTableRows)), ptr(strconv.Itoa(compareTableRows-x.DiffRows))
	}
	return out
}

// incrementAbstract is the sync report's IncAbstract when the task checks
// the incremental phase (CompareMode increment): 100 records per compared
// table, none differing (inferred); nil otherwise.
func incrementAbstract(t *compareTask, tables int) *dtsapi.IncCompareAbstractInfo {
	for _, m := range t.Options.CompareMode {
		if *m == "increment" {
			return &dtsapi.IncCompareAbstractInfo{
				StartPosition:   ptr("binlog.000001:4"),
				CurrentPosition: ptr(fmt.Sprintf("binlog.000001:%d", 4+100*tables)),
				CheckedRecord:   ptr(uint64(100 * tables)),
				DiffRecord:      ptr[uint64](0), DiffTable: ptr[uint64](0),
			}
		}
	}
	return nil
}

func checksum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:4])
}

// ---- differing rows ----

// describeCompareDiffItems lists the differing rows of the task's done
// tables: rows 1…n of a diff_ table, by id; row i is a data difference
// when i%3 is 1, missing from the target (dstLack) when 2, missing from the
// source (srcLack) when 0. Filters DBName, SchemaName, TableName and ChunkId
// are exact; a rowsCount task lists none.
func describeCompareDiffItems(c *call, f *compareFamily, req *dtsapi.DescribeCompareDiffItemsRequest) (*dtsapi.DescribeCompareDiffItemsResponse, error) {
	_, t, err := f.task(c, *req.JobId, *req.CompareTaskId)
	if err != nil {
		return nil, err
	}
	pg, err := page(req.Limit, req.Offset)
	if err != nil {
		return nil, err
	}
	var items []*dtsapi.DiffChunkItem
	done, _ := c.e.run(t, c.Now).results()
	for _, x := range done {
		if t.rowsCount() || !exact(x.Db, req.DBName) || !exact(x.Schema, req.SchemaName) || !exact(x.Table, req.TableName) {
			continue
		}
		for i := 1; i <= x.DiffRows; i++ {
			if chunk := int64((i - 1) / compareChunkRows); req.ChunkId == nil || *req.ChunkId == chunk {
				items = append(items, diffRow(x, i, chunk))
			}
		}
	}
	from, to := pg.bounds(len(items))
	return &dtsapi.DescribeCompareDiffItemsResponse{TotalCount: ptr(int64(len(items))), Items: items[from:to:to]}, nil
}

func exact(name string, filter *string) bool { return deref(filter) == "" || *filter == name }

// diffRow is differing row i of table x.
func diffRow(x cmpResult, i int, chunk int64) *dtsapi.DiffChunkItem {
	id := strconv.Itoa(i)
	src, dst := []string{id, "src-" + id}, []string{id, "dst-" + id}
	kind := "data"
	switch i % 3 {
	case 2:
		kind, dst = "dstLack", []string{}
	case 0:
		kind, src = "srcLack", []string{}
	}
	return &dtsapi.DiffChunkItem{
		DBName: ptr(x.Db), SchemaName: ptr(x.Schema), TableName: ptr(x.Table), ChunkId: ptr(chunk),
		Identifier: ptr("id=" + id), DiffType: ptr(kind), SchemaInfo: ptrs([]string{"id", "c"}),
		SrcItem: ptrs(src), DstItem: ptrs(dst), FinishedAt: fmtTime(x.Finish),
	}
}

// ---- GTID report ----

// describeGtidCompareReport answers the GTID comparison of a task (the
// job's latest task when CompareTaskId is not given): Type gtid; Status
// notStarted, running, success, failed or canceled as the task; once it
// succeeded, Conclusion same or different and one Detail (Result
// consistent or inconsistent). NeedDiffDetail lists the differing tables.
func describeGtidCompareReport(c *call, f *compareFamily, req *dtsapi.DescribeMigrateGtidCompareReportRequest) (*dtsapi.DescribeMigrateGtidCompareReportResponse, error) {
	var t *compareTask
	if id := deref(req.CompareTaskId); id != "" {
		_, task, err := f.task(c, *req.JobId, id)
		if err != nil {
			return nil, err
		}
		t = task
	} else {
		if _, err := f.parent(c, *req.JobId); err != nil {
			return nil, err
		}
		t = c.e.latestCompareTask(c.Region, *req.JobId, c.Now)
	}
	resp := &dtsapi.DescribeMigrateGtidCompareReportResponse{
		Status: ptr(phaseNotStarted), Type: ptr("gtid"), Detail: []*dtsapi.DifferenceDetails{},
	}
	if t == nil {
		return resp, nil
	}
	resp.Status = ptr(gtidStatus(t.Status))
	if t.Status != cmpSuccess {
		return resp, nil
	}
	resp.Conclusion = ptr(dtsapi.CompareConclusionSame)
	d := gtidDetail(t, deref(req.NeedDiffDetail))
	if *d.Result == "inconsistent" {
		resp.Conclusion = ptr(dtsapi.CompareConclusionDifferent)
	}
	resp.Detail = append(resp.Detail, d)
	return resp, nil
}

func gtidStatus(status string) string {
	switch status {
	case cmpCreated:
		return phaseNotStarted
	case cmpReadyRun, cmpRunning, cmpStopping:
		return phaseRunning
	}
	return status
}

// gtidDetail compares the GTID sets of the task's link: the source has
// executed 1…n transactions of one server (n = 100 000 + 1 000 per table);
// the target lacks one per differing row.
func gtidDetail(t *compareTask, tables bool) *dtsapi.DifferenceDetails {
	uuid := serverUUID(t.ParentID)
	all := t.tables()
	src := 100000 + 1000*len(all)
	lack := 0
	var differing []string
	for _, x := range t.compared() {
		if x.DiffRows > 0 {
			lack += x.DiffRows
			differing = append(differing, x.name())
		}
	}
	d := &dtsapi.DifferenceDetails{
		Result:            ptr("consistent"),
		SrcGtidSets:       ptr(fmt.Sprintf("%s:1-%d", uuid, src)),
		DstGtidSets:       ptr(fmt.Sprintf("%s:1-%d", uuid, src-lack)),
		DiffSrc:           ptr(""),
		DiffDst:           ptr(""),
		CompareTimestamp:  ptr(t.FinishedAt.In(dtsapi.Beijing).Format(time.RFC3339)),
		DiffSrcIsNeedSync: ptr(lack > 0),
		DiffSrcTables:     []*string{}, DiffSrcTablesNeedSync: []*string{},
	}
	if lack > 0 {
		d.Result = ptr("inconsistent")
		d.DiffSrc = ptr(fmt.Sprintf("%s:%d-%d", uuid, src-lack+1, src))
		if tables {
			d.DiffSrcTables, d.DiffSrcTablesNeedSync = ptrs(differing), ptrs(differing)
		}
	}
	return d
}

// serverUUID is the source server's UUID, derived from the job's ID.
func serverUUID(id string) string {
	h := hex.EncodeToString(func() []byte { s := sha256.Sum256([]byte(id)); return s[:16] }())
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
