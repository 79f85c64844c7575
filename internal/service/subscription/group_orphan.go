package subscription

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// existingGroup stops a create whose group already exists, before
// CreateConsumerGroup (which would refuse the name): a provider killed
// during the create that made it left it untracked — Terraform never
// learned of it — or another configuration manages it. The error names the
// group and the import that adopts it; nothing is adopted without it (its
// password is not known). A failed lookup is only logged: the create then
// goes on, and DTS refuses the name if it is taken.
func (r *groupResource) existingGroup(ctx context.Context, region string, plan *groupModel, diags *diag.Diagnostics) bool {
	subs, name := plan.SubscribeID.ValueString(), plan.ConsumerGroupName.ValueString()
	groups, err := listGroups(ctx, r.env, region, subs)
	if err != nil {
		tflog.Warn(ctx, "could not look for an existing consumer group", map[string]any{"error": err.Error()})
		return false
	}
	id := groupID(subs, name)
	for _, g := range groups {
		if tfkit.Str(g.ConsumerGroupName) != id {
			continue
		}
		diags.AddError("Consumer group already exists",
			fmt.Sprintf("Subscription %s already has the consumer group %s, which this resource would create. A provider killed during "+
				"a create leaves its group untracked (Terraform never learned of it), or another configuration manages it. To adopt "+
				"it (and set its password again with a new password_wo_version):\nterraform import <this resource's address> %s:%s:%s:%s",
				subs, id, region, subs, name, plan.AccountName.ValueString()))
		return true
	}
	return false
}
