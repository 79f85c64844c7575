// Package waiter is the one waiter of the provider: it polls a Describe call
// until a DTS job (migration job, sync job, subscription, compare task, …)
// reaches a target status, a failure status, an unexpected status, or the
// deadline.
//
// A wait is described by a Config: the pending, target and failure status
// sets, how many consecutive "not found" reads a just-created job may return,
// whether "not found" itself is the goal (TargetGone, for deletes), the timeout,
// the poll schedule and the clock. Wait reads once at once (after one interval
// when the caller has just read the job or started the transition: Fresh),
// then sleeps between reads with an interval that grows from Schedule.Min by
// Schedule.Factor up to Schedule.Max. The deadline is the clock's time at the
// start plus Timeout; the last sleep is cut so that a final read happens
// exactly at the deadline, and only if that read is still pending does Wait
// give up with a *TimeoutError.
//
// While the job reports progress (Result.Percent, or Result.StepNow of
// StepAll), Wait predicts when its status ends from the rate of that
// progress and reads there instead (predict.go): after half the predicted
// time left, so that the reads close in on the end, never sooner than
// Schedule.Min nor later than Schedule.Horizon. Where the job reports
// nothing, or its progress stalls, the backoff applies.
//
// Every outcome other than success is a typed error carrying the Operation
// (what was being waited for): *TimeoutError, *FailureStatusError,
// *UnexpectedStatusError, *NotFoundError and *InterruptedError (the context
// was canceled; it wraps ctx.Err()). An error returned by Refresh that is not
// a "not found" is returned at once, wrapped so that errors.As reaches it.
//
// Status changes and progress (step name, percent) are logged through tflog
// whenever they change, and passed to Config.OnProgress when it is set.
package waiter

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
)

// ErrInvalidConfig is wrapped by the error Wait returns when its Config is
// unusable (no Refresh, no Operation, no target, a Timeout that is not
// positive, overlapping status sets, an invalid Schedule). It reports a bug in
// the caller, not a problem with the job.
var ErrInvalidConfig = errors.New("invalid waiter configuration")

// Result is one read of the job being waited for, as returned by
// Config.Refresh.
type Result struct {
	// Status is the job's status as the API spells it, e.g. "Running".
	Status string
	// Message is the failure or brief message from the API ("" if none).
	Message string
	// Step is the name of the current progress step, "" if none.
	Step string
	// Percent is the progress of the work of the current status (a check, a
	// full load) in percent, or -1 when unknown. Refresh must set -1
	// explicitly when the API reports no progress: 0 means 0 %.
	Percent int64
	// StepNow and StepAll are the step being run (from 1) and the number of
	// steps of that work; 0 when the API reports none. Without a Percent,
	// the steps done (StepNow−1 of StepAll) are the progress.
	StepNow, StepAll int64
	// Object is the last Describe response (or the item extracted from it),
	// for the caller to use after the wait. Wait never looks inside it.
	Object any
	// NotFound is true only in the Result Wait returns when Config.TargetGone
	// is set and the job was not found; Status is "" then.
	NotFound bool
}

// Schedule is the backoff between reads: the first sleep is Min, each next
// sleep is the previous one multiplied by Factor, never more than Max; and
// the bound of a sleep predicted from the job's progress.
type Schedule struct {
	// Min is the first interval; it must be > 0.
	Min time.Duration
	// Max caps the interval; it must be >= Min.
	Max time.Duration
	// Factor is the growth per sleep; it must be >= 1 (1 means a fixed interval).
	Factor float64
	// Horizon caps a sleep predicted from the progress the job reports; it
	// may exceed Max, since such a sleep ends where the progress says the
	// job will be done. 0 turns prediction off: reads follow the backoff.
	Horizon time.Duration
}

// DefaultSchedule is the production schedule for the real cloud. Where DTS
// reports no progress (a purchase, a start, a pause, a stop: seconds to a
// minute, with no round durations to count on), reads come 3 s apart, 5 %
// further each time: every 3–4.5 s through the first minute, then every
// 10 s from about 2.5 min on, as the official provider reads. Where DTS
// reports progress (a check, a full load: a minute to hours), reads go
// where the progress predicts the end, at most 2 min apart. The Describe
// actions are rate limited per account (20 per second), far above either.
func DefaultSchedule() Schedule {
	return Schedule{Min: 3 * time.Second, Max: 10 * time.Second, Factor: 1.05, Horizon: 2 * time.Minute}
}

func (s Schedule) validate() error {
	switch {
	case s.Min <= 0:
		return fmt.Errorf("Schedule.Min must be > 0, got %s", s.Min)
	case s.Max < s.Min:
		return fmt.Errorf("Schedule.Max (%s) must be >= Schedule.Min (%s)", s.Max, s.Min)
	case math.IsNaN(s.Factor) || math.IsInf(s.Factor, 0) || s.Factor < 1:
		return fmt.Errorf("Schedule.Factor must be a finite number >= 1, got %v", s.Factor)
	case s.Horizon != 0 && s.Horizon < s.Min:
		return fmt.Errorf("Schedule.Horizon (%s) must be 0 or >= Schedule.Min (%s)", s.Horizon, s.Min)
	}
	return nil
}

// next returns the interval that follows d: d*Factor, capped at Max.
func (s Schedule) next(d time.Duration) time.Duration {
	n := float64(d) * s.Factor
	if n >= float64(s.Max) {
		return s.Max
	}
	return time.Duration(n)
}

// Config describes one wait. Operation, Refresh, Timeout and a target (Target
// or TargetGone) are required; the other fields have usable zero values.
type Config struct {
	// Operation says what is being waited for and appears in every log entry
	// and error, e.g. `sync job "sync-abc123" to reach Running`.
	Operation string

	// Pending lists the statuses the job may pass through on its way to a
	// target. Include the status the job had before the action that started
	// the wait: the first read may still see it.
	Pending []string
	// Target lists the statuses that end the wait successfully.
	Target []string
	// Failure lists the statuses that end the wait with a
	// *FailureStatusError carrying the API's message.
	//
	// A status in none of Pending, Target and Failure ends the wait with an
	// *UnexpectedStatusError, unless PendingOthers is set. The three sets
	// must not overlap.
	Failure []string
	// PendingOthers counts every status outside Target and Failure as
	// pending: for a status whose intermediate values the API does not
	// enumerate (sync's OptObjStatus while objects change).
	PendingOthers bool

	// TargetGone makes "not found" a success (used by deletes). Wait then
	// returns a Result with NotFound set. Target may be empty in that case.
	TargetGone bool
	// NotFoundTolerance is how many consecutive "not found" reads are
	// tolerated before Wait fails with a *NotFoundError: a just-created job
	// may take a moment to show up in the Describe calls. 0 fails on the
	// first not-found read. A read that finds the job resets the count.
	// Ignored when TargetGone is set.
	NotFoundTolerance int

	// Refresh reads the job once. It returns (nil, nil) when the job does not
	// exist, or an error for which IsNotFound reports true. Any other error
	// ends the wait at once (the client already retries transient errors).
	Refresh func(ctx context.Context) (*Result, error)
	// IsNotFound reports whether an error returned by Refresh means the job
	// does not exist. Nil means Refresh reports not-found only as (nil, nil).
	IsNotFound func(error) bool

	// Timeout is the longest the wait may take, measured with Clock from the
	// start of Wait. It must be > 0: a wait without a deadline could hang an
	// apply forever, and every resource has a timeouts attribute with a
	// default, so a zero here is a bug that Wait reports (ErrInvalidConfig).
	Timeout time.Duration
	// Schedule is the backoff between reads; the zero value means
	// DefaultSchedule().
	Schedule Schedule
	// Clock tells the time and sleeps; nil means clock.Real{}.
	Clock clock.Clock
	// Fresh says that the caller has just read the job, or made the call
	// that starts the transition: a read at once would tell nothing new,
	// so the first read waits one interval (Schedule.Min).
	Fresh bool

	// OnProgress, when set, is called after each read whose status, message,
	// step or progress differs from the previous read (and after the first
	// read), before Wait decides whether to go on.
	OnProgress func(Result)
}

// validate checks c and returns it with defaults filled in.
func (c Config) validate() (Config, error) {
	invalid := func(format string, args ...any) (Config, error) {
		op := c.Operation
		if op == "" {
			op = "(no Operation)"
		}
		return c, fmt.Errorf("%w for %s: %s", ErrInvalidConfig, op, fmt.Sprintf(format, args...))
	}
	if c.Operation == "" {
		return invalid("Operation is required")
	}
	if c.Refresh == nil {
		return invalid("Refresh is required")
	}
	if c.Timeout <= 0 {
		return invalid("Timeout must be > 0, got %s", c.Timeout)
	}
	if len(c.Target) == 0 && !c.TargetGone {
		return invalid("Target is empty and TargetGone is false: nothing to wait for")
	}
	if c.NotFoundTolerance < 0 {
		return invalid("NotFoundTolerance must be >= 0, got %d", c.NotFoundTolerance)
	}
	sets := []struct {
		name string
		list []string
	}{{"Pending", c.Pending}, {"Target", c.Target}, {"Failure", c.Failure}}
	for i, a := range sets {
		for _, b := range sets[i+1:] {
			for _, s := range a.list {
				if slices.Contains(b.list, s) {
					return invalid("status %q is in both %s and %s", s, a.name, b.name)
				}
			}
		}
	}
	if c.Schedule == (Schedule{}) {
		c.Schedule = DefaultSchedule()
	}
	if err := c.Schedule.validate(); err != nil {
		return invalid("%s", err)
	}
	if c.Clock == nil {
		c.Clock = clock.Real{}
	}
	return c, nil
}

// Wait polls cfg.Refresh until the job reaches a target status (or is gone,
// with TargetGone) and returns that read.
//
// The first read happens at once; so a job already at its target returns
// without sleeping. On failure Wait returns the last Result it read (nil if
// none) together with one of the typed errors of this package, or with the
// wrapped Refresh error.
func Wait(ctx context.Context, cfg Config) (*Result, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	w := &wait{cfg: cfg, deadline: cfg.Clock.Now().Add(cfg.Timeout), budget: cfg.Timeout}
	if b, ok := ctx.Value(budgetKey{}).(time.Duration); ok {
		w.budget = b
	}
	return w.run(ctx)
}

type budgetKey struct{}

// WithBudget records on ctx the whole timeout of the operation that the
// waits under ctx belong to, which their TimeoutError names: a wait's own
// timeout is only what the earlier steps left of it. The outermost budget
// wins.
func WithBudget(ctx context.Context, timeout time.Duration) context.Context {
	if _, ok := ctx.Value(budgetKey{}).(time.Duration); ok {
		return ctx
	}
	return context.WithValue(ctx, budgetKey{}, timeout)
}

// wait is the state of one Wait call.
type wait struct {
	cfg      Config
	deadline time.Time
	budget   time.Duration // the operation's timeout (WithBudget), else cfg.Timeout

	last         *Result // last read that found the job
	lastNotFound bool    // the most recent read found nothing
	notFound     int     // consecutive not-found reads
	reads        int

	interval time.Duration // the backoff's next interval
	pred     prediction    // the progress seen so far (predict.go)
}

func (w *wait) run(ctx context.Context) (*Result, error) {
	ctx = tflog.SetField(ctx, "wait_operation", w.cfg.Operation)
	w.interval = w.cfg.Schedule.Min
	if w.cfg.Fresh {
		if err := w.sleep(ctx, w.cfg.Schedule.Min, false); err != nil {
			return w.last, err
		}
	}
	for {
		if err := ctx.Err(); err != nil {
			return w.last, w.interrupted(err)
		}
		done, res, err := w.poll(ctx)
		if done {
			return res, err
		}
		if !w.cfg.Clock.Now().Before(w.deadline) {
			return w.last, w.timeout()
		}
		d, predicted := w.next()
		if err := w.sleep(ctx, d, predicted); err != nil {
			return w.last, err
		}
	}
}

// next is the time until the next read: where the job's progress predicts
// its end, or else the backoff's next interval. After a prediction the
// backoff starts again from Schedule.Min.
func (w *wait) next() (time.Duration, bool) {
	if d, ok := w.pred.sleep(w.cfg.Clock.Now(), w.cfg.Schedule); ok {
		w.interval = w.cfg.Schedule.Min
		return d, true
	}
	d := w.interval
	w.interval = w.cfg.Schedule.next(w.interval)
	return d, false
}

// sleep waits d, cut so that it ends at the deadline at the latest.
func (w *wait) sleep(ctx context.Context, d time.Duration, predicted bool) error {
	if remaining := w.deadline.Sub(w.cfg.Clock.Now()); d > remaining {
		d = max(remaining, 0)
	}
	tflog.Trace(ctx, "waiting before the next read", map[string]any{
		"wait_sleep":     d.String(),
		"wait_reads":     w.reads,
		"wait_predicted": predicted,
	})
	if err := w.cfg.Clock.Sleep(ctx, d); err != nil {
		// clock.Clock's contract: Sleep fails only with ctx.Err().
		return w.interrupted(err)
	}
	return nil
}

// poll reads the job once. done reports that the wait is over, with res and
// err as Wait's results.
func (w *wait) poll(ctx context.Context) (done bool, res *Result, err error) {
	w.reads++
	at := w.cfg.Clock.Now()
	cur, err := w.cfg.Refresh(ctx)
	if err != nil {
		if w.cfg.IsNotFound != nil && w.cfg.IsNotFound(err) {
			return w.gone(ctx, err)
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return true, w.last, w.interrupted(ctxErr)
		}
		return true, w.last, fmt.Errorf("waiting for %s: %w", w.cfg.Operation, err)
	}
	if cur == nil {
		return w.gone(ctx, nil)
	}

	prev := w.last
	w.last, w.lastNotFound, w.notFound = cur, false, 0
	w.report(ctx, prev, cur)
	w.pred.observe(cur, at)

	switch {
	case slices.Contains(w.cfg.Target, cur.Status):
		return true, cur, nil
	case slices.Contains(w.cfg.Failure, cur.Status):
		return true, cur, &FailureStatusError{Operation: w.cfg.Operation, Status: cur.Status, Message: cur.Message}
	case w.cfg.PendingOthers || slices.Contains(w.cfg.Pending, cur.Status):
		return false, nil, nil
	default:
		return true, cur, &UnexpectedStatusError{
			Operation: w.cfg.Operation,
			Status:    cur.Status,
			Message:   cur.Message,
			Expected:  slices.Concat(w.cfg.Pending, w.cfg.Target),
		}
	}
}

// gone handles a read that did not find the job; cause is the Refresh error
// that said so, or nil.
func (w *wait) gone(ctx context.Context, cause error) (bool, *Result, error) {
	if w.cfg.TargetGone {
		tflog.Info(ctx, "DTS job is gone")
		return true, &Result{Percent: -1, NotFound: true}, nil
	}
	w.notFound++
	w.lastNotFound = true
	if w.notFound > w.cfg.NotFoundTolerance {
		return true, w.last, &NotFoundError{Operation: w.cfg.Operation, Reads: w.notFound, Err: cause}
	}
	tflog.Debug(ctx, "DTS job not found yet, will read again", map[string]any{
		"wait_not_found_reads": w.notFound,
		"wait_not_found_limit": w.cfg.NotFoundTolerance,
	})
	return false, nil, nil
}

// report logs cur and calls OnProgress when it differs from prev.
func (w *wait) report(ctx context.Context, prev, cur *Result) {
	if prev != nil && prev.Status == cur.Status && prev.Message == cur.Message &&
		prev.Step == cur.Step && prev.Percent == cur.Percent && prev.StepNow == cur.StepNow && prev.StepAll == cur.StepAll {
		return
	}
	fields := map[string]any{"wait_status": cur.Status}
	if cur.Message != "" {
		fields["wait_message"] = cur.Message
	}
	if cur.Step != "" {
		fields["wait_step"] = cur.Step
	}
	if cur.Percent >= 0 {
		fields["wait_percent"] = cur.Percent
	}
	if cur.StepAll > 0 {
		fields["wait_step_now"], fields["wait_step_all"] = cur.StepNow, cur.StepAll
	}
	switch {
	case prev == nil:
		tflog.Info(ctx, "DTS job status", fields)
	case prev.Status != cur.Status:
		fields["wait_previous_status"] = prev.Status
		tflog.Info(ctx, "DTS job status changed", fields)
	case prev.Step != cur.Step || prev.Percent != cur.Percent || prev.StepNow != cur.StepNow || prev.StepAll != cur.StepAll:
		tflog.Info(ctx, "DTS job progress", fields)
	default:
		tflog.Debug(ctx, "DTS job message changed", fields)
	}
	if w.cfg.OnProgress != nil {
		w.cfg.OnProgress(*cur)
	}
}

func (w *wait) timeout() error {
	e := &TimeoutError{Operation: w.cfg.Operation, Timeout: w.budget, LastNotFound: w.lastNotFound}
	if w.last != nil {
		e.LastStatus, e.LastMessage = w.last.Status, w.last.Message
	}
	return e
}

func (w *wait) interrupted(cause error) error {
	e := &InterruptedError{Operation: w.cfg.Operation, Err: cause}
	if w.last != nil {
		e.LastStatus = w.last.Status
	}
	return e
}
