package emulator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The migration precheck: CreateMigrateCheckJob, DescribeMigrationCheckJob,
// SkipCheckItem, and the check's part of DescribeMigrationDetail
// (CheckStepInfo).
//
// A check runs the 13 steps of checkSteps. What it finds is decided by
// deterministic rules on the job's configuration when the check starts
// (checkRules), plus the job's scripted Outcome; each finding shows once its
// step is done. README.md ("Check rules") documents the rules.

// Check step IDs the rules use.
const (
	stepConnectDB    = "ConnectDBCheck"
	stepSrcPrivilege = "SrcPrivilegeCheck"
	stepConstraint   = "ConstraintCheck"
)

// unskippableSteps are the check steps SkipCheckItem refuses to skip.
var unskippableSteps = map[string]string{
	stepConnectDB: "DTS cannot migrate without connecting to both databases",
}

func checkStepName(id string) string {
	if i := stepIndex(checkSteps, id); i >= 0 {
		return checkSteps[i].Name
	}
	return id
}

// outcomeFinding is the failure the Outcome CheckFails scripts: a target
// that already holds objects of the same name.
func outcomeFinding() checkFinding {
	return checkFinding{
		StepID: failingCheckStep, Result: findingFailed,
		Message: "The target instance already holds objects of the same name.",
		Items: []checkItem{{
			Name:        "目标实例内容冲突检查",
			Description: "The target must not hold the databases and tables the job migrates.",
			Reason:      "The target instance already holds databases or tables that the job migrates.",
			Solution:    "Empty the target objects, or skip this check item (SkipCheckItem), and check again.",
		}},
	}
}

// migrationNodes are the database nodes of j's configuration, source then
// target, as the check rules see them.
func migrationNodes(j *migrationJob) []checkNode {
	var out []checkNode
	for _, side := range []struct {
		name, label string
		info        *dtsapi.DBEndpointInfo
	}{{"SrcInfo", "source", j.SrcInfo}, {"DstInfo", "target", j.DstInfo}} {
		if side.info == nil {
			continue
		}
		for i, db := range side.info.Info {
			if db == nil {
				continue
			}
			out = append(out, checkNode{
				Path: fmt.Sprintf("%s.Info.%d", side.name, i), HostMember: "Host", Label: side.label,
				Source: side.name == "SrcInfo", Access: deref(side.info.AccessType),
				CatalogType: deref(side.info.DatabaseType), Region: deref(side.info.Region),
				Host: deref(db.Host), Port: deref(db.Port), User: deref(db.User), InstanceID: deref(db.InstanceId),
			})
		}
	}
	return out
}

// checkRules decides what a check of j finds, from its configuration and
// its Outcome, when the check starts. Steps skipped earlier are not run.
func checkRules(j *migrationJob) []checkFinding {
	nodes := migrationNodes(j)
	var out []checkFinding
	for _, s := range checkSteps {
		if j.Check.skipped(s.ID) {
			out = append(out, checkFinding{StepID: s.ID, Skipped: true})
			continue
		}
		var f *checkFinding
		switch s.ID {
		case stepConnectDB:
			f = connectFinding(connectItems(nodes, "Correct %s (ModifyMigrationJob) and check again. This item cannot be skipped."))
		case stepSrcPrivilege:
			f = privilegeFinding(nodes)
		case stepConstraint:
			f = constraintFinding(j)
		case failingCheckStep:
			if j.Outcome.CheckFails {
				o := outcomeFinding()
				f = &o
			}
		}
		if f != nil {
			out = append(out, *f)
		}
	}
	return out
}

// constraintFinding fails ConstraintCheck for every selected database whose
// name starts with fk_: its tables have foreign keys to tables outside the
// migration objects.
func constraintFinding(j *migrationJob) *checkFinding {
	if j.MigrateOption == nil || j.MigrateOption.DatabaseTable == nil {
		return nil
	}
	var items []checkItem
	var names []string
	for _, db := range j.MigrateOption.DatabaseTable.Databases {
		if db == nil || !strings.HasPrefix(deref(db.DbName), "fk_") {
			continue
		}
		name := *db.DbName
		names = append(names, name)
		items = append(items, checkItem{
			Name:        "外键依赖检查",
			Description: "Tables with foreign keys need the tables they reference among the migration objects.",
			Reason:      fmt.Sprintf("Tables of database %s have foreign keys that reference tables outside the migration objects.", name),
			Solution:    "Add the referenced tables to the migration objects, or skip this item (SkipCheckItem with ForeignKeyFlag shield or migrate) and check again.",
			Log:         fmt.Sprintf("database %s: foreign key dependencies outside the selection", name),
		})
	}
	if len(items) == 0 {
		return nil
	}
	return &checkFinding{StepID: stepConstraint, Result: findingFailed, Items: items,
		Message: "Foreign key dependencies outside the migration objects: " + strings.Join(names, ", ") + "."}
}

// ---- the report of the last check ----

// checkReport builds the report of j's last check at now.
func (e *Emulator) checkReport(j *migrationJob, now time.Time) *checkReport {
	return lastCheck(migrationMachine, j, &j.Check, checkSteps, stChecking, now, e.scale)
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
	resp := &dtsapi.DescribeMigrationCheckJobResponse{
		Status:    ptr(r.Status),
		BriefMsg:  ptr(r.Brief),
		CheckFlag: ptr(r.Flag),
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
func createMigrateCheckJob(c *call, req *dtsapi.CreateMigrateCheckJobRequest) (*dtsapi.CreateMigrateCheckJobResponse, error) {
	if err := operateJob(c, migrationKind, *req.JobId, checkInstancesExist); err != nil {
		return nil, err
	}
	return &dtsapi.CreateMigrateCheckJobResponse{}, nil
}

// checkInstancesExist answers InvalidParameter.InstanceNotFound for the
// first cdb InstanceId of the job's configuration that the catalog does
// not hold.
func checkInstancesExist(j *migrationJob) *apiError { return instanceNotFound(migrationNodes(j)) }

// describeMigrationCheckJob answers the last check of a job (Status
// notStarted before any). It is a read: in step mode the job moves one step.
func describeMigrationCheckJob(c *call, req *dtsapi.DescribeMigrationCheckJobRequest) (*dtsapi.DescribeMigrationCheckJobResponse, error) {
	j, err := findJob[*migrationJob](c, migrationKind, *req.JobId)
	if err != nil {
		return nil, err
	}
	resp := c.e.migrationCheckJob(j, c.Now)
	c.read(migrationKind, j)
	return resp, nil
}

// skipCheckItem skips steps that failed in the last check. The job stays in
// checkNotPass: a new check (CreateMigrateCheckJob) counts the skipped steps
// as passed.
func skipCheckItem(c *call, req *dtsapi.SkipCheckItemRequest) (*dtsapi.SkipCheckItemResponse, error) {
	err := operateJob(c, migrationKind, *req.JobId, func(j *migrationJob) *apiError {
		var ids []string
		for i, p := range req.StepIds {
			id := strings.TrimSpace(deref(p))
			f := j.Check.finding(id)
			if f == nil || !f.failed() {
				return errf(codeInvalidParameterValue, "The value `%s` of parameter `StepIds.%d` is not a step that failed in the last check of job %s (failed steps: %s).",
					id, i, j.JobID, strings.Join(j.Check.failedSteps(), ", "))
			}
			if why, ok := unskippableSteps[id]; ok {
				return errf(codeOperationDenied, "The check step %s (%s) cannot be skipped: %s. Fix the configuration and check again.",
					id, checkStepName(id), why)
			}
			ids = append(ids, id)
		}
		for _, id := range ids {
			if !j.Check.skipped(id) {
				j.Check.Skipped = append(j.Check.Skipped, id)
			}
		}
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
