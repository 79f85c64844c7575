// Package jobkit is what every job kind shares — migration jobs, sync jobs,
// subscriptions, compare tasks, consumer groups: a typed view of one Describe
// read, waits through the one waiter with one deadline budget per operation,
// the drive loop that takes a job to a desired stage one table row at a time,
// the stop → isolate → destroy sequence, the purchase that is never made twice
// (token tag), private state, and the rule that no failure after a start
// taints a job.
//
// Kinds (internal/service/...) describe themselves as data to the kit; they
// never import each other. What one kind must know of another (a compare
// task's parent job, a consumer group's subscription) goes through a Job view
// built here.
package jobkit

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// Env is what the provider's Configure hands to every resource and data
// source: the one client, the default region, the clock and the poll
// schedule (injected in tests).
type Env struct {
	Client *client.Client
	Region string
	Clock  clock.Clock
	Poll   waiter.Schedule
	// BatchWindow is how long the first read of a batch waits for others
	// to join (Batched); zero sends at once.
	BatchWindow time.Duration

	batchers sync.Map // batchKey → *batcher[T]
}

// FromProviderData extracts the Env in a resource's or data source's
// Configure. It is nil before the provider is configured (validation calls).
func FromProviderData(raw any, diags *diag.Diagnostics) *Env {
	if raw == nil {
		return nil
	}
	env, ok := raw.(*Env)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *jobkit.Env, got %T. This is a bug in the provider.", raw))
		return nil
	}
	return env
}

// RegionOr is region, or the provider's region when region is empty.
func (e *Env) RegionOr(region string) string {
	if region != "" {
		return region
	}
	return e.Region
}

// Budget starts a deadline on the provider's clock and returns what is left
// of it for the next wait of an operation: at least a millisecond, so that a
// wait past the deadline still reads the job once and reports a timeout
// naming its status. The context it returns names the operation's timeout
// to the waits' timeout errors (waiter.WithBudget).
func (e *Env) Budget(ctx context.Context, timeout time.Duration) (context.Context, func() time.Duration) {
	deadline := e.Clock.Now().Add(timeout)
	return waiter.WithBudget(ctx, timeout), func() time.Duration { return max(deadline.Sub(e.Clock.Now()), time.Millisecond) }
}
