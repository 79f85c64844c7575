package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"
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
	h.emu.journal.capacity = 3
	h.emu.mu.Unlock()
	for range 5 {
		_, _ = h.dts("DescribeMigrationJobs", nil)
	}
	j := h.emu.Journal()
	if len(j) != 3 || j[0].Seq != 3 || j[2].Seq != 5 {
		t.Fatalf("bounded journal: %+v", j)
	}
}

func TestJournalRecordsAuthFailures(t *testing.T) {
	h := newHarness(t, Options{})
	_, err := send(h.client(testID, "wrong", "", testRegion), "dts", "2021-12-06", "DescribeMigrationJobs", nil)
	wantCode(t, err, codeSignatureFailure)
	j := h.emu.Journal()
	if len(j) != 1 || j[0].Code != codeSignatureFailure || j[0].Action != "DescribeMigrationJobs" || j[0].Service != "dts" {
		t.Fatalf("journal: %+v", j)
	}
	if j[0].Latency < 0 || j[0].Latency > time.Minute {
		t.Fatalf("latency %s", j[0].Latency)
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

	j := h.emu.Journal()
	if len(j) != 3 || j[0].SecretID != testID || j[1].SecretID != tmpID || j[2].SecretID != "AKIDUNKNOWN000000000000000000000000000" {
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
