package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// A scenario is a guide's complete configuration,
// examples/scenarios/<name>/main.tf, which the guide includes with tffile, so
// what the reader copies is what this test applies and destroys.
type scenario struct {
	// guide is the template under templates/guides/ that includes it.
	guide string
	// before is an apply the guide shows first, of the configuration with
	// before.old replaced by before.new, which fails with before.fails.
	before *edit
	// checks hold after the (first successful) apply of the configuration.
	checks []statecheck.StateCheck
	// then are the guide's later applies, each an edit of the configuration.
	then []edit
	// adopt: the configuration imports existing jobs (placeholder IDs). The
	// test creates them with the same configuration first, makes Terraform
	// forget them, then applies the guide's configuration with their IDs.
	adopt bool
}

// An edit replaces old by new in the configuration (old must occur); the
// apply must plan what plan checks, and leave what checks check.
type edit struct {
	old, new string
	plan     []plancheck.PlanCheck
	checks   []statecheck.StateCheck
	calls    []string       // actions the apply calls (and none that buy or delete)
	fails    *regexp.Regexp // the apply fails with this error
}

func expectString(addr, attr, want string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.StringExact(want))
}

// scenarios: one entry per folder of examples/scenarios. TestScenarios fails
// when a folder has no entry, or an entry no folder.
var scenarios = map[string]scenario{
	"cutover-gate": {
		guide: "migrate-mysql-with-cutover-gate",
		checks: []statecheck.StateCheck{
			expectString("dts_compare_task.gate", "conclusion", "same"),
		},
		then: []edit{{
			old: `state          = "running" # apply 2: "completed"`, new: `state          = "completed"`,
			plan: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("dts_migration_job.orders", plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction("dts_compare_task.gate", plancheck.ResourceActionNoop),
			},
			calls:  []string{"CompleteMigrateJob"},
			checks: []statecheck.StateCheck{expectString("dts_migration_job.orders", "status", "success")},
		}},
	},
	"sync-self-hosted-to-cloud": {
		guide:  "sync-self-hosted-to-cloud",
		checks: []statecheck.StateCheck{expectString("dts_sync_job.to_cloud", "status", "Running")},
		then: []edit{{
			// The guide's second apply: one more table, the job keeps running.
			old: `{ table_name = "orders" },`, new: `{ table_name = "orders" },
        { table_name = "refunds" },`,
			plan:   []plancheck.PlanCheck{plancheck.ExpectResourceAction("dts_sync_job.to_cloud", plancheck.ResourceActionUpdate)},
			calls:  []string{"ModifySyncJobConfig", "CreateModifyCheckSyncJob", "StartModifySyncJob"},
			checks: []statecheck.StateCheck{expectString("dts_sync_job.to_cloud", "status", "Running")},
		}},
	},
	"sync-two-way": {
		guide: "sync-two-way",
		checks: []statecheck.StateCheck{
			expectString("dts_sync_job.east_to_west", "status", "Running"),
			expectString("dts_sync_job.west_to_east", "status", "Running"),
		},
	},
	"sync-many-to-one": {
		guide:  "sync-many-to-one",
		checks: []statecheck.StateCheck{expectString("dts_sync_job.shard[2]", "status", "Running")},
	},
	"multi-active": {
		guide: "multi-active-data-centers",
		checks: []statecheck.StateCheck{
			expectString("dts_sync_job.guangzhou_to_shanghai", "status", "Running"),
			expectString("dts_sync_job.shanghai_to_guangzhou", "status", "Running"),
		},
	},
	"sync-to-kafka": {
		guide:  "subscribe-to-changes-with-kafka",
		checks: []statecheck.StateCheck{expectString("dts_sync_job.cdc", "status", "Running")},
	},
	"subscribe-mysql-to-kafka": {
		guide: "subscribe-to-changes-with-kafka",
		checks: []statecheck.StateCheck{
			expectString("dts_subscription.shop", "subs_status", "running"),
			statecheck.ExpectKnownValue(`dts_consumer_group.app["billing"]`, tfjsonpath.New("account"), knownvalue.StringRegexp(regexp.MustCompile(`^account-subs-\w+-billing-reader$`))),
		},
	},
	"troubleshoot-check": {
		guide: "troubleshooting",
		// Without the skip the check fails with its steps; the tainted job
		// is then replaced by one whose check skips ConstraintCheck.
		before: &edit{
			old:   "  skip_check_steps = [\"ConstraintCheck\"]\n  foreign_key_flag = \"shield\" # do not migrate the foreign keys\n",
			fails: regexp.MustCompile(`(?s)the migration check failed.*\[warning\].*SrcPrivilegeCheck.*\[failed\].*ConstraintCheck.*skip_check_steps`),
		},
		checks: []statecheck.StateCheck{
			expectString("dts_migration_job.orders", "status", "checkPass"),
			statecheck.ExpectKnownValue("data.dts_migration_job.orders", tfjsonpath.New("check_step_info").AtMapKey("status"),
				knownvalue.StringExact("success")),
		},
	},
	"adopt-existing-jobs": {
		guide: "migrating-from-tencentcloud-dts",
		adopt: true,
	},
	"emulator-steering": {
		guide: "trying-configurations-offline",
		checks: []statecheck.StateCheck{
			expectString("dts_compare_task.shop", "conclusion", "different"),
			statecheck.ExpectKnownValue("dts_compare_task.shop", tfjsonpath.New("different_rows"), knownvalue.Int64Exact(7)),
			statecheck.ExpectKnownValue("dts_compare_task.shop", tfjsonpath.New("skipped_tables"), knownvalue.Int64Exact(1)),
		},
	},
}

const scenarioRoot = "../../examples/scenarios"

// TestScenarios applies every guide's configuration against the emulator as
// its guide says — the first apply, then the guide's later applies — checks
// that every plan after an apply is empty, destroys it and checks that no job
// is left in any region. A folder of examples/scenarios without an entry in
// scenarios fails the test, and so does a scenario no guide includes.
func TestScenarios(t *testing.T) {
	entries, err := os.ReadDir(scenarioRoot)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	for name := range scenarios {
		if !slices.Contains(dirs, name) {
			t.Errorf("scenario %q has no folder examples/scenarios/%s", name, name)
		}
	}
	for _, name := range dirs {
		s, ok := scenarios[name]
		if !ok {
			t.Errorf("examples/scenarios/%s is not covered: add it to scenarios in %s", name, "internal/provider/scenarios_test.go")
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s.run(t, name)
		})
	}
}

var (
	importBlock  = regexp.MustCompile(`(?ms)^import \{.*?^\}\n\n?`)
	resourceAddr = regexp.MustCompile(`(?m)^resource "(\w+)" "(\w+)"`)
	variableDecl = regexp.MustCompile(`(?ms)^variable "\w+" \{.*?^\}\n`)
)

func (s scenario) run(t *testing.T, name string) {
	b, err := os.ReadFile(filepath.Join(scenarioRoot, name, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	guide, err := os.ReadFile(filepath.Join("../../templates/guides", s.guide+".md.tmpl"))
	if err != nil || !strings.Contains(string(guide), `tffile "examples/scenarios/`+name+`/main.tf"`) {
		t.Fatalf("templates/guides/%s.md.tmpl must include examples/scenarios/%s/main.tf with tffile (%v)", s.guide, name, err)
	}
	env := acctest.New(t)
	text := providerBlock.ReplaceAllString(terraformBlock.ReplaceAllString(string(b), ""), "")
	vars := config.Variables{}
	for _, m := range variableName.FindAllStringSubmatch(text, -1) {
		vars[m[1]] = config.StringVariable("scenario-" + m[1])
	}
	var steps []resource.TestStep
	if s.adopt {
		steps = adoptSteps(t, env, text, vars)
	} else {
		if b := s.before; b != nil {
			if !strings.Contains(text, b.old) {
				t.Fatalf("examples/scenarios/%s no longer has %q, which its guide's first apply leaves out", name, b.old)
			}
			steps = append(steps, resource.TestStep{Config: env.Config(strings.Replace(text, b.old, b.new, 1)), ConfigVariables: vars,
				ExpectError: b.fails})
		}
		steps = append(steps, resource.TestStep{Config: env.Config(text), ConfigVariables: vars, ConfigStateChecks: s.checks})
	}
	for _, e := range s.then {
		if !strings.Contains(text, e.old) {
			t.Fatalf("examples/scenarios/%s no longer has %q, which its guide's later apply changes", name, e.old)
		}
		text = strings.Replace(text, e.old, e.new, 1)
		m := &journalMark{env: env}
		steps = append(steps, resource.TestStep{
			PreConfig: m.mark, Config: env.Config(text), ConfigVariables: vars,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: e.plan},
			ConfigStateChecks: append(e.checks, m.called(e.calls)),
		})
	}
	// The destroy is a step of its own, and nothing reads the state through
	// the legacy shim (Check, CheckDestroy, the harness's own destroy), which
	// does not know for_each keys.
	last := steps[len(steps)-1]
	steps = append(steps, resource.TestStep{Config: last.Config, ConfigVariables: last.ConfigVariables, Destroy: true})
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: env.ProviderFactories(), Steps: steps})
	if !t.Failed() {
		if err := noJobLeft(env); err != nil {
			t.Error(err)
		}
	}
}

// adoptSteps: create the jobs with the configuration minus its import blocks,
// forget them (removed blocks, destroy = false), then apply the configuration
// with the import blocks naming them: the plan must update them in place,
// never create or replace one, and the apply must buy nothing.
func adoptSteps(t *testing.T, env *acctest.Env, text string, vars config.Variables) []resource.TestStep {
	t.Helper()
	addrs := resourceAddr.FindAllStringSubmatch(text, -1)
	imports := importBlock.FindAllString(text, -1)
	if len(imports) != len(addrs) || len(addrs) == 0 {
		t.Fatalf("expected one import block per resource, got %d imports for %d resources", len(imports), len(addrs))
	}
	adoptVars := config.Variables{}
	for k, v := range vars {
		adoptVars[k] = v
	}
	var removed strings.Builder
	var plan []plancheck.PlanCheck
	adopted := text
	for i, a := range addrs {
		addr := a[1] + "." + a[2]
		fmt.Fprintf(&removed, "removed {\n  from = %s\n  lifecycle {\n    destroy = false\n  }\n}\n", addr)
		plan = append(plan, plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate))
		// The placeholder "<region>:<ID>" becomes a variable the first step sets.
		id := regexp.MustCompile(`id = "([^"]+)"`).FindStringSubmatch(imports[i])
		if id == nil {
			t.Fatalf("import block without a literal id: %s", imports[i])
		}
		v := fmt.Sprintf("adopt_%d", i)
		adopted = strings.Replace(adopted, `"`+id[1]+`"`, "var."+v, 1)
		adopted += fmt.Sprintf("\nvariable %q {\n  type = string\n}\n", v)
	}
	record := acctest.StateFunc(func(s *tfjson.State) error {
		for i, a := range addrs {
			id, err := stateID(s, a[1]+"."+a[2])
			if err != nil {
				return err
			}
			adoptVars[fmt.Sprintf("adopt_%d", i)] = config.StringVariable(acctest.Region + ":" + id)
		}
		return nil
	})
	m := &journalMark{env: env}
	vdecl := strings.Join(variableDecl.FindAllString(text, -1), "")
	return []resource.TestStep{
		{Config: env.Config(importBlock.ReplaceAllString(text, "")), ConfigVariables: vars, ConfigStateChecks: []statecheck.StateCheck{record}},
		{Config: env.Config(vdecl + removed.String()), ConfigVariables: vars},
		{
			PreConfig: m.mark, Config: env.Config(adopted), ConfigVariables: adoptVars,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: plan},
			ConfigStateChecks: []statecheck.StateCheck{m.called(nil)},
		},
	}
}

// journalMark checks the actions an apply called, from a mark on.
type journalMark struct {
	env  *acctest.Env
	from int
}

func (m *journalMark) mark() { m.from = len(m.env.Emulator.Journal()) }

// called checks that every action of want was called since the mark, and
// that nothing was bought, stopped or deleted.
func (m *journalMark) called(want []string) statecheck.StateCheck {
	never := []string{"CreateMigrationService", "CreateSyncJob", "CreateSubscribe", "IsolateMigrateJob", "IsolateSyncJob",
		"IsolateSubscribe", "DestroyMigrateJob", "DestroySyncJob", "DeleteCompareTask", "StopMigrateJob", "StopSyncJob"}
	return acctest.StateFunc(func(*tfjson.State) error { return acctest.CalledSince(m.env.Emulator, m.from, want, never) })
}

// stateID is the ID of the resource at addr in the state.
func stateID(s *tfjson.State, addr string) (string, error) {
	if s != nil && s.Values != nil && s.Values.RootModule != nil {
		for _, r := range s.Values.RootModule.Resources {
			if r.Address == addr {
				if id, ok := r.AttributeValues["id"].(string); ok {
					return id, nil
				}
			}
		}
	}
	return "", fmt.Errorf("%s is not in the state", addr)
}

// noJobLeft reports the jobs of any kind, in any region, that the destroy
// left (those being destroyed count as gone).
func noJobLeft(env *acctest.Env) error {
	var left []string
	for _, j := range env.Emulator.Jobs("") {
		if trade := strings.ToLower(j.TradeStatus); trade != "offlined" && trade != "offlining" {
			left = append(left, fmt.Sprintf("%s %s in %s (%s, %s)", j.Kind, j.JobID, j.Region, j.Status, j.TradeStatus))
		}
	}
	if len(left) > 0 {
		return fmt.Errorf("left after destroy: %s", strings.Join(left, "; "))
	}
	return nil
}
