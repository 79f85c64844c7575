package emulator

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/stsapi"
)

// TestRateLimitEveryAction: every implemented action, DTS and STS, has the
// documented limit of 20 requests per second (the definition states none
// of its own; see dts-api/README.md "Rate limits"): 20 requests in one
// instant pass the limiter — valid or not, as at the API's gateway — the
// 21st is RequestLimitExceeded naming the limit, and the next second has
// its 20 again. Each action has its own budget.
func TestRateLimitEveryAction(t *testing.T) {
	wall := fakeNow()
	h := newHarness(t, Options{WallClock: wall, RateLimit: DefaultRateLimit})
	type target struct{ service, version, action string }
	var targets []target
	for _, a := range slices.Sorted(maps.Keys(dtsHandlers)) {
		targets = append(targets, target{dtsapi.Service, dtsapi.Version, a})
	}
	for _, a := range slices.Sorted(maps.Keys(stsHandlers)) {
		targets = append(targets, target{stsapi.Service, stsapi.Version, a})
	}
	c := h.client(testID, testKey, "", testRegion)
	for _, tg := range targets {
		for i := range DefaultRateLimit {
			if _, err := send(c, tg.service, tg.version, tg.action, map[string]any{}); strings.HasPrefix(sdkCode(t, err), codeRequestLimitExceeded) {
				t.Fatalf("%s: request %d of the second throttled: %v", tg.action, i+1, err)
			}
		}
		_, err := send(c, tg.service, tg.version, tg.action, map[string]any{})
		if msg := wantCode(t, err, codeRequestLimitExceeded); !strings.Contains(msg, "exceeds the frequency limit `20`") {
			t.Fatalf("%s: %q does not name the limit", tg.action, msg)
		}
	}
	wall.Advance(time.Second)
	for _, tg := range targets {
		if _, err := send(c, tg.service, tg.version, tg.action, map[string]any{}); strings.HasPrefix(sdkCode(t, err), codeRequestLimitExceeded) {
			t.Fatalf("%s: throttled in the next second: %v", tg.action, err)
		}
	}
	if len(targets) < 60 {
		t.Fatalf("only %d actions checked", len(targets))
	}
}

// TestFaultMutatingOnly: a Mutating rule leaves the Describe… reads alone
// and fires on the calls that change something.
func TestFaultMutatingOnly(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.AddFault(FaultRule{Kind: FaultError, Code: "InternalError", Mutating: true})
	if _, err := h.dts("DescribeMigrationJobs", nil); err != nil {
		t.Fatalf("a read failed: %v", err)
	}
	_, err := h.dts("CreateMigrationService", map[string]any{"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql",
		"SrcRegion": testRegion, "DstRegion": testRegion, "InstanceClass": "small"})
	wantCode(t, err, "InternalError")
	if f := h.emu.Faults()[0]; f.Calls != 1 || f.Fired != 1 {
		t.Fatalf("the rule counted %d calls, fired %d times; want 1 and 1", f.Calls, f.Fired)
	}
}
