package emulator

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
)

// outcomes calls DescribeMigrationJobs n times and returns the error code
// of each call ("" for success).
func outcomes(t *testing.T, h *harness, n int) []string {
	t.Helper()
	out := make([]string, n)
	for i := range out {
		_, err := h.dts("DescribeMigrationJobs", nil)
		out[i] = sdkCode(t, err)
	}
	return out
}

func TestFaultErrorOnFirstN(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.emu.AddFault(FaultRule{Action: "DescribeMigrationJobs", Kind: FaultError, Code: "InternalError.LockError", First: 2})
	got := outcomes(t, h, 4)
	want := []string{"InternalError.LockError", "InternalError.LockError", "", ""}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %v, want %v", got, want)
	}
	f := h.emu.Faults()[0]
	if f.ID != id || f.Calls != 4 || f.Fired != 2 {
		t.Fatalf("counters: %+v", f)
	}
	// Other actions are not affected.
	if _, err := h.dts("DescribeMigrationDetail", map[string]any{"JobId": "dts-00000000"}); sdkCode(t, err) != codeResourceNotFound {
		t.Fatalf("other action: %v", err)
	}
}

func TestFaultErrorEveryNth(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.AddFault(FaultRule{Kind: FaultError, Code: "RequestLimitExceeded", Message: "slow down", Every: 3})
	got := outcomes(t, h, 7)
	want := []string{"", "", "RequestLimitExceeded", "", "", "RequestLimitExceeded", ""}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %v, want %v", got, want)
	}
	_, _ = h.dts("DescribeMigrationJobs", nil)
	_, err := h.dts("DescribeMigrationJobs", nil)
	if msg := wantCode(t, err, "RequestLimitExceeded"); msg != "slow down" {
		t.Fatalf("message %q", msg)
	}
}

func TestFaultHTTPStatus(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.AddFault(FaultRule{Kind: FaultHTTP, HTTPStatus: 503, First: 1})
	_, err := h.dts("DescribeMigrationJobs", nil)
	var e *tcerr.TencentCloudSDKError
	if !errors.As(err, &e) || e.GetCode() != "ClientError.HttpStatusCodeError" || !strings.Contains(e.GetMessage(), "503 Service Unavailable") {
		t.Fatalf("got %v, want an HTTP 503", err)
	}
	j := h.emu.Journal()
	if j[0].HTTPStatus != 503 || j[0].FaultKind != FaultHTTP {
		t.Fatalf("journal: %+v", j[0])
	}
	if _, err := h.dts("DescribeMigrationJobs", nil); err != nil {
		t.Fatalf("second call: %v", err)
	}
}

func TestFaultDrop(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.AddFault(FaultRule{Action: "CreateMigrationService", Kind: FaultDrop})
	_, err := h.dts("CreateMigrationService", map[string]any{
		"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion,
		"InstanceClass": "small",
	})
	// The Go SDK reports a connection that closed without an answer as
	// ClientError.NetworkError (no RequestId: nothing came back).
	if e := sdkError(err); e == nil || e.GetCode() != "ClientError.NetworkError" || e.GetRequestId() != "" {
		t.Fatalf("got %v, want a connection error", err)
	}
	if jobs := h.emu.Jobs(""); len(jobs) != 0 {
		t.Fatalf("a dropped purchase created %v", jobs)
	}
	j := h.emu.Journal()
	if len(j) != 1 || j[0].HTTPStatus != 0 || j[0].FaultKind != FaultDrop {
		t.Fatalf("journal: %+v", j)
	}
}

func TestFaultApplyThenDrop(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.AddFault(FaultRule{Action: "CreateMigrationService", Kind: FaultApplyThenDrop, First: 1})
	params := map[string]any{
		"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion,
		"InstanceClass": "small", "JobName": "once",
	}
	_, err := h.dts("CreateMigrationService", params)
	// The Go SDK reports a connection that closed without an answer as
	// ClientError.NetworkError (no RequestId: nothing came back).
	if e := sdkError(err); e == nil || e.GetCode() != "ClientError.NetworkError" || e.GetRequestId() != "" {
		t.Fatalf("got %v, want a connection error", err)
	}
	jobs := h.emu.Jobs("")
	if len(jobs) != 1 || jobs[0].JobName != "once" {
		t.Fatalf("the purchase should have happened once: %v", jobs)
	}
	entries := h.emu.Journal()
	if len(entries) != 1 || entries[0].Action != "CreateMigrationService" || entries[0].HTTPStatus != 0 ||
		entries[0].Code != "" || entries[0].FaultKind != FaultApplyThenDrop {
		t.Fatalf("journal: %+v", entries)
	}
	// A blind retry buys a second job: exactly what the provider must avoid.
	if _, err := h.dts("CreateMigrationService", params); err != nil {
		t.Fatal(err)
	}
	if n := len(h.emu.Jobs("")); n != 2 {
		t.Fatalf("%d jobs after the retry", n)
	}
}

func TestFaultLatency(t *testing.T) {
	wall := fakeNow()
	h := newHarness(t, Options{WallClock: wall})
	h.emu.AddFault(FaultRule{Kind: FaultLatency, Latency: 3 * time.Second})
	start := time.Now()
	if _, err := h.dts("DescribeMigrationJobs", nil); err != nil {
		t.Fatalf("a latency fault still answers: %v", err)
	}
	if real := time.Since(start); real > 2*time.Second {
		t.Fatalf("the fake clock should not sleep for real (%s)", real)
	}
	j := h.emu.Journal()[0]
	if j.Latency < 3*time.Second || j.FaultKind != FaultLatency || j.Code != "" {
		t.Fatalf("journal: %+v", j)
	}
}

func TestFaultProbabilityIsReproducible(t *testing.T) {
	run := func(seed int64) string {
		h := newHarness(t, Options{Seed: seed})
		h.emu.AddFault(FaultRule{Kind: FaultError, Code: "InternalError", Probability: 0.5})
		var b strings.Builder
		for _, c := range outcomes(t, h, 40) {
			if c == "" {
				b.WriteByte('.')
			} else {
				b.WriteByte('x')
			}
		}
		return b.String()
	}
	a, b, c := run(42), run(42), run(43)
	if a != b {
		t.Fatalf("same seed, different faults:\n%s\n%s", a, b)
	}
	if a == c {
		t.Fatalf("different seeds, same faults: %s", a)
	}
	if n := strings.Count(a, "x"); n < 8 || n > 32 {
		t.Fatalf("p=0.5 fired %d times out of 40: %s", n, a)
	}
}

func TestFaultRuleValidation(t *testing.T) {
	bad := []FaultRule{
		{Kind: "explode"},
		{Kind: FaultError},
		{Kind: FaultHTTP, HTTPStatus: 404},
		{Kind: FaultLatency},
		{Kind: FaultDrop, Every: 2, First: 1},
		{Kind: FaultDrop, Probability: 1.5},
		{Kind: FaultDrop, First: -1},
	}
	for _, r := range bad {
		if r.Validate() == nil {
			t.Errorf("%+v validated", r)
		}
	}
	defer func() {
		if recover() == nil {
			t.Fatal("AddFault accepted an invalid rule")
		}
	}()
	newHarness(t, Options{}).emu.AddFault(FaultRule{Kind: "explode"})
}

func TestFaultRuleJSON(t *testing.T) {
	var r FaultRule
	if err := json.Unmarshal([]byte(`{"Kind":"latency","Latency":"1.5s","Action":"DescribeMigrationJobs"}`), &r); err != nil {
		t.Fatal(err)
	}
	if r.Latency != 1500*time.Millisecond || r.Action != "DescribeMigrationJobs" {
		t.Fatalf("%+v", r)
	}
	if err := json.Unmarshal([]byte(`{"Kind":"latency","Latency":2}`), &r); err != nil || r.Latency != 2*time.Second {
		t.Fatalf("%+v %v", r, err)
	}
	b, err := json.Marshal(FaultRule{Kind: FaultLatency, Latency: 250 * time.Millisecond})
	if err != nil || !strings.Contains(string(b), `"Latency":"250ms"`) {
		t.Fatalf("%s %v", b, err)
	}
	if err := json.Unmarshal([]byte(`{"Kind":"latency","Latency":"soon"}`), &r); err == nil {
		t.Fatal("accepted a bad latency")
	}
}

func TestClearFaults(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.AddFault(FaultRule{Kind: FaultError, Code: "InternalError"})
	h.emu.ClearFaults()
	if _, err := h.dts("DescribeMigrationJobs", nil); err != nil || len(h.emu.Faults()) != 0 {
		t.Fatalf("after ClearFaults: %v %v", err, h.emu.Faults())
	}
}

func sdkError(err error) *tcerr.TencentCloudSDKError {
	var e *tcerr.TencentCloudSDKError
	if errors.As(err, &e) {
		return e
	}
	return nil
}
