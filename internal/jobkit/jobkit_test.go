package jobkit

import (
	"context"
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
)

var testStages = Stages{
	Satisfy:   map[string][]string{"running": {"Running"}, "paused": {"Paused"}, "stopped": {"Stopped"}},
	Timed:     []string{"ReadyRunning"},
	TimedMode: "Timed",
	Of:        map[string]string{"Running": "running", "Pausing": "paused", "Paused": "paused", "Stopped": "stopped"},
	Default:   "running", Transitional: []string{"Pausing", "ReadyRunning"}, Isolated: "Isolated",
}

func TestStagesObserved(t *testing.T) {
	for _, tc := range []struct{ prior, status, trade, runMode, want string }{
		{"running", "Running", "Normal", "Immediate", "running"},
		{"running", "Paused", "Normal", "Immediate", "paused"},             // drift shows the way back
		{"running", "Pausing", "Normal", "Immediate", "running"},           // transitional keeps the desired stage
		{"running", "ResumableErr", "Normal", "Immediate", "ResumableErr"}, // raw
		{"running", "Running", "Isolated", "Immediate", "Isolated"},        // billing wins
		{"", "Running", "Normal", "Immediate", "running"},                  // import: the default stage
		{"", "ReadyRunning", "Normal", "Timed", "running"},                 // a timed job waiting satisfies it
		{"", "ReadyRunning", "Normal", "Immediate", "ReadyRunning"},
		{"paused", "Paused", "Normal", "Immediate", "paused"},
	} {
		if got := testStages.Observed(tc.prior, tc.status, tc.trade, tc.runMode); got != tc.want {
			t.Errorf("Observed(%q, %q, %q, %q) = %q, want %q", tc.prior, tc.status, tc.trade, tc.runMode, got, tc.want)
		}
	}
	if got := testStages.Satisfying("running", "Timed", []string{"Running", "ReadyRunning", "Paused"}); len(got) != 2 {
		t.Errorf("Satisfying(running, Timed) = %v", got)
	}
}

// A refusal in the job's status after a lost reply is the first attempt's
// effect; every other error stands.
func TestAfterLostReply(t *testing.T) {
	wrongState := &client.APIError{Action: "StopSyncJob", Code: "FailedOperation.StatusInConflict"}
	lost := &client.APIError{Action: "StopSyncJob", Code: "FailedOperation.StatusInConflict", MayHaveApplied: true}
	other := errors.New("boom")
	ctx := context.Background()
	if AfterLostReply(ctx, lost) != nil {
		t.Error("a refusal after a lost reply is an error")
	}
	if AfterLostReply(ctx, wrongState) == nil || AfterLostReply(ctx, other) == nil {
		t.Error("an error was swallowed")
	}
	if AfterLostReply(ctx, nil) != nil {
		t.Error("nil became an error")
	}
}

func TestImportID(t *testing.T) {
	e := &Env{Region: "ap-guangzhou"}
	for _, tc := range []struct{ raw, region, id string }{
		{"ap-shanghai:sync-abcdefgh", "ap-shanghai", "sync-abcdefgh"},
		{"sync-abcdefgh", "ap-guangzhou", "sync-abcdefgh"},
		{"dts-abcdefgh", "", ""},
		{":sync-abcdefgh", "", ""},
	} {
		region, id, err := e.ImportID(tc.raw, "sync-")
		if (err != nil) != (tc.id == "") || region != tc.region || id != tc.id {
			t.Errorf("ImportID(%q) = %q, %q, %v", tc.raw, region, id, err)
		}
	}
}

// testPrivate is private state as the framework keeps it: a key set to
// nothing is removed.
type testPrivate map[string][]byte

func (p testPrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return p[k], nil }

func (p testPrivate) SetKey(_ context.Context, k string, v []byte) diag.Diagnostics {
	if len(v) == 0 {
		delete(p, k)
	} else {
		p[k] = v
	}
	return nil
}

// The import mark lives until the update that adopts the configuration,
// next to the other private data.
func TestImportedMark(t *testing.T) {
	ctx := context.Background()
	p := testPrivate{}
	if Imported(ctx, p) {
		t.Fatal("marked before the import")
	}
	MarkImported(ctx, p)
	SaveMeta(ctx, p, Meta{Allowed: []string{"stop"}})
	if !Imported(ctx, p) || len(ReadMeta(ctx, p).Allowed) != 1 {
		t.Fatalf("after the import: %v", p)
	}
	ClearImported(ctx, p)
	if Imported(ctx, p) || len(ReadMeta(ctx, p).Allowed) != 1 {
		t.Fatalf("after the update: %v", p)
	}
}
