package compare

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// A task is created when its parent job is in its incremental phase — a
// comparison during the full load reports differences that are not real —
// and allows a compare task (the verb createCmpTask). The parent is read
// through jobkit's parent view; the phases a creation waits on are:
const (
	// phaseReady: incremental, and createCmpTask allowed.
	phaseReady = "incremental"
	// phaseRefused: the parent says why it refuses a builtin check
	// (CauseOfCompareDisable).
	phaseRefused = "refusing a builtin check"
	// phaseClosed: incremental, and yet without createCmpTask: DTS takes no
	// check of any type (e.g. a sync job to Kafka); the message is DTS's
	// reason, when it gives one (CauseOfCompareDisable).
	phaseClosed = "taking no compare task"
	// phaseEnded: the job ended (or is ending); DTS takes no compare task of
	// it.
	phaseEnded = "ended"
)

// towardIncremental are the parent statuses from which a job reaches its
// incremental phase on its own (migration and sync spellings).
var towardIncremental = []string{
	dtsapi.MigrationStatusReadyRun, dtsapi.MigrationStatusRunning, dtsapi.MigrationStatusResuming,
	dtsapi.SyncStatusReadyRunning, dtsapi.SyncStatusRunning, dtsapi.SyncStatusResuming,
}

// incrementalPhase says what the incremental phase is for a kind, in
// messages.
var incrementalPhase = map[string]string{
	"migration job": "status readyComplete",
	"sync job":      "status Running with its initial load done",
}

// parentKind is a parent as a creation waits on it; builtin: the check is a
// builtin one, which a parent's CauseOfCompareDisable refuses.
func parentKind(noun string, builtin bool) *jobkit.Kind[jobkit.Parent] {
	return &jobkit.Kind[jobkit.Parent]{
		Noun: noun,
		Describe: func(ctx context.Context, env *jobkit.Env, region, id string) (*jobkit.Parent, error) {
			return env.DescribeParent(ctx, region, id)
		},
		View: func(p *jobkit.Parent) *jobkit.View[jobkit.Parent] {
			v := &jobkit.View[jobkit.Parent]{Status: p.Status, Phase: p.Status, Allowed: p.Allowed, Message: p.Message, Percent: -1}
			allows := v.Allows(dtsapi.VerbCreateCmpTask)
			switch {
			case p.Ended: // the message: its status, and DTS's word on it
				v.Phase, v.Message = phaseEnded, strings.TrimSuffix(p.Status+": "+p.Message, ": ")
			case p.Incremental && !allows:
				v.Phase, v.Message = phaseClosed, p.Refusal
			case builtin && p.Refusal != "":
				v.Phase, v.Message = phaseRefused, p.Refusal
			case p.Incremental:
				v.Phase = phaseReady
			}
			return v
		},
	}
}

// waitParent waits until the parent job allows the task's creation, and
// fails at once when it takes no compare task (it ended, or DTS refuses the
// check, with its reason) or is in a status from which it does not get
// there on its own.
func waitParent(ctx context.Context, env *jobkit.Env, region, jobID string, builtin bool, timeout time.Duration) (*jobkit.Parent, error) {
	noun := jobkit.ParentNoun(jobID)
	j := jobkit.NewJob(env, parentKind(noun, builtin), region, jobID)
	v, err := j.Wait(ctx, jobkit.Wait{Operation: j.Noun() + " to reach its incremental phase", Phase: true,
		Pending: towardIncremental, Target: []string{phaseReady}, Failure: []string{phaseRefused, phaseClosed, phaseEnded}}, timeout)
	var unexpected *waiter.UnexpectedStatusError
	var failure *waiter.FailureStatusError
	switch {
	case errors.As(err, &failure):
		return nil, refusal(j.Noun(), failure)
	case errors.As(err, &unexpected):
		return nil, fmt.Errorf("%s is %s: a compare task is created in the job's incremental phase (%s, allowing %s), "+
			"which the job does not reach on its own from there. Start or resume the job first (state = \"running\"); "+
			"a migration without incremental sync (migrate_type full or structure) has no such phase",
			j.Noun(), unexpected.Status, incrementalPhase[noun], dtsapi.VerbCreateCmpTask)
	case err != nil:
		return nil, err
	}
	return v.Object, nil
}

// refusal says why a parent takes no compare task: DTS's reason where it
// gives one.
func refusal(noun string, f *waiter.FailureStatusError) error {
	switch f.Status {
	case phaseEnded:
		return fmt.Errorf("%s ended (%s): a compare task needs a running job in its incremental phase, and DTS takes "+
			"none once a job ended. Compare while the job runs, before it is completed or stopped",
			noun, f.Message)
	case phaseClosed:
		why := "DTS gives no reason (CauseOfCompareDisable is empty)"
		if f.Message != "" {
			why = "DTS says why (CauseOfCompareDisable): " + f.Message
		}
		return fmt.Errorf("%s takes no consistency check of any type: it is in its incremental phase, but %s is not among "+
			"its allowed actions. %s", noun, dtsapi.VerbCreateCmpTask, why)
	}
	return fmt.Errorf("%s refuses a builtin consistency check (CauseOfCompareDisable): %s. A check of type "+
		"\"independent\" (options.type) may still be possible", noun, f.Message)
}

// linkRules are the API's rules between the options and objects and the
// parent's link: the attribute, the rule, and the database types it needs on
// either side. They are checked at plan time when the parent is known then
// (ModifyPlan: a replacement that would fail must not delete the task that
// passed), and in Create once the parent is read, before anything is
// created.
var linkRules = []struct {
	attr, rule string
	applies    func(o *optionsModel, objects *objectsModel) bool
	needs      []string
	not        bool // the rule forbids the types instead
}{
	{"objects.advanced_objects", "advanced objects are compared on mongodb links only",
		func(_ *optionsModel, ob *objectsModel) bool { return ob != nil && len(ob.AdvancedObjects) > 0 }, []string{"mongodb"}, false},
	{"options.compare_mode", "structureCheck is supported on postgresql links only",
		func(o *optionsModel, _ *objectsModel) bool {
			return o != nil && slices.Contains(o.CompareMode, "structureCheck")
		}, []string{"postgresql"}, false},
	{"options.compare_mode", "advanceObject is supported on mongodb links only",
		func(o *optionsModel, _ *objectsModel) bool {
			return o != nil && slices.Contains(o.CompareMode, "advanceObject")
		}, []string{"mongodb"}, false},
	{"options.type", "an independent check is not supported on mongodb and Redis-family links (mongodb及redis链路不支持独立校验)",
		func(o *optionsModel, _ *objectsModel) bool { return o != nil && o.Type.ValueString() == "independent" },
		[]string{"mongodb", "redis", "tendis", "keewidb"}, true},
}

// linkError is a link rule the configuration breaks.
type linkError struct {
	Attr, Rule string
	Parent     *jobkit.Parent
}

func (e *linkError) Error() string {
	p := e.Parent
	return fmt.Sprintf("%s: %s, and %s %s links %s to %s", e.Attr, e.Rule, p.Noun, p.ID, p.Src, p.Dst)
}

// anyLinkRule reports whether a link rule applies to the options and
// objects, so that the parent must be read.
func anyLinkRule(o *optionsModel, objects *objectsModel) bool {
	for _, r := range linkRules {
		if r.applies(o, objects) {
			return true
		}
	}
	return false
}

// checkLink applies linkRules to the parent p; nil when none is broken.
func checkLink(p *jobkit.Parent, o *optionsModel, objects *objectsModel) *linkError {
	for _, r := range linkRules {
		if !r.applies(o, objects) {
			continue
		}
		on := slices.Contains(r.needs, p.Src) || slices.Contains(r.needs, p.Dst)
		if on == r.not {
			return &linkError{Attr: r.attr, Rule: r.rule, Parent: p}
		}
	}
	return nil
}
