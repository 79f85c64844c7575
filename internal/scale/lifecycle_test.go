package scale_test

import (
	"fmt"
	"strings"
	"testing"
)

// lifecycle is one kind's commands, in order: each a configuration (""
// destroys what the base does not hold) applied after base.
type lifecycle struct {
	kind   string
	base   string // what must exist first (a parent); not counted
	phases []phase
}

type phase struct{ name, hcl string }

func lifecycles() []lifecycle {
	mig, syn, sub := migrationHCL(0, 0), syncHCL(0, 0), subscriptionHCL(0, 0)
	at := func(s, anchor, add string) string { return strings.Replace(s, anchor, anchor+add, 1) }
	rate := "\n  rate_limit = {\n    dump_thread = 4\n    load_thread = 4\n  }"
	migUpd := at(strings.Replace(mig, "scale-m0-v0", "scale-m0-v1", 1), `instance_class = "medium"`, rate)
	syncUpd := at(strings.Replace(syn, `"small"`, `"medium"`, 1), `instance_class = "medium"`, rate)
	task := func(name string) string {
		return fmt.Sprintf("\nresource \"dts_compare_task\" \"c0\" {\n  job_id = dts_migration_job.m0.id\n  name   = %q\n}\n", name)
	}
	return []lifecycle{
		{kind: "dts_migration_job", phases: []phase{{"create", mig}, {"update: name, rate_limit", migUpd},
			{"state = completed", at(migUpd, `instance_class = "medium"`, "\n  state = \"completed\"")}, {"destroy", ""}}},
		{kind: "dts_sync_job", phases: []phase{{"create", syn}, {"update: instance_class, rate_limit", syncUpd},
			{"state = paused", at(syncUpd, `instance_class = "medium"`, "\n  state = \"paused\"")}, {"destroy", ""}}},
		{kind: "dts_subscription", phases: []phase{{"create", sub},
			{"update: name, subscribe_objects", strings.NewReplacer("scale-b0-v0", "scale-b0-v1",
				`{ object_type = "database", database = "orders" }`,
				`{ object_type = "database", database = "orders" }, { object_type = "database", database = "inventory" }`).Replace(sub)},
			{"destroy", ""}}},
		{kind: "dts_consumer_group", base: sub, phases: []phase{{"create", groupHCL(0, 0)},
			{"update: description, password", strings.NewReplacer("scale v0", "scale v1", "password_wo_version = 1\n}", "password_wo_version = 2\n}").
				Replace(groupHCL(0, 0))}, {"destroy", ""}}},
		{kind: "dts_compare_task", base: mig, phases: []phase{{"create", task("a")}, {"update: name", task("b")}, {"destroy", ""}}},
	}
}

// TestLifecycleCalls runs each kind's lifecycle — create, in-place
// updates, a state change where the kind has one, destroy — without
// faults, and reports the calls of each command by action (the journal),
// the refresh of an apply included. Each command must succeed, each plan
// after an apply be empty, and nothing be left untracked.
func TestLifecycleCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("about 40 s of wall time; skipped with -short")
	}
	sections := make([]string, len(lifecycles()))
	t.Run("kinds", func(t *testing.T) {
		for i, lc := range lifecycles() {
			t.Run(lc.kind, func(t *testing.T) {
				t.Parallel()
				sections[i] = runLifecycle(t, lc, int64(300+i))
			})
		}
	})
	if !t.Failed() {
		report(t, "Calls per lifecycle, by action", "Each command's calls as the emulator's journal recorded them (an apply's refresh "+
			"included; a consumer group's and a compare task's parent is created before and not counted). No faults; the emulator "+
			"at time scale 0.01, the provider's poll schedule scaled alike (0.1 s growing ×1.5 to 1 s), so the Describe counts are "+
			"those of that schedule.\n\n"+strings.Join(sections, "\n"))
	}
}

func runLifecycle(t *testing.T, lc lifecycle, seed int64) string {
	l := newLab(t, seed)
	if lc.base != "" {
		l.configure(lc.base)
		l.apply(10)
	}
	var cols []string
	var counts []map[string]int
	for _, p := range lc.phases {
		mark := lastSeq(l.emu)
		l.configure(lc.base + p.hcl)
		l.apply(10)
		counts = append(counts, count(journalSince(t, l.emu, mark)).byAction)
		cols = append(cols, p.name)
		if p.hcl != "" {
			l.planEmpty()
		}
		if left := l.untracked(); len(left) > 0 {
			t.Fatalf("%s: jobs the state does not hold: %v", p.name, left)
		}
	}
	return fmt.Sprintf("`%s`\n\n%s", lc.kind, byActionTable(cols, counts))
}
