package jobkit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
)

// Transition is one row of a kind's drive table: in one of the job statuses
// From, to reach one of the stages Desired (nil: any), do Op. The first row
// whose From, Desired and When match is taken; the shared loop (Drive.Run)
// then waits until the job settles and looks again. The table is the model
// of the emulator's operation rows, read from the other side.
type Transition[T any] struct {
	From    []string
	Desired []string
	// When further restricts the row (the job allows a verb); nil: always.
	When func(v *View[T]) bool
	// Op names what the row does, for logs and errors: "start", "pause".
	Op string
	// Call makes the API call. Nil with Until set: the row only waits.
	Call func(ctx context.Context, v *View[T]) error
	// Until, when set, is the wait after the call instead of "until the job
	// settles".
	Until *Wait
	// Self marks a Call that waits on its own (configure and check): the
	// loop reads the job again afterwards.
	Self bool
	// Once: the row runs at most once per drive; the second time the drive
	// fails with the reason Once returns.
	Once func(v *View[T]) string
	// Refuse, when set, makes the row a refusal: the stage cannot be reached
	// from this status, for the reason it returns.
	Refuse func(v *View[T]) string
	// Accepted is called once the call was accepted (a start: from then on
	// failures must not taint the job).
	Accepted func()
}

// Reason returns a fixed reason for Refuse and Once.
func Reason[T any](why string) func(*View[T]) string {
	return func(*View[T]) string { return why }
}

// Drive takes a job from its status to a desired stage, an operation at a
// time, waiting in between.
type Drive[T any] struct {
	Job     *Job[T]
	Desired string
	// Satisfies reports whether the job's status satisfies the desired stage.
	Satisfies func(v *View[T]) bool
	// Satisfying lists the statuses that satisfy it (a wait ends there too).
	Satisfying []string
	Rows       []Transition[T]
	// Isolated reports a billing isolation, which Recover lifts first; nil:
	// the kind has none.
	Isolated func(v *View[T]) bool
	Recover  func(ctx context.Context, v *View[T], timeout time.Duration) (*View[T], error)
	// OnView runs on every settled view before the stage is checked (e.g.
	// apply a rate limit once the job runs); nil: nothing.
	OnView func(ctx context.Context, v *View[T]) error
}

// maxSteps bounds a drive: no legitimate path takes this many operations.
const maxSteps = 32

// Run drives the job within timeout and returns the last view.
func (d *Drive[T]) Run(ctx context.Context, timeout time.Duration) (*View[T], error) {
	ctx, remaining := d.Job.Env.Budget(ctx, timeout)
	r := &driveRun[T]{d: d, remaining: remaining, used: map[int]bool{}}
	v, err := d.Job.Describe(ctx)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("%s no longer exists", d.Job.Noun())
	}
	for range maxSteps {
		if v, err = r.step(ctx, v); err != nil || v == nil {
			return v, err
		}
		if r.done {
			return v, nil
		}
	}
	return v, r.refuse(v, "too many operations without reaching it")
}

type driveRun[T any] struct {
	d         *Drive[T]
	remaining func() time.Duration
	used      map[int]bool
	conflicts int
	done      bool
}

// step does one thing: recover, settle, stop at the goal, or take a row.
func (r *driveRun[T]) step(ctx context.Context, v *View[T]) (*View[T], error) {
	d, j := r.d, r.d.Job
	if d.Isolated != nil && d.Isolated(v) {
		return d.Recover(ctx, v, r.remaining())
	}
	if d.OnView != nil && !slices.Contains(j.Kind.Transitional, v.Status) {
		if err := d.OnView(ctx, v); err != nil {
			return v, err
		}
	}
	if d.Satisfies(v) {
		r.done = true
		return v, nil
	}
	if slices.Contains(j.Kind.Transitional, v.Status) {
		return j.WaitSettled(ctx, j.Noun()+" to leave "+v.Status, r.remaining(), d.Satisfying)
	}
	i := slices.IndexFunc(d.Rows, func(t Transition[T]) bool {
		return slices.Contains(t.From, v.Status) && (t.Desired == nil || slices.Contains(t.Desired, d.Desired)) &&
			(t.When == nil || t.When(v))
	})
	if i < 0 {
		return v, r.refuse(v, "the provider does not know this status")
	}
	row := &d.Rows[i]
	switch {
	case row.Refuse != nil:
		return v, r.refuse(v, row.Refuse(v))
	case row.Once != nil && r.used[i]:
		return v, r.refuse(v, row.Once(v))
	}
	r.used[i] = true
	return r.take(ctx, row, v)
}

// take makes a row's call and waits as the row says.
func (r *driveRun[T]) take(ctx context.Context, row *Transition[T], v *View[T]) (*View[T], error) {
	j := r.d.Job
	from := v.Status
	if row.Call != nil {
		if err := AfterLostReply(ctx, row.Call(ctx, v)); err != nil {
			// A wrong-status answer may mean that an earlier attempt of
			// this call, whose reply was lost, already took effect: read
			// the job again and let the table decide (a few times at most).
			if !client.IsWrongState(err) || r.conflicts >= 3 {
				return v, err
			}
			r.conflicts++
			tflog.Warn(ctx, "operation refused in the job's status; reading the job again",
				map[string]any{"job_id": j.ID, "operation": row.Op, "error": err.Error()})
			return r.reread(ctx, v)
		}
		if row.Accepted != nil {
			row.Accepted()
		}
		tflog.Info(ctx, j.Kind.Noun+" operation accepted", map[string]any{"job_id": j.ID, "operation": row.Op, "from": from})
	}
	switch {
	case row.Self:
		return r.reread(ctx, v)
	case row.Until != nil:
		w := *row.Until
		w.Operation = j.Noun() + " " + w.Operation
		w.Fresh = true
		return j.Wait(ctx, w, r.remaining())
	}
	return j.WaitSettled(ctx, j.Noun()+" to "+row.Op, r.remaining(), r.d.Satisfying, from)
}

func (r *driveRun[T]) reread(ctx context.Context, v *View[T]) (*View[T], error) {
	nv, err := r.d.Job.Describe(ctx)
	if err != nil {
		return v, err
	}
	if nv == nil {
		return nil, fmt.Errorf("%s no longer exists", r.d.Job.Noun())
	}
	return nv, nil
}

func (r *driveRun[T]) refuse(v *View[T], why string) error {
	return &TransitionError{Noun: r.d.Job.Kind.Noun, JobID: r.d.Job.ID, Desired: r.d.Desired, Status: v.Status, Why: why}
}

// TransitionError is a desired stage a job cannot reach from its status.
type TransitionError struct {
	Noun, JobID, Desired, Status, Why string
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("%s %s is %s and cannot reach state %q: %s", capitalized(e.Noun), e.JobID, e.Status, e.Desired, strings.TrimSpace(e.Why))
}

// Summary is the diagnostic's summary.
func (e *TransitionError) Summary() string { return "state " + e.Desired + " cannot be reached" }
