package emulator

import (
	"time"
)

// A state file records the settings it was written with (stateMeta.Mode,
// TimeScale) and the job clock's last reading (Clock.Now). An emulator that
// opens it with other settings adopts the state as follows, and logs what
// the state file overrides:
//
//   - the seed is the state file's (identifiers continue its sequence);
//     another Options.Seed is ignored, with a warning;
//   - the job clock never goes back: it starts no earlier than the file's
//     last reading and the latest time any job changed. A realtime file
//     reopened in step or manual mode starts its virtual clock there; a
//     step or manual file reopened in realtime mode adds the offset that
//     keeps it there;
//   - another time scale keeps every job where it is: transitions due at
//     the old scale fire, then the time each job has spent in its statuses
//     is stretched to the new scale, so progress never moves backwards and
//     what is left takes the new scale.

// adoptState reconciles a loaded state with the emulator's settings. Call
// before the emulator serves, with the state set.
func (e *Emulator) adoptState(requestedSeed int64) {
	st := e.st
	if requestedSeed != 0 && requestedSeed != st.Seed {
		e.log.Warn("the state file keeps its own seed: the seed given is ignored",
			"state_file", e.stateFile, "seed", st.Seed, "ignored_seed", requestedSeed)
	}
	if st.Mode != "" && st.Mode != e.mode {
		e.log.Info("the state file was written in another mode: its job clock continues", "state_file", e.stateFile,
			"from_mode", st.Mode, "mode", e.mode)
	}
	e.keepClockMonotonic()
	if from := st.TimeScale; from != 0 && from != e.scale {
		e.rescaleJobs(from)
		e.log.Info("the state file was written at another time scale: its jobs keep their progress and continue at the new one",
			"state_file", e.stateFile, "from_time_scale", from, "time_scale", e.scale)
	}
	st.Mode, st.TimeScale = e.mode, e.scale
}

// keepClockMonotonic moves the job clock forward to the state's last
// reading when it would start before it.
func (e *Emulator) keepClockMonotonic() {
	last := e.st.lastReading()
	now := e.jobNow()
	if !now.Before(last) {
		return
	}
	if e.mode == ModeRealtime {
		e.st.Clock.Offset += last.Sub(now)
	} else {
		e.st.Clock.Virtual = last
	}
	e.log.Info("the job clock continues from the state file's last reading", "state_file", e.stateFile,
		"job_clock", last.Format(time.RFC3339))
}

// lastReading is the latest job-clock time the state shows: the clock's
// last reading, and when any job changed.
func (st *state) lastReading() time.Time {
	last := st.Clock.Now
	later := func(t time.Time) {
		if t.After(last) {
			last = t
		}
	}
	for _, k := range kinds {
		for _, jobs := range st.Jobs[k.Name] {
			for _, j := range jobs {
				b := j.base()
				later(b.CreateTime)
				later(b.UpdateTime)
				later(b.StatusSince)
				later(b.TradeSince)
				later(b.HeldSince)
			}
		}
	}
	return last
}

// rescaleJobs brings every job up to the job clock at the old time scale,
// then keeps it there at the new one.
func (e *Emulator) rescaleJobs(from float64) {
	to := e.scale
	now := e.jobNow()
	e.scale = from
	e.evolveAllLocked(now)
	e.scale = to
	for _, k := range kinds {
		for _, jobs := range e.st.Jobs[k.Name] {
			for _, j := range jobs {
				k.engine.rescale(j, now, from, to)
			}
		}
	}
}
