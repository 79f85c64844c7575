package subscription

import (
	"context"
	"fmt"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// A consumer group as the kit sees it: a job whose ID is the group's full
// name (consumer-grp-<subscription ID>-<name>), read from its
// subscription's DescribeConsumerGroups, whose status is Kafka's group
// state. It has no lifecycle of its own to drive: create, modify, delete.

type groupInfo = dtsapi.GroupInfo

type (
	groupT     = jobkit.Job[groupInfo]
	groupViewT = jobkit.View[groupInfo]
)

// The prefixes DTS gives a group's and an account's full names.
const (
	groupPrefix   = "consumer-grp-"
	accountPrefix = "account-"
)

// groupID is the full name of a subscription's group.
func groupID(subscribeID, name string) string { return groupPrefix + subscribeID + "-" + name }

// subscriptionOf is the subscription ID in a group's full name ("" when
// the name is not one): subscription IDs are subs- and letters and digits.
func subscriptionOf(id string) string {
	rest, ok := strings.CutPrefix(id, groupPrefix+"subs-")
	if !ok {
		return ""
	}
	suffix, _, found := strings.Cut(rest, "-")
	if !found || suffix == "" {
		return ""
	}
	return "subs-" + suffix
}

// groupKind is the consumer group for the kit.
var groupKind = &jobkit.Kind[groupInfo]{
	Noun: "consumer group",
	Describe: func(ctx context.Context, env *jobkit.Env, region, id string) (*groupInfo, error) {
		subs := subscriptionOf(id)
		if subs == "" {
			return nil, fmt.Errorf("%q is not a consumer group's full name (consumer-grp-<subscription ID>-<name>)", id)
		}
		groups, err := listGroups(ctx, env, region, subs)
		for _, g := range groups {
			if tfkit.Str(g.ConsumerGroupName) == id {
				return g, nil
			}
		}
		return nil, err // a gone subscription is a not-found error; a group not listed is gone
	},
	View: func(g *groupInfo) *groupViewT {
		return &groupViewT{Status: tfkit.Str(g.ConsumerGroupState), Percent: -1}
	},
	Statuses: dtsapi.MustEnum("GroupInfo.ConsumerGroupState").Values,
}

// groupsPageSize is the page of DescribeConsumerGroups.
const groupsPageSize = 100

// listGroups pages through a subscription's DescribeConsumerGroups.
func listGroups(ctx context.Context, env *jobkit.Env, region, subscribeID string) ([]*groupInfo, error) {
	var all []*groupInfo
	for offset := int64(0); ; {
		page, err := env.Client.DescribeConsumerGroups(ctx, region, &dtsapi.DescribeConsumerGroupsRequest{SubscribeId: &subscribeID,
			Limit: tfkit.Ptr(int64(groupsPageSize)), Offset: tfkit.Ptr(offset)})
		if err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		offset += int64(len(page.Items))
		if len(page.Items) == 0 || offset >= tfkit.Deref(page.TotalCount) {
			return all, nil
		}
	}
}

// groupRequest is what every group action but the create names: the
// subscription, the group and its account, by their short names.
type groupRequest struct {
	SubscribeId, ConsumerGroupName, AccountName *string
}

func requestOf(m *groupModel) groupRequest {
	return groupRequest{tfkit.Ptr(m.SubscribeID.ValueString()), tfkit.Ptr(m.ConsumerGroupName.ValueString()), tfkit.Ptr(m.AccountName.ValueString())}
}

// groupDeleter deletes the group (DeleteConsumerGroup) and waits until it
// is gone.
func groupDeleter(g *groupT, m *groupModel) jobkit.Deleter {
	r := requestOf(m)
	return jobkit.Deleter{Destroy: func(ctx context.Context) error {
		_, err := g.Env.Client.DeleteConsumerGroup(ctx, g.Region, &dtsapi.DeleteConsumerGroupRequest{SubscribeId: r.SubscribeId,
			ConsumerGroupName: r.ConsumerGroupName, AccountName: r.AccountName})
		return err
	}}
}
