package migration

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

func TestMigrationSatisfies(t *testing.T) {
	for _, tc := range []struct {
		desired string
		yes     []string
	}{
		{stageChecked, []string{"checkPass"}},
		{stageRunning, []string{"running", "readyComplete", "success"}},
		{stagePaused, []string{"manualPaused"}},
		{stageCompleted, []string{"success"}},
		{stageStopped, []string{"canceled"}},
	} {
		for _, s := range allStatuses {
			if got := stages.Satisfies(tc.desired, s, "immediate"); got != slices.Contains(tc.yes, s) {
				t.Errorf("%s satisfied by %s: got %v", tc.desired, s, got)
			}
		}
	}
	if !stages.Satisfies(stageRunning, "readyRun", "timed") || stages.Satisfies(stageRunning, "readyRun", "immediate") {
		t.Error("readyRun satisfies running only for a timed job")
	}
}

func TestMigrationObservedState(t *testing.T) {
	for _, tc := range []struct{ prior, status, trade, want string }{
		{"running", "checking", "normal", "running"},      // transitional: keep
		{"running", "pausing", "normal", "running"},       // transitional: keep
		{"running", "readyComplete", "normal", "running"}, // satisfied
		{"running", "success", "normal", "running"},       // success never forces anything
		{"completed", "success", "normal", "completed"},   // satisfied
		{"running", "manualPaused", "normal", "paused"},   // left the desired stage
		{"paused", "running", "normal", "running"},        // continued outside Terraform
		{"running", "canceled", "normal", "stopped"},      // stopped outside Terraform
		{"running", "error", "normal", "error"},           // raw failure status
		{"running", "resumableErr", "normal", "resumableErr"},
		{"running", "failed", "normal", "failed"},
		{"checked", "checkNotPass", "normal", "checkNotPass"},
		{"running", "running", "isolated", "isolated"}, // billing isolated the job
		{"", "checking", "normal", "checked"},          // import
		{"", "readyComplete", "normal", "running"},     // import
	} {
		if got := stages.Observed(tc.prior, tc.status, tc.trade, "immediate"); got != tc.want {
			t.Errorf("prior %q, status %s/%s: got %q, want %q", tc.prior, tc.status, tc.trade, got, tc.want)
		}
	}
}

// fakeJob is a migration job in memory that follows the state tables, for
// unit tests of the delete sequence.
type fakeJob struct {
	status, trade string
	billed, gone  bool
	calls         []string
	stuck         bool
}

func (f *fakeJob) describe() (*detail, error) {
	if f.gone {
		return nil, &client.APIError{Action: "DescribeMigrationDetail", Code: "ResourceNotFound.ResourceNotFoundError"}
	}
	d := &detail{Status: tfkit.Ptr(f.status), TradeInfo: &dtsapi.TradeInfo{TradeStatus: tfkit.Ptr(f.trade)}, Action: &dtsapi.MigrateAction{}}
	switch f.status {
	case "readyRun", "running", "readyComplete", "manualPaused", "error", "resumableErr", "unknown":
		d.Action.AllowedAction = tfkit.Ptrs([]string{dtsapi.VerbStop})
	}
	if f.stuck {
		return d, nil
	}
	// Advance one step per read, like the emulator's step mode.
	next := map[string]string{"creating": "created", "checking": "checkPass", "pausing": "manualPaused", "resuming": "running",
		"completing": "success", "stopping": "canceled"}
	if n, ok := next[f.status]; ok {
		f.status = n
	}
	switch f.trade {
	case "resizing", "reversing":
		f.trade = "normal"
	case "isolating":
		f.trade = "isolated"
	case "offlining":
		f.trade = "offlined"
	case "offlined":
		f.gone = true
	}
	return d, nil
}

// job binds the fake to the kit: the migration kind with the fake's reads.
func (f *fakeJob) job() *jobT {
	k := *kind
	k.Describe = func(context.Context, *jobkit.Env, string, string) (*detail, error) { return f.describe() }
	env := &jobkit.Env{Clock: clock.NewFake(time.Unix(0, 0)), Poll: waiter.Schedule{Min: time.Second, Max: 5 * time.Second, Factor: 2}}
	return jobkit.NewJob(env, &k, "ap-guangzhou", "dts-test")
}

func (f *fakeJob) deleter(j *jobT) jobkit.Deleter {
	d := deleter(j)
	d.Stop = func(context.Context) error { f.calls = append(f.calls, "Stop"); f.status = "stopping"; return nil }
	d.Isolate = func(context.Context) error {
		f.calls = append(f.calls, "Isolate")
		if !f.billed {
			f.gone = true
		} else {
			f.trade = "isolating"
		}
		return nil
	}
	d.Destroy = func(context.Context) error { f.calls = append(f.calls, "Destroy"); f.trade = "offlining"; return nil }
	return d
}

func (f *fakeJob) delete(timeout time.Duration) error {
	j := f.job()
	return j.Delete(context.Background(), f.deleter(j), timeout)
}

func TestDeleteFromEveryStatus(t *testing.T) {
	for _, status := range allStatuses {
		for _, billed := range []bool{true, false} {
			trade := "notBilled"
			if billed {
				trade = "normal"
			}
			f := &fakeJob{status: status, trade: trade, billed: billed}
			if err := f.delete(30 * time.Minute); err != nil {
				t.Errorf("%s billed=%v: %v", status, billed, err)
				continue
			}
			if !f.gone {
				t.Errorf("%s billed=%v: the job is not gone (status %s, trade %s)", status, billed, f.status, f.trade)
			}
			want := []string{"Isolate"}
			switch status {
			case "readyRun", "running", "readyComplete", "manualPaused", "error", "resumableErr", "unknown", "pausing", "resuming":
				want = []string{"Stop", "Isolate"} // pausing and resuming are waited out, then stopped
			}
			if billed {
				want = append(want, "Destroy")
			}
			if strings.Join(f.calls, ",") != strings.Join(want, ",") {
				t.Errorf("%s billed=%v: calls %v, want %v", status, billed, f.calls, want)
			}
		}
	}
}

func TestDeleteIsolatedAndGoneJobs(t *testing.T) {
	f := &fakeJob{status: "running", trade: "isolated", billed: true}
	if err := f.delete(time.Minute); err != nil || !f.gone || strings.Join(f.calls, ",") != "Destroy" {
		t.Errorf("isolated job: err %v, gone %v, calls %v", err, f.gone, f.calls)
	}
	f = &fakeJob{status: "running", trade: "resizing", billed: true}
	if err := f.delete(time.Minute); err != nil || !f.gone || strings.Join(f.calls, ",") != "Stop,Isolate,Destroy" {
		t.Errorf("resizing job: err %v, gone %v, calls %v", err, f.gone, f.calls)
	}
	f = &fakeJob{gone: true}
	if err := f.delete(time.Minute); err != nil || len(f.calls) != 0 {
		t.Errorf("gone job: err %v, calls %v", err, f.calls)
	}
	f = &fakeJob{status: "canceled", trade: "offlining", billed: true}
	if err := f.delete(time.Minute); err != nil || len(f.calls) != 0 || !f.gone {
		t.Errorf("offlining job: err %v, calls %v", err, f.calls)
	}
}

// A job stuck in a transitional status ends the delete with a timeout that
// names the status.
func TestDeleteTimesOutOnAStuckJob(t *testing.T) {
	f := &fakeJob{status: "stopping", trade: "normal", stuck: true}
	err := f.delete(time.Minute)
	if err == nil || !strings.Contains(err.Error(), "stopping") {
		t.Fatalf("got %v, want a timeout naming stopping", err)
	}
}
