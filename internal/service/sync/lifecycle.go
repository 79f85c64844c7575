package sync

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

type (
	jobT  = jobkit.Job[info]
	viewT = jobkit.View[info]
	rowT  = jobkit.Transition[info]
)

// driveOptions carry what driving a job needs beyond the desired stage.
type driveOptions struct {
	Desired string
	RunMode string
	// Reconfigure configures and checks a job that is not (or no longer)
	// configured; nil when it must not happen.
	Reconfigure func(ctx context.Context) error
	// Reset, when set, takes a stopped job back to UnInitialized
	// (ResetSyncJob: prepaid MySQL-family links), to configure it again.
	Reset func(ctx context.Context) error
	// RateLimit is applied once the job runs, if set.
	RateLimit *tfkit.RateLimit
	// OnStarted is called once StartSyncJob is accepted.
	OnStarted func()
}

// drive takes the job from its status to the desired stage: the kit's loop
// over the sync table.
func drive(ctx context.Context, j *jobT, o driveOptions, timeout time.Duration) (*viewT, error) {
	d := &jobkit.Drive[info]{
		Job:        j,
		Desired:    o.Desired,
		Satisfies:  func(v *viewT) bool { return stages.Satisfies(o.Desired, v.Status, o.RunMode) },
		Satisfying: stages.Satisfying(o.Desired, o.RunMode, allStatuses),
		Rows:       driveTable(j, o),
		Isolated:   func(v *viewT) bool { return v.TradeStatus == trIsolated },
		Recover: func(ctx context.Context, v *viewT, timeout time.Duration) (*viewT, error) {
			return recoverIsolated(ctx, j, v, timeout)
		},
	}
	if o.RateLimit != nil {
		applied := false
		d.OnView = func(ctx context.Context, v *viewT) error {
			if applied || v.Status != stRunning {
				return nil
			}
			applied = true
			return applyRateLimit(ctx, j, v, o.RateLimit)
		}
	}
	return d.Run(ctx, timeout)
}

// driveTable is the sync job's transitions: from a status, towards a desired
// stage, what to call.
func driveTable(j *jobT, o driveOptions) []rowT {
	c, region, id := j.Env.Client, j.Region, &j.ID
	call := func(f func(context.Context) error) func(context.Context, *viewT) error {
		return func(ctx context.Context, _ *viewT) error { return f(ctx) }
	}
	stop := call(func(ctx context.Context) error {
		_, err := c.StopSyncJob(ctx, region, &dtsapi.StopSyncJobRequest{JobId: id})
		return err
	})
	reconfigure := rowT{From: []string{stUnInitialized, stInitialized, stCheckNotPass}, Op: "configure and check", Self: true,
		Once: jobkit.Reason[info]("it failed its check again"), Refuse: jobkit.Reason[info]("it must be configured and checked again, which this operation cannot do")}
	if o.Reconfigure != nil && o.Desired != stageStopped {
		reconfigure.Refuse, reconfigure.Call = nil, call(o.Reconfigure)
	}
	reset := rowT{From: []string{stStopped}, Refuse: jobkit.Reason[info]("DTS cannot restart it; replace the job")}
	if o.Reset != nil && o.Desired != stageStopped {
		reset = rowT{From: []string{stStopped}, Op: "reset", Call: call(o.Reset), Once: jobkit.Reason[info]("it ended again after a reset"),
			Until: &jobkit.Wait{Operation: "to be reset", Pending: []string{stStopped, stResetting}, Target: []string{stUnInitialized}}}
	}
	return []rowT{
		reconfigure,
		{From: []string{stCheckPass}, Desired: []string{stageStopped},
			Refuse: jobkit.Reason[info]("a job that never started cannot be stopped; remove the resource instead")},
		{From: []string{stCheckPass}, Op: "start", Accepted: o.OnStarted, Call: call(func(ctx context.Context) error {
			_, err := c.StartSyncJob(ctx, region, &dtsapi.StartSyncJobRequest{JobId: id})
			return err
		})},
		{From: []string{stRunning, stPaused, stResumableErr, stUnknown}, Desired: []string{stageStopped}, Op: "stop", Call: stop},
		{From: []string{stRunning, stPaused, stResumableErr}, Desired: []string{stageChecked},
			Refuse: jobkit.Reason[info]("a started job cannot go back to checked")},
		{From: []string{stRunning}, Desired: []string{stagePaused}, Op: "pause", Call: call(func(ctx context.Context) error {
			_, err := c.PauseSyncJob(ctx, region, &dtsapi.PauseSyncJobRequest{JobId: id})
			return err
		})},
		{From: []string{stPaused}, Op: "continue", Call: call(func(ctx context.Context) error {
			_, err := c.ContinueSyncJob(ctx, region, &dtsapi.ContinueSyncJobRequest{JobId: id})
			return err
		})},
		{From: []string{stResumableErr}, Op: "resume", Once: func(v *viewT) string { return "it failed again after a resume: " + strings.TrimSpace(v.Message) },
			Call: call(func(ctx context.Context) error {
				_, err := c.ResumeSyncJob(ctx, region, &dtsapi.ResumeSyncJobRequest{JobId: id})
				return err
			})},
		reset,
		{From: []string{stFailed}, Refuse: jobkit.Reason[info]("it failed, and DTS cannot restart a failed job; replace it")},
		{From: []string{stUnknown}, Refuse: jobkit.Reason[info]("DTS lost track of it (Unknown) and can only stop it; replace it")},
		{From: []string{stReleased}, Refuse: jobkit.Reason[info]("DTS released the job; replace it")},
	}
}

// recoverIsolated lifts a billing isolation (RecoverSyncJob, pay-as-you-go
// jobs only) and waits until the job is back in service.
func recoverIsolated(ctx context.Context, j *jobT, v *viewT, timeout time.Duration) (*viewT, error) {
	if tfkit.Str(v.Object.PayMode) == "PrePay" {
		return v, &jobkit.TransitionError{Noun: j.Kind.Noun, JobID: j.ID, Desired: "in service", Status: trIsolated,
			Why: "DTS recovers only pay-as-you-go jobs (RecoverSyncJob); renew the prepaid job in the console, or replace it"}
	}
	if _, err := j.Env.Client.RecoverSyncJob(ctx, j.Region, &dtsapi.RecoverSyncJobRequest{JobId: &j.ID}); err != nil {
		return nil, err
	}
	return j.Wait(ctx, jobkit.Wait{Operation: j.Noun() + " to be recovered", Trade: true,
		Pending: []string{trIsolated, dtsapi.SyncTradeStatusRecovering}, Target: jobkit.Except(allTrade, trIsolated, dtsapi.SyncTradeStatusRecovering)}, timeout)
}

// applyRateLimit sets the rate limit unless it already holds.
func applyRateLimit(ctx context.Context, j *jobT, v *viewT, want *tfkit.RateLimit) error {
	var current *dtsapi.RateLimitOption
	if v.Object != nil && v.Object.Options != nil {
		current = v.Object.Options.RateLimitOption
	}
	if want.Holds(tfkit.CurrentRateLimit(current)) {
		return nil
	}
	req := &dtsapi.ModifySyncRateLimitRequest{JobId: &j.ID}
	if err := tfkit.Expand(ctx, want, req); err != nil {
		return err
	}
	_, err := j.Env.Client.ModifySyncRateLimit(ctx, j.Region, req)
	return err
}

// check runs CreateCheckSyncJob and waits for its verdict. A failed check
// whose failures are all listed in skip gets SkipSyncCheckItem and one more
// check.
func check(ctx context.Context, j *jobT, skip []string, timeout time.Duration) error {
	c, region, id := j.Env.Client, j.Region, &j.ID
	ctx, deadline := j.Env.Budget(ctx, timeout)
	checkJob := jobkit.NewJob(j.Env, checkKind, region, j.ID)
	run := func() (*checkResult, error) {
		if _, err := c.CreateCheckSyncJob(ctx, region, &dtsapi.CreateCheckSyncJobRequest{JobId: id}); jobkit.AfterLostReply(ctx, err) != nil {
			return nil, err
		}
		v, err := checkJob.Wait(ctx, jobkit.Wait{Operation: "the check of " + j.Noun(),
			Pending: checkKind.Transitional, Target: []string{dtsapi.CheckStatusSuccess, dtsapi.CheckStatusFailed}, Fresh: true},
			deadline())
		if err != nil {
			return nil, err
		}
		return v.Object, nil
	}
	result, err := run()
	if err != nil || tfkit.Str(result.Status) == dtsapi.CheckStatusSuccess {
		return err
	}
	if toSkip := skippable(result.StepInfos, skip); len(toSkip) > 0 {
		tflog.Info(ctx, "skipping failed check steps", map[string]any{"job_id": j.ID, "steps": toSkip})
		if _, err := c.SkipSyncCheckItem(ctx, region, &dtsapi.SkipSyncCheckItemRequest{JobId: id, StepIds: tfkit.Ptrs(toSkip)}); err != nil {
			return err
		}
		if result, err = run(); err != nil || tfkit.Str(result.Status) == dtsapi.CheckStatusSuccess {
			return err
		}
	}
	return checkFailure("sync", j.Noun(), result.StepInfos,
		"Fix the configuration (or list skippable steps in skip_check_steps) and apply again.")
}

// skippable lists the failed steps skip names.
func skippable(steps []*dtsapi.StepInfo, skip []string) []string {
	var out []string
	for _, s := range steps {
		if s != nil && tfkit.Str(s.Status) == dtsapi.CheckStatusFailed && slices.Contains(skip, tfkit.Str(s.StepId)) {
			out = append(out, tfkit.Str(s.StepId))
		}
	}
	return out
}

// checkFailure lists every failed step, and every step with a warning.
func checkFailure(what, noun string, steps []*dtsapi.StepInfo, advice string) error {
	f := &jobkit.CheckFailure{What: what, JobID: noun, Advice: advice}
	for _, s := range steps {
		if s == nil || (tfkit.Str(s.Status) != dtsapi.CheckStatusFailed && len(s.Warnings) == 0) {
			continue
		}
		step := jobkit.CheckStep{ID: tfkit.Str(s.StepId), Name: tfkit.Str(s.StepName), Status: tfkit.Str(s.Status)}
		if step.Status != dtsapi.CheckStatusFailed {
			step.Status = "warning"
		}
		for _, tip := range append(slices.Clone(s.Errors), s.Warnings...) {
			if tip != nil {
				step.Items = append(step.Items, tipLine(tip))
			}
		}
		f.Steps = append(f.Steps, step)
	}
	return f
}

func tipLine(t *dtsapi.StepTip) string {
	line := strings.TrimSpace(tfkit.Str(t.Message))
	if sol := strings.TrimSpace(tfkit.Str(t.Solution)); sol != "" {
		line += "; solution: " + sol
	}
	if help := strings.TrimSpace(tfkit.Str(t.HelpDoc)); help != "" {
		line += "; help: " + help
	}
	return line
}
