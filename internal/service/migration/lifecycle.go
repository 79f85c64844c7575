package migration

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
	jobT  = jobkit.Job[detail]
	viewT = jobkit.View[detail]
	rowT  = jobkit.Transition[detail]
)

// driveOptions carry what driving a job needs beyond the desired stage.
type driveOptions struct {
	Desired      string
	RunMode      string
	CompleteMode *string
	ResumeOption *string
	// Reconfigure configures and checks a job that is not (or no longer)
	// configured (created, checkNotPass); nil when it must not happen.
	Reconfigure func(ctx context.Context) error
	// RateLimit is applied once the job runs, if set.
	RateLimit *tfkit.RateLimit
	// OnStarted is called once StartMigrateJob is accepted.
	OnStarted func()
}

// drive takes the job from its status to the desired stage: the kit's loop
// over the migration table.
func drive(ctx context.Context, j *jobT, o driveOptions, timeout time.Duration) (*viewT, error) {
	d := &jobkit.Drive[detail]{
		Job:        j,
		Desired:    o.Desired,
		Satisfies:  func(v *viewT) bool { return stages.Satisfies(o.Desired, v.Status, o.RunMode) },
		Satisfying: stages.Satisfying(o.Desired, o.RunMode, allStatuses),
		Rows:       driveTable(j, o),
		Isolated:   func(v *viewT) bool { return v.TradeStatus == trIsolated },
		Recover: func(ctx context.Context, v *viewT, timeout time.Duration) (*viewT, error) {
			return recoverIsolated(ctx, j, timeout)
		},
	}
	if o.RateLimit != nil {
		applied := false
		d.OnView = func(ctx context.Context, v *viewT) error {
			if applied || (v.Status != stRunning && v.Status != stReadyComplete) {
				return nil
			}
			applied = true
			return applyRateLimit(ctx, j, v, o.RateLimit)
		}
	}
	return d.Run(ctx, timeout)
}

// driveTable is the migration job's transitions: from a status, towards a
// desired stage, what to call.
func driveTable(j *jobT, o driveOptions) []rowT {
	c, region, id := j.Env.Client, j.Region, &j.ID
	call := func(f func(context.Context) error) func(context.Context, *viewT) error {
		return func(ctx context.Context, _ *viewT) error { return f(ctx) }
	}
	stop := call(func(ctx context.Context) error {
		_, err := c.StopMigrateJob(ctx, region, &dtsapi.StopMigrateJobRequest{JobId: id})
		return err
	})
	reconfigure := rowT{From: []string{stCreated, stCheckNotPass}, Op: "configure and check", Self: true, Once: reconfigureRefused,
		Refuse: reconfigureRefused}
	if o.Reconfigure != nil && o.Desired != stageStopped {
		reconfigure.Refuse, reconfigure.Call = nil, call(o.Reconfigure)
	}
	allows := func(verb string) func(*viewT) bool { return func(v *viewT) bool { return v.Allows(verb) } }
	return []rowT{
		reconfigure,
		{From: []string{stCheckPass}, Desired: []string{stageStopped},
			Refuse: jobkit.Reason[detail]("a job that never started cannot be stopped; remove the resource instead")},
		{From: []string{stCheckPass}, Op: "start", Accepted: o.OnStarted, Call: call(func(ctx context.Context) error {
			_, err := c.StartMigrateJob(ctx, region, &dtsapi.StartMigrateJobRequest{JobId: id})
			return err
		})},
		{From: []string{stRunning}, Desired: []string{stagePaused}, Op: "pause", Call: call(func(ctx context.Context) error {
			_, err := c.PauseMigrateJob(ctx, region, &dtsapi.PauseMigrateJobRequest{JobId: id})
			return err
		})},
		{From: []string{stReadyComplete}, Desired: []string{stagePaused}, When: allows(dtsapi.VerbPause), Op: "pause",
			Call: call(func(ctx context.Context) error {
				_, err := c.PauseMigrateJob(ctx, region, &dtsapi.PauseMigrateJobRequest{JobId: id})
				return err
			})},
		{From: []string{stReadyComplete}, Desired: []string{stagePaused},
			Refuse: jobkit.Reason[detail]("DTS allows pausing only a running job, and this one has finished its full migration (readyComplete)")},
		{From: []string{stRunning, stReadyComplete, stManualPaused}, Desired: []string{stageStopped}, Op: "stop", Call: stop},
		{From: []string{stRunning}, Desired: []string{stageCompleted}, Op: "wait until it is ready to complete",
			Until: &jobkit.Wait{Operation: "to be ready to complete", Pending: []string{stRunning}, Target: jobkit.Except(allStatuses, stRunning)}},
		{From: []string{stReadyComplete}, Desired: []string{stageCompleted}, Op: "complete", Call: call(func(ctx context.Context) error {
			_, err := c.CompleteMigrateJob(ctx, region, &dtsapi.CompleteMigrateJobRequest{JobId: id, CompleteMode: o.CompleteMode})
			return err
		})},
		{From: []string{stRunning, stReadyComplete, stManualPaused}, Desired: []string{stageChecked},
			Refuse: jobkit.Reason[detail]("a started job cannot go back to checked")},
		{From: []string{stManualPaused}, Op: "continue", Call: call(func(ctx context.Context) error {
			_, err := c.ContinueMigrateJob(ctx, region, &dtsapi.ContinueMigrateJobRequest{JobId: id})
			return err
		})},
		{From: inError, Desired: []string{stageStopped}, When: allows(dtsapi.VerbStop), Op: "stop", Call: stop},
		{From: inError, When: func(v *viewT) bool { return !v.Allows(dtsapi.VerbResume) },
			Refuse: func(v *viewT) string {
				return "DTS does not allow resuming it (" + strings.TrimSpace(v.Message) + "); replace the job"
			}},
		{From: inError, Op: "resume", Once: func(v *viewT) string { return "it failed again after a resume: " + strings.TrimSpace(v.Message) },
			Call: call(func(ctx context.Context) error {
				_, err := c.ResumeMigrateJob(ctx, region, &dtsapi.ResumeMigrateJobRequest{JobId: id, ResumeOption: o.ResumeOption})
				return err
			})},
		{From: []string{stSuccess}, Refuse: jobkit.Reason[detail]("the migration has completed")},
		{From: []string{stCanceled}, Refuse: jobkit.Reason[detail]("DTS cannot restart a stopped job; replace it")},
	}
}

func reconfigureRefused(*viewT) string {
	return "it must be configured and checked again, which this operation cannot do"
}

// recoverIsolated lifts a billing isolation (RecoverMigrateJob) and waits
// until the job is back in service.
func recoverIsolated(ctx context.Context, j *jobT, timeout time.Duration) (*viewT, error) {
	if _, err := j.Env.Client.RecoverMigrateJob(ctx, j.Region, &dtsapi.RecoverMigrateJobRequest{JobId: &j.ID}); err != nil {
		return nil, err
	}
	return j.Wait(ctx, jobkit.Wait{Operation: j.Noun() + " to be recovered", Trade: true,
		Pending: []string{trIsolated, trReversing}, Target: jobkit.Except(allTrade, trIsolated, trReversing)}, timeout)
}

// applyRateLimit sets the rate limit unless it already holds.
func applyRateLimit(ctx context.Context, j *jobT, v *viewT, want *tfkit.RateLimit) error {
	if v.Object != nil && want.Holds(tfkit.CurrentRateLimit(v.Object.RateLimitOption)) {
		return nil
	}
	req := &dtsapi.ModifyMigrateRateLimitRequest{JobId: &j.ID}
	if err := tfkit.Expand(ctx, want, req); err != nil {
		return err
	}
	_, err := j.Env.Client.ModifyMigrateRateLimit(ctx, j.Region, req)
	return err
}

// check runs CreateMigrateCheckJob and waits for its verdict. A failed check
// whose failures are all listed in skip gets SkipCheckItem and one more check.
func check(ctx context.Context, j *jobT, skip []string, foreignKeyFlag *string, timeout time.Duration) error {
	c, region, id := j.Env.Client, j.Region, &j.ID
	run := func() (*viewT, error) {
		if _, err := c.CreateMigrateCheckJob(ctx, region, &dtsapi.CreateMigrateCheckJobRequest{JobId: id}); jobkit.AfterLostReply(ctx, err) != nil {
			return nil, err
		}
		return j.Wait(ctx, jobkit.Wait{Operation: "the check of " + j.Noun(),
			Pending: []string{stChecking, stCreated}, Target: []string{stCheckPass, stCheckNotPass}, Fresh: true}, timeout)
	}
	v, err := run()
	if err != nil || v.Status == stCheckPass {
		return err
	}
	result, err := c.DescribeMigrationCheckJob(ctx, region, &dtsapi.DescribeMigrationCheckJobRequest{JobId: id})
	if err != nil {
		return err
	}
	if toSkip := skippable(result, skip); len(toSkip) > 0 {
		tflog.Info(ctx, "skipping failed check steps", map[string]any{"job_id": j.ID, "steps": toSkip})
		if _, err := c.SkipCheckItem(ctx, region, &dtsapi.SkipCheckItemRequest{JobId: id, StepIds: tfkit.Ptrs(toSkip), ForeignKeyFlag: foreignKeyFlag}); err != nil {
			return err
		}
		if v, err = j.Describe(ctx); err != nil || v == nil {
			return err
		}
		if v.Status != stCheckPass {
			if v, err = run(); err != nil {
				return err
			}
		}
		if v.Status == stCheckPass {
			return nil
		}
		if result, err = c.DescribeMigrationCheckJob(ctx, region, &dtsapi.DescribeMigrationCheckJobRequest{JobId: id}); err != nil {
			return err
		}
	}
	return checkFailure(j.ID, result)
}

// skippable lists the failed steps of a check that skip names and that were
// not skipped yet.
func skippable(result *dtsapi.DescribeMigrationCheckJobResponse, skip []string) []string {
	var out []string
	for _, s := range result.StepInfo {
		if s != nil && tfkit.Str(s.StepStatus) == dtsapi.CheckStepFailed && slices.Contains(skip, tfkit.Str(s.StepId)) &&
			(s.HasSkipped == nil || !*s.HasSkipped) {
			out = append(out, tfkit.Str(s.StepId))
		}
	}
	return out
}

// checkFailure lists every failed, blocked or warning step of a check.
func checkFailure(id string, result *dtsapi.DescribeMigrationCheckJobResponse) error {
	f := &jobkit.CheckFailure{What: "migration", JobID: "migration job " + id, Brief: tfkit.Str(result.BriefMsg),
		Advice: "Fix the configuration (or list skippable steps in skip_check_steps) and apply again."}
	for _, s := range result.StepInfo {
		if s == nil {
			continue
		}
		status := tfkit.Str(s.StepStatus)
		if status != dtsapi.CheckStepFailed && status != dtsapi.CheckStepWarning && status != dtsapi.CheckStepBlocked {
			continue
		}
		step := jobkit.CheckStep{ID: tfkit.Str(s.StepId), Name: tfkit.Str(s.StepName), Status: status,
			Skipped: s.HasSkipped != nil && *s.HasSkipped, Message: tfkit.Str(s.StepMessage)}
		for _, item := range s.DetailCheckItems {
			if item != nil {
				step.Items = append(step.Items, checkItem(item))
			}
		}
		f.Steps = append(f.Steps, step)
	}
	return f
}

func checkItem(item *dtsapi.DetailCheckItem) string {
	line := strings.TrimSpace(tfkit.Str(item.CheckItemName))
	if r := strings.TrimSpace(tfkit.Str(item.FailureReason)); r != "" {
		line += ": " + r
	}
	if sol := strings.TrimSpace(tfkit.Str(item.Solution)); sol != "" {
		line += "; solution: " + sol
	}
	if help := tfkit.Strings(item.HelpDoc); len(help) > 0 {
		line += "; help: " + strings.Join(help, ", ")
	}
	return line
}
