package emulator

import (
	"fmt"
	"testing"
)

func TestZZProbe(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.runningSubs(nil)
	h.mustCall("CreateConsumerGroup", group(id, "g1", "a1"))
	d := h.subsDetail(id)
	for _, c := range []struct {
		a string
		p map[string]any
	}{
		{"ModifySubscribeName", map[string]any{"SubscribeId": id, "SubscribeName": ""}},
		{"ModifySubscribeName", map[string]any{"SubscribeId": id, "SubscribeName": "   "}},
		{"ModifyConsumerGroupDescription", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g1", "AccountName": "a1", "Description": ""}},
		{"ModifyConsumerGroupPassword", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g1", "AccountName": "a1", "NewPassword": "abc"}},
		{"ResetConsumerGroupOffset", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g1", "TopicName": *d.Topic, "PartitionNos": []int{}, "ResetMode": "earliest"}},
		{"ResetConsumerGroupOffset", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g1", "TopicName": *d.Topic, "PartitionNos": []int{0}, "ResetMode": "bogus"}},
		{"ResetConsumerGroupOffset", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g1", "TopicName": *d.Topic, "PartitionNos": []int{0}, "ResetMode": "datetime", "ResetDatetime": "2026-13-01 00:00:00"}},
		{"DescribeOffsetByTime", map[string]any{"SubscribeId": id, "Time": "garbage"}},
		{"DescribeOffsetByTime", map[string]any{"SubscribeId": id, "Time": ""}},{"DescribeOffsetByTime", map[string]any{"SubscribeId": id, "Time": "0000-00-00 00:00:00"}},
		{"ModifySubscribeObjects", map[string]any{"SubscribeId": id, "SubscribeObjectType": 1, "Objects": []map[string]any{{"ObjectsType": 0, "DatabaseName": ""}}}},
		{"ModifySubscribeObjects", map[string]any{"SubscribeId": id, "SubscribeObjectType": 1, "Objects": []map[string]any{{"ObjectsType": 2, "DatabaseName": "x"}}}},
		{"ModifySubscribeObjects", map[string]any{"SubscribeId": id, "SubscribeObjectType": 0, "DistributeRules": []map[string]any{{"RuleType": "cols", "DbPattern": "a", "TablePattern": "b"}}, "DefaultRuleType": "table"}},
		{"ModifySubscribeObjects", map[string]any{"SubscribeId": id, "SubscribeObjectType": 0, "DistributeRules": []map[string]any{{"RuleType": "table", "DbPattern": "a", "TablePattern": "b"}}}},
		{"ModifySubscribeAutoRenewFlag", map[string]any{"SubscribeId": id, "AutoRenewFlag": 2}},
		{"ResumeSubscribe", map[string]any{"SubscribeId": id}},
		{"StartSubscribe", map[string]any{"SubscribeId": id}},
		{"ConfigureSubscribeJob", subsConfig(id)},
		{"CreateSubscribeCheckJob", map[string]any{"SubscribeId": id}},
		{"DescribeConsumerGroups", map[string]any{"SubscribeId": id, "Limit": 0}},
		{"DescribeSubscribeJobs", map[string]any{"Limit": 0}},
		{"CreateConsumerGroup", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g2", "AccountName": "a2", "Password": "abcd", "Description": ""}},
		{"DeleteConsumerGroup", map[string]any{"SubscribeId": id, "ConsumerGroupName": "g2", "AccountName": "zz"}},
	} {
		raw, err := h.dts(c.a, c.p)
		s := string(raw)
		if len(s) > 300 {
			s = s[:300]
		}
		fmt.Printf("%s %v: err=%v resp=%s\n", c.a, c.p["SubscribeName"], err, s)
	}
}
