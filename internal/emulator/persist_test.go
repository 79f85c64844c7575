package emulator

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func TestPersistenceAcrossRestart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file, Seed: 5})
	ids := h.create(map[string]any{"Count": 2, "JobName": "kept"})
	h.emu.Advance(durCreating)
	if err := h.emu.ForceStatus(testRegion, ids[1], stCheckPass, ""); err != nil {
		t.Fatal(err)
	}
	clockBefore := h.emu.JobClock()
	if err := h.emu.Save(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v %v", fi, err)
	}

	// Restart: a new emulator on the same file, even with another seed.
	h.close()
	h2 := newHarness(t, Options{StateFile: file, Seed: 99})
	if got := h2.emu.JobClock(); !got.Equal(clockBefore) {
		t.Fatalf("job clock %s after restart, want %s", got, clockBefore)
	}
	jobs := h2.emu.Jobs("")
	if len(jobs) != 2 {
		t.Fatalf("jobs after restart: %v", jobs)
	}
	wantStatus(t, h2, ids[0], stCreated, trNormal)
	wantStatus(t, h2, ids[1], stCheckPass, trNormal)
	if d := h2.detail(ids[0]); *d.JobName != "kept" {
		t.Fatalf("name %q", *d.JobName)
	}

	// The ID sequence continues: no reuse, neither of the jobs that exist
	// nor of the first IDs a fresh emulator with the same seed would give.
	fresh := newHarness(t, Options{Seed: 5})
	firstFresh := fresh.create(map[string]any{"Count": 2})
	if !slices.Equal(firstFresh, ids) {
		t.Fatalf("same seed, different IDs: %v vs %v", firstFresh, ids)
	}
	next := h2.create(nil)[0]
	if slices.Contains(ids, next) {
		t.Fatalf("ID %s reused after restart", next)
	}
	third := fresh.create(nil)[0]
	if next != third {
		t.Fatalf("after restart the next ID is %s, the same-seed sequence says %s", next, third)
	}
}

func TestStateIsSavedAfterEveryMutation(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file, Mode: ModeStep})
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("a fresh emulator wrote its state before any change: %v", err)
	}
	id := h.create(nil)[0]
	b, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(b), id) {
		t.Fatalf("the purchase was not persisted: %v", err)
	}
	// In step mode a read moves the job: that is saved too.
	h.detail(id)
	var r1, r2 dtsapi.DescribeMigrationJobsResponse
	h.mustDTS("DescribeMigrationJobs", nil, &r1)
	h.close()
	h2 := newHarness(t, Options{StateFile: file, Mode: ModeStep})
	if j := h2.emu.Jobs(""); len(j) != 1 || j[0].Status != stCreated {
		t.Fatalf("after the stepping read: %+v", j)
	}
	// A restarted emulator's RequestIds do not repeat the previous ones.
	h2.mustDTS("DescribeMigrationJobs", nil, &r2)
	if *r1.RequestId == *r2.RequestId {
		t.Fatal("RequestId repeated after a restart")
	}
}

func TestSecretsAreNotPersisted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file})
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	const password = "Persisted-Pa55word"
	cfg := config(id, "full")
	cfg["SrcInfo"].(map[string]any)["Info"] = []map[string]any{{"InstanceId": srcInstance, "User": "root", "Password": password,
		"AccountMode": "other", "TmpSecretId": "AKIDtmp", "TmpSecretKey": "tmp-secret-key", "TmpToken": "tmp-token"}}
	h.mustCall("ModifyMigrationJob", cfg)
	b := persisted(t, file)
	if !strings.Contains(b, "AKIDtmp") {
		t.Fatal("the configuration is not in the state file")
	}
	for _, secret := range []string{password, "tmp-secret-key", "tmp-token", "Secret-Pa55"} {
		if strings.Contains(b, secret) {
			t.Fatalf("the state file holds the secret %q", secret)
		}
	}
	info := h.detail(id).SrcInfo.Info[0]
	if *info.Password != passwordMask || *info.TmpSecretKey != passwordMask || *info.TmpToken != passwordMask ||
		*info.TmpSecretId != "AKIDtmp" || *info.User != "root" {
		t.Fatalf("stored endpoint: %+v", info)
	}
}

func TestTemporaryCredentialsSurviveRestart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file})
	resp, err := assume(t, h.client(testID, testKey, "", ""), map[string]any{
		"RoleArn": "qcs::cam::uin/1:roleName/r", "RoleSessionName": "s1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if b := persisted(t, file); !strings.Contains(b, *resp.Credentials.TmpSecretId) || strings.Contains(b, *resp.Credentials.Token) {
		t.Fatal("the state file lacks the temporary credentials or holds the session token in clear")
	}
	h.close()
	h2 := newHarness(t, Options{StateFile: file})
	c := h2.client(*resp.Credentials.TmpSecretId, *resp.Credentials.TmpSecretKey, *resp.Credentials.Token, testRegion)
	if _, err := send(c, "dts", dtsapi.Version, "DescribeMigrationJobs", nil); err != nil {
		t.Fatalf("temporary credentials after a restart: %v", err)
	}
}

func TestJobsKeepProgressingAcrossRestartInRealtime(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	wall := fakeNow()
	h := newHarness(t, Options{StateFile: file, Mode: ModeRealtime, WallClock: wall})
	id := h.create(nil)[0]
	// The emulator is down for a while: in realtime mode the job clock
	// follows the wall clock, so the purchase completed meanwhile.
	wall.Advance(time.Minute)
	h.close()
	h2 := newHarness(t, Options{StateFile: file, Mode: ModeRealtime, WallClock: wall})
	wantStatus(t, h2, id, stCreated, "")
}

func TestBadStateFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"not json":      "{",
		"other format":  `{"Format": 9, "Seed": 1}`,
		"no seed":       `{"Format": 1}`,
		"inconsistent":  `{"Format": 1, "Seed": 1, "Migration": {"ap-guangzhou": {"dts-aaaaaaaa": {"JobId": "dts-bbbbbbbb", "Region": "ap-guangzhou"}}}}`,
		"nil job entry": `{"Format": 1, "Seed": 1, "Migration": {"ap-guangzhou": {"dts-aaaaaaaa": null}}}`,
		"unknown kind":  `{"Format": 2, "Seed": 1, "Jobs": {"teleport": {}}}`,
		"misfiled job":  `{"Format": 2, "Seed": 1, "Jobs": {"migration": {"ap-beijing": {"dts-aaaaaaaa": {"JobId": "dts-aaaaaaaa", "Region": "ap-guangzhou"}}}}}`,
		// Edited by hand: statuses the machine does not know would never
		// be left.
		"unknown status": migrationFile(`"Status": "sleeping", "Trade": "normal"`),
		"unknown trade":  migrationFile(`"Status": "created", "Trade": "gratis"`),
		"no status":      migrationFile(`"Trade": "normal"`),
		"bad progress":   migrationFile(`"Status": "created", "Trade": "normal", "Progress": {"created": {"Done": 1}}`),
		"bad outcome":    migrationFile(`"Status": "created", "Trade": "normal", "Outcome": {"RunEnds": "success"}`),
	} {
		file := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
		if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if e, err := New(Options{StateFile: file}); err == nil {
			_ = e.Close()
			t.Errorf("%s: New accepted the state file", name)
		}
	}
	// A valid job loads.
	file := filepath.Join(dir, "valid.json")
	if err := os.WriteFile(file, []byte(migrationFile(`"Status": "created", "Trade": "normal"`)), 0o600); err != nil {
		t.Fatal(err)
	}
	e, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatalf("a valid state file: %v", err)
	}
	_ = e.Close()
}

// migrationFile is a state file holding one migration job with the given
// lifecycle members.
func migrationFile(lifecycle string) string {
	return `{"Format": 2, "Seed": 1, "Jobs": {"migration": {"ap-guangzhou": {"dts-aaaaaaaa": ` +
		`{"JobId": "dts-aaaaaaaa", "Region": "ap-guangzhou", ` + lifecycle + `}}}}}`
}

// TestStaleTempFilesAreRemoved: the temporary files of snapshot writes a
// kill -9 interrupted are removed when the state file is opened; other
// files are left alone.
func TestStaleTempFilesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	stale := []string{".state.json.tmp-123", ".state.json.tmp-456789"}
	kept := []string{".other.json.tmp-1", "state.json.tmp-1", "notes.txt"}
	for _, name := range append(slices.Clone(stale), kept...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, Options{StateFile: file})
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s is still there (%v)", name, err)
		}
	}
	for _, name := range kept {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
	h.create(nil)
}

func TestResetKeepsSeedAndClearsEverything(t *testing.T) {
	h := newHarness(t, Options{Seed: 3})
	first := h.create(nil)
	h.emu.AddFault(FaultRule{Kind: FaultDrop, Action: "ModifyMigrationJob"})
	h.emu.Reset()
	if len(h.emu.Jobs("")) != 0 || len(h.emu.Faults()) != 0 || len(h.emu.Journal()) != 0 {
		t.Fatal("Reset left state behind")
	}
	// Same seed, counters restarted: the same IDs again.
	if again := h.create(nil); !slices.Equal(again, first) {
		t.Fatalf("after Reset: %v, want %v", again, first)
	}
}

// TestFormat1StateFileLoads loads a state file written by the emulator
// before the kind registry (format 1: migration jobs under Migration) and
// proves that its jobs, counters and clock carry on, and that the next save
// writes the current format.
func TestFormat1StateFileLoads(t *testing.T) {
	old, err := os.ReadFile("testdata/state-format1.json")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(file, old, 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{StateFile: file, Seed: 99})
	jobs := h.emu.Jobs("")
	if len(jobs) != 2 {
		t.Fatalf("jobs of the format-1 file: %+v", jobs)
	}
	byID := map[string]JobSummary{}
	for _, j := range jobs {
		byID[j.JobID] = j
		if j.Kind != "migration" || j.JobName != "format-one" || !j.Billed || j.TradeStatus != trNormal {
			t.Errorf("job %+v", j)
		}
	}
	if byID["dts-0ishie4o"].Status != stRunning || byID["dts-4024940v"].Status != stCreated {
		t.Fatalf("statuses: %+v", jobs)
	}
	d := h.detail("dts-0ishie4o")
	if *d.MigrateOption.MigrateType != "full" || len(d.Tags) != 1 || *d.Tags[0].TagValue != "old" {
		t.Fatalf("configuration of the format-1 job: %+v", d)
	}
	// The job goes on from where the file left it.
	h.emu.Advance(time.Hour)
	wantStatus(t, h, "dts-0ishie4o", stSuccess, trNormal)
	// The file's seed and counters go on: the same ID as a format-2
	// emulator with the same history would give.
	next := h.create(nil)[0]
	fresh := newHarness(t, Options{Seed: 7})
	if first := fresh.create(map[string]any{"Count": 2}); !slices.Equal(first, []string{"dts-0ishie4o", "dts-4024940v"}) {
		t.Fatalf("seed 7 gives %v", first)
	}
	if want := fresh.create(nil)[0]; next != want {
		t.Fatalf("next ID %s, want %s", next, want)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"Format": 2`) || !strings.Contains(string(b), `"Jobs": {`) || strings.Contains(string(b), `"Migration"`) {
		t.Fatalf("the state was not saved in format 2:\n%.300s", b)
	}
}

// TestUnwritableStateFileIsRefused: a state file that cannot be written is
// refused at start, not discovered at the first save.
func TestUnwritableStateFileIsRefused(t *testing.T) {
	for _, file := range []string{"/nonexistent/x.state", filepath.Join(t.TempDir(), "missing", "x.state")} {
		if e, err := New(Options{StateFile: file}); err == nil {
			_ = e.Close()
			t.Errorf("%s: New accepted a state file that cannot be written", file)
		}
	}
}

// TestFailedSaveFailsTheRequest: a change that cannot be saved is answered
// InternalError, never acknowledged; once the file can be written again,
// changes are saved again.
func TestFailedSaveFailsTheRequest(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file})
	// A non-empty directory where the state file goes: it cannot be
	// replaced, even by root.
	if err := os.MkdirAll(filepath.Join(file, "blocker"), 0o700); err != nil {
		t.Fatal(err)
	}
	purchase := map[string]any{"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion,
		"DstRegion": testRegion, "InstanceClass": "small", "JobName": "unsaved"}
	wantCode(t, h.call("CreateMigrationService", purchase), codeInternalError)
	if err := h.emu.HoldJob(testRegion, h.emu.Jobs("")[0].JobID, true); err == nil {
		t.Fatal("an administration change that was not saved reported success")
	}
	if err := os.RemoveAll(file); err != nil {
		t.Fatal(err)
	}
	purchase["JobName"] = "saved"
	id := h.create(purchase)[0]
	if b := persisted(t, file); !strings.Contains(b, id) {
		t.Fatalf("the purchase after the failure is not in the state file")
	}
}

// persisted is everything a state file holds on disk.
func persisted(t *testing.T, file string) string {
	t.Helper()
	var out strings.Builder
	for _, f := range []string{file, file + ".log"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		out.Write(b)
	}
	return out.String()
}
