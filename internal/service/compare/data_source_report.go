package compare

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// NewReportDataSource returns the dts_compare_report data source.
func NewReportDataSource() datasource.DataSource { return &reportDataSource{} }

type reportDataSource struct{ env *jobkit.Env }

// reportModel is a Describe…CompareReport answer, every page of it, and
// optionally Describe…CompareDiffItems of one table: difference,
// full_progress and skipped are Detail.Difference.Items,
// Detail.FullProgress.Items and Detail.Skipped.Items; diff_items the diff
// items' Items.
type reportModel struct {
	Region          types.String       `tfsdk:"region"`
	JobID           types.String       `tfsdk:"job_id"`
	CompareTaskID   types.String       `tfsdk:"compare_task_id"`
	DifferenceDB    types.String       `tfsdk:"difference_db"`
	DifferenceTable types.String       `tfsdk:"difference_table"`
	SkippedDB       types.String       `tfsdk:"skipped_db"`
	SkippedTable    types.String       `tfsdk:"skipped_table"`
	DiffItemsFilter *diffFilterModel   `tfsdk:"diff_items_filter"`
	Abstract        *abstractModel     `tfsdk:"abstract"`
	Difference      []differenceModel  `tfsdk:"difference"`
	FullProgress    []tableResultModel `tfsdk:"full_progress"`
	Skipped         []skippedModel     `tfsdk:"skipped"`
	DiffItems       []diffItemModel    `tfsdk:"diff_items"`
}

// diffFilterModel is a DescribeCompareDiffItemsRequest's filter; max_items
// is the data source's own.
type diffFilterModel struct {
	DbName     types.String `tfsdk:"db_name"`
	SchemaName types.String `tfsdk:"schema_name"`
	TableName  types.String `tfsdk:"table_name"`
	ChunkID    types.Int64  `tfsdk:"chunk_id"`
	MaxItems   types.Int64  `tfsdk:"max_items"`
}

// abstractModel is a CompareAbstractInfo.
type abstractModel struct {
	Options    *optionsModel `tfsdk:"options"`
	Objects    *objectsModel `tfsdk:"objects"`
	Conclusion types.String  `tfsdk:"conclusion"`
	Status     types.String  `tfsdk:"status"`
	resultFields
	NearlyTableCount types.Int64 `tfsdk:"nearly_table_count"`
	SrcSampleRows    types.Int64 `tfsdk:"src_sample_rows"`
	DstSampleRows    types.Int64 `tfsdk:"dst_sample_rows"`
	StartedAt        tfkit.Time  `tfsdk:"started_at"`
	FinishedAt       tfkit.Time  `tfsdk:"finished_at"`
}

// differenceModel is a DifferenceItem: a differing chunk.
type differenceModel struct {
	Db            types.String  `tfsdk:"db"`
	Schema        types.String  `tfsdk:"schema"`
	Table         types.String  `tfsdk:"table"`
	Chunk         types.Int64   `tfsdk:"chunk"`
	SrcItem       types.String  `tfsdk:"src_item"`
	DstItem       types.String  `tfsdk:"dst_item"`
	IndexName     types.String  `tfsdk:"index_name"`
	LowerBoundary types.String  `tfsdk:"lower_boundary"`
	UpperBoundary types.String  `tfsdk:"upper_boundary"`
	CostTime      types.Float64 `tfsdk:"cost_time"`
	FinishedAt    tfkit.Time    `tfsdk:"finished_at"`
}

// tableResultModel is a CompareTableResult: a differing table.
type tableResultModel struct {
	Db         types.String `tfsdk:"db"`
	Schema     types.String `tfsdk:"schema"`
	Table      types.String `tfsdk:"table"`
	Conclusion types.String `tfsdk:"conclusion"`
	Status     types.String `tfsdk:"status"`
	Progress   types.Int64  `tfsdk:"progress"`
	RowCount   types.Int64  `tfsdk:"row_count"`
	StartedAt  tfkit.Time   `tfsdk:"started_at"`
	FinishedAt tfkit.Time   `tfsdk:"finished_at"`
	ExpectedAt tfkit.Time   `tfsdk:"expected_at"`
	SrcItem    types.String `tfsdk:"src_item"`
	DstItem    types.String `tfsdk:"dst_item"`
}

// skippedModel is a SkippedItem.
type skippedModel struct {
	Db     types.String `tfsdk:"db"`
	Schema types.String `tfsdk:"schema"`
	Table  types.String `tfsdk:"table"`
	Reason types.String `tfsdk:"reason"`
}

// diffItemModel is a DiffChunkItem: a differing row.
type diffItemModel struct {
	DbName     types.String `tfsdk:"db_name"`
	SchemaName types.String `tfsdk:"schema_name"`
	TableName  types.String `tfsdk:"table_name"`
	ChunkID    types.Int64  `tfsdk:"chunk_id"`
	Identifier types.String `tfsdk:"identifier"`
	DiffType   types.String `tfsdk:"diff_type"`
	SchemaInfo []string     `tfsdk:"schema_info"`
	SrcItem    []string     `tfsdk:"src_item"`
	DstItem    []string     `tfsdk:"dst_item"`
	FinishedAt tfkit.Time   `tfsdk:"finished_at"`
}

// defaultDiffItems is how many differing rows diff_items_filter reads
// unless max_items says otherwise.
const (
	defaultDiffItems = 100
	maxDiffItems     = 10000
)

func (d *reportDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_compare_report"
}

func (d *reportDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *reportDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	s, n := tfkit.ComputedString, tfkit.ComputedInt64
	search := func(what string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: "Only the " + what + " whose name contains this text (case-sensitive)."}
	}
	attrs := parentAttributes()
	attrs["compare_task_id"] = schema.StringAttribute{Required: true, MarkdownDescription: "Task ID (`<job ID>-cmp-…`), a task of `job_id`."}
	attrs["difference_db"], attrs["difference_table"] = search("differing tables in databases"), search("differing tables")
	attrs["skipped_db"], attrs["skipped_table"] = search("skipped tables in databases"), search("skipped tables")
	attrs["diff_items_filter"] = schema.SingleNestedAttribute{Optional: true,
		MarkdownDescription: "Read the differing rows of one table (`Describe…CompareDiffItems`) into `diff_items`.",
		Attributes: map[string]schema.Attribute{
			"db_name":     schema.StringAttribute{Required: true, MarkdownDescription: "Database."},
			"schema_name": schema.StringAttribute{Optional: true, MarkdownDescription: "Schema (PostgreSQL)."},
			"table_name":  schema.StringAttribute{Required: true, MarkdownDescription: "Table."},
			"chunk_id":    schema.Int64Attribute{Optional: true, MarkdownDescription: "Only the rows of this chunk."},
			"max_items": schema.Int64Attribute{Optional: true, Validators: []validator.Int64{int64validator.Between(1, maxDiffItems)},
				MarkdownDescription: fmt.Sprintf("At most this many rows (default %d; pages of 100 are fetched inside).", defaultDiffItems)},
		}}
	attrs["abstract"] = tfkit.ComputedObject("The summary (`CompareAbstractInfo`).", abstractAttributes(ctx))
	attrs["difference"] = tfkit.ComputedList("The differing chunks (`Detail.Difference`), every page.", map[string]schema.Attribute{
		"db": s("Database."), "schema": s("Schema."), "table": s("Table."), "chunk": n("Chunk."),
		"src_item": s("The chunk's checksum (row count with `rowsCount`) on the source."), "dst_item": s("The same on the target."),
		"index_name": s("Index the chunks follow."), "lower_boundary": s("First index key of the chunk."),
		"upper_boundary": s("Last index key of the chunk."),
		"cost_time":      schema.Float64Attribute{Computed: true, MarkdownDescription: "Comparison time, in milliseconds."},
		"finished_at":    tfkit.ComputedTime("When the chunk was compared"),
	})
	attrs["full_progress"] = tfkit.ComputedList("The differing tables with their row counts (`Detail.FullProgress`), every page.", map[string]schema.Attribute{
		"db": s("Database."), "schema": s("Schema."), "table": s("Table."), "conclusion": s("Conclusion."), "status": s("Status."),
		"progress": n("Progress, 0–100."), "row_count": n("Rows that differ."),
		"started_at": tfkit.ComputedTime("When the table's comparison started"), "finished_at": tfkit.ComputedTime("When it ended"),
		"expected_at": tfkit.ComputedTime("When it is expected to end"),
		"src_item":    s("Source row count (`rowsCount`)."), "dst_item": s("Target row count (`rowsCount`)."),
	})
	attrs["skipped"] = tfkit.ComputedList("The tables not compared (`Detail.Skipped`), every page.", map[string]schema.Attribute{
		"db": s("Database."), "schema": s("Schema."), "table": s("Table."), "reason": s("Why it was not compared."),
	})
	attrs["diff_items"] = tfkit.ComputedList("The differing rows `diff_items_filter` asks for; empty without it.", map[string]schema.Attribute{
		"db_name": s("Database."), "schema_name": s("Schema."), "table_name": s("Table."), "chunk_id": n("Chunk."),
		"identifier":  s("The row's key, e.g. `id=7`."),
		"diff_type":   s("How it differs: " + dtsapi.MustEnum("DiffChunkItem.DiffType").Describe() + "."),
		"schema_info": tfkit.ComputedStrings("Columns."), "src_item": tfkit.ComputedStrings("The row on the source (empty where it lacks)."),
		"dst_item": tfkit.ComputedStrings("The row on the target (empty where it lacks)."), "finished_at": tfkit.ComputedTime("When it was compared"),
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "The report of one consistency check of a migration or sync job (`DescribeCompareReport`, " +
			"`DescribeSyncCompareReport`): the summary, every differing and skipped table (pages are fetched inside), and " +
			"optionally the differing rows of one table (`DescribeCompareDiffItems`, `DescribeSyncCompareDiffItems`). It answers " +
			"at any status what the comparison found so far.",
		Attributes: attrs,
	}
}

func abstractAttributes(ctx context.Context) map[string]schema.Attribute {
	s, n := tfkit.ComputedString, tfkit.ComputedInt64
	return map[string]schema.Attribute{
		"options":            tfkit.ReadOnly(optionsAttribute(ctx), optionsShown),
		"objects":            tfkit.ReadOnly(objectsAttribute(ctx), objectsShown),
		"conclusion":         s("Conclusion once the task succeeded: " + dtsapi.MustEnum("CompareTaskItem.Conclusion").Describe() + "; empty before."),
		"status":             s("Task status: " + dtsapi.MustEnum("CompareTaskItem.Status").Describe() + "."),
		"total_tables":       n("Tables in the scope."),
		"checked_tables":     n("Tables compared so far."),
		"different_tables":   n("Tables that differ."),
		"skipped_tables":     n("Tables skipped."),
		"different_rows":     n("Rows that differ."),
		"nearly_table_count": n("Estimated number of tables."),
		"src_sample_rows":    n("Source rows (`rowsCount` only)."),
		"dst_sample_rows":    n("Target rows (`rowsCount` only)."),
		"started_at":         tfkit.ComputedTime("When the comparison started"),
		"finished_at":        tfkit.ComputedTime("When it ended"),
	}
}

func (d *reportDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg reportModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	jobID, id := cfg.JobID.ValueString(), cfg.CompareTaskID.ValueString()
	if parentOf(id) != jobID {
		resp.Diagnostics.AddAttributeError(path.Root("compare_task_id"), "Not a task of the job",
			fmt.Sprintf("%q is not a compare task of %s: its ID starts with the job's (%s-cmp-…).", id, jobID, jobID))
		return
	}
	t := task(d.env, cfg.Region.ValueString(), id)
	if err := d.read(ctx, t, &cfg); err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("reading the report of compare task", id, err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

func (d *reportDataSource) read(ctx context.Context, t *taskT, cfg *reportModel) error {
	search := &dtsapi.DescribeCompareReportRequest{}
	if err := tfkit.Expand(ctx, cfg, search); err != nil { // difference_db, …, skipped_table
		return err
	}
	full, err := readFullReport(ctx, t, search)
	if err != nil {
		return err
	}
	cfg.Abstract = &abstractModel{}
	if err := tfkit.Flatten(ctx, full.abstract, cfg.Abstract, tfkit.ZeroFill()); err != nil {
		return err
	}
	if cfg.Difference, err = tfkit.FlattenList[differenceModel](ctx, full.difference, tfkit.ZeroFill()); err != nil {
		return err
	}
	if cfg.FullProgress, err = tfkit.FlattenList[tableResultModel](ctx, full.progress, tfkit.ZeroFill()); err != nil {
		return err
	}
	if cfg.Skipped, err = tfkit.FlattenList[skippedModel](ctx, full.skipped, tfkit.ZeroFill()); err != nil {
		return err
	}
	items, err := readDiffItems(ctx, t, cfg.DiffItemsFilter)
	if err != nil {
		return err
	}
	cfg.DiffItems, err = tfkit.FlattenList[diffItemModel](ctx, items, tfkit.ZeroFill())
	return err
}

// fullReport is every page of a report.
type fullReport struct {
	abstract   *dtsapi.CompareAbstractInfo
	difference []*dtsapi.DifferenceItem
	progress   []*dtsapi.CompareTableResult
	skipped    []*dtsapi.SkippedItem
}

// readFullReport pages through a report's differing and skipped tables
// together, with the searches of search.
func readFullReport(ctx context.Context, t *taskT, search *dtsapi.DescribeCompareReportRequest) (*fullReport, error) {
	out := &fullReport{}
	for diffs, skips := uint64(0), uint64(0); ; {
		req := *search
		req.DifferenceLimit, req.DifferenceOffset = tfkit.Ptr(uint64(pageSize)), tfkit.Ptr(diffs)
		req.SkippedLimit, req.SkippedOffset = tfkit.Ptr(uint64(pageSize)), tfkit.Ptr(skips)
		rep, err := readReport(ctx, t, &req)
		if err != nil {
			return nil, err
		}
		out.abstract = rep.Abstract
		detail := rep.Detail
		if detail == nil {
			detail = &dtsapi.CompareDetailInfo{}
		}
		d, p, s := detail.Difference, detail.FullProgress, detail.Skipped
		if d == nil {
			d = &dtsapi.DifferenceDetail{}
		}
		if s == nil {
			s = &dtsapi.SkippedDetail{}
		}
		out.difference, out.skipped = append(out.difference, d.Items...), append(out.skipped, s.Items...)
		if p != nil {
			out.progress = append(out.progress, p.Items...)
		}
		diffs, skips = diffs+uint64(len(d.Items)), skips+uint64(len(s.Items))
		if (len(d.Items) == 0 || diffs >= tfkit.Deref(d.TotalCount)) && (len(s.Items) == 0 || skips >= tfkit.Deref(s.TotalCount)) {
			return out, nil
		}
	}
}

// readDiffItems reads the differing rows filter asks for (none for a nil
// filter), a page of 100 at a time, up to its max_items.
func readDiffItems(ctx context.Context, t *taskT, filter *diffFilterModel) ([]*dtsapi.DiffChunkItem, error) {
	if filter == nil {
		return nil, nil
	}
	req := &dtsapi.DescribeCompareDiffItemsRequest{}
	if err := tfkit.Expand(ctx, filter, req); err != nil { // db_name, schema_name, table_name, chunk_id
		return nil, err
	}
	limit := int64(defaultDiffItems)
	if !filter.MaxItems.IsNull() && !filter.MaxItems.IsUnknown() {
		limit = filter.MaxItems.ValueInt64()
	}
	jobID := parentOf(t.ID)
	f := familyOf(jobID)
	req.JobId, req.CompareTaskId = &jobID, &t.ID
	var all []*dtsapi.DiffChunkItem
	for int64(len(all)) < limit {
		req.Limit, req.Offset = tfkit.Ptr(min(int64(pageSize), limit-int64(len(all)))), tfkit.Ptr(int64(len(all)))
		page := &dtsapi.DescribeCompareDiffItemsResponse{}
		if err := f.call(ctx, t.Env, t.Region, f.DiffItems, req, page); err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if len(page.Items) == 0 || int64(len(all)) >= tfkit.Deref(page.TotalCount) {
			break
		}
	}
	return all, nil
}
