package bench_test

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
	"time"
)

// The targets of issue 11: summed over the seeds, the provider's lag at
// most half the anchor's and no more reads; on waits with a progress
// signal, the median lag at most 5 % of the wait.
const (
	maxLagRatio     = 0.5
	maxPollRatio    = 1.0
	maxMedianLagPct = 5.0
)

// row sums the records of one wait kind (or of all: the total).
type row struct {
	kind              string
	signal            bool
	n                 int
	wait, lag, aLag   time.Duration
	polls, aPolls     int
	lagPcts, aLagPcts []float64 // lag as a share of the wait, per record
}

func (r *row) add(rec record) {
	aLag, aPolls := rec.anchor()
	r.n++
	r.wait += rec.wait()
	r.lag += rec.lag()
	r.aLag += aLag
	r.polls += rec.polls
	r.aPolls += aPolls
	r.lagPcts = append(r.lagPcts, 100*rec.lag().Seconds()/rec.wait().Seconds())
	r.aLagPcts = append(r.aLagPcts, 100*aLag.Seconds()/rec.wait().Seconds())
}

// report is the rows in lifecycle order, and the total.
type report struct {
	rows  []*row
	total row
}

func summarize(recs []record) *report {
	rep := &report{total: row{kind: "total"}}
	byKind := map[string]*row{}
	for _, rec := range recs {
		r := byKind[rec.kind]
		if r == nil {
			r = &row{kind: rec.kind, signal: rec.signal}
			byKind[rec.kind] = r
			rep.rows = append(rep.rows, r)
		}
		r.add(rec)
		rep.total.add(rec)
	}
	return rep
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ratio(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// print writes the table: sums over the seeds, the mean wait, and the
// median lag as a share of the wait.
func (rep *report) print(w io.Writer, first int64) {
	fmt.Fprintf(w, "\nPolling: %d seeds (%d–%d), emulator in realtime mode at TimeScale 1 with its default ±20 %% jitter, on a fake clock.\n",
		seeds, first, first+seeds-1)
	fmt.Fprintln(w, "ours: waiter.DefaultSchedule() with prediction; anchor: reads 1, 4 and 10 s after the call, then every 10 s.")
	fmt.Fprintln(w, "lag: the read that saw the transition minus the transition; sums over the seeds; median lag in % of the wait.")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "wait\tprogress\tmean wait s\tlag ours s\tlag anchor s\tratio\treads ours\treads anchor\tratio\tmedian lag ours %\tanchor %\t")
	for _, r := range append(rep.rows, &rep.total) {
		signal := ""
		if r.signal {
			signal = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%.1f\t%.1f\t\n", r.kind, signal, secs(r.wait/time.Duration(r.n)),
			secs(r.lag), secs(r.aLag), ratio(r.lag.Seconds(), r.aLag.Seconds()), r.polls, r.aPolls,
			ratio(float64(r.polls), float64(r.aPolls)), median(r.lagPcts), median(r.aLagPcts))
	}
	tw.Flush()
	misses := rep.misses()
	fmt.Fprintf(w, "targets (lag ≤ %.0f %% of the anchor's, reads ≤ the anchor's, median lag ≤ %.0f %% of the wait where DTS reports progress): ",
		100*maxLagRatio, maxMedianLagPct)
	if len(misses) == 0 {
		fmt.Fprintln(w, "all met")
	} else {
		fmt.Fprintln(w, "MISSED: "+strings.Join(misses, "; "))
	}
}

// misses lists the targets the report misses.
func (rep *report) misses() []string {
	var out []string
	t := rep.total
	if t.lag.Seconds() > maxLagRatio*t.aLag.Seconds() {
		out = append(out, fmt.Sprintf("total lag %s s > %.0f %% of the anchor's %s s", secs(t.lag), 100*maxLagRatio, secs(t.aLag)))
	}
	if float64(t.polls) > maxPollRatio*float64(t.aPolls) {
		out = append(out, fmt.Sprintf("%d reads > the anchor's %d", t.polls, t.aPolls))
	}
	for _, r := range rep.rows {
		if m := median(r.lagPcts); r.signal && m > maxMedianLagPct {
			out = append(out, fmt.Sprintf("%s: median lag %.1f %% of the wait", r.kind, m))
		}
	}
	return out
}

// metrics reports the totals, and the median lag of each wait with
// progress, as benchmark metrics.
func (rep *report) metrics(b *testing.B) {
	t := rep.total
	b.ReportMetric(t.lag.Seconds(), "lag-s")
	b.ReportMetric(t.aLag.Seconds(), "anchor-lag-s")
	b.ReportMetric(t.lag.Seconds()/t.aLag.Seconds(), "lag/anchor")
	b.ReportMetric(float64(t.polls), "reads")
	b.ReportMetric(float64(t.aPolls), "anchor-reads")
	b.ReportMetric(float64(t.polls)/float64(t.aPolls), "reads/anchor")
	for _, r := range rep.rows {
		if r.signal {
			b.ReportMetric(median(r.lagPcts), "median-lag-%-"+strings.ReplaceAll(r.kind, " ", "-"))
		}
	}
}
