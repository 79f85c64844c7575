package emulator

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// partitionOffsets are a group's committed offsets and lags by partition.
func partitionOffsets(g *dtsapi.GroupInfo) (offsets, lags, latencies []int64) {
	for _, p := range g.StateOfPartition {
		offsets = append(offsets, *p.ConsumerGroupOffset)
		lags = append(lags, *p.ConsumerGroupLag)
		latencies = append(latencies, *p.Latency)
	}
	return offsets, lags, latencies
}

// produced is what partition p of a topic holds after producing for d.
func produced(p int, d time.Duration) int64 { return int64(d/time.Second) * int64(10+p) }

// TestConsumerGroupStatesAndOffsets follows a group through its states and
// checks the offset model: production 10+p messages/s per partition from
// the start of the subscription, consumption 50/s while Stable, lag and
// latency.
func TestConsumerGroupStatesAndOffsets(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.runningSubs(nil) // 4 partitions, producing from now
	h.mustCall("CreateConsumerGroup", map[string]any{"SubscribeId": id, "ConsumerGroupName": "group-1", "AccountName": "jason",
		"Password": "qJ3e1Wd~", "Description": "this is a test account"})
	created := beijing(h.emu.JobClock())
	g := h.groups(id)[0]
	if *g.ConsumerGroupName != "consumer-grp-"+id+"-group-1" || *g.Account != "account-"+id+"-jason" ||
		*g.Description != "this is a test account" || *g.ConsumerGroupState != cgEmpty || *g.CreatedAt != created ||
		*g.UpdatedAt != created || len(g.StateOfPartition) != 4 || len(g.PartitionAssignment) != 0 {
		t.Fatalf("new group: %+v", g)
	}
	h.emu.Advance(durConsumerJoins)
	g = h.groups(id)[0]
	offsets, lags, latencies := partitionOffsets(g)
	if *g.ConsumerGroupState != cgPreparing || !slices.Equal(offsets, []int64{0, 0, 0, 0}) ||
		!slices.Equal(lags, []int64{600, 660, 720, 780}) || latencies[0] != 59 {
		t.Fatalf("after a minute: %s %v %v %v", *g.ConsumerGroupState, offsets, lags, latencies)
	}
	h.emu.Advance(durPreparing)
	if g = h.groups(id)[0]; *g.ConsumerGroupState != cgCompleting {
		t.Fatalf("state %s", *g.ConsumerGroupState)
	}
	h.emu.Advance(durCompletingRebalance + 10*time.Second) // Stable for 10 s
	g = h.groups(id)[0]
	offsets, lags, latencies = partitionOffsets(g)
	if *g.ConsumerGroupState != cgStable || !slices.Equal(offsets, []int64{500, 500, 500, 500}) ||
		!slices.Equal(lags, []int64{250, 325, 400, 475}) || !slices.Equal(latencies, []int64{24, 29, 33, 36}) ||
		*g.ConsumerGroupOffset != 500 || *g.ConsumerGroupLag != 475 || *g.Latency != 36 {
		t.Fatalf("consuming: %v %v %v (%d %d %d)", offsets, lags, latencies, *g.ConsumerGroupOffset, *g.ConsumerGroupLag, *g.Latency)
	}
	// Two clients share the partitions, listed from the last as in the sample.
	a := g.PartitionAssignment
	if len(a) != 2 || *a[0].ClientId != "consumer-consumer-grp-"+id+"-group-1-2" || *a[1].ClientId != "consumer-consumer-grp-"+id+"-group-1-1" ||
		len(a[1].PartitionNo) != 2 || *a[1].PartitionNo[0] != 0 || *a[1].PartitionNo[1] != 2 || *a[0].PartitionNo[0] != 1 {
		t.Fatalf("assignment %+v", a)
	}
	// It catches up, then keeps up.
	h.emu.Advance(15 * time.Second)
	offsets, lags, latencies = partitionOffsets(h.groups(id)[0])
	if !slices.Equal(offsets, []int64{900, 990, 1080, 1170}) || !slices.Equal(lags, []int64{0, 0, 0, 0}) || !slices.Equal(latencies, []int64{0, 0, 0, 0}) {
		t.Fatalf("caught up: %v %v %v", offsets, lags, latencies)
	}
}

// TestResetConsumerGroupOffset: a reset applies to a Dead or Empty group
// only; for a Stable group it succeeds and changes nothing. A Dead group is
// Empty after a reset. The parameters are checked in every state.
func TestResetConsumerGroupOffset(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.runningSubs(nil)
	start := h.emu.JobClock()
	h.mustCall("CreateConsumerGroup", group(id, "g1", "a1"))
	gid := "consumer-grp-" + id + "-g1"
	topic := *h.subsDetail(id).Topic
	reset := func(mode string, partitions []int, datetime string) error {
		p := map[string]any{"SubscribeId": id, "TopicName": topic, "ConsumerGroupName": "g1", "PartitionNos": partitions, "ResetMode": mode}
		if datetime != "" {
			p["ResetDatetime"] = datetime
		}
		return h.call("ResetConsumerGroupOffset", p)
	}
	h.emu.Advance(90 * time.Second) // Stable since 65 s: caught up
	before, _, _ := partitionOffsets(h.groups(id)[0])
	if err := reset("earliest", []int{0, 1, 2, 3}, ""); err != nil {
		t.Fatal(err)
	}
	if after, _, _ := partitionOffsets(h.groups(id)[0]); !slices.Equal(before, after) {
		t.Fatalf("a reset of a Stable group applied: %v → %v", before, after)
	}
	// The consumer leaves: Empty, for good.
	h.force(gid, cgEmpty, "")
	h.emu.Advance(10 * time.Second) // 100 s of production
	if err := reset("latest", []int{0, 1}, ""); err != nil {
		t.Fatal(err)
	}
	if err := reset("datetime", []int{3}, beijing(start.Add(30*time.Second))); err != nil {
		t.Fatal(err)
	}
	g := h.groups(id)[0]
	offsets, lags, _ := partitionOffsets(g)
	if *g.ConsumerGroupState != cgEmpty || !slices.Equal(offsets, []int64{1000, 1100, 1080, 390}) || !slices.Equal(lags, []int64{0, 0, 120, 910}) ||
		*g.UpdatedAt != beijing(h.emu.JobClock()) {
		t.Fatalf("after resets: %s %v %v", *g.ConsumerGroupState, offsets, lags)
	}
	if err := reset("earliest", []int{0}, ""); err != nil {
		t.Fatal(err)
	}
	if err := reset("datetime", []int{1}, ""); err != nil { // no datetime: as earliest
		t.Fatal(err)
	}
	if offsets, _, _ := partitionOffsets(h.groups(id)[0]); offsets[0] != 0 || offsets[1] != 0 {
		t.Fatalf("earliest: %v", offsets)
	}
	// The consumer does not come back; 7 days without one, the offsets
	// expire: Dead. Then the earliest offsets are those of a day ago.
	h.emu.Advance(7 * 24 * time.Hour)
	g = h.groups(id)[0]
	offsets, _, _ = partitionOffsets(g)
	if *g.ConsumerGroupState != cgDead || offsets[0] != produced(0, h.emu.JobClock().Sub(start)-24*time.Hour) {
		t.Fatalf("after 7 days: %s %v", *g.ConsumerGroupState, offsets)
	}
	if err := reset("latest", []int{2}, ""); err != nil {
		t.Fatal(err)
	}
	g = h.groups(id)[0]
	offsets, lags, _ = partitionOffsets(g)
	if *g.ConsumerGroupState != cgEmpty || offsets[2] != produced(2, h.emu.JobClock().Sub(start)) || lags[2] != 0 || lags[0] == 0 {
		t.Fatalf("Dead, reset: %s %v %v", *g.ConsumerGroupState, offsets, lags)
	}
	for _, tc := range []struct {
		params map[string]any
		code   string
		names  string
	}{
		{map[string]any{"TopicName": "account-" + id + "-1"}, codeInvalidParameterValue, "`TopicName`"},
		{map[string]any{"PartitionNos": []int{4}}, codeInvalidParameterValue, "`PartitionNos.0`"},
		{map[string]any{"PartitionNos": []int{}}, codeMissingParameter, "`PartitionNos`"},
		{map[string]any{"ResetMode": "oldest"}, codeInvalidParameterValue, "`ResetMode`"},
		{map[string]any{"ResetMode": "datetime", "ResetDatetime": "yesterday"}, codeInvalidParameterValue, "`ResetDatetime`"},
		{map[string]any{"ConsumerGroupName": "g2"}, codeNotFound, "consumer-grp-" + id + "-g2"},
	} {
		p := merged(map[string]any{"SubscribeId": id, "TopicName": topic, "ConsumerGroupName": "g1", "PartitionNos": []int{0}, "ResetMode": "earliest"}, tc.params)
		if msg := wantCode(t, h.call("ResetConsumerGroupOffset", p), tc.code); !strings.Contains(msg, tc.names) {
			t.Errorf("%v: message %q", tc.params, msg)
		}
	}
}

func TestDescribeOffsetByTime(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.runningSubs(nil)
	start := h.emu.JobClock()
	h.emu.Advance(100 * time.Second)
	at := func(tm string) []int64 {
		t.Helper()
		var resp dtsapi.DescribeOffsetByTimeResponse
		h.mustDTS("DescribeOffsetByTime", map[string]any{"SubscribeId": id, "Time": tm}, &resp)
		var out []int64
		for i, it := range resp.Items {
			if *it.PartitionNo != uint64(i) {
				t.Fatalf("items %+v", resp.Items)
			}
			out = append(out, int64(*it.Offset))
		}
		return out
	}
	for _, tc := range []struct {
		time string
		want []int64
	}{
		{beijing(start.Add(30 * time.Second)), []int64{300, 330, 360, 390}},
		{start.Add(30 * time.Second).In(dtsapi.Beijing).Format(time.RFC3339), []int64{300, 330, 360, 390}},
		{"2099-01-01 00:00:00", []int64{1000, 1100, 1200, 1300}},
		{beijing(start.Add(-time.Hour)), []int64{0, 0, 0, 0}},
		{"", []int64{0, 0, 0, 0}},
	} {
		if got := at(tc.time); !slices.Equal(got, tc.want) {
			t.Errorf("%q: %v, want %v", tc.time, got, tc.want)
		}
	}
	wantCode(t, h.call("DescribeOffsetByTime", map[string]any{"SubscribeId": id, "Time": "16:31"}), codeInvalidParameterValue)
	wantCode(t, h.call("DescribeOffsetByTime", map[string]any{"SubscribeId": id}), codeMissingParameter)
	// The topic keeps a day: the oldest offset moves on.
	h.emu.Advance(25 * time.Hour)
	if got := at(""); got[0] != produced(0, time.Hour+100*time.Second) {
		t.Fatalf("oldest after 25 h: %v", got)
	}
	// Production stops while the subscription is not running.
	h.force(id, ssError, "")
	end := at("2099-01-01 00:00:00")
	h.emu.Advance(time.Hour)
	if got := at("2099-01-01 00:00:00"); !slices.Equal(got, end) {
		t.Fatalf("produced in error: %v → %v", end, got)
	}
}

func TestConsumerGroupRules(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.runningSubs(nil)
	h.mustCall("CreateConsumerGroup", group(id, "g1", "a1"))
	for _, tc := range []struct {
		name   string
		params map[string]any
		code   string
		names  string
	}{
		{"short password", map[string]any{"Password": "abc"}, codeInvalidParameterValue, "`Password`"},
		{"long password", map[string]any{"Password": strings.Repeat("p", 33)}, codeInvalidParameterValue, "`Password`"},
		{"no password", map[string]any{"Password": ""}, codeMissingParameter, "`Password`"},
		{"name ends with -", map[string]any{"ConsumerGroupName": "bad-"}, codeInvalidParameterValue, "`ConsumerGroupName`"},
		{"name with a space", map[string]any{"ConsumerGroupName": "a b"}, codeInvalidParameterValue, "`ConsumerGroupName`"},
		{"account ends with .", map[string]any{"AccountName": "acc."}, codeInvalidParameterValue, "`AccountName`"},
		{"group exists", map[string]any{"AccountName": "a9"}, codeInvalidParameterValue, "already exists"},
		{"group exists, by its full name", map[string]any{"ConsumerGroupName": "consumer-grp-" + id + "-g1", "AccountName": "a9"}, codeInvalidParameterValue, "already exists"},
		{"account taken", map[string]any{"ConsumerGroupName": "g9", "AccountName": "a1"}, codeInvalidParameterValue, "account-" + id + "-a1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := merged(group(id, "g1", "a1"), tc.params)
			if msg := wantCode(t, h.call("CreateConsumerGroup", p), tc.code); !strings.Contains(msg, tc.names) {
				t.Fatalf("message %q", msg)
			}
		})
	}
	// Names: a letter or digit last; _, - and . elsewhere.
	h.mustCall("CreateConsumerGroup", map[string]any{"SubscribeId": id, "ConsumerGroupName": "_x.y-1", "AccountName": "Z", "Password": "abcd"})
	for i := 3; i <= maxGroups; i++ {
		h.mustCall("CreateConsumerGroup", group(id, "g"+string(rune('0'+i%10))+"x", "a"+string(rune('0'+i%10))+"x"))
	}
	if msg := wantCode(t, h.call("CreateConsumerGroup", group(id, "g11", "a11")), codeLimitExceeded); !strings.Contains(msg, "10") {
		t.Fatalf("message %q", msg)
	}
	// Paging: 10 by default, in creation order.
	var page dtsapi.DescribeConsumerGroupsResponse
	h.mustDTS("DescribeConsumerGroups", map[string]any{"SubscribeId": id}, &page)
	if *page.TotalCount != 10 || len(page.Items) != 10 || *page.Items[0].ConsumerGroupName != "consumer-grp-"+id+"-g1" {
		t.Fatalf("page: %d %d", *page.TotalCount, len(page.Items))
	}
	h.mustDTS("DescribeConsumerGroups", map[string]any{"SubscribeId": id, "Limit": 1, "Offset": 1}, &page)
	if len(page.Items) != 1 || *page.Items[0].ConsumerGroupName != "consumer-grp-"+id+"-_x.y-1" {
		t.Fatalf("second item: %+v", page.Items)
	}
	wantCode(t, h.call("DescribeConsumerGroups", map[string]any{"SubscribeId": id, "Limit": 0}), codeInvalidParameterValue)

	// Modify and delete take short or full names; a wrong account is not
	// the group.
	created := *h.groups(id)[0].CreatedAt
	h.emu.Advance(time.Second)
	h.mustCall("ModifyConsumerGroupDescription", map[string]any{"SubscribeId": id, "ConsumerGroupName": "consumer-grp-" + id + "-g1",
		"AccountName": "account-" + id + "-a1", "Description": "new"})
	if g := h.groups(id)[0]; *g.Description != "new" || *g.CreatedAt != created || *g.UpdatedAt == created {
		t.Fatalf("modified: %+v", g)
	}
	h.mustCall("ModifyConsumerGroupPassword", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g1", "AccountName": "a1", "NewPassword": "abc"})
	wantCode(t, h.call("ModifyConsumerGroupPassword", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g1", "AccountName": "a1", "NewPassword": "ab"}), codeInvalidParameterValue)
	wantCode(t, h.call("ModifyConsumerGroupDescription", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g1", "AccountName": "a2", "Description": "d"}), codeNotFound)
	// The DeleteConsumerGroup sample swaps the names: not a group.
	wantCode(t, h.call("DeleteConsumerGroup", map[string]any{"SubscribeId": id, "ConsumerGroupName": "account-" + id + "-a1",
		"AccountName": "consumer-grp-" + id + "-g1"}), codeNotFound)
	h.mustCall("DeleteConsumerGroup", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g1", "AccountName": "account-" + id + "-a1"})
	wantCode(t, h.call("DeleteConsumerGroup", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g1", "AccountName": "a1"}), codeNotFound)
	if n := len(h.groups(id)); n != 9 {
		t.Fatalf("%d groups after a deletion", n)
	}
	// A deleted name can be created again.
	h.mustCall("CreateConsumerGroup", group(id, "g1", "a1"))
}

// TestConsumerGroupsGoWithTheirSubscription: destroying a subscription
// removes its groups.
func TestConsumerGroupsGoWithTheirSubscription(t *testing.T) {
	h := newHarness(t, Options{})
	ids := []string{h.runningSubs(nil), h.runningSubs(nil)}
	for _, id := range ids {
		h.mustCall("CreateConsumerGroup", group(id, "g1", "a1"))
		h.mustCall("CreateConsumerGroup", group(id, "g2", "a2"))
	}
	h.mustSubsOp("IsolateSubscribe", ids[0])
	h.emu.Advance(durSubsIsolating)
	h.mustSubsOp("DestroyIsolatedSubscribe", ids[0])
	h.emu.Advance(durSubsOfflining)
	var left []string
	for _, j := range h.emu.Jobs("") {
		left = append(left, j.JobID)
	}
	want := []string{ids[1], "consumer-grp-" + ids[1] + "-g1", "consumer-grp-" + ids[1] + "-g2"}
	if !slices.Equal(left, want) {
		t.Fatalf("jobs left: %v, want %v", left, want)
	}
	wantCode(t, h.call("DescribeConsumerGroups", map[string]any{"SubscribeId": ids[0]}), codeNotFound)
}

// TestConsumerGroupWithoutConsumer: the Outcome StickIn Empty keeps new
// groups without a consumer (their offsets can be reset at any time).
func TestConsumerGroupWithoutConsumer(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetNewJobOutcome(Outcome{StickIn: cgEmpty})
	id := h.runningSubs(nil)
	h.mustCall("CreateConsumerGroup", group(id, "g1", "a1"))
	h.emu.Advance(time.Hour)
	if g := h.groups(id)[0]; *g.ConsumerGroupState != cgEmpty {
		t.Fatalf("state %s", *g.ConsumerGroupState)
	}
	// In step mode each read of the groups moves a group one step.
	s := newHarness(t, Options{Mode: ModeStep})
	sid := s.buySubs(nil)[0]
	s.mustCall("ConfigureSubscribeJob", subsConfig(sid))
	s.force(sid, ssRunning, "")
	s.mustCall("CreateConsumerGroup", group(sid, "g1", "a1"))
	var states []string
	for range 4 {
		states = append(states, *s.groups(sid)[0].ConsumerGroupState)
	}
	if want := []string{cgEmpty, cgPreparing, cgCompleting, cgStable}; !slices.Equal(states, want) {
		t.Fatalf("states by read: %v", states)
	}
}
