package jobkit

import (
	"fmt"
	"strings"
)

// CheckStep is one step of a check (a precheck, a modify-check, a
// subscription check) that did not simply pass, as every kind reports it.
type CheckStep struct {
	ID, Name string
	// Status as the API spells it: failed, warning, blocked, …
	Status  string
	Skipped bool
	Message string
	// Items are details: what failed, why, the solution, help links.
	Items []string
}

// CheckFailure is a check that did not pass, with every failed or warning
// step.
type CheckFailure struct {
	// What was checked: "migration", "sync", "object modification".
	What  string
	JobID string
	Brief string
	Steps []CheckStep
	// Advice ends the message: what the user can do.
	Advice string
}

func (e *CheckFailure) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "The %s check of %s did not pass", e.What, e.JobID)
	if e.Brief != "" {
		fmt.Fprintf(&b, ": %s", strings.TrimRight(strings.TrimSpace(e.Brief), "."))
	}
	b.WriteString(".\n")
	for _, s := range e.Steps {
		fmt.Fprintf(&b, "\n- [%s] %s (%s)", s.Status, s.Name, s.ID)
		if s.Skipped {
			b.WriteString(" — skipped")
		}
		if m := strings.TrimSpace(s.Message); m != "" {
			fmt.Fprintf(&b, ": %s", m)
		}
		for _, item := range s.Items {
			if item = strings.TrimSpace(item); item != "" {
				fmt.Fprintf(&b, "\n    %s", item)
			}
		}
	}
	if e.Advice != "" {
		b.WriteString("\n\n" + e.Advice)
	}
	return b.String()
}

// Summary is the diagnostic's summary.
func (e *CheckFailure) Summary() string { return "the " + e.What + " check failed" }
