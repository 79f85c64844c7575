package subscription

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// observe builds the model of a subscription from prior and one read of it.
// What the configuration owns (the endpoints, the Kafka configuration, the
// objects, the pipeline, the extra attributes) is refreshed only where prior
// sets it, so API defaults and emptied passwords never show as drift; a
// prior without endpoints (an import) takes everything the API reports.
// What the API does not report (duration; kafka_config for the products
// without custom partitioning, which DTS reads back empty) stays as prior has
// it. What Read owns (statuses, topic, broker, errors, the observed stage)
// is always the API's.
func observe(ctx context.Context, j *jobT, prior *subsModel, v *viewT) (*subsModel, error) {
	d := v.Object
	out, err := tfkit.Refreshed(ctx, prior, d, prior.Endpoints == nil)
	if err != nil {
		return nil, err
	}
	if k := d.KafkaConfig; (k == nil || tfkit.Deref(k.NumberOfPartitions) == 0) && prior.KafkaConfig != nil {
		out.KafkaConfig = prior.KafkaConfig
	}
	// Zero values the pruning drops, and what is always DTS's.
	out.ID = types.StringValue(tfkit.FirstNonEmpty(tfkit.Str(d.SubscribeId), j.ID))
	out.Region = types.StringValue(tfkit.FirstNonEmpty(tfkit.Str(d.Region), j.Region))
	out.Name = types.StringValue(tfkit.Str(d.SubscribeName))
	out.PayMode = types.StringValue(map[bool]string{true: "PrePay", false: "PostPay"}[tfkit.Deref(d.PayType) == payPrepaid])
	out.AutoRenew = types.BoolValue(tfkit.Deref(d.AutoRenewFlag) == 1)
	out.Tags = nil
	if tags, _ := jobkit.UserTags(d.Tags); prior.Tags != nil || len(tags) > 0 {
		out.Tags = tags
	}
	priorState := ""
	if !prior.State.IsNull() && !prior.State.IsUnknown() {
		priorState = prior.State.ValueString()
	}
	out.State = types.StringValue(stages.Observed(priorState, v.Status, v.TradeStatus, ""))
	tfkit.ImportDefaults(ctx, &out.DeletionPolicy, &out.Timeouts)
	return out, observed(ctx, out, v)
}

// observed writes what Read owns.
func observed(ctx context.Context, out *subsModel, v *viewT) error {
	d := v.Object
	out.Status, out.SubsStatus = types.StringValue(v.TradeStatus), types.StringValue(v.Status)
	for dst, src := range map[*types.String]*string{&out.InstanceStatus: d.InstanceStatus, &out.Topic: d.Topic, &out.Broker: d.Broker,
		&out.KafkaVersion: d.KafkaVersion} {
		*dst = types.StringValue(tfkit.Str(src))
	}
	errs, err := tfkit.FlattenList[subsError](ctx, d.Errors)
	if err != nil {
		return err
	}
	out.Errors, _ = tfkit.ListOf(ctx, errs)
	return nil
}
