package scale_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// soakSeed seeds the soak's faults, the emulator's IDs and durations and
// the provider's retry jitter.
const soakSeed = 20261130

// soakFaults are the soak's fault rules: every call fails with a
// probability of about 10 % (throttling, InternalError, HTTP 503, a
// dropped connection, or a 1.5 s latency spike, 2 % each: 1 − 0.98⁵), and
// the calls that change something with about 30 % (more of each, and a
// reply lost after the change was made: 1 − 0.9 × 0.94² × 0.95² × 0.97²). Each probabilistic rule draws for every call
// it matches from its own generator seeded by the emulator's seed: the run
// is reproducible up to the order in which concurrent calls arrive.
var soakFaults = []emulator.FaultRule{
	{Mutating: true, Kind: emulator.FaultError, Code: "RequestLimitExceeded", Probability: 0.06},
	{Mutating: true, Kind: emulator.FaultError, Code: "InternalError", Probability: 0.06},
	{Mutating: true, Kind: emulator.FaultHTTP, HTTPStatus: 502, Probability: 0.05},
	{Mutating: true, Kind: emulator.FaultDrop, Probability: 0.05},
	{Mutating: true, Kind: emulator.FaultApplyThenDrop, Probability: 0.03},
	{Mutating: true, Kind: emulator.FaultLatency, Latency: 1500 * time.Millisecond, Probability: 0.03},
	{Kind: emulator.FaultError, Code: "RequestLimitExceeded", Probability: 0.02},
	{Kind: emulator.FaultError, Code: "InternalError", Probability: 0.02},
	{Kind: emulator.FaultHTTP, HTTPStatus: 503, Probability: 0.02},
	{Kind: emulator.FaultDrop, Probability: 0.02},
	{Kind: emulator.FaultLatency, Latency: 1500 * time.Millisecond, Probability: 0.02},
}

// soakCopies is how many of each resource the soak runs.
const soakCopies = 3

// soakHCL is the soak's first configuration with copies of each resource.
func soakHCL(copies int) string {
	return strings.Replace(soakSteps()[0].hcl, "copies = "+strconv.Itoa(soakCopies), "copies = "+strconv.Itoa(copies), 1)
}

// soakStep is one apply of the soak: what it changes, and the
// configuration.
type soakStep struct {
	name string
	hcl  string
}

// soakSteps are the lifecycles of every resource: create, every in-place
// update the kinds have, the state changes, and (after them) destroy.
func soakSteps() []soakStep {
	type v struct {
		name, readOnly, rate, migState, syncClass, syncState, subsObjects, groupDesc string
		groupPW                                                                      int
	}
	base := v{name: "v0", migState: "running", syncClass: "small", syncState: "running",
		subsObjects: `{ object_type = "database", database = "orders" }`, groupDesc: "first", groupPW: 1}
	upd := base
	upd.name, upd.readOnly, upd.syncClass, upd.groupDesc, upd.groupPW = "v1", "\n    is_dst_read_only = true", "medium", "second", 2
	upd.rate = "  rate_limit = {\n    dump_thread = 4\n    load_thread = 4\n  }\n"
	upd.subsObjects = `{ object_type = "database", database = "orders" }, { object_type = "database", database = "inventory" }`
	paused, resumed, ended := upd, upd, upd
	paused.syncState = "paused" // the migration job is at readyComplete by then: DTS pauses only a running one
	ended.migState, ended.syncState = "completed", "stopped"
	hcl := func(x v) string {
		return fmt.Sprintf(soakTemplate, x.name, x.readOnly, x.rate, x.migState, x.syncClass, strings.ReplaceAll(x.rate, "4", "2"),
			x.syncState, x.name, x.subsObjects, x.groupDesc, x.groupPW, x.name, x.name)
	}
	return []soakStep{
		{"create", hcl(base)},
		{"update in place", hcl(upd)},
		{"pause", hcl(paused)},
		{"resume", hcl(resumed)},
		{"complete and stop", hcl(ended)},
	}
}

var soakTemplate = `
locals {
  copies = ` + strconv.Itoa(soakCopies) + `
}
resource "dts_migration_job" "m" {
  count = local.copies
  name           = "soak-m-%s"
  instance_class = "medium"
  src_info       = ` + soakMigNodeSrc + `
  dst_info       = ` + soakMigNodeDst + `
  migrate_option = {
    database_table = {
      object_mode = "partial"
      databases   = [{ db_name = "orders", db_mode = "all" }]
    }%s
  }
%s  state = %q
}

resource "dts_sync_job" "s" {
  count = local.copies
  name           = "soak-s"
  instance_class = %q
  src_info       = ` + soakSyncNodeSrc + `
  dst_info       = ` + soakSyncNodeDst + `
  objects = {
    mode      = "Partial"
    databases = [{ db_name = "orders", db_mode = "All" }]
  }
%s  state = %q
}

resource "dts_subscription" "b" {
  count = local.copies
  name           = "soak-b-%s"
  product        = "mysql"
  subscribe_mode = "dml"
  access_type    = "cdb"
  endpoints = [{
    database_region     = "ap-guangzhou"
    instance_id         = "cdb-my0001"
    user                = "dts_user"
    password_wo         = var.password
    password_wo_version = 1
  }]
  kafka_config = {
    number_of_partitions = 4
    default_rule_type    = "table"
  }
  subscribe_objects = [%s]
}

resource "dts_consumer_group" "g" {
  count = local.copies
  subscribe_id        = dts_subscription.b[count.index].id
  consumer_group_name = "app"
  account_name        = "reader"
  description         = %q
  password_wo         = var.password
  password_wo_version = %d
}

resource "dts_compare_task" "cm" {
  count = local.copies
  job_id = dts_migration_job.m[count.index].id
  name   = "soak-cm-%s"
}

resource "dts_compare_task" "cs" {
  count = local.copies
  job_id = dts_sync_job.s[count.index].id
  name   = "soak-cs-%s"
}
`

func soakNode(kind, v string) string {
	if kind == "migration" {
		return `{
    region        = "ap-guangzhou"
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "` + v + `"
      port                = 3306
      user                = "migrator"
      password_wo         = var.password
      password_wo_version = 1
    }]
  }`
	}
	return `{
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = "` + v + `"
      user                = "dts_user"
      password_wo         = var.password
      password_wo_version = 1
    }]
  }`
}

var (
	soakMigNodeSrc  = soakNode("migration", "src.example.com")
	soakMigNodeDst  = soakNode("migration", "dst.example.com")
	soakSyncNodeSrc = soakNode("sync", "cdb-my0001")
	soakSyncNodeDst = soakNode("sync", "cdb-my0002")
)

// TestSoak runs the lifecycles of every resource — create, the in-place
// updates, pause, resume, complete/stop, destroy — with the fault rules of
// soakFaults on for every command. Every apply and the destroy succeed,
// the plan after each apply is empty, and after each command the emulator
// holds no job that the state does not (and none at all after the
// destroy). It reports the calls, the faults that fired, and the retries
// they caused.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("about a minute of wall time; skipped with -short")
	}
	l := newLab(t, soakSeed)
	for _, f := range soakFaults {
		l.emu.AddFault(f)
	}
	mark := lastSeq(l.emu)
	var wall time.Duration
	for _, s := range soakSteps() {
		l.configure(s.hcl)
		r := l.terraform(applyArgs(10), nil)
		wall += r.wall
		if r.err != nil {
			t.Fatalf("%s: terraform apply failed under faults: %v\n%s", s.name, r.err, tail(r.out, 80))
		}
		wall += l.planEmpty().wall
		if left := l.untracked(); len(left) > 0 {
			t.Fatalf("%s: jobs the state does not hold: %v", s.name, left)
		}
	}
	r := l.terraform([]string{"destroy", "-auto-approve", "-input=false", "-no-color", "-var", "password=" + password}, nil)
	wall += r.wall
	if r.err != nil {
		t.Fatalf("destroy failed under faults: %v\n%s", r.err, tail(r.out, 80))
	}
	if left := l.liveJobs(); len(left) > 0 {
		t.Fatalf("jobs left after the destroy: %v", left)
	}
	reportSoak(t, l, journalSince(t, l.emu, mark), wall)
}

// reportSoak reports the soak's figures: calls, faults fired by kind, and
// the calls that were retries (a call of the same action and parameters
// right after a faulted one).
func reportSoak(t *testing.T, l *lab, entries []emulator.JournalEntry, wall time.Duration) {
	c := count(entries)
	mutating, mutFaults, readFaults := 0, 0, 0
	for _, e := range entries {
		m := !strings.HasPrefix(e.Action, "Describe")
		if m {
			mutating++
		}
		if e.Fault != "" {
			if m {
				mutFaults++
			} else {
				readFaults++
			}
		}
	}
	retries := retriedCalls(entries)
	report(t, "Soak: full lifecycles of every resource under faults", fmt.Sprintf(
		"Seed %d. %d of each: a migration job, a sync job, a subscription with a consumer group, a compare task on each job: "+
			"create, update in place (names, a sync job's instance class, rate limits, the target's read-only flag, subscribed objects, a group's description and password), "+
			"pause and resume (the sync job), complete (the migration job) and stop (the sync job), destroy — 5 applies, a plan after each (empty) and a destroy, at time scale %g. "+
			"Faults on every call (about 10 %%: throttling, InternalError, HTTP 503, dropped connection, 1.5 s latency) and "+
			"more on the calls that change something (about 30 %%, lost replies after the change included).\n\n"+
			"| | |\n|---|---:|\n| wall time (all commands) | %s |\n| API calls | %d |\n| of which change something | %d |\n"+
			"| reads hit by a fault | %d of %d (%.1f %%) |\n| changes hit by a fault | %d of %d (%.1f %%) |\n"+
			"| faults by kind | %s |\n| calls repeated after a fault (retries, approximately: the next call of the same action and parameters) | %d |\n| other error answers | %s |\n"+
			"| applies that failed | 0 |\n| jobs left untracked | 0 |\n",
		soakSeed, soakCopies, timeScale, wall.Round(100*time.Millisecond), c.calls, mutating,
		readFaults, c.calls-mutating, pct(readFaults, c.calls-mutating), mutFaults, mutating, pct(mutFaults, mutating),
		codes(c.faults), retries, codes(c.failed))+
		"\nThe other error answers are part of the lifecycles: ResourceNotFound is how a destroy learns that a job is gone, and "+
		"FailedOperation.StatusInConflict answers the repeat of a change whose reply was lost after DTS made it "+
		"(applyThenDrop); the provider then reads the job and goes on.\n")
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// retriedCalls counts the calls that repeat a faulted call: the next call
// of the same action with the same parameters.
func retriedCalls(entries []emulator.JournalEntry) int {
	pending := map[string]int{}
	n := 0
	for _, e := range entries {
		key := e.Action + "\x00" + string(e.Parameters)
		if pending[key] > 0 {
			pending[key]--
			n++
		}
		if e.Fault != "" && e.FaultKind != emulator.FaultLatency || strings.HasPrefix(e.Code, "RequestLimitExceeded") {
			pending[key]++
		}
	}
	return n
}
