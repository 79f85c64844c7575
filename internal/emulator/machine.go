package emulator

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// The state-machine engine. A job kind (migration today; sync and
// subscription jobs later) describes its behavior as DATA — a table of
// statuses, a table of automatic transitions and a table of operations — and
// the engine evaluates it lazily, whenever a job is touched, against the job
// clock. Nothing runs in the background.
//
// A job has two independent machines: the job status (fieldStatus) and the
// billing status (fieldTrade); a kind may add a third, the sub-status
// (fieldSub: a sync job's OptObjStatus, the state of an object
// modification). Each keeps its value and the job-clock time it was
// entered.
//
// Progression modes (see Mode):
//   - time: an automatic transition fires once its duration has elapsed on the
//     job clock since its source status was entered. In realtime mode the
//     duration is scaled by Options.TimeScale; in step and manual mode the
//     job clock moves only through Advance, so time-based firing happens
//     only then. Several transitions may fire in one evaluation, in
//     chronological order across both machines, each stamped with the exact
//     time it fired. With jitter (pace.go) each job's durations vary around
//     the nominal ones, its steps have different lengths and its progress
//     within a step is not linear.
//   - step: in step mode every read of a job (Describe) moves it exactly one
//     step after the read is answered: one progress step of its current
//     status, or one automatic transition. Timeout rows are never taken by a
//     read.
//
// A held job (machine.hold) is frozen: no automatic transition, no progress,
// whatever the clock says; operations still apply. Releasing it shifts the
// times its statuses were entered by the time it was held, so it continues
// where it stopped.
//
// A job may also stick in one status (machine.stick, the Outcome's StickIn):
// no automatic transition leaves that status and its last progress step
// never finishes, while operations and the other machine go on.
//
// Statuses with progress steps (a check, a migration) fire their automatic
// transitions when the last step completes; their duration is the sum of the
// steps'. Progress is remembered per status, so a paused migration resumes
// at the step it had reached. The last step of a status may be endless (a
// sync job's incremental step): it starts when the steps before it are done
// and never finishes; the status's automatic transitions fire when it
// starts.

// field names one of a job's two machines.
type field int

const (
	fieldStatus field = iota // the job status, e.g. JobItem.Status
	fieldTrade               // the billing status, e.g. TradeInfo.TradeStatus
	fieldSub                 // an optional third machine, e.g. SyncJobInfo.OptObjStatus
)

// fields are the machines of a job, in the order step mode moves them.
var fields = []field{fieldStatus, fieldTrade, fieldSub}

func (f field) String() string {
	switch f {
	case fieldTrade:
		return "trade status"
	case fieldSub:
		return "sub-status"
	}
	return "status"
}

// lifecycle is the part of a job the engine drives; job kinds embed it.
type lifecycle struct {
	Status      string
	StatusSince time.Time
	Trade       string
	TradeSince  time.Time
	// Sub is the third machine's status ("" for kinds without one).
	Sub      string    `json:",omitempty"`
	SubSince time.Time `json:",omitzero"`
	// Progress of the statuses that have steps, keyed by status.
	Progress map[string]*progress `json:",omitempty"`
	// HeldSince is when the job was held (HoldJob): a held job takes no
	// automatic transition and makes no progress until it is released.
	HeldSince time.Time `json:",omitzero"`
	// Pace is how the job's durations vary (pace.go); nil: they do not.
	Pace *pace `json:",omitempty"`
}

func (l *lifecycle) held() bool { return !l.HeldSince.IsZero() }

func (l *lifecycle) get(f field) (string, time.Time) {
	switch f {
	case fieldTrade:
		return l.Trade, l.TradeSince
	case fieldSub:
		return l.Sub, l.SubSince
	}
	return l.Status, l.StatusSince
}

func (l *lifecycle) set(f field, v string, at time.Time) {
	switch f {
	case fieldTrade:
		l.Trade, l.TradeSince = v, at
	case fieldSub:
		l.Sub, l.SubSince = v, at
	default:
		l.Status, l.StatusSince = v, at
	}
}

// progress is how far a stepped status has got.
type progress struct {
	// Done is the number of completed steps.
	Done int
	// Partial is the nominal (unscaled) work already done on step Done when
	// the status was last entered.
	Partial time.Duration
	// Steps records when each step started and finished.
	Steps []stepRecord
}

type stepRecord struct {
	Start  time.Time `json:",omitzero"`
	Finish time.Time `json:",omitzero"`
}

func (p *progress) clone() *progress {
	c := *p
	c.Steps = slices.Clone(p.Steps)
	return &c
}

// stepDef is one progress step of a status.
type stepDef struct {
	ID       string
	Name     string
	Duration time.Duration // nominal
	// Endless marks a last step that never finishes (Duration is ignored).
	Endless bool
}

// statusDef describes one value of one machine.
type statusDef[J any] struct {
	Name  string
	Field field
	// Transitional statuses are passed through on the way to another one.
	Transitional bool
	// Steps are the progress steps shown while the job is in this status;
	// nil for statuses without progress.
	Steps func(j *J) []stepDef
	// OnEnter runs whenever the job enters the status: by an automatic
	// transition, an operation or a forced status.
	OnEnter func(t *txn[J])
	// Doc is a one-line description for the documentation.
	Doc string
}

// autoRow is an automatic transition.
type autoRow[J any] struct {
	Field field
	From  string
	// To is the status entered; "" when Remove is set.
	To string
	// After is the nominal duration in From before the transition fires. It
	// is ignored when From has progress steps: then the transition fires when
	// the last step completes.
	After time.Duration
	// AfterFn, when set, computes the duration instead of After. The job's
	// pace (pace.go) varies After, and AfterFn's result only when it is
	// After: anything else is the wait for a set time.
	AfterFn func(j *J, since time.Time) time.Duration
	// When restricts the row to some jobs; nil means always. The first
	// matching row of a status is the one that fires.
	When func(j *J) bool
	// Timeout marks a timer rather than a step of work (an expiry, an
	// automatic retry window): time-based modes apply it, a read in step
	// mode never takes it.
	Timeout bool
	// Remove deletes the job when the row fires.
	Remove bool
	// Effect runs after the new status is entered.
	Effect func(t *txn[J])
	// Doc explains the row in the documentation.
	Doc string
}

// opRow is what an operation (an API action on one job) may do. Several rows
// may share an action; the first row whose preconditions hold applies.
type opRow[J any] struct {
	Action string
	// Verb is the word the row contributes to Action.AllowedAction while its
	// preconditions hold; "" for operations the API has no verb for.
	Verb string
	// From lists the job statuses the operation is allowed in; nil = any.
	From []string
	// TradeFrom lists the billing statuses it is allowed in; nil = any.
	TradeFrom []string
	// Guard is a further precondition; it returns the error to answer when
	// it does not hold.
	Guard func(j *J) *apiError
	// To and ToTrade are the statuses entered; "" leaves one unchanged.
	To      string
	ToTrade string
	// Remove deletes the job (for example isolating a job that is not billed).
	Remove bool
	// Effect runs after the statuses are entered.
	Effect func(t *txn[J])
	// Denied is the error code answered when the status or billing status
	// does not allow the operation; "" means FailedOperation.StatusInConflict.
	Denied string
	// Doc explains the row in the documentation.
	Doc string
}

// txn is the context of one change to one job, handed to OnEnter and Effect
// hooks.
type txn[J any] struct {
	m     *machine[J]
	Job   *J
	At    time.Time
	From  string  // the status left (of the machine being changed)
	scale float64 // the job clock's time scale
}

// enter moves machine f of the job to status at t.At, running OnEnter.
func (t *txn[J]) enter(f field, status string) {
	t.m.enter(t.Job, f, status, t.At, t.scale)
}

// resetProgress starts the progress of a stepped status afresh at t.At.
func (t *txn[J]) resetProgress(status string) {
	t.m.resetProgress(t.Job, status, t.At)
}

// machine is the complete description of one job kind.
type machine[J any] struct {
	Kind     string
	life     func(j *J) *lifecycle
	id       func(j *J) string
	statuses map[field]map[string]*statusDef[J]
	// order keeps the statuses in table order, for documentation.
	order []*statusDef[J]
	auto  []autoRow[J]
	ops   []opRow[J]
	// verbs is the AllAction list: every verb, in the order AllowedAction
	// lists them. The first verb ("view") is always allowed.
	verbs []string
	// touch runs whenever either machine of a job changes (UpdateTime).
	touch func(j *J, at time.Time)
	// stick, when set, names a status (of either machine) the job sticks in:
	// no automatic transition leaves it, and the last progress step of a
	// stepped status never finishes (a scripted transition that never
	// ends); "" for none.
	stick func(j *J) string
}

func newMachine[J any](kind string, life func(*J) *lifecycle, id func(*J) string, touch func(*J, time.Time),
	statuses []statusDef[J], auto []autoRow[J], ops []opRow[J], verbs []string,
) *machine[J] {
	m := &machine[J]{
		Kind: kind, life: life, id: id, touch: touch,
		statuses: map[field]map[string]*statusDef[J]{fieldStatus: {}, fieldTrade: {}, fieldSub: {}},
		auto:     auto, ops: ops, verbs: verbs,
	}
	for i := range statuses {
		s := &statuses[i]
		m.statuses[s.Field][s.Name] = s
		m.order = append(m.order, s)
	}
	if err := m.check(); err != nil {
		panic("emulator: " + kind + " machine: " + err.Error())
	}
	return m
}

// check validates the tables at start-up, so that a typo in a row fails
// every test instead of one path.
func (m *machine[J]) check() error {
	known := func(f field, s string) bool { _, ok := m.statuses[f][s]; return ok }
	for _, r := range m.auto {
		if !known(r.Field, r.From) {
			return fmt.Errorf("automatic row from unknown %s %q", r.Field, r.From)
		}
		if r.Remove != (r.To == "") {
			return fmt.Errorf("automatic row from %q: To must be empty exactly when Remove is set", r.From)
		}
		if r.To != "" && !known(r.Field, r.To) {
			return fmt.Errorf("automatic row to unknown %s %q", r.Field, r.To)
		}
	}
	for _, r := range m.ops {
		for _, s := range r.From {
			if !known(fieldStatus, s) {
				return fmt.Errorf("operation %s allowed from unknown status %q", r.Action, s)
			}
		}
		for _, s := range r.TradeFrom {
			if !known(fieldTrade, s) {
				return fmt.Errorf("operation %s allowed from unknown trade status %q", r.Action, s)
			}
		}
		if r.To != "" && !known(fieldStatus, r.To) {
			return fmt.Errorf("operation %s enters unknown status %q", r.Action, r.To)
		}
		if r.ToTrade != "" && !known(fieldTrade, r.ToTrade) {
			return fmt.Errorf("operation %s enters unknown trade status %q", r.Action, r.ToTrade)
		}
		if r.Verb != "" && !slices.Contains(m.verbs, r.Verb) {
			return fmt.Errorf("operation %s has verb %q missing from the verb list", r.Action, r.Verb)
		}
	}
	return nil
}

func (m *machine[J]) status(f field, name string) *statusDef[J] { return m.statuses[f][name] }

func (m *machine[J]) steps(j *J, status string) []stepDef {
	if d := m.status(fieldStatus, status); d != nil && d.Steps != nil {
		return d.Steps(j)
	}
	return nil
}

// enter sets machine f to status at time at and runs the status's OnEnter.
// The progress of the status left is stored first; a stepped status entered
// for the first time starts at its first step.
func (m *machine[J]) enter(j *J, f field, status string, at time.Time, scale float64) {
	l := m.life(j)
	from, _ := l.get(f)
	if f == fieldStatus {
		m.foldProgress(j, at, scale)
	}
	l.set(f, status, at)
	if m.touch != nil {
		m.touch(j, at)
	}
	if f == fieldStatus && m.steps(j, status) != nil && l.Progress[status] == nil {
		m.resetProgress(j, status, at)
	}
	if d := m.status(f, status); d != nil && d.OnEnter != nil {
		d.OnEnter(&txn[J]{m: m, Job: j, At: at, From: from, scale: scale})
	}
}

// stuck reports whether machine f of the job sits in the status it sticks in.
func (m *machine[J]) stuck(j *J, f field) bool {
	if m.stick == nil {
		return false
	}
	s := m.stick(j)
	cur, _ := m.life(j).get(f)
	return s != "" && s == cur
}

// keepLastStepRunning undoes the completion of the last step of a status
// the job sticks in: it runs, at 99%, for ever.
func keepLastStepRunning(p *progress, steps []stepDef) {
	if n := len(steps); n > 0 && p.Done >= n {
		p.Done = n - 1
		p.Steps[n-1].Finish = time.Time{}
		p.Partial = steps[n-1].Duration * 99 / 100
	}
}

// resetProgress starts the progress of a stepped status from its first step.
func (m *machine[J]) resetProgress(j *J, status string, at time.Time) {
	l := m.life(j)
	if l.Progress == nil {
		l.Progress = map[string]*progress{}
	}
	p := &progress{Steps: make([]stepRecord, len(m.steps(j, status)))}
	if len(p.Steps) > 0 {
		p.Steps[0].Start = at
	}
	l.Progress[status] = p
}

// progressAt computes, without changing the job, the progress of the current
// status at time now.
func (m *machine[J]) progressAt(j *J, now time.Time, scale float64) *progress {
	l := m.life(j)
	p := l.Progress[l.Status]
	if p == nil {
		return nil
	}
	c := p.clone()
	steps := m.steps(j, l.Status)
	advanceProgress(c, steps, l.Pace.paces(fieldStatus, l.Status, steps, scale), l.StatusSince, m.effective(j, now))
	if m.stuck(j, fieldStatus) {
		keepLastStepRunning(c, steps)
	}
	return c
}

// effective is the time up to which a job's current status has run at t: t
// itself, or the moment it was held (not before the status was entered).
func (m *machine[J]) effective(j *J, t time.Time) time.Time { return m.effectiveIn(j, fieldStatus, t) }

// effectiveIn is effective for the current status of machine f.
func (m *machine[J]) effectiveIn(j *J, f field, t time.Time) time.Time {
	l := m.life(j)
	if !l.held() {
		return t
	}
	_, since := l.get(f)
	e := l.HeldSince
	if e.Before(since) {
		e = since
	}
	if t.Before(e) {
		return t
	}
	return e
}

// hold freezes (hold true) or releases the job at now. Releasing shifts the
// time each machine entered its status by the time spent held in it, so that
// durations and progress continue where they stopped. It reports whether
// anything changed.
func (m *machine[J]) hold(j *J, hold bool, now time.Time) bool {
	l := m.life(j)
	switch {
	case hold && !l.held():
		l.HeldSince = now
		return true
	case !hold && l.held():
		shift := func(since time.Time) time.Time {
			from := l.HeldSince
			if from.Before(since) {
				from = since
			}
			if now.After(from) {
				return since.Add(now.Sub(from))
			}
			return since
		}
		l.StatusSince = shift(l.StatusSince)
		l.TradeSince = shift(l.TradeSince)
		if !l.SubSince.IsZero() {
			l.SubSince = shift(l.SubSince)
		}
		l.HeldSince = time.Time{}
		return true
	}
	return false
}

// foldProgress stores the progress the current status has made up to at.
// It is called before the status changes.
func (m *machine[J]) foldProgress(j *J, at time.Time, scale float64) {
	l := m.life(j)
	if p := l.Progress[l.Status]; p != nil {
		steps := m.steps(j, l.Status)
		advanceProgress(p, steps, l.Pace.paces(fieldStatus, l.Status, steps, scale), l.StatusSince, m.effective(j, at))
		if m.stuck(j, fieldStatus) {
			keepLastStepRunning(p, steps)
		}
	}
}

// advanceProgress moves p forward by the time between since and at; paces
// are the steps' (pace.paces).
func advanceProgress(p *progress, steps []stepDef, paces []stepPace, since, at time.Time) {
	if len(p.Steps) < len(steps) {
		p.Steps = append(p.Steps, make([]stepRecord, len(steps)-len(p.Steps))...)
	}
	t0 := since
	for p.Done < len(steps) {
		if p.Steps[p.Done].Start.IsZero() {
			p.Steps[p.Done].Start = t0
		}
		if steps[p.Done].Endless {
			if at.After(t0) {
				p.Partial = paces[p.Done].after(p.Partial, at.Sub(t0))
			}
			return
		}
		finish := t0.Add(paces[p.Done].span(p.Partial))
		if finish.After(at) {
			if at.After(t0) {
				p.Partial = paces[p.Done].after(p.Partial, at.Sub(t0))
			}
			return
		}
		p.Steps[p.Done].Finish = finish
		p.Done++
		p.Partial = 0
		t0 = finish
	}
}

// completeProgress marks every remaining step of the current status done at at.
func (m *machine[J]) completeProgress(j *J, at time.Time) {
	l := m.life(j)
	p := l.Progress[l.Status]
	if p == nil {
		return
	}
	steps := m.steps(j, l.Status)
	if len(p.Steps) < len(steps) {
		p.Steps = append(p.Steps, make([]stepRecord, len(steps)-len(p.Steps))...)
	}
	for p.Done < len(steps) {
		if p.Steps[p.Done].Start.IsZero() {
			p.Steps[p.Done].Start = at
		}
		if steps[p.Done].Endless {
			return
		}
		p.Steps[p.Done].Finish = at
		p.Done++
		p.Partial = 0
	}
	p.Partial = 0
}

// scaled is a nominal duration on the job clock at a time scale; unscaled
// the reverse. Both saturate at the limits of time.Duration instead of
// wrapping around (a timer of centuries at a large scale stays in the
// future).
func scaled(d time.Duration, scale float64) time.Duration {
	if scale == 1 {
		return d
	}
	return saturate(float64(d) * scale)
}

func unscaled(d time.Duration, scale float64) time.Duration {
	if scale == 1 {
		return d
	}
	return saturate(float64(d) / scale)
}

// saturate converts nanoseconds to a Duration, clamped to its range.
func saturate(ns float64) time.Duration {
	switch {
	case ns >= math.MaxInt64:
		return math.MaxInt64
	case ns <= math.MinInt64:
		return math.MinInt64
	}
	return time.Duration(ns)
}

// pending is the next automatic transition of one machine.
type pending[J any] struct {
	row *autoRow[J]
	at  time.Time
}

// next returns the automatic transition machine f would take next and when
// it fires; ok is false when the status is stable.
func (m *machine[J]) next(j *J, f field, scale float64, includeTimeouts bool) (pending[J], bool) {
	l := m.life(j)
	cur, since := l.get(f)
	if m.stuck(j, f) {
		return pending[J]{}, false
	}
	for i := range m.auto {
		r := &m.auto[i]
		if r.Field != f || r.From != cur || (r.Timeout && !includeTimeouts) {
			continue
		}
		if r.When != nil && !r.When(j) {
			continue
		}
		return pending[J]{row: r, at: since.Add(max(m.wait(j, f, r, since, scale), 0))}, true
	}
	return pending[J]{}, false
}

// wait is how long after since, on the job clock, row r of machine f's
// current status fires: the rest of the status's steps, or the row's
// duration. Jitter (the job's pace) varies both, but not a timer row nor a
// set time (an AfterFn that does not return the row's After).
func (m *machine[J]) wait(j *J, f field, r *autoRow[J], since time.Time, scale float64) time.Duration {
	l := m.life(j)
	if steps := m.steps(j, r.From); f == fieldStatus && steps != nil {
		p := l.Progress[r.From]
		done, partial := 0, time.Duration(0)
		if p != nil {
			done, partial = p.Done, p.Partial
		}
		paces := l.Pace.paces(f, r.From, steps, scale)
		var d time.Duration
		for k := done; k < len(steps) && !steps[k].Endless; k++ {
			if k == done {
				d += paces[k].span(min(partial, steps[k].Duration))
			} else {
				d += paces[k].span(0)
			}
		}
		return d
	}
	d := r.After
	if r.AfterFn != nil {
		d = r.AfterFn(j, since)
	}
	if r.Timeout || d != r.After {
		return scaled(d, scale)
	}
	return l.Pace.duration(f, r.From, d, scale)
}

// evolve applies, in chronological order, every automatic transition due by
// now. It reports whether anything changed and whether the job was removed.
func (m *machine[J]) evolve(j *J, now time.Time, scale float64) (changed, removed bool) {
	// A bound guards against a table that loops with zero durations.
	for range 1000 {
		if m.life(j).held() {
			return changed, false
		}
		// The earliest due transition of the machines; on a tie, the
		// first machine's.
		var p pending[J]
		found := false
		for _, f := range fields {
			if q, ok := m.next(j, f, scale, true); ok && (!found || q.at.Before(p.at)) {
				p, found = q, true
			}
		}
		if !found {
			return changed, false
		}
		if p.at.After(now) {
			return changed, false
		}
		changed = true
		if m.fire(j, p.row, p.at, scale) {
			return true, true
		}
	}
	return changed, false
}

// step moves the job one step, as a read does in step mode: the next
// progress step of its current status, or else the next automatic
// transition (job status first, then billing status, then sub-status). The caller has
// evolved the job to now first. It reports whether anything changed and
// whether the job was removed.
func (m *machine[J]) step(j *J, now time.Time, scale float64) (changed, removed bool) {
	l := m.life(j)
	if l.held() {
		return false, false
	}
	if steps := m.steps(j, l.Status); len(steps) > 0 {
		if l.Progress[l.Status] == nil {
			m.resetProgress(j, l.Status, l.StatusSince)
		}
		m.foldProgress(j, now, scale)
		p := l.Progress[l.Status]
		if p.Done < len(steps)-1 {
			if p.Steps[p.Done].Start.IsZero() {
				p.Steps[p.Done].Start = now
			}
			p.Steps[p.Done].Finish = now
			p.Done++
			p.Partial = 0
			p.Steps[p.Done].Start = now
			l.StatusSince = now
			if m.touch != nil {
				m.touch(j, now)
			}
			return true, false
		}
	}
	for _, f := range fields {
		if p, ok := m.next(j, f, scale, false); ok {
			return true, m.fire(j, p.row, now, scale)
		}
	}
	return false, false
}

// fire applies an automatic row at time at; it reports whether the job was
// removed.
func (m *machine[J]) fire(j *J, r *autoRow[J], at time.Time, scale float64) bool {
	if r.Field == fieldStatus {
		// The steps done by then keep the times they ran at; what is left
		// completes now.
		m.foldProgress(j, at, scale)
		m.completeProgress(j, at)
	}
	if r.Remove {
		return true
	}
	from, _ := m.life(j).get(r.Field)
	m.enter(j, r.Field, r.To, at, scale)
	if r.Effect != nil {
		r.Effect(&txn[J]{m: m, Job: j, At: at, From: from, scale: scale})
	}
	return false
}

// statusAllows reports whether the job's statuses are among the row's.
func (m *machine[J]) statusAllows(j *J, r *opRow[J]) bool {
	l := m.life(j)
	return (r.From == nil || slices.Contains(r.From, l.Status)) && (r.TradeFrom == nil || slices.Contains(r.TradeFrom, l.Trade))
}

// applicable reports whether row r allows the operation on j now, and the
// error to answer when it does not.
func (m *machine[J]) applicable(j *J, r *opRow[J]) *apiError {
	l := m.life(j)
	if !m.statusAllows(j, r) {
		code := r.Denied
		if code == "" {
			code = codeStatusInConflict
		}
		where := fmt.Sprintf("in status %q", l.Status)
		if l.Trade != "" {
			where += fmt.Sprintf(" with trade status %q", l.Trade)
		}
		return errf(code, "%s is not allowed for %s job %s %s.", r.Action, m.Kind, m.id(j), where)
	}
	if r.Guard != nil {
		return r.Guard(j)
	}
	return nil
}

// operate applies operation action to j at time at: the first row whose
// preconditions hold wins; when none does, the first row's error is
// answered. prepare, when not nil, runs after the preconditions are checked
// and before any status changes: handlers validate the parameters that
// depend on the job and store them there. An error from prepare is answered
// and nothing changes (prepare must not change the job before it returns an
// error). It reports whether the job was removed.
func (m *machine[J]) operate(j *J, action string, at time.Time, scale float64, prepare func(j *J) *apiError) (removed bool, err *apiError) {
	var first *apiError
	for i := range m.ops {
		r := &m.ops[i]
		if r.Action != action {
			continue
		}
		if e := m.applicable(j, r); e != nil {
			if first == nil {
				first = e
			}
			continue
		}
		if prepare != nil {
			if err := prepare(j); err != nil {
				return false, err
			}
		}
		if r.Remove {
			return true, nil
		}
		l := m.life(j)
		from := l.Status
		if r.To != "" {
			m.enter(j, fieldStatus, r.To, at, scale)
		}
		if r.ToTrade != "" {
			m.enter(j, fieldTrade, r.ToTrade, at, scale)
		}
		if r.Effect != nil {
			r.Effect(&txn[J]{m: m, Job: j, At: at, From: from, scale: scale})
		}
		return false, nil
	}
	if first == nil {
		return false, errf(codeUnsupportedOperation, "The emulator has no rule for %s.", action)
	}
	return false, first
}

// allowed lists the verbs allowed now, in AllAction order; the first verb
// (view) is always allowed.
func (m *machine[J]) allowed(j *J) []string {
	out := []string{m.verbs[0]}
	for _, v := range m.verbs[1:] {
		for i := range m.ops {
			r := &m.ops[i]
			if r.Verb == v && m.statusAllows(j, r) && (r.Guard == nil || r.Guard(j) == nil) {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// force puts the job into status and/or trade status ("" leaves one
// unchanged) at time at, running OnEnter as any transition does.
func (m *machine[J]) force(j *J, status, trade string, at time.Time, scale float64) error {
	if status != "" && m.status(fieldStatus, status) == nil {
		return fmt.Errorf("emulator: unknown %s status %q (known: %s)", m.Kind, status, strings.Join(m.names(fieldStatus), ", "))
	}
	if trade != "" && m.status(fieldTrade, trade) == nil {
		return fmt.Errorf("emulator: unknown %s trade status %q (known: %s)", m.Kind, trade, strings.Join(m.names(fieldTrade), ", "))
	}
	if status != "" {
		m.enter(j, fieldStatus, status, at, scale)
	}
	if trade != "" {
		m.enter(j, fieldTrade, trade, at, scale)
	}
	return nil
}

// rescale keeps a job where it is at now when the time scale changes from
// `from` to `to`: the time each machine has spent in its status is
// stretched so that the nominal work done, and the nominal time left, stay
// the same. A held job is kept as it was when it was held.
func (m *machine[J]) rescale(j *J, now time.Time, from, to float64) {
	l := m.life(j)
	ref := now
	if l.held() && l.HeldSince.Before(ref) {
		ref = l.HeldSince
	}
	stretch := func(since time.Time) time.Time {
		if !since.Before(ref) {
			return since
		}
		return ref.Add(-saturate(float64(ref.Sub(since)) * to / from))
	}
	l.StatusSince = stretch(l.StatusSince)
	l.TradeSince = stretch(l.TradeSince)
	if !l.SubSince.IsZero() {
		l.SubSince = stretch(l.SubSince)
	}
}

// validate checks a job read from a state file: both machines in one of
// their statuses (a job in a status the table does not know could never
// leave it), progress kept only for stepped statuses.
func (m *machine[J]) validate(j *J) error {
	l := m.life(j)
	for _, f := range fields {
		cur, _ := l.get(f)
		if cur == "" && len(m.names(f)) == 0 {
			continue // a kind without this machine (compare tasks have no billing)
		}
		if m.status(f, cur) == nil {
			return fmt.Errorf("unknown %s %q (known: %s)", f, cur, strings.Join(m.names(f), ", "))
		}
	}
	for status, p := range l.Progress {
		if p == nil || m.status(fieldStatus, status) == nil || m.steps(j, status) == nil {
			return fmt.Errorf("progress of %q, which is not a status with steps", status)
		}
	}
	return nil
}

// names lists the statuses of machine f in table order.
func (m *machine[J]) names(f field) []string {
	var out []string
	for _, s := range m.order {
		if s.Field == f {
			out = append(out, s.Name)
		}
	}
	return out
}
