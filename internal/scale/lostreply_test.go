package scale_test

import (
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// createActions are the actions that create something and carry no
// idempotency token: the purchases, and the creations of compare tasks
// and consumer groups.
var createActions = []string{"CreateMigrationService", "CreateSyncJob", "CreateSubscribe", "CreateCompareTask",
	"CreateSyncCompareTask", "CreateConsumerGroup"}

// TestLostCreateReplies: in one apply, the first reply of every create
// action is lost after DTS made the job (applyThenDrop). Every resource is
// created once: each kind has exactly the jobs of the state, and the
// emulator none the state does not hold.
func TestLostCreateReplies(t *testing.T) {
	l := newLab(t, 31)
	for _, a := range createActions {
		l.emu.AddFault(emulator.FaultRule{Action: a, Kind: emulator.FaultApplyThenDrop, First: 1})
	}
	l.configure(soakHCL(1))
	l.apply(10)
	for _, f := range l.emu.Faults() {
		if f.Fired != 1 {
			t.Errorf("the lost reply of %s was not simulated (fired %d times)", f.Action, f.Fired)
		}
	}
	if left := l.untracked(); len(left) > 0 {
		t.Errorf("jobs the state does not hold (a create made twice): %v", left)
	}
	state, jobs := 0, len(l.liveJobs())
	for _, ids := range l.stateIDs() {
		state += len(ids)
	}
	if state != jobs {
		t.Errorf("the state holds %d resources, the emulator %d jobs", state, jobs)
	}
}
