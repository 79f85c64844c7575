// Package subscription is the dts_subscription and dts_consumer_group
// resources and the subscription data sources (dts_subscriptions,
// dts_subscription, dts_consumer_groups, dts_subscription_offsets): a DTS
// data subscription (Kafka edition) and the consumer groups of its topic, on
// internal/jobkit's machinery. Consumer groups belong to subscriptions: one
// package, one lifecycle table each.
package subscription

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The subscription's contract: README §4c and the emulator's subscription
// machine. Two statuses: SubsStatus (the job, the view's Status) and Status
// (lifecycle and billing, the view's TradeStatus).

type detail = dtsapi.DescribeSubscribeDetailResponse

type (
	jobT  = jobkit.Job[detail]
	viewT = jobkit.View[detail]
	rowT  = jobkit.Transition[detail]
)

// Desired stages (the `state` attribute).
const (
	stageChecked = "checked"
	stageRunning = "running"
)

var desiredStages = []string{stageChecked, stageRunning}

// Status shorthands: ss… for SubsStatus, sl… for the lifecycle Status.
const (
	ssNotStarted   = dtsapi.SubsStatusNotStarted
	ssChecking     = dtsapi.SubsStatusChecking
	ssCheckNotPass = dtsapi.SubsStatusCheckNotPass
	ssCheckPass    = dtsapi.SubsStatusCheckPass
	ssStarting     = dtsapi.SubsStatusStarting
	ssRunning      = dtsapi.SubsStatusRunning
	ssError        = dtsapi.SubsStatusError

	slNormal         = dtsapi.SubsLifecycleNormal
	slIsolating      = dtsapi.SubsLifecycleIsolating
	slIsolated       = dtsapi.SubsLifecycleIsolated
	slOfflining      = dtsapi.SubsLifecycleOfflining
	slPost2PrePaying = dtsapi.SubsLifecyclePost2PrePaying
)

// PayType numbers (CreateSubscribe, the detail).
const payPrepaid int64 = 0

var (
	allStatuses = dtsapi.MustEnum("DescribeSubscribeDetailResponse.SubsStatus").Values
	allTrade    = dtsapi.MustEnum("DescribeSubscribeDetailResponse.Status").Values

	// Statuses that resolve on their own; Read keeps the prior desired
	// stage.
	transitional = []string{ssChecking, ssStarting}
	// The subscription was never started: its configuration is sent whole
	// with ConfigureSubscribeJob and checked again.
	preStart = []string{ssNotStarted, ssChecking, ssCheckNotPass, ssCheckPass}
	// withTopic: started, the topic exists (consumer groups live there).
	withTopic = []string{ssStarting, ssRunning, ssError}
	// Lifecycle statuses of a subscription out of service: isolated, or
	// being isolated or destroyed.
	outOfService = []string{slIsolating, slIsolated, slOfflining}
)

// kind is the subscription for the kit.
var kind = &jobkit.Kind[detail]{
	Noun: "subscription",
	Describe: func(ctx context.Context, env *jobkit.Env, region, id string) (*detail, error) {
		return env.Client.DescribeSubscribeDetail(ctx, region, &dtsapi.DescribeSubscribeDetailRequest{SubscribeId: &id})
	},
	View: view,
	// Being destroyed: it disappears on its own.
	Gone:          func(v *viewT) bool { return v.TradeStatus == slOfflining },
	Statuses:      allStatuses,
	Transitional:  transitional,
	TradeStatuses: allTrade,
}

func view(d *detail) *viewT {
	return &viewT{Status: tfkit.Str(d.SubsStatus), TradeStatus: tfkit.Str(d.Status), Message: errorsMessage(d.Errors), Percent: -1}
}

// errorsMessage joins a subscription's errors: reason, message, solution.
func errorsMessage(errs []*dtsapi.SubsErr) string {
	var parts []string
	for _, e := range errs {
		if e == nil {
			continue
		}
		msg := strings.TrimSpace(strings.TrimSpace(tfkit.Str(e.Reason)) + " " + strings.TrimSpace(tfkit.Str(e.Message)))
		if sol := strings.TrimSpace(tfkit.Str(e.Solution)); sol != "" {
			msg += " (solution: " + sol + ")"
		}
		parts = append(parts, msg)
	}
	return strings.Join(parts, "; ")
}

// stages are the `state` attribute's stages and the statuses that satisfy
// them (the resource page's table).
var stages = jobkit.Stages{
	Satisfy: map[string][]string{stageChecked: {ssCheckPass}, stageRunning: {ssRunning}},
	Of: map[string]string{
		ssChecking: stageChecked, ssCheckPass: stageChecked, ssStarting: stageRunning, ssRunning: stageRunning,
	}, // notStarted, checkNotPass and error read raw
	Default: stageRunning, Transitional: transitional, Isolated: slIsolated,
}

// started reports whether StartSubscribe was accepted for a subscription in
// status: its topic exists.
func started(status string) bool { return slices.Contains(withTopic, status) }

// deleter is the subscription's delete sequence: wait out a destruction
// or a conversion of the pay mode under way, isolate (IsolateSubscribe; a
// prepaid subscription only when DTS takes it back), destroy
// (DestroyIsolatedSubscribe) and wait until it is gone. There is no stop.
func deleter(j *jobT) jobkit.Deleter {
	c, region, id := j.Env.Client, j.Region, &j.ID
	return jobkit.Deleter{
		TradeWaitOut:   []string{slOfflining, slPost2PrePaying},
		TradeIsolating: slIsolating, TradeIsolated: slIsolated,
		Isolate: func(ctx context.Context) error {
			if err := returnable(ctx, j); err != nil {
				return err
			}
			_, err := c.IsolateSubscribe(ctx, region, &dtsapi.IsolateSubscribeRequest{SubscribeId: id})
			return err
		},
		Destroy: func(ctx context.Context) error {
			_, err := c.DestroyIsolatedSubscribe(ctx, region, &dtsapi.DestroyIsolatedSubscribeRequest{SubscribeId: id})
			return err
		},
	}
}

// NotReturnableError is a prepaid subscription DTS will not take back:
// isolating it would refund it, and DTS refuses.
type NotReturnableError struct {
	ID, Why, Expire string
}

func (e *NotReturnableError) Error() string {
	return fmt.Sprintf("DTS will not take back prepaid subscription %s (DescribeSubscribeReturnable): %s. Nothing was changed: it keeps "+
		"running, billed, until it expires (%s), and DTS isolates it then. To remove it from Terraform only, set "+
		"deletion_policy = \"abandon\" and apply before destroying, or `terraform state rm` it.", e.ID, strings.TrimRight(e.Why, "."), e.Expire)
}

// Summary is the diagnostic's summary.
func (e *NotReturnableError) Summary() string { return "DTS will not take the subscription back" }

// returnable asks DescribeSubscribeReturnable before a prepaid subscription
// is isolated (which refunds it), and fails with DTS's reason when it will
// not take it back.
func returnable(ctx context.Context, j *jobT) error {
	v, err := j.Describe(ctx)
	if err != nil || v == nil || tfkit.Deref(v.Object.PayType) != payPrepaid {
		return err
	}
	r, err := j.Env.Client.DescribeSubscribeReturnable(ctx, j.Region, &dtsapi.DescribeSubscribeReturnableRequest{SubscribeId: &j.ID})
	if err != nil || tfkit.Deref(r.IsReturnable) {
		return err
	}
	return &NotReturnableError{ID: j.ID, Why: tfkit.FirstNonEmpty(tfkit.Str(r.ReturnFailMessage), "no reason given"),
		Expire: tfkit.FirstNonEmpty(tfkit.Str(v.Object.ExpireTime), "its expiry")}
}
