package scale_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// interrupted is a resource whose create is interrupted: the emulator
// kind it makes, the configuration that must exist first (its parent),
// and its own.
type interrupted struct {
	name, kind, parent, hcl string
	// slow, when set, makes a call of the create slow enough to be
	// interrupted: a consumer group's create does not wait for the group
	// (CreateConsumerGroup is synchronous), so its read after the creation
	// (the second DescribeConsumerGroups: the first looks for an existing
	// group) is delayed instead.
	slow *emulator.FaultRule
}

var interruptedKinds = []interrupted{
	{name: "migration", kind: "migration", hcl: migrationHCL(0, 0)},
	{name: "sync", kind: "sync", hcl: syncHCL(0, 0)},
	{name: "subscription", kind: "subscription", hcl: subscriptionHCL(0, 0)},
	{name: "consumer group", kind: "consumerGroup", parent: subscriptionHCL(0, 0), hcl: groupHCL(0, 0),
		slow: &emulator.FaultRule{Action: "DescribeConsumerGroups", Kind: emulator.FaultLatency, Latency: 4 * time.Second, Every: 2}},
	{name: "compare task", kind: "compare", parent: migrationHCL(0, 0),
		hcl: "\nresource \"dts_compare_task\" \"c0\" {\n  job_id = dts_migration_job.m0.id\n  name   = \"cmp\"\n}\n"},
}

// holdNew waits until the emulator has a job of kind that is not in
// known, freezes it (HoldJob: it takes no automatic transition, so the
// create that bought it waits for good), and returns its ID.
func holdNew(t *testing.T, l *lab, kind string, known map[string]bool) string {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		for _, j := range l.emu.Jobs(acctest.Region) {
			if j.Kind == kind && !known[j.JobID] {
				if err := l.emu.HoldJob(acctest.Region, j.JobID, true); err != nil {
					t.Errorf("holding %s: %v", j.JobID, err)
				}
				return j.JobID
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("no %s job appeared within a minute", kind)
	return ""
}

func jobIDs(l *lab) map[string]bool {
	ids := map[string]bool{}
	for _, j := range l.emu.Jobs(acctest.Region) {
		ids[j.JobID] = true
	}
	return ids
}

// waitingFor is how long an interrupt waits after the hold: more than the
// longest poll interval, so the create is in a wait when it comes.
const waitingFor = 2 * time.Second

// TestInterruptedCreate: for each kind, Terraform gets SIGINT while the
// create waits for the job (held by the emulator). The apply stops; the
// next apply converges (the plan after it is empty), and no job is left
// that the state does not hold.
func TestInterruptedCreate(t *testing.T) {
	for i, k := range interruptedKinds {
		t.Run(k.name, func(t *testing.T) {
			t.Parallel()
			l := newLab(t, int64(100+i))
			if k.parent != "" {
				l.configure(k.parent)
				l.apply(10)
			}
			if k.slow != nil {
				l.emu.AddFault(*k.slow)
			}
			l.configure(k.parent + k.hcl)
			known := jobIDs(l)
			var held string
			r := l.terraform(applyArgs(10), func(p *os.Process) {
				held = holdNew(t, l, k.kind, known)
				time.Sleep(waitingFor)
				_ = p.Signal(os.Interrupt)
			})
			if r.err == nil {
				t.Fatalf("the interrupted apply succeeded:\n%s", tail(r.out, 30))
			}
			if !strings.Contains(r.out, "Interrupt received") {
				t.Fatalf("Terraform did not see the interrupt:\n%s", tail(r.out, 30))
			}
			if held != "" {
				if err := l.emu.HoldJob(acctest.Region, held, false); err != nil {
					t.Fatal(err)
				}
			}
			l.apply(10)
			l.planEmpty()
			if left := l.untracked(); len(left) > 0 {
				t.Errorf("jobs the state does not hold: %v", left)
			}
		})
	}
}

// TestKilledProvider: for each kind that is bought (migration, sync,
// subscription), the provider process is killed (SIGKILL) while its create
// waits, so Terraform never learns the job's ID. The next apply creates
// the resource and warns with the orphan's ID and the import that adopts
// it; `terraform import` with that ID (after removing the new one from
// the state) adopts it.
//
// Consumer groups and compare tasks are tested too, for what they do
// instead (see orphanRule).
func TestKilledProvider(t *testing.T) {
	for i, k := range interruptedKinds {
		t.Run(k.name, func(t *testing.T) {
			t.Parallel()
			l := newLab(t, int64(200+i))
			if k.parent != "" {
				l.configure(k.parent)
				l.apply(10)
			}
			if k.slow != nil {
				l.emu.AddFault(*k.slow)
			}
			l.configure(k.parent + k.hcl)
			known := jobIDs(l)
			var orphan string
			r := l.terraform(applyArgs(10), func(p *os.Process) {
				orphan = holdNew(t, l, k.kind, known)
				time.Sleep(waitingFor)
				killProvider(t, p.Pid)
			})
			if r.err == nil {
				t.Fatalf("the apply survived its provider:\n%s", tail(r.out, 30))
			}
			if orphan == "" {
				return
			}
			if err := l.emu.HoldJob(acctest.Region, orphan, false); err != nil {
				t.Fatal(err)
			}
			next := l.terraform(applyArgs(10), nil)
			if (next.err != nil) != (k.kind == "consumerGroup") {
				t.Fatalf("the apply after the kill: %v\n%s", next.err, tail(next.out, 40))
			}
			orphanRule[k.name](t, l, orphan, next.out)
		})
	}
}

// orphanRule checks, per kind, what the apply after the kill did about the
// job the killed provider left.
var orphanRule = map[string]func(t *testing.T, l *lab, orphan, out string){
	"migration":    warnsOrphan,
	"sync":         warnsOrphan,
	"subscription": warnsOrphan,
	// A consumer group's name is unique in its subscription and it has no
	// token tag: the next create finds the group the killed provider made
	// under its name and stops before CreateConsumerGroup, naming it and
	// the import that adopts it (its password is not known, so it is not
	// adopted silently).
	"consumer group": func(t *testing.T, l *lab, orphan, out string) {
		t.Helper()
		flat := strings.Join(strings.Fields(out), " ")
		if !strings.Contains(flat, "Consumer group already exists") || !strings.Contains(flat, "terraform import") {
			t.Errorf("the apply after the kill does not name group %s with its import:\n%s", orphan, tail(out, 40))
		}
	},
	// A compare task is free (DTS bills the job, not its comparisons) and
	// belongs to its job, which deletes it: one a killed provider made is
	// left on the job, listed by dts_compare_tasks, and goes with the job.
	// The next create makes a new one and does not adopt it (a task of the
	// same name may be a create_before_destroy replacement's deposed
	// object, which the state does hold).
	"compare task": func(t *testing.T, l *lab, orphan, _ string) {
		t.Helper()
		for _, j := range l.liveJobs() {
			if j.JobID == orphan && j.ParentID != "" {
				return
			}
		}
		t.Errorf("compare task %s is not on its job any more", orphan)
	},
}

// warnsOrphan: the apply warned with the orphan's ID and the import that
// adopts it.
func warnsOrphan(t *testing.T, _ *lab, orphan, out string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	if !strings.Contains(flat, "may have lost track of") || !strings.Contains(flat, "terraform import") ||
		!strings.Contains(flat, acctest.Region+":"+orphan) {
		t.Errorf("the apply after the kill does not warn about %s with its import:\n%s", orphan, tail(out, 40))
	}
}

// killProvider sends SIGKILL to the provider process: Terraform's child
// running this test binary.
func killProvider(t *testing.T, terraformPID int) {
	self, err := os.Executable()
	if err != nil {
		t.Error(err)
		return
	}
	self, _ = filepath.EvalSymlinks(self)
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || parentOf(pid) != terraformPID {
			continue
		}
		if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); exe == self {
			if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
				t.Errorf("killing the provider %d: %v", pid, err)
			}
			return
		}
	}
	t.Error("no provider process found under Terraform")
}

// parentOf is a process's parent PID (0 when unknown).
func parentOf(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// pid (comm) state ppid …; comm may hold spaces.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 2 {
		return 0
	}
	ppid, _ := strconv.Atoi(fields[1])
	return ppid
}
