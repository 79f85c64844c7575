package emulator

import (
	"fmt"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The subscription precheck: CreateSubscribeCheckJob and
// DescribeSubscribeCheckJob. A check runs the 5 steps of the sample; what
// it finds is decided when it starts by the rules every kind shares
// (check_rules.go) on the subscription's endpoints, plus the catalog's
// isolated instances and the Outcome.

// subsNodes are the endpoints of the subscription's configuration as the
// check rules see them: source nodes.
func subsNodes(product string, cfg *dtsapi.ConfigureSubscribeJobRequest) []checkNode {
	out := make([]checkNode, 0, len(cfg.Endpoints))
	for i, ep := range cfg.Endpoints {
		if ep == nil {
			continue
		}
		out = append(out, checkNode{
			Path: fmt.Sprintf("Endpoints.%d", i), HostMember: "HostName", Label: "source", Source: true,
			Access: deref(cfg.AccessType), CatalogType: subsCatalogType(product), Region: deref(ep.DatabaseRegion),
			Host: deref(ep.HostName), Port: deref(ep.Port), User: deref(ep.User), InstanceID: deref(ep.InstanceId),
		})
	}
	return out
}

// subsCheckRules decides what a check of j finds, when it starts.
func subsCheckRules(j *subscription) []checkFinding {
	nodes := subsNodes(j.Product, j.config())
	items, addrs := connectItems(nodes, "Correct %s (ConfigureSubscribeJob) and check again.")
	more, ids := isolatedItems(nodes)
	findings := []*checkFinding{
		connectFinding(append(items, more...), append(addrs, ids...)),
		privilegeFinding(nodes),
	}
	if j.Outcome.CheckFails {
		f := binlogFinding()
		findings = append(findings, &f)
	}
	var out []checkFinding
	for _, f := range findings {
		if f != nil {
			out = append(out, *f)
		}
	}
	return out
}

// isolatedItems fail the connection to a cdb instance the catalog has
// isolated (…0005): DTS cannot read from it.
func isolatedItems(nodes []checkNode) (items []checkItem, ids []string) {
	for _, n := range nodes {
		if n.Access != "cdb" {
			continue
		}
		in := catalogInstance(n.CatalogType, n.InstanceID)
		if in == nil || in.SrcHint == "" {
			continue
		}
		ids = append(ids, in.ID)
		items = append(items, checkItem{
			Name:     "Connection to the source database",
			Reason:   fmt.Sprintf("Cannot connect to %s: %s.", in.ID, in.SrcHint),
			Solution: fmt.Sprintf("Subscribe to an instance in service (%s.InstanceId, ConfigureSubscribeJob) and check again.", n.Path),
		})
	}
	return items, ids
}

// binlogFinding is the failure the Outcome CheckFails scripts (and a forced
// checkNotPass shows): the source does not log rows.
func binlogFinding() checkFinding {
	return checkFinding{StepID: stepBinlogParam, Result: findingFailed,
		Message: "The source's binlog parameters do not allow a subscription.",
		Items: []checkItem{{
			Name:     "binlog参数检查",
			Reason:   "binlog_format is STATEMENT; a subscription needs ROW, and binlog_row_image FULL.",
			Solution: "Set binlog_format=ROW and binlog_row_image=FULL on the source, then check again.",
		}}}
}

// subscribeCheckJob renders DescribeSubscribeCheckJob as the sample does:
// steps numbered from 1, a done step finished (with its Warnings), a
// failed one failed (with its Errors); Message success, the failure, or ""
// while it runs. Before any check the Status is unknown, without steps.
func subscribeCheckJob(c *call, j *subscription) *dtsapi.DescribeSubscribeCheckJobResponse {
	r := lastCheck(subscriptionMachine, j, &j.Check, subsCheckSteps, ssChecking, c.Now, c.e.scale)
	resp := &dtsapi.DescribeSubscribeCheckJobResponse{SubscribeId: ptr(j.JobID), Steps: []*dtsapi.SubscribeCheckStepInfo{}}
	all := len(subsCheckSteps)
	switch r.Status {
	case dtsapi.CheckStatusNotStarted:
		resp.Status = ptr(dtsapi.SubsCheckUnknown)
		resp.Message = ptr(fmt.Sprintf("Subscription %s has not been checked (CreateSubscribeCheckJob).", j.JobID))
		return resp
	case dtsapi.CheckStatusRunning:
		resp.Status, resp.Message, resp.StepNow = ptr(dtsapi.SubsCheckRunning), ptr(""), ptr(uint64(min(r.Done+1, all)))
	case dtsapi.CheckStatusSuccess:
		resp.Status, resp.Message, resp.StepNow = ptr(dtsapi.SubsCheckSuccess), ptr("success"), ptr(uint64(all))
	default:
		resp.Status, resp.Message, resp.StepNow = ptr(dtsapi.SubsCheckFailed), ptr(r.Brief), ptr(uint64(all))
	}
	resp.StepAll, resp.Progress = ptr(uint64(all)), ptr(uint64(r.Done*100/all))
	for i := range r.Steps {
		resp.Steps = append(resp.Steps, subsCheckStep(i+1, &r.Steps[i]))
	}
	return resp
}

// subsCheckStep renders one step of DescribeSubscribeCheckJob.
func subsCheckStep(no int, s *checkStepReport) *dtsapi.SubscribeCheckStepInfo {
	v := &dtsapi.SubscribeCheckStepInfo{
		StepName: ptr(s.def.Name), StepId: ptr(s.def.ID), StepNo: ptr(uint64(no)),
		Status: ptr(dtsapi.SubsCheckStepNotStarted), Percent: ptr[uint64](0),
		Errors: []*dtsapi.SubscribeCheckStepTip{}, Warnings: []*dtsapi.SubscribeCheckStepTip{},
	}
	switch {
	case s.done:
		v.Status, v.Percent = ptr(dtsapi.SubsCheckStepFinished), ptr[uint64](100)
	case s.running:
		v.Status, v.Percent = ptr(dtsapi.SubsCheckStepRunning), ptr(percent(s.partial, s.def.Duration))
	}
	f := s.finding
	if !s.done || f == nil {
		return v
	}
	for _, it := range f.Items {
		msg := strings.TrimSpace(it.Reason + " " + it.Solution)
		if f.Result == findingFailed {
			v.Errors = append(v.Errors, &dtsapi.SubscribeCheckStepTip{Message: ptr(msg), HelpDoc: ptr(checkHelpDoc)})
		} else {
			// The sample's warning has an empty HelpDoc.
			v.Warnings = append(v.Warnings, &dtsapi.SubscribeCheckStepTip{Message: ptr(msg), HelpDoc: ptr("")})
		}
	}
	if f.Result == findingFailed {
		v.Status = ptr(dtsapi.SubsCheckStepFailed)
	}
	return v
}
