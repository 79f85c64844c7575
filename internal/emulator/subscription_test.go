package emulator

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func TestSubscriptionLifecycle(t *testing.T) {
	h := newHarness(t, Options{})
	ids := h.buySubs(map[string]any{"Count": 2, "Name": "binlog订阅", "Tags": []map[string]string{{"TagKey": "负责人", "TagValue": "jason"}}})
	shape := regexp.MustCompile(`^subs-[0-9a-z]{10}$`)
	if len(ids) != 2 || !shape.MatchString(ids[0]) || !shape.MatchString(ids[1]) || ids[0] == ids[1] {
		t.Fatalf("IDs %v", ids)
	}
	id := ids[0]
	d := h.subsDetail(id)
	now := beijing(h.emu.JobClock())
	if *d.SubsStatus != ssNotStarted || *d.Status != slNormal || *d.SubscribeName != "binlog订阅" || *d.Product != "mysql" ||
		*d.PayType != 1 || *d.AutoRenewFlag != 0 || *d.Region != testRegion || *d.SubscribeVersion != "kafkaPro" ||
		*d.InstanceClass != "small" || *d.CreateTime != now || *d.ModifyTime != now || *d.ExpireTime != dtsapi.ZeroTime ||
		*d.IsolateTime != dtsapi.ZeroTime || *d.OfflineTime != dtsapi.ZeroTime || *d.Topic != "" || *d.Broker != "" ||
		len(d.Tags) != 1 || *d.Tags[0].TagKey != "负责人" || *d.InstanceId != "" || *d.InstanceStatus != "" {
		t.Fatalf("new subscription: %+v", d)
	}

	h.mustCall("ConfigureSubscribeJob", subsConfig(id))
	wantSubs(t, h, id, ssNotStarted, slNormal)
	h.mustSubsOp("CreateSubscribeCheckJob", id)
	wantSubs(t, h, id, ssChecking, "")
	h.emu.Advance(durSubsCheck - time.Second)
	wantSubs(t, h, id, ssChecking, "")
	h.emu.Advance(time.Second)
	wantSubs(t, h, id, ssCheckPass, "")

	h.mustSubsOp("StartSubscribe", id)
	d = h.subsDetail(id)
	if *d.SubsStatus != ssStarting || *d.Topic != "topic-"+id || !regexp.MustCompile(`^21\.\d+\.\d+\.\d+:9092$`).MatchString(*d.Broker) ||
		*d.KafkaVersion != "2.8.1" {
		t.Fatalf("starting: %s topic %q broker %q version %q", *d.SubsStatus, *d.Topic, *d.Broker, *d.KafkaVersion)
	}
	h.emu.Advance(durStarting)
	d = h.subsDetail(id)
	if *d.SubsStatus != ssRunning || *d.InstanceId != subsInstance || *d.InstanceStatus != "running" || *d.AccessType != "cdb" ||
		*d.SubscribeMode != "all" || *d.KafkaConfig.NumberOfPartitions != 4 || *d.KafkaConfig.DefaultRuleType != "table" ||
		len(d.Endpoints) != 1 || *d.Endpoints[0].Password != "" || *d.Endpoints[0].User != "dts_user" {
		t.Fatalf("running: %+v", d)
	}
	// The broker is a function of the ID: the same after a restart.
	if again := h.subsDetail(id); *again.Broker != *d.Broker {
		t.Fatal("the broker changed")
	}
	// No error: Errors reads null, as in the sample.
	if raw := h.rawJSON("DescribeSubscribeDetail", map[string]any{"SubscribeId": id}); raw["Errors"] != nil {
		t.Fatalf("Errors = %v, want null", raw["Errors"])
	}
}

// TestSubscriptionTopicShapes: kafkaPro topics are topic-<id> (the detail
// sample), kafka ones with a cloud database topic-<id>-<instance> (the list
// sample).
func TestSubscriptionTopicShapes(t *testing.T) {
	h := newHarness(t, Options{})
	pro := h.runningSubs(nil)
	old := h.runningSubs(map[string]any{"SubscribeVersion": "kafka"})
	if got := *h.subsDetail(pro).Topic; got != "topic-"+pro {
		t.Errorf("kafkaPro topic %q", got)
	}
	if got := *h.subsDetail(old).Topic; got != "topic-"+old+"-"+subsInstance {
		t.Errorf("kafka topic %q", got)
	}
}

func TestCreateSubscribeValidation(t *testing.T) {
	h := newHarness(t, Options{})
	base := map[string]any{"Product": "mysql", "PayType": 0}
	with := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return merged(base, m)
	}
	h.wantRefusals(t, "CreateSubscribe", []refusal{
		{"no product", map[string]any{"PayType": 1}, codeMissingParameter, "`Product`"},
		{"no pay type", map[string]any{"Product": "mysql"}, codeMissingParameter, "`PayType`"},
		{"product outside the enum", with("Product", "redis"), codeInvalidParameterValue, "`Product`"},
		{"pay type 2", with("PayType", 2), codeInvalidParameterValue, "`PayType`"},
		{"duration 0", with("Duration", 0), codeInvalidParameterValue, "`Duration`"},
		{"duration 121", with("Duration", 121), codeInvalidParameterValue, "120"},
		{"auto renew 2", with("AutoRenew", 2), codeInvalidParameterValue, "`AutoRenew`"},
		{"count 0", with("Count", 0), codeInvalidParameterValue, "`Count`"},
		{"count 11", with("Count", 11), codeInvalidParameterValue, "between 1 and 10"},
		{"name too long", with("Name", strings.Repeat("名", 61)), codeInvalidParameterValue, "60"},
		{"duplicate tag key", with("Tags", []map[string]string{{"TagKey": "a"}, {"TagKey": "a"}}), codeInvalidParameterValue, "more than once"},
		{"version outside the enum", with("SubscribeVersion", "kafka2"), codeInvalidParameterValue, "`SubscribeVersion`"},
		{"class outside the enum", with("InstanceClass", "xlarge"), codeInvalidParameterValue, "`InstanceClass`"},
	})
	if n := len(h.emu.Jobs("")); n != 0 {
		t.Fatalf("rejected purchases created %d subscriptions", n)
	}
	// The limits that hold; a postpaid Duration is ignored.
	if ids := h.buySubs(with("Count", 10, "Duration", 120, "Name", strings.Repeat("名", 60))); len(ids) != 10 {
		t.Fatalf("bought %d", len(ids))
	}
	h.buySubs(map[string]any{"PayType": 1, "Duration": 500, "AutoRenew": 1})
}

func TestCreateSubscribeBilling(t *testing.T) {
	h := newHarness(t, Options{})
	start := h.emu.JobClock()
	pre := h.buySubs(map[string]any{"PayType": 0, "Duration": 3, "AutoRenew": 1})[0]
	d := h.subsDetail(pre)
	expire := start.In(dtsapi.Beijing).AddDate(0, 3, 0)
	if *d.PayType != 0 || *d.AutoRenewFlag != 1 || *d.ExpireTime != beijing(expire) ||
		*d.OfflineTime != beijing(expire.Add(7*24*time.Hour)) {
		t.Fatalf("prepaid: pay %d renew %d expire %s offline %s", *d.PayType, *d.AutoRenewFlag, *d.ExpireTime, *d.OfflineTime)
	}
	// AutoRenew means nothing for a postpaid subscription: it reads 0.
	post := h.buySubs(map[string]any{"PayType": 1, "AutoRenew": 1})[0]
	if d := h.subsDetail(post); *d.AutoRenewFlag != 0 || *d.ExpireTime != dtsapi.ZeroTime {
		t.Fatalf("postpaid: renew %d expire %s", *d.AutoRenewFlag, *d.ExpireTime)
	}
	h.mustCall("ModifySubscribeAutoRenewFlag", map[string]any{"SubscribeId": post, "AutoRenewFlag": 1})
	if d := h.subsDetail(post); *d.AutoRenewFlag != 0 {
		t.Fatal("a postpaid subscription took AutoRenew")
	}
	h.mustCall("ModifySubscribeAutoRenewFlag", map[string]any{"SubscribeId": pre, "AutoRenewFlag": 0})
	if d := h.subsDetail(pre); *d.AutoRenewFlag != 0 {
		t.Fatal("AutoRenew not changed")
	}
	wantCode(t, h.call("ModifySubscribeAutoRenewFlag", map[string]any{"SubscribeId": pre, "AutoRenewFlag": 2}), codeInvalidParameterValue)
	// An unnamed subscription is named after its ID, as the list sample.
	if d := h.subsDetail(post); *d.SubscribeName != "name-"+strings.TrimPrefix(post, "subs-") {
		t.Fatalf("default name %q", *d.SubscribeName)
	}
}

// TestSubscriptionExpiry: a prepaid subscription without AutoRenew is
// isolated when it expires, then destroyed 7 days later; with AutoRenew it
// is renewed for a month, and can no longer be returned.
func TestSubscriptionExpiry(t *testing.T) {
	h := newHarness(t, Options{})
	start := h.emu.JobClock().In(dtsapi.Beijing)
	ids := h.buySubs(map[string]any{"PayType": 0, "Duration": 1, "Count": 2})
	lapse, renewed := ids[0], ids[1]
	h.mustCall("ModifySubscribeAutoRenewFlag", map[string]any{"SubscribeId": renewed, "AutoRenewFlag": 1})
	expiry := start.AddDate(0, 1, 0)
	h.emu.Advance(expiry.Sub(start) - time.Second)
	wantSubs(t, h, lapse, "", slNormal)
	h.emu.Advance(time.Second)
	d := h.subsDetail(lapse)
	if *d.Status != slIsolated || *d.IsolateTime != beijing(expiry) || *d.OfflineTime != beijing(expiry.Add(7*24*time.Hour)) {
		t.Fatalf("expired: %s isolated %s offline %s", *d.Status, *d.IsolateTime, *d.OfflineTime)
	}
	r := h.subsDetail(renewed)
	if *r.Status != slNormal || *r.ExpireTime != beijing(expiry.AddDate(0, 1, 0)) {
		t.Fatalf("renewed: %s expires %s", *r.Status, *r.ExpireTime)
	}
	if ok, msg := h.returnable(renewed); ok || !strings.Contains(msg, "renewed") {
		t.Fatalf("a renewed subscription is returnable=%v (%q)", ok, msg)
	}
	h.emu.Advance(7 * 24 * time.Hour)
	wantSubs(t, h, lapse, "", slOfflining)
	h.emu.Advance(durSubsOfflining)
	wantCode(t, h.subsOp("DescribeSubscribeDetail", lapse), codeNotFound)
}

// returnable asks DescribeSubscribeReturnable.
func (h *harness) returnable(id string) (bool, string) {
	resp := mustRead[dtsapi.DescribeSubscribeReturnableResponse](h, "DescribeSubscribeReturnable", map[string]any{"SubscribeId": id})
	return *resp.IsReturnable, *resp.ReturnFailMessage
}

// TestSubscriptionReturnable: a prepaid subscription can be returned (and
// isolated) for 5 days after its purchase; then it cannot, and
// IsolateSubscribe refuses it. A postpaid one always can; an isolated one
// cannot.
func TestSubscriptionReturnable(t *testing.T) {
	h := newHarness(t, Options{})
	pre := h.buySubs(map[string]any{"PayType": 0, "Duration": 12, "Count": 2})
	post := h.buySubs(nil)[0]
	if ok, msg := h.returnable(pre[0]); !ok || msg != "" {
		t.Fatalf("new prepaid: %v %q", ok, msg)
	}
	// While returnable, a prepaid subscription is isolated (and refunded).
	h.mustSubsOp("IsolateSubscribe", pre[1])
	wantSubs(t, h, pre[1], ssNotStarted, slIsolating)
	h.emu.Advance(returnWindow)
	if ok, _ := h.returnable(pre[0]); !ok {
		t.Fatal("not returnable on its fifth day")
	}
	h.emu.Advance(time.Second)
	ok, msg := h.returnable(pre[0])
	if ok || !strings.Contains(msg, "5 days") {
		t.Fatalf("after 5 days: %v %q", ok, msg)
	}
	if got := wantCode(t, h.subsOp("IsolateSubscribe", pre[0]), codeOperationDenied); !strings.Contains(got, "5 days") {
		t.Fatalf("message %q", got)
	}
	wantSubs(t, h, pre[0], "", slNormal)
	if ok, _ := h.returnable(post); !ok {
		t.Fatal("postpaid not returnable")
	}
	h.mustSubsOp("IsolateSubscribe", post)
	if ok, msg := h.returnable(post); ok || !strings.Contains(msg, "isolating") {
		t.Fatalf("isolating: %v %q", ok, msg)
	}
}

func TestSubscriptionIsolateAndDestroy(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.runningSubs(nil)
	h.mustSubsOp("IsolateSubscribe", id)
	wantSubs(t, h, id, ssRunning, slIsolating)
	h.emu.Advance(durSubsIsolating)
	at := h.emu.JobClock()
	d := h.subsDetail(id)
	if *d.Status != slIsolated || *d.SubsStatus != ssRunning || *d.IsolateTime != beijing(at) ||
		*d.OfflineTime != beijing(at.Add(7*24*time.Hour)) {
		t.Fatalf("isolated: %+v", d)
	}
	wantCode(t, h.subsOp("IsolateSubscribe", id), codeStatusInConflict)
	h.mustSubsOp("DestroyIsolatedSubscribe", id)
	wantSubs(t, h, id, "", slOfflining)
	if d := h.subsDetail(id); *d.OfflineTime != beijing(h.emu.JobClock()) {
		t.Fatalf("OfflineTime %s", *d.OfflineTime)
	}
	h.emu.Advance(durSubsOfflining)
	wantCode(t, h.subsOp("DescribeSubscribeDetail", id), codeNotFound)
	if ids, total := subsList(t, h, nil); len(ids) != 0 || total != 0 {
		t.Fatalf("listed after destruction: %v", ids)
	}
	// An isolated subscription is destroyed after 7 days by itself.
	other := h.buySubs(nil)[0]
	h.mustSubsOp("IsolateSubscribe", other)
	h.emu.Advance(durSubsIsolating + 7*24*time.Hour)
	wantSubs(t, h, other, "", slOfflining)
}

// TestSubscriptionErrorAndResume: the Outcome RunEnds error makes a running
// subscription fail after 5 minutes, with Errors; ResumeSubscribe goes
// through starting to running, or to error again with ResumeFails.
func TestSubscriptionErrorAndResume(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetNewJobOutcome(Outcome{RunEnds: ssError})
	id := h.runningSubs(nil)
	h.emu.Advance(durRunBeforeError - time.Second)
	wantSubs(t, h, id, ssRunning, "")
	h.emu.Advance(time.Second)
	d := h.subsDetail(id)
	if *d.SubsStatus != ssError || len(d.Errors) != 1 || *d.Errors[0].Message == "" || *d.Errors[0].Reason == "" || *d.Errors[0].Solution == "" {
		t.Fatalf("error: %s %+v", *d.SubsStatus, d.Errors)
	}
	var list dtsapi.DescribeSubscribeJobsResponse
	h.mustDTS("DescribeSubscribeJobs", map[string]any{"SubsStatus": []string{ssError}}, &list)
	if *list.TotalCount != 1 || len(list.Items[0].Errors) != 1 {
		t.Fatalf("listed error: %+v", list.Items)
	}
	h.mustSubsOp("ResumeSubscribe", id)
	wantSubs(t, h, id, ssStarting, "")
	h.emu.Advance(durStarting)
	if d := h.subsDetail(id); *d.SubsStatus != ssRunning || d.Errors != nil {
		t.Fatalf("resumed: %s %+v", *d.SubsStatus, d.Errors)
	}
	// Once: it keeps running.
	h.emu.Advance(time.Hour)
	wantSubs(t, h, id, ssRunning, "")

	if err := h.emu.SetOutcome(testRegion, id, Outcome{ResumeFails: true}); err != nil {
		t.Fatal(err)
	}
	h.force(id, ssError, "")
	h.mustSubsOp("ResumeSubscribe", id)
	h.emu.Advance(durStarting)
	wantSubs(t, h, id, ssError, "")
	wantCode(t, h.subsOp("ResumeSubscribe", id+"x"), codeNotFound)
}

func TestResetSubscribe(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.runningSubs(nil)
	h.mustCall("CreateConsumerGroup", group(id, "g1", "a1"))
	h.mustSubsOp("ResetSubscribe", id)
	d := h.subsDetail(id)
	if *d.SubsStatus != ssNotStarted || *d.Topic != "" || *d.Broker != "" || *d.SubscribeMode != "" || len(d.Endpoints) != 0 ||
		*d.KafkaConfig.NumberOfPartitions != 0 || *d.AccessType != "" {
		t.Fatalf("reset: %+v", d)
	}
	if gs := h.groups(id); len(gs) != 0 {
		t.Fatalf("groups after a reset: %d", len(gs))
	}
	for _, j := range h.emu.Jobs("") {
		if j.Kind == consumerGroupKind.Name {
			t.Fatalf("group %s survived the reset", j.JobID)
		}
	}
	var r dtsapi.DescribeSubscribeCheckJobResponse
	h.mustDTS("DescribeSubscribeCheckJob", map[string]any{"SubscribeId": id}, &r)
	if *r.Status != dtsapi.SubsCheckUnknown {
		t.Fatalf("check after a reset: %s", *r.Status)
	}
	// Unconfigured: no check; configurable again with the same ID.
	wantCode(t, h.subsOp("CreateSubscribeCheckJob", id), codeOperationDenied)
	h.mustCall("ConfigureSubscribeJob", subsConfig(id))
	h.mustSubsOp("CreateSubscribeCheckJob", id)
	h.emu.Advance(durSubsCheck)
	h.mustSubsOp("StartSubscribe", id)
	h.emu.Advance(durStarting)
	wantSubs(t, h, id, ssRunning, slNormal)
	if d := h.subsDetail(id); *d.Topic != "topic-"+id {
		t.Fatalf("topic after a restart %q", *d.Topic)
	}
}

func TestModifySubscribeName(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySubs(nil)[0]
	h.mustCall("ModifySubscribeName", map[string]any{"SubscribeId": id, "SubscribeName": strings.Repeat("名", 60)})
	if d := h.subsDetail(id); *d.SubscribeName != strings.Repeat("名", 60) {
		t.Fatalf("name %q", *d.SubscribeName)
	}
	wantCode(t, h.call("ModifySubscribeName", map[string]any{"SubscribeId": id, "SubscribeName": strings.Repeat("名", 61)}), codeInvalidParameterValue)
	wantCode(t, h.call("ModifySubscribeName", map[string]any{"SubscribeId": id, "SubscribeName": " "}), codeMissingParameter)
}

// subsList lists subscription IDs.
func subsList(t *testing.T, h *harness, params map[string]any) ([]string, int64) {
	t.Helper()
	resp := mustRead[dtsapi.DescribeSubscribeJobsResponse](h, "DescribeSubscribeJobs", params)
	var ids []string
	for _, s := range resp.Items {
		ids = append(ids, *s.SubscribeId)
	}
	return ids, *resp.TotalCount
}

func TestDescribeSubscribeJobsFilters(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.runningSubs(map[string]any{"Name": "orders-a", "Tags": []map[string]string{{"TagKey": "team", "TagValue": "db"}}})
	h.emu.Advance(time.Second)
	b := h.buySubs(map[string]any{"Name": "orders-b", "Product": "mongodb", "PayType": 0})[0]
	h.emu.Advance(time.Second)
	c := h.buySubs(map[string]any{"Name": "billing", "Product": "tdsqlpercona", "Tags": []map[string]string{{"TagKey": "team", "TagValue": "ops"}}})[0]
	topic := *h.subsDetail(a).Topic
	tests := []struct {
		params map[string]any
		want   []string
	}{
		{nil, []string{c, b, a}},
		{map[string]any{"OrderDirection": "ASC"}, []string{a, b, c}},
		{map[string]any{"SubscribeId": b}, []string{b}},
		{map[string]any{"SubscribeId": "subs-nothere000"}, nil},
		{map[string]any{"SubscribeIds": []string{a, c, "subs-nothere000"}}, []string{c, a}},
		{map[string]any{"SubscribeName": "orders"}, []string{b, a}},
		{map[string]any{"SubscribeName": "rders"}, nil},
		{map[string]any{"InstanceId": subsInstance}, []string{a}},
		{map[string]any{"Topic": topic}, []string{a}},
		{map[string]any{"PayType": 0}, []string{b}},
		{map[string]any{"PayType": 1}, []string{c, a}},
		{map[string]any{"Product": "mongodb"}, []string{b}},
		{map[string]any{"Product": "tdsqlmysql"}, []string{c}},
		{map[string]any{"Status": []string{slNormal}}, []string{c, b, a}},
		{map[string]any{"SubsStatus": []string{ssRunning, ssError}}, []string{a}},
		{map[string]any{"TagFilters": []map[string]any{{"TagKey": "team"}}}, []string{c, a}},
		{map[string]any{"TagFilters": []map[string]any{{"TagKey": "team", "TagValue": []string{"db"}}}}, []string{a}},
		{map[string]any{"Limit": 1, "Offset": 1}, []string{b}},
	}
	for _, tt := range tests {
		got, total := subsList(t, h, tt.params)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%v: got %v, want %v", tt.params, got, tt.want)
		}
		if tt.params["Limit"] == nil && int(total) != len(tt.want) {
			t.Errorf("%v: TotalCount %d", tt.params, total)
		}
	}
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = a
	}
	for _, bad := range []map[string]any{
		{"Limit": 101}, {"Limit": 0}, {"Offset": -1}, {"SubscribeIds": ids}, {"PayType": 3},
		{"OrderDirection": "desc"}, {"Status": []string{"offline"}}, {"SubsStatus": []string{"paused"}}, {"Product": "redis"},
	} {
		if _, err := h.dts("DescribeSubscribeJobs", bad); sdkCode(t, err) != codeInvalidParameterValue {
			t.Errorf("%v: %v, want %s", bad, err, codeInvalidParameterValue)
		}
	}
}

// TestSubscribeResponsesMatchSamples: the detail, the list, the check and
// the consumer groups have every member of their structure (zero-filled)
// and every member of the real samples.
func TestSubscribeResponsesMatchSamples(t *testing.T) {
	h := newHarness(t, Options{})
	// Subscribed as root, as the sample's check (a warning), with the
	// sample's objects and tags.
	id := h.buySubs(map[string]any{"Tags": []map[string]string{{"TagKey": "负责人", "TagValue": "shaynefei"}}})[0]
	cfg := subsConfig(id)
	cfg["Endpoints"].([]map[string]any)[0]["User"] = "root"
	cfg["SubscribeMode"] = "dml"
	cfg["SubscribeObjects"] = []map[string]any{{"ObjectType": "table", "Database": "order_center", "Tables": []string{"deal"}}}
	h.mustCall("ConfigureSubscribeJob", cfg)
	h.mustSubsOp("CreateSubscribeCheckJob", id)
	h.emu.Advance(durSubsCheck)
	h.mustSubsOp("StartSubscribe", id)
	h.emu.Advance(durStarting)
	h.mustCall("CreateConsumerGroup", group(id, "order-system-distributer", "order-system-distributer"))
	h.emu.Advance(durConsumerJoins + durPreparing + durCompletingRebalance)
	for _, tc := range []struct {
		action string
		params map[string]any
		typ    reflect.Type
	}{
		{"DescribeSubscribeDetail", map[string]any{"SubscribeId": id}, reflect.TypeFor[dtsapi.DescribeSubscribeDetailResponse]()},
		{"DescribeSubscribeJobs", nil, reflect.TypeFor[dtsapi.DescribeSubscribeJobsResponse]()},
		{"DescribeSubscribeCheckJob", map[string]any{"SubscribeId": id}, reflect.TypeFor[dtsapi.DescribeSubscribeCheckJobResponse]()},
		{"DescribeConsumerGroups", map[string]any{"SubscribeId": id}, reflect.TypeFor[dtsapi.DescribeConsumerGroupsResponse]()},
		{"DescribeOffsetByTime", map[string]any{"SubscribeId": id, "Time": ""}, reflect.TypeFor[dtsapi.DescribeOffsetByTimeResponse]()},
	} {
		matchesSample(t, h, tc.action, tc.params, tc.typ)
	}
}

// TestSubscriptionNotFound: every subscription action answers
// ResourceNotFound for an unknown subscription; the list answers an empty
// list.
func TestSubscriptionNotFound(t *testing.T) {
	h := newHarness(t, Options{})
	const id = "subs-nothere000"
	running := h.runningSubs(nil)
	for _, tc := range []struct {
		action string
		params map[string]any
	}{
		{"ConfigureSubscribeJob", subsConfig(id)},
		{"CreateSubscribeCheckJob", nil}, {"DescribeSubscribeCheckJob", nil}, {"StartSubscribe", nil},
		{"ResumeSubscribe", nil}, {"ResetSubscribe", nil}, {"DescribeSubscribeDetail", nil},
		{"DescribeSubscribeReturnable", nil}, {"IsolateSubscribe", nil}, {"DestroyIsolatedSubscribe", nil},
		{"ModifySubscribeName", map[string]any{"SubscribeName": "n"}},
		{"ModifySubscribeAutoRenewFlag", map[string]any{"AutoRenewFlag": 1}},
		{"ModifySubscribeObjects", map[string]any{"SubscribeObjectType": 0}},
		{"CreateConsumerGroup", group(id, "g", "a")},
		{"DeleteConsumerGroup", map[string]any{"ConsumerGroupName": "g", "AccountName": "a"}},
		{"DescribeConsumerGroups", nil},
		{"ModifyConsumerGroupDescription", map[string]any{"ConsumerGroupName": "g", "AccountName": "a", "Description": "d"}},
		{"ModifyConsumerGroupPassword", map[string]any{"ConsumerGroupName": "g", "AccountName": "a", "NewPassword": "secret"}},
		{"DescribeOffsetByTime", map[string]any{"Time": ""}},
		{"ResetConsumerGroupOffset", map[string]any{"TopicName": "t", "ConsumerGroupName": "g", "PartitionNos": []int{0}, "ResetMode": "earliest"}},
	} {
		params := map[string]any{"SubscribeId": id}
		for k, v := range tc.params {
			params[k] = v
		}
		params["SubscribeId"] = id
		if msg := wantCode(t, h.call(tc.action, params), codeNotFound); !strings.Contains(msg, id) {
			t.Errorf("%s: message %q", tc.action, msg)
		}
		// A subscription of another region is not found either.
		params["SubscribeId"] = running
		if _, err := send(h.client(testID, testKey, "", "ap-beijing"), dtsapi.Service, dtsapi.Version, tc.action, params); sdkCode(t, err) != codeNotFound {
			t.Errorf("%s in another region: %v", tc.action, err)
		}
	}
	if ids, _ := subsList(t, h, map[string]any{"SubscribeId": id}); len(ids) != 0 {
		t.Fatalf("listed %v", ids)
	}
}

// TestSubscriptionAdministration: ForceStatus, HoldJob, SetOutcome and
// Isolate serve subscriptions and consumer groups; Jobs lists both kinds.
func TestSubscriptionAdministration(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.runningSubs(nil)
	h.mustCall("CreateConsumerGroup", group(id, "g1", "a1"))
	kinds := map[string]JobSummary{}
	for _, j := range h.emu.Jobs(testRegion) {
		kinds[j.Kind] = j
	}
	if s := kinds["subscription"]; s.JobID != id || s.Status != ssRunning || s.TradeStatus != slNormal || !s.Billed {
		t.Fatalf("subscription summary %+v", s)
	}
	if g := kinds["consumerGroup"]; g.JobID != "consumer-grp-"+id+"-g1" || g.ParentID != id || g.Status != cgEmpty {
		t.Fatalf("group summary %+v", g)
	}
	// The administration routes serve both kinds.
	gid := "consumer-grp-" + id + "-g1"
	if code, out := h.admin("POST", "/_emulator/jobs/"+testRegion+"/"+gid+"/status", map[string]any{"Status": cgStable}); code != 200 || out["Status"] != cgStable {
		t.Fatalf("group status route: %d %v", code, out)
	}
	if code, out := h.admin("POST", "/_emulator/jobs/"+testRegion+"/"+id+"/status", map[string]any{"Status": ssError}); code != 200 || out["Status"] != ssError {
		t.Fatalf("subscription status route: %d %v", code, out)
	}
	wantSubs(t, h, id, ssError, "")
	if err := h.emu.ForceStatus(testRegion, id, "paused", ""); err == nil {
		t.Fatal("forced an unknown status")
	}
	// Held, a resumed subscription stays starting.
	if err := h.emu.HoldJob(testRegion, id, true); err != nil {
		t.Fatal(err)
	}
	h.mustSubsOp("ResumeSubscribe", id)
	h.emu.Advance(time.Hour)
	wantSubs(t, h, id, ssStarting, "")
	if err := h.emu.HoldJob(testRegion, id, false); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(durStarting)
	wantSubs(t, h, id, ssRunning, "")
	// StickIn keeps a check running.
	if err := h.emu.SetOutcome(testRegion, id, Outcome{StickIn: ssChecking}); err != nil {
		t.Fatal(err)
	}
	if err := h.emu.SetOutcome(testRegion, id, Outcome{RunEnds: "failed"}); err == nil {
		t.Fatal("RunEnds failed accepted for a subscription")
	}
	// Isolation for arrears: isolated at once; the SubsStatus stays.
	if err := h.emu.Isolate(testRegion, id, IsolationOverdue); err != nil {
		t.Fatal(err)
	}
	wantSubs(t, h, id, ssRunning, slIsolated)
	if err := h.emu.Isolate(testRegion, id, IsolationOverdue); err == nil {
		t.Fatal("isolated twice")
	}
	if err := h.emu.Isolate(testRegion, "consumer-grp-"+id+"-g1", IsolationManual); err == nil {
		t.Fatal("isolated a consumer group")
	}
	// Deleting the subscription deletes its groups.
	if err := h.emu.DeleteJob(testRegion, id); err != nil {
		t.Fatal(err)
	}
	if n := len(h.emu.Jobs("")); n != 0 {
		t.Fatalf("%d jobs left", n)
	}
}

func TestSubscriptionStepMode(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	id := h.buySubs(nil)[0]
	h.mustCall("ConfigureSubscribeJob", subsConfig(id))
	h.mustSubsOp("CreateSubscribeCheckJob", id)
	// Each read of the check moves it one step: 5 steps.
	var steps []uint64
	for range 6 {
		var r dtsapi.DescribeSubscribeCheckJobResponse
		h.mustDTS("DescribeSubscribeCheckJob", map[string]any{"SubscribeId": id}, &r)
		steps = append(steps, *r.StepNow)
	}
	if !slices.Equal(steps, []uint64{1, 2, 3, 4, 5, 5}) {
		t.Fatalf("StepNow by read: %v", steps)
	}
	wantSubs(t, h, id, ssCheckPass, "")
	h.mustSubsOp("StartSubscribe", id)
	wantSubs(t, h, id, ssStarting, "")
	wantSubs(t, h, id, ssRunning, "")
}

func TestSubscriptionPersistence(t *testing.T) {
	dir := t.TempDir()
	opts := Options{StateFile: dir + "/state.json"}
	h := newHarness(t, opts)
	id := h.runningSubs(map[string]any{"PayType": 0})
	h.mustCall("CreateConsumerGroup", group(id, "g1", "a1"))
	before := h.subsDetail(id)
	groups := h.groups(id)
	if err := h.emu.Close(); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, opts)
	after := h2.subsDetail(id)
	before.RequestId, after.RequestId = nil, nil
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("detail changed across a restart:\n%+v\n%+v", before, after)
	}
	if g := h2.groups(id); len(g) != 1 || *g[0].ConsumerGroupName != *groups[0].ConsumerGroupName {
		t.Fatalf("groups after a restart: %+v", g)
	}
	// No password was stored.
	b, err := os.ReadFile(dir + "/state.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Secret-Pa55", "qJ3e1Wd~"} {
		if strings.Contains(string(b), secret) {
			t.Fatalf("the state file holds %q", secret)
		}
	}
}

// TestSubscriptionPostpaidToPrepaid: the console's conversion (reachable by
// ForceStatus) ends in normal, prepaid, expiring a month later.
func TestSubscriptionPostpaidToPrepaid(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.runningSubs(nil)
	h.force(id, "", slPost2PrePaying)
	wantCode(t, h.subsOp("IsolateSubscribe", id), codeStatusInConflict)
	h.emu.Advance(durPost2PrePay)
	d := h.subsDetail(id)
	if *d.Status != slNormal || *d.PayType != 0 || *d.ExpireTime != beijing(h.emu.JobClock().In(dtsapi.Beijing).AddDate(0, 1, 0)) {
		t.Fatalf("converted: %s pay %d expires %s", *d.Status, *d.PayType, *d.ExpireTime)
	}
}

// TestSubscriptionRealtimeScale: in realtime mode the durations and the
// topic's rates follow the TimeScale.
func TestSubscriptionRealtimeScale(t *testing.T) {
	jobClock := clock.NewFake(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC))
	h := newHarness(t, Options{Mode: ModeRealtime, JobClock: jobClock, TimeScale: 0.01, Jitter: -1})
	id := h.buySubs(nil)[0]
	h.mustCall("ConfigureSubscribeJob", subsConfig(id))
	h.mustSubsOp("CreateSubscribeCheckJob", id)
	jobClock.Advance(scaled(durSubsCheck, 0.01))
	h.mustSubsOp("StartSubscribe", id)
	jobClock.Advance(scaled(durStarting, 0.01))
	wantSubs(t, h, id, ssRunning, "")
	jobClock.Advance(time.Second) // 100 nominal seconds
	var resp dtsapi.DescribeOffsetByTimeResponse
	h.mustDTS("DescribeOffsetByTime", map[string]any{"SubscribeId": id, "Time": "2099-01-01 00:00:00"}, &resp)
	if got := *resp.Items[0].Offset; got != 1000 {
		t.Fatalf("partition 0 after 100 nominal seconds: %d", got)
	}
}
