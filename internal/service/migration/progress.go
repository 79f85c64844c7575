package migration

import (
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Kind is the migration job kind as data, for what reads a migration job
// from outside this package (a compare task's parent job, measurements).
var Kind = kind

// The progress a migration job reports of the work of its status, for the
// waiter's prediction (jobkit.View.Percent): the check's steps while
// checking, the full load's steps while running.

// incrementalStep is the StepId of the incremental step (the samples'
// "sinker"): it never ends, so it is no part of the full load. The step
// statuses are StepDetailInfo.Status values (dtsapi.Enums).
const (
	incrementalStep = "sinker"
	stepSkipped     = "skipped"
	stepRunning     = "running"
)

// setProgress fills v's progress from d.
func setProgress(v *jobkit.View[detail], d *detail) {
	switch v.Status {
	case stChecking:
		if d.CheckStepInfo != nil {
			checkProgress(v, d.CheckStepInfo.Progress)
		}
	case stRunning:
		if d.StepInfo != nil {
			loadProgress(v, d.StepInfo)
		}
	}
}

// checkProgress: the check's steps (those skipped by SkipCheckItem do not
// run), each at its percentage.
func checkProgress(v *jobkit.View[detail], p *dtsapi.ProcessProgress) {
	if p == nil {
		return
	}
	var percents []int64
	for _, s := range p.Steps {
		if s == nil || tfkit.Str(s.Status) == stepSkipped {
			continue
		}
		percents = append(percents, tfkit.Count(s.Percent))
		if tfkit.Str(s.Status) == stepRunning {
			v.Step = tfkit.Str(s.StepName)
		}
	}
	v.Percent = jobkit.StepsPercent(percents)
	if v.Percent < 0 && p.Percent != nil {
		v.Percent = int64(*p.Percent)
	}
	v.StepNow, v.StepAll = tfkit.Count(p.StepNow), tfkit.Count(p.StepAll)
}

// loadProgress: the steps of the full load, those before the incremental
// step.
func loadProgress(v *jobkit.View[detail], d *dtsapi.MigrateDetailInfo) {
	var percents []int64
	for _, s := range d.StepInfo {
		if s == nil || tfkit.Str(s.StepId) == incrementalStep {
			break
		}
		percents = append(percents, tfkit.Count(s.Percent))
	}
	v.Percent = jobkit.StepsPercent(percents)
	v.StepNow, v.StepAll = tfkit.Count(d.StepNow), int64(len(percents))
}
