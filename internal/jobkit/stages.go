package jobkit

import "slices"

// Stages is a kind's `state` attribute as data: the desired stages, the
// statuses that satisfy each, and the stage Read writes for a status that
// satisfies none — so that every kind reads its statuses through one loop.
type Stages struct {
	// Satisfy lists, per desired stage, the statuses that satisfy it.
	Satisfy map[string][]string
	// Timed are the statuses that also satisfy Default for a job whose run
	// mode is TimedMode (a timed job waiting for its start time).
	Timed     []string
	TimedMode string
	// Of maps a status that satisfies no desired stage, or a transitional
	// one, to the stage it is on the way to; other statuses are written raw.
	Of map[string]string
	// Default is the stage of a configuration without `state`: an import
	// reads it when the status satisfies it, so such a plan is empty.
	Default string
	// Transitional statuses keep the prior desired stage in a refresh.
	Transitional []string
	// Isolated is the billing status Read writes as the stage, whatever the
	// job's status (the plan then shows the recovery).
	Isolated string
}

// Satisfies reports whether status satisfies the desired stage.
func (s Stages) Satisfies(desired, status, runMode string) bool {
	if slices.Contains(s.Satisfy[desired], status) {
		return true
	}
	return desired == s.Default && runMode == s.TimedMode && slices.Contains(s.Timed, status)
}

// Satisfying lists the statuses of all that satisfy desired.
func (s Stages) Satisfying(desired, runMode string, all []string) []string {
	return slices.DeleteFunc(slices.Clone(all), func(st string) bool { return !s.Satisfies(desired, st, runMode) })
}

// Observed is the `state` Read writes: the billing isolation; the prior
// desired stage while the job is in transition or satisfies it; on import
// the default stage when it is satisfied; otherwise the stage the status is
// on the way to, or the raw status, so the plan shows the way back.
func (s Stages) Observed(prior, status, trade, runMode string) string {
	switch {
	case s.Isolated != "" && trade == s.Isolated:
		return trade
	case prior != "" && slices.Contains(s.Transitional, status):
		return prior
	case prior != "" && s.Satisfies(prior, status, runMode):
		return prior
	case prior == "" && s.Satisfies(s.Default, status, runMode):
		return s.Default
	}
	if stage, ok := s.Of[status]; ok {
		return stage
	}
	return status
}
