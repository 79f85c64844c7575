package emulator

import (
	"fmt"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The subscription precheck: CreateSubscribeCheckJob and
// DescribeSubscribeCheckJob. A check runs the 5 steps of the sample; what
// it finds is decided when it starts by the rules every kind shares
// (check.go) on the subscription's endpoints, the catalog's isolated
// instances included, plus the Outcome.

// subsCheck is the subscription precheck: it cannot be skipped; the
// Outcome's CheckFails fails BinlogParamCheck.
var subsCheck = &checkDef{
	Steps: subsCheckSteps, Pass: ssCheckPass, NotPass: ssCheckNotPass,
	Configure: "ConfigureSubscribeJob", Scripted: stepBinlogParam, IsolatedSources: true,
}

// subsNodes are the endpoints of the subscription's configuration as the
// check rules see them: source nodes.
func subsNodes(product string, cfg *dtsapi.ConfigureSubscribeJobRequest) []checkNode {
	out := make([]checkNode, 0, len(cfg.Endpoints))
	for i, ep := range cfg.Endpoints {
		if ep == nil {
			continue
		}
		out = append(out, checkNode{
			Path: fmt.Sprintf("Endpoints.%d", i), HostMember: "HostName", Source: true,
			Access: deref(cfg.AccessType), DatabaseType: subsCatalogType(product), Region: deref(ep.DatabaseRegion),
			Host: deref(ep.HostName), Port: deref(ep.Port), User: deref(ep.User), InstanceID: deref(ep.InstanceId),
		})
	}
	return out
}

// subsCheckSubject is what the check rules read of a subscription.
func subsCheckSubject(j *subscription) checkSubject {
	return checkSubject{Nodes: subsNodes(j.Product, j.config()), Fails: j.Outcome.CheckFails}
}

// subscribeCheckJob renders DescribeSubscribeCheckJob as the sample does:
// steps numbered from 1, a done step finished (with its Warnings), a
// failed one failed (with its Errors); Message success, the failure, or ""
// while it runs. Before any check the Status is unknown, without steps.
func subscribeCheckJob(c *call, j *subscription) *dtsapi.DescribeSubscribeCheckJobResponse {
	r := lastCheck(subscriptionMachine, j, &j.Check, subsCheck, ssChecking, c.Now, c.e.scale)
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
