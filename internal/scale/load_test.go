package scale_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// loadSize is how many jobs of each kind TestParallelCreates makes (the
// issue's 50); DTS_SCALE_LOAD overrides it, e.g. for a quick try.
func loadSize(t *testing.T) int {
	if s := os.Getenv("DTS_SCALE_LOAD"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("DTS_SCALE_LOAD=%q: want a positive number", s)
		}
		return n
	}
	return 50
}

// TestParallelCreates: 50 migration jobs, 50 sync jobs, 50 subscriptions
// with a consumer group each and 50 compare tasks on 10 of the migration
// jobs, created in one apply at -parallelism=50 against the emulator with
// its rate limits on (20 requests per second per action). Every create
// succeeds, no RequestLimitExceeded reaches the user, the plan after it is
// empty, and the emulator holds exactly the jobs in the state. The plan is
// the "large plan" of BENCHMARKS.md: its wall time, calls and the
// provider's peak RSS are reported.
func TestParallelCreates(t *testing.T) {
	if testing.Short() {
		t.Skip("about a minute of wall time; skipped with -short")
	}
	n := loadSize(t)
	l := newLab(t, 11)
	f := fleet{Migrations: n, Syncs: n, Subscriptions: n, Groups: true, Compares: n, CompareParents: max(1, n/5)}
	l.configure(f.hcl())
	mark := lastSeq(l.emu)
	r := l.apply(50)
	applied := count(journalSince(t, l.emu, mark))
	applyRSS := l.peakProviderRSS()
	if strings.Contains(r.out, "RequestLimitExceeded") {
		t.Errorf("RequestLimitExceeded reached the user:\n%s", tail(r.out, 40))
	}
	if !strings.Contains(r.out, fmt.Sprintf("%d added, 0 changed, 0 destroyed", 5*n)) {
		t.Errorf("not every resource was created:\n%s", tail(r.out, 20))
	}
	if left := l.untracked(); len(left) > 0 {
		t.Errorf("jobs the state does not hold: %v", left)
	}

	mark = lastSeq(l.emu)
	p := l.planEmpty()
	planned := count(journalSince(t, l.emu, mark))
	planRSS := l.peakProviderRSS()

	report(t, fmt.Sprintf("Parallel creates: %d resources in one apply at -parallelism=50", 5*n), fmt.Sprintf(
		"%d migration jobs, %d sync jobs, %d subscriptions with a consumer group each and %d compare tasks on %d migration jobs; "+
			"emulator rate limit 20 requests/s per action, time scale %g; the provider's client spaces each action's calls 1/20 s apart.\n\n"+
			"| | apply | plan (refresh of all) |\n|---|---:|---:|\n"+
			"| wall time | %s | %s |\n| API calls | %d | %d |\n| answered RequestLimitExceeded (throttled, then retried) | %d | %d |\n"+
			"| other errors | %v | %v |\n| provider peak RSS | %d MB | %d MB |\n| Terraform peak RSS | %d MB | %d MB |\n\n%s",
		n, n, n, n, f.CompareParents, timeScale, r.wall.Round(100*time.Millisecond), p.wall.Round(100*time.Millisecond),
		applied.calls, planned.calls, applied.throttled, planned.throttled, applied.failed, planned.failed,
		applyRSS/1024, planRSS/1024, r.maxRSS/1024, p.maxRSS/1024,
		byActionTable([]string{"apply", "plan"}, []map[string]int{applied.byAction, planned.byAction})))
}
