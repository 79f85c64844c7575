package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// admin calls the administration API over loopback.
func (h *harness) admin(method, path string, body any) (int, map[string]any) {
	h.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			h.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, r)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode, out
}

func TestAdminIsLoopbackOnly(t *testing.T) {
	e, err := New(Options{Mode: ModeManual})
	if err != nil {
		t.Fatal(err)
	}
	for _, remote := range []string{"10.0.0.1:1234", "192.168.1.5:80", "[2001:db8::1]:443"} {
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8900/_emulator/reset", nil)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s: HTTP %d, want 403", remote, rec.Code)
		}
	}
	for _, remote := range []string{"127.0.0.1:1234", "[::1]:80", "127.9.9.9:1"} {
		req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8900/_emulator/health", nil)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: HTTP %d, want 200", remote, rec.Code)
		}
	}
}

func TestAdminRoutes(t *testing.T) {
	h := newHarness(t, Options{})
	ids := h.create(map[string]any{"Count": 2})

	if code, out := h.admin("GET", "/_emulator/health", nil); code != 200 || out["Status"] != "ok" || out["Jobs"] != 2.0 || out["Mode"] != "manual" {
		t.Fatalf("health: %d %v", code, out)
	}
	if _, out := h.admin("GET", "/_emulator/jobs", nil); len(out["Jobs"].([]any)) != 2 {
		t.Fatalf("jobs: %v", out)
	}
	if _, out := h.admin("GET", "/_emulator/jobs?region=ap-beijing", nil); len(out["Jobs"].([]any)) != 0 {
		t.Fatalf("jobs of another region: %v", out)
	}

	// Advance the clock.
	if code, out := h.admin("POST", "/_emulator/advance", map[string]any{"Seconds": 10}); code != 200 || out["JobClock"] == nil {
		t.Fatalf("advance: %d %v", code, out)
	}
	wantStatus(t, h, ids[0], stCreated, "")
	if code, _ := h.admin("POST", "/_emulator/advance", map[string]any{"Seconds": -1}); code != 400 {
		t.Fatalf("negative advance: %d", code)
	}

	// Force a status.
	code, out := h.admin("POST", "/_emulator/jobs/"+testRegion+"/"+ids[0]+"/status", map[string]any{"Status": "running", "TradeStatus": "isolated"})
	if code != 200 || out["Status"] != "running" || out["TradeStatus"] != "isolated" {
		t.Fatalf("force: %d %v", code, out)
	}
	wantStatus(t, h, ids[0], stRunning, trIsolated)
	if code, _ := h.admin("POST", "/_emulator/jobs/"+testRegion+"/"+ids[0]+"/status", map[string]any{"Status": "bogus"}); code != 400 {
		t.Fatalf("bad status: %d", code)
	}
	if code, _ := h.admin("POST", "/_emulator/jobs/"+testRegion+"/dts-nothere0/status", map[string]any{"Status": "running"}); code != 404 {
		t.Fatalf("unknown job: %d", code)
	}

	// Script an outcome.
	if code, out := h.admin("POST", "/_emulator/jobs/"+testRegion+"/"+ids[1]+"/outcome", map[string]any{"CheckFails": true}); code != 200 ||
		out["Outcome"].(map[string]any)["CheckFails"] != true {
		t.Fatalf("outcome: %d %v", code, out)
	}

	// Delete out of band.
	if code, _ := h.admin("DELETE", "/_emulator/jobs/"+testRegion+"/"+ids[1], nil); code != 200 {
		t.Fatalf("delete: %d", code)
	}
	_, err := h.dts("DescribeMigrationDetail", map[string]any{"JobId": ids[1]})
	wantCode(t, err, codeResourceNotFound)

	// Faults.
	code, out = h.admin("POST", "/_emulator/faults", map[string]any{"Action": "DescribeMigrationJobs", "Kind": "error", "Code": "InternalError", "First": 1})
	if code != 200 || out["Id"] != "fault-1" {
		t.Fatalf("add fault: %d %v", code, out)
	}
	_, err = h.dts("DescribeMigrationJobs", nil)
	wantCode(t, err, "InternalError")
	if _, out := h.admin("GET", "/_emulator/faults", nil); out["Faults"].([]any)[0].(map[string]any)["Fired"] != 1.0 {
		t.Fatalf("faults: %v", out)
	}
	if code, _ := h.admin("POST", "/_emulator/faults", map[string]any{"Kind": "error"}); code != 400 {
		t.Fatalf("invalid fault: %d", code)
	}
	if code, _ := h.admin("POST", "/_emulator/faults", map[string]any{"Kind": "drop", "Typo": 1}); code != 400 {
		t.Fatalf("unknown field: %d", code)
	}
	h.admin("DELETE", "/_emulator/faults", nil)
	if len(h.emu.Faults()) != 0 {
		t.Fatal("faults not cleared")
	}

	// Journal.
	if _, out := h.admin("GET", "/_emulator/journal", nil); len(out["Journal"].([]any)) == 0 {
		t.Fatalf("journal: %v", out)
	}
	h.admin("DELETE", "/_emulator/journal", nil)
	if len(h.emu.Journal()) != 0 {
		t.Fatal("journal not cleared")
	}

	// Save without a state file is a no-op.
	if code, out := h.admin("POST", "/_emulator/save", nil); code != 200 || out["Saved"] != false {
		t.Fatalf("save: %d %v", code, out)
	}

	// Reset.
	if code, _ := h.admin("POST", "/_emulator/reset", nil); code != 200 {
		t.Fatalf("reset: %d", code)
	}
	if len(h.emu.Jobs("")) != 0 {
		t.Fatal("jobs left after reset")
	}
	if code, _ := h.admin("GET", "/_emulator/nothing", nil); code != 404 {
		t.Fatalf("unknown route: %d", code)
	}
	if code, _ := h.admin("POST", "/_emulator/advance", "not an object"); code != 400 {
		t.Fatalf("bad body: %d", code)
	}
}

func TestRateLimit(t *testing.T) {
	wall := fakeNow()
	h := newHarness(t, Options{WallClock: wall, RateLimit: 2})
	for i := range 2 {
		if _, err := h.dts("DescribeMigrationJobs", nil); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	// The message says how many requests came in this second, and the
	// limit in force.
	for n := 3; n <= 5; n++ {
		_, err := h.dts("DescribeMigrationJobs", nil)
		msg := wantCode(t, err, codeRequestLimitExceeded)
		if want := "equals to `" + strconv.Itoa(n) + "` in a second, which exceeds the frequency limit `2`"; !strings.Contains(msg, want) {
			t.Fatalf("request %d: %q does not say %q", n, msg, want)
		}
	}
	// The limit is per action.
	if _, err := h.dts("DescribeMigrationDetail", map[string]any{"JobId": "dts-00000000"}); sdkCode(t, err) != codeResourceNotFound {
		t.Fatalf("another action: %v", err)
	}
	// Tokens come back with time.
	wall.Advance(500 * time.Millisecond)
	if _, err := h.dts("DescribeMigrationJobs", nil); err != nil {
		t.Fatalf("after half a second: %v", err)
	}
	_, err := h.dts("DescribeMigrationJobs", nil)
	wantCode(t, err, codeRequestLimitExceeded)
}

func TestRateLimitDefaultsAndOff(t *testing.T) {
	wall := fakeNow()
	h := newHarness(t, Options{WallClock: wall, RateLimit: 0})
	// newHarness turns 0 into "off"; build the default explicitly.
	e, err := New(Options{WallClock: wall})
	if err != nil {
		t.Fatal(err)
	}
	if e.rateLimit != DefaultRateLimit {
		t.Fatalf("default rate limit %v", e.rateLimit)
	}
	for range 50 {
		if _, err := h.dts("DescribeMigrationJobs", nil); err != nil {
			t.Fatalf("rate limit off: %v", err)
		}
	}
	if !strings.Contains(codeRequestLimitExceeded, "RequestLimitExceeded") {
		t.Fatal("code constant")
	}
}

// TestOverdueIsolationCannotBeRecovered: RecoverMigrateJob lifts only a
// manual isolation ("只有任务状态为已隔离(手动操作)状态下才能触发此操作"); an
// isolation for arrears (administration Isolate, reason overdue) is refused
// with OperationDenied.BizOperationDeniedError and can only be destroyed.
func TestOverdueIsolationCannotBeRecovered(t *testing.T) {
	h := newHarness(t, Options{})
	id := startedJob(t, h, "fullAndIncrement")
	if err := h.emu.Isolate(testRegion, id, IsolationOverdue); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, h, id, stStopping, trIsolated) // a migrating job is stopped
	d := h.detail(id)
	if !strings.Contains(*d.TradeInfo.IsolateReason, "overdue") || *d.TradeInfo.IsolateTime == "" {
		t.Fatalf("isolated for arrears: reason %q, time %q", *d.TradeInfo.IsolateReason, *d.TradeInfo.IsolateTime)
	}
	h.emu.Advance(durStopping)
	wantAllowed(t, h, id, "view", "offline")
	wantCode(t, h.jobOp("RecoverMigrateJob", id), codeOperationDenied)
	wantStatus(t, h, id, stCanceled, trIsolated)
	h.mustJobOp("DestroyMigrateJob", id)
	wantStatus(t, h, id, stCanceled, trOfflining)

	// A manual isolation, by the API or out of band, is lifted.
	manual := configuredJob(t, h, "full")
	h.mustJobOp("IsolateMigrateJob", manual)
	h.emu.Advance(durIsolating)
	if d := h.detail(manual); *d.TradeInfo.IsolateReason != "manual isolation" {
		t.Fatalf("manual isolation reason %q", *d.TradeInfo.IsolateReason)
	}
	wantAllowed(t, h, manual, "view", "offline", "recover")
	h.mustJobOp("RecoverMigrateJob", manual)
	wantStatus(t, h, manual, stCreated, trNormal)

	// The route; then a manual out-of-band isolation, which Recover lifts.
	if code, out := h.admin("POST", "/_emulator/jobs/"+testRegion+"/"+manual+"/isolate", map[string]any{"Reason": "overdue"}); code != 200 ||
		out["TradeStatus"] != trIsolated {
		t.Fatalf("isolate route: %d %v", code, out)
	}
	wantCode(t, h.jobOp("RecoverMigrateJob", manual), codeOperationDenied)
	if err := h.emu.ForceStatus(testRegion, manual, "", trNormal); err != nil {
		t.Fatal(err)
	}
	if err := h.emu.Isolate(testRegion, manual, IsolationManual); err != nil {
		t.Fatal(err)
	}
	h.mustJobOp("RecoverMigrateJob", manual)

	// What cannot be isolated.
	free := h.create(map[string]any{"InstanceClass": "medium"})[0]
	for _, tc := range []struct {
		path   string
		reason string
		code   int
	}{
		{manual, "lost", 400},
		{free, "overdue", 400}, // not billed
		{"dts-nothere0", "overdue", 404},
	} {
		if code, out := h.admin("POST", "/_emulator/jobs/"+testRegion+"/"+tc.path+"/isolate", map[string]any{"Reason": tc.reason}); code != tc.code {
			t.Errorf("isolate %s for %s: %d %v, want %d", tc.path, tc.reason, code, out, tc.code)
		}
	}
	if err := h.emu.Isolate(testRegion, id, IsolationOverdue); err == nil {
		t.Error("Isolate accepted a job that is being destroyed")
	}
}

// TestAdminRefusesWebPages: the unsigned administration API cannot be
// driven by a web page the user visits — a cross-site form POST
// (Content-Type text/plain), a request with a browser Origin, or a
// DNS-rebound host name — even though such requests come from loopback.
func TestAdminRefusesWebPages(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	call := func(method, target, contentType, body string, headers map[string]string) int {
		t.Helper()
		req := httptest.NewRequest(method, target, strings.NewReader(body))
		req.RemoteAddr = "127.0.0.1:5555"
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.emu.ServeHTTP(rec, req)
		return rec.Code
	}
	const local = "http://127.0.0.1:8900"
	deleteJob := "/_emulator/jobs/" + testRegion + "/" + id
	for _, tc := range []struct {
		name, method, target, contentType, body string
		headers                                 map[string]string
		want                                    int
	}{
		{"cross-site form post", "POST", local + "/_emulator/reset", "text/plain", `{}`, nil, 415},
		{"form-encoded body", "POST", local + "/_emulator/advance", "application/x-www-form-urlencoded", `Seconds=1`, nil, 415},
		{"no content type", "POST", local + "/_emulator/advance", "", `{"Seconds":1}`, nil, 415},
		{"browser origin", "POST", local + "/_emulator/reset", "", "", map[string]string{"Origin": "https://evil.example"}, 403},
		{"null origin", "DELETE", local + deleteJob, "", "", map[string]string{"Origin": "null"}, 403},
		{"rebound host name", "DELETE", "http://evil.example:8900" + deleteJob, "", "", nil, 403},
		{"rebound host without port", "GET", "http://evil.example/_emulator/jobs", "", "", nil, 403},
		{"trailing data", "POST", local + "/_emulator/advance", "application/json", `{"Seconds":1} trailing`, nil, 400},
		{"two values", "POST", local + "/_emulator/advance", "application/json", `{"Seconds":1}{"Seconds":2}`, nil, 400},
	} {
		if got := call(tc.method, tc.target, tc.contentType, tc.body, tc.headers); got != tc.want {
			t.Errorf("%s: HTTP %d, want %d", tc.name, got, tc.want)
		}
	}
	if len(h.emu.Jobs("")) != 1 || !h.emu.JobClock().Equal(h.summary(id).CreateTime) {
		t.Fatal("a refused request changed the emulator")
	}
	// Local programs: loopback names and addresses, JSON bodies, empty
	// bodies without a content type.
	for _, target := range []string{"http://localhost:8900", "http://127.0.0.1", "http://[::1]:8900", "http://LOCALHOST"} {
		if got := call("GET", target+"/_emulator/health", "", "", nil); got != 200 {
			t.Errorf("health on %s: HTTP %d", target, got)
		}
	}
	if got := call("POST", local+"/_emulator/advance", "application/json; charset=utf-8", `{"Seconds":1} `, nil); got != 200 {
		t.Errorf("advance: HTTP %d", got)
	}
	if got := call("POST", local+"/_emulator/save", "", "", nil); got != 200 {
		t.Errorf("save without a body: HTTP %d", got)
	}
}
