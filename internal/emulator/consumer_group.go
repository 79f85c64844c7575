package emulator

import (
	"fmt"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// consumerGroup is a Kafka consumer group of a subscription: a job of a
// child kind, removed with its subscription. Its ID is the group's full
// name, consumer-grp-<SubscribeId>-<ConsumerGroupName>, its job status the
// group's ConsumerGroupState. Passwords are never stored.
type consumerGroup struct {
	jobBase

	// Name and Account are the short names CreateConsumerGroup was given.
	Name        string
	Account     string
	Description string
	// Joined records that the emulator's consumer has joined the group
	// once: it does not come back after it left.
	Joined bool `json:",omitempty"`
	// Stable are the intervals during which the group consumed.
	Stable spans `json:",omitempty"`
	// Offsets are the group's committed offsets per partition at BaseAt;
	// nil when it has none (Dead): it then reads the earliest offsets.
	Offsets []int64 `json:",omitempty"`
	BaseAt  time.Time
}

// Consumer group states.
const (
	cgEmpty       = dtsapi.GroupStateEmpty
	cgPreparing   = dtsapi.GroupStatePreparingRebalance
	cgCompleting  = dtsapi.GroupStateCompletingRebalance
	cgStable      = dtsapi.GroupStateStable
	cgDead        = dtsapi.GroupStateDead
	maxGroups     = 10
	groupPrefix   = "consumer-grp-"
	accountPrefix = "account-"
)

// Nominal durations of the group's states.
const (
	durConsumerJoins       = time.Minute
	durPreparing           = 3 * time.Second
	durCompletingRebalance = 2 * time.Second
	// durOffsetsKept is how long Kafka keeps the offsets of a group without
	// members (offsets.retention.minutes, 7 days).
	durOffsetsKept = 7 * 24 * time.Hour
)

// consumerGroupKind registers consumer groups, children of subscriptions.
var consumerGroupKind = newKind[consumerGroup](kind{
	Name: "consumerGroup", Noun: "consumer group", IDPrefix: "consumer-grp", Parents: []string{subscriptionKind.Name},
	DefaultNotFound: codeNotFound,
}, consumerGroupMachine)

// groupID is the full name (and ID) of a subscription's group; name may be
// the short name or the full one.
func groupID(subscribeID, name string) string {
	return groupPrefix + subscribeID + "-" + strings.TrimPrefix(name, groupPrefix+subscribeID+"-")
}

// accountName is the full name of a subscription's account; name may be the
// short name or the full one.
func accountName(subscribeID, name string) string {
	return accountPrefix + subscribeID + "-" + strings.TrimPrefix(name, accountPrefix+subscribeID+"-")
}

// consumerGroupMachine: the group's state (ConsumerGroupState) as data.
var consumerGroupMachine = func() *machine[consumerGroup] {
	m := newMachine("consumer group",
		func(g *consumerGroup) *lifecycle { return &g.lifecycle },
		func(g *consumerGroup) string { return g.JobID },
		func(g *consumerGroup, at time.Time) { g.Stable.track(g.Status == cgStable, at) },
		consumerGroupStatuses, consumerGroupAuto, nil, []string{dtsapi.VerbView})
	m.stick = func(g *consumerGroup) string { return g.Outcome.StickIn }
	return m
}()

var consumerGroupStatuses = []statusDef[consumerGroup]{
	{Name: cgEmpty, Doc: "no consumer: offsets are committed; `ResetConsumerGroupOffset` applies"},
	{Name: cgPreparing, Transitional: true, Doc: "a consumer joins: rebalancing"},
	{Name: cgCompleting, Transitional: true, Doc: "partitions are being assigned"},
	{Name: cgStable, Doc: "two consumer clients share the partitions and consume", OnEnter: func(t *txn[consumerGroup]) {
		t.Job.Joined = true
	}},
	{Name: cgDead, Doc: "no consumer and no committed offsets (they expired); `ResetConsumerGroupOffset` applies",
		OnEnter: func(t *txn[consumerGroup]) { t.Job.Offsets, t.Job.BaseAt, t.Job.Stable = nil, t.At, nil }},
}

var consumerGroupAuto = []autoRow[consumerGroup]{
	{From: cgEmpty, To: cgPreparing, After: durConsumerJoins, When: func(g *consumerGroup) bool { return !g.Joined },
		Doc: "the emulator's consumer joins a new group a minute after its creation (once: after it left, the group stays Empty)"},
	{From: cgEmpty, To: cgDead, After: durOffsetsKept, Timeout: true,
		Doc: "the committed offsets of a group without consumers expire after 7 days (Kafka's offsets.retention.minutes)"},
	{From: cgPreparing, To: cgCompleting, After: durPreparing, Doc: "the members joined"},
	{From: cgCompleting, To: cgStable, After: durCompletingRebalance, Doc: "the partitions are assigned"},
}

// ---- offsets ----

// committed is the group's committed offset of partition p at now: its
// base offset, moved by what it consumed while Stable since (at
// consumedPerSecond, never beyond the end offset, never before the
// earliest one).
func (g *consumerGroup) committed(s *subscription, p int, now time.Time, scale float64) int64 {
	var x int64
	if p < len(g.Offsets) {
		x = g.Offsets[p]
	} else {
		x = s.earliestOffset(p, g.BaseAt, scale)
	}
	g.Stable.clip(g.BaseAt, now, func(a, b time.Time) {
		x = max(x, s.earliestOffset(p, a, scale))
		x = min(s.endOffset(p, b, scale), x+count(unscaled(b.Sub(a), scale), consumedPerSecond))
	})
	if g.Offsets == nil && g.Status == cgDead {
		x = s.earliestOffset(p, now, scale)
	}
	return x
}

// committedAll is committed for every partition.
func (g *consumerGroup) committedAll(s *subscription, now time.Time, scale float64) []int64 {
	out := make([]int64, s.partitions())
	for p := range out {
		out[p] = g.committed(s, p, now, scale)
	}
	return out
}

// groupInfo renders the group as DescribeConsumerGroups shows it at now.
// ConsumerGroupOffset and ConsumerGroupLag are the last partition's (the
// definition: kept for single-partition clients), Latency the largest.
func (e *Emulator) groupInfo(s *subscription, g *consumerGroup, now time.Time) *dtsapi.GroupInfo {
	info := &dtsapi.GroupInfo{
		Account:             ptr(accountName(s.JobID, g.Account)),
		ConsumerGroupName:   ptr(g.JobID),
		Description:         ptr(g.Description),
		CreatedAt:           fmtTime(g.CreateTime),
		UpdatedAt:           fmtTime(g.UpdateTime),
		ConsumerGroupState:  ptr(g.Status),
		StateOfPartition:    []*dtsapi.MonitorInfo{},
		PartitionAssignment: []*dtsapi.PartitionAssignment{},
		Latency:             ptr[int64](0),
	}
	for p := range s.partitions() {
		x := g.committed(s, p, now, e.scale)
		lag := max(0, s.endOffset(p, now, e.scale)-x)
		latency := int64(0)
		if lag > 0 {
			if at := s.producedAt(p, x, now, e.scale); !at.IsZero() && now.After(at) {
				latency = int64(unscaled(now.Sub(at), e.scale) / time.Second)
			}
		}
		info.StateOfPartition = append(info.StateOfPartition, &dtsapi.MonitorInfo{
			PartitionNo: ptr(int64(p)), ConsumerGroupOffset: ptr(x), ConsumerGroupLag: ptr(lag), Latency: ptr(latency),
		})
		info.ConsumerGroupOffset, info.ConsumerGroupLag = ptr(x), ptr(lag)
		info.Latency = ptr(max(*info.Latency, latency))
	}
	if g.Status == cgStable {
		info.PartitionAssignment = assignment(g.JobID, s.partitions())
	}
	return info
}

// consumerClients is the number of consumer clients of a Stable group.
const consumerClients = 2

// assignment shares the partitions between the group's consumer clients,
// consumer-<group>-1 and -2, round robin (client 1 gets partition 0); they
// are listed from the last, as in the sample.
func assignment(group string, partitions int) []*dtsapi.PartitionAssignment {
	out := make([]*dtsapi.PartitionAssignment, consumerClients)
	for c := range consumerClients {
		out[consumerClients-1-c] = &dtsapi.PartitionAssignment{
			ClientId: ptr(fmt.Sprintf("consumer-%s-%d", group, c+1)), PartitionNo: []*uint64{},
		}
	}
	for p := range partitions {
		a := out[consumerClients-1-p%consumerClients]
		a.PartitionNo = append(a.PartitionNo, ptr(uint64(p)))
	}
	return out
}
