package emulator

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStateFileIsLocked: a second emulator on the same state file is
// refused while the first runs, and takes the file once the first closed —
// so that two emulators never issue the same IDs for different jobs.
func TestStateFileIsLocked(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file, Seed: 3})
	first := h.create(nil)[0]
	if _, err := New(Options{StateFile: file, Seed: 3}); err == nil || !strings.Contains(err.Error(), "in use by another emulator") {
		t.Fatalf("a second emulator on a state file in use: %v", err)
	}
	h.close()
	if err := h.emu.Close(); err != nil {
		t.Fatalf("closing twice: %v", err)
	}
	h2 := newHarness(t, Options{StateFile: file, Seed: 3})
	if second := h2.create(nil)[0]; second == first {
		t.Fatalf("the second emulator issued %s again", first)
	}
	if j := h2.emu.Jobs(""); len(j) != 2 {
		t.Fatalf("jobs after the hand-over: %+v", j)
	}
	// The closed emulator answers, but a change it cannot save fails.
	wantCode(t, h.call("CreateMigrationService", map[string]any{
		"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion, "InstanceClass": "small",
	}), codeInternalError)
}

// TestStateFileLockIsReleasedWhenTheProcessDies: a process holding the
// state file keeps others out, and releases it when it is killed (kill -9):
// successive processes take it one after the other.
func TestStateFileLockIsReleasedWhenTheProcessDies(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	cmd, out := startHelper(t, "TestHelperHoldStateFile", "EMULATOR_HOLD_STATE_FILE="+file)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "holding\n" {
		t.Fatalf("helper process: %q %v", line, err)
	}
	if _, err := New(Options{StateFile: file}); err == nil {
		t.Fatal("the state file of a running process was opened")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	e, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
}

// startHelper runs the test binary's test named helper in another process,
// with env added to its environment, and returns it and its standard
// output. The process is killed at the end of the test.
func startHelper(t *testing.T, helper string, env ...string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+helper+"$")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd, out
}

// TestHelperHoldStateFile is the helper process of the test above: it opens
// the state file named by EMULATOR_HOLD_STATE_FILE and waits to be killed.
func TestHelperHoldStateFile(t *testing.T) {
	file := os.Getenv("EMULATOR_HOLD_STATE_FILE")
	if file == "" {
		t.Skip("helper process only")
	}
	if _, err := New(Options{StateFile: file}); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("holding\n")
	time.Sleep(time.Minute)
}

// A state file in a folder that does not exist, or that is a folder, is
// refused with what to fix — not with an error about its .lock — and
// leaves nothing behind.
func TestStateFileWhereNoneCanBe(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ file, want string }{
		{filepath.Join(dir, "missing", "state.json"), "the folder " + filepath.Join(dir, "missing") + " does not exist"},
		{dir, "state file " + dir + " is a folder"},
	} {
		_, err := New(Options{StateFile: c.file})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("state file %s: %v, want %q", c.file, err, c.want)
		}
		if _, err := os.Stat(c.file + lockSuffix); err == nil {
			t.Errorf("state file %s: %s was created", c.file, c.file+lockSuffix)
		}
	}
}
