package jobkit

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// View is what the kit needs from one Describe read of a job of any kind,
// with the raw response for the kind itself.
type View[T any] struct {
	Status string
	// TradeStatus is the billing (or lifecycle) status; "" for kinds that
	// have none.
	TradeStatus string
	// Phase is a third status some kinds report beside the job and billing
	// status: sync's OptObjStatus (a change of the objects of a running
	// job); "" for kinds that have none.
	Phase string
	// Allowed are the operations the job's status allows (AllowedAction,
	// Actions), nil when the kind reports none.
	Allowed []string
	Message string // brief message and error details
	Step    string // current progress step
	// Percent is the progress of the work of the current status — a check,
	// a full load, an initial load — in percent, -1 when the status reports
	// none; StepNow and StepAll count that work's steps (from 1; 0 when
	// unknown). The waiter predicts the end of a wait from them.
	Percent          int64
	StepNow, StepAll int64
	Object           *T
}

// Allows reports whether the job allows verb now.
func (v *View[T]) Allows(verb string) bool { return v != nil && slices.Contains(v.Allowed, verb) }

// Kind describes one job kind to the kit.
type Kind[T any] struct {
	// Noun names a job of the kind in messages: "migration job".
	Noun string
	// Describe reads one job. A job that is gone is an error for which
	// client.IsNotFound is true, or a nil response.
	Describe func(ctx context.Context, env *Env, region, id string) (*T, error)
	// View extracts the view of a response.
	View func(*T) *View[T]
	// Gone reports a job that still answers but is gone for Terraform
	// (being destroyed or destroyed): Read removes it from the state; nil:
	// none.
	Gone func(*View[T]) bool
	// Statuses are all job statuses; Transitional those that resolve on
	// their own.
	Statuses, Transitional []string
	// TradeStatuses are all billing statuses.
	TradeStatuses []string
}

// Job binds one job of a kind to the environment and its region: every call
// for it goes there.
type Job[T any] struct {
	Env    *Env
	Kind   *Kind[T]
	Region string
	ID     string
}

// NewJob binds a job.
func NewJob[T any](env *Env, kind *Kind[T], region, id string) *Job[T] {
	return &Job[T]{Env: env, Kind: kind, Region: env.RegionOr(region), ID: id}
}

// Noun is "migration job dts-…".
func (j *Job[T]) Noun() string { return j.Kind.Noun + " " + j.ID }

// Describe reads the job; a gone job is (nil, nil).
func (j *Job[T]) Describe(ctx context.Context) (*View[T], error) {
	d, err := j.Kind.Describe(ctx, j.Env, j.Region, j.ID)
	if client.IsNotFound(err) || (err == nil && d == nil) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := j.Kind.View(d)
	v.Object = d
	return v, nil
}

// Read is Describe for a refresh: a job the kind counts as gone (being
// destroyed) is (nil, nil) too.
func (j *Job[T]) Read(ctx context.Context) (*View[T], error) {
	v, err := j.Describe(ctx)
	if v != nil && j.Kind.Gone != nil && j.Kind.Gone(v) {
		return nil, nil
	}
	return v, err
}

// Wait is one wait of a job lifecycle.
type Wait struct {
	Operation string
	// Trade waits on the billing status instead of the job status, Phase on
	// the phase.
	Trade, Phase      bool
	Pending, Target   []string
	Failure           []string
	PendingOthers     bool // every status outside Target and Failure is pending
	TargetGone        bool
	NotFoundTolerance int
	// Fresh: the wait follows the call that started the transition (which
	// the API answers once the job is in its transitional status) or a read
	// that found it under way, so the first read waits one interval
	// (waiter.Config.Fresh). Not after a call that may complete at once (a
	// sync job's purchase, an isolation that deletes a free job).
	Fresh bool
}

// Wait runs the one waiter over the job's Describe call. A gone job is
// (nil, nil) when w.TargetGone.
func (j *Job[T]) Wait(ctx context.Context, w Wait, timeout time.Duration) (*View[T], error) {
	res, err := waiter.Wait(ctx, waiter.Config{
		Operation:         w.Operation,
		Pending:           w.Pending,
		Target:            w.Target,
		Failure:           w.Failure,
		PendingOthers:     w.PendingOthers,
		TargetGone:        w.TargetGone,
		NotFoundTolerance: w.NotFoundTolerance,
		IsNotFound:        client.IsNotFound,
		Timeout:           timeout,
		Schedule:          j.Env.Poll,
		Clock:             j.Env.Clock,
		Fresh:             w.Fresh,
		Refresh: func(ctx context.Context) (*waiter.Result, error) {
			v, err := j.Describe(ctx)
			if err != nil || v == nil {
				return nil, err
			}
			r := &waiter.Result{Status: v.Status, Message: v.Message, Step: v.Step, Percent: v.Percent,
				StepNow: v.StepNow, StepAll: v.StepAll, Object: v}
			// The progress is the job status's work: a wait on another
			// status reports none.
			switch {
			case w.Trade:
				r.Status, r.Percent, r.StepNow, r.StepAll = v.TradeStatus, -1, 0, 0
			case w.Phase:
				r.Status, r.Percent, r.StepNow, r.StepAll = v.Phase, -1, 0, 0
			}
			return r, nil
		},
	})
	var view *View[T]
	if res != nil {
		view, _ = res.Object.(*View[T])
	}
	return view, err
}

// WaitSettled waits until the job leaves every transitional status (and
// those in extra), or reaches one of the satisfying statuses, whichever
// comes first. It follows a read that found the job in one of them, or the
// call that put it there (Wait.Fresh).
func (j *Job[T]) WaitSettled(ctx context.Context, op string, timeout time.Duration, satisfying []string, extra ...string) (*View[T], error) {
	var pending []string
	for _, s := range append(slices.Clone(j.Kind.Transitional), extra...) {
		if !slices.Contains(satisfying, s) && !slices.Contains(pending, s) {
			pending = append(pending, s)
		}
	}
	return j.Wait(ctx, Wait{Operation: op, Pending: pending, Target: Except(j.Kind.Statuses, pending...), Fresh: true}, timeout)
}

// Except returns all minus the given statuses.
func Except(all []string, minus ...string) []string {
	out := make([]string, 0, len(all))
	for _, s := range all {
		if !slices.Contains(minus, s) {
			out = append(out, s)
		}
	}
	return out
}

// IsInterruption reports whether a wait ended because time ran out or the
// user interrupted, as opposed to the job failing.
func IsInterruption(err error) bool {
	var timeout *waiter.TimeoutError
	var interrupted *waiter.InterruptedError
	return errors.As(err, &timeout) || errors.As(err, &interrupted) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || client.IsCanceled(err)
}

// capitalized is s with its first letter upper case.
func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// AfterLostReply is err, unless it is a refusal in the job's status that followed
// a lost reply: an earlier attempt of the same call may have been applied,
// and the refusal is then its effect. The wait that follows every operation
// verifies the outcome either way.
func AfterLostReply(ctx context.Context, err error) error {
	if err != nil && client.IsWrongState(err) && client.MayHaveApplied(err) {
		tflog.Info(ctx, "a refusal after a lost reply: the first attempt is taken as applied", map[string]any{"error": err.Error()})
		return nil
	}
	return err
}

// StepsPercent is the progress of work made of steps, from each step's own
// percentage (a done step 100, one not started 0): the steps count alike,
// so it is the steps done of the total, refined by the step under way. -1
// when there are no steps.
func StepsPercent(percents []int64) int64 {
	if len(percents) == 0 {
		return -1
	}
	var sum int64
	for _, p := range percents {
		sum += min(max(p, 0), 100)
	}
	return sum / int64(len(percents))
}
