package scale_test

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// envReport names a file the tests append their figures to (Markdown), for
// BENCHMARKS.md (`make benchmarks`); unset, the figures go to the test log
// only.
const envReport = "DTS_SCALE_REPORT"

// report writes a section of figures to the test log and, when envReport
// is set, to that file.
func report(t *testing.T, title, body string) {
	t.Helper()
	t.Logf("%s\n%s", title, body)
	path := os.Getenv(envReport)
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintf(f, "### %s\n\n%s\n", title, body)
}

// tally counts journal entries.
type tally struct {
	calls     int
	byAction  map[string]int
	throttled int            // answered RequestLimitExceeded by the rate limit (not by a fault)
	faults    map[string]int // by kind, errors by code
	failed    map[string]int // other error codes, by code
}

func count(entries []emulator.JournalEntry) tally {
	t := tally{byAction: map[string]int{}, faults: map[string]int{}, failed: map[string]int{}}
	for _, e := range entries {
		t.calls++
		t.byAction[e.Action]++
		switch {
		case e.Fault != "" && e.FaultKind == emulator.FaultError:
			t.faults[e.Code]++
		case e.Fault != "":
			t.faults[string(e.FaultKind)]++
		case strings.HasPrefix(e.Code, "RequestLimitExceeded"):
			t.throttled++
		case e.Code != "":
			t.failed[e.Code]++
		}
	}
	return t
}

// journalSince is the journal after mark (a Seq), failing the test when
// entries were evicted.
func journalSince(t *testing.T, emu *emulator.Emulator, mark uint64) []emulator.JournalEntry {
	t.Helper()
	j := emu.Journal()
	i, _ := slices.BinarySearchFunc(j, mark+1, func(e emulator.JournalEntry, seq uint64) int { return int(e.Seq) - int(seq) })
	if len(j) > 0 && j[0].Seq > mark+1 {
		t.Fatalf("the journal dropped entries %d–%d: raise its bounds or make fewer calls", mark+1, j[0].Seq-1)
	}
	return j[i:]
}

// lastSeq is the Seq of the journal's last entry.
func lastSeq(emu *emulator.Emulator) uint64 {
	j := emu.Journal()
	if len(j) == 0 {
		return 0
	}
	return j[len(j)-1].Seq
}

// byAction renders counts per action as a Markdown table, in name order.
func byActionTable(cols []string, counts []map[string]int) string {
	actions := map[string]bool{}
	for _, c := range counts {
		for a := range c {
			actions[a] = true
		}
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 1, ' ', 0)
	fmt.Fprintf(tw, "| action\t| %s\t|\n|---\t%s|\n", strings.Join(cols, "\t| "), strings.Repeat("|---:\t", len(cols)))
	totals := make([]int, len(counts))
	for _, a := range slices.Sorted(maps.Keys(actions)) {
		fmt.Fprintf(tw, "| %s\t", a)
		for i, c := range counts {
			fmt.Fprintf(tw, "| %d\t", c[a])
			totals[i] += c[a]
		}
		fmt.Fprintln(tw, "|")
	}
	fmt.Fprint(tw, "| **total**\t")
	for _, n := range totals {
		fmt.Fprintf(tw, "| **%d**\t", n)
	}
	fmt.Fprintln(tw, "|")
	tw.Flush()
	return b.String()
}

// codes renders counts by code, in code order ("none" when empty).
func codes(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(out, ", ")
}
