package migration

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// --- dts_migration_jobs ---

// NewJobsDataSource returns the dts_migration_jobs data source.
func NewJobsDataSource() datasource.DataSource { return &jobsDataSource{} }

type jobsDataSource struct{ env *jobkit.Env }

type jobsModel struct {
	Region          types.String      `tfsdk:"region"`
	JobID           types.String      `tfsdk:"job_id"`
	Name            types.String      `tfsdk:"name"`
	NameContains    types.String      `tfsdk:"name_contains"`
	Status          []string          `tfsdk:"status"`
	SrcInstanceID   types.String      `tfsdk:"src_instance_id"`
	SrcRegion       types.String      `tfsdk:"src_region"`
	SrcDatabaseType []string          `tfsdk:"src_database_type"`
	SrcAccessType   []string          `tfsdk:"src_access_type"`
	DstInstanceID   types.String      `tfsdk:"dst_instance_id"`
	DstRegion       types.String      `tfsdk:"dst_region"`
	DstDatabaseType []string          `tfsdk:"dst_database_type"`
	DstAccessType   []string          `tfsdk:"dst_access_type"`
	RunMode         types.String      `tfsdk:"run_mode"`
	OrderSeq        types.String      `tfsdk:"order_seq"`
	TagFilters      []tfkit.TagFilter `tfsdk:"tag_filters"`
	Jobs            []jobSummaryModel `tfsdk:"jobs"`
	IDs             []string          `tfsdk:"ids"`
	TotalCount      types.Int64       `tfsdk:"total_count"`
}

func (d *jobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_migration_jobs"
}

func (d *jobsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *jobsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	name := tfkit.Filter("Only jobs with exactly this name (`JobName`).")
	name.Validators = []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("name_contains"))}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists DTS migration jobs (`DescribeMigrationJobs`) in a region, with every filter the API offers. " +
			"Pages are fetched inside (100 jobs per call). No secret is ever exposed.",
		Attributes: map[string]schema.Attribute{
			"region":            tfkit.RegionFilter("Region to list; defaults to the provider's region. Jobs belong to the region of their target database."),
			"job_id":            tfkit.Filter("Only the job with this ID."),
			"name":              name,
			"name_contains":     tfkit.Filter("Only jobs whose name contains this text (case-sensitive)."),
			"status":            tfkit.FilterEnumList("DescribeMigrationJobsRequest.Status", "Only jobs in one of these statuses (any of the 19 job statuses)"),
			"src_instance_id":   tfkit.Filter("Only jobs whose source is this database instance."),
			"src_region":        tfkit.Filter("Only jobs whose source is in this region."),
			"src_database_type": tfkit.FilterEnumList("DescribeMigrationJobsRequest.SrcDatabaseType", "Only jobs with one of these source database types"),
			"src_access_type":   tfkit.FilterEnumList("DescribeMigrationJobsRequest.SrcAccessType", "Only jobs with one of these source access types"),
			"dst_instance_id":   tfkit.Filter("Only jobs whose target is this database instance."),
			"dst_region":        tfkit.Filter("Only jobs whose target is in this region."),
			"dst_database_type": tfkit.FilterEnumList("DescribeMigrationJobsRequest.DstDatabaseType", "Only jobs with one of these target database types"),
			"dst_access_type":   tfkit.FilterEnumList("DescribeMigrationJobsRequest.DstAccessType", "Only jobs with one of these target access types"),
			"run_mode":          tfkit.FilterEnum("DescribeMigrationJobsRequest.RunMode", "Only jobs with this run mode"),
			"order_seq":         tfkit.FilterEnum("DescribeMigrationJobsRequest.OrderSeq", "Order by creation time; the API's default is `desc`"),
			"tag_filters":       tfkit.TagFiltersAttribute(),
			"total_count":       tfkit.ComputedInt64("Number of jobs that match."),
			"ids":               tfkit.ComputedStrings("IDs of the jobs, in the order of `jobs`."),
			"jobs":              tfkit.ComputedList("The matching jobs.", summaryAttributes()),
		},
	}
}

func (d *jobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg jobsModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	request := &dtsapi.DescribeMigrationJobsRequest{}
	if err := tfkit.Expand(ctx, &cfg, request); err != nil {
		resp.Diagnostics.AddError("Invalid filter", err.Error())
		return
	}
	if contains := cfg.NameContains.ValueString(); contains != "" {
		request.JobName = &contains // DTS matches JobName as a substring
	}
	jobs, _, err := listJobs(ctx, d.env, d.env.RegionOr(cfg.Region.ValueString()), request)
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("listing migration jobs", "", err))
		return
	}
	cfg.Jobs, cfg.IDs = []jobSummaryModel{}, []string{}
	for _, j := range jobs {
		if name := cfg.Name.ValueString(); name != "" && tfkit.Str(j.JobName) != name {
			continue // JobName filters by substring; `name` is exact
		}
		m, err := summaryOf(ctx, j)
		if err != nil {
			resp.Diagnostics.AddError("Error reading migration job "+tfkit.Str(j.JobId), err.Error())
			return
		}
		cfg.Jobs, cfg.IDs = append(cfg.Jobs, m), append(cfg.IDs, tfkit.Str(j.JobId))
	}
	cfg.TotalCount = types.Int64Value(int64(len(cfg.Jobs)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// --- dts_migrate_db_instances ---

// NewDBInstancesDataSource returns the dts_migrate_db_instances data source.
func NewDBInstancesDataSource() datasource.DataSource { return &dbInstancesDataSource{} }

type dbInstancesDataSource struct{ env *jobkit.Env }

type dbInstancesModel struct {
	Region       types.String      `tfsdk:"region"`
	DatabaseType types.String      `tfsdk:"database_type"`
	MigrateRole  types.String      `tfsdk:"migrate_role"`
	InstanceID   types.String      `tfsdk:"instance_id"`
	InstanceName types.String      `tfsdk:"instance_name"`
	AccountMode  types.String      `tfsdk:"account_mode"`
	TotalCount   types.Int64       `tfsdk:"total_count"`
	Instances    []dbInstanceModel `tfsdk:"instances"`
}

type dbInstanceModel struct {
	InstanceID   types.String `tfsdk:"instance_id"`
	InstanceName types.String `tfsdk:"instance_name"`
	Vip          types.String `tfsdk:"vip"`
	Vport        types.Int64  `tfsdk:"vport"`
	Usable       types.Bool   `tfsdk:"usable"`
	Hint         types.String `tfsdk:"hint"`
}

func (d *dbInstancesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_migrate_db_instances"
}

func (d *dbInstancesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *dbInstancesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	dbType := tfkit.FilterEnum("DescribeMigrateDBInstancesRequest.DatabaseType", "Database type")
	dbType.Optional, dbType.Required = false, true
	s := tfkit.ComputedString
	resp.Schema = schema.Schema{
		MarkdownDescription: "Cloud database instances that DTS can migrate from or to (`DescribeMigrateDBInstances`), with whether each is usable " +
			"and why not. Pages are fetched inside. The API's temporary-credential inputs for other accounts are not offered: they would be secrets in the configuration of a data source.",
		Attributes: map[string]schema.Attribute{
			"region":        tfkit.RegionFilter("Region to list; defaults to the provider's region."),
			"database_type": dbType,
			"migrate_role":  tfkit.FilterEnum("DescribeMigrateDBInstancesRequest.MigrateRole", "Role of the instance in a migration"),
			"instance_id":   schema.StringAttribute{Optional: true, MarkdownDescription: "Only this instance."},
			"instance_name": schema.StringAttribute{Optional: true, MarkdownDescription: "Only instances whose name contains this text."},
			"account_mode":  tfkit.FilterEnum("DescribeMigrateDBInstancesRequest.AccountMode", "Whose instances"),
			"total_count":   tfkit.ComputedInt64("Number of matching instances."),
			"instances": tfkit.ComputedList("The instances.", map[string]schema.Attribute{
				"instance_id":   s("Instance ID."),
				"instance_name": s("Instance name."),
				"vip":           s("Virtual IP address."),
				"vport":         tfkit.ComputedInt64("Port."),
				"usable":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether DTS can use the instance in this role."},
				"hint":          s("Why the instance cannot be used, when it cannot."),
			}),
		},
	}
}

// dbInstancesPageSize is the page size used for DescribeMigrateDBInstances.
const dbInstancesPageSize = 100

func (d *dbInstancesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg dbInstancesModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	request := &dtsapi.DescribeMigrateDBInstancesRequest{Limit: tfkit.Ptr(int64(dbInstancesPageSize))}
	if err := tfkit.Expand(ctx, &cfg, request); err != nil {
		resp.Diagnostics.AddError("Invalid filter", err.Error())
		return
	}
	cfg.Instances = []dbInstanceModel{}
	for offset := int64(0); ; {
		request.Offset = &offset
		page, err := d.env.Client.DescribeMigrateDBInstances(ctx, d.env.RegionOr(cfg.Region.ValueString()), request)
		if err != nil {
			resp.Diagnostics.Append(tfkit.ErrorDiagnostic("listing migratable database instances", "", err))
			return
		}
		instances, err := tfkit.FlattenList[dbInstanceModel](ctx, page.Instances, tfkit.ZeroFill())
		if err != nil {
			resp.Diagnostics.AddError("Error reading database instances", err.Error())
			return
		}
		cfg.Instances = append(cfg.Instances, instances...)
		cfg.TotalCount = types.Int64Value(tfkit.Deref(page.TotalCount))
		if offset += int64(len(page.Instances)); len(page.Instances) == 0 || offset >= cfg.TotalCount.ValueInt64() {
			break
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
