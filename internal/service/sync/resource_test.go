package sync_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

var syncID = regexp.MustCompile(`^sync-[a-z0-9]{8}$`)

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

// noSecrets: the state holds neither the password nor a masked one.
func noSecrets() statecheck.StateCheck {
	return acctest.StateFunc(func(s *tfjson.State) error {
		b, err := json.Marshal(s)
		for _, bad := range []string{testPassword, "xxxxxxxx", "***"} {
			if err == nil && strings.Contains(string(b), bad) {
				err = fmt.Errorf("the state holds %q", bad)
			}
		}
		return err
	})
}

// TestLifecycle: create (buy, configure, check, start), read back with no
// drift, import, change the objects of the running job in place (never a
// stop), pause, continue with a resize and a rate limit, destroy.
func TestLifecycle(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	dbs := []string{"orders", "billing"}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			{
				Config: env.Config(job{}.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("Running")),
					expect("state", knownvalue.StringExact("running")),
					expect("trade_status", knownvalue.StringExact("Normal")),
					expect("opt_obj_status", knownvalue.StringExact("Normal")),
					expect("id", knownvalue.StringRegexp(syncID)),
					noSecrets(),
				},
			},
			importStep(env),
			{
				PreConfig: m.mark,
				Config:    env.Config(job{DBs: dbs}.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				Check: m.called([]string{"ModifySyncJobConfig", "CreateModifyCheckSyncJob", "StartModifySyncJob"},
					[]string{"StopSyncJob", "PauseSyncJob", "ConfigureSyncJob"}),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("Running")),
					expect("opt_obj_status", knownvalue.StringExact("Normal")),
				},
			},
			{
				Config: env.Config(job{DBs: dbs, State: "paused"}.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("Paused"))},
			},
			{
				PreConfig: m.mark,
				Config:    env.Config(job{DBs: dbs, Class: "large", Extra: "  rate_limit = { dump_thread = 4 }\n"}.hcl()), ConfigVariables: vars(),
				Check: m.called([]string{"ContinueSyncJob", "ResizeSyncJob", "ModifySyncRateLimit"}, nil),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("Running")),
					expect("instance_class", knownvalue.StringExact("large")),
				},
			},
		},
	})
}
