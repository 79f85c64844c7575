package compare

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// The unit tests of this package cannot use internal/acctest (it imports
// the provider, which imports this package): they start an emulator and a
// client themselves.

const (
	testRegion = "ap-guangzhou"
	testID     = "AKIDCOMPARE00000000000000000000000000"
	testKey    = "compare-unit-test-key-00000000000000"
)

// runningMigration starts an emulator, buys a migration job and puts it in
// its incremental phase, where it takes compare tasks. The client makes one
// attempt per call: a lost reply reaches the provider's recovery as it is.
func runningMigration(t *testing.T) (*emulator.Emulator, *clock.Fake, *jobkit.Env, string) {
	t.Helper()
	fake := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	emu, err := emulator.New(emulator.Options{Credentials: map[string]string{testID: testKey}, JobClock: fake, TimeScale: 0.01, Seed: 1, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{Endpoint: srv.URL, Credential: common.NewCredential(testID, testKey), Clock: fake,
		RateLimit: 10000, Retry: client.RetryPolicy{MaxAttempts: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.CreateMigrationService(context.Background(), testRegion, &dtsapi.CreateMigrationServiceRequest{
		SrcDatabaseType: ptr("mysql"), DstDatabaseType: ptr("mysql"), SrcRegion: ptr(testRegion), DstRegion: ptr(testRegion),
		InstanceClass: ptr("medium"), Count: ptr(uint64(1))})
	if err != nil {
		t.Fatal(err)
	}
	id := *out.JobIds[0]
	if err := emu.ForceStatus(testRegion, id, dtsapi.MigrationStatusReadyComplete, ""); err != nil {
		t.Fatal(err)
	}
	return emu, fake, &jobkit.Env{Client: c, Region: testRegion, Clock: fake,
		Poll: waiter.Schedule{Min: 100 * time.Millisecond, Max: time.Second, Factor: 2}}, id
}

func ptr[T any](v T) *T { return &v }

func calls(emu *emulator.Emulator, action string) int {
	n := 0
	for _, e := range emu.Journal() {
		if e.Action == action && e.Code == "" {
			n++
		}
	}
	return n
}

func createTask(t *testing.T, kit *jobkit.Env, jobID, name string) string {
	t.Helper()
	out, err := kit.Client.CreateCompareTask(context.Background(), testRegion,
		&dtsapi.CreateCompareTaskRequest{JobId: &jobID, TaskName: &name})
	if err != nil {
		t.Fatal(err)
	}
	return *out.CompareTaskId
}

// A lost Create…CompareTask reply: the task it created is found by its name
// and creation time among tasks of other names, older ones and started ones.
func TestLostCreateReplyFoundByNameAndTime(t *testing.T) {
	emu, fake, kit, jobID := runningMigration(t)
	old := createTask(t, kit, jobID, "gate") // same name, too old
	fake.Advance(10 * time.Minute)
	createTask(t, kit, jobID, "other") // another name
	started := createTask(t, kit, jobID, "gate")
	if _, err := kit.Client.StartCompare(context.Background(), testRegion,
		&dtsapi.StartCompareRequest{JobId: &jobID, CompareTaskId: &started}); err != nil {
		t.Fatal(err)
	}
	emu.AddFault(emulator.FaultRule{Action: "CreateCompareTask", Kind: emulator.FaultApplyThenDrop, First: 1})
	c := newCreation(kit, jobID, "gate")
	var diags diag.Diagnostics
	id, err := kit.Buy(context.Background(), c.purchase(context.Background(), mustMatching(t, c)), &diags)
	if err != nil {
		t.Fatal(err)
	}
	if id == old || id == started || !strings.HasPrefix(id, jobID+"-cmp-") {
		t.Errorf("found %s, want the task the lost call created", id)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "its name and creation time") {
		t.Errorf("diagnostics %v, want one warning saying how the task was found", diags)
	}
	if n := calls(emu, "CreateCompareTask"); n != 4 {
		t.Errorf("CreateCompareTask applied %d times, want 4 (three by the test, one by the provider)", n)
	}
}

// Two tasks that match are not guessed between: one of the same name
// created by someone else while the call was under way.
func TestLostCreateReplyAmbiguous(t *testing.T) {
	emu, _, kit, jobID := runningMigration(t)
	c := newCreation(kit, jobID, "gate")
	before := mustMatching(t, c)
	createTask(t, kit, jobID, "gate")
	emu.AddFault(emulator.FaultRule{Action: "CreateCompareTask", Kind: emulator.FaultApplyThenDrop, First: 1})
	var diags diag.Diagnostics
	if _, err := kit.Buy(context.Background(), c.purchase(context.Background(), before), &diags); err == nil ||
		!strings.Contains(err.Error(), "2 jobs match its name and creation time") {
		t.Errorf("got %v, want an error naming both tasks", err)
	}
}

// A task that matched already before the call — the tainted task of the
// same name that a create_before_destroy replacement keeps — is never
// taken for the one the call created: the new one is found next to it, and
// when the call created nothing (the lookups find no new task) it is made
// again, once.
func TestLostCreateReplyIgnoresEarlierTasks(t *testing.T) {
	emu, _, kit, jobID := runningMigration(t)
	tainted := createTask(t, kit, jobID, "gate")
	for _, fault := range []emulator.FaultKind{emulator.FaultApplyThenDrop, emulator.FaultDrop} {
		emu.ClearFaults()
		c := newCreation(kit, jobID, "gate")
		before := mustMatching(t, c)
		created := tasksOf(emu, jobID)
		emu.AddFault(emulator.FaultRule{Action: "CreateCompareTask", Kind: fault, First: 1})
		var diags diag.Diagnostics
		id, err := kit.Buy(context.Background(), c.purchase(context.Background(), before), &diags)
		if err != nil || id == tainted || slices.Contains(before, id) {
			t.Errorf("%s: got %q, %v; want the new task, not %v", fault, id, err, before)
		}
		if n := tasksOf(emu, jobID) - created; n != 1 {
			t.Errorf("%s: %d tasks created, want 1", fault, n)
		}
	}
}

// tasksOf counts the compare tasks of a job.
func tasksOf(emu *emulator.Emulator, jobID string) int {
	n := 0
	for _, j := range emu.Jobs(testRegion) {
		if j.ParentID == jobID {
			n++
		}
	}
	return n
}

// newCreation is the creation of a task named name on jobID.
func newCreation(kit *jobkit.Env, jobID, name string) *creation {
	c := &creation{r: &taskResource{env: kit}, plan: &taskModel{JobID: types.StringValue(jobID), Name: types.StringValue(name),
		Region: types.StringValue(testRegion)}}
	c.t = task(kit, testRegion, "")
	return c
}

func mustMatching(t *testing.T, c *creation) []string {
	t.Helper()
	ids, err := c.matching(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// A task's ID names its parent; the parent's prefix names the family.
func TestParentOf(t *testing.T) {
	for id, want := range map[string]string{
		"dts-8yv4w2i1-cmp-37skmii9":  "dts-8yv4w2i1",
		"sync-8yv4w2i1-cmp-37skmii9": "sync-8yv4w2i1",
		"dts-8yv4w2i1":               "",
		"subs-8yv4w2i1-cmp-37skmii9": "",
		"":                           "",
	} {
		if got := parentOf(id); got != want {
			t.Errorf("parentOf(%q) = %q, want %q", id, got, want)
		}
	}
	if f := familyOf("sync-8yv4w2i1"); f == nil || f.Create != "CreateSyncCompareTask" || !f.Columns {
		t.Errorf("familyOf(sync-…) = %+v, want the sync family", f)
	}
}
