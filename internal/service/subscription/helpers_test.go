package subscription_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

const (
	subsAddr  = "dts_subscription.test"
	groupAddr = "dts_consumer_group.test"
)

const (
	testPassword  = "Subs-Pa55word-never-in-state"
	groupPassword = "Group-Pa55-never-in-state"
)

var subsID = regexp.MustCompile(`^subs-[0-9a-z]{10}$`)

// subs describes a test configuration of dts_subscription: a postpaid
// mysql subscription of a catalog instance with 4 partitions, unless the
// fields say otherwise.
type subs struct {
	Name, State, PayMode, Product, Mode string
	Endpoint                            string // endpoint body; default: a cdb instance
	Access                              string
	Kafka                               string // kafka_config body
	Objects                             []string
	PasswordVersion                     int
	Tags                                string // HCL map body
	Extra                               string // more top-level attributes
	Group                               string // a dts_consumer_group.test body, appended when set
}

func cdbEndpoint(instance string, version int) string {
	return fmt.Sprintf(`{
    database_region     = "ap-guangzhou"
    instance_id         = %q
    user                = "dts_user"
    password_wo         = var.password
    password_wo_version = %d
  }`, instance, version)
}

func (s subs) hcl() string {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&s.Name, "orders-subs")
	def(&s.Product, "mysql")
	def(&s.Mode, "dml")
	def(&s.Access, "cdb")
	def(&s.Kafka, `number_of_partitions = 4
    default_rule_type    = "table"`)
	if s.PasswordVersion == 0 {
		s.PasswordVersion = 1
	}
	def(&s.Endpoint, cdbEndpoint("cdb-my0001", s.PasswordVersion))
	if s.Objects == nil {
		s.Objects = []string{`{ object_type = "database", database = "orders" }`}
	}
	var b strings.Builder
	b.WriteString(`
variable "password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "group_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "dts_subscription" "test" {
`)
	for _, a := range [][2]string{{"name", s.Name}, {"product", s.Product}, {"state", s.State}, {"pay_mode", s.PayMode},
		{"subscribe_mode", s.Mode}, {"access_type", s.Access}} {
		if a[1] != "" {
			fmt.Fprintf(&b, "  %s = %q\n", a[0], a[1])
		}
	}
	if s.Tags != "" {
		fmt.Fprintf(&b, "  tags = { %s }\n", s.Tags)
	}
	fmt.Fprintf(&b, "  endpoints = [%s]\n  kafka_config = {\n    %s\n  }\n", s.Endpoint, s.Kafka)
	if len(s.Objects) > 0 {
		fmt.Fprintf(&b, "  subscribe_objects = [%s]\n", strings.Join(s.Objects, ", "))
	}
	b.WriteString(s.Extra)
	b.WriteString("\n}\n")
	if s.Group != "" {
		fmt.Fprintf(&b, "\nresource \"dts_consumer_group\" \"test\" {\n  subscribe_id = dts_subscription.test.id\n%s\n}\n", s.Group)
	}
	return b.String()
}

// group is a consumer group body.
func group(name, account, description string, version int) string {
	out := fmt.Sprintf("  consumer_group_name = %q\n  account_name = %q\n  password_wo = var.group_password\n  password_wo_version = %d\n",
		name, account, version)
	if description != "" {
		out += fmt.Sprintf("  description = %q\n", description)
	}
	return out
}

func vars() config.Variables {
	return config.Variables{"password": config.StringVariable(testPassword), "group_password": config.StringVariable(groupPassword)}
}

func expect(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(subsAddr, tfjsonpath.New(attr), v)
}

func expectGroup(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(groupAddr, tfjsonpath.New(attr), v)
}

// subscriptionID is the ID of the subscription in the state.
func subscriptionID(s *terraform.State) string { return s.RootModule().Resources[subsAddr].Primary.ID }

// force puts the subscription in the state into a status out of band.
func force(env *acctest.Env, status, trade string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		return env.Emulator.ForceStatus(acctest.Region, subscriptionID(s), status, trade)
	}
}

// setOutcome scripts the outcome of the subscription in the state.
func setOutcome(env *acctest.Env, o emulator.Outcome) resource.TestCheckFunc {
	return func(s *terraform.State) error { return env.Emulator.SetOutcome(acctest.Region, subscriptionID(s), o) }
}

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

// subsDestroyed is a CheckDestroy: no subscription and no consumer group
// of the test region is left.
func subsDestroyed(env *acctest.Env) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if err := env.CheckJobsDestroyed("subscription")(s); err != nil {
			return err
		}
		return env.CheckJobsDestroyed("consumerGroup")(s)
	}
}

func regexpOf(s string) *regexp.Regexp { return regexp.MustCompile(s) }

func resetRequest(id string) *dtsapi.ResetSubscribeRequest {
	return &dtsapi.ResetSubscribeRequest{SubscribeId: &id}
}

// onlySubscription is the ID of the one subscription of the test region.
func onlySubscription(t *testing.T, env *acctest.Env) string {
	t.Helper()
	var ids []string
	for _, j := range env.Emulator.Jobs(acctest.Region) {
		if j.Kind == "subscription" {
			ids = append(ids, j.JobID)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("%d subscriptions, want 1", len(ids))
	}
	return ids[0]
}

// refreshed checks, in a plan, what the refresh read before the change:
// the value of attr of the resource at addr (a PlanOnly step's plan checks
// run; its state checks do not).
func refreshed(addr, attr string, want any) resource.ConfigPlanChecks {
	check := acctest.PlanFunc(func(p *tfjson.Plan) error {
		for _, rc := range p.ResourceChanges {
			if rc.Address != addr {
				continue
			}
			before, _ := rc.Change.Before.(map[string]any)
			if got := before[attr]; fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("%s.%s was refreshed as %v, want %v", addr, attr, got, want)
			}
			return nil
		}
		return fmt.Errorf("%s is not in the plan", addr)
	})
	return resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{check}}
}
