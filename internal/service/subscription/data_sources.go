package subscription

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Read-only views of subscriptions, converted by flex with ZeroFill (a data
// source shows what DTS answers): dts_subscriptions lists them
// (DescribeSubscribeJobs), dts_subscription reads one
// (DescribeSubscribeDetail). None carries a secret.

// summaryModel is a SubscribeInfo.
type summaryModel struct {
	SubscribeID        types.String      `tfsdk:"subscribe_id"`
	Name               types.String      `tfsdk:"name"`
	Topic              types.String      `tfsdk:"topic"`
	Product            types.String      `tfsdk:"product"`
	InstanceID         types.String      `tfsdk:"instance_id"`
	InstanceStatus     types.String      `tfsdk:"instance_status"`
	Status             types.String      `tfsdk:"status"`
	SubsStatus         types.String      `tfsdk:"subs_status"`
	ModifyTime         tfkit.Time        `tfsdk:"modify_time"`
	CreateTime         tfkit.Time        `tfsdk:"create_time"`
	IsolateTime        tfkit.Time        `tfsdk:"isolate_time"`
	ExpireTime         tfkit.Time        `tfsdk:"expire_time"`
	OfflineTime        tfkit.Time        `tfsdk:"offline_time"`
	PayMode            types.String      `tfsdk:"pay_mode"`
	AutoRenew          types.Bool        `tfsdk:"auto_renew"`
	Region             types.String      `tfsdk:"region"`
	AccessType         types.String      `tfsdk:"access_type"`
	Endpoints          []endpointFields  `tfsdk:"endpoints"`
	SubscribeVersion   types.String      `tfsdk:"subscribe_version"`
	Tags               map[string]string `tfsdk:"tags"`
	Errors             []subsError       `tfsdk:"errors"`
	InstanceClass      types.String      `tfsdk:"instance_class"`
	ConsumerRoutePhase types.String      `tfsdk:"consumer_route_phase"`
}

// detailModel is a DescribeSubscribeDetail answer.
type detailModel struct {
	summaryModel
	Broker           types.String      `tfsdk:"broker"`
	KafkaVersion     types.String      `tfsdk:"kafka_version"`
	SubscribeMode    types.String      `tfsdk:"subscribe_mode"`
	Protocol         types.String      `tfsdk:"protocol"`
	SubscribeObjects []subscribeObject `tfsdk:"subscribe_objects"`
	KafkaConfig      *kafkaConfigModel `tfsdk:"kafka_config"`
	PipelineInfo     []pipelineModel   `tfsdk:"pipeline_info"`
	ExtraAttr        map[string]string `tfsdk:"extra_attr"`
	ConsumerVpcID    types.String      `tfsdk:"consumer_vpc_id"`
	ConsumerSubnetID types.String      `tfsdk:"consumer_subnet_id"`
}

// subscribeIDPattern is a subscription ID.
var subscribeIDPattern = regexp.MustCompile(`^subs-[0-9a-z]+$`)

// subscribeIDAttribute is the required input naming a subscription.
func subscribeIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{Required: true, MarkdownDescription: "Subscription ID (`subs-…`).",
		Validators: []validator.String{stringvalidator.RegexMatches(subscribeIDPattern, "must be a subscription ID (subs-…)")}}
}

func summaryAttributes() map[string]schema.Attribute {
	s, t := tfkit.ComputedString, tfkit.ComputedTime
	return map[string]schema.Attribute{
		"subscribe_id":      s("Subscription ID (`subs-…`)."),
		"name":              s("Subscription name."),
		"topic":             s("Kafka topic the changes are written to (once started)."),
		"product":           s("Database subscribed to: " + dtsapi.MustEnum("CreateSubscribeRequest.Product").Describe() + "."),
		"instance_id":       s("Subscribed cloud database instance (`cdb` access)."),
		"instance_status":   s("Status of that instance: `running`, `isolated` or `offline`."),
		"status":            s("Lifecycle and billing status: " + dtsapi.MustEnum("SubscribeInfo.Status").Describe() + "."),
		"subs_status":       s("Status of the subscription: " + dtsapi.MustEnum("SubscribeInfo.SubsStatus").Describe() + "."),
		"modify_time":       t("Last change"),
		"create_time":       t("Purchase"),
		"isolate_time":      t("Isolation"),
		"expire_time":       t("Expiry of a prepaid subscription"),
		"offline_time":      t("Destruction, past or planned"),
		"pay_mode":          s("`PrePay` or `PostPay` (the API's `PayType` 0 and 1)."),
		"auto_renew":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether a prepaid subscription renews automatically."},
		"region":            s("Region of the subscription."),
		"access_type":       s("How DTS reaches the database."),
		"endpoints":         tfkit.ComputedList("The database's nodes. Passwords are never exposed.", tfkit.ComputedAttributes(endpointAttributes())),
		"subscribe_version": s("Edition: `kafka` or `kafkaPro`."),
		"tags":              tfkit.ComputedMap("Tags."),
		"errors": tfkit.ComputedList("Errors of a subscription in `error`.", map[string]schema.Attribute{
			"message": s("Message."), "reason": s("Cause."), "solution": s("How to solve it."),
		}),
		"instance_class":       s("Specification: `small`, `medium` or `large`."),
		"consumer_route_phase": s("Routing phase of the consumers (new subscription edition; values undocumented)."),
	}
}

// --- dts_subscriptions ---

// NewSubscriptionsDataSource returns the dts_subscriptions data source.
func NewSubscriptionsDataSource() datasource.DataSource { return &subscriptionsDataSource{} }

type subscriptionsDataSource struct{ env *jobkit.Env }

type subscriptionsModel struct {
	Region         types.String      `tfsdk:"region"`
	SubscribeID    types.String      `tfsdk:"subscribe_id"`
	SubscribeIDs   []string          `tfsdk:"subscribe_ids"`
	SubscribeName  types.String      `tfsdk:"subscribe_name"`
	InstanceID     types.String      `tfsdk:"instance_id"`
	Topic          types.String      `tfsdk:"topic"`
	PayMode        types.String      `tfsdk:"pay_mode"`
	Product        types.String      `tfsdk:"product"`
	Status         []string          `tfsdk:"status"`
	SubsStatus     []string          `tfsdk:"subs_status"`
	OrderDirection types.String      `tfsdk:"order_direction"`
	TagFilters     []tfkit.TagFilter `tfsdk:"tag_filters"`
	Subscriptions  []summaryModel    `tfsdk:"subscriptions"`
	IDs            []string          `tfsdk:"ids"`
	TotalCount     types.Int64       `tfsdk:"total_count"`
}

func (d *subscriptionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscriptions"
}

func (d *subscriptionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *subscriptionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists DTS data subscriptions (`DescribeSubscribeJobs`) in a region, with every filter the API offers " +
			"(AND-ed). Pages are fetched inside (100 subscriptions per call). No secret is ever exposed.",
		Attributes: map[string]schema.Attribute{
			"region":       tfkit.RegionFilter("Region to list; defaults to the provider's region."),
			"subscribe_id": tfkit.Filter("Only the subscription with this ID."),
			"subscribe_ids": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only the subscriptions with these IDs, at most 100 (one call for many, `SubscribeIds`); `[]` lists none.",
				Validators: []validator.List{listvalidator.SizeAtMost(pageSize),
					listvalidator.ValueStringsAre(stringvalidator.RegexMatches(subscribeIDPattern, "must be a subscription ID (subs-…)"))}},
			"subscribe_name":  tfkit.Filter("Only subscriptions whose name starts with this text (DTS matches a prefix, case-sensitive)."),
			"instance_id":     tfkit.Filter("Only subscriptions of this cloud database instance."),
			"topic":           tfkit.Filter("Only the subscription writing to this topic."),
			"pay_mode":        schema.StringAttribute{Optional: true, MarkdownDescription: "Only subscriptions billed so: `PrePay` or `PostPay`.", Validators: []validator.String{stringvalidator.OneOf("PrePay", "PostPay")}},
			"product":         tfkit.FilterEnum("DescribeSubscribeJobsRequest.Product", "Only subscriptions of this database"),
			"status":          tfkit.FilterEnumList("DescribeSubscribeJobsRequest.Status", "Only subscriptions in one of these lifecycle statuses"),
			"subs_status":     tfkit.FilterEnumList("DescribeSubscribeJobsRequest.SubsStatus", "Only subscriptions in one of these statuses"),
			"order_direction": tfkit.FilterEnum("DescribeSubscribeJobsRequest.OrderDirection", "Order by creation time (newest first by default)"),
			"tag_filters":     tfkit.TagFiltersAttribute(),
			"total_count":     tfkit.ComputedInt64("Number of subscriptions that match."),
			"ids":             tfkit.ComputedStrings("IDs of the subscriptions, in the order of `subscriptions`."),
			"subscriptions":   tfkit.ComputedList("The matching subscriptions (`SubscribeInfo`).", summaryAttributes()),
		},
	}
}

func (d *subscriptionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg subscriptionsModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	request := &dtsapi.DescribeSubscribeJobsRequest{}
	if err := tfkit.Expand(ctx, &cfg, request); err != nil {
		resp.Diagnostics.AddError("Invalid filter", err.Error())
		return
	}
	var subs []*dtsapi.SubscribeInfo
	var err error
	if cfg.SubscribeIDs == nil || len(cfg.SubscribeIDs) > 0 { // subscribe_ids = []: none
		subs, err = listSubscriptions(ctx, d.env, d.env.RegionOr(cfg.Region.ValueString()), request)
	}
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("listing subscriptions", "", err))
		return
	}
	cfg.Subscriptions, cfg.IDs = []summaryModel{}, []string{}
	for _, s := range subs {
		m, err := summaryOf(ctx, s)
		if err != nil {
			resp.Diagnostics.AddError("Error reading subscription "+tfkit.Str(s.SubscribeId), err.Error())
			return
		}
		cfg.Subscriptions, cfg.IDs = append(cfg.Subscriptions, m), append(cfg.IDs, tfkit.Str(s.SubscribeId))
	}
	cfg.TotalCount = types.Int64Value(int64(len(cfg.Subscriptions)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// summaryOf converts a SubscribeInfo.
func summaryOf(ctx context.Context, s *dtsapi.SubscribeInfo) (summaryModel, error) {
	var m summaryModel
	err := tfkit.Flatten(ctx, s, &m, tfkit.ZeroFill())
	m.Tags, _ = jobkit.UserTags(s.Tags)
	return m, err
}

// --- dts_subscription ---

// NewSubscriptionDataSource returns the dts_subscription data source.
func NewSubscriptionDataSource() datasource.DataSource { return &subscriptionDataSource{} }

type subscriptionDataSource struct{ env *jobkit.Env }

func (d *subscriptionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscription"
}

func (d *subscriptionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.env = jobkit.FromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *subscriptionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	s := tfkit.ComputedString
	attrs := summaryAttributes()
	attrs["subscribe_id"] = subscribeIDAttribute()
	attrs["region"] = schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{tfkit.Region()}, MarkdownDescription: "Region of the subscription; defaults to the provider's region."}
	for name, a := range map[string]schema.Attribute{
		"broker":             s("Kafka broker address the consumers connect to."),
		"kafka_version":      s("Kafka version of the broker."),
		"subscribe_mode":     s("What is subscribed to: `all`, `dml`, `ddl`, `dmlAndDdl`; mongodb `all`, `database`, `collection`."),
		"protocol":           s("Message format."),
		"subscribe_objects":  tfkit.ComputedAttribute(subscribeObjectsAttribute()),
		"kafka_config":       tfkit.ComputedAttribute(kafkaConfigAttribute()),
		"pipeline_info":      tfkit.ComputedAttribute(pipelineAttribute()),
		"extra_attr":         tfkit.ComputedMap("More parameters (`ExtraAttr`)."),
		"consumer_vpc_id":    s("VPC the consumers reach the topic from."),
		"consumer_subnet_id": s("Subnet of that VPC."),
	} {
		attrs[name] = a
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One DTS data subscription (`DescribeSubscribeDetail`): its configuration, statuses, topic and broker, and " +
			"the errors of a subscription in `error` with their solutions. No secret is ever exposed.",
		Attributes: attrs,
	}
}

func (d *subscriptionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg detailModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	region, id := d.env.RegionOr(cfg.Region.ValueString()), cfg.SubscribeID.ValueString()
	v, err := jobkit.NewJob(d.env, kind, region, id).Describe(ctx)
	if err == nil && v == nil {
		resp.Diagnostics.AddError("Subscription not found", "No subscription "+id+" in "+region+".")
		return
	}
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("reading subscription", id, err))
		return
	}
	out := &detailModel{}
	if err := tfkit.Flatten(ctx, v.Object, out, tfkit.ZeroFill()); err != nil {
		resp.Diagnostics.AddError("Error reading subscription "+id, err.Error())
		return
	}
	out.Tags, _ = jobkit.UserTags(v.Object.Tags)
	out.KafkaConfig = nil
	if k := tfkit.Prune(v.Object.KafkaConfig); k != nil {
		out.KafkaConfig = &kafkaConfigModel{}
		if err := tfkit.Flatten(ctx, k, out.KafkaConfig); err != nil {
			resp.Diagnostics.AddError("Error reading subscription "+id, err.Error())
			return
		}
	}
	out.SubscribeID, out.Region = types.StringValue(id), types.StringValue(region)
	resp.Diagnostics.Append(resp.State.Set(ctx, out)...)
}
