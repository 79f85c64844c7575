package jobkit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The steps every job resource's Create, Delete and ImportState take, with
// what differs between kinds passed in.

// Creation is one Create of a job resource.
type Creation[T any] struct {
	Job      *Job[T]
	Purchase Purchase
	// Hint adds hints to a failed purchase's diagnostic; nil: none.
	Hint func(error) []string
	// SaveID writes the state right after the purchase: the plan with the
	// ID and its unknown values null.
	SaveID func(id string) diag.Diagnostics
	// Build takes the bought job to its desired stage; started reports a
	// start DTS accepted.
	Build func(ctx context.Context) (started bool, err error)
	// Started reports a view of a started job (the start's reply was lost).
	Started func(*View[T]) bool
	// SaveApplied reads the job and writes the final state.
	SaveApplied func(ctx context.Context)
	Desired     string
}

// Run buys the job, writes its ID to the state at once — an interrupted or
// failed create leaves a tracked (tainted) job, never a billed orphan —,
// builds it, and reports a failure as CreateFailure does: an error before the
// start, a warning after it.
func (c *Creation[T]) Run(ctx context.Context, diags *diag.Diagnostics) {
	j := c.Job
	doing := "creating " + j.Kind.Noun
	id, err := j.Env.Buy(ctx, c.Purchase, diags)
	if err != nil {
		var hints []string
		if c.Hint != nil {
			hints = c.Hint(err)
		}
		diags.Append(tfkit.ErrorDiagnostic(doing, "", err, hints...))
		return
	}
	j.ID = id
	if diags.Append(c.SaveID(id)...); diags.HasError() {
		return
	}
	tflog.Info(ctx, j.Kind.Noun+" bought", map[string]any{"job_id": id, "region": j.Region})
	started, err := c.Build(ctx)
	if err != nil {
		status := ""
		if v, _ := j.Describe(context.WithoutCancel(ctx)); v != nil {
			status = v.Status
			started = started || c.Started(v)
		}
		diags.Append(CreateFailure(doing, j.Kind.Noun, id, err, started, status, c.Desired))
		if !started {
			return
		}
	}
	// Read the job once more even if the apply was interrupted.
	readCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	c.SaveApplied(readCtx)
}

// Abandon applies deletion_policy = "abandon": a started job is left in DTS
// with a warning (saying whether DTS bills it) and true is returned; a job
// that never started, or a gone one, is not abandoned (false): nothing billed
// is forgotten.
func (j *Job[T]) Abandon(ctx context.Context, started func(*View[T]) bool, notBilled func(*View[T]) bool, diags *diag.Diagnostics) bool {
	v, err := j.Describe(ctx)
	if err != nil {
		diags.Append(tfkit.ErrorDiagnostic("deleting "+j.Kind.Noun, j.ID, err))
		return true
	}
	if v == nil {
		return true
	}
	if !started(v) {
		tflog.Info(ctx, "the job never started: deleting it despite deletion_policy = abandon", map[string]any{"job_id": j.ID})
		return false
	}
	billed := "It is still billed."
	if notBilled(v) {
		billed = "DTS does not bill this link."
	}
	diags.AddWarning(capitalized(j.Kind.Noun)+" abandoned",
		fmt.Sprintf("deletion_policy is \"abandon\": %s %s (%s) is removed from the state and left running in DTS. %s", j.Kind.Noun, j.ID, v.Status, billed))
	return true
}

// ImportID reads "<region>:<id>" or a bare ID (in the provider's region) and
// checks the ID's prefix ("dts-", "sync-").
func (e *Env) ImportID(raw, prefix string) (region, id string, err error) {
	region, id, found := strings.Cut(raw, ":")
	if !found {
		region, id = e.Region, raw
	}
	if !strings.HasPrefix(id, prefix) || region == "" {
		return "", "", fmt.Errorf("expected \"<region>:<job ID>\" or a bare job ID (%q…, in the provider's region), got %q", prefix, raw)
	}
	return region, id, nil
}
