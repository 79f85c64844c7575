package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

var (
	_ datasource.DataSource              = (*migrationJobsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*migrationJobsDataSource)(nil)
)

// NewMigrationJobsDataSource returns the dts_migration_jobs data source.
func NewMigrationJobsDataSource() datasource.DataSource { return &migrationJobsDataSource{} }

type migrationJobsDataSource struct {
	data *providerData
}

type migrationJobsModel struct {
	Region          types.String               `tfsdk:"region"`
	JobID           types.String               `tfsdk:"job_id"`
	Name            types.String               `tfsdk:"name"`
	Status          types.List                 `tfsdk:"status"`
	SrcInstanceID   types.String               `tfsdk:"src_instance_id"`
	SrcRegion       types.String               `tfsdk:"src_region"`
	SrcDatabaseType types.List                 `tfsdk:"src_database_type"`
	SrcAccessType   types.List                 `tfsdk:"src_access_type"`
	DstInstanceID   types.String               `tfsdk:"dst_instance_id"`
	DstRegion       types.String               `tfsdk:"dst_region"`
	DstDatabaseType types.List                 `tfsdk:"dst_database_type"`
	DstAccessType   types.List                 `tfsdk:"dst_access_type"`
	RunMode         types.String               `tfsdk:"run_mode"`
	OrderSeq        types.String               `tfsdk:"order_seq"`
	TagFilters      types.List                 `tfsdk:"tag_filters"`
	Jobs            []migrationJobSummaryModel `tfsdk:"jobs"`
	IDs             []string                   `tfsdk:"ids"`
	TotalCount      types.Int64                `tfsdk:"total_count"`
}

type tagFilterModel struct {
	TagKey   types.String `tfsdk:"tag_key"`
	TagValue types.List   `tfsdk:"tag_value"`
}

func (d *migrationJobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_migration_jobs"
}

func enumList(key, what string) schema.ListAttribute {
	e := dtsapi.MustEnum(key)
	a := schema.ListAttribute{
		Optional:            true,
		ElementType:         types.StringType,
		MarkdownDescription: what + ": " + e.Describe() + ".",
	}
	if e.Closed {
		a.Validators = []validator.List{listvalidator.ValueStringsAre(stringvalidator.OneOf(e.Values...))}
	}
	return a
}

func enumString(key, what string) schema.StringAttribute {
	e := dtsapi.MustEnum(key)
	a := schema.StringAttribute{Optional: true, MarkdownDescription: what + ": " + e.Describe() + "."}
	if e.Closed {
		a.Validators = []validator.String{stringvalidator.OneOf(e.Values...)}
	}
	return a
}

func (d *migrationJobsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists DTS migration jobs (`DescribeMigrationJobs`) in a region, with every filter the API offers. " +
			"Pages are fetched inside (100 jobs per call). No secret is ever exposed.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Region to list; defaults to the provider's region. Jobs belong to the region of their target database.",
			},
			"job_id":            schema.StringAttribute{Optional: true, MarkdownDescription: "Only the job with this ID."},
			"name":              schema.StringAttribute{Optional: true, MarkdownDescription: "Only jobs with this name (`JobName`)."},
			"status":            enumList("DescribeMigrationJobsRequest.Status", "Only jobs in one of these statuses (any of the 19 job statuses)"),
			"src_instance_id":   schema.StringAttribute{Optional: true, MarkdownDescription: "Only jobs whose source is this database instance."},
			"src_region":        schema.StringAttribute{Optional: true, MarkdownDescription: "Only jobs whose source is in this region."},
			"src_database_type": enumList("DescribeMigrationJobsRequest.SrcDatabaseType", "Only jobs with one of these source database types"),
			"src_access_type":   enumList("DescribeMigrationJobsRequest.SrcAccessType", "Only jobs with one of these source access types"),
			"dst_instance_id":   schema.StringAttribute{Optional: true, MarkdownDescription: "Only jobs whose target is this database instance."},
			"dst_region":        schema.StringAttribute{Optional: true, MarkdownDescription: "Only jobs whose target is in this region."},
			"dst_database_type": enumList("DescribeMigrationJobsRequest.DstDatabaseType", "Only jobs with one of these target database types"),
			"dst_access_type":   enumList("DescribeMigrationJobsRequest.DstAccessType", "Only jobs with one of these target access types"),
			"run_mode":          enumString("DescribeMigrationJobsRequest.RunMode", "Only jobs with this run mode"),
			"order_seq":         enumString("DescribeMigrationJobsRequest.OrderSeq", "Order by creation time; the API's default is `desc`"),
			"tag_filters": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Only jobs carrying every one of these tags (the filters are AND-ed).",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"tag_key": schema.StringAttribute{Required: true, MarkdownDescription: "Tag key."},
					"tag_value": schema.ListAttribute{
						Optional:            true,
						ElementType:         types.StringType,
						MarkdownDescription: "Accepted values of the tag; any value when unset.",
					},
				}},
			},
			"total_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of jobs that match."},
			"ids":         schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "IDs of the jobs, in the order of `jobs`."},
			"jobs": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching jobs.",
				NestedObject:        schema.NestedAttributeObject{Attributes: migrationJobSummaryAttributes()},
			},
		},
	}
}

func (d *migrationJobsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func listStrings(ctx context.Context, l types.List) ([]string, error) {
	if l.IsNull() || l.IsUnknown() {
		return nil, nil
	}
	var out []string
	if diags := l.ElementsAs(ctx, &out, false); diags.HasError() {
		return nil, diagError(diags)
	}
	return out, nil
}

func (d *migrationJobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg migrationJobsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := firstNonEmpty(cfg.Region.ValueString(), d.data.region)

	request := &dtsapi.DescribeMigrationJobsRequest{
		JobId:         optString(cfg.JobID),
		JobName:       optString(cfg.Name),
		SrcInstanceId: optString(cfg.SrcInstanceID),
		SrcRegion:     optString(cfg.SrcRegion),
		DstInstanceId: optString(cfg.DstInstanceID),
		DstRegion:     optString(cfg.DstRegion),
		RunMode:       optString(cfg.RunMode),
		OrderSeq:      optString(cfg.OrderSeq),
	}
	for _, f := range []struct {
		list types.List
		dst  *[]*string
	}{
		{cfg.Status, &request.Status},
		{cfg.SrcDatabaseType, &request.SrcDatabaseType},
		{cfg.SrcAccessType, &request.SrcAccessType},
		{cfg.DstDatabaseType, &request.DstDatabaseType},
		{cfg.DstAccessType, &request.DstAccessType},
	} {
		vs, err := listStrings(ctx, f.list)
		if err != nil {
			resp.Diagnostics.AddError("Invalid filter", err.Error())
			return
		}
		*f.dst = ptrs(vs)
	}
	if !cfg.TagFilters.IsNull() && !cfg.TagFilters.IsUnknown() {
		var filters []tagFilterModel
		resp.Diagnostics.Append(cfg.TagFilters.ElementsAs(ctx, &filters, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
		for _, f := range filters {
			values, err := listStrings(ctx, f.TagValue)
			if err != nil {
				resp.Diagnostics.AddError("Invalid tag filter", err.Error())
				return
			}
			request.TagFilters = append(request.TagFilters, &dtsapi.TagFilter{TagKey: ptr(f.TagKey.ValueString()), TagValue: ptrs(values)})
		}
	}

	jobs, total, err := listMigrationJobs(ctx, d.data, region, request)
	if err != nil {
		resp.Diagnostics.Append(errorDiagnostic("listing migration jobs", "", err))
		return
	}
	cfg.Jobs = make([]migrationJobSummaryModel, 0, len(jobs))
	cfg.IDs = make([]string, 0, len(jobs))
	for _, j := range jobs {
		cfg.Jobs = append(cfg.Jobs, flattenMigrationJobSummary(j))
		cfg.IDs = append(cfg.IDs, str(j.JobId))
	}
	cfg.TotalCount = types.Int64Value(total)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// migrationJobsPageSize is the largest page DescribeMigrationJobs returns.
const migrationJobsPageSize = 100

// listMigrationJobs pages through DescribeMigrationJobs. The request's Limit
// and Offset are set here.
func listMigrationJobs(ctx context.Context, data *providerData, region string, request *dtsapi.DescribeMigrationJobsRequest) ([]*dtsapi.JobItem, int64, error) {
	var all []*dtsapi.JobItem
	var total int64
	for offset := uint64(0); ; {
		request.Limit = ptr(uint64(migrationJobsPageSize))
		request.Offset = ptr(offset)
		page, err := data.client.DescribeMigrationJobs(ctx, region, request)
		if err != nil {
			return nil, 0, err
		}
		if page.TotalCount != nil {
			total = int64(*page.TotalCount)
		}
		all = append(all, page.JobList...)
		offset += uint64(len(page.JobList))
		if len(page.JobList) == 0 || int64(offset) >= total {
			return all, total, nil
		}
	}
}
