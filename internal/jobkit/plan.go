package jobkit

import (
	"context"

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
	state := tfkit.AttrsOf(ctx, req.State)
	return Prior{ID: state.Str("id"), Status: state.Str("status"), Trade: state.Str(tradeAttr), Observed: state.Str("state"),
		Allowed: ReadMeta(ctx, req.Private).Allowed}
}
