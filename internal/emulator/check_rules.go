package emulator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// What every kind's precheck shares (migration jobs, subscriptions): the
// state of the last check, its findings, the deterministic rules that
// decide them from the database nodes of a configuration, and the report of
// a check at a point in time. Each kind adapts its configuration to
// checkNodes, lists its steps and renders the report in its own response
// structures. README.md ("Check rules") documents the rules.

// checkHelpDoc is the documentation page of the check items.
const checkHelpDoc = "https://cloud.tencent.com/document/product/571/61639"

// Results of a finding (CheckStep.StepStatus values).
const (
	findingFailed  = dtsapi.CheckStepFailed
	findingWarning = dtsapi.CheckStepWarning
)

// checkState is the last precheck of a job.
type checkState struct {
	StartAt time.Time `json:",omitzero"`
	EndAt   time.Time `json:",omitzero"`
	// Result is checkPass or checkNotPass once the check ended.
	Result string `json:",omitempty"`
	// Skipped lists the check step IDs skipped by SkipCheckItem. They are
	// remembered for every later check of the job.
	Skipped []string `json:",omitempty"`
	// Findings are the results of the last check that are not a plain pass
	// (failures, warnings, skipped steps), in step order. They are decided
	// when the check starts and completed when it ends.
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

// checkItem is one detailed check item of a finding (DetailCheckItem).
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

// failedSteps lists the steps whose failure was not skipped.
func (c *checkState) failedSteps() []string {
	var out []string
	for _, f := range c.Findings {
		if f.failed() {
			out = append(out, f.StepID)
		}
	}
	return out
}

// endCheckState records the end and the result of a check, and keeps the
// findings consistent with it: a check that did not pass shows at least one
// failed step (fallback, which also stands in for a forced checkNotPass), a
// check that passed shows none.
func (c *checkState) end(at time.Time, result string, fallback checkFinding, steps []stepDef, forceFallback bool) {
	if c.EndAt.IsZero() {
		c.EndAt = at
	}
	c.Result = result
	switch result {
	case dtsapi.CheckFlagNotPass:
		if forceFallback || !c.failed() {
			c.setFinding(fallback, steps)
		}
	case dtsapi.CheckFlagPass:
		c.Findings = slices.DeleteFunc(c.Findings, func(f checkFinding) bool { return f.failed() })
	}
}

func stepIndex(steps []stepDef, id string) int {
	return slices.IndexFunc(steps, func(s stepDef) bool { return s.ID == id })
}

// ---- the rules ----

// checkNode is one database node of a configuration, as the check rules
// see it.
type checkNode struct {
	// Path names the node in the configuring request: SrcInfo.Info.0,
	// Endpoints.1.
	Path string
	// HostMember is the node's member that holds the host: Host or HostName.
	HostMember string
	// Label names the endpoint the node belongs to: source or target.
	Label  string
	Source bool
	// Access is the endpoint's access type; CatalogType the database type
	// of the instance catalog its InstanceId belongs to.
	Access, CatalogType, Region string
	Host                        string
	Port                        uint64
	User                        string
	InstanceID                  string
}

// invalidHost reports whether host is in the special-use domain .invalid
// (RFC 6761), which never resolves.
func invalidHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	return h == "invalid" || strings.HasSuffix(h, ".invalid")
}

// connectItems are the connection failures of the nodes whose host is in
// the .invalid domain, with the addresses they name. solution is a format
// of the fix, given the member to correct (SrcInfo.Info.0.Host).
func connectItems(nodes []checkNode, solution string) (items []checkItem, addrs []string) {
	for _, n := range nodes {
		if !invalidHost(n.Host) {
			continue
		}
		addr := fmt.Sprintf("%s:%d", n.Host, n.Port)
		addrs = append(addrs, addr)
		items = append(items, checkItem{
			Name:        "Connection to the " + n.Label + " database",
			Description: "DTS connects to every node of the " + n.Label + " endpoint.",
			Reason:      fmt.Sprintf("Cannot connect to %s: the host does not resolve (the .invalid domain never does).", addr),
			Solution:    fmt.Sprintf(solution, n.Path+"."+n.HostMember),
			Log:         fmt.Sprintf("dial tcp %s: lookup %s: no such host", addr, n.Host),
		})
	}
	return items, addrs
}

// connectFinding is the failed connection step (ConnectDBCheck) of the
// given failures, or nil when there are none.
func connectFinding(items []checkItem, addrs []string) *checkFinding {
	if len(items) == 0 {
		return nil
	}
	return &checkFinding{StepID: stepConnectDB, Result: findingFailed, Items: items,
		Message: "Cannot connect to " + strings.Join(addrs, ", ") + "."}
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

// instanceNotFound answers InvalidParameter.InstanceNotFound for the first
// cdb node whose InstanceId the instance catalog of its type does not hold.
func instanceNotFound(nodes []checkNode) *apiError {
	for _, n := range nodes {
		if n.Access != "cdb" || n.InstanceID == "" || catalogInstance(n.CatalogType, n.InstanceID) != nil {
			continue
		}
		return errf(codeInstanceNotFound, "The instance %s (%s.InstanceId) does not exist: region %s has no %s instance with that ID.",
			n.InstanceID, n.Path, n.Region, n.CatalogType)
	}
	return nil
}

// ---- the report of the last check ----

// checkReport is the last check of a job at a point in time, as every
// kind's check responses show it.
type checkReport struct {
	// Status is notStarted, running, success or failed.
	Status string
	// Flag is checkPass, checkNotPass or "" (not finished).
	Flag  string
	Brief string
	Done  int // steps completed
	Steps []checkStepReport
}

type checkStepReport struct {
	def           stepDef
	done, running bool
	partial       time.Duration
	start, finish time.Time
	finding       *checkFinding // shown once the step is done
	hasSkipped    bool
}

// lastCheck is the report of the last check c of job j of machine m at now:
// steps are the check's steps, checking the status that runs them.
func lastCheck[J any](m *machine[J], j *J, c *checkState, steps []stepDef, checking string, now time.Time, scale float64) *checkReport {
	l := m.life(j)
	p := l.Progress[checking]
	if l.Status == checking && p != nil {
		p = m.progressAt(j, now, scale)
	}
	return buildCheckReport(steps, c, p, l.Status == checking)
}

// buildCheckReport builds the report of the last check c of a job whose
// check has the given steps; p is the progress of its checking status
// (brought up to the time of the report) and checking whether the job is
// checking now.
func buildCheckReport(steps []stepDef, c *checkState, p *progress, checking bool) *checkReport {
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
	case c.Result == dtsapi.CheckFlagPass:
		r.Status, r.Flag, r.Brief = dtsapi.CheckStatusSuccess, dtsapi.CheckFlagPass, "success"
	case c.Result == dtsapi.CheckFlagNotPass:
		r.Status, r.Flag = dtsapi.CheckStatusFailed, dtsapi.CheckFlagNotPass
		r.Brief = "The check did not pass: " + strings.Join(failed, ", ") + " failed."
	default:
		// Interrupted by a forced status.
		r.Status, r.Brief = dtsapi.CheckStatusFailed, "The check was interrupted."
	}
	return r
}
