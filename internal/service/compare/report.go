package compare

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

type report = dtsapi.DescribeCompareReportResponse

// pageSize is the largest page the compare Describe actions return.
const pageSize = 100

// readReport reads the report of task t; req (nil: none) sets its paging and
// searches.
func readReport(ctx context.Context, t *taskT, req *dtsapi.DescribeCompareReportRequest) (*report, error) {
	jobID := parentOf(t.ID)
	if req == nil {
		req = &dtsapi.DescribeCompareReportRequest{}
	}
	req.JobId, req.CompareTaskId = &jobID, &t.ID
	out := &report{}
	f := familyOf(jobID)
	if err := f.call(ctx, t.Env, t.Region, f.Report, req, out); err != nil {
		return nil, err
	}
	return out, nil
}

// listTasks pages through the job's Describe…CompareTasks; req sets the
// filters (its JobId, Limit and Offset are set here).
func listTasks(ctx context.Context, env *jobkit.Env, region, jobID string, req *dtsapi.DescribeCompareTasksRequest) ([]*item, error) {
	f := familyOf(jobID)
	req.JobId = &jobID
	var all []*item
	for offset := uint64(0); ; {
		req.Limit, req.Offset = tfkit.Ptr(uint64(pageSize)), tfkit.Ptr(offset)
		page := &dtsapi.DescribeCompareTasksResponse{}
		if err := f.call(ctx, env, region, f.List, req, page); err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		offset += uint64(len(page.Items))
		if len(page.Items) == 0 || offset >= tfkit.Deref(page.TotalCount) {
			return all, nil
		}
	}
}

// clockSkew is how far DTS's clock and this machine's may disagree: DTS
// refuses a request whose signature time is more than 5 minutes off its
// own.
const clockSkew = 5 * time.Minute

// lookup finds the task a Create…CompareTask whose reply was lost created:
// among the job's tasks still created, the ones with the name the request
// gave (a task created without one is named after its own ID) created no
// earlier than clockSkew before the call.
func lookup(ctx context.Context, env *jobkit.Env, region, jobID, name string, since time.Time) ([]string, error) {
	tasks, err := listTasks(ctx, env, region, jobID, &dtsapi.DescribeCompareTasksRequest{Status: []*string{tfkit.Ptr(stCreated)}})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, t := range tasks {
		if t == nil {
			continue
		}
		id := tfkit.Str(t.CompareTaskId)
		created, ok := dtsapi.ParseTime(tfkit.Str(t.CreatedAt))
		if tfkit.Str(t.TaskName) == tfkit.FirstNonEmpty(name, id) && ok && !created.Before(since.Add(-clockSkew)) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// gateListed is how many tables the gate's diagnostic lists.
const gateListed = 20

// gate judges a comparison that ended in success: with fail
// (fail_on_difference) a conclusion different or skipAll is an error; a
// conclusion same that skipped tables is a warning, gate or not — those
// tables were not compared.
func gate(ctx context.Context, t *taskT, fail bool, diags *diag.Diagnostics) error {
	rep, err := readReport(ctx, t, &dtsapi.DescribeCompareReportRequest{
		DifferenceLimit: tfkit.Ptr(uint64(gateListed)), SkippedLimit: tfkit.Ptr(uint64(gateListed))})
	if err != nil {
		return err
	}
	a := rep.Abstract
	if a == nil {
		a = &dtsapi.CompareAbstractInfo{}
	}
	conclusion := tfkit.Str(a.Conclusion)
	if conclusion == dtsapi.CompareConclusionSame && tfkit.Deref(a.SkippedTables) > 0 {
		diags.AddWarning("Tables skipped by the comparison", skippedWarning(t.ID, a, rep))
	}
	if !fail || conclusion != dtsapi.CompareConclusionDifferent && conclusion != dtsapi.CompareConclusionSkipAll {
		return nil
	}
	return &gateError{TaskID: t.ID, Conclusion: conclusion, Abstract: a, Tables: differingTables(rep), Skipped: skippedTables(rep)}
}

// skippedWarning says which tables a comparison that concluded same
// skipped.
func skippedWarning(taskID string, a *dtsapi.CompareAbstractInfo, rep *report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Compare task %s concluded same, but it skipped %d of %d tables, which were not compared:",
		taskID, tfkit.Deref(a.SkippedTables), tfkit.Deref(a.TotalTables))
	list(&b, skippedTables(rep), tfkit.Deref(a.SkippedTables))
	b.WriteString("\n\nThe conclusion, and the gate (fail_on_difference), cover the tables compared only.")
	return b.String()
}

// differingTables are the report's differing tables with their row counts
// (Detail.FullProgress), or without them (Detail.Difference, one item per
// differing chunk).
func differingTables(rep *report) []string {
	var out []string
	if d := rep.Detail; d != nil && d.FullProgress != nil && len(d.FullProgress.Items) > 0 {
		for _, x := range d.FullProgress.Items {
			if x != nil {
				out = append(out, fmt.Sprintf("%s: %d rows", qualified(x.Db, x.Schema, x.Table), tfkit.Deref(x.RowCount)))
			}
		}
		return out
	}
	if d := rep.Detail; d != nil && d.Difference != nil {
		for _, x := range d.Difference.Items {
			if x == nil {
				continue
			}
			if name := qualified(x.Db, x.Schema, x.Table); !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

func skippedTables(rep *report) []string {
	var out []string
	if d := rep.Detail; d != nil && d.Skipped != nil {
		for _, x := range d.Skipped.Items {
			if x != nil {
				out = append(out, qualified(x.Db, x.Schema, x.Table)+": "+tfkit.Str(x.Reason))
			}
		}
	}
	return out
}

// qualified is db.table, or db.schema.table.
func qualified(db, schema, table *string) string {
	parts := []string{tfkit.Str(db)}
	if s := tfkit.Str(schema); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(append(parts, tfkit.Str(table)), ".")
}

// gateError is a comparison that fails the gate (fail_on_difference): its
// conclusion is different or skipAll.
type gateError struct {
	TaskID, Conclusion string
	Abstract           *dtsapi.CompareAbstractInfo
	// Tables are the first differing tables ("db.table: n rows"), Skipped
	// the first skipped ones ("db.table: reason").
	Tables, Skipped []string
}

// Summary is the diagnostic's summary.
func (e *gateError) Summary() string {
	if e.Conclusion == dtsapi.CompareConclusionSkipAll {
		return "nothing was compared"
	}
	return "the data differ"
}

func (e *gateError) Error() string {
	a := e.Abstract
	var b strings.Builder
	if e.Conclusion == dtsapi.CompareConclusionSkipAll {
		fmt.Fprintf(&b, "Compare task %s compared no table (conclusion skipAll): %d of %d tables were skipped.",
			e.TaskID, tfkit.Deref(a.SkippedTables), tfkit.Deref(a.TotalTables))
		list(&b, e.Skipped, tfkit.Deref(a.SkippedTables))
	} else {
		fmt.Fprintf(&b, "Compare task %s found %d of %d tables different, %d rows in all (conclusion different).",
			e.TaskID, tfkit.Deref(a.DifferentTables), tfkit.Deref(a.TotalTables), tfkit.Deref(a.DifferentRows))
		list(&b, e.Tables, tfkit.Deref(a.DifferentTables))
	}
	b.WriteString("\n\nfail_on_difference is true, so the apply fails: the data are not ready for a cutover. " +
		"The data source dts_compare_report shows the whole report and the differing rows.")
	return b.String()
}

// list writes the items, and how many more there are of total.
func list(b *strings.Builder, items []string, total uint64) {
	for _, s := range items {
		b.WriteString("\n  - " + s)
	}
	if more := int(total) - len(items); more > 0 {
		fmt.Fprintf(b, "\n  … and %d more", more)
	}
}
