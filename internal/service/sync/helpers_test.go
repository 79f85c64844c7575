package sync_test

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

const jobAddr = "dts_sync_job.test"

const testPassword = "Sync-Pa55word-never-in-state"

// job describes a test configuration of dts_sync_job: a mysql→mysql job
// between two catalog instances unless Src/Dst say otherwise.
type job struct {
	Name, Class, State, PayMode string
	Src, Dst                    string // endpoint bodies; defaults: cdb instances
	DBs                         []string
	Options                     string // options body
	Tags                        string // HCL map body
	PasswordVersion             int
	Extra                       string // more top-level attributes
}

func cdbEndpoint(instance string, version int) string {
	return fmt.Sprintf(`{
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = %q
      user                = "dts_user"
      password_wo         = var.password
      password_wo_version = %d
    }]
  }`, instance, version)
}

func (j job) hcl() string {
	if j.Name == "" {
		j.Name = "orders-sync"
	}
	if j.Class == "" {
		j.Class = "small" // billed: a medium mysql→mysql link in one region is free, and DTS resizes only billed jobs
	}
	if j.PasswordVersion == 0 {
		j.PasswordVersion = 1
	}
	if j.Src == "" {
		j.Src = cdbEndpoint("cdb-my0001", j.PasswordVersion)
	}
	if j.Dst == "" {
		j.Dst = cdbEndpoint("cdb-my0002", j.PasswordVersion)
	}
	if len(j.DBs) == 0 {
		j.DBs = []string{"orders"}
	}
	var b strings.Builder
	b.WriteString(`
variable "password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "dts_sync_job" "test" {
`)
	fmt.Fprintf(&b, "  name = %q\n", j.Name)
	for _, a := range [][2]string{{"instance_class", j.Class}, {"state", j.State}, {"pay_mode", j.PayMode}} {
		if a[1] != "" {
			fmt.Fprintf(&b, "  %s = %q\n", a[0], a[1])
		}
	}
	if j.Tags != "" {
		fmt.Fprintf(&b, "  tags = { %s }\n", j.Tags)
	}
	fmt.Fprintf(&b, "  src_info = %s\n  dst_info = %s\n", j.Src, j.Dst)
	var dbs []string
	for _, db := range j.DBs {
		dbs = append(dbs, fmt.Sprintf("{ db_name = %q, db_mode = \"All\" }", db))
	}
	fmt.Fprintf(&b, "  objects = {\n    mode      = \"Partial\"\n    databases = [%s]\n  }\n", strings.Join(dbs, ", "))
	if j.Options != "" {
		fmt.Fprintf(&b, "  options = {\n%s\n  }\n", j.Options)
	}
	b.WriteString(j.Extra)
	b.WriteString("\n}\n")
	return b.String()
}

func vars() config.Variables {
	return config.Variables{"password": config.StringVariable(testPassword)}
}

func expect(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New(attr), v)
}

func importStep(env *acctest.Env) resource.TestStep {
	return resource.TestStep{
		ResourceName:      jobAddr,
		ImportState:       true,
		ImportStateVerify: true,
		ImportStateIdFunc: func(s *terraform.State) (string, error) {
			return acctest.Region + ":" + s.RootModule().Resources[jobAddr].Primary.ID, nil
		},
		ImportStateVerifyIgnore: []string{
			"src_info.info.0.password_wo_version", "dst_info.info.0.password_wo_version",
			"deletion_policy", "skip_check_steps", "timeouts", "time_span", "job_mode",
		},
		ConfigVariables: vars(),
	}
}
