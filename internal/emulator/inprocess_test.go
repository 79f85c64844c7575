package emulator

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// inProcessClient is an SDK common client whose requests an InProcess
// serves, signed with id and key.
func inProcessClient(p *InProcess, id, key string) *common.Client {
	prof := profile.NewClientProfile()
	prof.HttpProfile.Endpoint = "localhost"
	prof.HttpProfile.Scheme = "HTTP"
	prof.DisableRegionBreaker = true
	c := common.NewCommonClient(common.NewCredential(id, key), testRegion, prof)
	c.WithHttpTransport(p)
	return c
}

// buyInProcess buys a migration job through p and returns its ID.
func buyInProcess(t testing.TB, p *InProcess) string {
	t.Helper()
	raw, err := send(inProcessClient(p, DefaultSecretID, DefaultSecretKey), dtsapi.Service, dtsapi.Version, "CreateMigrationService", map[string]any{
		"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion, "InstanceClass": "small",
	})
	if err != nil {
		t.Fatalf("CreateMigrationService: %v", err)
	}
	var r dtsapi.CreateMigrationServiceResponse
	if err := json.Unmarshal(raw, &r); err != nil || len(r.JobIds) != 1 {
		t.Fatalf("CreateMigrationService answered %s (%v)", raw, err)
	}
	return *r.JobIds[0]
}

// jobsIn opens the state file and lists its migration jobs.
func jobsIn(t *testing.T, file string) []string {
	t.Helper()
	e, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var ids []string
	for _, j := range e.Jobs(testRegion) {
		ids = append(ids, j.JobID)
	}
	return ids
}

// An in-process request runs the whole handler chain: the signature is
// verified, the parameters validated, and the job is in the state file once
// answered — and the lock is free again.
func TestInProcessServesTheHandlerChain(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	p, err := NewInProcess(context.Background(), Options{StateFile: file, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	id := buyInProcess(t, p)
	if got := jobsIn(t, file); !slices.Equal(got, []string{id}) {
		t.Fatalf("state file holds %v, want [%s]", got, id)
	}
	_, err = send(inProcessClient(p, DefaultSecretID, "wrong-key-000000000000000000000000"), dtsapi.Service, dtsapi.Version,
		"DescribeMigrationDetail", map[string]any{"JobId": id})
	wantCode(t, err, codeSignatureFailure)
	_, err = send(inProcessClient(p, DefaultSecretID, DefaultSecretKey), dtsapi.Service, dtsapi.Version,
		"DescribeMigrationDetail", map[string]any{})
	wantCode(t, err, codeMissingParameter)
}

// Without a state file there is nothing to share between processes.
func TestInProcessNeedsAStateFile(t *testing.T) {
	if _, err := NewInProcess(context.Background(), Options{}); err == nil || !strings.Contains(err.Error(), "needs a state file") {
		t.Fatalf("NewInProcess without a state file: %v", err)
	}
}

// A request waits while another emulator holds the state file, and is
// served once it lets go; past the wait it fails, saying who holds it.
func TestInProcessWaitsForTheLock(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	p, err := NewInProcess(context.Background(), Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	holder, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	go func() { done <- buyInProcess(t, p) }()
	select {
	case id := <-done:
		t.Fatalf("bought %s while another emulator held the state file", id)
	case <-time.After(200 * time.Millisecond):
	}
	if err := holder.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the request did not take the released lock")
	}

	holder, err = New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	p.lockWait = 20 * time.Millisecond
	req := httptest.NewRequest(http.MethodPost, "http://localhost/", strings.NewReader("{}"))
	// The provider's user sets no STATE_FILE (the standalone emulator's
	// variable): the message says what may hold the file and what to do.
	_, err = p.RoundTrip(req)
	for _, want := range []string{"state file " + file + " stayed locked for 20ms", "a standalone emulator", "use another state file"} {
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "STATE_FILE") {
			t.Fatalf("past the wait: %v, want %q", err, want)
		}
	}
}

// Opening waits for the lock only as long as its context lives: Terraform
// cancels a provider's Configure when the user interrupts it.
func TestNewInProcessStopsWaitingWhenCanceled(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	holder, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewInProcess(ctx, Options{StateFile: file}); !errors.Is(err, context.Canceled) {
		t.Fatalf("NewInProcess with a canceled context, the state file locked: %v", err)
	}
}

// A fault rule that drops the connection reaches the client as a transport
// error, as over the network.
func TestInProcessDroppedConnection(t *testing.T) {
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.AddFault(FaultRule{Action: "DescribeMigrationJobs", Kind: FaultDrop})
	c := common.NewCommonClient(common.NewCredential(DefaultSecretID, DefaultSecretKey), testRegion, profile.NewClientProfile())
	c.WithHttpTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) { return serveInProcess(e, r) }))
	_, err = send(c, dtsapi.Service, dtsapi.Version, "DescribeMigrationJobs", map[string]any{})
	if err == nil || !strings.Contains(err.Error(), errDropped.Error()) {
		t.Fatalf("a dropped connection: %v", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Provider processes share the state file: two in sequence see each
// other's jobs and never issue an ID twice; two at once each buy their jobs
// one request at a time, and none is lost.
func TestInProcessAcrossProcesses(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	run := func(n int) *helperRun { return startBuyer(t, file, n) }
	first := run(1).wait(t)
	second := run(1).wait(t)
	if first[0] == second[0] {
		t.Fatalf("the second process issued %s again", first[0])
	}
	a, b := run(10), run(10)
	all := append(append(append(first, second...), a.wait(t)...), b.wait(t)...)
	got := jobsIn(t, file)
	slices.Sort(all)
	slices.Sort(got)
	if len(slices.Compact(slices.Clone(all))) != 22 || !slices.Equal(got, all) {
		t.Fatalf("bought %v, the state file holds %v", all, got)
	}
}

// helperRun is a process buying jobs through an InProcess.
type helperRun struct {
	out  *bufio.Reader
	wait func(t *testing.T) []string
}

// startBuyer starts TestHelperInProcessBuyer in another process, buying n
// jobs on file.
func startBuyer(t *testing.T, file string, n int) *helperRun {
	cmd, out := startHelper(t, "TestHelperInProcessBuyer", "EMULATOR_INPROCESS_FILE="+file, "EMULATOR_INPROCESS_N="+strconv.Itoa(n))
	r := &helperRun{out: bufio.NewReader(out)}
	r.wait = func(t *testing.T) []string {
		t.Helper()
		var ids []string
		for {
			line, err := r.out.ReadString('\n')
			if err != nil {
				break
			}
			if id := strings.TrimSpace(line); strings.HasPrefix(id, "dts-") {
				ids = append(ids, id)
			}
		}
		if err := cmd.Wait(); err != nil || len(ids) != n {
			t.Fatalf("buyer process: %v, bought %v", err, ids)
		}
		return ids
	}
	return r
}

// TestHelperInProcessBuyer is the helper process of the test above: it buys
// EMULATOR_INPROCESS_N jobs through an InProcess on
// EMULATOR_INPROCESS_FILE and prints their IDs.
func TestHelperInProcessBuyer(t *testing.T) {
	file := os.Getenv("EMULATOR_INPROCESS_FILE")
	if file == "" {
		t.Skip("helper process only")
	}
	n, _ := strconv.Atoi(os.Getenv("EMULATOR_INPROCESS_N"))
	p, err := NewInProcess(context.Background(), Options{StateFile: file, Seed: 5, TimeScale: 0.001})
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		fmt.Println(buyInProcess(t, p))
	}
}

// BenchmarkInProcessRequest: a read served in process, the state file
// opened, loaded and saved for it (a state file holding 50 jobs).
func BenchmarkInProcessRequest(b *testing.B) {
	file := filepath.Join(b.TempDir(), "state.json")
	p, err := NewInProcess(context.Background(), Options{StateFile: file})
	if err != nil {
		b.Fatal(err)
	}
	var id string
	for range 50 {
		id = buyInProcess(b, p)
	}
	c := inProcessClient(p, DefaultSecretID, DefaultSecretKey)
	b.ResetTimer()
	for range b.N {
		if _, err := send(c, dtsapi.Service, dtsapi.Version, "DescribeMigrationDetail", map[string]any{"JobId": id}); err != nil {
			b.Fatal(err)
		}
	}
}
