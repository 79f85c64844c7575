// Package compare is the dts_compare_task resource and the compare data
// sources (dts_compare_tasks, dts_compare_report): a data consistency check
// of a migration job or a sync job, one resource for both API families
// (*Compare* and *SyncCompare*, chosen by the parent's ID), on
// internal/jobkit's machinery.
package compare

import (
	"context"
	"fmt"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The compare task's contract: README §4d and the emulator's compare machine.

type item = dtsapi.CompareTaskItem

type (
	taskT = jobkit.Job[item]
	viewT = jobkit.View[item]
)

// Status shorthands.
const (
	stCreated  = dtsapi.CompareStatusCreated
	stReadyRun = dtsapi.CompareStatusReadyRun
	stRunning  = dtsapi.CompareStatusRunning
	stSuccess  = dtsapi.CompareStatusSuccess
	stStopping = dtsapi.CompareStatusStopping
	stFailed   = dtsapi.CompareStatusFailed
	stCanceled = dtsapi.CompareStatusCanceled
)

var (
	allStatuses = dtsapi.MustEnum("CompareTaskItem.Status").Values
	// Statuses that resolve on their own.
	transitional = []string{stReadyRun, stRunning, stStopping}
	// A started task runs through these to success (created: the first
	// read after the start may still see it).
	runPending = []string{stCreated, stReadyRun, stRunning, stStopping}
)

// kind is the compare task for the kit. Its ID is the task's; the parent's
// is the part before "-cmp-".
var kind = &jobkit.Kind[item]{
	Noun:         "compare task",
	Describe:     describeTask,
	View:         view,
	Statuses:     allStatuses,
	Transitional: transitional,
}

// describeTask reads one task with the family's Describe…CompareTasks; a
// task (or parent) that is gone is nil or a not-found error.
func describeTask(ctx context.Context, env *jobkit.Env, region, id string) (*item, error) {
	jobID := parentOf(id)
	f := familyOf(jobID)
	if f == nil {
		return nil, fmt.Errorf("%q is not a compare task ID (<job ID>-cmp-…)", id)
	}
	out := &dtsapi.DescribeCompareTasksResponse{}
	req := &dtsapi.DescribeCompareTasksRequest{JobId: &jobID, CompareTaskId: &id}
	if err := f.call(ctx, env, region, f.List, req, out); err != nil {
		return nil, err
	}
	for _, t := range out.Items {
		if t != nil && tfkit.Str(t.CompareTaskId) == id {
			return t, nil
		}
	}
	return nil, nil
}

func view(t *item) *viewT {
	v := &viewT{Status: tfkit.Str(t.Status), Message: strings.TrimSpace(tfkit.Str(t.Message)), Percent: -1}
	for _, p := range []*dtsapi.ProcessProgress{t.CompareProcess, t.CheckProcess} {
		if p == nil || tfkit.Str(p.Status) != "running" {
			continue
		}
		if p.Percent != nil {
			v.Percent = int64(*p.Percent)
		}
		for _, s := range p.Steps {
			if s != nil && s.StepNo != nil && p.StepNow != nil && *s.StepNo == *p.StepNow {
				v.Step = tfkit.FirstNonEmpty(tfkit.Str(s.StepName), tfkit.Str(s.StepId))
			}
		}
		break
	}
	return v
}

// task binds a task: every call goes to its parent's region.
func task(env *jobkit.Env, region, id string) *taskT { return jobkit.NewJob(env, kind, region, id) }

// op makes one of the family's actions on the task that take JobId and
// CompareTaskId and answer nothing (start, stop, delete).
func op(ctx context.Context, t *taskT, action func(*family) string) error {
	jobID := parentOf(t.ID)
	f := familyOf(jobID)
	if f == nil {
		return fmt.Errorf("%q is not a compare task ID (<job ID>-cmp-…)", t.ID)
	}
	req := &dtsapi.StartCompareRequest{JobId: &jobID, CompareTaskId: &t.ID}
	return f.call(ctx, t.Env, t.Region, action(f), req, &struct{}{})
}

// deleter is the compare task's delete sequence: wait out a stop under way,
// stop a task that runs (through stopping to canceled), delete it. A task
// that ended before the stop reached it is deleted as it is.
func deleter(t *taskT) jobkit.Deleter {
	return jobkit.Deleter{
		WaitOut:  []string{stStopping},
		StopFrom: []string{stReadyRun, stRunning},
		Stopped:  stCanceled,
		Stop: func(ctx context.Context) error {
			if err := op(ctx, t, func(f *family) string { return f.Stop }); err != nil && !client.IsWrongState(err) {
				return err
			}
			return nil
		},
		Destroy: func(ctx context.Context) error { return op(ctx, t, func(f *family) string { return f.Delete }) },
	}
}
