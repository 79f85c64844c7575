package emulator

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
)

// runningAt returns a job of h that runs its export step, on a realtime
// emulator at the given time scale driven by jobClock.
func runningAt(t *testing.T, h *harness, jobClock *clock.Fake, scale float64) string {
	t.Helper()
	at := func(d time.Duration) time.Duration { return time.Duration(float64(d) * scale) }
	id := h.create(nil)[0]
	jobClock.Advance(at(durCreating))
	h.configure(id, "full")
	h.mustJobOp("CreateMigrateCheckJob", id)
	jobClock.Advance(at(time.Duration(len(checkSteps)) * durCheckStep))
	h.mustJobOp("StartMigrateJob", id)
	jobClock.Advance(at(durReadyRun))
	if st, _ := h.status(id); st != stRunning {
		t.Fatalf("job is %s, want running", st)
	}
	return id
}

// wantExport fails unless the export step of job id is at percent.
func wantExport(t *testing.T, h *harness, id string, percent uint64, when string) {
	t.Helper()
	if p := *h.detail(id).StepInfo.StepInfo[0].Percent; p != percent {
		t.Fatalf("%s: export at %d%%, want %d%%", when, p, percent)
	}
}

// TestRestartWithAnotherTimeScaleKeepsProgress: an emulator reopened with
// another time scale keeps every job where it was; what is left takes the
// new scale.
func TestRestartWithAnotherTimeScaleKeepsProgress(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	jobClock := clock.NewFake(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC))
	h := newHarness(t, Options{StateFile: file, Mode: ModeRealtime, JobClock: jobClock, TimeScale: 0.01, Jitter: -1})
	id := runningAt(t, h, jobClock, 0.01)
	jobClock.Advance(time.Duration(float64(durDumper) * 0.01 / 2))
	wantExport(t, h, id, 50, "halfway")
	h.close()

	h2 := newHarness(t, Options{StateFile: file, Mode: ModeRealtime, JobClock: jobClock, TimeScale: 1, Jitter: -1})
	wantExport(t, h2, id, 50, "after the restart at time scale 1")
	jobClock.Advance(durDumper / 4)
	wantExport(t, h2, id, 75, "a quarter of the export later at time scale 1")
	h2.close()

	// And back to a faster scale.
	h3 := newHarness(t, Options{StateFile: file, Mode: ModeRealtime, JobClock: jobClock, TimeScale: 0.1, Jitter: -1})
	wantExport(t, h3, id, 75, "after the restart at time scale 0.1")
	jobClock.Advance(time.Duration(float64(durDumper) * 0.1 / 4))
	if d := h3.detail(id); *d.StepInfo.StepInfo[0].Status != stepFinished {
		t.Fatalf("the export did not finish at the new scale: %+v", d.StepInfo.StepInfo[0])
	}
}

// TestRestartInAnotherModeKeepsTheClockMonotonic: a realtime state file
// reopened in manual mode starts its job clock where the realtime one was,
// not before the jobs were bought; reopened in realtime again, the clock
// does not go back either.
func TestRestartInAnotherModeKeepsTheClockMonotonic(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	wall := fakeNow()
	jobClock := clock.NewFake(wall.Now())
	h := newHarness(t, Options{StateFile: file, Mode: ModeRealtime, WallClock: wall, JobClock: jobClock})
	jobClock.Advance(time.Hour)
	id := h.create(nil)[0]
	jobClock.Advance(time.Hour)
	readBefore := h.emu.JobClock()
	created := h.summary(id).CreateTime
	h.close()

	h2 := newHarness(t, Options{StateFile: file, Mode: ModeManual, WallClock: wall})
	if got := h2.emu.JobClock(); got.Before(created) || got.Before(readBefore) {
		t.Fatalf("manual job clock %s starts before the job was bought (%s) or the last reading (%s)", got, created, readBefore)
	}
	if s := h2.summary(id); s.Status != stCreated {
		t.Fatalf("job after the restart: %+v", s)
	}
	h2.emu.Advance(24 * time.Hour)
	ahead := h2.emu.JobClock()
	h2.close()

	h3 := newHarness(t, Options{StateFile: file, Mode: ModeRealtime, WallClock: wall, JobClock: jobClock})
	if got := h3.emu.JobClock(); got.Before(ahead) {
		t.Fatalf("realtime job clock %s went back before the manual one (%s)", got, ahead)
	}
}

// TestRestartLogsWhatTheStateFileOverrides: a seed the state file
// overrides, and a time scale outside realtime mode, are said in the log;
// TimeScale and Seed report what is in use.
func TestRestartLogsWhatTheStateFileOverrides(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	e, err := New(Options{Mode: ModeStep, TimeScale: 0.5, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	if e.TimeScale() != 1 || !strings.Contains(logs.String(), "ignored_time_scale=0.5") {
		t.Fatalf("step mode with time scale 0.5: uses %v, logs %s", e.TimeScale(), logs.String())
	}

	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file, Seed: 5, Mode: ModeManual})
	h.create(nil)
	h.close()
	logs.Reset()
	h2 := newHarness(t, Options{StateFile: file, Seed: 9, Mode: ModeRealtime, TimeScale: 0.01, Logger: logger})
	out := logs.String()
	for _, want := range []string{"seed=5 ignored_seed=9", "from_mode=manual mode=realtime", "from_time_scale=1 time_scale=0.01"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log does not say %q:\n%s", want, out)
		}
	}
	if h2.emu.Seed() != 5 || h2.emu.TimeScale() != 0.01 {
		t.Fatalf("seed %d, time scale %v", h2.emu.Seed(), h2.emu.TimeScale())
	}
}
