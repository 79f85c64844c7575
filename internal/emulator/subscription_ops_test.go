package emulator

import (
	"slices"
	"testing"
)

// subsActions are the operations on one subscription, with valid
// parameters for a configured mysql subscription.
var subsActions = []struct {
	action string
	params func(id string) map[string]any
}{
	{"ConfigureSubscribeJob", subsConfig},
	{"CreateSubscribeCheckJob", nil},
	{"StartSubscribe", nil},
	{"ResumeSubscribe", nil},
	{"ResetSubscribe", nil},
	{"ModifySubscribeObjects", func(id string) map[string]any { return map[string]any{"SubscribeId": id, "SubscribeObjectType": 0} }},
	{"IsolateSubscribe", nil},
	{"DestroyIsolatedSubscribe", nil},
	{"ModifySubscribeName", func(id string) map[string]any { return map[string]any{"SubscribeId": id, "SubscribeName": "n"} }},
	{"ModifySubscribeAutoRenewFlag", func(id string) map[string]any { return map[string]any{"SubscribeId": id, "AutoRenewFlag": 1} }},
	{"CreateConsumerGroup", func(id string) map[string]any { return group(id, "g", "a") }},
	{"DescribeOffsetByTime", func(id string) map[string]any { return map[string]any{"SubscribeId": id, "Time": ""} }},
}

// Allowed operations by status (with Status normal), as README.md's
// operations table says.
var (
	subsAlways    = []string{"IsolateSubscribe", "ModifySubscribeName", "ModifySubscribeAutoRenewFlag"}
	subsAllowedIn = map[string][]string{
		ssNotStarted:   {"ConfigureSubscribeJob", "CreateSubscribeCheckJob", "ResetSubscribe"},
		ssChecking:     {},
		ssCheckNotPass: {"ConfigureSubscribeJob", "CreateSubscribeCheckJob", "ResetSubscribe"},
		ssCheckPass:    {"CreateSubscribeCheckJob", "StartSubscribe", "ResetSubscribe"},
		ssStarting:     {"DescribeOffsetByTime"},
		ssRunning:      {"ResetSubscribe", "ModifySubscribeObjects", "CreateConsumerGroup", "DescribeOffsetByTime"},
		ssError:        {"ResumeSubscribe", "ResetSubscribe", "DescribeOffsetByTime"},
	}
)

// subsAllowed is whether action is allowed in status and lifecycle status.
func subsAllowed(action, status, trade string) bool {
	switch trade {
	case slNormal:
		return slices.Contains(subsAlways, action) || slices.Contains(subsAllowedIn[status], action)
	case slPost2PrePaying:
		return action != "IsolateSubscribe" && (slices.Contains(subsAlways, action) || slices.Contains(subsAllowedIn[status], action))
	case slIsolated:
		return action == "DestroyIsolatedSubscribe" || action == "ModifySubscribeName" || action == "ModifySubscribeAutoRenewFlag"
	case slIsolating:
		return action == "ModifySubscribeName" || action == "ModifySubscribeAutoRenewFlag"
	}
	return false // offlining
}

// TestSubscriptionOperationsByStatus proves, for every SubsStatus × Status,
// that each operation is allowed exactly where the operations table says,
// that a refused operation answers FailedOperation.StatusInConflict and
// changes nothing, and that an allowed one succeeds.
func TestSubscriptionOperationsByStatus(t *testing.T) {
	statuses := []string{ssNotStarted, ssChecking, ssCheckNotPass, ssCheckPass, ssStarting, ssRunning, ssError}
	for _, trade := range []string{slNormal, slIsolating, slIsolated, slOfflining, slPost2PrePaying} {
		t.Run(trade, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, Options{})
			for _, status := range statuses {
				h.emu.Reset()
				ids := append(h.buySubs(map[string]any{"Count": 10}), h.buySubs(map[string]any{"Count": len(subsActions) - 10})...)
				for i, sa := range subsActions {
					id := ids[i]
					h.mustCall("ConfigureSubscribeJob", subsConfig(id))
					h.force(id, status, trade)
					params := map[string]any{"SubscribeId": id}
					if sa.params != nil {
						params = sa.params(id)
					}
					err := h.call(sa.action, params)
					want := subsAllowed(sa.action, status, trade)
					if want != (err == nil) {
						t.Errorf("%s/%s: %s allowed=%v, answered %v", status, trade, sa.action, want, err)
						continue
					}
					if err != nil {
						if code := sdkCode(t, err); code != codeStatusInConflict {
							t.Errorf("%s/%s: %s answered %s, want %s", status, trade, sa.action, code, codeStatusInConflict)
						}
						if st, tr := h.subsStatus(id); st != status || tr != trade {
							t.Errorf("%s/%s: the refused %s moved the subscription to %s/%s", status, trade, sa.action, st, tr)
						}
					}
				}
			}
		})
	}
}

// TestSubscriptionOperationsEnterTheirStatusAtOnce: the read after an
// operation shows its status.
func TestSubscriptionOperationsEnterTheirStatusAtOnce(t *testing.T) {
	h := newHarness(t, Options{Mode: ModeStep})
	tests := []struct {
		action           string
		from, fromTrade  string
		wantSubs, wantSt string
	}{
		{"ConfigureSubscribeJob", ssCheckNotPass, slNormal, ssNotStarted, slNormal},
		{"CreateSubscribeCheckJob", ssNotStarted, slNormal, ssChecking, slNormal},
		{"StartSubscribe", ssCheckPass, slNormal, ssStarting, slNormal},
		{"ResumeSubscribe", ssError, slNormal, ssStarting, slNormal},
		{"ResetSubscribe", ssRunning, slNormal, ssNotStarted, slNormal},
		{"IsolateSubscribe", ssRunning, slNormal, ssRunning, slIsolating},
		{"DestroyIsolatedSubscribe", ssError, slIsolated, ssError, slOfflining},
	}
	for _, tt := range tests {
		id := h.buySubs(nil)[0]
		h.mustCall("ConfigureSubscribeJob", subsConfig(id))
		h.force(id, tt.from, tt.fromTrade)
		params := map[string]any{"SubscribeId": id}
		if tt.action == "ConfigureSubscribeJob" {
			params = subsConfig(id)
		}
		h.mustCall(tt.action, params)
		wantSubs(t, h, id, tt.wantSubs, tt.wantSt)
	}
}
