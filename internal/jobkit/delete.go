package jobkit

import (
	"context"
	"slices"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
)

// Deleter is a kind's delete sequence, each phase optional: wait out the
// statuses in which nothing can be done, stop, isolate, destroy — waiting at
// each step. A job that is gone at any step is deleted. Compare tasks have no
// isolation, consumer groups only a destroy.
type Deleter struct {
	// WaitOut are job statuses in which the job can be neither stopped nor
	// isolated: the delete waits them out first.
	WaitOut []string
	// Stop, when set, stops a job that is not yet Stopped and allows
	// StopVerb (its allowed actions) — or, for a kind whose API reports no
	// allowed actions, is in one of StopFrom; the delete then waits until
	// the job leaves its status and the transitional ones.
	Stop     func(context.Context) error
	StopVerb string
	StopFrom []string
	Stopped  string
	// Isolate, when set, isolates the job (billing status TradeIsolating →
	// TradeIsolated; a job that is not billed is gone at once). The
	// billing statuses in TradeWaitOut (a resize, a recovery) are waited
	// out first, with WaitOut, before the job is stopped.
	Isolate                       func(context.Context) error
	TradeIsolating, TradeIsolated string
	TradeWaitOut                  []string
	// Destroy deletes the job (an isolated one, when there is isolation);
	// the delete then waits until the job is gone, or in billing status
	// TradeDone (destroyed, about to disappear).
	Destroy   func(context.Context) error
	TradeDone string
}

// Delete runs the delete sequence within timeout.
func (j *Job[T]) Delete(ctx context.Context, d Deleter, timeout time.Duration) error {
	ctx, remaining := j.Env.Budget(ctx, timeout)
	v, err := j.Describe(ctx)
	if err != nil || v == nil {
		return err
	}
	if d.TradeDone != "" && (v.TradeStatus == d.TradeDone || j.Kind.Gone != nil && j.Kind.Gone(v)) {
		return j.waitDestroyed(ctx, d, remaining())
	}
	if d.Isolate == nil || v.TradeStatus != d.TradeIsolated {
		phases := []func(context.Context, Deleter, *View[T], time.Duration) (*View[T], error){j.waitOut, j.stop, j.isolate}
		for _, phase := range phases {
			if v, err = phase(ctx, d, v, remaining()); err != nil || v == nil {
				return ignoreGone(err)
			}
		}
	}
	if d.Destroy == nil {
		return nil
	}
	if d.Isolate == nil || v.TradeStatus == d.TradeIsolated {
		if err := AfterLostReply(ctx, d.Destroy(ctx)); err != nil && !client.IsNotFound(err) {
			return err
		}
	}
	return j.waitDestroyed(ctx, d, remaining())
}

// waitOut waits out the job statuses, then the billing statuses, in which
// the job can be neither stopped nor isolated.
func (j *Job[T]) waitOut(ctx context.Context, d Deleter, v *View[T], timeout time.Duration) (*View[T], error) {
	ctx, deadline := j.Env.Budget(ctx, timeout)
	var err error
	if slices.Contains(d.WaitOut, v.Status) {
		v, err = j.Wait(ctx, Wait{Operation: "the " + j.Noun() + " to leave " + v.Status + " before deletion",
			Pending: d.WaitOut, Target: Except(j.Kind.Statuses, d.WaitOut...), TargetGone: true}, deadline())
		if err != nil || v == nil {
			return v, err
		}
	}
	if slices.Contains(d.TradeWaitOut, v.TradeStatus) {
		v, err = j.Wait(ctx, Wait{Operation: "the " + j.Noun() + " to leave billing status " + v.TradeStatus + " before deletion",
			Trade: true, Pending: d.TradeWaitOut, Target: Except(j.Kind.TradeStatuses, d.TradeWaitOut...), TargetGone: true}, deadline())
	}
	return v, err
}

func (j *Job[T]) stop(ctx context.Context, d Deleter, v *View[T], timeout time.Duration) (*View[T], error) {
	stoppable := v.Allows(d.StopVerb) || slices.Contains(d.StopFrom, v.Status)
	if d.Stop == nil || v.Status == d.Stopped || !stoppable {
		return v, nil
	}
	if err := AfterLostReply(ctx, d.Stop(ctx)); err != nil {
		return v, err
	}
	// Until the job leaves its status and the transitional ones: normally
	// stopped, but a job may also end in failure.
	pending := append(Except(j.Kind.Transitional, d.Stopped), v.Status)
	return j.Wait(ctx, Wait{Operation: "the " + j.Noun() + " to stop",
		Pending: pending, Target: Except(j.Kind.Statuses, pending...), TargetGone: true, Fresh: true}, timeout)
}

func (j *Job[T]) isolate(ctx context.Context, d Deleter, v *View[T], timeout time.Duration) (*View[T], error) {
	if d.Isolate == nil {
		return v, nil
	}
	if v.TradeStatus != d.TradeIsolating && v.TradeStatus != d.TradeIsolated {
		if err := AfterLostReply(ctx, d.Isolate(ctx)); err != nil {
			return v, err
		}
	}
	done := []string{d.TradeIsolated}
	if d.TradeDone != "" {
		done = append(done, d.TradeDone)
	}
	return j.Wait(ctx, Wait{Operation: "the " + j.Noun() + " to be isolated", Trade: true,
		Pending: Except(j.Kind.TradeStatuses, done...), Target: done, TargetGone: true}, timeout)
}

// waitDestroyed waits until the job is gone (or in TradeDone).
func (j *Job[T]) waitDestroyed(ctx context.Context, d Deleter, timeout time.Duration) error {
	w := Wait{Operation: "the " + j.Noun() + " to be deleted", TargetGone: true, Pending: j.Kind.Statuses}
	if d.TradeDone != "" {
		w = Wait{Operation: w.Operation, TargetGone: true, Trade: true,
			Pending: Except(j.Kind.TradeStatuses, d.TradeDone), Target: []string{d.TradeDone}}
	}
	_, err := j.Wait(ctx, w, timeout)
	return ignoreGone(err)
}

func ignoreGone(err error) error {
	if client.IsNotFound(err) {
		return nil
	}
	return err
}
