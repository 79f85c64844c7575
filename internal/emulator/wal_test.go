package emulator

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestAcknowledgedChangesSurviveKill: a process buys jobs one after the
// other and prints each ID once the purchase is answered; killed with
// SIGKILL at some point, every job it reported is in the state file.
func TestAcknowledgedChangesSurviveKill(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	cmd, out := startHelper(t, "TestHelperBuyUntilKilled", "EMULATOR_BUY_STATE_FILE="+file)
	var acknowledged []string
	lines := bufio.NewScanner(out)
	for len(acknowledged) < 300 && lines.Scan() {
		if id, ok := strings.CutPrefix(lines.Text(), "bought "); ok {
			acknowledged = append(acknowledged, id)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
		if id, ok := strings.CutPrefix(lines.Text(), "bought "); ok {
			acknowledged = append(acknowledged, id)
		}
	}
	_ = cmd.Wait()
	e, err := New(Options{StateFile: file, Mode: ModeManual})
	if err != nil {
		t.Fatalf("after kill -9: %v", err)
	}
	defer e.Close()
	kept := map[string]bool{}
	for _, j := range e.Jobs("") {
		kept[j.JobID] = true
	}
	for _, id := range acknowledged {
		if !kept[id] {
			t.Fatalf("job %s was acknowledged before the kill and is lost (%d acknowledged, %d kept)", id, len(acknowledged), len(kept))
		}
	}
	t.Logf("%d purchases acknowledged before the kill, %d jobs kept", len(acknowledged), len(kept))
}

// TestHelperBuyUntilKilled is the helper process of the test above.
func TestHelperBuyUntilKilled(t *testing.T) {
	file := os.Getenv("EMULATOR_BUY_STATE_FILE")
	if file == "" {
		t.Skip("helper process only")
	}
	now := time.Now()
	e, err := New(Options{StateFile: file, Mode: ModeManual, Credentials: map[string]string{testID: testKey}, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	e.p.compactAt = 4 << 10 // compactions happen too
	body := `{"SrcDatabaseType":"mysql","DstDatabaseType":"mysql","SrcRegion":"ap-guangzhou","DstRegion":"ap-guangzhou","InstanceClass":"small"}`
	for {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, signedRequest("CreateMigrationService", body, now))
		var resp struct{ Response struct{ JobIds []string } }
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Response.JobIds) != 1 {
			t.Fatalf("purchase: %s", rec.Body)
		}
		fmt.Printf("bought %s\n", resp.Response.JobIds[0])
	}
}

// TestStateFileLogReplaysAndCompacts: changes go to the log, the log is
// compacted into the snapshot once it outgrows it, and a restart replays
// the log on the snapshot; jobs that disappeared stay gone.
func TestStateFileLogReplaysAndCompacts(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file})
	ids := h.create(map[string]any{"Count": 3})
	snapshot, _ := os.ReadFile(file)
	h.mustCall("ModifyMigrateName", map[string]any{"JobId": ids[0], "JobName": "renamed"})
	if err := h.emu.DeleteJob(testRegion, ids[1]); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.ReadFile(file); string(now) != string(snapshot) {
		t.Fatal("a change rewrote the snapshot instead of appending to the log")
	}
	if b, _ := os.ReadFile(file + logSuffix); !strings.Contains(string(b), "renamed") || !strings.Contains(string(b), `"Del"`) {
		t.Fatalf("the log does not hold the changes:\n%s", b)
	}
	// Simulate a crash: release the lock without the final snapshot.
	h.emu.p.release()
	h2 := newHarness(t, Options{StateFile: file})
	jobs := h2.emu.Jobs("")
	if len(jobs) != 2 || h2.summary(ids[0]).JobName != "renamed" {
		t.Fatalf("after replaying the log: %+v", jobs)
	}
	if b, err := os.ReadFile(file + logSuffix); err != nil || len(b) != 0 {
		t.Fatalf("opening a state file compacts it: log of %d bytes (%v)", len(b), err)
	}

	// Past its threshold, the log is folded into the snapshot.
	h2.emu.p.compactAt = 2 << 10
	h2.emu.p.syncMu.Lock()
	h2.emu.p.snapSize = 0
	h2.emu.p.syncMu.Unlock()
	for range 20 {
		h2.mustCall("ModifyMigrateName", map[string]any{"JobId": ids[2], "JobName": "again"})
		h2.mustCall("ModifyMigrateName", map[string]any{"JobId": ids[2], "JobName": "and again"})
	}
	if fi, err := os.Stat(file + logSuffix); err != nil || fi.Size() > 4<<10 {
		t.Fatalf("the log was not compacted: %v %v", fi.Size(), err)
	}
	h2.emu.p.release()
	if h3 := newHarness(t, Options{StateFile: file}); h3.summary(ids[2]).JobName != "and again" {
		t.Fatalf("after compactions: %+v", h3.summary(ids[2]))
	}
}

// TestTornLogTailIsDropped: a last line without its newline (a write a
// crash interrupted, never acknowledged) is ignored; a damaged line before
// others is an error.
func TestTornLogTailIsDropped(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file})
	id := h.create(nil)[0]
	h.mustCall("ModifyMigrateName", map[string]any{"JobId": id, "JobName": "kept"})
	h.emu.p.release()
	log, err := os.ReadFile(file + logSuffix)
	if err != nil || len(log) == 0 {
		t.Fatalf("log: %v", err)
	}
	torn := append(append([]byte{}, log...), `{"Seq":99,"Put":[{"Kind":"migration","Job":{"JobId":"`...)
	if err := os.WriteFile(file+logSuffix, torn, 0o600); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, Options{StateFile: file})
	if s := h2.summary(id); s.JobName != "kept" || len(h2.emu.Jobs("")) != 1 {
		t.Fatalf("after a torn write: %+v", h2.emu.Jobs(""))
	}
	h2.close()
	damaged := append([]byte("{not json\n"), log...)
	if err := os.WriteFile(file+logSuffix, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StateFile: file}); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("a damaged log was accepted: %v", err)
	}
}

// TestConcurrentChangesAreAllKept: purchases from many clients at once,
// written together, are all on disk.
func TestConcurrentChangesAreAllKept(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ids []string
	for range 8 {
		wg.Go(func() {
			for range 10 {
				got := h.create(nil)
				mu.Lock()
				ids = append(ids, got...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	h.emu.p.release() // a crash: no final snapshot
	h2 := newHarness(t, Options{StateFile: file})
	if n := len(h2.emu.Jobs("")); n != len(ids) || n != 80 {
		t.Fatalf("%d jobs kept of %d bought", n, len(ids))
	}
}
