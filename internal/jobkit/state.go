package jobkit

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// States is how a job resource keeps its state, the same for every kind: M
// is the resource's model, T the kind's API object. A kind gives what
// differs — how a model names its job, how a read becomes a model — and gets
// Read, the refresh after an apply and after a failed update, and the
// private state (the purchase token, the allowed operations).
type States[M, T any] struct {
	// Bind returns the job a model stands for (its ID and region).
	Bind func(*M) *Job[T]
	// Observe builds the model of job j from prior and one read of it (v),
	// with further reads where a kind needs them.
	Observe func(ctx context.Context, j *Job[T], prior *M, v *View[T]) (*M, error)
	// Tags, for kinds that have tags, are the job's tags as the API answers
	// them (the purchase token is one of them).
	Tags func(*T) []*dtsapi.TagItem
	// Seed is the prior an apply's refresh starts from: the planned values
	// the API does not report (the desired stage, the timeouts, …). The
	// refresh of the plan itself would keep what the plan leaves unknown.
	Seed func(plan *M) *M
}

// Refresh reads the job and builds its model from prior; a gone job is a
// nil model.
func (s *States[M, T]) Refresh(ctx context.Context, j *Job[T], prior *M) (*M, Meta, error) {
	v, err := j.Read(ctx)
	if err != nil || v == nil {
		return nil, Meta{}, err
	}
	out, err := s.Observe(ctx, j, prior, v)
	if err != nil {
		return nil, Meta{}, err
	}
	meta := Meta{Allowed: v.Allowed}
	if s.Tags != nil {
		_, meta.Token = UserTags(s.Tags(v.Object))
	}
	if meta.Allowed == nil {
		meta.Allowed = []string{}
	}
	return out, meta, nil
}

// Read is the resource's Read: the refreshed model, or the resource removed
// from the state with a warning when the job is gone.
func (s *States[M, T]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	j := s.Bind(&state)
	m, meta, err := s.Refresh(ctx, j, &state)
	if err != nil {
		resp.Diagnostics.Append(tfkit.ErrorDiagnostic("reading "+j.Kind.Noun, j.ID, err))
		return
	}
	if m == nil {
		resp.Diagnostics.AddWarning(capitalized(j.Kind.Noun)+" is gone",
			fmt.Sprintf("%s %s no longer exists in %s (deleted outside Terraform, or released by DTS). It is removed from the state; the next apply creates a new one.",
				capitalized(j.Kind.Noun), j.ID, j.Region))
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(SaveMeta(ctx, resp.Private, meta)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// SaveApplied writes the state after an apply: the plan with only its
// unknown values taken from the API (null if the job cannot be read, with a
// warning).
func (s *States[M, T]) SaveApplied(ctx context.Context, j *Job[T], plan *M, private PrivateSetter, state *tfsdk.State, diags *diag.Diagnostics) {
	observed, meta, err := s.Refresh(ctx, j, s.Seed(plan))
	if err != nil {
		diags.AddWarning("Could not read "+j.Kind.Noun+" "+j.ID+" after apply", err.Error())
	}
	diags.Append(SaveMeta(ctx, private, meta)...)
	diags.Append(SaveFilled(ctx, state, plan, observed)...)
}

// SaveObserved writes what the job is now after a failed update (failures
// never taint an existing job: the next plan shows what is left to do); the
// state stays as it was if the job cannot be read.
func (s *States[M, T]) SaveObserved(ctx context.Context, j *Job[T], prior *M, private PrivateSetter, state *tfsdk.State, diags *diag.Diagnostics) {
	m, meta, err := s.Refresh(ctx, j, prior)
	if err != nil || m == nil {
		return
	}
	diags.Append(SaveMeta(ctx, private, meta)...)
	diags.Append(state.Set(ctx, m)...)
}

// SaveFilled writes m to the state with its unknown values filled from
// observed (nil: nothing observed, so they become null).
func SaveFilled[M any](ctx context.Context, state *tfsdk.State, m, observed *M) diag.Diagnostics {
	out := tfkit.Clone(m)
	if observed == nil {
		observed = new(M)
	}
	if err := tfkit.FillUnknowns(ctx, out, observed); err != nil {
		return diag.Diagnostics{diag.NewErrorDiagnostic("Error saving the state", err.Error())}
	}
	return state.Set(ctx, out)
}
