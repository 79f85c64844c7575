package subscription

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The topic as its consumers see it: dts_consumer_groups
// (DescribeConsumerGroups: each group's offsets, lag and latency, per
// partition, its state and which client consumes which partition) and
// dts_subscription_offsets (DescribeOffsetByTime: the offset of a time, per
// partition).

// groupView is a GroupInfo.
type groupView struct {
	ConsumerGroupName   types.String          `tfsdk:"consumer_group_name"`
	Account             types.String          `tfsdk:"account"`
	Description         types.String          `tfsdk:"description"`
	ConsumerGroupOffset types.Int64           `tfsdk:"consumer_group_offset"`
	ConsumerGroupLag    types.Int64           `tfsdk:"consumer_group_lag"`
	Latency             types.Int64           `tfsdk:"latency"`
	StateOfPartition    []partitionState      `tfsdk:"state_of_partition"`
	CreatedAt           tfkit.Time            `tfsdk:"created_at"`
	UpdatedAt           tfkit.Time            `tfsdk:"updated_at"`
	ConsumerGroupState  types.String          `tfsdk:"consumer_group_state"`
	PartitionAssignment []partitionAssignment `tfsdk:"partition_assignment"`
}

// partitionState is a MonitorInfo.
type partitionState struct {
	PartitionNo         types.Int64 `tfsdk:"partition_no"`
	ConsumerGroupOffset types.Int64 `tfsdk:"consumer_group_offset"`
	ConsumerGroupLag    types.Int64 `tfsdk:"consumer_group_lag"`
	Latency             types.Int64 `tfsdk:"latency"`
}

// partitionAssignment is a PartitionAssignment.
type partitionAssignment struct {
	ClientID    types.String  `tfsdk:"client_id"`
	PartitionNo []types.Int64 `tfsdk:"partition_no"`
}

func groupViewAttributes() map[string]schema.Attribute {
	s, n, t := tfkit.ComputedString, tfkit.ComputedInt64, tfkit.ComputedTime
	return map[string]schema.Attribute{
		"consumer_group_name":   s("Full name of the group: `consumer-grp-<subscribe_id>-<name>`."),
		"account":               s("Full name of its account: `account-<subscribe_id>-<name>`."),
		"description":           s("Description."),
		"consumer_group_offset": n("Committed offset of the last partition (as DTS reports the group's)."),
		"consumer_group_lag":    n("Messages not yet consumed in the last partition."),
		"latency":               n("Largest consumption delay of a partition, in seconds."),
		"state_of_partition": tfkit.ComputedList("Per partition (`MonitorInfo`).", map[string]schema.Attribute{
			"partition_no":          n("Partition."),
			"consumer_group_offset": n("Committed offset."),
			"consumer_group_lag":    n("Messages not yet consumed."),
			"latency":               n("Age of the first message not consumed, in seconds (0 without lag)."),
		}),
		"created_at":           t("Creation"),
		"updated_at":           t("Last change"),
		"consumer_group_state": s("Kafka state of the group: " + dtsapi.MustEnum("GroupInfo.ConsumerGroupState").Describe() + "."),
		"partition_assignment": tfkit.ComputedList("Which client consumes which partitions (a `Stable` group).", map[string]schema.Attribute{
			"client_id":    s("Client ID of the consumer."),
			"partition_no": schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: "Partitions it consumes."},
		}),
	}
}

// subscriptionInputs are the inputs naming a subscription.
func subscriptionInputs() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"subscribe_id": subscribeIDAttribute(),
		"region":       tfkit.RegionFilter("Region of the subscription; defaults to the provider's region."),
	}
}

// --- dts_consumer_groups ---

// NewGroupsDataSource returns the dts_consumer_groups data source.
func NewGroupsDataSource() datasource.DataSource { return &groupsDataSource{} }

type groupsDataSource struct{ env *jobkit.Env }

type groupsModel struct {
	SubscribeID    types.String `tfsdk:"subscribe_id"`
	Region         types.String `tfsdk:"region"`
	ConsumerGroups []groupView  `tfsdk:"consumer_groups"`
	TotalCount     types.Int64  `tfsdk:"total_count"`
}

func (d *groupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_consumer_groups"
}

func (d *groupsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *groupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := subscriptionInputs()
	attrs["total_count"] = tfkit.ComputedInt64("Number of groups.")
	attrs["consumer_groups"] = tfkit.ComputedList("The subscription's consumer groups, in creation order (`GroupInfo`).", groupViewAttributes())
	resp.Schema = schema.Schema{
		MarkdownDescription: "The consumer groups of a subscription's topic (`DescribeConsumerGroups`, paged inside): each group's " +
			"offsets, lag and latency, per partition, its Kafka state and which client consumes which partition. A subscription that " +
			"never started has none. Resetting a group's offsets is not offered: see `dts_consumer_group`.",
		Attributes: attrs,
	}
}

func (d *groupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg groupsModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	id := cfg.SubscribeID.ValueString()
	groups, err := listGroups(ctx, d.env, d.env.RegionOr(cfg.Region.ValueString()), id)
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("listing consumer groups", id, err))
		return
	}
	cfg.ConsumerGroups = []groupView{}
	for _, g := range groups {
		var v groupView
		if err := tfkit.Flatten(ctx, g, &v, tfkit.ZeroFill()); err != nil {
			resp.Diagnostics.AddError("Error reading consumer group "+tfkit.Str(g.ConsumerGroupName), err.Error())
			return
		}
		cfg.ConsumerGroups = append(cfg.ConsumerGroups, v)
	}
	cfg.TotalCount = types.Int64Value(int64(len(cfg.ConsumerGroups)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// --- dts_subscription_offsets ---

// NewOffsetsDataSource returns the dts_subscription_offsets data source.
func NewOffsetsDataSource() datasource.DataSource { return &offsetsDataSource{} }

type offsetsDataSource struct{ env *jobkit.Env }

type offsetsModel struct {
	SubscribeID types.String  `tfsdk:"subscribe_id"`
	Region      types.String  `tfsdk:"region"`
	Time        tfkit.Time    `tfsdk:"time"`
	Offsets     []offsetModel `tfsdk:"offsets"`
}

// offsetModel is an OffsetTimeMap.
type offsetModel struct {
	PartitionNo types.Int64 `tfsdk:"partition_no"`
	Offset      types.Int64 `tfsdk:"offset"`
}

func (d *offsetsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscription_offsets"
}

func (d *offsetsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *offsetsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := subscriptionInputs()
	attrs["time"] = schema.StringAttribute{Optional: true, CustomType: tfkit.TimeType{}, Validators: []validator.String{tfkit.RFC3339()},
		MarkdownDescription: "The time, in RFC 3339 (sent in the API's Beijing time). Unset: the oldest offsets the topic holds; a time " +
			"after now: the latest."}
	attrs["offsets"] = tfkit.ComputedList("Per partition, the offset nearest before `time` (`OffsetTimeMap`).", map[string]schema.Attribute{
		"partition_no": tfkit.ComputedInt64("Partition."),
		"offset":       tfkit.ComputedInt64("Offset."),
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "The offsets of a subscription's topic at a time (`DescribeOffsetByTime`), per partition: where a " +
			"consumer starts to read the changes since then. The subscription must have started.",
		Attributes: attrs,
	}
}

func (d *offsetsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg offsetsModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	id := cfg.SubscribeID.ValueString()
	request := &dtsapi.DescribeOffsetByTimeRequest{}
	if err := tfkit.Expand(ctx, &cfg, request); err != nil {
		resp.Diagnostics.AddError("Invalid time", err.Error())
		return
	}
	if request.Time == nil {
		request.Time = tfkit.Ptr("") // "如果输入空，默认0时间，即查询最老的offset"
	}
	out, err := d.env.Client.DescribeOffsetByTime(ctx, d.env.RegionOr(cfg.Region.ValueString()), request)
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("reading the offsets of subscription "+id, id, err))
		return
	}
	if cfg.Offsets, err = tfkit.FlattenList[offsetModel](ctx, out.Items, tfkit.ZeroFill()); err != nil {
		resp.Diagnostics.AddError("Error reading the offsets of subscription "+id, err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
