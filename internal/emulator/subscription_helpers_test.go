package emulator

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Test helpers of the subscription kind: purchases, configurations and
// reads through the SDK harness.

// subsInstance is the catalog instance the test configurations subscribe.
const subsInstance = "cdb-my0001"

// durSubsCheck is the duration of a whole subscription check.
const durSubsCheck = 5 * durSubsCheckStep

// buySubs buys subscriptions (postpaid mysql unless params say otherwise)
// and returns their IDs.
func (h *harness) buySubs(params map[string]any) []string {
	h.t.Helper()
	return buy(h, "CreateSubscribe", map[string]any{"Product": "mysql", "PayType": 1}, params,
		func(r *dtsapi.CreateSubscribeResponse) []*string { return r.SubscribeIds })
}

// subsConfig is a minimal valid ConfigureSubscribeJob request for a mysql
// subscription of a catalog instance, with 4 partitions.
func subsConfig(id string) map[string]any {
	return map[string]any{
		"SubscribeId": id, "SubscribeMode": "all", "AccessType": "cdb",
		"Endpoints": []map[string]any{{
			"DatabaseRegion": testRegion, "InstanceId": subsInstance, "User": "dts_user", "Password": "Secret-Pa55",
		}},
		"KafkaConfig": map[string]any{"NumberOfPartitions": 4, "DefaultRuleType": "table"},
	}
}

// mustRead calls a DTS action that must succeed and decodes its answer.
func mustRead[T any](h *harness, action string, params any) *T {
	h.t.Helper()
	resp := new(T)
	h.mustDTS(action, params, resp)
	return resp
}

// subsDetail reads a subscription's detail.
func (h *harness) subsDetail(id string) *dtsapi.DescribeSubscribeDetailResponse {
	return mustRead[dtsapi.DescribeSubscribeDetailResponse](h, "DescribeSubscribeDetail", map[string]any{"SubscribeId": id})
}

// subsStatus reads a subscription's SubsStatus and Status.
func (h *harness) subsStatus(id string) (string, string) {
	h.t.Helper()
	d := h.subsDetail(id)
	return *d.SubsStatus, *d.Status
}

// wantSubs fails unless the subscription is in the given statuses ("" for
// either: not checked).
func wantSubs(t testing.TB, h *harness, id, subs, status string) {
	t.Helper()
	gotSubs, gotStatus := h.subsStatus(id)
	if (subs != "" && gotSubs != subs) || (status != "" && gotStatus != status) {
		t.Fatalf("%s is %s/%s, want %s/%s", id, gotSubs, gotStatus, subs, status)
	}
}

// subsOp calls an action that takes only the subscription's ID.
func (h *harness) subsOp(action, id string) error {
	return h.call(action, map[string]any{"SubscribeId": id})
}

// mustSubsOp calls an action that takes only the subscription's ID and must
// succeed.
func (h *harness) mustSubsOp(action, id string) {
	h.t.Helper()
	h.mustCall(action, map[string]any{"SubscribeId": id})
}

// checkedSubs buys and configures a subscription and checks it: it is at
// checkPass (manual mode).
func (h *harness) checkedSubs(params map[string]any) string {
	h.t.Helper()
	id := h.buySubs(params)[0]
	h.mustCall("ConfigureSubscribeJob", subsConfig(id))
	h.mustSubsOp("CreateSubscribeCheckJob", id)
	h.emu.Advance(durSubsCheck)
	wantSubs(h.t, h, id, ssCheckPass, "")
	return id
}

// runningSubs is checkedSubs, started: it is running (manual mode).
func (h *harness) runningSubs(params map[string]any) string {
	h.t.Helper()
	id := h.checkedSubs(params)
	h.mustSubsOp("StartSubscribe", id)
	h.emu.Advance(durStarting)
	wantSubs(h.t, h, id, ssRunning, slNormal)
	return id
}

// group is a CreateConsumerGroup request.
func group(id, name, account string) map[string]any {
	return map[string]any{"SubscribeId": id, "ConsumerGroupName": name, "AccountName": account, "Password": "qJ3e1Wd~"}
}

// groups reads the consumer groups of a subscription.
func (h *harness) groups(id string) []*dtsapi.GroupInfo {
	return mustRead[dtsapi.DescribeConsumerGroupsResponse](h, "DescribeConsumerGroups", map[string]any{"SubscribeId": id, "Limit": 100}).Items
}

// rawJSON calls a DTS action and decodes its answer as generic JSON.
func (h *harness) rawJSON(action string, params any) map[string]any {
	h.t.Helper()
	raw, err := h.dts(action, params)
	if err != nil {
		h.t.Fatalf("%s: %v", action, err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		h.t.Fatal(err)
	}
	return out
}

// beijing renders a job-clock time as the API does.
func beijing(t time.Time) string { return t.In(dtsapi.Beijing).Format(dtsapi.TimeLayout) }
