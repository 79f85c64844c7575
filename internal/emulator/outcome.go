package emulator

import (
	"fmt"
	"slices"
	"strings"
)

// Outcome scripts how a job's future automatic transitions end, so that
// tests and demos reach the failure paths without forcing a status. Every
// kind's job has one (jobBase); each kind's machine reads the members that
// apply to it.
type Outcome struct {
	// CheckFails makes every precheck of the job fail (for a migration job:
	// checkNotPass with the step DstEmptyCheck failed; for a sync job
	// likewise, and its modify-checks too), until that step is skipped or
	// the outcome is changed.
	CheckFails bool `json:",omitempty"`
	// RunEnds, when set, is the status the running phase ends in instead of
	// its normal end, once: one of the kind's RunEnds (for a migration job
	// error, failed, resumableErr or unknown; for a sync job ResumableErr,
	// Failed or Unknown, when its initial load is done).
	RunEnds string `json:",omitempty"`
	// StickIn, when set, is a status (of either machine) the job sticks in
	// whenever it is in it: no automatic transition leaves it, and the last
	// progress step of a stepped status runs for ever at 99%. Operations
	// still apply and may move the job out of it; the other machine goes on
	// (a job stuck in checking can be isolated and destroyed).
	StickIn string `json:",omitempty"`
	// ResumeFails makes every retry of the job fail: a retry goes through
	// its resuming status to failed instead of running, as the
	// documentation says a retry may ("otherwise, it will enter the 'Task
	// failed' status"), until the outcome is changed.
	ResumeFails bool `json:",omitempty"`
}

// Validate reports whether the outcome's values are ones the emulator
// knows for some registered kind: RunEnds one of a kind's RunEnds, StickIn
// a status of one of its machines.
func (o Outcome) Validate() error {
	var errs []string
	for _, k := range kinds {
		err := k.checkOutcome(o)
		if err == nil {
			return nil
		}
		errs = append(errs, err.Error())
	}
	return fmt.Errorf("emulator: invalid outcome: %s", strings.Join(errs, "; "))
}

// checkOutcome reports whether o fits the jobs of kind k.
func (k *kind) checkOutcome(o Outcome) error {
	if o.RunEnds != "" && !slices.Contains(k.RunEnds, o.RunEnds) {
		return fmt.Errorf("%s jobs: RunEnds must be one of %v, got %q", k.Name, k.RunEnds, o.RunEnds)
	}
	if o.StickIn != "" && !k.engine.knows(o.StickIn) {
		return fmt.Errorf("%s jobs: StickIn must be a job or billing status (%s), got %q", k.Name, k.engine.describe(), o.StickIn)
	}
	return nil
}
