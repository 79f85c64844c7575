package emulator

import (
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"time"
)

// The generic job store: jobs of every kind, per region, and the four ways
// handlers touch them — find, operate, read (the step-mode step) and evolve
// (bring a job up to the job clock). Written once for every kind.

// jobStore holds the jobs by kind name, then region, then ID.
type jobStore map[string]map[string]map[string]job

// UnmarshalJSON decodes each job with the decoder of its kind.
func (s *jobStore) UnmarshalJSON(data []byte) error {
	var raw map[string]map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := jobStore{}
	for name, regions := range raw {
		k := kindNamed(name)
		if k == nil {
			return fmt.Errorf("unknown job kind %q", name)
		}
		if err := out.decodeKind(k, regions); err != nil {
			return err
		}
	}
	*s = out
	return nil
}

// decodeKind decodes the persisted jobs of kind k (region → ID → job) and
// checks that each is filed under its own region and ID.
func (s jobStore) decodeKind(k *kind, regions map[string]map[string]json.RawMessage) error {
	for region, jobs := range regions {
		for id, data := range jobs {
			j, err := k.decode(data)
			if err != nil {
				return fmt.Errorf("%s %s: %w", k.Noun, id, err)
			}
			if b := j.base(); b.JobID != id || b.Region != region {
				return fmt.Errorf("%s %s in region %s is inconsistent", k.Noun, id, region)
			}
			s.put(k, j)
		}
	}
	return nil
}

// validate checks every job read from a state file: statuses and progress
// its kind's machine knows, an Outcome that fits its kind, a parent of a
// parent kind for a child.
func (s jobStore) validate() error {
	for _, k := range kinds {
		for _, jobs := range s[k.Name] {
			for id, j := range jobs {
				if err := s.validJob(k, j); err != nil {
					return fmt.Errorf("%s %s: %w", k.Noun, id, err)
				}
			}
		}
	}
	return nil
}

func (s jobStore) validJob(k *kind, j job) error {
	if err := k.engine.validate(j); err != nil {
		return err
	}
	b := j.base()
	if err := k.checkOutcome(b.Outcome); err != nil {
		return err
	}
	if len(k.Parents) == 0 {
		return nil
	}
	for _, parent := range k.Parents {
		if p, ok := s[parent][b.Region][b.ParentID]; ok && p != nil {
			return nil
		}
	}
	return fmt.Errorf("its parent %q is not a job of %v in region %s", b.ParentID, k.Parents, b.Region)
}

// region returns the jobs of kind k in a region (nil when there are none).
func (s jobStore) region(k *kind, region string) map[string]job { return s[k.Name][region] }

// put files j under its kind, region and ID.
func (s jobStore) put(k *kind, j job) {
	b := j.base()
	if s[k.Name] == nil {
		s[k.Name] = map[string]map[string]job{}
	}
	if s[k.Name][b.Region] == nil {
		s[k.Name][b.Region] = map[string]job{}
	}
	s[k.Name][b.Region][b.JobID] = j
}

// remove deletes j and, recursively, the jobs of child kinds that belong to
// it; gone, when not nil, is told of each.
func (s jobStore) remove(k *kind, j job, gone func(*kind, job)) {
	b := j.base()
	delete(s[k.Name][b.Region], b.JobID)
	if gone != nil {
		gone(k, j)
	}
	for _, child := range kinds {
		if !child.childOf(k.Name) {
			continue
		}
		for _, c := range s.region(child, b.Region) {
			if c.base().ParentID == b.JobID {
				s.remove(child, c, gone)
			}
		}
	}
}

// lookup finds a job of any kind by region and ID.
func (s jobStore) lookup(region, id string) (*kind, job) {
	for _, k := range kinds {
		if j, ok := s.region(k, region)[id]; ok {
			return k, j
		}
	}
	return nil, nil
}

// taken reports whether any job of any kind, in any region, has the ID
// (IDs are unique across regions, as on the real cloud).
func (s jobStore) taken(id string) bool {
	for _, regions := range s {
		for _, jobs := range regions {
			if _, ok := jobs[id]; ok {
				return true
			}
		}
	}
	return false
}

// count is the number of jobs of every kind.
func (s jobStore) count() int {
	n := 0
	for _, regions := range s {
		for _, jobs := range regions {
			n += len(jobs)
		}
	}
	return n
}

// newJobID returns a fresh ID of kind k: IDPrefix-<IDLength characters>,
// after "<parent>-" for a child kind.
func (e *Emulator) newJobID(k *kind, parent string) string {
	prefix := k.IDPrefix + "-"
	if parent != "" {
		prefix = parent + "-" + prefix
	}
	for {
		id := prefix + e.randomString("job", base36, k.IDLength)
		if !e.st.Jobs.taken(id) {
			return id
		}
	}
}

// addJob files a new job of kind k, numbering it in creation order. Call
// with mu held.
func (e *Emulator) addJob(k *kind, j job) {
	e.st.JobSeq++
	j.base().Seq = e.st.JobSeq
	j.base().Pace = newPace(e.seed, j.base().JobID, e.jitter)
	e.st.Jobs.put(k, j)
	e.touch(k, j)
	e.dirty = true
}

// touch records that the current change may change j, so that the state
// file gets it if it did. Every job a handler or an administration method
// gets passes through evolve, which touches it. Call with mu held.
func (e *Emulator) touch(k *kind, j job) {
	if e.p != nil {
		e.p.touch(k, j)
	}
}

// removeJob deletes j and the jobs that belong to it. Call with mu held.
func (e *Emulator) removeJob(k *kind, j job) {
	e.st.Jobs.remove(k, j, e.touch)
	e.dirty = true
}

// evolve brings j up to now; it removes the job and returns false when the
// job disappeared. Call with mu held.
func (e *Emulator) evolve(k *kind, j job, now time.Time) bool {
	e.touch(k, j)
	changed, removed := k.engine.evolve(j, now, e.scale)
	if changed {
		e.dirty = true
	}
	if removed {
		e.removeJob(k, j)
		return false
	}
	return true
}

// evolveAllLocked brings every job of every kind up to now.
func (e *Emulator) evolveAllLocked(now time.Time) {
	for _, k := range kinds {
		for _, jobs := range e.st.Jobs[k.Name] {
			for _, j := range jobs {
				e.evolve(k, j, now)
			}
		}
	}
}

// jobs yields the jobs of kind k in the request's region, brought up to the
// job clock (those that disappeared are left out), in no order.
func (c *call) jobs(k *kind) iter.Seq[job] {
	return func(yield func(job) bool) {
		for _, j := range c.e.st.Jobs.region(k, c.Region) {
			if c.e.evolve(k, j, c.Now) && !yield(j) {
				return
			}
		}
	}
}

// find returns the job of kind k in the request's region, brought up to the
// job clock, or the action's not-found error.
func (c *call) find(k *kind, id string) (job, *apiError) {
	if j, ok := c.e.st.Jobs.region(k, c.Region)[id]; ok && c.e.evolve(k, j, c.Now) {
		return j, nil
	}
	return nil, errf(k.notFound(c.Action), "The %s %s does not exist in region %s.", k.Noun, id, c.Region)
}

// operate applies the request's action to job id of kind k through the
// kind's operation table. prepare, if not nil, runs once the preconditions
// hold and before the statuses change: handlers validate the parameters
// that depend on the job and store them there; an error it returns is
// answered and the job is left unchanged. The job's UpdateTime is set.
func (c *call) operate(k *kind, id string, prepare func(job) *apiError) *apiError {
	j, err := c.find(k, id)
	if err != nil {
		return err
	}
	removed, err := k.engine.operate(j, c.Action, c.Now, c.e.scale, prepare)
	if err != nil {
		return err
	}
	c.changed()
	if removed {
		c.e.removeJob(k, j)
		return nil
	}
	j.base().UpdateTime = c.Now
	return nil
}

// read records that a Describe call answered with j: in step mode the job
// moves one step.
func (c *call) read(k *kind, j job) {
	if c.e.mode != ModeStep {
		return
	}
	changed, removed := k.engine.step(j, c.Now, c.e.scale)
	if changed {
		c.changed()
	}
	if removed {
		c.e.removeJob(k, j)
	}
}

// findJob is find for a handler that knows the kind's job type.
func findJob[P job](c *call, k *kind, id string) (P, *apiError) {
	j, err := c.find(k, id)
	if err != nil {
		var zero P
		return zero, err
	}
	return j.(P), nil
}

// operateJob is operate for a handler that knows the kind's job type.
func operateJob[P job](c *call, k *kind, id string, prepare func(P) *apiError) *apiError {
	return c.operate(k, id, func(j job) *apiError { return prepare(j.(P)) })
}

// blankID reports an ID that is absent or only spaces.
func blankID(id *string) bool { return id == nil || strings.TrimSpace(*id) == "" }
