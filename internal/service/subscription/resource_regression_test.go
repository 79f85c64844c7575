package subscription_test

// Regression tests of the defects an adversarial review of
// dts_subscription, dts_consumer_group, the subscription data sources and
// the emulator's subscription actions found (REVIEW-n): each test
// reproduced its defect and failed before the fix; the comment above it
// describes the defect as it was.

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// planRejects runs each configuration as a plan that must fail with its
// message, and checks that no API call was made.
func planRejects(t *testing.T, env *acctest.Env, cases map[string]struct{ hcl, want string }) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				Steps: []resource.TestStep{{Config: env.Config(tc.hcl), ConfigVariables: vars(), PlanOnly: true,
					ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	if n := len(env.Emulator.Journal()); n != 0 {
		t.Errorf("%d API calls during plan-time validation, want none", n)
	}
}

// REVIEW-1 (provider): blank names passed the plan. `database = ""`,
// `tables = [""]`, `columns = [""]`, `db_pattern = ""`, `user = ""`,
// `database_region = ""`, `consumer_vpc_id = ""` beside a subnet, a tdpg endpoint's blank `PgDatabase`, and a blank member an access type needs
// (`instance_id = ""` with cdb, `host_name = ""` with extranet) were
// accepted at plan time; DTS refused them (MissingParameter) in
// ConfigureSubscribeJob, after the purchase: the subscription was bought and
// tainted. A blank `name` was bought, and every rename to one failed
// (ModifySubscribeName: MissingParameter).
func TestReviewBlankNames(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	objects := func(o string) string { return subs{Objects: []string{o}}.hcl() }
	kafka := func(rule string) string {
		return subs{Kafka: "number_of_partitions = 4\n    default_rule_type = \"pk\"\n    distribute_rules = [" + rule + "]"}.hcl()
	}
	endpoint := func(body string) string {
		return subs{Endpoint: "{\n" + body + "\n password_wo = var.password\n }"}.hcl()
	}
	extranet := func(body string) string {
		s := subs{Access: "extranet", Endpoint: "{\n" + body + "\n password_wo = var.password\n }"}
		return s.hcl()
	}
	planRejects(t, env, map[string]struct{ hcl, want string }{
		"database":        {objects(`{ object_type = "database", database = "" }`), `(?s)subscribe_objects\[0\]\.database.*blank`},
		"table":           {objects(`{ object_type = "table", database = "orders", tables = ["t1", " "] }`), `(?s)tables\[1\].*blank`},
		"column":          {kafka(`{ rule_type = "cols", db_pattern = "a", table_pattern = "b", columns = [""] }`), `(?s)columns\[0\].*blank`},
		"db_pattern":      {kafka(`{ rule_type = "table", db_pattern = "", table_pattern = "b" }`), `(?s)db_pattern.*blank`},
		"user":            {endpoint(`database_region = "ap-guangzhou"` + "\n" + `instance_id = "cdb-my0001"` + "\n" + `user = ""`), `(?s)user.*blank`},
		"database_region": {endpoint(`database_region = ""` + "\n" + `instance_id = "cdb-my0001"` + "\n" + `user = "u"`), `(?s)database_region.*blank`},
		"instance_id":     {endpoint(`database_region = "ap-guangzhou"` + "\n" + `instance_id = ""` + "\n" + `user = "u"`), `(?s)Missing instance_id`},
		"name":            {subs{Name: "   "}.hcl(), `(?s)name must not be blank`},
		"PgDatabase": {subs{Product: "tdpg", Kafka: "number_of_partitions = 1", Endpoint: "{\n" + `database_region = "ap-guangzhou"` + "\n" +
			`instance_id = "cdb-pg0001"` + "\n" + `user = "u"` + "\n" + `extra_attr = { PgDatabase = " " }` + "\n password_wo = var.password\n }"}.hcl(),
			`(?s)Missing extra_attr.*PgDatabase`},
		"consumer_vpc_id": {subs{Extra: "  consumer_vpc_id = \"\"\n  consumer_subnet_id = \"subnet-1\"\n"}.hcl(), `(?s)Missing consumer_vpc_id`},
		"host_name": {extranet(`database_region = "ap-guangzhou"` + "\n" + `host_name = " "` + "\n" + `port = 3306` + "\n" + `user = "u"`),
			`(?s)Missing host_name`},
	})
}

// REVIEW-2 (provider): a consumer group's `description = ""` passed the
// plan. DTS requires a description in ModifyConsumerGroupDescription
// (MissingParameter) and reads "" back as none: the update failed at every
// apply, and a group created with "" planned a change forever.
func TestReviewBlankGroupDescription(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	body := group("orders-app", "orders-reader", "", 1) + "  description = \"\"\n"
	planRejects(t, env, map[string]struct{ hcl, want string }{
		"description": {subs{Group: body}.hcl(), `(?s)description.*blank`},
	})
}

// REVIEW-3 (provider): a prepaid subscription that never started (state =
// "checked") could not be left behind once DTS would no longer take it
// back. The destroy failed, advising deletion_policy = "abandon"; with it,
// Abandon still deleted the subscription because it had not started (a
// prepaid subscription is paid for from its purchase), and the destroy
// failed again with the same advice: nothing could remove it from the
// state.
func TestReviewAbandonPrepaidNeverStarted(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	cfg := func(policy string) map[string]any {
		return protoSubs(map[string]any{"pay_mode": "PrePay", "duration": 12, "state": "checked", "deletion_policy": policy})
	}
	state, private, _ := p.Apply(subsType, p.Null(subsType), p.Config(subsType, cfg("delete")), nil)
	env.Clock.Advance(2 * time.Hour) // more than 5 days at the test's time scale
	if errs := acctest.Errors(p.Destroy(subsType, state, private)); !strings.Contains(errs, "deletion_policy = \"abandon\"") {
		t.Fatalf("errors:\n%s", errs)
	}
	state, private, _ = p.Apply(subsType, state, p.Config(subsType, cfg("abandon")), private)
	diags := p.Destroy(subsType, state, private)
	if errs := acctest.Errors(diags); errs != "" || !strings.Contains(acctest.Warnings(diags), "abandoned") {
		t.Fatalf("abandon: errors:\n%s\nwarnings:\n%s", errs, acctest.Warnings(diags))
	}
	if n := acctest.Calls(env.Emulator, "IsolateSubscribe"); n != 0 {
		t.Fatalf("IsolateSubscribe called %d times", n)
	}
}

// REVIEW-4 (provider): importing a consumer group and applying its
// configuration changed the group's password. After an import the state
// holds no password_wo_version, so the first plan showed null → 1 and
// Update sent ModifyConsumerGroupPassword with the configured password —
// whatever the consumers were using, they were locked out. The
// subscription only records its versions after an import; the group now
// does too.
func TestReviewImportedGroupKeepsItsPassword(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	withGroup := subs{Group: group("orders-app", "orders-reader", "", 1)}.hcl() + `
import {
  to = dts_consumer_group.test
  id = "` + acctest.Region + `:${dts_subscription.test.id}:orders-app:orders-reader"
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.Config(subs{}.hcl()), ConfigVariables: vars(), Check: createGroupOutOfBand(t, env)},
			{PreConfig: m.mark, Config: env.Config(withGroup), ConfigVariables: vars(),
				Check: m.called(nil, []string{"ModifyConsumerGroupPassword", "CreateConsumerGroup"})},
		},
	})
}

// createGroupOutOfBand creates the group orders-app of the subscription in
// the state, as another tool would.
func createGroupOutOfBand(t *testing.T, env *acctest.Env) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id := subscriptionID(s)
		_, err := env.Client(t).CreateConsumerGroup(context.Background(), acctest.Region, &dtsapi.CreateConsumerGroupRequest{
			SubscribeId: &id, ConsumerGroupName: ptr("orders-app"), AccountName: ptr("orders-reader"), Password: ptr("The-consumers-one")})
		if err != nil {
			return fmt.Errorf("CreateConsumerGroup: %w", err)
		}
		return nil
	}
}

// mongo is a mongodb subscription of one collection with a pipeline stage,
// over an extranet endpoint of the given engine version.
func mongo(version, stage string) string {
	return subs{Product: "mongodb", Mode: "collection", Access: "extranet", Kafka: `number_of_partitions = 1`,
		Objects: []string{`{ object_type = "table", database = "orders", tables = ["events"] }`},
		Endpoint: `{
    database_region = "ap-guangzhou"
    host_name       = "mongo.example.com"
    port            = 27017
    user            = "dts_user"
    password_wo     = var.password
    extra_attr      = { EngineVersion = "` + version + `" }
  }`,
		Extra: `  pipeline_info = [{ agg_op = "` + stage + `", agg_cmd = "{\"fullDocument\": 1}" }]` + "\n"}.hcl()
}

// REVIEW-5 (provider): a pipeline stage newer than the endpoint's MongoDB
// passed the plan. `$replaceWith`, `$set` and `$unset` need MongoDB 4.2
// ("只有当订阅实例是4.2及以上版本可选"); with `EngineVersion = "4.0"` DTS
// refused the configuration after the purchase, and the subscription was
// tainted.
func TestReviewPipelineNeedsMongo42(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	planRejects(t, env, map[string]struct{ hcl, want string }{
		"$set on 4.0": {mongo("4.0", "$set"), `(?s)Stage needs MongoDB 4\.2.*EngineVersion is 4\.0`},
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps:                    []resource.TestStep{{Config: env.Config(mongo("4.4", "$set")), ConfigVariables: vars()}},
	})
}

// REVIEW-6 (provider): partitioning rules added to a subscription that had
// none were never sent. A path under kafka_config the state holds null was
// taken for what an import cannot know (DTS reads the Kafka configuration
// of some products back empty) and only recorded: adding distribute_rules
// (or a first default_rule_type) to a running subscription called nothing,
// the next refresh lost them, and every plan showed them again.
func TestReviewFirstRulesAreSent(t *testing.T) {
	env := acctest.New(t)
	m := &journalMark{env: env}
	rules := `number_of_partitions = 4
    default_rule_type    = "table"
    distribute_rules     = [{ rule_type = "pk", db_pattern = "^orders$", table_pattern = "^items$" }]`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.Config(subs{}.hcl()), ConfigVariables: vars()},
			{PreConfig: m.mark, Config: env.Config(subs{Kafka: rules}.hcl()), ConfigVariables: vars(),
				Check: m.called([]string{"ModifySubscribeObjects"}, []string{"ResetSubscribe"})},
		},
	})
}

// REVIEW-7 (provider): a consumer group changed in the apply that resets
// its subscription failed with a bare ResourceNotFound. The reset (a new
// endpoint) drops the topic's groups before the group's update runs, so
// ModifyConsumerGroupDescription found no group: the apply failed, and only
// the next one created the group again. The update now creates the group
// again with its configuration when it is gone.
func TestReviewGroupChangedWithAReset(t *testing.T) {
	env := acctest.New(t)
	moved := subs{Endpoint: cdbEndpoint("cdb-my0002", 1), Group: group("orders-app", "orders-reader", "v2", 2)}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.Config(subs{Group: group("orders-app", "orders-reader", "v1", 1)}.hcl()), ConfigVariables: vars()},
			{Config: env.Config(moved.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{expectGroup("description", knownvalue.StringExact("v2"))}},
		},
	})
}

// REVIEW-8 (provider, kit): tags DTS refuses, or that the provider cannot
// keep, passed the plan. A blank key, a key of more than 127 characters or
// a value of more than 255 failed the purchase at apply time; the key of
// the hidden purchase token (terraform-dts-token) was sent twice (DTS:
// "given more than once") or, had DTS taken it, hidden from every refresh,
// so that every later plan failed with "Tags cannot change".
func TestReviewTagsCheckedAtPlanTime(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	tags := func(body string) string { return subs{Tags: body}.hcl() }
	planRejects(t, env, map[string]struct{ hcl, want string }{
		"blank key":    {tags(`" " = "x"`), `(?s)tags.*blank`},
		"token key":    {tags(`terraform-dts-token = "x"`), `(?s)tags.*terraform-dts-token.*reserved`},
		"long key":     {tags(`"` + strings.Repeat("k", 128) + `" = "x"`), `(?s)tags.*127`},
		"long value":   {tags(`team = "` + strings.Repeat("v", 256) + `"`), `(?s)tags.*255`},
		"control char": {tags(`team = "a\tb"`), `(?s)tags.*control`},
	})
}

// REVIEW-9 (provider): dts_subscriptions took any number of subscribe_ids
// and sent them in one DescribeSubscribeJobs, which reads at most 100: more
// failed in the API (InvalidParameterValue `SubscribeIds`) instead of at
// plan time naming the attribute, and an ID that is not one (a typo, a
// sync job's) was sent too.
func TestReviewSubscribeIDsChecked(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprintf("subs-%010d", i))
	}
	ds := func(list string) string {
		return "data \"dts_subscriptions\" \"x\" {\n  subscribe_ids = [" + list + "]\n}\n"
	}
	planRejects(t, env, map[string]struct{ hcl, want string }{
		"101 IDs":   {ds(strings.Join(ids, ", ")), `(?s)subscribe_ids.*at most 100`},
		"not an ID": {ds(`"sync-1a2b3c4d"`), `(?s)subscribe_ids.*subscription ID`},
	})
}

// REVIEW-10 (provider): a subscription left in DTS (deletion_policy =
// "abandon") lost its consumer groups. dts_consumer_group had no
// deletion_policy, so the destroy that abandoned the subscription deleted
// every group of it first (DeleteConsumerGroup): the subscription kept
// running, and its consumers could no longer authenticate. A group now has
// its own deletion_policy.
func TestReviewAbandonedGroupsStay(t *testing.T) {
	env := acctest.New(t)
	abandoned := subs{Extra: "  deletion_policy = \"abandon\"\n",
		Group: group("orders-app", "orders-reader", "", 1) + "  deletion_policy = \"abandon\"\n"}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			for _, a := range []string{"DeleteConsumerGroup", "IsolateSubscribe"} {
				if n := acctest.Calls(env.Emulator, a); n != 0 {
					return fmt.Errorf("%s called %d times", a, n)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{Config: env.Config(abandoned.hcl()), ConfigVariables: vars()}},
	})
}

// REVIEW-11 (provider): a consumer group named by its full name — as
// DescribeConsumerGroups and the console show it,
// consumer-grp-<subscription ID>-<name>, and account-<subscription
// ID>-<name> — passed the plan. The group's ID became
// consumer-grp-<ID>-consumer-grp-<ID>-<name>, which DTS never reports: the
// refresh after the create lost the group, and the next apply failed to
// create it again ("already exists"). The names are the short ones.
func TestReviewGroupFullNamesRejected(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	named := func(name, account string) string {
		return subs{Group: group(name, account, "", 1)}.hcl()
	}
	planRejects(t, env, map[string]struct{ hcl, want string }{
		"group":   {named("consumer-grp-subs-0123456789-app", "reader"), `(?s)Full name given.*consumer_group_name.*short\s+name\s+"app"`},
		"account": {named("app", "account-subs-0123456789-reader"), `(?s)Full name given.*account_name.*short\s+name\s+"reader"`},
	})
}

// REVIEW-12 (provider): importing a consumer group by the names
// DescribeConsumerGroups and the console show —
// region:subs-…:consumer-grp-<ID>-<name>:account-<ID>-<name> — failed with
// "Cannot import non-existent remote object": the import took them for
// short names and looked for consumer-grp-<ID>-consumer-grp-<ID>-<name>.
// The full names are now read as the short ones they stand for.
func TestReviewGroupImportByFullNames(t *testing.T) {
	env := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.Config(subs{Group: group("orders-app", "orders-reader", "", 1)}.hcl()), ConfigVariables: vars()},
			{ResourceName: groupAddr, ImportState: true, ImportStateVerify: true, ConfigVariables: vars(),
				ImportStateVerifyIgnore: []string{"password_wo_version", "timeouts"},
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					id := subscriptionID(s)
					return fmt.Sprintf("%s:%s:consumer-grp-%s-orders-app:account-%s-orders-reader", acctest.Region, id, id, id), nil
				}},
		},
	})
}

// REVIEW-13 (provider): a consumer group of a subscription in another
// region than the provider's failed with "waiting for subscription subs-…
// to run before its consumer group is created: the job was not found" —
// true in the provider's region, which the group uses unless `region` is
// set, and which the message did not name. It now says where it looked
// and that the group's region is the subscription's.
func TestReviewGroupInAnotherRegion(t *testing.T) {
	env := acctest.New(t)
	cfg := strings.Replace(subs{Group: group("orders-app", "orders-reader", "", 1)}.hcl(), `name = "orders-subs"`,
		"name = \"orders-subs\"\n  region = \"ap-shanghai\"", 1)
	cfg = strings.Replace(cfg, `database_region     = "ap-guangzhou"`, `database_region     = "ap-shanghai"`, 1)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{{Config: env.Config(cfg), ConfigVariables: vars(),
			ExpectError: regexp.MustCompile(`(?s)no subscription subs-\w+ in ap-guangzhou.*region = dts_subscription`)}},
	})
}

// REVIEW-14 (provider): new tags failed the plan even when the plan
// replaces the subscription anyway. "Tags cannot change" was raised for any
// change of tags, also beside a new product (or pay mode, class, version,
// region): the new subscription is bought with the new tags, but the plan
// failed and asked for `terraform apply -replace`.
func TestReviewTagsOfAReplacement(t *testing.T) {
	env := acctest.New(t)
	cynos := subs{Product: "cynosdbmysql", Endpoint: cdbEndpoint("cdb-cy0001", 1), Tags: `team = "data"`}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             subsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.Config(subs{}.hcl()), ConfigVariables: vars()},
			{Config: env.Config(cynos.hcl()), ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(subsAddr, plancheck.ResourceActionDestroyBeforeCreate)}},
				ConfigStateChecks: []statecheck.StateCheck{expect("tags", knownvalue.MapExact(map[string]knownvalue.Check{
					"team": knownvalue.StringExact("data")}))}},
		},
	})
}

// REVIEW-14, the warning: a plan that replaces a running subscription
// (a new product) and changes its endpoint warned "Subscription will be
// reset", though nothing is reset: a new subscription is bought.
func TestReviewNoResetWarningForAReplacement(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	state, private, _ := p.Apply(subsType, p.Null(subsType), p.Config(subsType, protoSubs(nil)), nil)
	cynos := protoSubs(map[string]any{"product": "cynosdbmysql",
		"endpoints": []any{map[string]any{"database_region": acctest.Region, "instance_id": "cdb-cy0001", "user": "dts_user",
			"password_wo": testPassword, "password_wo_version": 1}}})
	replace, diags := p.Plan(subsType, state, p.Config(subsType, cynos), private)
	if len(replace) == 0 {
		t.Fatal("a new product does not replace the subscription")
	}
	if w := acctest.Warnings(diags); strings.Contains(w, "will be reset") {
		t.Fatalf("a replacement warns of a reset:\n%s", w)
	}
}

// REVIEW-15 (provider): a consumer group that is replaced (a new name)
// could not lose its description. "DTS cannot clear a description" was
// raised whenever the description was removed, also when the plan
// replaces the group: the new group is created without one.
func TestReviewDescriptionOfAReplacedGroup(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	subsState, _, _ := p.Apply(subsType, p.Null(subsType), p.Config(subsType, protoSubs(nil)), nil)
	grp := func(name, description string) map[string]any {
		m := map[string]any{"subscribe_id": acctest.AttrString(t, subsState, "id"), "consumer_group_name": name,
			"account_name": "reader", "password_wo": groupPassword}
		if description != "" {
			m["description"] = description
		}
		return m
	}
	state, private, _ := p.Apply(groupType, p.Null(groupType), p.Config(groupType, grp("app", "the app")), nil)
	replace, diags := p.Plan(groupType, state, p.Config(groupType, grp("app-2", "")), private)
	if len(replace) == 0 {
		t.Fatal("a new name does not replace the group")
	}
	if errs := acctest.Errors(diags); errs != "" {
		t.Fatalf("plan errors:\n%s", errs)
	}
}
