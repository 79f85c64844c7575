package emulator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The precheck, whatever the kind: a migration job's check, a sync job's
// check and its modify-check, and a subscription's check run the same
// deterministic rules on the database nodes and objects a job is configured
// with, keep their last result in a checkState, report their progress the
// same way and skip failed steps the same way. A checkDef says what differs
// between them (steps, result statuses, the actions the solutions name, the
// step the Outcome fails); each kind adapts its configuration to a
// checkSubject and renders the report in its own response structures
// (migration_check.go, sync_check.go, subscription_check.go). README.md
// ("Check rules") documents the rules.

// checkHelpDoc is the documentation page of the check items.
const checkHelpDoc = "https://cloud.tencent.com/document/product/571/61639"

// Check step IDs the rules use.
const (
	stepConnectDB    = dtsapi.CheckStepConnectDB
	stepSrcPrivilege = "SrcPrivilegeCheck"
	stepConstraint   = "ConstraintCheck"
	stepBinlogParam  = "BinlogParamCheck"
	// failingCheckStep is the check step that fails when a migration or sync
	// job's Outcome asks for a failed check (a target that already holds the
	// objects).
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

// checkDef is one kind of check: what differs between the checks of the
// kinds.
type checkDef struct {
	Steps []stepDef
	// Pass and NotPass are the statuses a check ends in, in the kind's
	// vocabulary (checkPass, CheckPass, …).
	Pass, NotPass string
	// Configure names the action that corrects the configuration, Skip the
	// one that skips a failed step ("" when the kind's checks cannot be
	// skipped), for the solutions the findings suggest.
	Configure, Skip string
	// Scripted is the step the Outcome's CheckFails fails; its failure also
	// stands in for a forced not-pass (scriptedFinding).
	Scripted string
	// IsolatedSources fails ConnectDBCheck for a source cdb instance the
	// catalog has isolated (subscriptions; migration and sync jobs do not
	// check it).
	IsolatedSources bool
}

// checkState is the last check of a job.
type checkState struct {
	StartAt time.Time `json:",omitzero"`
	EndAt   time.Time `json:",omitzero"`
	// Result is the checkDef's Pass or NotPass once the check ended.
	Result string `json:",omitempty"`
	// Skipped lists the check step IDs skipped by SkipCheckItem
	// (SkipSyncCheckItem). They are remembered for every later check of the
	// job.
	Skipped []string `json:",omitempty"`
	// Findings are the results of the last check that are not a plain pass
	// (failures, warnings, skipped steps), in step order. They are decided
	// when the check starts (checkDef.rules) and completed when it ends.
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

// ---- what the rules read ----

// checkNode is one database node of a job's endpoints, as the rules see it.
type checkNode struct {
	// Path names the node in the configuring request: SrcInfo.Info.0,
	// SrcInfos.Info.1, Endpoints.0.
	Path string
	// HostMember is the node's member that holds the host: Host, Ip or
	// HostName.
	HostMember string
	// Source is true for the source endpoint, false for the target.
	Source bool
	// Access is the endpoint's access type; DatabaseType the database type
	// of the instance catalog its InstanceId belongs to; Region its region.
	Access, DatabaseType, Region string
	Host                         string
	Port                         uint64
	User                         string
	InstanceID                   string
}

// label names the endpoint the node belongs to.
func (n checkNode) label() string {
	if n.Source {
		return "source"
	}
	return "target"
}

// checkSubject is what the check rules read of a job, whatever its kind.
type checkSubject struct {
	Nodes []checkNode
	// Databases are the names of the selected databases.
	Databases []string
	// Fails is the job's Outcome CheckFails.
	Fails bool
}

// instanceNotFound answers InvalidParameter.InstanceNotFound for the first
// cdb node whose InstanceId the instance catalog of its database type does
// not hold (types the catalog does not have are not checked).
func instanceNotFound(nodes []checkNode) *apiError {
	for _, n := range nodes {
		if n.Access != "cdb" || n.InstanceID == "" || catalog(n.DatabaseType) == nil ||
			catalogInstance(n.DatabaseType, n.InstanceID) != nil {
			continue
		}
		return errf(codeInstanceNotFound, "The instance %s (%s.InstanceId) does not exist: region %s has no %s instance with that ID.",
			n.InstanceID, n.Path, n.Region, n.DatabaseType)
	}
	return nil
}

// ---- the rules ----

// rules decides what a check of the subject finds, step by step, when the
// check starts. Steps skipped earlier are not run.
func (d *checkDef) rules(s checkSubject, skipped func(string) bool) []checkFinding {
	var out []checkFinding
	for _, st := range d.Steps {
		if skipped(st.ID) {
			out = append(out, checkFinding{StepID: st.ID, Skipped: true})
			continue
		}
		var f *checkFinding
		switch st.ID {
		case stepConnectDB:
			f = d.connectFinding(s.Nodes)
		case stepSrcPrivilege:
			f = privilegeFinding(s.Nodes)
		case stepConstraint:
			f = constraintFinding(s.Databases, d.Skip)
		}
		if st.ID == d.Scripted && s.Fails {
			o := d.scriptedFinding()
			f = &o
		}
		if f != nil {
			out = append(out, *f)
		}
	}
	return out
}

// scriptedFinding is the failure the Outcome CheckFails scripts at
// d.Scripted: a target that already holds objects of the same name
// (DstEmptyCheck), or a source whose binlog a subscription cannot read
// (BinlogParamCheck).
func (d *checkDef) scriptedFinding() checkFinding {
	if d.Scripted == stepBinlogParam {
		return checkFinding{StepID: stepBinlogParam, Result: findingFailed,
			Message: "The source's binlog parameters do not allow a subscription.",
			Items: []checkItem{{
				Name:     "binlog参数检查",
				Reason:   "binlog_format is STATEMENT; a subscription needs ROW, and binlog_row_image FULL.",
				Solution: "Set binlog_format=ROW and binlog_row_image=FULL on the source, then check again.",
			}}}
	}
	return checkFinding{
		StepID: d.Scripted, Result: findingFailed,
		Message: "The target instance already holds objects of the same name.",
		Items: []checkItem{{
			Name:        "目标实例内容冲突检查",
			Description: "The target must not hold the databases and tables the job transfers.",
			Reason:      "The target instance already holds databases or tables that the job transfers.",
			Solution:    "Empty the target objects, or skip this check item (" + d.Skip + "), and check again.",
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
// .invalid domain and, when d checks them, every isolated source instance.
func (d *checkDef) connectFinding(nodes []checkNode) *checkFinding {
	solution := "Correct %s (" + d.Configure + ") and check again."
	if d.Skip != "" {
		solution += " This item cannot be skipped."
	}
	var items []checkItem
	var addrs []string
	for _, n := range nodes {
		if !invalidHost(n.Host) {
			continue
		}
		addr := fmt.Sprintf("%s:%d", n.Host, n.Port)
		addrs = append(addrs, addr)
		items = append(items, checkItem{
			Name:        "Connection to the " + n.label() + " database",
			Description: "DTS connects to every node of the " + n.label() + " endpoint.",
			Reason:      fmt.Sprintf("Cannot connect to %s: the host does not resolve (the .invalid domain never does).", addr),
			Solution:    fmt.Sprintf(solution, n.Path+"."+n.HostMember),
			Log:         fmt.Sprintf("dial tcp %s: lookup %s: no such host", addr, n.Host),
		})
	}
	if d.IsolatedSources {
		more, ids := isolatedItems(nodes, d.Configure)
		items, addrs = append(items, more...), append(addrs, ids...)
	}
	if len(items) == 0 {
		return nil
	}
	return &checkFinding{StepID: stepConnectDB, Result: findingFailed, Items: items,
		Message: "Cannot connect to " + strings.Join(addrs, ", ") + "."}
}

// isolatedItems fail the connection to a source cdb instance the catalog
// has isolated (…0005): DTS cannot read from it. configure names the action
// that chooses another.
func isolatedItems(nodes []checkNode, configure string) (items []checkItem, ids []string) {
	for _, n := range nodes {
		if !n.Source || n.Access != "cdb" {
			continue
		}
		in := catalogInstance(n.DatabaseType, n.InstanceID)
		if in == nil || in.SrcHint == "" {
			continue
		}
		ids = append(ids, in.ID)
		items = append(items, checkItem{
			Name:     "Connection to the source database",
			Reason:   fmt.Sprintf("Cannot connect to %s: %s.", in.ID, in.SrcHint),
			Solution: fmt.Sprintf("Choose an instance in service (%s.InstanceId, %s) and check again.", n.Path, configure),
		})
	}
	return items, ids
}

// privilegeFinding warns at SrcPrivilegeCheck when a source account is
// root: it has more privileges than DTS needs.
func privilegeFinding(nodes []checkNode) *checkFinding {
	for _, n := range nodes {
		if n.Source && n.User == "root" {
			return &checkFinding{StepID: stepSrcPrivilege, Result: findingWarning,
				Message: "The source account has more privileges than DTS needs.",
				Items: []checkItem{{
					Name:        "源实例权限检查",
					Description: "The source account needs the privileges DTS uses, and no more.",
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
// selected objects. skip names the action that skips it.
func constraintFinding(databases []string, skip string) *checkFinding {
	var items []checkItem
	var names []string
	for _, name := range databases {
		if !strings.HasPrefix(name, "fk_") {
			continue
		}
		names = append(names, name)
		items = append(items, checkItem{
			Name:        "外键依赖检查",
			Description: "Tables with foreign keys need the tables they reference among the selected objects.",
			Reason:      fmt.Sprintf("Tables of database %s have foreign keys that reference tables outside the selected objects.", name),
			Solution:    "Add the referenced tables to the objects, or skip this item (" + skip + ") and check again.",
			Log:         fmt.Sprintf("database %s: foreign key dependencies outside the selection", name),
		})
	}
	if len(items) == 0 {
		return nil
	}
	return &checkFinding{StepID: stepConstraint, Result: findingFailed, Items: items,
		Message: "Foreign key dependencies outside the selected objects: " + strings.Join(names, ", ") + "."}
}

// end records the end of check c at at: result is the status the job
// entered, d.Pass or d.NotPass; scriptedFails is whether the Outcome asks for
// a failure. It keeps the findings consistent with the result: a check that
// did not pass shows at least one failed step (the scripted one, which also
// stands in for a forced not-pass), a check that passed shows none.
func (d *checkDef) end(c *checkState, result string, at time.Time, scriptedFails bool) {
	if c.EndAt.IsZero() {
		c.EndAt = at
	}
	c.Result = result
	switch result {
	case d.NotPass:
		if (scriptedFails && !c.skipped(d.Scripted)) || !c.failed() {
			c.setFinding(d.scriptedFinding(), d.Steps)
		}
	case d.Pass:
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

// lastCheck is the report of the last check c (of definition d) of job j of
// machine m at now: checking is the status of the job machine that runs the
// check.
func lastCheck[J any](m *machine[J], j *J, c *checkState, d *checkDef, checking string, now time.Time, scale float64) *checkReport {
	l := m.life(j)
	p := l.Progress[checking]
	if l.Status == checking && p != nil {
		p = m.progressAt(j, now, scale)
	}
	return d.report(c, p, l.Status == checking)
}

// report reports check c, whose progress is p (nil before any check):
// checking says whether it runs now.
func (d *checkDef) report(c *checkState, p *progress, checking bool) *checkReport {
	r := &checkReport{Status: dtsapi.CheckStatusNotStarted}
	if p == nil && c.Result == "" && !checking {
		return r
	}
	done := 0
	if p != nil {
		done = min(p.Done, len(d.Steps))
	}
	if !checking && c.Result != "" {
		// A finished check has run every step (also a forced result).
		done = len(d.Steps)
	}
	r.Done = done
	var failed []string
	for i, s := range d.Steps {
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
	case c.Result == d.Pass:
		r.Status, r.Passed, r.Brief = dtsapi.CheckStatusSuccess, true, "success"
	case c.Result == d.NotPass:
		r.Status, r.Failed = dtsapi.CheckStatusFailed, true
		r.Brief = "The check did not pass: " + strings.Join(failed, ", ") + " failed."
	default:
		// Interrupted by a forced status.
		r.Status, r.Brief = dtsapi.CheckStatusFailed, "The check was interrupted."
	}
	return r
}

// ---- skipping ----

// skipFailed checks the StepIds of a skip request against check c: every
// entry must be a step that failed in it (InvalidParameterValue), and none a
// step that cannot be skipped (OperationDenied). It returns the IDs; the
// caller remembers them with c.skip.
func (d *checkDef) skipFailed(c *checkState, ids []*string, jobID string) ([]string, *apiError) {
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
				id, stepName(d.Steps, id), why)
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
