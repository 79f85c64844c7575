package subscription

import (
	"context"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// driveOptions carry what driving a subscription needs beyond the desired
// stage.
type driveOptions struct {
	Desired string
	// Reconfigure configures and checks a subscription that is not (or no
	// longer) configured.
	Reconfigure func(ctx context.Context) error
	// OnStarted is called once StartSubscribe is accepted.
	OnStarted func()
}

// drive takes the subscription from its status to the desired stage: the
// kit's loop over the subscription's table.
func drive(ctx context.Context, j *jobT, o driveOptions, timeout time.Duration) (*viewT, error) {
	d := &jobkit.Drive[detail]{
		Job:        j,
		Desired:    o.Desired,
		Satisfies:  func(v *viewT) bool { return stages.Satisfies(o.Desired, v.Status, "") },
		Satisfying: stages.Satisfying(o.Desired, "", allStatuses),
		Rows:       driveTable(j, o),
		Isolated:   func(v *viewT) bool { return v.TradeStatus == slIsolated },
		Recover: func(_ context.Context, v *viewT, _ time.Duration) (*viewT, error) {
			return v, &jobkit.TransitionError{Noun: j.Kind.Noun, JobID: j.ID, Desired: o.Desired, Status: slIsolated,
				Why: "DTS has no action to recover an isolated subscription; replace it"}
		},
	}
	return d.Run(ctx, timeout)
}

// driveTable is the subscription's transitions: from a status, towards a
// desired stage, what to call.
func driveTable(j *jobT, o driveOptions) []rowT {
	c, region, id := j.Env.Client, j.Region, &j.ID
	call := func(f func(context.Context) error) func(context.Context, *viewT) error {
		return func(ctx context.Context, _ *viewT) error { return f(ctx) }
	}
	return []rowT{
		{From: []string{ssNotStarted, ssCheckNotPass}, Op: "configure and check", Self: true, Call: call(o.Reconfigure),
			Once: jobkit.Reason[detail]("it failed its check again")},
		{From: []string{ssCheckPass}, Desired: []string{stageRunning}, Op: "start", Accepted: o.OnStarted, Call: call(func(ctx context.Context) error {
			_, err := c.StartSubscribe(ctx, region, &dtsapi.StartSubscribeRequest{SubscribeId: id})
			return err
		})},
		// Back to checked: only a reset unstarts a subscription.
		{From: []string{ssRunning, ssError}, Desired: []string{stageChecked}, Op: "reset", Call: call(reset(j)),
			Once:  jobkit.Reason[detail]("it was started again after a reset"),
			Until: &jobkit.Wait{Operation: "to be reset", Pending: []string{ssRunning, ssError}, Target: []string{ssNotStarted}}},
		{From: []string{ssError}, Op: "resume", Once: func(v *viewT) string { return "it failed again after a resume: " + strings.TrimSpace(v.Message) },
			Call: call(func(ctx context.Context) error {
				_, err := c.ResumeSubscribe(ctx, region, &dtsapi.ResumeSubscribeRequest{SubscribeId: id})
				return err
			}),
			// Until the resume ends, in running or in error again.
			Until: &jobkit.Wait{Operation: "to resume", Pending: []string{ssStarting}, Target: jobkit.Except(allStatuses, ssStarting)}},
	}
}

// reset is ResetSubscribe: back to notStarted, unconfigured, on the same
// ID; DTS drops the topic's consumer groups.
func reset(j *jobT) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := j.Env.Client.ResetSubscribe(ctx, j.Region, &dtsapi.ResetSubscribeRequest{SubscribeId: &j.ID})
		return err
	}
}

// resetAndWait resets the subscription and waits until it is notStarted.
func resetAndWait(ctx context.Context, j *jobT, timeout time.Duration) error {
	if err := jobkit.AfterLostReply(ctx, reset(j)(ctx)); err != nil {
		return err
	}
	_, err := j.Wait(ctx, jobkit.Wait{Operation: j.Noun() + " to be reset", Pending: jobkit.Except(allStatuses, ssNotStarted),
		Target: []string{ssNotStarted}}, timeout)
	return err
}

// configureAndCheck sends the whole configuration (the password from the
// configuration) with ConfigureSubscribeJob and runs the check. DTS
// configures a subscription only before its check passed: a checked one
// (checkPass) is reset first — it has no topic yet, nothing is lost.
func configureAndCheck(ctx context.Context, j *jobT, plan, config *subsModel, timeout time.Duration) error {
	ctx, deadline := j.Env.Budget(ctx, timeout)
	v, err := j.Describe(ctx)
	if err != nil {
		return err
	}
	if v != nil && v.Status == ssCheckPass {
		if err := resetAndWait(ctx, j, deadline()); err != nil {
			return err
		}
	}
	req := &dtsapi.ConfigureSubscribeJobRequest{SubscribeId: &j.ID}
	if err := tfkit.Expand(ctx, plan, req, tfkit.WithSecrets(config)); err != nil {
		return err
	}
	if _, err := j.Env.Client.ConfigureSubscribeJob(ctx, j.Region, req); jobkit.AfterLostReply(ctx, err) != nil {
		return err
	}
	return check(ctx, j, deadline())
}

// check runs CreateSubscribeCheckJob and waits for its verdict; a failed
// check fails with every failed step (there is no skip for subscriptions).
func check(ctx context.Context, j *jobT, timeout time.Duration) error {
	c, region, id := j.Env.Client, j.Region, &j.ID
	if _, err := c.CreateSubscribeCheckJob(ctx, region, &dtsapi.CreateSubscribeCheckJobRequest{SubscribeId: id}); jobkit.AfterLostReply(ctx, err) != nil {
		return err
	}
	v, err := j.Wait(ctx, jobkit.Wait{Operation: "the check of " + j.Noun(),
		Pending: []string{ssChecking, ssNotStarted}, Target: []string{ssCheckPass, ssCheckNotPass}}, timeout)
	if err != nil || v.Status == ssCheckPass {
		return err
	}
	r, err := c.DescribeSubscribeCheckJob(ctx, region, &dtsapi.DescribeSubscribeCheckJobRequest{SubscribeId: id})
	if err != nil {
		return err
	}
	return checkFailure(j.Noun(), r)
}

// checkFailure lists every failed step, and every step with a warning.
func checkFailure(noun string, r *dtsapi.DescribeSubscribeCheckJobResponse) error {
	f := &jobkit.CheckFailure{What: "subscription", JobID: noun, Brief: tfkit.Str(r.Message),
		Advice: "DTS has no skip for a subscription's check: fix the database or the configuration and apply again."}
	for _, s := range r.Steps {
		if s == nil || (tfkit.Str(s.Status) != dtsapi.SubsCheckStepFailed && len(s.Warnings) == 0) {
			continue
		}
		step := jobkit.CheckStep{ID: tfkit.Str(s.StepId), Name: tfkit.Str(s.StepName), Status: tfkit.Str(s.Status)}
		if step.Status != dtsapi.SubsCheckStepFailed {
			step.Status = "warning"
		}
		for _, tip := range append(append([]*dtsapi.SubscribeCheckStepTip{}, s.Errors...), s.Warnings...) {
			if tip == nil {
				continue
			}
			line := strings.TrimSpace(tfkit.Str(tip.Message))
			if help := strings.TrimSpace(tfkit.Str(tip.HelpDoc)); help != "" {
				line += "; help: " + help
			}
			step.Items = append(step.Items, line)
		}
		f.Steps = append(f.Steps, step)
	}
	return f
}
