package provider

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// The lifecycle machinery shared by every job resource (migration jobs today;
// sync jobs, subscriptions and compare tasks reuse it): one view of a job for
// any kind, waits through the one waiter, and the generic delete sequence.

// jobView is what the lifecycle needs from one Describe read of a job.
type jobView struct {
	Status      string
	TradeStatus string
	Allowed     []string // the job's allowed operations (AllowedAction / Actions)
	Message     string   // brief message and error details
	Step        string   // current progress step
	Percent     int64    // -1 when unknown
	Object      any      // the raw Describe response
}

func (v *jobView) allows(verb string) bool { return v != nil && slices.Contains(v.Allowed, verb) }

// describeFunc reads one job. A gone job is reported as an error for which
// client.IsNotFound is true, or as (nil, nil).
type describeFunc func(ctx context.Context) (*jobView, error)

// statusKey selects which status a wait is about.
type statusKey func(*jobView) string

func byStatus(v *jobView) string      { return v.Status }
func byTradeStatus(v *jobView) string { return v.TradeStatus }

// jobWait is one wait of a job lifecycle.
type jobWait struct {
	Operation         string
	Key               statusKey
	Pending, Target   []string
	Failure           []string
	TargetGone        bool
	NotFoundTolerance int
}

// waitJob runs the one waiter over a job's Describe call.
func (d *providerData) waitJob(ctx context.Context, describe describeFunc, w jobWait, timeout time.Duration) (*jobView, error) {
	key := w.Key
	if key == nil {
		key = byStatus
	}
	res, err := waiter.Wait(ctx, waiter.Config{
		Operation:         w.Operation,
		Pending:           w.Pending,
		Target:            w.Target,
		Failure:           w.Failure,
		TargetGone:        w.TargetGone,
		NotFoundTolerance: w.NotFoundTolerance,
		IsNotFound:        client.IsNotFound,
		Timeout:           timeout,
		Schedule:          d.poll,
		Clock:             d.clock,
		Refresh: func(ctx context.Context) (*waiter.Result, error) {
			v, err := describe(ctx)
			if err != nil || v == nil {
				return nil, err
			}
			return &waiter.Result{Status: key(v), Message: v.Message, Step: v.Step, Percent: v.Percent, Object: v}, nil
		},
	})
	var view *jobView
	if res != nil {
		view, _ = res.Object.(*jobView)
	}
	return view, err
}

// budget starts a deadline on the provider's clock and returns what is left
// of it for the next wait: at least a millisecond, so that a wait past the
// deadline still reads the job once and reports a timeout naming its status.
func (d *providerData) budget(timeout time.Duration) func() time.Duration {
	deadline := d.clock.Now().Add(timeout)
	return func() time.Duration { return max(deadline.Sub(d.clock.Now()), time.Millisecond) }
}

// except returns all minus the given statuses.
func except(all []string, minus ...string) []string {
	out := make([]string, 0, len(all))
	for _, s := range all {
		if !slices.Contains(minus, s) {
			out = append(out, s)
		}
	}
	return out
}

// isInterruption reports whether a wait ended because time ran out or the
// user interrupted, as opposed to the job failing.
func isInterruption(err error) bool {
	var timeout *waiter.TimeoutError
	var interrupted *waiter.InterruptedError
	return errors.As(err, &timeout) || errors.As(err, &interrupted) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || client.IsCanceled(err)
}

// jobDeleter is the generic delete sequence: wait out transitional statuses,
// stop when the job allows it, isolate, destroy, waiting at each step. Not
// found at any step is success.
type jobDeleter struct {
	Noun     string
	Describe describeFunc
	// Statuses without a stop option that the delete waits out first.
	WaitOut []string
	// All job statuses, for building wait sets, and the transitional ones.
	AllStatuses, Transitional []string
	// The status of a stopped job, and the verb in Allowed that permits stopping.
	Stopped  string
	StopVerb string
	Stop     func(context.Context) error
	// Billing statuses.
	AllTrade                      []string
	TradeIsolated, TradeIsolating string
	// Billing statuses that resolve on their own (resizing, reversing): the
	// delete waits them out before isolating.
	TradeWaitOut     []string
	TradeGone        []string // offlining, offlined
	Isolate, Destroy func(context.Context) error
	// Whether an isolated job needs Destroy (billed) — asked after isolation.
}

func (d *providerData) deleteJob(ctx context.Context, j jobDeleter, timeout time.Duration) error {
	remaining := d.budget(timeout)
	gone := func(err error) bool { return client.IsNotFound(err) }

	v, err := j.Describe(ctx)
	if gone(err) || (err == nil && v == nil) {
		return nil
	}
	if err != nil {
		return err
	}
	if slices.Contains(j.TradeGone, v.TradeStatus) {
		_, err := d.waitJob(ctx, j.Describe, jobWait{Operation: "the " + j.Noun + " to be deleted", Key: byTradeStatus,
			Pending: except(j.AllTrade, j.TradeGone[len(j.TradeGone)-1]), Target: j.TradeGone[len(j.TradeGone)-1:], TargetGone: true}, remaining())
		return ignoreGone(err)
	}

	if v.TradeStatus != j.TradeIsolated {
		// 1. Wait out statuses in which the job can be neither stopped nor isolated.
		if slices.Contains(j.WaitOut, v.Status) {
			v, err = d.waitJob(ctx, j.Describe, jobWait{Operation: "the " + j.Noun + " to leave " + v.Status + " before deletion",
				Pending: j.WaitOut, Target: except(j.AllStatuses, j.WaitOut...), TargetGone: true}, remaining())
			if err != nil || v == nil {
				return ignoreGone(err)
			}
		}
		// 2. Stop.
		if v.allows(j.StopVerb) && v.Status != j.Stopped {
			if err := j.Stop(ctx); err != nil && !gone(err) {
				return err
			}
			// Until the job leaves its status and the transitional ones:
			// normally canceled, but a job may also end in failure.
			pending := append(except(j.Transitional, j.Stopped), v.Status)
			v, err = d.waitJob(ctx, j.Describe, jobWait{Operation: "the " + j.Noun + " to stop",
				Pending: pending, Target: except(j.AllStatuses, pending...), TargetGone: true}, remaining())
			if err != nil || v == nil {
				return ignoreGone(err)
			}
		}
		// 3. Isolate: a billed job goes to isolated, an unbilled one is deleted here.
		if slices.Contains(j.TradeWaitOut, v.TradeStatus) {
			v, err = d.waitJob(ctx, j.Describe, jobWait{Operation: "the " + j.Noun + " to leave billing status " + v.TradeStatus + " before isolation",
				Key: byTradeStatus, Pending: j.TradeWaitOut, Target: except(j.AllTrade, j.TradeWaitOut...), TargetGone: true}, remaining())
			if err != nil || v == nil {
				return ignoreGone(err)
			}
		}
		if v.TradeStatus != j.TradeIsolating && v.TradeStatus != j.TradeIsolated {
			if err := j.Isolate(ctx); err != nil && !gone(err) {
				return err
			}
		}
		v, err = d.waitJob(ctx, j.Describe, jobWait{Operation: "the " + j.Noun + " to be isolated", Key: byTradeStatus,
			Pending: except(j.AllTrade, append([]string{j.TradeIsolated}, j.TradeGone...)...), Target: append([]string{j.TradeIsolated}, j.TradeGone...),
			TargetGone: true}, remaining())
		if err != nil || v == nil {
			return ignoreGone(err)
		}
	}
	// 4. Destroy the isolated job.
	if v.TradeStatus == j.TradeIsolated {
		if err := j.Destroy(ctx); err != nil && !gone(err) {
			return err
		}
	}
	_, err = d.waitJob(ctx, j.Describe, jobWait{Operation: "the " + j.Noun + " to be deleted", Key: byTradeStatus,
		Pending: except(j.AllTrade, j.TradeGone[len(j.TradeGone)-1]), Target: j.TradeGone[len(j.TradeGone)-1:], TargetGone: true}, remaining())
	return ignoreGone(err)
}

func ignoreGone(err error) error {
	if client.IsNotFound(err) {
		return nil
	}
	return err
}
