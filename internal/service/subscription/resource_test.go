package subscription_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// noSecrets: the state holds neither password.
func noSecrets() statecheck.StateCheck {
	return acctest.StateFunc(func(s *tfjson.State) error {
		b, err := json.Marshal(s)
		for _, bad := range []string{testPassword, groupPassword} {
			if err == nil && strings.Contains(string(b), bad) {
				err = fmt.Errorf("the state holds %q", bad)
			}
		}
		return err
	})
}

func importStep() resource.TestStep {
	return resource.TestStep{
		ResourceName:      subsAddr,
		ImportState:       true,
		ImportStateVerify: true,
		ImportStateIdFunc: func(s *terraform.State) (string, error) {
			return acctest.Region + ":" + subscriptionID(s), nil
		},
		ImportStateVerifyIgnore: []string{"endpoints.0.password_wo_version", "deletion_policy", "timeouts"},
		ConfigVariables:         vars(),
	}
}

// TestLifecycle: create (buy, configure, check, start), read back with no
// drift, import, rename, change the objects of the running subscription in
// place (ModifySubscribeObjects, never a reset), destroy.
func TestLifecycle(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	two := []string{`{ object_type = "database", database = "orders" }`, `{ object_type = "table", database = "crm", tables = ["users"] }`}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: env.Config(subs{}.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("id", knownvalue.StringRegexp(subsID)),
					expect("subs_status", knownvalue.StringExact("running")),
					expect("status", knownvalue.StringExact("normal")),
					expect("state", knownvalue.StringExact("running")),
					expect("region", knownvalue.StringExact(acctest.Region)),
					expect("topic", knownvalue.StringRegexp(regexpOf(`^topic-subs-`))),
					expect("broker", knownvalue.StringRegexp(regexpOf(`:9092$`))),
					expect("kafka_version", knownvalue.NotNull()),
					expect("instance_class", knownvalue.StringExact("small")),
					expect("subscribe_version", knownvalue.StringExact("kafkaPro")),
					expect("errors", knownvalue.ListSizeExact(0)),
					noSecrets(),
				},
			},
			importStep(),
			{
				PreConfig: m.mark,
				Config:    env.Config(subs{Name: "orders-changes", Mode: "dmlAndDdl", Objects: two}.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(subsAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(subsAddr, tfjsonpath.New("topic"), knownvalue.NotNull()),
				}},
				Check: m.called([]string{"ModifySubscribeName", "ModifySubscribeObjects"},
					[]string{"ResetSubscribe", "ConfigureSubscribeJob", "StartSubscribe"}),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("subs_status", knownvalue.StringExact("running")),
					expect("name", knownvalue.StringExact("orders-changes")),
					expect("subscribe_objects", knownvalue.ListSizeExact(2)),
				},
			},
		},
	})
}
