package emulator

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Handlers of the consumer-group actions and of the topic's offsets. The
// subscription's operation row says in which of its statuses an action is
// allowed (permit); the group is then found by its name (short, or full as
// DescribeConsumerGroups reports it) and, for the actions that take one,
// its account.

// Consumer group limits: a password of more than 3 characters (create,
// "长度必须大于3"), 3–32 (ModifyConsumerGroupPassword, "不小于3，不大于32");
// the create maximum is the modify one — inferred.
const (
	minGroupPassword       = 4
	minNewGroupPassword    = 3
	maxGroupPassword       = 32
	defaultGroupsPageLimit = 10
)

// permit finds the subscription and checks that its statuses allow the
// request's action (its row of subscriptionOps), without changing it.
func permit(c *call, id string) (*subscription, *apiError) {
	s, err := findJob[*subscription](c, subscriptionKind, id)
	if err != nil {
		return nil, err
	}
	if _, err := subscriptionKind.engine.operate(s, c.Action, c.Now, c.e.scale, nil); err != nil {
		return nil, err
	}
	return s, nil
}

// groups lists the consumer groups of s, brought up to the job clock, in
// creation order.
func (c *call) groups(s *subscription) []*consumerGroup {
	var out []*consumerGroup
	for g := range c.jobs(consumerGroupKind) {
		if g.base().ParentID == s.JobID {
			out = append(out, g.(*consumerGroup))
		}
	}
	slices.SortFunc(out, func(a, b *consumerGroup) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}

// findGroup finds the group of s named name and, when account is not "",
// whose account it is (names short or full).
func findGroup(c *call, s *subscription, name, account string) (*consumerGroup, *apiError) {
	g, err := findJob[*consumerGroup](c, consumerGroupKind, groupID(s.JobID, name))
	if err != nil {
		return nil, err
	}
	if account != "" && accountName(s.JobID, account) != accountName(s.JobID, g.Account) {
		return nil, errf(codeNotFound, "The consumer group %s of subscription %s has no account %s (its account is %s).",
			g.JobID, s.JobID, accountName(s.JobID, account), accountName(s.JobID, g.Account))
	}
	return g, nil
}

// checkPassword checks a group password's length.
func checkPassword(member, pw string, minLen int) *apiError {
	if n := utf8.RuneCountInString(pw); n < minLen || n > maxGroupPassword {
		return errf(codeInvalidParameterValue, "The parameter `%s` must have %d to %d characters.", member, minLen, maxGroupPassword)
	}
	return nil
}

// createConsumerGroup creates a group of a running subscription, Empty and
// committed at the earliest offsets. Group and account names are unique
// within the subscription; a subscription has at most 10 groups — inferred.
func createConsumerGroup(c *call, req *dtsapi.CreateConsumerGroupRequest) (*dtsapi.CreateConsumerGroupResponse, error) {
	s, err := permit(c, *req.SubscribeId)
	if err != nil {
		return nil, err
	}
	if err := checkPassword("Password", *req.Password, minGroupPassword); err != nil {
		return nil, err
	}
	id, account := groupID(s.JobID, *req.ConsumerGroupName), accountName(s.JobID, *req.AccountName)
	groups := c.groups(s)
	if len(groups) >= maxGroups {
		return nil, errf(codeLimitExceeded, "Subscription %s already has %d consumer groups, the most it can have.", s.JobID, maxGroups)
	}
	for _, g := range groups {
		switch {
		case g.JobID == id:
			return nil, errf(codeInvalidParameterValue, "The consumer group %s already exists.", id)
		case accountName(s.JobID, g.Account) == account:
			return nil, errf(codeInvalidParameterValue, "The account %s already belongs to the consumer group %s.", account, g.JobID)
		}
	}
	g := &consumerGroup{
		jobBase: jobBase{
			lifecycle: lifecycle{Status: cgEmpty, StatusSince: c.Now},
			JobID:     id, Region: c.Region, ParentID: s.JobID, JobName: id,
			CreateTime: c.Now, UpdateTime: c.Now,
			// Of the new-job outcome, StickIn is what applies to a group.
			Outcome: Outcome{StickIn: c.e.newJobOutcome.StickIn},
		},
		Name:        strings.TrimPrefix(id, groupPrefix+s.JobID+"-"),
		Account:     strings.TrimPrefix(account, accountPrefix+s.JobID+"-"),
		Description: deref(req.Description),
		Offsets:     make([]int64, s.partitions()),
		BaseAt:      c.Now,
	}
	for p := range g.Offsets {
		g.Offsets[p] = s.earliestOffset(p, c.Now, c.e.scale)
	}
	c.e.addJob(consumerGroupKind, g)
	c.changed()
	return &dtsapi.CreateConsumerGroupResponse{}, nil
}

// changeGroup permits the action on the subscription, finds the group and
// applies change to it (nil: delete it).
func changeGroup(c *call, subscribeID, name, account string, change func(s *subscription, g *consumerGroup) *apiError) *apiError {
	s, err := permit(c, subscribeID)
	if err != nil {
		return err
	}
	g, err := findGroup(c, s, name, account)
	if err != nil {
		return err
	}
	if change == nil {
		c.e.removeJob(consumerGroupKind, g)
	} else if err := change(s, g); err != nil {
		return err
	}
	c.changed()
	return nil
}

// deleteConsumerGroup deletes a group. BackendJobId is not documented and
// not used.
func deleteConsumerGroup(c *call, req *dtsapi.DeleteConsumerGroupRequest) (*dtsapi.DeleteConsumerGroupResponse, error) {
	if err := changeGroup(c, *req.SubscribeId, *req.ConsumerGroupName, *req.AccountName, nil); err != nil {
		return nil, err
	}
	return &dtsapi.DeleteConsumerGroupResponse{}, nil
}

// modifyConsumerGroupDescription replaces a group's description.
func modifyConsumerGroupDescription(c *call, req *dtsapi.ModifyConsumerGroupDescriptionRequest) (*dtsapi.ModifyConsumerGroupDescriptionResponse, error) {
	err := changeGroup(c, *req.SubscribeId, *req.ConsumerGroupName, *req.AccountName, func(_ *subscription, g *consumerGroup) *apiError {
		g.Description, g.UpdateTime = *req.Description, c.Now
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &dtsapi.ModifyConsumerGroupDescriptionResponse{}, nil
}

// modifyConsumerGroupPassword checks the new password (3–32 characters);
// it is not stored.
func modifyConsumerGroupPassword(c *call, req *dtsapi.ModifyConsumerGroupPasswordRequest) (*dtsapi.ModifyConsumerGroupPasswordResponse, error) {
	err := changeGroup(c, *req.SubscribeId, *req.ConsumerGroupName, *req.AccountName, func(_ *subscription, g *consumerGroup) *apiError {
		if err := checkPassword("NewPassword", *req.NewPassword, minNewGroupPassword); err != nil {
			return err
		}
		g.UpdateTime = c.Now
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &dtsapi.ModifyConsumerGroupPasswordResponse{}, nil
}

// describeConsumerGroups lists the groups of a subscription in creation
// order (Limit default 10, 1–100), in any status of the subscription. It
// reads the listed groups: in step mode each moves one step.
func describeConsumerGroups(c *call, req *dtsapi.DescribeConsumerGroupsRequest) (*dtsapi.DescribeConsumerGroupsResponse, error) {
	pg, err := pageOf(req.Limit, req.Offset, defaultGroupsPageLimit)
	if err != nil {
		return nil, err
	}
	s, err := findJob[*subscription](c, subscriptionKind, *req.SubscribeId)
	if err != nil {
		return nil, err
	}
	groups := c.groups(s)
	from, to := pg.bounds(len(groups))
	resp := &dtsapi.DescribeConsumerGroupsResponse{TotalCount: ptr(int64(len(groups))), Items: []*dtsapi.GroupInfo{}}
	for _, g := range groups[from:to] {
		resp.Items = append(resp.Items, c.e.groupInfo(s, g, c.Now))
	}
	for _, g := range groups[from:to] {
		c.read(consumerGroupKind, g)
	}
	return resp, nil
}

// offsetTime reads a time of DescribeOffsetByTime or ResetConsumerGroupOffset:
// yyyy-mm-dd hh:mm:ss in Beijing time (the samples) or RFC 3339 (the
// definition's "参数格式"); "" or the zero date is the zero time, the oldest
// offset.
func offsetTime(member, s string) (time.Time, *apiError) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, nil
	}
	t, ok := dtsapi.ParseTime(s)
	if !ok {
		return time.Time{}, invalidValue(member, s, "it is a date-time yyyy-mm-dd hh:mm:ss (Beijing time) or RFC 3339")
	}
	return t, nil
}

// describeOffsetByTime answers, for each partition of the topic, the
// offset nearest before Time (see subscription.offsetAt).
func describeOffsetByTime(c *call, req *dtsapi.DescribeOffsetByTimeRequest) (*dtsapi.DescribeOffsetByTimeResponse, error) {
	s, err := permit(c, *req.SubscribeId)
	if err != nil {
		return nil, err
	}
	t, err := offsetTime("Time", *req.Time)
	if err != nil {
		return nil, err
	}
	resp := &dtsapi.DescribeOffsetByTimeResponse{Items: []*dtsapi.OffsetTimeMap{}}
	for p := range s.partitions() {
		resp.Items = append(resp.Items, &dtsapi.OffsetTimeMap{
			PartitionNo: ptr(uint64(p)), Offset: ptr(uint64(s.offsetAt(p, t, c.Now, c.e.scale))),
		})
	}
	return resp, nil
}

// resetConsumerGroupOffset moves the committed offsets of some partitions
// of a Dead or Empty group (a Dead group becomes Empty: it has offsets
// again); for a group in another state it succeeds and changes nothing, as
// the definition says ("否则重置不会生效，接口也不会报错"). The parameters are
// checked first in every state.
func resetConsumerGroupOffset(c *call, req *dtsapi.ResetConsumerGroupOffsetRequest) (*dtsapi.ResetConsumerGroupOffsetResponse, error) {
	err := changeGroup(c, *req.SubscribeId, *req.ConsumerGroupName, "", func(s *subscription, g *consumerGroup) *apiError {
		if *req.TopicName != s.Topic {
			return invalidValue("TopicName", *req.TopicName, "it is not the topic of subscription "+s.JobID+" ("+s.Topic+")")
		}
		for i, p := range req.PartitionNos {
			if p == nil || *p < 0 || *p >= int64(s.partitions()) {
				return invalidValue(fmt.Sprintf("PartitionNos.%d", i), fmt.Sprint(deref(p)), fmt.Sprintf("the topic has partitions 0 to %d", s.partitions()-1))
			}
		}
		var at time.Time
		if *req.ResetMode == "datetime" {
			var err *apiError
			if at, err = offsetTime("ResetDatetime", deref(req.ResetDatetime)); err != nil {
				return err
			}
		}
		if g.Status != cgEmpty && g.Status != cgDead {
			return nil
		}
		offsets := g.committedAll(s, c.Now, c.e.scale)
		for _, p := range req.PartitionNos {
			switch *req.ResetMode {
			case "earliest":
				offsets[*p] = s.earliestOffset(int(*p), c.Now, c.e.scale)
			case "latest":
				offsets[*p] = s.endOffset(int(*p), c.Now, c.e.scale)
			default:
				offsets[*p] = s.offsetAt(int(*p), at, c.Now, c.e.scale)
			}
		}
		g.Offsets, g.BaseAt, g.Stable, g.UpdateTime = offsets, c.Now, nil, c.Now
		if g.Status == cgDead {
			if err := consumerGroupMachine.force(g, cgEmpty, "", c.Now, c.e.scale); err != nil {
				return asAPIError(err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &dtsapi.ResetConsumerGroupOffsetResponse{}, nil
}
