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
			"| other error answers | %s | %s |\n| provider peak RSS | %d MB | %d MB |\n| Terraform peak RSS | %d MB | %d MB |\n\n%s",
		n, n, n, n, f.CompareParents, timeScale, r.wall.Round(100*time.Millisecond), p.wall.Round(100*time.Millisecond),
		applied.calls, planned.calls, applied.throttled, planned.throttled, codes(applied.failed), codes(planned.failed),
		applyRSS/1024, planRSS/1024, r.maxRSS/1024, p.maxRSS/1024,
		byActionTable([]string{"apply", "plan"}, []map[string]int{applied.byAction, planned.byAction})))
	report(t, "Subscriptions in a refresh: batching the status", subscriptionFigure(n, planned))
}

// subscriptionFigure is issue 11's subscription figure: whether reading
// the status of many subscriptions through DescribeSubscribeJobs would
// save calls in a refresh.
func subscriptionFigure(n int, planned tally) string {
	detail, list := planned.byAction["DescribeSubscribeDetail"], planned.byAction["DescribeSubscribeJobs"]
	return fmt.Sprintf("The refresh of the plan above read %d subscriptions with %d DescribeSubscribeDetail and %d DescribeSubscribeJobs calls. "+
		"A subscription's Read compares its configuration (mode, objects, Kafka settings), which only DescribeSubscribeDetail "+
		"returns, so each Read makes that call whatever a list says. Batching the status through DescribeSubscribeJobs "+
		"(up to 100 IDs a call) would therefore add one list call per batch — at least %d at Terraform's default parallelism "+
		"of 10 — and remove none: %d calls instead of %d. Not done.\n", n, detail, list, (n+9)/10, detail+list+(n+9)/10, detail+list)
}

// TestThrottledCreates: the same mix, 20 of each kind (100 resources), in
// one apply at -parallelism=50, with the provider's own rate limiter
// lifted to 1000 requests per second per action, so that the emulator's
// limit of 20 throttles it: the emulator answers RequestLimitExceeded (the
// test fails if it never does — the limit must be enforced under load),
// the client retries, every create succeeds and no RequestLimitExceeded
// reaches the user.
func TestThrottledCreates(t *testing.T) {
	if testing.Short() {
		t.Skip("about a minute of wall time; skipped with -short")
	}
	const n = 20
	l := newLab(t, 12)
	// Throttled this hard (dozens of calls of one action in a second), the
	// compressed back-off of the other tests runs out; the production one
	// spreads the retries over seconds, as it must when the account's limit
	// is shared with other clients the limiter cannot see.
	l.env = append(l.env, envRate+"=1000", envProductionRetry+"=1")
	f := fleet{Migrations: n, Syncs: n, Subscriptions: n, Groups: true, Compares: n, CompareParents: n / 5}
	l.configure(f.hcl())
	mark := lastSeq(l.emu)
	r := l.apply(50)
	c := count(journalSince(t, l.emu, mark))
	if strings.Contains(r.out, "RequestLimitExceeded") {
		t.Errorf("RequestLimitExceeded reached the user:\n%s", tail(r.out, 40))
	}
	if c.throttled == 0 {
		t.Errorf("the emulator throttled none of %d calls: its rate limit is not enforced", c.calls)
	}
	if left := l.untracked(); len(left) > 0 {
		t.Errorf("jobs the state does not hold: %v", left)
	}
	report(t, fmt.Sprintf("Throttled creates: %d resources in one apply, the client's limiter lifted", 5*n), fmt.Sprintf(
		"%d of each kind as above, at -parallelism=50, with the provider's client allowed 1000 requests/s per action, so "+
			"the emulator's limit of 20 throttles it and the retry layer takes over (the production retry policy: 8 attempts, "+
			"jittered back-off from 1 s doubling to 30 s, within 2 minutes).\n\n| | |\n|---|---:|\n| wall time | %s |\n"+
			"| API calls | %d |\n| answered RequestLimitExceeded, then retried | %d |\n| RequestLimitExceeded reaching the user | 0 |\n",
		n, r.wall.Round(100*time.Millisecond), c.calls, c.throttled))
}
