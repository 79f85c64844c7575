package emulator

import (
	"fmt"
	"slices"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The migration precheck: CreateMigrateCheckJob, DescribeMigrationCheckJob,
// SkipCheckItem, and the check's part of DescribeMigrationDetail
// (CheckStepInfo).
//
// A check runs the 13 steps of checkSteps. What it finds is decided by the
// kind-neutral rules of check.go on the job's configuration when the check
// starts (migrationCheck.rules), plus the job's scripted Outcome; each
// finding shows once its step is done. README.md ("Check rules") documents
// the rules.

// migrationCheck is the migration precheck.
var migrationCheck = &checkDef{
	Steps: checkSteps, Pass: stCheckPass, NotPass: stCheckNotPass,
	Configure: "ModifyMigrationJob", Skip: "SkipCheckItem", Scripted: failingCheckStep,
}

// migrationNodes are the database nodes of j's configuration, source then
// target, as the check rules see them.
func migrationNodes(j *migrationJob) []checkNode {
	var out []checkNode
	for _, side := range []struct {
		name   string
		source bool
		info   *dtsapi.DBEndpointInfo
	}{{"SrcInfo", true, j.SrcInfo}, {"DstInfo", false, j.DstInfo}} {
		if side.info == nil {
			continue
		}
		for i, db := range side.info.Info {
			if db == nil {
				continue
			}
			out = append(out, checkNode{
				Path: fmt.Sprintf("%s.Info.%d", side.name, i), HostMember: "Host", Source: side.source,
				Access: deref(side.info.AccessType), DatabaseType: deref(side.info.DatabaseType), Region: deref(side.info.Region),
				Host: deref(db.Host), Port: deref(db.Port), User: deref(db.User), InstanceID: deref(db.InstanceId),
			})
		}
	}
	return out
}

// migrationCheckSubject is what the check rules read of a migration job.
func migrationCheckSubject(j *migrationJob) checkSubject {
	s := checkSubject{Nodes: migrationNodes(j), Fails: j.Outcome.CheckFails}
	if j.MigrateOption != nil && j.MigrateOption.DatabaseTable != nil {
		for _, db := range j.MigrateOption.DatabaseTable.Databases {
			if db != nil {
				s.Databases = append(s.Databases, deref(db.DbName))
			}
		}
	}
	return s
}

// checkReport builds the report of j's last check at now.
func (e *Emulator) checkReport(j *migrationJob, now time.Time) *checkReport {
	return lastCheck(migrationMachine, j, &j.Check, migrationCheck, stChecking, now, e.scale)
}

// stepStatus is the CheckStep.StepStatus of a step.
func (s *checkStepReport) stepStatus() string {
	switch {
	case !s.done:
		return dtsapi.CheckStepNotStarted
	case s.finding == nil || s.finding.Skipped:
		return dtsapi.CheckStepPass
	case s.finding.Result == findingFailed:
		return dtsapi.CheckStepFailed
	case s.finding.Result == findingWarning:
		return dtsapi.CheckStepWarning
	}
	return dtsapi.CheckStepPass
}

// detailItems renders a step's DetailCheckItems.
func (s *checkStepReport) detailItems() []*dtsapi.DetailCheckItem {
	f := s.finding
	if !s.done || f == nil {
		return []*dtsapi.DetailCheckItem{}
	}
	if f.Skipped {
		return []*dtsapi.DetailCheckItem{{
			CheckItemName: ptr(s.def.Name),
			CheckResult:   ptr(findingWarning),
			Description:   ptr("Skipped by SkipCheckItem: DTS no longer checks this item."),
			ErrorLog:      []*string{ptr("skipped")},
			HelpDoc:       []*string{ptr(checkHelpDoc)},
		}}
	}
	out := make([]*dtsapi.DetailCheckItem, 0, len(f.Items))
	for _, it := range f.Items {
		d := &dtsapi.DetailCheckItem{
			CheckItemName: ptr(it.Name),
			Description:   ptr(it.Description),
			CheckResult:   ptr(f.Result),
			Solution:      ptr(it.Solution),
			HelpDoc:       []*string{ptr(checkHelpDoc)},
		}
		if f.Result == findingFailed {
			d.FailureReason = ptr(it.Reason)
		}
		if it.Log != "" {
			d.ErrorLog = []*string{ptr(it.Log)}
		}
		if _, unskippable := unskippableSteps[f.StepID]; !unskippable && f.Result == findingFailed {
			d.SkipInfo = ptr("This item can be skipped with SkipCheckItem.")
		}
		out = append(out, d)
	}
	return out
}

// migrationCheckJob renders the DescribeMigrationCheckJob response. Steps
// are numbered from 0, as in the sample.
func (e *Emulator) migrationCheckJob(j *migrationJob, now time.Time) *dtsapi.DescribeMigrationCheckJobResponse {
	r := e.checkReport(j, now)
	flag := ""
	switch {
	case r.Passed:
		flag = dtsapi.CheckFlagPass
	case r.Failed:
		flag = dtsapi.CheckFlagNotPass
	}
	resp := &dtsapi.DescribeMigrationCheckJobResponse{
		Status:    ptr(r.Status),
		BriefMsg:  ptr(r.Brief),
		CheckFlag: ptr(flag),
		StepInfo:  []*dtsapi.CheckStep{},
	}
	if r.Status == dtsapi.CheckStatusNotStarted {
		return resp
	}
	for i := range r.Steps {
		s := &r.Steps[i]
		step := &dtsapi.CheckStep{
			StepNo:           ptr(uint64(i)),
			StepId:           ptr(s.def.ID),
			StepName:         ptr(s.def.Name),
			StepStatus:       ptr(s.stepStatus()),
			DetailCheckItems: s.detailItems(),
			HasSkipped:       ptr(s.hasSkipped),
		}
		if s.done && s.finding != nil && !s.finding.Skipped {
			step.StepMessage = ptr(s.finding.Message)
		}
		resp.StepInfo = append(resp.StepInfo, step)
	}
	return resp
}

// checkStepInfo renders the last check as DescribeMigrationDetail's
// CheckStepInfo, as the sample shows it: every step numbered 0, a done step
// finished (a warning with Warnings), a step skipped by SkipCheckItem
// skipped (0%, Warnings "skipped"), a failure failed with Errors; StepAll
// counts the steps that run (not the skipped ones) and StepNow the step
// being run, StepAll once the check ended.
func (e *Emulator) checkStepInfo(j *migrationJob, now time.Time) *dtsapi.CheckStepInfo {
	info := &dtsapi.CheckStepInfo{}
	r := e.checkReport(j, now)
	if r.Status == dtsapi.CheckStatusNotStarted {
		return info
	}
	info.StartAt = fmtTime(j.Check.StartAt)
	info.EndAt = fmtTime(j.Check.EndAt)
	views := make([]*dtsapi.StepDetailInfo, 0, len(r.Steps))
	all, ran := 0, 0
	for i := range r.Steps {
		s := &r.Steps[i]
		v := checkStepView(s)
		if !s.hasSkipped {
			all++
			if s.done {
				ran++
			}
		}
		views = append(views, v)
	}
	// ProcessProgress.Status: success once passed, as in the sample.
	status, stepNow := r.Status, all
	if status == dtsapi.CheckStatusRunning {
		stepNow = min(ran+1, all)
	}
	info.Progress = &dtsapi.ProcessProgress{
		Status:  ptr(status),
		Percent: ptr(uint64(r.Done * 100 / len(checkSteps))),
		StepAll: ptr(uint64(all)),
		StepNow: ptr(uint64(stepNow)),
		Message: ptr(r.Brief),
		Steps:   views,
	}
	return info
}

// checkStepView renders one step of CheckStepInfo.
func checkStepView(s *checkStepReport) *dtsapi.StepDetailInfo {
	v := stepView(0, s.def)
	v.StartTime, v.FinishTime = fmtTimeOrEmpty(s.start), fmtTimeOrEmpty(s.finish)
	switch {
	case s.done:
		v.Status, v.Percent = ptr(stepFinished), ptr[uint64](100)
	case s.running:
		v.Status, v.Percent = ptr(stepRunning), ptr(percent(s.partial, s.def.Duration))
	}
	f := s.finding
	if !s.done || f == nil {
		return v
	}
	tips := func() []*dtsapi.ProcessStepTip {
		out := make([]*dtsapi.ProcessStepTip, 0, len(f.Items))
		for _, it := range f.Items {
			out = append(out, &dtsapi.ProcessStepTip{Message: ptr(it.Reason), Solution: ptr(it.Solution), HelpDoc: ptr(checkHelpDoc)})
		}
		return out
	}
	switch {
	case f.Skipped:
		v.Status, v.Percent = ptr(stepSkipped), ptr[uint64](0)
		v.Warnings = []*dtsapi.ProcessStepTip{{Message: ptr("skipped")}}
	case f.Result == findingFailed:
		v.Status, v.StepMessage, v.Errors = ptr(stepFailed), ptr(f.Message), tips()
	case f.Result == findingWarning:
		v.StepMessage, v.Warnings = ptr(f.Message), tips()
	}
	return v
}

// ---- handlers ----

// createMigrateCheckJob starts a precheck. Besides the operation's row (a
// configured job in created, checkPass or checkNotPass), every cdb instance
// of the configuration must exist in the catalog of its region and
// database type (InvalidParameter.InstanceNotFound otherwise; the job stays
// as it is).
func createMigrateCheckJob(_ *call, _ *dtsapi.CreateMigrateCheckJobRequest, j *migrationJob) *apiError {
	return instanceNotFound(migrationNodes(j))
}

// describeMigrationCheckJob answers the last check of a job (Status
// notStarted before any). It is a read: in step mode the job moves one step.
func describeMigrationCheckJob(c *call, j *migrationJob) *dtsapi.DescribeMigrationCheckJobResponse {
	return c.e.migrationCheckJob(j, c.Now)
}

// skipCheckItem skips steps that failed in the last check. The job stays in
// checkNotPass: a new check (CreateMigrateCheckJob) counts the skipped steps
// as passed.
func skipCheckItem(c *call, req *dtsapi.SkipCheckItemRequest) (*dtsapi.SkipCheckItemResponse, error) {
	err := operateJob(c, migrationKind, *req.JobId, func(j *migrationJob) *apiError {
		ids, err := migrationCheck.skipFailed(&j.Check, req.StepIds, j.JobID)
		if err != nil {
			return err
		}
		j.Check.skip(ids)
		if flag := deref(req.ForeignKeyFlag); flag != "" {
			j.ForeignKeyFlag = flag
		} else if slices.Contains(ids, stepConstraint) {
			j.ForeignKeyFlag = "shield"
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &dtsapi.SkipCheckItemResponse{Message: ptr("skip item successfully")}, nil
}
