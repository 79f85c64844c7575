package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

var (
	_ datasource.DataSource              = (*migrateDBInstancesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*migrateDBInstancesDataSource)(nil)
)

// NewMigrateDBInstancesDataSource returns the dts_migrate_db_instances data source.
func NewMigrateDBInstancesDataSource() datasource.DataSource { return &migrateDBInstancesDataSource{} }

type migrateDBInstancesDataSource struct {
	data *providerData
}

type migrateDBInstancesModel struct {
	Region       types.String             `tfsdk:"region"`
	DatabaseType types.String             `tfsdk:"database_type"`
	MigrateRole  types.String             `tfsdk:"migrate_role"`
	InstanceID   types.String             `tfsdk:"instance_id"`
	InstanceName types.String             `tfsdk:"instance_name"`
	AccountMode  types.String             `tfsdk:"account_mode"`
	TotalCount   types.Int64              `tfsdk:"total_count"`
	Instances    []migrateDBInstanceModel `tfsdk:"instances"`
}

type migrateDBInstanceModel struct {
	InstanceID   types.String `tfsdk:"instance_id"`
	InstanceName types.String `tfsdk:"instance_name"`
	Vip          types.String `tfsdk:"vip"`
	Vport        types.Int64  `tfsdk:"vport"`
	Usable       types.Bool   `tfsdk:"usable"`
	Hint         types.String `tfsdk:"hint"`
}

func (d *migrateDBInstancesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_migrate_db_instances"
}

func (d *migrateDBInstancesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	dbType := enumString("DescribeMigrateDBInstancesRequest.DatabaseType", "Database type")
	dbType.Optional, dbType.Required = false, true
	resp.Schema = schema.Schema{
		MarkdownDescription: "Cloud database instances that DTS can migrate from or to (`DescribeMigrateDBInstances`), with whether each is usable " +
			"and why not. Pages are fetched inside. The API's temporary-credential inputs for other accounts are not offered: they would be secrets in the configuration of a data source.",
		Attributes: map[string]schema.Attribute{
			"region":        schema.StringAttribute{Optional: true, MarkdownDescription: "Region to list; defaults to the provider's region."},
			"database_type": dbType,
			"migrate_role":  enumString("DescribeMigrateDBInstancesRequest.MigrateRole", "Role of the instance in a migration"),
			"instance_id":   schema.StringAttribute{Optional: true, MarkdownDescription: "Only this instance."},
			"instance_name": schema.StringAttribute{Optional: true, MarkdownDescription: "Only instances with this name."},
			"account_mode":  enumString("DescribeMigrateDBInstancesRequest.AccountMode", "Whose instances"),
			"total_count":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of matching instances."},
			"instances": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The instances.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"instance_id":   computedString("Instance ID."),
					"instance_name": computedString("Instance name."),
					"vip":           computedString("Virtual IP address."),
					"vport":         computedInt64("Port."),
					"usable":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether DTS can use the instance in this role."},
					"hint":          computedString("Why the instance cannot be used, when it cannot."),
				}},
			},
		},
	}
}

func (d *migrateDBInstancesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// migrateDBInstancesPageSize is the page size used for DescribeMigrateDBInstances.
const migrateDBInstancesPageSize = 100

func (d *migrateDBInstancesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg migrateDBInstancesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := firstNonEmpty(cfg.Region.ValueString(), d.data.region)
	request := &dtsapi.DescribeMigrateDBInstancesRequest{
		DatabaseType: optString(cfg.DatabaseType),
		MigrateRole:  optString(cfg.MigrateRole),
		InstanceId:   optString(cfg.InstanceID),
		InstanceName: optString(cfg.InstanceName),
		AccountMode:  optString(cfg.AccountMode),
		Limit:        ptr(int64(migrateDBInstancesPageSize)),
	}
	cfg.Instances = []migrateDBInstanceModel{}
	var total int64
	for offset := int64(0); ; {
		request.Offset = ptr(offset)
		page, err := d.data.client.DescribeMigrateDBInstances(ctx, region, request)
		if err != nil {
			resp.Diagnostics.Append(errorDiagnostic("listing migratable database instances", "", err))
			return
		}
		if page.TotalCount != nil {
			total = *page.TotalCount
		}
		for _, i := range page.Instances {
			if i == nil {
				continue
			}
			cfg.Instances = append(cfg.Instances, migrateDBInstanceModel{
				InstanceID: stringValue(i.InstanceId), InstanceName: stringValue(i.InstanceName), Vip: stringValue(i.Vip),
				Vport: int64Value(i.Vport), Usable: types.BoolValue(i.Usable != nil && *i.Usable == 1), Hint: stringValue(i.Hint),
			})
		}
		offset += int64(len(page.Instances))
		if len(page.Instances) == 0 || offset >= total {
			break
		}
	}
	cfg.TotalCount = types.Int64Value(total)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
