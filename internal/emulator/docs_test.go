package emulator

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The tables of README.md between "<!-- BEGIN GENERATED: name -->" and
// "<!-- END GENERATED: name -->" are rendered from the emulator's data:
// the state machine and the coverage table. TestReadmeIsGenerated fails when
// they differ; `go test ./internal/emulator -run TestReadmeIsGenerated -update`
// rewrites them.

var update = flag.Bool("update", false, "rewrite the generated sections of README.md")

func TestReadmeIsGenerated(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	sections := map[string]string{
		"statuses":                 renderStatuses(migrationMachine, &migrationJob{}, fieldLabel),
		"automatic":                renderAutomatic(migrationMachine, &migrationJob{}, fieldLabel, ""),
		"operations":               renderOperations(migrationMachine, fieldLabel),
		"sync-statuses":            renderStatuses(syncMachine, &syncJob{}, syncFieldLabel),
		"sync-automatic":           renderAutomatic(syncMachine, &syncJob{}, syncFieldLabel, ""),
		"sync-operations":          renderOperations(syncMachine, syncFieldLabel),
		"subscription-statuses":    renderStatuses(subscriptionMachine, &subscription{}, subsFieldLabel),
		"subscription-automatic":   renderAutomatic(subscriptionMachine, &subscription{}, subsFieldLabel, ""),
		"subscription-operations":  renderOperations(subscriptionMachine, subsFieldLabel),
		"consumer-group-statuses":  renderStatuses(consumerGroupMachine, &consumerGroup{}, groupFieldLabel),
		"consumer-group-automatic": renderAutomatic(consumerGroupMachine, &consumerGroup{}, groupFieldLabel, ""),
		"compare-statuses":         renderStatuses(compareMachine, docCompareTask, fieldLabel),
		"compare-automatic":        renderAutomatic(compareMachine, docCompareTask, fieldLabel, " + 10 s per compared table"),
		"compare-operations":       renderCompareOperations(),
		"coverage":                 renderCoverage(),
	}
	names := make([]string, 0, len(sections))
	for n := range sections {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		begin, end := "<!-- BEGIN GENERATED: "+name+" -->\n", "<!-- END GENERATED: "+name+" -->"
		i, j := strings.Index(doc, begin), strings.Index(doc, end)
		if i < 0 || j < i {
			t.Fatalf("README.md has no generated section %q", name)
		}
		if got := doc[i+len(begin) : j]; got != sections[name] {
			if *update {
				doc = doc[:i+len(begin)] + sections[name] + doc[j:]
				continue
			}
			t.Errorf("README.md section %q is out of date; run go test ./internal/emulator -run TestReadmeIsGenerated -update\n--- want\n%s", name, sections[name])
		}
	}
	if *update {
		if err := os.WriteFile("README.md", []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func humanDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "—"
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	case d%time.Minute == 0:
		return fmt.Sprintf("%d min", d/time.Minute)
	default:
		return fmt.Sprintf("%g s", d.Seconds())
	}
}

func code(s string) string { return "`" + s + "`" }

func codes(list []string) string {
	if list == nil {
		return "any"
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = code(s)
	}
	return strings.Join(out, " ")
}

// fieldLabel names a migration job's machines in the tables.
func fieldLabel(f field) string { return f.String() }

// syncFieldLabel names a sync job's machines by their SyncJobInfo member.
func syncFieldLabel(f field) string {
	return map[field]string{fieldStatus: "Status", fieldTrade: "TradeStatus", fieldSub: "OptObjStatus"}[f]
}

// subsFieldLabel names a subscription's machines by their
// DescribeSubscribeDetail member.
func subsFieldLabel(f field) string {
	return map[field]string{fieldStatus: "SubsStatus", fieldTrade: "Status"}[f]
}

// groupFieldLabel names a consumer group's machine by its GroupInfo member.
func groupFieldLabel(f field) string {
	return map[field]string{fieldStatus: "ConsumerGroupState"}[f]
}

// docCompareTask is a compare task that compares no table: its running
// status shows only the checks.
var docCompareTask = &compareTask{Scope: &dtsapi.CompareObject{ObjectMode: ptr("partial")}}

// stepsOf lists the progress steps of a status for the job sample, and
// their total duration.
func stepsOf[J any](s *statusDef[J], sample *J) ([]string, time.Duration) {
	if s == nil || s.Steps == nil {
		return nil, 0
	}
	var ids []string
	var total time.Duration
	for _, st := range s.Steps(sample) {
		id := st.ID
		if st.Endless {
			id += " (endless)"
		}
		ids = append(ids, id)
		total += st.Duration
	}
	return ids, total
}

// renderStatuses renders the statuses of a machine; sample is the job whose
// progress steps are listed, label names the machines.
func renderStatuses[J any](m *machine[J], sample *J, label func(field) string) string {
	var b strings.Builder
	b.WriteString("| machine | status | kind | progress steps | meaning |\n|---|---|---|---|---|\n")
	for _, s := range m.order {
		kind := "stable"
		if s.Transitional {
			kind = "transitional"
		}
		steps, _ := stepsOf(s, sample)
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", label(s.Field), code(s.Name), kind, strings.Join(steps, ", "), s.Doc)
	}
	return b.String()
}

// renderAutomatic renders the automatic transitions of a machine; the
// duration of a stepped status is the sum of sample's steps, plus perJob.
func renderAutomatic[J any](m *machine[J], sample *J, label func(field) string, perJob string) string {
	var b strings.Builder
	b.WriteString("| machine | from | to | after (nominal) | timer | when / note |\n|---|---|---|---|---|---|\n")
	for _, r := range m.auto {
		to := code(r.To)
		if r.Remove {
			to = "(job removed)"
		}
		after := humanDuration(r.After)
		if r.Field == fieldStatus {
			if steps, total := stepsOf(m.status(fieldStatus, r.From), sample); steps != nil {
				after = "its steps (" + humanDuration(total) + perJob + ")"
			}
		}
		if r.AfterFn != nil {
			after += ", or later"
			if r.After == 0 {
				after = "at a set time"
			}
		}
		timer := ""
		if r.Timeout {
			timer = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", label(r.Field), code(r.From), to, after, timer, r.Doc)
	}
	return b.String()
}

// renderCompareOperations renders the compare operations once for both
// families: the rows of the first family, named by every family's action.
func renderCompareOperations() string {
	var b strings.Builder
	b.WriteString("| action (migration / sync) | allowed in status | enters | when illegal | note |\n|---|---|---|---|---|\n")
	ops := compareMachine.ops
	per := len(ops) / len(compareFamilies)
	for i, r := range ops[:per] {
		var names []string
		for f := range compareFamilies {
			names = append(names, ops[f*per+i].Action)
		}
		to := ""
		if r.To != "" {
			to = code(r.To)
		}
		if r.Remove {
			to = "(task removed)"
		}
		denied := cmp.Or(r.Denied, codeStatusInConflict)
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", strings.Join(names, " / "), codes(r.From), to, code(denied), r.Doc)
	}
	return b.String()
}

// renderOperations renders a machine's operations; label names its
// machines. The verb column only for a kind whose responses list verbs.
func renderOperations[J any](m *machine[J], label func(field) string) string {
	var b strings.Builder
	verbs := len(m.verbs) > 1
	status, trade := label(fieldStatus), label(fieldTrade)
	head := []string{"action", "verb", "allowed in " + status, "allowed in " + trade, "enters", trade + " enters", "when illegal", "note"}
	if !verbs {
		head = slices.Delete(head, 1, 2)
	}
	fmt.Fprintf(&b, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat("---|", len(head)))
	for _, r := range m.ops {
		verb := ""
		if r.Verb != "" {
			verb = code(r.Verb)
		}
		to, toTrade := "", ""
		if r.To != "" {
			to = code(r.To)
		}
		if r.ToTrade != "" {
			toTrade = code(r.ToTrade)
		}
		if r.Remove {
			to = "(job removed)"
		}
		denied := r.Denied
		if denied == "" {
			denied = codeStatusInConflict
		}
		impl := ""
		if _, ok := dtsapi.Actions[r.Action]; !ok {
			impl = " (no API action)"
		} else if _, ok := dtsHandlers[r.Action]; !ok {
			impl = " (not implemented yet)"
		}
		cells := []string{r.Action + impl, verb, codes(r.From), codes(r.TradeFrom), to, toTrade, code(denied), r.Doc}
		if !verbs {
			cells = slices.Delete(cells, 1, 2)
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
	}
	return b.String()
}

// coverageGroups orders the coverage table like the API reference.
var coverageGroups = []struct {
	name    string
	matches func(string) bool
}{
	{"migration", func(a string) bool { return slices.Contains(migrationActions, a) }},
	{"sync", func(a string) bool {
		return strings.Contains(a, "SyncJob") || strings.HasPrefix(a, "DescribeSyncJobs") ||
			a == "DescribeCheckSyncJobResult" || a == "DescribeModifyCheckSyncJobResult" || a == "SkipSyncCheckItem" ||
			a == "ModifySyncRateLimit"
	}},
	{"subscription", func(a string) bool {
		return strings.Contains(a, "Subscribe") || strings.Contains(a, "ConsumerGroup") || a == "DescribeOffsetByTime"
	}},
	{"consistency check", func(string) bool { return true }},
}

func renderCoverage() string {
	names := make([]string, 0, len(dtsapi.Actions))
	for a := range dtsapi.Actions {
		names = append(names, a)
	}
	sort.Strings(names)
	done := map[string]bool{}
	var b strings.Builder
	b.WriteString("| service | group | action | status |\n|---|---|---|---|\n")
	total, implemented := 0, 0
	for _, g := range coverageGroups {
		for _, a := range names {
			if done[a] || !g.matches(a) {
				continue
			}
			done[a] = true
			total++
			status := "UnsupportedOperation"
			if _, ok := dtsHandlers[a]; ok {
				status = "**implemented**"
				implemented++
			}
			fmt.Fprintf(&b, "| dts | %s | %s | %s |\n", g.name, a, status)
		}
	}
	for _, a := range stsActions {
		status := "UnsupportedOperation"
		if _, ok := stsHandlers[a]; ok {
			status = "**implemented**"
		}
		fmt.Fprintf(&b, "| sts | — | %s | %s |\n", a, status)
	}
	fmt.Fprintf(&b, "\n%d of the %d DTS actions are implemented, and STS AssumeRole.\n", implemented, total)
	return b.String()
}
