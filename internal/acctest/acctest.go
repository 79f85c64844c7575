// Package acctest is the harness of the provider's acceptance tests: every
// test starts its own DTS emulator on loopback, and the provider it runs is
// wired to it with a fake clock, a fast poll schedule and a transport that
// refuses anything but loopback, so no test can ever reach a real account.
//
// The tests run the real Terraform CLI through terraform-plugin-testing. They
// are hermetic, so they use resource.UnitTest and need no TF_ACC.
package acctest

import (
	"context"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
	"github.com/dts-terraform/terraform-provider-dts/internal/provider"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// Credentials and region every test uses; they exist only in the emulator.
const (
	SecretID  = "AKIDACCTEST0000000000000000000000000"
	SecretKey = "acctest-secret-key-0000000000000000"
	Region    = "ap-guangzhou"
)

// ClearEnv removes every TENCENTCLOUD_* variable from the process, so that
// nothing a developer has exported can reach a test. Call it from TestMain.
func ClearEnv() {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TENCENTCLOUD_") {
			os.Unsetenv(name)
		}
	}
}

// Env is one test's emulator and the provider wired to it.
type Env struct {
	Emulator *emulator.Emulator
	URL      string
	// Clock is the provider's clock: waits and retry back-offs advance it
	// instead of sleeping.
	Clock *clock.Fake
	// Getenv is what the provider sees as its environment; empty by default.
	Getenv func(string) string

	requests atomic.Int64
}

// Option adjusts the emulator's options before it starts.
type Option func(*emulator.Options)

// WithRateLimits turns on the emulator's per-action rate limits (DTS's
// documented 20 requests per second), which tests otherwise switch off.
func WithRateLimits() Option { return func(o *emulator.Options) { o.RateLimit = 0 } }

// TimeScale is the emulator's time scale in tests: a 100-second transition
// takes one second of the fake clock.
const TimeScale = 0.01

// New starts an emulator for t and closes it when t ends.
//
// Progression is deterministic: the emulator runs its realistic durations
// (times TimeScale) on the same fake clock as the provider, and that clock
// moves only when the provider waits. A job therefore advances while an
// apply waits for it and stands still between Terraform commands, so a
// refresh never finds it somewhere else than the last apply left it.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	fake := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	eo := emulator.Options{
		Credentials: map[string]string{SecretID: SecretKey},
		Mode:        emulator.ModeRealtime,
		TimeScale:   TimeScale,
		JobClock:    fake,
		Seed:        1,
		RateLimit:   -1,
	}
	for _, o := range opts {
		o(&eo)
	}
	emu, err := emulator.New(eo)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	env := &Env{Emulator: emu, Clock: fake, Getenv: func(string) string { return "" }}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		env.requests.Add(1)
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	env.URL = srv.URL
	return env
}

// Requests counts the HTTP requests the emulator has received, answered or
// refused (the journal keeps only those whose signature it verified).
func (e *Env) Requests() int64 { return e.requests.Load() }

// ProviderOptions are the injected dependencies of the provider under test.
func (e *Env) ProviderOptions() provider.Options {
	return provider.Options{
		Version:   "test",
		Endpoint:  e.URL,
		Clock:     e.Clock,
		Poll:      waiter.Schedule{Min: 100 * time.Millisecond, Max: time.Second, Factor: 2, Horizon: 2 * time.Second},
		Transport: LoopbackTransport(),
		Getenv:    e.Getenv,
		Retry:     client.RetryPolicy{MaxAttempts: 4, MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond},
		RateLimit: 10000,
		Seed:      1,
		// No batch window: on the fake clock its waits would move the
		// emulator's jobs during a refresh (jobkit's unit tests and
		// BenchmarkRefresh200 cover the batching).
		BatchWindow: -1,
	}
}

// ProviderFactories serve the provider under test to terraform-plugin-testing.
func (e *Env) ProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return e.ProviderFactoriesWith(e.ProviderOptions())
}

// ProviderFactoriesWith serves a provider built with opts.
func (e *Env) ProviderFactoriesWith(opts provider.Options) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"dts": providerserver.NewProtocol6WithError(provider.NewWithOptions(opts)()),
	}
}

// ProviderBlock is the provider configuration of a test: the emulator's
// credentials and the test region. The endpoint comes from ProviderOptions.
func (e *Env) ProviderBlock() string {
	return fmt.Sprintf(`
provider "dts" {
  region     = %q
  secret_id  = %q
  secret_key = %q
}
`, Region, SecretID, SecretKey)
}

// Config prefixes a test configuration with the provider block.
func (e *Env) Config(hcl string) string { return e.ProviderBlock() + hcl }

// LoopbackTransport is an HTTP transport that connects only to loopback IP
// addresses and "localhost", ignores proxy settings, and fails any other
// connection before a DNS query is made.
func LoopbackTransport() http.RoundTripper {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if host == "localhost" {
				host = "127.0.0.1"
			}
			ip := net.ParseIP(host)
			if ip == nil || !ip.IsLoopback() {
				return nil, fmt.Errorf("acctest: refusing to connect to %s: tests may only reach loopback", addr)
			}
			return dialer.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		},
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     30 * time.Second,
	}
}

// Client is a DTS client for the test's own calls to the emulator (seeding
// jobs, reading them back), signed like the provider's.
func (e *Env) Client(t testing.TB) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{
		Endpoint:   e.URL,
		Credential: common.NewCredential(SecretID, SecretKey),
		Transport:  LoopbackTransport(),
		Clock:      clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)),
		RateLimit:  10000,
		Retry:      client.RetryPolicy{MaxAttempts: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond},
	})
	if err != nil {
		t.Fatalf("building the test client: %v", err)
	}
	return c
}

// BuyMigrationJobs buys n migration jobs in the test region through the API
// and returns their IDs.
func (e *Env) BuyMigrationJobs(t testing.TB, n int, name string, tags map[string]string) []string {
	t.Helper()
	var tagItems []*dtsapi.TagItem
	for k, v := range tags {
		tagItems = append(tagItems, &dtsapi.TagItem{TagKey: ptr(k), TagValue: ptr(v)})
	}
	var ids []string
	for n > 0 {
		count := min(n, 15)
		out, err := e.Client(t).CreateMigrationService(context.Background(), Region, &dtsapi.CreateMigrationServiceRequest{
			SrcDatabaseType: ptr("mysql"), DstDatabaseType: ptr("mysql"), SrcRegion: ptr(Region), DstRegion: ptr(Region),
			InstanceClass: ptr("medium"), Count: ptr(uint64(count)), JobName: ptr(name), Tags: tagItems,
		})
		if err != nil {
			t.Fatalf("buying migration jobs: %v", err)
		}
		for _, id := range out.JobIds {
			ids = append(ids, *id)
		}
		n -= count
	}
	return ids
}

func ptr[T any](v T) *T { return &v }

// CheckMigrationJobsDestroyed is a CheckDestroy: no migration job of the
// test region is left, billed or not (offlined jobs count as gone).
func (e *Env) CheckMigrationJobsDestroyed(s *terraform.State) error {
	return e.CheckJobsDestroyed("migration")(s)
}

// CheckJobsDestroyed is a CheckDestroy: every job of the kind in the test
// region is being deleted or gone.
func (e *Env) CheckJobsDestroyed(kind string) func(*terraform.State) error {
	return func(*terraform.State) error {
		for _, j := range e.Emulator.Jobs(Region) {
			trade := strings.ToLower(j.TradeStatus)
			if j.Kind == kind && trade != "offlined" && trade != "offlining" {
				return fmt.Errorf("%s job %s is still there (status %s, trade status %s)", kind, j.JobID, j.Status, j.TradeStatus)
			}
		}
		return nil
	}
}

// LiveMigrationJobs lists the jobs of the test region that are not being
// deleted.
func (e *Env) LiveMigrationJobs() []emulator.JobSummary {
	var out []emulator.JobSummary
	for _, j := range e.Emulator.Jobs(Region) {
		if j.TradeStatus != "offlined" && j.TradeStatus != "offlining" && j.TradeStatus != "isolated" && j.TradeStatus != "isolating" {
			out = append(out, j)
		}
	}
	return out
}

// BuySyncJobs buys n pay-as-you-go mysql→mysql sync jobs (class small: billed)
// with tags in the test region through the API and returns their IDs.
func (e *Env) BuySyncJobs(t testing.TB, n int, name string, tags map[string]string) []string {
	t.Helper()
	var tagItems []*dtsapi.TagItem
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		tagItems = append(tagItems, &dtsapi.TagItem{TagKey: ptr(k), TagValue: ptr(tags[k])})
	}
	var ids []string
	for n > 0 {
		count := min(n, 10)
		out, err := e.Client(t).CreateSyncJob(context.Background(), Region, &dtsapi.CreateSyncJobRequest{
			PayMode: ptr("PostPay"), SrcDatabaseType: ptr("mysql"), DstDatabaseType: ptr("mysql"), SrcRegion: ptr(Region),
			DstRegion: ptr(Region), InstanceClass: ptr("small"), JobName: ptr(name), Count: ptr(uint64(count)), Tags: tagItems,
		})
		if err != nil {
			t.Fatalf("buying sync jobs: %v", err)
		}
		for _, id := range out.JobIds {
			ids = append(ids, *id)
		}
		n -= count
	}
	return ids
}
