package emulator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The precheck, whatever the kind: a migration job's check, a sync job's
// check and its modify-check run the same deterministic rules on what a job
// is configured with, keep their last result in a checkState, report their
// progress the same way and skip failed steps the same way. Each kind renders
// the report in its own response structures (migration_check.go,
// sync_check.go). README.md ("Check rules") documents the rules.

// checkHelpDoc is the documentation page of the check items.
const checkHelpDoc = "https://cloud.tencent.com/document/product/571/61639"

// Check step IDs the rules use.
const (
	stepConnectDB    = dtsapi.CheckStepConnectDB
	stepSrcPrivilege = "SrcPrivilegeCheck"
	stepConstraint   = "ConstraintCheck"
	// failingCheckStep is the check step that fails when the job's Outcome
	// asks for a failed check (a target that already holds the objects).
	failingCheckStep = "DstEmptyCheck"
)

// unskippableSteps are the check steps that cannot be skipped, and why.
var unskippableSteps = map[string]string{
	stepConnectDB: "DTS cannot transfer data without connecting to both databases",
}

// Results of a finding (CheckStep.StepStatus values).
const (
	findingFailed  = dtsapi.CheckStepFailed
	findingWarning = dtsapi.CheckStepWarning
)

// checkState is the last check of a job.
type checkState struct {
	StartAt time.Time `json:",omitzero"`
	EndAt   time.Time `json:",omitzero"`
	// Result is the kind's pass or not-pass status once the check ended
	// (checkPass/checkNotPass, CheckPass/CheckNotPass).
	Result string `json:",omitempty"`
	// Skipped lists the check step IDs skipped by SkipCheckItem
	// (SkipSyncCheckItem). They are remembered for every later check of the
	// job.
	Skipped []string `json:",omitempty"`
	// Findings are the results of the last check that are not a plain pass
	// (failures, warnings, skipped steps), in step order. They are decided
	// when the check starts (checkRules) and completed when it ends.
	Findings []checkFinding `json:",omitempty"`
}

func (c checkState) skipped(stepID string) bool { return slices.Contains(c.Skipped, stepID) }

// checkFinding is what the check found at one step, other than a plain pass.
type checkFinding struct {
	StepID string
	// Result is failed or warning; "" for a step skipped by SkipCheckItem,
	// which the check does not run (it counts as passed).
	Result  string `json:",omitempty"`
	Skipped bool   `json:",omitempty"`
	// Message is the step's StepMessage.
	Message string      `json:",omitempty"`
	Items   []checkItem `json:",omitempty"`
}

func (f checkFinding) failed() bool { return f.Result == findingFailed && !f.Skipped }

// checkItem is one detailed check item of a finding (DetailCheckItem,
// StepTip).
type checkItem struct {
	Name        string
	Description string `json:",omitempty"`
	Reason      string `json:",omitempty"`
	Solution    string `json:",omitempty"`
	Log         string `json:",omitempty"`
}

// failed reports whether the check found a failure that was not skipped.
func (c *checkState) failed() bool {
	return slices.ContainsFunc(c.Findings, checkFinding.failed)
}

// finding returns the finding of a step, or nil.
func (c *checkState) finding(stepID string) *checkFinding {
	for i := range c.Findings {
		if c.Findings[i].StepID == stepID {
			return &c.Findings[i]
		}
	}
	return nil
}

// setFinding adds or replaces the finding of f.StepID, keeping the order of
// steps.
func (c *checkState) setFinding(f checkFinding, steps []stepDef) {
	if old := c.finding(f.StepID); old != nil {
		*old = f
		return
	}
	c.Findings = append(c.Findings, f)
	slices.SortStableFunc(c.Findings, func(a, b checkFinding) int {
		return stepIndex(steps, a.StepID) - stepIndex(steps, b.StepID)
	})
}

// failedSteps lists the steps that failed in the check.
func (c *checkState) failedSteps() []string {
	var out []string
	for _, f := range c.Findings {
		if f.failed() {
			out = append(out, f.StepID)
		}
	}
	return out
}

func stepIndex(steps []stepDef, id string) int {
	return slices.IndexFunc(steps, func(s stepDef) bool { return s.ID == id })
}

func stepName(steps []stepDef, id string) string {
	if i := stepIndex(steps, id); i >= 0 {
		return steps[i].Name
	}
	return id
}

// pickSteps returns the steps of all with the given IDs, in that order.
func pickSteps(all []stepDef, ids ...string) []stepDef {
	out := make([]stepDef, 0, len(ids))
	for _, id := range ids {
		i := stepIndex(all, id)
		if i < 0 {
			panic("emulator: no check step " + id)
		}
		out = append(out, all[i])
	}
	return out
}

// ---- the rules ----

// checkNode is one database node of a job's endpoints, as the rules see it.
type checkNode struct {
	// HostPath names the node's address in the configuration request, e.g.
	// SrcInfo.Info.0.Host.
	HostPath string
	// Source is true for the source endpoint, false for the target.
	Source bool
	// Host is the node's address (DBInfo.Host, Endpoint.Ip).
	Host string
	Port uint64
	User string
}

// checkSubject is what the check rules read of a job, whatever its kind.
type checkSubject struct {
	Nodes []checkNode
	// Databases are the names of the selected databases.
	Databases []string
	// Fails is the job's Outcome CheckFails.
	Fails bool
	// Configure names the action that corrects the configuration, Skip the
	// one that skips a check item, for the solutions the findings suggest.
	Configure, Skip string
}

// checkRules decides what a check of the subject finds, step by step, when
// the check starts. Steps skipped earlier are not run.
func checkRules(steps []stepDef, s checkSubject, skipped func(string) bool) []checkFinding {
	var out []checkFinding
	for _, st := range steps {
		if skipped(st.ID) {
			out = append(out, checkFinding{StepID: st.ID, Skipped: true})
			continue
		}
		var f *checkFinding
		switch st.ID {
		case stepConnectDB:
			f = connectFinding(s)
		case stepSrcPrivilege:
			f = privilegeFinding(s)
		case stepConstraint:
			f = constraintFinding(s)
		case failingCheckStep:
			if s.Fails {
				o := outcomeFinding(s.Skip)
				f = &o
			}
		}
		if f != nil {
			out = append(out, *f)
		}
	}
	return out
}

// outcomeFinding is the failure the Outcome CheckFails scripts: a target
// that already holds objects of the same name.
func outcomeFinding(skip string) checkFinding {
	return checkFinding{
		StepID: failingCheckStep, Result: findingFailed,
		Message: "The target instance already holds objects of the same name.",
		Items: []checkItem{{
			Name:        "目标实例内容冲突检查",
			Description: "The target must not hold the databases and tables the job transfers.",
			Reason:      "The target instance already holds databases or tables that the job transfers.",
			Solution:    "Empty the target objects, or skip this check item (" + skip + "), and check again.",
		}},
	}
}

// invalidHost reports whether host is in the special-use domain .invalid
// (RFC 6761), which never resolves.
func invalidHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	return h == "invalid" || strings.HasSuffix(h, ".invalid")
}

// connectFinding fails ConnectDBCheck for every node whose host is in the
// .invalid domain.
func connectFinding(s checkSubject) *checkFinding {
	var items []checkItem
	var hosts []string
	for _, n := range s.Nodes {
		if !invalidHost(n.Host) {
			continue
		}
		label := "target"
		if n.Source {
			label = "source"
		}
		addr := fmt.Sprintf("%s:%d", n.Host, n.Port)
		hosts = append(hosts, addr)
		items = append(items, checkItem{
			Name:        "Connection to the " + label + " database",
			Description: "DTS connects to every node of the " + label + " endpoint.",
			Reason:      fmt.Sprintf("Cannot connect to %s: the host does not resolve (the .invalid domain never does).", addr),
			Solution:    fmt.Sprintf("Correct %s (%s) and check again. This item cannot be skipped.", n.HostPath, s.Configure),
			Log:         fmt.Sprintf("dial tcp %s: lookup %s: no such host", addr, n.Host),
		})
	}
	if len(items) == 0 {
		return nil
	}
	return &checkFinding{StepID: stepConnectDB, Result: findingFailed, Items: items,
		Message: "Cannot connect to " + strings.Join(hosts, ", ") + "."}
}

// privilegeFinding warns at SrcPrivilegeCheck when a source account is
// root: it has more privileges than the job needs.
func privilegeFinding(s checkSubject) *checkFinding {
	for _, n := range s.Nodes {
		if n.Source && n.User == "root" {
			return &checkFinding{StepID: stepSrcPrivilege, Result: findingWarning,
				Message: "The source account has more privileges than the job needs.",
				Items: []checkItem{{
					Name:        "源实例权限检查",
					Description: "The source account needs the privileges the job uses, and no more.",
					Reason:      "The account root has more privileges than required; DTS uses only the privileges it needs.",
					Solution:    "Grant a dedicated account the minimum privileges (optional).",
					Log:         "The source account's privileges exceed the required ones: GRANT ALL PRIVILEGES ON *.* TO 'root'@'%'.",
				}}}
		}
	}
	return nil
}

// constraintFinding fails ConstraintCheck for every selected database whose
// name starts with fk_: its tables have foreign keys to tables outside the
// selected objects.
func constraintFinding(s checkSubject) *checkFinding {
	var items []checkItem
	var names []string
	for _, name := range s.Databases {
		if !strings.HasPrefix(name, "fk_") {
			continue
		}
		names = append(names, name)
		items = append(items, checkItem{
			Name:        "外键依赖检查",
			Description: "Tables with foreign keys need the tables they reference among the selected objects.",
			Reason:      fmt.Sprintf("Tables of database %s have foreign keys that reference tables outside the selected objects.", name),
			Solution:    "Add the referenced tables to the objects, or skip this item (" + s.Skip + ") and check again.",
			Log:         fmt.Sprintf("database %s: foreign key dependencies outside the selection", name),
		})
	}
	if len(items) == 0 {
		return nil
	}
	return &checkFinding{StepID: stepConstraint, Result: findingFailed, Items: items,
		Message: "Foreign key dependencies outside the selected objects: " + strings.Join(names, ", ") + "."}
}

// endCheckState records the end of check c at at: result is the status
// the job entered, pass or notPass. It keeps the findings consistent with
// the result: a check that did not pass shows at least one failed step (the
// Outcome's DstEmptyCheck, which also stands in for a forced not-pass), a
// check that passed shows none.
func endCheckState(c *checkState, result, pass, notPass string, at time.Time, outcomeFails bool, skip string, steps []stepDef) {
	if c.EndAt.IsZero() {
		c.EndAt = at
	}
	c.Result = result
	switch result {
	case notPass:
		if (outcomeFails && !c.skipped(failingCheckStep)) || !c.failed() {
			c.setFinding(outcomeFinding(skip), steps)
		}
	case pass:
		c.Findings = slices.DeleteFunc(c.Findings, func(f checkFinding) bool { return f.failed() })
	}
}

// ---- the report of the last check ----

// checkReport is the last check of a job at a point in time, as every
// kind's check results show it.
type checkReport struct {
	// Status is notStarted, running, success or failed.
	Status string
	// Passed is set once the check passed; Failed once it did not.
	Passed, Failed bool
	Brief          string
	Done           int // steps completed
	Steps          []checkStepReport
}

type checkStepReport struct {
	def           stepDef
	done, running bool
	partial       time.Duration
	start, finish time.Time
	finding       *checkFinding // shown once the step is done
	hasSkipped    bool
}

// buildCheckReport reports check c, whose steps are steps and whose
// progress is p (nil before any check): checking says whether it runs now,
// pass and notPass are the kind's results.
func buildCheckReport(c *checkState, steps []stepDef, p *progress, checking bool, pass, notPass string) *checkReport {
	r := &checkReport{Status: dtsapi.CheckStatusNotStarted}
	if p == nil && c.Result == "" && !checking {
		return r
	}
	done := 0
	if p != nil {
		done = min(p.Done, len(steps))
	}
	if !checking && c.Result != "" {
		// A finished check has run every step (also a forced result).
		done = len(steps)
	}
	r.Done = done
	var failed []string
	for i, s := range steps {
		sr := checkStepReport{def: s, done: i < done, running: checking && i == done, hasSkipped: c.skipped(s.ID)}
		if p != nil && i < len(p.Steps) {
			sr.start, sr.finish = p.Steps[i].Start, p.Steps[i].Finish
		}
		if sr.running && p != nil {
			sr.partial = p.Partial
		}
		if sr.done {
			sr.finding = c.finding(s.ID)
			if sr.finding != nil && sr.finding.failed() {
				failed = append(failed, s.ID)
			}
		}
		r.Steps = append(r.Steps, sr)
	}
	switch {
	case checking:
		r.Status, r.Brief = dtsapi.CheckStatusRunning, "running"
	case c.Result == pass:
		r.Status, r.Passed, r.Brief = dtsapi.CheckStatusSuccess, true, "success"
	case c.Result == notPass:
		r.Status, r.Failed = dtsapi.CheckStatusFailed, true
		r.Brief = "The check did not pass: " + strings.Join(failed, ", ") + " failed."
	default:
		// Interrupted by a forced status.
		r.Status, r.Brief = dtsapi.CheckStatusFailed, "The check was interrupted."
	}
	return r
}

// ---- skipping ----

// skipFailedSteps checks the StepIds of a skip request against check c:
// every entry must be a step that failed in it (InvalidParameterValue), and
// none a step that cannot be skipped (OperationDenied). It returns the IDs;
// the caller remembers them with c.skip.
func skipFailedSteps(c *checkState, ids []*string, jobID string, steps []stepDef) ([]string, *apiError) {
	var out []string
	for i, p := range ids {
		id := strings.TrimSpace(deref(p))
		f := c.finding(id)
		if f == nil || !f.failed() {
			return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `StepIds.%d` is not a step that failed in the last check of job %s (failed steps: %s).",
				id, i, jobID, strings.Join(c.failedSteps(), ", "))
		}
		if why, ok := unskippableSteps[id]; ok {
			return nil, errf(codeOperationDenied, "The check step %s (%s) cannot be skipped: %s. Fix the configuration and check again.",
				id, stepName(steps, id), why)
		}
		out = append(out, id)
	}
	return out, nil
}

// skip remembers steps as skipped for every later check.
func (c *checkState) skip(ids []string) {
	for _, id := range ids {
		if !c.skipped(id) {
			c.Skipped = append(c.Skipped, id)
		}
	}
}
