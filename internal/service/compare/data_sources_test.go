package compare_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

const reads = `
data "dts_compare_tasks" "done" {
  job_id = dts_compare_task.test.job_id
  status = ["success"]
}

data "dts_compare_tasks" "failed" {
  job_id = dts_compare_task.test.job_id
  status = ["failed"]
}

data "dts_compare_report" "test" {
  job_id          = dts_compare_task.test.job_id
  compare_task_id = dts_compare_task.test.compare_task_id
  diff_items_filter = {
    db_name    = "orders"
    table_name = "diff_7_t1"
  }
}

data "dts_compare_report" "searched" {
  job_id           = dts_compare_task.test.job_id
  compare_task_id  = dts_compare_task.test.compare_task_id
  difference_table = "nothing-matches"
}
`

// TestDataSources: the job's tasks with a status filter, and the report of
// one — its abstract, differing and skipped tables, and one table's
// differing rows — agreeing with the resource.
func TestDataSources(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		at := func(attr string, steps ...any) tfjsonpath.Path {
			path := tfjsonpath.New(attr)
			for _, s := range steps {
				switch s := s.(type) {
				case int:
					path = path.AtSliceIndex(s)
				case string:
					path = path.AtMapKey(s)
				}
			}
			return path
		}
		ds := func(addr, attr string, v knownvalue.Check, steps ...any) statecheck.StateCheck {
			return statecheck.ExpectKnownValue(addr, at(attr, steps...), v)
		}
		s := step(env, cfg{P: p, Task: custom(`  name = "cutover-gate"`, "diff_7_t1", "skip_t2", "t3"), More: reads})
		s.ConfigStateChecks = []statecheck.StateCheck{
			expect("conclusion", knownvalue.StringExact("different")),
			expect("different_rows", knownvalue.Int64Exact(7)),
			expect("skipped_tables", knownvalue.Int64Exact(1)),
			ds("data.dts_compare_tasks.done", "total_count", knownvalue.Int64Exact(1)),
			ds("data.dts_compare_tasks.done", "tasks", knownvalue.StringExact("cutover-gate"), 0, "name"),
			ds("data.dts_compare_tasks.done", "tasks", knownvalue.StringExact("different"), 0, "conclusion"),
			ds("data.dts_compare_tasks.done", "tasks", knownvalue.StringExact("success"), 0, "compare_process", "status"),
			ds("data.dts_compare_tasks.failed", "total_count", knownvalue.Int64Exact(0)),
			ds("data.dts_compare_report.test", "abstract", knownvalue.Int64Exact(3), "total_tables"),
			ds("data.dts_compare_report.test", "abstract", knownvalue.Int64Exact(7), "different_rows"),
			ds("data.dts_compare_report.test", "abstract", knownvalue.StringExact("different"), "conclusion"),
			ds("data.dts_compare_report.test", "difference", knownvalue.ListSizeExact(1)),
			ds("data.dts_compare_report.test", "difference", knownvalue.StringExact("diff_7_t1"), 0, "table"),
			ds("data.dts_compare_report.test", "full_progress", knownvalue.Int64Exact(7), 0, "row_count"),
			ds("data.dts_compare_report.test", "skipped", knownvalue.StringExact("skip_t2"), 0, "table"),
			ds("data.dts_compare_report.test", "diff_items", knownvalue.ListSizeExact(7)),
			ds("data.dts_compare_report.test", "diff_items", knownvalue.StringExact("id=1"), 0, "identifier"),
			ds("data.dts_compare_report.test", "diff_items", knownvalue.StringExact("data"), 0, "diff_type"),
			ds("data.dts_compare_report.test", "diff_items", knownvalue.StringExact("dstLack"), 1, "diff_type"),
			ds("data.dts_compare_report.searched", "difference", knownvalue.ListSizeExact(0)),
			ds("data.dts_compare_report.searched", "skipped", knownvalue.ListSizeExact(1)),
		}
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps:                    []resource.TestStep{s},
		})
	})
}
