package subscription

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// What an update can do, and how (ModifyPlan and Update share the
// classification):
//
//   - name and auto_renew change in place in any status
//     (ModifySubscribeName, ModifySubscribeAutoRenewFlag);
//   - before the start, any configuration change is sent whole with
//     ConfigureSubscribeJob and checked again;
//   - after it, subscribe_mode, subscribe_objects, the partitioning rules
//     and the mongodb pipeline change in place (ModifySubscribeObjects) —
//     unless the change removes the rules or the pipeline, which that action
//     cannot (it keeps what it is not sent);
//   - any other configuration change (endpoints, access type, partitions,
//     protocol, consumer network, extra attributes, a new password) resets
//     the subscription (ResetSubscribe), configures, checks and starts it
//     again on the same ID, with a plan-time warning;
//   - the purchase parameters replace it (schema plan modifiers), tags are
//     a plan-time error.

// ownAttributes are the resource's own: no API call.
var ownAttributes = []string{"state", "deletion_policy", "timeouts"}

// inPlaceAttributes change in any status.
var inPlaceAttributes = []string{"name", "auto_renew"}

// purchaseAttributes are bought: a replacement (or, tags, an error).
var purchaseAttributes = []string{"region", "product", "pay_mode", "duration", "instance_class", "subscribe_version", "tags"}

// modifiable are what ModifySubscribeObjects changes on a running
// subscription.
var modifiable = []string{"subscribe_mode", "subscribe_objects", "kafka_config.distribute_rules", "kafka_config.default_rule_type", "pipeline_info"}

// recordedWhenNull reports a change DTS cannot have seen: after an import
// the state holds null for what it does not report — duration, the
// versions of the passwords, and the whole kafka_config of the products it
// reads back empty — and the first plan only records the configured value,
// never a call, never a replacement. A rule added under a kafka_config the
// state holds is a change.
func recordedWhenNull(p tfkit.Path, null func(tfkit.Path) bool) bool {
	if p.Under("kafka_config") {
		return null("kafka_config")
	}
	return (p.Under("duration") || strings.HasSuffix(string(p), "_wo_version")) && null(p)
}

// changeSet is what a plan changes, classified.
type changeSet struct {
	tfkit.Changes
	// resets are the changes for which a started subscription must be
	// reset.
	resets tfkit.Changes
	// modify: ModifySubscribeObjects makes them; rules and pipeline say
	// whether they include the partitioning rules and the pipeline.
	modify, rules, pipeline bool
}

// replaces reports a change of a purchase parameter the schema replaces the
// subscription for (all of them but tags).
func (c changeSet) replaces() bool {
	return slices.ContainsFunc(c.Changes, func(p tfkit.Path) bool {
		return p.Root() != "tags" && slices.Contains(purchaseAttributes, p.Root())
	})
}

// reset reports changes that reset a started subscription.
func (c changeSet) reset() bool { return len(c.resets) > 0 }

// configure reports a change of the configuration (ConfigureSubscribeJob).
func (c changeSet) configure() bool {
	return slices.ContainsFunc(c.Changes, func(p tfkit.Path) bool { return !noConfiguration(p.Root()) })
}

// noConfiguration reports a top-level attribute that is not part of the
// configuration.
func noConfiguration(root string) bool {
	return slices.Contains(ownAttributes, root) || slices.Contains(inPlaceAttributes, root) || slices.Contains(purchaseAttributes, root)
}

// classify sorts the changes of a plan; null reports what the state holds
// null (recorded only).
func classify(changes tfkit.Changes, null func(tfkit.Path) bool, plan *subsModel) changeSet {
	var cs changeSet
	noRules := plan.KafkaConfig == nil || plan.KafkaConfig.DefaultRuleType.IsNull()
	for _, p := range changes {
		if recordedWhenNull(p, null) {
			continue
		}
		cs.Changes = append(cs.Changes, p)
		switch {
		case noConfiguration(p.Root()):
		case !slices.ContainsFunc(modifiable, p.Under),
			p.Under("kafka_config") && noRules, // removing the rules: ModifySubscribeObjects keeps what it is not sent
			p.Under("pipeline_info") && len(plan.PipelineInfo) == 0:
			cs.resets = append(cs.resets, p)
		default:
			cs.modify = true
			cs.rules = cs.rules || p.Under("kafka_config")
			cs.pipeline = cs.pipeline || p.Under("pipeline_info")
		}
	}
	return cs
}

// stateNull reports whether the state holds null (or nothing) at a path.
func stateNull(ctx context.Context, s tfsdk.State) func(tfkit.Path) bool {
	return func(p tfkit.Path) bool {
		var v attr.Value
		d := s.GetAttribute(ctx, p.Framework(), &v)
		return d.HasError() || v == nil || v.IsNull()
	}
}

// observedAttributes are what Read owns; a plan that moves nothing keeps
// them as the last refresh saw them.
var observedAttributes = []string{"status", "subs_status", "instance_status", "topic", "broker", "kafka_version", "errors"}

func (r *subsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	plan := tfkit.AttrsOf(ctx, req.Plan)
	region := plan.Str("region")
	if req.State.Raw.IsNull() && region == "" && r.env != nil && !unknownAt(ctx, req.Config, "region") {
		region = r.env.Region // bought in the provider's region
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region"), types.StringValue(region))...)
	}
	var m subsModel
	if d := req.Config.Get(ctx, &m); !d.HasError() {
		resp.Diagnostics.Append(regionRule(&m, region)...)
	}
	if req.State.Raw.IsNull() {
		return
	}
	p := jobkit.ReadPriorOf(ctx, req, "subs_status", "status")
	var planned subsModel
	if d := req.Plan.Get(ctx, &planned); d.HasError() {
		planned = subsModel{} // parts unknown: the rules that need them wait for the apply
	}
	cs := classify(tfkit.PlannedChanges(req.State.Raw, req.Plan.Raw, req.Config.Raw), stateNull(ctx, req.State), &planned)
	resp.Diagnostics.Append(updateRules(plan, p, cs, resp)...)
	if !movesJob(plan, p, cs) {
		tfkit.KeepObserved(ctx, req, resp, observedAttributes...)
	}
}

// unknownAt reports an attribute the configuration sets to a value known
// only after apply.
func unknownAt(ctx context.Context, config tfsdk.Config, name string) bool {
	var v types.String
	return !config.GetAttribute(ctx, path.Root(name), &v).HasError() && v.IsUnknown()
}

// movesJob reports whether applying the plan changes the subscription's
// statuses, its topic or its errors.
func movesJob(plan tfkit.Attrs, p jobkit.Prior, cs changeSet) bool {
	return p.Trade == slIsolated || (cs.reset() && started(p.Status)) || (cs.configure() && !started(p.Status)) ||
		!stages.Satisfies(plan.Str("state"), p.Status, "")
}

// updateRules: tags (unless the plan replaces the subscription), an isolated
// subscription, and the warnings of a reset.
func updateRules(plan tfkit.Attrs, p jobkit.Prior, cs changeSet, resp *resource.ModifyPlanResponse) diag.Diagnostics {
	var diags diag.Diagnostics
	// A replacement buys a new subscription, with the new tags.
	if replaced := cs.replaces() || p.Trade == slIsolated; cs.Any("tags") && !replaced {
		diags.AddAttributeError(path.Root("tags"), "Tags cannot change",
			fmt.Sprintf("Subscription %s was bought with its tags, and no subscription action changes them. Revert the tags, or replace the subscription (terraform apply -replace).", p.ID))
	}
	desired := plan.Str("state")
	switch {
	case p.Trade == slIsolated:
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("state"))
		diags.AddAttributeWarning(path.Root("state"), "Subscription will be replaced",
			fmt.Sprintf("Subscription %s is isolated, and DTS has no action to recover a subscription: reaching state %q needs a new one. "+
				"DTS destroys the isolated one 7 days after its isolation.", p.ID, desired))
	case cs.replaces(): // a new subscription: nothing is reset
	case started(p.Status) && (cs.reset() || desired == stageChecked):
		why := "its configuration changes in ways only a new configuration makes: " + strings.Join(cs.resets.Strings(), ", ")
		if !cs.reset() {
			why = "state = \"checked\" is a configured subscription that has not started"
		}
		diags.AddWarning("Subscription will be reset",
			fmt.Sprintf("Subscription %s has started (%s), and %s. Apply resets it (ResetSubscribe), configures, checks and starts it again on the "+
				"same ID: consumers see the subscription restart, and DTS drops its consumer groups — the next plan recreates the "+
				"dts_consumer_group resources of this configuration.", p.ID, p.Status, why))
	}
	return diags
}
