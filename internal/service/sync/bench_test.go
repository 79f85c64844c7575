package sync_test

import (
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
)

// refreshParallelism is Terraform's default -parallelism.
const refreshParallelism = 10

// BenchmarkRefresh200 refreshes 200 sync jobs as a plan does: ReadResource
// for each, ten at a time, through the plugin protocol, against the
// emulator on loopback (its rate limits on). It reports the
// DescribeSyncJobs calls per refresh (target: at most 20, none throttled).
// The provider runs on the real clock here: the batch window is real time.
func BenchmarkRefresh200(b *testing.B) { benchRefresh(b, true) }

// BenchmarkRefresh200Unbatched is the same refresh with one call per job,
// for comparison.
func BenchmarkRefresh200Unbatched(b *testing.B) { benchRefresh(b, false) }

func benchRefresh(b *testing.B, batched bool) {
	env := acctest.New(b, acctest.WithRateLimits())
	ids := env.BuySyncJobs(b, 200, "bench", nil)
	opts := env.ProviderOptions()
	// The production client: the real clock, the default rate limit and
	// retry policy.
	opts.Clock, opts.RateLimit, opts.Retry = clock.Real{}, 0, client.RetryPolicy{}
	// The production batch window (acctest's options turn it off), or none.
	opts.BatchWindow = 0
	if !batched {
		opts.BatchWindow = -1
	}
	p := env.ProtoWith(b, opts)
	states := make([]tftypes.Value, len(ids))
	for i, id := range ids {
		states[i] = p.Config(jobType, map[string]any{"id": id, "dst_info": map[string]any{"region": acctest.Region}})
	}
	// Terraform validates and upgrades every state before a refresh: the
	// provider is warm when the reads come.
	p.Read(jobType, states[0])
	before := len(env.Emulator.Journal())
	b.ResetTimer()
	for range b.N {
		refresh(b, p, states)
	}
	b.StopTimer()
	calls, throttled := 0, 0
	for _, e := range env.Emulator.Journal()[before:] {
		if e.Action == "DescribeSyncJobs" {
			calls++
			if e.Code == "RequestLimitExceeded" {
				throttled++
			}
		}
	}
	b.ReportMetric(float64(calls)/float64(b.N), "DescribeSyncJobs/refresh")
	b.ReportMetric(float64(throttled)/float64(b.N), "throttled/refresh")
	// Issue 11's target: at most 20 calls per refresh of 200 jobs, none
	// throttled.
	if batched && (calls > 20*b.N || throttled > 0) {
		b.Errorf("a refresh of 200 sync jobs made %.1f DescribeSyncJobs calls (%d throttled); want at most 20, none throttled",
			float64(calls)/float64(b.N), throttled)
	}
}

// refresh reads every state with refreshParallelism workers.
func refresh(b *testing.B, p *acctest.Proto, states []tftypes.Value) {
	work := make(chan tftypes.Value)
	var wg sync.WaitGroup
	for range refreshParallelism {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range work {
				if _, diags := p.Read(jobType, s); hasError(diags) {
					b.Errorf("read: %s", acctest.Errors(diags))
				}
			}
		}()
	}
	for _, s := range states {
		work <- s
	}
	close(work)
	wg.Wait()
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
