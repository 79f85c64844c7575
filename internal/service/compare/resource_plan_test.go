package compare_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// The rules that need the parent (its status, its link, its refusal) are
// checked once it is read, before anything is created.
func TestParentRules(t *testing.T) {
	for name, tc := range map[string]struct {
		p          parent
		parentHCL  string
		task, want string
	}{
		"migration never started": {migrationParent, `  state = "checked"`, "",
			`migration job dts-[a-z0-9]+ is checkPass: a compare task is created in the job's incremental phase \(status readyComplete`},
		"sync never started": {syncParent, `  state = "checked"`, "",
			`sync job sync-[a-z0-9]+ is CheckPass: a compare task is created in the job's incremental phase \(status Running with its initial load done`},
		"sync filters DML": {syncParent, `  options = { op_types = ["Insert", "Update"] }`, "",
			`refuses a builtin consistency check \(CauseOfCompareDisable\): 当前任务开启了DML过滤\(\)。`},
		"advanced objects on mysql": {migrationParent, "", "  object_mode = \"custom\"\n  objects = { object_mode = \"all\", advanced_objects = [\"account\"] }",
			`objects.advanced_objects: advanced objects are compared on mongodb links only, and migration job dts-[a-z0-9]+ links mysql to mysql`},
		"structure check on mysql": {syncParent, "", `  options = { compare_mode = ["structureCheck"] }`,
			`options.compare_mode: structureCheck is supported on postgresql links only`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			s := step(env, cfg{P: tc.p, ParentExtra: tc.parentHCL, Task: tc.task})
			s.ExpectError = regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`))
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             checkDestroy(env, tc.p),
				Steps:                    []resource.TestStep{s},
			})
			if n := acctest.Calls(env.Emulator, tc.p.Create); n != 0 {
				t.Errorf("%s called %d times, want none", tc.p.Create, n)
			}
		})
	}
}

// A task of a job that exists is checked against the job's link at plan
// time: nothing is created; a configuration the link takes plans.
func TestLinkRulesAtPlanTimeOnCreate(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	m := &journalMark{env: env}
	bad := step(env, cfg{P: syncParent, Task: `  options = { compare_mode = ["structureCheck"] }`})
	bad.PreConfig, bad.PlanOnly = m.mark, true
	bad.ExpectError = regexp.MustCompile(`(?s)The job's link does not take this check.*structureCheck is supported on postgresql\s+links\s+only.*Nothing\s+is\s+created`)
	fine := step(env, cfg{P: syncParent, Task: `  options = { thread_count = 2 }`})
	fine.PlanOnly, fine.ExpectNonEmptyPlan = true, true
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             checkDestroy(env, syncParent),
		Steps:                    []resource.TestStep{step(env, cfg{P: syncParent, NoTask: true}), bad, fine},
	})
	if n := acctest.Calls(env.Emulator, syncParent.Create); n != 0 {
		t.Errorf("%s called %d times, want none", syncParent.Create, n)
	}
}

// An independent check is what a sync job that filters DML still takes.
func TestIndependentCheckDespiteRefusal(t *testing.T) {
	env := acctest.New(t)
	s := step(env, cfg{P: syncParent, ParentExtra: `  options = { op_types = ["Insert", "Update"] }`, Task: `  options = { type = "independent" }`})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             checkDestroy(env, syncParent),
		Steps:                    []resource.TestStep{s},
	})
}

// An import ID names one task of a job (its region and job may be left to
// the provider's region and the task ID's prefix); anything else is refused
// before any call.
func TestImportIDRejected(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	hcl := env.Config("resource \"dts_compare_task\" \"test\" {\n  job_id = \"dts-a1b2c3d4\"\n}\n")
	var steps []resource.TestStep
	for _, id := range []string{
		"dts-a1b2c3d4",                    // a job, no task
		"ap-guangzhou:job-1-cmp-e5f6g7h8", // a task of no job
		"ap-guangzhou:dts-a1b2c3d4:sync-a1b2c3d4-cmp-e5f6g7h8", // a task of another job
		"ap-guangzhou:job-1:job-1-cmp-e5f6g7h8",                // not a job ID
		":dts-a1b2c3d4:dts-a1b2c3d4-cmp-e5f6g7h8",              // no region
	} {
		steps = append(steps, resource.TestStep{Config: hcl, ResourceName: taskAddr, ImportState: true, ImportStateId: id,
			ExpectError: regexp.MustCompile(`(?s)Invalid import ID.*expected\s+"<region>:<job\s+ID>:<compare\s+task\s+ID>"`)})
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: env.ProviderFactories(), Steps: steps})
	if n := len(env.Emulator.Journal()); n != 0 {
		t.Errorf("%d API calls for refused import IDs, want none", n)
	}
}
