package scale_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/devcli"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
	"github.com/dts-terraform/terraform-provider-dts/internal/provider"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// The provider runs as Terraform runs it: a plugin process per command.
// That process is this test binary: Terraform finds it through a
// dev_overrides directory holding a link to it, starts it with
// envProvider set (it inherits the environment), and TestMain serves the
// provider instead of running tests. Its options come from the
// environment: the emulator's endpoint and a seed; the clock is real,
// the rate limit and the batch window are the production defaults, the
// poll schedule and the retry back-off are shortened like the emulator's
// durations.
const (
	envProvider = "DTS_SCALE_PROVIDER"
	envEndpoint = "DTS_SCALE_ENDPOINT"
	envSeed     = "DTS_SCALE_SEED"
	// envRate, when set, is the provider's client rate limit (requests
	// per second per action) instead of the documented 20.
	envRate = "DTS_SCALE_CLIENT_RATE"
	// envProductionRetry, when set, gives the client the production retry
	// policy (8 attempts, back-off 1–30 s, 2 minutes) instead of
	// retryPolicy.
	envProductionRetry = "DTS_SCALE_PRODUCTION_RETRY"
	// envRSS names a file the provider process appends its peak RSS
	// (VmHWM, kB) to when Terraform stops it.
	envRSS = "DTS_SCALE_RSS_FILE"
)

// timeScale is the emulator's: a 100-second transition takes one second.
const timeScale = 0.01

// pollSchedule and retryPolicy are the provider's in these tests: the
// production shapes scaled down with the emulator's durations.
var (
	pollSchedule = waiter.Schedule{Min: 100 * time.Millisecond, Max: time.Second, Factor: 1.5, Horizon: 2 * time.Second}
	retryPolicy  = client.RetryPolicy{MaxAttempts: 10, MinBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second, MaxElapsed: 2 * time.Minute}
)

func TestMain(m *testing.M) {
	if os.Getenv(envProvider) != "" {
		serveProvider()
		return
	}
	acctest.ClearEnv()
	os.Exit(m.Run())
}

// serveProvider serves the provider to Terraform, then records its peak
// RSS.
func serveProvider() {
	seed, _ := strconv.ParseInt(os.Getenv(envSeed), 10, 64)
	rate, _ := strconv.ParseFloat(os.Getenv(envRate), 64)
	retry := retryPolicy
	if os.Getenv(envProductionRetry) != "" {
		retry = client.RetryPolicy{}
	}
	opts := provider.Options{
		Version:   "scale",
		Endpoint:  os.Getenv(envEndpoint),
		Poll:      pollSchedule,
		Transport: acctest.LoopbackTransport(),
		Retry:     retry,
		RateLimit: rate,
		Seed:      seed,
	}
	err := providerserver.Serve(context.Background(), provider.NewWithOptions(opts), providerserver.ServeOpts{
		Address: "registry.terraform.io/dts-terraform/dts",
	})
	if err != nil {
		log.Fatal(err)
	}
	if f := os.Getenv(envRSS); f != "" {
		if out, err := os.OpenFile(f, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
			fmt.Fprintf(out, "%d\n", peakRSS())
			out.Close()
		}
	}
}

// peakRSS is this process's VmHWM in kB (0 where /proc is missing).
func peakRSS() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return 0
}

// lab is one test's emulator and Terraform working directory.
type lab struct {
	t    *testing.T
	emu  *emulator.Emulator
	url  string
	dir  string // the configuration
	env  []string
	seed int64
	rss  string
}

// newLab starts an emulator in realtime mode at timeScale, on the wall
// clock, with its rate limits on, and a Terraform directory whose CLI
// configuration overrides the provider with this test binary.
func newLab(t *testing.T, seed int64, opts ...func(*emulator.Options)) *lab {
	t.Helper()
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform is not on PATH")
	}
	eo := emulator.Options{
		Credentials: map[string]string{acctest.SecretID: acctest.SecretKey},
		Mode:        emulator.ModeRealtime, TimeScale: timeScale, Seed: seed,
	}
	for _, o := range opts {
		o(&eo)
	}
	emu, err := emulator.New(eo)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	plugins, dir := filepath.Join(root, "plugins"), filepath.Join(root, "work")
	for _, d := range []string{plugins, dir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(self, filepath.Join(plugins, "terraform-provider-dts")); err != nil {
		t.Fatal(err)
	}
	cli, err := devcli.WriteConfig(root, plugins)
	if err != nil {
		t.Fatal(err)
	}
	l := &lab{t: t, emu: emu, url: srv.URL, dir: dir, seed: seed, rss: filepath.Join(root, "rss")}
	l.env = append(append(os.Environ(), cli...),
		envProvider+"=1", envEndpoint+"="+srv.URL, envSeed+"="+strconv.FormatInt(seed, 10), envRSS+"="+l.rss)
	return l
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// configure writes the configuration (the provider block is added).
func (l *lab) configure(hcl string) {
	write(l.t, filepath.Join(l.dir, "main.tf"), providerBlock+hcl)
}

const providerBlock = `
terraform {
  required_providers {
    dts = { source = "dts-terraform/dts" }
  }
}

provider "dts" {
  region     = "` + acctest.Region + `"
  secret_id  = "` + acctest.SecretID + `"
  secret_key = "` + acctest.SecretKey + `"
}

variable "password" {
  type      = string
  sensitive = true
  ephemeral = true
}
`

// password is the value of var.password.
const password = "Scale-Pa55word-never-in-state"

// run is one Terraform command.
type run struct {
	out    string
	err    error
	wall   time.Duration
	maxRSS int64 // Terraform's own peak RSS, kB
}

// terraform runs a command and returns its output; start, when set, is
// called with the process once it runs (to interrupt it).
func (l *lab) terraform(args []string, start func(*os.Process)) run {
	l.t.Helper()
	cmd := exec.Command("terraform", args...)
	cmd.Dir, cmd.Env = l.dir, l.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	began := time.Now()
	if err := cmd.Start(); err != nil {
		l.t.Fatal(err)
	}
	var wg sync.WaitGroup
	if start != nil {
		wg.Add(1)
		go func() { defer wg.Done(); start(cmd.Process) }()
	}
	err := cmd.Wait()
	wg.Wait()
	r := run{out: out.String(), err: err, wall: time.Since(began)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss
	}
	return r
}

// apply runs terraform apply at the given parallelism and fails the test
// unless it succeeds.
func (l *lab) apply(parallelism int) run {
	l.t.Helper()
	r := l.terraform(applyArgs(parallelism), nil)
	if r.err != nil {
		l.t.Fatalf("terraform apply: %v\n%s", r.err, tail(r.out, 60))
	}
	return r
}

func applyArgs(parallelism int) []string {
	return []string{"apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=" + strconv.Itoa(parallelism),
		"-var", "password=" + password}
}

// planEmpty fails the test unless a plan shows no change.
func (l *lab) planEmpty() run {
	l.t.Helper()
	r := l.terraform([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color", "-var", "password=" + password}, nil)
	if r.err != nil {
		l.t.Fatalf("the plan after the apply is not empty (%v):\n%s", r.err, tail(r.out, 80))
	}
	return r
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// stateIDs are the IDs of every resource in the state, by type.
func (l *lab) stateIDs() map[string][]string {
	l.t.Helper()
	r := l.terraform([]string{"show", "-json", "-no-color"}, nil)
	if r.err != nil {
		l.t.Fatalf("terraform show: %v\n%s", r.err, r.out)
	}
	return parseStateIDs(l.t, r.out)
}

// untracked lists the live jobs of the emulator (any kind, children too)
// whose ID the state does not hold.
func (l *lab) untracked() []string {
	l.t.Helper()
	known := map[string]bool{}
	for _, ids := range l.stateIDs() {
		for _, id := range ids {
			known[id] = true
		}
	}
	var out []string
	for _, j := range l.liveJobs() {
		if !known[j.JobID] {
			out = append(out, fmt.Sprintf("%s %s (%s, %s)", j.Kind, j.JobID, j.Status, j.TradeStatus))
		}
	}
	return out
}

// liveJobs are the emulator's jobs that are not being deleted.
func (l *lab) liveJobs() []emulator.JobSummary {
	var out []emulator.JobSummary
	for _, j := range l.emu.Jobs(acctest.Region) {
		switch strings.ToLower(j.TradeStatus) {
		case "offlined", "offlining", "isolated", "isolating":
			continue
		}
		out = append(out, j)
	}
	return out
}

// peakProviderRSS is the largest peak RSS (kB) the provider processes
// reported since the last call, and forgets them.
func (l *lab) peakProviderRSS() int {
	b, _ := os.ReadFile(l.rss)
	_ = os.Remove(l.rss)
	peak := 0
	for _, f := range strings.Fields(string(b)) {
		if n, _ := strconv.Atoi(f); n > peak {
			peak = n
		}
	}
	return peak
}
