package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The migration job's contract: the seed's status table and README §4a.

var (
	migrationAllStatuses = dtsapi.MustEnum("JobItem.Status").Values
	migrationAllTrade    = dtsapi.MustEnum("TradeInfo.TradeStatus").Values

	// The job was never started: its configuration can still change.
	migrationPreStart = []string{
		dtsapi.MigrationStatusCreating, dtsapi.MigrationStatusCreated, dtsapi.MigrationStatusChecking,
		dtsapi.MigrationStatusCheckPass, dtsapi.MigrationStatusCheckNotPass,
	}
	// Statuses that resolve on their own; Read keeps the prior desired state.
	migrationTransitional = []string{
		dtsapi.MigrationStatusCreating, dtsapi.MigrationStatusChecking, dtsapi.MigrationStatusReadyRun,
		dtsapi.MigrationStatusPausing, dtsapi.MigrationStatusResuming, dtsapi.MigrationStatusCompleting,
		dtsapi.MigrationStatusStopping, dtsapi.MigrationStatusUnknown,
	}
	// Statuses in which the job can be neither stopped nor isolated: delete waits them out.
	migrationDeleteWaitOut = []string{
		dtsapi.MigrationStatusCreating, dtsapi.MigrationStatusChecking, dtsapi.MigrationStatusPausing,
		dtsapi.MigrationStatusResuming, dtsapi.MigrationStatusCompleting, dtsapi.MigrationStatusStopping,
	}
	// Billing statuses in which the job is gone for Terraform.
	migrationTradeGone = []string{dtsapi.TradeStatusOfflining, dtsapi.TradeStatusOfflined}
)

// migrationSatisfies reports whether status satisfies the desired stage.
func migrationSatisfies(desired, status, runMode string) bool {
	switch desired {
	case stageChecked:
		return status == dtsapi.MigrationStatusCheckPass
	case stageRunning:
		return status == dtsapi.MigrationStatusRunning || status == dtsapi.MigrationStatusReadyComplete ||
			status == dtsapi.MigrationStatusSuccess || (status == dtsapi.MigrationStatusReadyRun && runMode == "timed")
	case stagePaused:
		return status == dtsapi.MigrationStatusManualPaused
	case stageCompleted:
		return status == dtsapi.MigrationStatusSuccess
	case stageStopped:
		return status == dtsapi.MigrationStatusCanceled
	}
	return false
}

// migrationSatisfyingStatuses lists the statuses that satisfy desired.
func migrationSatisfyingStatuses(desired, runMode string) []string {
	var out []string
	for _, s := range migrationAllStatuses {
		if migrationSatisfies(desired, s, runMode) {
			out = append(out, s)
		}
	}
	return out
}

// migrationStage is the stage Read writes into `state` when the job is in a
// stable status that does not satisfy the desired one: a desired stage where
// one matches, otherwise the raw status, so the plan shows the way back.
func migrationStage(status string) string {
	switch status {
	case dtsapi.MigrationStatusCheckPass:
		return stageChecked
	case dtsapi.MigrationStatusRunning, dtsapi.MigrationStatusReadyComplete, dtsapi.MigrationStatusReadyRun,
		dtsapi.MigrationStatusResuming, dtsapi.MigrationStatusUnknown:
		return stageRunning
	case dtsapi.MigrationStatusManualPaused, dtsapi.MigrationStatusPausing:
		return stagePaused
	case dtsapi.MigrationStatusSuccess, dtsapi.MigrationStatusCompleting:
		return stageCompleted
	case dtsapi.MigrationStatusCanceled, dtsapi.MigrationStatusStopping:
		return stageStopped
	case dtsapi.MigrationStatusCreating, dtsapi.MigrationStatusChecking:
		return stageChecked
	}
	return status // created, checkNotPass, error, resumableErr, failed
}

// migrationObservedState is the `state` Read reports.
func migrationObservedState(prior, status, tradeStatus, runMode string) string {
	switch {
	case tradeStatus == dtsapi.TradeStatusIsolated:
		return "isolated"
	case prior != "" && slices.Contains(migrationTransitional, status):
		return prior
	case prior != "" && migrationSatisfies(prior, status, runMode):
		return prior
	case prior == "" && migrationSatisfies(stageRunning, status, runMode):
		// Import: of the stages the status satisfies, the default one, so
		// that a configuration without `state` plans no change.
		return stageRunning
	}
	return migrationStage(status)
}

// migrationStarted reports whether StartMigrateJob was accepted for a job in status.
func migrationStarted(status string) bool {
	return status != "" && !slices.Contains(migrationPreStart, status)
}

// isRedis reports whether either side of the link is Redis (or a Redis-like
// cache), where resumption must say how to treat the target's data.
func isRedis(m *migrationJobModel) bool {
	for _, e := range []*endpointModel{m.SrcInfo, m.DstInfo} {
		if e != nil && isRedisType(e.DatabaseType.ValueString()) {
			return true
		}
	}
	return false
}

func isRedisType(databaseType string) bool {
	switch databaseType {
	case "redis", "tendis", "keewidb":
		return true
	}
	return false
}

// migrationJob binds one job to the provider's client.
type migrationJob struct {
	data   *providerData
	region string
	id     string
}

func (j *migrationJob) detail(ctx context.Context) (*dtsapi.DescribeMigrationDetailResponse, error) {
	return j.data.client.DescribeMigrationDetail(ctx, j.region, &dtsapi.DescribeMigrationDetailRequest{JobId: ptr(j.id)})
}

// describe is the job's describeFunc.
func (j *migrationJob) describe(ctx context.Context) (*jobView, error) {
	d, err := j.detail(ctx)
	if err != nil {
		return nil, err
	}
	return migrationView(d), nil
}

func migrationView(d *dtsapi.DescribeMigrationDetailResponse) *jobView {
	v := &jobView{Status: str(d.Status), Message: str(d.BriefMsg), Percent: -1, Object: d}
	if d.TradeInfo != nil {
		v.TradeStatus = str(d.TradeInfo.TradeStatus)
	}
	if d.Action != nil {
		v.Allowed = stringList(d.Action.AllowedAction)
	}
	if s := d.StepInfo; s != nil && s.StepNow != nil {
		for _, step := range s.StepInfo {
			if step != nil && step.StepNo != nil && *step.StepNo == *s.StepNow {
				v.Step = str(step.StepName)
				if step.Percent != nil {
					v.Percent = int64(*step.Percent)
				}
			}
		}
	}
	var errs []string
	for _, e := range d.ErrorInfo {
		if e == nil {
			continue
		}
		msg := strings.TrimSpace(str(e.ErrorLog))
		if sol := strings.TrimSpace(str(e.Solution)); sol != "" {
			msg += " (solution: " + sol + ")"
		}
		if msg != "" {
			errs = append(errs, msg)
		}
	}
	if len(errs) > 0 {
		if v.Message != "" {
			v.Message += ": "
		}
		v.Message += strings.Join(errs, "; ")
	}
	return v
}

func (j *migrationJob) deleter() jobDeleter {
	c, region, id := j.data.client, j.region, ptr(j.id)
	return jobDeleter{
		Noun:          "migration job " + j.id,
		Describe:      j.describe,
		WaitOut:       migrationDeleteWaitOut,
		AllStatuses:   migrationAllStatuses,
		Transitional:  migrationTransitional,
		Stopped:       dtsapi.MigrationStatusCanceled,
		StopVerb:      dtsapi.ActionStop,
		AllTrade:      migrationAllTrade,
		TradeIsolated: dtsapi.TradeStatusIsolated, TradeIsolating: dtsapi.TradeStatusIsolating,
		TradeGone:    migrationTradeGone,
		TradeWaitOut: []string{dtsapi.TradeStatusResizing, dtsapi.TradeStatusReversing},
		Stop: func(ctx context.Context) error {
			_, err := c.StopMigrateJob(ctx, region, &dtsapi.StopMigrateJobRequest{JobId: id})
			return err
		},
		Isolate: func(ctx context.Context) error {
			_, err := c.IsolateMigrateJob(ctx, region, &dtsapi.IsolateMigrateJobRequest{JobId: id})
			return err
		},
		Destroy: func(ctx context.Context) error {
			_, err := c.DestroyMigrateJob(ctx, region, &dtsapi.DestroyMigrateJobRequest{JobId: id})
			return err
		},
	}
}

// waitSettled waits until the job leaves every transitional status (and the
// statuses in extra), or reaches one of the satisfying statuses, whichever
// comes first: a timed job's readyRun already satisfies `running`.
func (j *migrationJob) waitSettled(ctx context.Context, op string, timeout time.Duration, satisfying []string, extra ...string) (*jobView, error) {
	var pending []string
	for _, s := range append(slices.Clone(migrationTransitional), extra...) {
		if !slices.Contains(satisfying, s) && !slices.Contains(pending, s) {
			pending = append(pending, s)
		}
	}
	return j.data.waitJob(ctx, j.describe, jobWait{
		Operation: op, Pending: pending, Target: except(migrationAllStatuses, pending...),
	}, timeout)
}

// recoverIfIsolated lifts a billing isolation (RecoverMigrateJob) and waits
// until the job is back in service.
func (j *migrationJob) recoverIfIsolated(ctx context.Context, v *jobView, timeout time.Duration) (*jobView, error) {
	if v.TradeStatus != dtsapi.TradeStatusIsolated {
		return v, nil
	}
	if _, err := j.data.client.RecoverMigrateJob(ctx, j.region, &dtsapi.RecoverMigrateJobRequest{JobId: ptr(j.id)}); err != nil {
		return v, err
	}
	return j.data.waitJob(ctx, j.describe, jobWait{Operation: "migration job " + j.id + " to be recovered", Key: byTradeStatus,
		Pending: []string{dtsapi.TradeStatusIsolated, dtsapi.TradeStatusReversing},
		Target:  except(migrationAllTrade, dtsapi.TradeStatusIsolated, dtsapi.TradeStatusReversing)}, timeout)
}

// checkFailure is a check that did not pass, with every failed or warning step.
type checkFailure struct {
	JobID string
	Brief string
	Steps []*dtsapi.CheckStep
}

func (e *checkFailure) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "The check of migration job %s did not pass", e.JobID)
	if e.Brief != "" {
		fmt.Fprintf(&b, ": %s", e.Brief)
	}
	b.WriteString(".\n")
	for _, s := range e.Steps {
		status := str(s.StepStatus)
		if status != dtsapi.CheckStepFailed && status != dtsapi.CheckStepWarning && status != dtsapi.CheckStepBlocked {
			continue
		}
		fmt.Fprintf(&b, "\n- [%s] %s (%s)", status, str(s.StepName), str(s.StepId))
		if s.HasSkipped != nil && *s.HasSkipped {
			b.WriteString(" — skipped")
		}
		if m := strings.TrimSpace(str(s.StepMessage)); m != "" {
			fmt.Fprintf(&b, ": %s", m)
		}
		for _, item := range s.DetailCheckItems {
			if item == nil {
				continue
			}
			line := strings.TrimSpace(str(item.CheckItemName))
			if r := strings.TrimSpace(str(item.FailureReason)); r != "" {
				line += ": " + r
			}
			if sol := strings.TrimSpace(str(item.Solution)); sol != "" {
				line += "; solution: " + sol
			}
			if help := stringList(item.HelpDoc); len(help) > 0 {
				line += "; help: " + strings.Join(help, ", ")
			}
			if line != "" {
				fmt.Fprintf(&b, "\n    %s", line)
			}
		}
	}
	b.WriteString("\n\nFix the configuration (or list skippable steps in skip_check_steps) and apply again.")
	return b.String()
}

// check runs CreateMigrateCheckJob and waits for its verdict. A failed check
// whose failures are all listed in skip gets SkipCheckItem and one more check.
func (j *migrationJob) check(ctx context.Context, skip []string, foreignKeyFlag *string, timeout time.Duration) (*jobView, error) {
	run := func() (*jobView, error) {
		if _, err := j.data.client.CreateMigrateCheckJob(ctx, j.region, &dtsapi.CreateMigrateCheckJobRequest{JobId: ptr(j.id)}); err != nil {
			return nil, err
		}
		return j.data.waitJob(ctx, j.describe, jobWait{
			Operation: "the check of migration job " + j.id,
			Pending:   []string{dtsapi.MigrationStatusChecking, dtsapi.MigrationStatusCreated},
			Target:    []string{dtsapi.MigrationStatusCheckPass, dtsapi.MigrationStatusCheckNotPass},
		}, timeout)
	}
	v, err := run()
	if err != nil {
		return v, err
	}
	if v.Status == dtsapi.MigrationStatusCheckPass {
		return v, nil
	}
	result, err := j.data.client.DescribeMigrationCheckJob(ctx, j.region, &dtsapi.DescribeMigrationCheckJobRequest{JobId: ptr(j.id)})
	if err != nil {
		return v, err
	}
	var toSkip []string
	for _, s := range result.StepInfo {
		if s != nil && str(s.StepStatus) == dtsapi.CheckStepFailed && slices.Contains(skip, str(s.StepId)) && (s.HasSkipped == nil || !*s.HasSkipped) {
			toSkip = append(toSkip, str(s.StepId))
		}
	}
	if len(toSkip) > 0 {
		tflog.Info(ctx, "skipping failed check steps", map[string]any{"job_id": j.id, "steps": toSkip})
		if _, err := j.data.client.SkipCheckItem(ctx, j.region, &dtsapi.SkipCheckItemRequest{JobId: ptr(j.id), StepIds: ptrs(toSkip), ForeignKeyFlag: foreignKeyFlag}); err != nil {
			return v, err
		}
		if v, err = j.describe(ctx); err != nil {
			return v, err
		}
		if v.Status != dtsapi.MigrationStatusCheckPass {
			if v, err = run(); err != nil {
				return v, err
			}
		}
		if v.Status == dtsapi.MigrationStatusCheckPass {
			return v, nil
		}
		if result, err = j.data.client.DescribeMigrationCheckJob(ctx, j.region, &dtsapi.DescribeMigrationCheckJobRequest{JobId: ptr(j.id)}); err != nil {
			return v, err
		}
	}
	return v, &checkFailure{JobID: j.id, Brief: str(result.BriefMsg), Steps: result.StepInfo}
}

// transitionError is a desired stage the job cannot reach from its status.
type transitionError struct {
	JobID, Desired, Status, Why string
}

func (e *transitionError) Error() string {
	return fmt.Sprintf("Migration job %s is %s and cannot reach state %q: %s", e.JobID, e.Status, e.Desired, e.Why)
}

// driveOptions carry what driving a job needs beyond the desired stage.
type driveOptions struct {
	Desired      string
	RunMode      string
	CompleteMode *string
	ResumeOption *string
	// Reconfigure configures and checks a job that is not (or no longer)
	// configured (created, checkNotPass); nil when it must not happen.
	Reconfigure func(ctx context.Context) (*jobView, error)
	// ApplyRateLimit is called once the job runs, if set.
	ApplyRateLimit func(ctx context.Context, v *jobView) error
	// OnStarted is called once StartMigrateJob is accepted.
	OnStarted func()
}

// drive takes the job from its current status to the desired stage, one
// API operation at a time, waiting in between. It returns the last view.
func (j *migrationJob) drive(ctx context.Context, o driveOptions, timeout time.Duration) (*jobView, error) {
	remaining := j.data.budget(timeout)
	c, region, id := j.data.client, j.region, ptr(j.id)
	rateLimitDone := o.ApplyRateLimit == nil
	resumed, reconfigured := false, false
	conflicts := 0

	v, err := j.describe(ctx)
	if err != nil {
		return nil, err
	}
	for step := 0; step < 32; step++ {
		if v.TradeStatus == dtsapi.TradeStatusIsolated {
			if v, err = j.recoverIfIsolated(ctx, v, remaining()); err != nil {
				return v, err
			}
			continue
		}
		if !rateLimitDone && (v.Status == dtsapi.MigrationStatusRunning || v.Status == dtsapi.MigrationStatusReadyComplete) {
			if err := o.ApplyRateLimit(ctx, v); err != nil {
				return v, err
			}
			rateLimitDone = true
		}
		if migrationSatisfies(o.Desired, v.Status, o.RunMode) {
			return v, nil
		}
		satisfying := migrationSatisfyingStatuses(o.Desired, o.RunMode)
		if slices.Contains(migrationTransitional, v.Status) {
			if v, err = j.waitSettled(ctx, "migration job "+j.id+" to leave "+v.Status, remaining(), satisfying); err != nil {
				return v, err
			}
			continue
		}
		fail := func(why string) (*jobView, error) {
			return v, &transitionError{JobID: j.id, Desired: o.Desired, Status: v.Status, Why: why}
		}
		// act calls an operation and waits until the job leaves from (and any
		// transitional status) or satisfies the desired stage.
		act := func(name string, call func() error) error {
			from := v.Status
			if err := call(); err != nil {
				// A wrong-status answer may mean that an earlier attempt of
				// this call, whose reply was lost, already took effect: read
				// the job again and let the loop decide (a few times at most).
				if !client.IsWrongState(err) || conflicts >= 3 {
					return err
				}
				conflicts++
				tflog.Warn(ctx, "operation refused in the job's status; reading the job again", map[string]any{"job_id": j.id, "operation": name, "error": err.Error()})
				v, err = j.describe(ctx)
				return err
			}
			tflog.Info(ctx, "migration job operation accepted", map[string]any{"job_id": j.id, "operation": name, "from": from})
			v, err = j.waitSettled(ctx, "migration job "+j.id+" to "+name, remaining(), satisfying, from)
			return err
		}
		switch v.Status {
		case dtsapi.MigrationStatusCreated, dtsapi.MigrationStatusCheckNotPass:
			if o.Reconfigure == nil || reconfigured || o.Desired == stageStopped {
				return fail("it must be configured and checked again, which this operation cannot do")
			}
			reconfigured = true
			if v, err = o.Reconfigure(ctx); err != nil {
				return v, err
			}
		case dtsapi.MigrationStatusCheckPass:
			if o.Desired == stageStopped {
				return fail("a job that never started cannot be stopped; remove the resource instead")
			}
			err = act("start", func() error {
				_, err := c.StartMigrateJob(ctx, region, &dtsapi.StartMigrateJobRequest{JobId: id})
				if err == nil && o.OnStarted != nil {
					o.OnStarted()
				}
				return err
			})
		case dtsapi.MigrationStatusRunning, dtsapi.MigrationStatusReadyComplete:
			switch o.Desired {
			case stagePaused:
				if !v.allows(dtsapi.ActionPause) && v.Status != dtsapi.MigrationStatusRunning {
					return fail("DTS allows pausing only a running job")
				}
				err = act("pause", func() error {
					_, err := c.PauseMigrateJob(ctx, region, &dtsapi.PauseMigrateJobRequest{JobId: id})
					return err
				})
			case stageStopped:
				err = act("stop", func() error {
					_, err := c.StopMigrateJob(ctx, region, &dtsapi.StopMigrateJobRequest{JobId: id})
					return err
				})
			case stageCompleted:
				if v.Status == dtsapi.MigrationStatusRunning {
					// Full data first: wait until DTS is ready to complete (or done).
					v, err = j.data.waitJob(ctx, j.describe, jobWait{Operation: "migration job " + j.id + " to be ready to complete",
						Pending: []string{dtsapi.MigrationStatusRunning},
						Target:  except(migrationAllStatuses, dtsapi.MigrationStatusRunning)}, remaining())
					break
				}
				err = act("complete", func() error {
					_, err := c.CompleteMigrateJob(ctx, region, &dtsapi.CompleteMigrateJobRequest{JobId: id, CompleteMode: o.CompleteMode})
					return err
				})
			default:
				return fail("a started job cannot go back to checked")
			}
		case dtsapi.MigrationStatusManualPaused:
			switch o.Desired {
			case stageStopped:
				err = act("stop", func() error {
					_, err := c.StopMigrateJob(ctx, region, &dtsapi.StopMigrateJobRequest{JobId: id})
					return err
				})
			case stageChecked:
				return fail("a started job cannot go back to checked")
			default:
				err = act("continue", func() error {
					_, err := c.ContinueMigrateJob(ctx, region, &dtsapi.ContinueMigrateJobRequest{JobId: id})
					return err
				})
			}
		case dtsapi.MigrationStatusError, dtsapi.MigrationStatusResumableErr, dtsapi.MigrationStatusFailed:
			if o.Desired == stageStopped && v.allows(dtsapi.ActionStop) {
				err = act("stop", func() error {
					_, err := c.StopMigrateJob(ctx, region, &dtsapi.StopMigrateJobRequest{JobId: id})
					return err
				})
				break
			}
			if !v.allows(dtsapi.ActionResume) {
				return fail("DTS does not allow resuming it (" + strings.TrimSpace(v.Message) + "); replace the job")
			}
			if resumed {
				return fail("it failed again after a resume: " + strings.TrimSpace(v.Message))
			}
			resumed = true
			err = act("resume", func() error {
				_, err := c.ResumeMigrateJob(ctx, region, &dtsapi.ResumeMigrateJobRequest{JobId: id, ResumeOption: o.ResumeOption})
				return err
			})
		case dtsapi.MigrationStatusSuccess:
			return fail("the migration has completed")
		case dtsapi.MigrationStatusCanceled:
			return fail("DTS cannot restart a stopped job; replace it")
		default:
			return fail("the provider does not know this status")
		}
		if err != nil {
			return v, err
		}
	}
	return v, &transitionError{JobID: j.id, Desired: o.Desired, Status: v.Status, Why: "too many operations without reaching it"}
}

// migrationNotFound reports a gone job: not found, or billing offlining/offlined.
func migrationGone(err error, d *dtsapi.DescribeMigrationDetailResponse) bool {
	if err != nil {
		return client.IsNotFound(err)
	}
	return d != nil && d.TradeInfo != nil && slices.Contains(migrationTradeGone, str(d.TradeInfo.TradeStatus))
}

// diagnoseCheck turns a check failure into the create/update diagnostic.
func diagnoseCheck(doing string, err *checkFailure) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Error "+doing+": the migration check failed", err.Error())
}
