package jobkit

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Prior is what the state and the private state say about a job, for the
// plan-time rules of an update.
type Prior struct {
	ID, Status, Trade, Observed string
	// Allowed are the operations DTS allowed at the last read; nil: unknown.
	Allowed []string
}

// ReadPrior reads the job's ID, status, billing status (tradeAttr) and
// observed stage from the state, and its allowed operations from private
// state.
func ReadPrior(ctx context.Context, req resource.ModifyPlanRequest, tradeAttr string) Prior {
	return ReadPriorOf(ctx, req, "status", tradeAttr)
}

// ReadPriorOf is ReadPrior for a kind whose job status is not the attribute
// `status` (a subscription's is `subs_status`; its `status` is the
// lifecycle and billing status).
func ReadPriorOf(ctx context.Context, req resource.ModifyPlanRequest, statusAttr, tradeAttr string) Prior {
	state := tfkit.AttrsOf(ctx, req.State)
	return Prior{ID: state.Str("id"), Status: state.Str(statusAttr), Trade: state.Str(tradeAttr), Observed: state.Str("state"),
		Allowed: ReadMeta(ctx, req.Private).Allowed}
}

// AfterStart are the plan rules every job kind applies to a started job;
// the kind gives its vocabulary.
type AfterStart struct {
	Noun string
	// Frozen are attributes DTS takes only before the start: a change is a
	// plan-time error (expect_run_time compares instants).
	Frozen []string
	// Ended are the statuses of a job that no longer runs: a rate limit
	// change is refused there.
	Ended []string
	// InPlace reports whether a change at a path is made in place; the
	// others replace the job, for the reason Why gives.
	InPlace func(tfkit.Path) bool
	Why     string
}

// Rules checks the changes of a started job's plan, adding the replaced
// attributes to resp.RequiresReplace.
func (a AfterStart) Rules(plan, state tfkit.Attrs, p Prior, changes tfkit.Changes, resp *resource.ModifyPlanResponse) diag.Diagnostics {
	var diags diag.Diagnostics
	noun := capitalized(a.Noun)
	for _, name := range a.Frozen {
		if !changes.Any(name) || (name == "expect_run_time" && tfkit.TimeValue(plan.Str(name)).SameInstant(tfkit.TimeValue(state.Str(name)))) {
			continue
		}
		diags.AddAttributeError(path.Root(name), name+" cannot change after the start",
			fmt.Sprintf("%s %s has started (status %s), and DTS takes %s only before the start. Revert it to %q, or replace the job (terraform apply -replace).",
				noun, p.ID, p.Status, name, state.Str(name)))
	}
	if changes.Any("rate_limit") && slices.Contains(a.Ended, p.Status) {
		diags.AddAttributeError(path.Root("rate_limit"), "The job no longer runs",
			fmt.Sprintf("%s %s is %s; DTS changes the rate limit only while a job runs.", noun, p.ID, p.Status))
	}
	var replace tfkit.Changes
	for _, c := range changes {
		if !a.InPlace(c) {
			replace = append(replace, c)
		}
	}
	if len(replace) > 0 {
		for _, root := range replace.Roots() {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root(root))
		}
		diags.AddWarning(noun+" will be replaced",
			fmt.Sprintf("%s %s has started, and %s These changes need a new job: %s.", noun, p.ID, a.Why, strings.Join(replace.Strings(), ", ")))
	}
	return diags
}
