package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// The copy a module is tested in starts without emulator state files: a
// developer who ran `terraform test` in the module's folder (as its README
// says) and interrupted it leaves jobs there, which the check that the
// tests left nothing behind would blame on the tests.
func TestCopyModuleLeavesEmulatorStateBehind(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"main.tf":                   "# module\n",
		"tests/a.tftest.hcl":        "# test\n",
		"tests/emulator.json":       `{"Format": 2}`,
		"tests/emulator.json.log":   "{}\n",
		"tests/emulator.json.lock":  "",
		"tests/errors/b.tftest.hcl": "# test\n",
		"notes.json":                "{}", // no .lock next to it: not a state file
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	to := filepath.Join(t.TempDir(), "copy")
	if err := copyModule(to, dir); err != nil {
		t.Fatal(err)
	}
	for name := range files {
		_, err := os.Stat(filepath.Join(to, name))
		state := filepath.Dir(name) == "tests" && filepath.Ext(name) != ".hcl"
		switch {
		case state && err == nil:
			t.Errorf("%s was copied: the tests would start on the developer's emulator state", name)
		case !state && err != nil:
			t.Errorf("%s was not copied: %v", name, err)
		}
	}
}

// A destroyed job of any kind is not left behind: a migration job reads
// "offlined" then, a sync job "Offlined" (each kind's own spelling).
func TestLeftBehind(t *testing.T) {
	jobs := []emulator.JobSummary{
		{Kind: "migration", JobID: "dts-1", Status: "success", TradeStatus: dtsapi.MigrationTradeStatusOfflined},
		{Kind: "sync", JobID: "sync-1", Status: "Released", TradeStatus: dtsapi.SyncTradeStatusOfflined},
		{Kind: "migration", JobID: "dts-2", Status: "running", TradeStatus: dtsapi.MigrationTradeStatusNormal},
		{Kind: "sync", JobID: "sync-2", Status: "Running", TradeStatus: dtsapi.SyncTradeStatusNormal},
	}
	got := leftBehind(jobs)
	want := []string{`migration dts-2 "" (running, normal)`, `sync sync-2 "" (Running, Normal)`}
	if !slices.Equal(got, want) {
		t.Fatalf("left behind: %q, want %q", got, want)
	}
}
