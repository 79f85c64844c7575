package emulator

import (
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// childJob is a job of a test kind whose jobs are children of migration
// jobs, as compare tasks will be: it proves that the generic store, IDs,
// the administration API and persistence serve a kind that is only tables.
type childJob struct {
	jobBase
	Note string
}

var childMachine = newMachine("child",
	func(j *childJob) *lifecycle { return &j.lifecycle },
	func(j *childJob) string { return j.JobID },
	func(j *childJob, at time.Time) { j.UpdateTime = at },
	[]statusDef[childJob]{
		{Name: "created", Transitional: true},
		{Name: "success"},
		{Name: "normal", Field: fieldTrade},
	},
	[]autoRow[childJob]{{From: "created", To: "success", After: 10 * time.Second}},
	nil, []string{"view"})

// withChildKind registers the test kind for the duration of a test (tests
// that change the registry do not run in parallel).
func withChildKind(t *testing.T) *kind {
	k := newKind[childJob](kind{
		Name: "child", Noun: "child task", IDPrefix: "cmp", IDLength: 8,
		Parents: []string{"migration"}, DefaultNotFound: codeResourceNotFound,
	}, childMachine)
	saved := kinds
	kinds = append(append([]*kind{}, kinds...), k)
	t.Cleanup(func() { kinds = saved })
	return k
}

// addChild files a child of parent, as a handler of the kind would.
func addChild(h *harness, k *kind, parent string) string {
	e := h.emu
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.jobNow()
	j := &childJob{jobBase: jobBase{
		lifecycle: lifecycle{Status: "created", StatusSince: now, Trade: "normal", TradeSince: now},
		JobID:     e.newJobID(k, parent), Region: testRegion, ParentID: parent, CreateTime: now, UpdateTime: now,
	}, Note: "kept"}
	e.addJob(k, j)
	return j.JobID
}

func TestKindRegistryServesAChildKind(t *testing.T) {
	k := withChildKind(t)
	file := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StateFile: file})
	parent := h.create(nil)[0]
	child := addChild(h, k, parent)
	if !regexp.MustCompile(`^` + parent + `-cmp-[0-9a-z]{8}$`).MatchString(child) {
		t.Fatalf("child ID %s", child)
	}

	// The administration API finds a job of any kind by its ID.
	summary := func(h *harness, id string) JobSummary { return h.summary(id) }
	if s := summary(h, child); s.Kind != "child" || s.ParentID != parent || s.Status != "created" {
		t.Fatalf("child summary %+v", s)
	}
	if err := h.emu.HoldJob(testRegion, child, true); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(time.Minute)
	if s := summary(h, child); !s.Held || s.Status != "created" {
		t.Fatalf("held child %+v", s)
	}
	if err := h.emu.HoldJob(testRegion, child, false); err != nil {
		t.Fatal(err)
	}
	h.emu.Advance(10 * time.Second)
	if s := summary(h, child); s.Status != "success" {
		t.Fatalf("the child's machine did not run: %+v", s)
	}
	if err := h.emu.ForceStatus(testRegion, child, "created", ""); err != nil {
		t.Fatal(err)
	}
	if err := h.emu.ForceStatus(testRegion, child, "checking", ""); err == nil {
		t.Fatal("ForceStatus accepted a status of another kind")
	}
	if err := h.emu.SetOutcome(testRegion, child, Outcome{StickIn: "created"}); err != nil {
		t.Fatal(err)
	}

	// Persistence: the child and its parent survive a restart.
	h.close()
	h2 := newHarness(t, Options{StateFile: file})
	if s := summary(h2, child); s.Kind != "child" || s.ParentID != parent || s.Outcome.StickIn != "created" {
		t.Fatalf("child after a restart %+v", s)
	}
	h2.emu.mu.Lock()
	_, j := h2.emu.st.Jobs.lookup(testRegion, child)
	h2.emu.mu.Unlock()
	if c, ok := j.(*childJob); !ok || c.Note != "kept" {
		t.Fatalf("child decoded as %#v", j)
	}

	// Removing the parent removes its children.
	if err := h2.emu.DeleteJob(testRegion, parent); err != nil {
		t.Fatal(err)
	}
	if jobs := h2.emu.Jobs(""); len(jobs) != 0 {
		t.Fatalf("left after deleting the parent: %+v", jobs)
	}
}
