package waiter

import (
	"time"
)

// Prediction. While a job reports progress — the steps a check has done of
// its total, the percentage of a full load or of an initial load, a compare
// task's percent — the waiter estimates when the work ends from the rate of
// that progress, and reads where the estimate says instead of on the
// backoff:
//
//   - the rate is the progress gained over the run (the reads of one status
//     that report progress; a change of status, or progress that goes back,
//     starts a new run) divided by the time between its first and last
//     reads: an average that a quick or a slow table does not throw off;
//   - the next read comes after half the predicted time left (aim), so a
//     job that speeds up towards its end is not overshot and each read
//     refines the estimate; the reads close in on the end, and once it is
//     less than two Schedule.Min away the read is Schedule.Min later, which
//     bounds the lag;
//   - a predicted sleep is never shorter than Schedule.Min nor longer than
//     Schedule.Horizon, and never runs past the deadline.
//
// Until a run has two reads, when its last read gained nothing (the job
// stalls, or its steps are coarser than the reads), and once the predicted
// end is past, the backoff applies.

// aim is the share of the predicted time left slept before the next read.
const aim = 0.5

// sample is one read of a run: when, and the progress (0–1).
type sample struct {
	at   time.Time
	done float64
}

// prediction is the run of progress being watched.
type prediction struct {
	status      string
	first, last sample
	reads       int // in the run
	// gained: the last read reported more progress than the one before.
	gained bool
}

// progressOf is the progress r reports, 0–1.
func progressOf(r *Result) (float64, bool) {
	switch {
	case r.Percent >= 0:
		return float64(min(r.Percent, 100)) / 100, true
	case r.StepAll > 0 && r.StepNow > 0:
		return float64(min(r.StepNow, r.StepAll)-1) / float64(r.StepAll), true
	}
	return 0, false
}

// observe records a read of the job made at at.
func (p *prediction) observe(r *Result, at time.Time) {
	done, ok := progressOf(r)
	switch {
	case !ok:
		p.reads, p.gained = 0, false
	case r.Status != p.status || p.reads == 0 || done < p.last.done:
		p.first, p.last, p.reads, p.gained = sample{at, done}, sample{at, done}, 1, false
	default:
		p.gained = done > p.last.done
		p.last = sample{at, done}
		p.reads++
	}
	p.status = r.Status
}

// left is the time from now until the work is predicted to end; ok is
// false without a prediction.
func (p *prediction) left(now time.Time) (time.Duration, bool) {
	if p.reads < 2 || !p.gained {
		return 0, false
	}
	rate := (p.last.done - p.first.done) / p.last.at.Sub(p.first.at).Seconds() // progress per second
	left := time.Duration((1-p.last.done)/rate*float64(time.Second)) - now.Sub(p.last.at)
	return left, left > 0
}

// sleep is the time from now to the next read the progress asks for; ok is
// false when it asks for none (the backoff applies).
func (p *prediction) sleep(now time.Time, s Schedule) (time.Duration, bool) {
	if s.Horizon <= 0 {
		return 0, false
	}
	left, ok := p.left(now)
	if !ok {
		return 0, false
	}
	return min(max(time.Duration(aim*float64(left)), s.Min), s.Horizon), true
}
