package compare

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Create waits until the parent job allows a compare task, creates the task
// (found again by its name and creation time when the reply is lost), writes
// its ID to the state at once, starts it and — with wait_for_completion —
// waits until it ends and applies the gate. Unlike a job's, every failure of
// a compare task's create is an error, so Terraform taints the task and the
// next apply runs a fresh comparison: a gate must never pass on a comparison
// that did not end (a timeout, a failed or stopped task, a different
// conclusion with fail_on_difference). The state records what the task got
// to, tainted or not.
func (r *taskResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config taskModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, createTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	// The plan-time rules once more, now that every value is known.
	if rules := validate(&config); rules.HasError() {
		resp.Diagnostics.Append(rules.Errors()...)
		return
	}
	plan.Region = types.StringValue(r.env.RegionOr(plan.Region.ValueString()))
	ctx, remaining := r.env.Budget(ctx, timeout)
	c := &creation{r: r, plan: &plan, state: &resp.State, private: resp.Private, diags: &resp.Diagnostics, remaining: remaining}
	c.run(ctx)
}

// creation is one Create.
type creation struct {
	r         *taskResource
	plan      *taskModel
	state     *tfsdk.State
	private   jobkit.PrivateSetter
	diags     *diag.Diagnostics
	remaining func() time.Duration
	t         *taskT
}

func (c *creation) run(ctx context.Context) {
	env, plan := c.r.env, c.plan
	jobID := plan.JobID.ValueString()
	opts, objects := plan.opts(), plan.objects()
	parent, err := waitParent(ctx, env, plan.Region.ValueString(), jobID, builtin(opts), c.remaining())
	if err == nil {
		if le := checkLink(parent, opts, objects); le != nil {
			err = fmt.Errorf("%w. Nothing was created", le)
		}
	}
	if err != nil {
		c.diags.Append(tfkit.ErrorDiagnostic("creating compare task", jobID, err))
		return
	}
	c.t = task(env, plan.Region.ValueString(), "")
	before, err := c.matching(ctx)
	if err != nil {
		c.diags.Append(tfkit.ErrorDiagnostic("creating compare task", jobID, err))
		return
	}
	id, err := env.Buy(ctx, c.purchase(ctx, before), c.diags)
	if err != nil {
		c.diags.Append(tfkit.ErrorDiagnostic("creating compare task", jobID, err))
		return
	}
	c.t.ID, plan.ID, plan.CompareTaskID = id, types.StringValue(id), types.StringValue(id)
	if c.diags.Append(jobkit.SaveFilled(ctx, c.state, plan, nil)...); c.diags.HasError() {
		return
	}
	err = c.startAndWait(ctx)
	// Read the task once more even if the apply was interrupted.
	readCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	c.r.states.SaveApplied(readCtx, c.t, plan, c.private, c.state, c.diags)
	if err == nil && plan.WaitForCompletion.ValueBool() {
		err = gate(readCtx, c.t, plan.FailOnDifference.ValueBool(), c.diags)
	}
	if err != nil {
		c.diags.Append(tfkit.ErrorDiagnostic("creating compare task", id, err,
			"The task is tainted: the next apply deletes it (stopping it first if it still runs) and runs a fresh comparison."))
	}
}

// startAndWait starts the task and, with wait_for_completion, waits until it
// ends in success.
func (c *creation) startAndWait(ctx context.Context) error {
	if err := op(ctx, c.t, func(f *family) string { return f.Start }); err != nil {
		// A lost reply may hide an accepted start: the task tells.
		if v, rerr := c.t.Describe(ctx); !client.MayHaveApplied(err) || rerr != nil || v == nil || v.Status == stCreated {
			return err
		}
	}
	if !c.plan.WaitForCompletion.ValueBool() {
		return nil
	}
	_, err := c.t.Wait(ctx, jobkit.Wait{Operation: c.t.Noun() + " to end", Pending: runPending,
		Target: []string{stSuccess}, Failure: []string{stFailed, stCanceled}}, c.remaining())
	return err
}

// builtin reports a builtin check (DTS's default type).
func builtin(o *optionsModel) bool {
	return o == nil || o.Type.IsNull() || o.Type.IsUnknown() || o.Type.ValueString() == "builtin"
}

// matching lists, before Create…CompareTask, the tasks a lookup would take
// for the one it creates (see lookup).
func (c *creation) matching(ctx context.Context) ([]string, error) {
	return lookup(ctx, c.r.env, c.t.Region, c.plan.JobID.ValueString(), c.plan.Name.ValueString(), c.r.env.Clock.Now())
}

// purchase is the task's Create…CompareTask. It has no idempotency token:
// when its reply is lost, the task is looked up among the job's tasks by its
// name and creation time (see lookup), leaving out the tasks that matched
// before the call (before, from matching) — such as the tainted task of the
// same name a create_before_destroy replacement still keeps.
func (c *creation) purchase(ctx context.Context, before []string) jobkit.Purchase {
	plan, t := c.plan, c.t
	jobID := plan.JobID.ValueString()
	f := familyOf(jobID)
	req := &dtsapi.CreateCompareTaskRequest{}
	// job_id, name, object_mode, options and objects: the known values (the
	// objects are unknown unless custom; unset options are DTS's defaults).
	expandErr := tfkit.Expand(ctx, plan, req)
	since := c.r.env.Clock.Now()
	return jobkit.Purchase{
		Action: f.Create,
		By:     "its name and creation time",
		Buy: func(ctx context.Context) (string, error) {
			if expandErr != nil {
				return "", expandErr
			}
			out := &dtsapi.CreateCompareTaskResponse{}
			if err := f.call(ctx, c.r.env, t.Region, f.Create, req, out); err != nil {
				return "", err
			}
			return jobkit.OneID(f.Create, []*string{out.CompareTaskId})
		},
		Lookup: func(ctx context.Context) ([]string, error) {
			ids, err := lookup(ctx, c.r.env, t.Region, jobID, tfkit.Str(req.TaskName), since)
			return slices.DeleteFunc(ids, func(id string) bool { return slices.Contains(before, id) }), err
		},
	}
}
