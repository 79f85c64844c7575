package compare_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

const taskAddr = "dts_compare_task.test"

// parent is the kind of job a test's task compares.
type parent struct {
	Name   string // "migration" or "sync"
	Addr   string // the parent resource's address
	Create string // the family's create, stop and delete actions
	Stop   string
	Delete string
}

var (
	migrationParent = parent{Name: "migration", Addr: "dts_migration_job.parent", Create: "CreateCompareTask",
		Stop: "StopCompare", Delete: "DeleteCompareTask"}
	syncParent = parent{Name: "sync", Addr: "dts_sync_job.parent", Create: "CreateSyncCompareTask",
		Stop: "StopSyncCompare", Delete: "DeleteSyncCompareTask"}
	parents = []parent{migrationParent, syncParent}
)

// forEachParent runs a test for a migration parent and for a sync parent.
func forEachParent(t *testing.T, test func(t *testing.T, p parent)) {
	for _, p := range parents {
		t.Run(p.Name, func(t *testing.T) {
			t.Parallel()
			test(t, p)
		})
	}
}

// cfg describes a test configuration: a parent job and a compare task.
type cfg struct {
	P parent
	// DB is the parent's database (default "orders"): diff_…, skip_…,
	// fail_… and stuck_… steer what the comparison finds.
	DB string
	// Task is the body of the compare task; NoTask leaves the task out,
	// NoParent the parent too.
	Task             string
	NoTask, NoParent bool
	// ParentExtra are more attributes of the parent.
	ParentExtra string
	// More is more configuration (data sources, outputs).
	More string
}

func (c cfg) hcl() string {
	if c.DB == "" {
		c.DB = "orders"
	}
	var b strings.Builder
	b.WriteString(`
variable "password" {
  type      = string
  sensitive = true
  ephemeral = true
}
`)
	if !c.NoParent {
		if c.P.Name == "sync" {
			b.WriteString(syncJob(c.DB, c.ParentExtra))
		} else {
			b.WriteString(migrationJob(c.DB, c.ParentExtra))
		}
	}
	if !c.NoTask {
		fmt.Fprintf(&b, "\nresource \"dts_compare_task\" \"test\" {\n  job_id = %s.id\n%s\n}\n", c.P.Addr, c.Task)
	}
	b.WriteString(c.More)
	return b.String()
}

func migrationJob(db, extra string) string {
	node := func(host string) string {
		return fmt.Sprintf(`{
    region        = "ap-guangzhou"
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = %q
      port                = 3306
      user                = "migrator"
      password_wo         = var.password
      password_wo_version = 1
    }]
  }`, host)
	}
	return fmt.Sprintf(`
resource "dts_migration_job" "parent" {
  name           = "orders"
  instance_class = "medium"
  src_info       = %s
  dst_info       = %s
  migrate_option = {
    database_table = {
      object_mode = "partial"
      databases   = [{ db_name = %q, db_mode = "all" }]
    }
  }
%s
}
`, node("src.example.com"), node("dst.example.com"), db, extra)
}

func syncJob(db, extra string) string {
	node := func(instance string) string {
		return fmt.Sprintf(`{
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = %q
      user                = "dts_user"
      password_wo         = var.password
      password_wo_version = 1
    }]
  }`, instance)
	}
	return fmt.Sprintf(`
resource "dts_sync_job" "parent" {
  name           = "orders-sync"
  instance_class = "small"
  src_info       = %s
  dst_info       = %s
  objects = {
    mode      = "Partial"
    databases = [{ db_name = %q, db_mode = "All" }]
  }
%s
}
`, node("cdb-my0001"), node("cdb-my0002"), db, extra)
}

const testPassword = "Cmp-Pa55word-never-in-state"

func vars() config.Variables {
	return config.Variables{"password": config.StringVariable(testPassword)}
}

// step is a test step of configuration c.
func step(env *acctest.Env, c cfg) resource.TestStep {
	return resource.TestStep{Config: env.Config(c.hcl()), ConfigVariables: vars()}
}

func expect(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(taskAddr, tfjsonpath.New(attr), v)
}

// taskID is the ID of the task in the state.
func taskID(s *terraform.State) string { return s.RootModule().Resources[taskAddr].Primary.ID }

// journalMark remembers where the journal stood before a step.
type journalMark struct {
	env  *acctest.Env
	from int
}

func (m *journalMark) mark() { m.from = len(m.env.Emulator.Journal()) }

// called checks the calls made since the mark.
func (m *journalMark) called(want, never []string) resource.TestCheckFunc {
	return func(*terraform.State) error { return acctest.CalledSince(m.env.Emulator, m.from, want, never) }
}

// checkDestroy: no compare task is left, nor a job of the parent's kind.
func checkDestroy(env *acctest.Env, p parent) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if err := env.CheckJobsDestroyed("compare")(s); err != nil {
			return err
		}
		return env.CheckJobsDestroyed(p.Name)(s)
	}
}

// wrapped matches the literal parts in order, in text Terraform wraps at
// any space.
func wrapped(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}
