package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func TestJournalRecordsActionsInOrder(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	h.detail(id)
	_, _ = h.dts("DescribeMigrationDetail", map[string]any{"JobId": "dts-00000000"})
	_, _ = send(h.client(testID, testKey, "", ""), "sts", "2018-08-13", "AssumeRole",
		map[string]any{"RoleArn": "qcs::cam::uin/1:roleName/r", "RoleSessionName": "s1"})

	j := h.emu.Journal()
	type row struct{ service, action, code string }
	want := []row{
		{"dts", "CreateMigrationService", ""},
		{"dts", "DescribeMigrationDetail", ""},
		{"dts", "DescribeMigrationDetail", codeResourceNotFound},
		{"sts", "AssumeRole", ""},
	}
	if len(j) != len(want) {
		t.Fatalf("%d entries: %+v", len(j), j)
	}
	for i, w := range want {
		e := j[i]
		if e.Seq != uint64(i+1) || e.Service != w.service || e.Action != w.action || e.Code != w.code || e.HTTPStatus != 200 ||
			e.RequestID == "" || e.Time.IsZero() {
			t.Errorf("entry %d = %+v, want %+v", i, e, w)
		}
	}
	if j[0].Region != testRegion || !strings.Contains(string(j[1].Parameters), id) {
		t.Errorf("region/parameters not recorded: %+v", j[1])
	}
	// A test can assert "CreateMigrationService was called exactly once".
	n := 0
	for _, e := range j {
		if e.Action == "CreateMigrationService" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("CreateMigrationService recorded %d times", n)
	}
	h.emu.ClearJournal()
	if len(h.emu.Journal()) != 0 {
		t.Fatal("ClearJournal")
	}
}

func TestJournalHashesSecrets(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := newHarness(t, Options{Logger: logger})
	const password = "Sup3r-Secret-Pa55"
	const tmpKey = "TmpKey-0123456789"
	// A configuration of a job that does not exist: the request is journaled
	// all the same, with its parameters.
	cfg := config("dts-00000000", "full")
	cfg["SrcInfo"].(map[string]any)["Info"] = []map[string]any{{"InstanceId": srcInstance, "User": "root", "Password": password,
		"TmpSecretKey": tmpKey, "TmpToken": "tok"}}
	_, err := h.dts("ModifyMigrationJob", cfg)
	wantCode(t, err, codeResourceNotFound)
	// A rejected request too.
	_, err = h.dts("DescribeMigrationJobs", map[string]any{"NewPassword": password})
	wantCode(t, err, codeUnknownParameter)

	entries := h.emu.Journal()
	all, _ := json.Marshal(entries)
	for _, secret := range []string{password, tmpKey, `"tok"`} {
		if bytes.Contains(all, []byte(secret)) {
			t.Errorf("the journal holds %q in clear: %s", secret, all)
		}
		if strings.Contains(logs.String(), strings.Trim(secret, `"`)) {
			t.Errorf("the log holds %q", secret)
		}
	}
	sum := sha256.Sum256([]byte(password))
	hashed := "sha256:" + hex.EncodeToString(sum[:])
	var params struct {
		SrcInfo struct{ Info []map[string]string }
	}
	if err := json.Unmarshal(entries[0].Parameters, &params); err != nil {
		t.Fatal(err)
	}
	if got := params.SrcInfo.Info[0]["Password"]; got != hashed {
		t.Errorf("Password recorded as %q, want %q", got, hashed)
	}
	if got := params.SrcInfo.Info[0]["User"]; got != "root" {
		t.Errorf("User recorded as %q", got)
	}
	if !bytes.Contains(entries[1].Parameters, []byte(hashed)) {
		t.Errorf("NewPassword not hashed: %s", entries[1].Parameters)
	}
	if !strings.Contains(logs.String(), "action=ModifyMigrationJob") {
		t.Errorf("no request log: %s", logs.String())
	}
}

func TestJournalIsBounded(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.mu.Lock()
	h.emu.journal.maxEntries = 3
	h.emu.mu.Unlock()
	for range 5 {
		_, _ = h.dts("DescribeMigrationJobs", nil)
	}
	j := h.emu.Journal()
	if len(j) != 3 || j[0].Seq != 3 || j[2].Seq != 5 {
		t.Fatalf("bounded journal: %+v", j)
	}
}

// TestJournalSkipsUnauthenticatedRequests: requests whose signature is not
// verified (a wrong key, no Authorization at all) are answered but not
// journaled; an authenticated one is.
func TestJournalSkipsUnauthenticatedRequests(t *testing.T) {
	h := newHarness(t, Options{})
	_, err := send(h.client(testID, "wrong", "", testRegion), "dts", "2021-12-06", "DescribeMigrationJobs", nil)
	wantCode(t, err, codeSignatureFailure)
	status, out := rawPost(t, h.srv.URL, "/", map[string]string{
		"Content-Type": "application/json", "X-TC-Action": "DescribeMigrationJobs", "X-TC-Version": dtsapi.Version,
		"X-TC-Timestamp": itoa(time.Now().Unix()), "X-TC-Region": testRegion,
	}, "{}")
	if code, _ := envelopeError(t, out); status != 200 || code != codeInvalidAuthorization {
		t.Fatalf("unsigned: HTTP %d %v", status, out)
	}
	if j := h.emu.Journal(); len(j) != 0 {
		t.Fatalf("unauthenticated requests journaled: %+v", j)
	}
	if _, err := h.dts("DescribeMigrationJobs", nil); err != nil {
		t.Fatal(err)
	}
	j := h.emu.Journal()
	if len(j) != 1 || j[0].Action != "DescribeMigrationJobs" || j[0].Service != "dts" || j[0].SecretID != testID {
		t.Fatalf("journal: %+v", j)
	}
	if j[0].Latency < 0 || j[0].Latency > time.Minute {
		t.Fatalf("latency %s", j[0].Latency)
	}
}

// TestUnsignedFloodKeepsMemoryBounded sends requests with bodies of almost
// 10 MiB that fail authentication — unsigned, and signed with a wrong key —
// and checks that the process keeps none of them.
func TestUnsignedFloodKeepsMemoryBounded(t *testing.T) {
	e, err := New(Options{Mode: ModeManual, Credentials: map[string]string{testID: testKey}, RateLimit: -1, WallClock: fakeNow()})
	if err != nil {
		t.Fatal(err)
	}
	now := e.wall.Now()
	body := `{"JobName":"` + strings.Repeat("x", maxBodyBytes-64) + `"}`
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	for i := range 40 {
		r := signedRequestWith("DescribeMigrationJobs", body, now, testID, "wrong-key")
		if i%2 == 0 {
			r.Header.Del("Authorization")
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, r)
		if code := rec.Body.String(); !strings.Contains(code, "AuthFailure") {
			t.Fatalf("request %d answered %.200s", i, code)
		}
	}
	grown := int64(heap()) - int64(before)
	t.Logf("heap grew by %d KiB after 40 rejected requests of %d MiB", grown>>10, len(body)>>20)
	if grown > 32<<20 || len(e.Journal()) != 0 {
		t.Fatalf("heap grew by %d MiB, journal holds %d entries", grown>>20, len(e.Journal()))
	}
	runtime.KeepAlive(e)
	runtime.KeepAlive(body)
}

// TestJournalBoundsEntriesAndBytes: an entry keeps at most
// MaxJournalParameterBytes of parameters, and the journal evicts its oldest
// entries to stay within its byte budget.
func TestJournalBoundsEntriesAndBytes(t *testing.T) {
	h := newHarness(t, Options{})
	big := strings.Repeat("n", MaxJournalParameterBytes)
	_, err := h.dts("DescribeMigrationJobs", map[string]any{"JobName": big})
	if err != nil {
		t.Fatal(err)
	}
	j := h.emu.Journal()
	if len(j) != 1 || j[0].Parameters != nil || j[0].OmittedBytes < MaxJournalParameterBytes {
		t.Fatalf("large entry: %d entries, %d bytes of parameters, OmittedBytes %d", len(j), len(j[0].Parameters), j[0].OmittedBytes)
	}

	h.emu.mu.Lock()
	h.emu.journal.maxBytes = 8 << 10
	h.emu.mu.Unlock()
	name := strings.Repeat("m", 2<<10)
	for range 10 {
		if _, err := h.dts("DescribeMigrationJobs", map[string]any{"JobName": name}); err != nil {
			t.Fatal(err)
		}
	}
	j = h.emu.Journal()
	total := 0
	for i := range j {
		total += j[i].size()
	}
	if len(j) == 0 || len(j) > 4 || total > 8<<10 || j[len(j)-1].Seq != 11 {
		t.Fatalf("byte-bounded journal: %d entries, %d bytes, last Seq %d", len(j), total, j[len(j)-1].Seq)
	}
}

func TestJournalRecordsTheSigningSecretID(t *testing.T) {
	h := newHarness(t, Options{})
	resp, err := assume(t, h.client(testID, testKey, "", ""), map[string]any{
		"RoleArn": "qcs::cam::uin/1:roleName/r", "RoleSessionName": "s1",
	})
	if err != nil {
		t.Fatal(err)
	}
	tmpID := *resp.Credentials.TmpSecretId
	tmp := h.client(tmpID, *resp.Credentials.TmpSecretKey, *resp.Credentials.Token, testRegion)
	if _, err := send(tmp, "dts", "2021-12-06", "DescribeMigrationJobs", nil); err != nil {
		t.Fatal(err)
	}
	_, err = send(h.client("AKIDUNKNOWN000000000000000000000000000", "k", "", testRegion), "dts", "2021-12-06", "DescribeMigrationJobs", nil)
	wantCode(t, err, codeSecretIDNotFound)

	// The unknown SecretId did not authenticate: not journaled.
	j := h.emu.Journal()
	if len(j) != 2 || j[0].SecretID != testID || j[1].SecretID != tmpID {
		t.Fatalf("journal SecretIds: %+v", j)
	}
	if tmpID == testID {
		t.Fatal("the temporary SecretId is the permanent one")
	}
	// The administration API shows it as SecretId.
	_, out := h.admin("GET", "/_emulator/journal", nil)
	if got := out["Journal"].([]any)[1].(map[string]any)["SecretId"]; got != tmpID {
		t.Fatalf("admin journal SecretId = %v", got)
	}
}

// AssumeRole's ExternalId guards a role like a shared secret (the provider
// marks it sensitive): the journal keeps its hash, not the value.
func TestJournalHashesExternalID(t *testing.T) {
	h := newHarness(t, Options{})
	const external = "ext-Secret-0451"
	_, _ = assume(t, h.client(testID, testKey, "", ""), map[string]any{
		"RoleArn": "qcs::cam::uin/1:roleName/r", "RoleSessionName": "s1", "ExternalId": external,
	})
	all, _ := json.Marshal(h.emu.Journal())
	if !bytes.Contains(all, []byte("AssumeRole")) {
		t.Fatalf("AssumeRole not journaled: %s", all)
	}
	if bytes.Contains(all, []byte(external)) {
		t.Errorf("the journal holds the external ID in clear: %s", all)
	}
}
