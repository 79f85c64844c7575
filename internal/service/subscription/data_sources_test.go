package subscription_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The list filters by what DescribeSubscribeJobs offers (several IDs in one
// call, name prefix, status, tags, pay mode); the detail shows the
// configuration and the errors, never a secret; the groups show their
// offsets, lag, partitions and assignment; the offsets of a time are read.
func TestDataSources(t *testing.T) {
	env := acctest.New(t)
	var others []string
	for range 3 {
		out, err := env.Client(t).CreateSubscribe(context.Background(), acctest.Region, &dtsapi.CreateSubscribeRequest{
			Product: ptr("mysql"), PayType: ptr(int64(1)), Name: ptr("other-subs")})
		if err != nil {
			t.Fatal(err)
		}
		others = append(others, *out.SubscribeIds[0])
	}
	res := subs{Tags: `team = "data"`, Group: group("orders-app", "orders-reader", "orders", 1)}.hcl()
	ds := fmt.Sprintf(`
data "dts_subscriptions" "by_ids" {
  subscribe_ids = [%q, %q, dts_subscription.test.id]
}
data "dts_subscriptions" "none" {
  subscribe_ids = []
}
data "dts_subscriptions" "running" {
  subs_status = ["running"]
  pay_mode    = "PostPay"
  tag_filters = [{ tag_key = "team", tag_value = ["data"] }]
}
data "dts_subscriptions" "by_name" {
  subscribe_name  = "other"
  order_direction = "ASC"
}
data "dts_subscription" "test" {
  subscribe_id = dts_subscription.test.id
}
data "dts_consumer_groups" "test" {
  subscribe_id = dts_consumer_group.test.subscribe_id
}
data "dts_subscription_offsets" "oldest" {
  subscribe_id = dts_subscription.test.id
}
data "dts_subscription_offsets" "latest" {
  subscribe_id = dts_subscription.test.id
  time         = "2030-01-01T00:00:00+08:00"
}
`, others[0], others[1])
	detail, groups := "data.dts_subscription.test", "data.dts_consumer_groups.test"
	count := func(addr string, n int64) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(n))
	}
	g0 := tfjsonpath.New("consumer_groups").AtSliceIndex(0)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{
			{Config: env.Config(res), ConfigVariables: vars()},
			{
				// The group's consumer joins a minute after its creation.
				PreConfig: func() { env.Clock.Advance(2 * time.Second) },
				Config:    env.Config(res + ds), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					count("data.dts_subscriptions.by_ids", 3), count("data.dts_subscriptions.none", 0),
					count("data.dts_subscriptions.running", 1), count("data.dts_subscriptions.by_name", 3),
					statecheck.ExpectKnownValue("data.dts_subscriptions.by_name", tfjsonpath.New("ids").AtSliceIndex(0), knownvalue.StringExact(others[0])),
					statecheck.ExpectKnownValue("data.dts_subscriptions.running", tfjsonpath.New("subscriptions").AtSliceIndex(0).AtMapKey("pay_mode"),
						knownvalue.StringExact("PostPay")),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("subs_status"), knownvalue.StringExact("running")),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("kafka_config").AtMapKey("number_of_partitions"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("endpoints").AtSliceIndex(0).AtMapKey("instance_id"), knownvalue.StringExact("cdb-my0001")),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("subscribe_objects").AtSliceIndex(0).AtMapKey("database"), knownvalue.StringExact("orders")),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("data")})),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("errors"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(detail, tfjsonpath.New("create_time"), knownvalue.StringRegexp(regexpOf(`\+08:00$`))),
					count(groups, 1),
					statecheck.ExpectKnownValue(groups, g0.AtMapKey("consumer_group_state"), knownvalue.StringExact("Stable")),
					statecheck.ExpectKnownValue(groups, g0.AtMapKey("description"), knownvalue.StringExact("orders")),
					statecheck.ExpectKnownValue(groups, g0.AtMapKey("state_of_partition"), knownvalue.ListSizeExact(4)),
					statecheck.ExpectKnownValue(groups, g0.AtMapKey("partition_assignment"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.dts_subscription_offsets.oldest", tfjsonpath.New("offsets"), knownvalue.ListSizeExact(4)),
					statecheck.ExpectKnownValue("data.dts_subscription_offsets.latest", tfjsonpath.New("offsets").AtSliceIndex(3).AtMapKey("partition_no"),
						knownvalue.Int64Exact(3)),
					acctest.StateFunc(func(s *tfjson.State) error { return acctest.NoSecretIn(s, detail, testPassword) }),
					acctest.StateFunc(latestAfterOldest),
				},
			},
		},
	})
}

// TestDetailShowsErrors: the detail of a subscription in error says why
// and what to do.
func TestDetailShowsErrors(t *testing.T) {
	env := acctest.New(t)
	out, err := env.Client(t).CreateSubscribe(context.Background(), acctest.Region, &dtsapi.CreateSubscribeRequest{
		Product: ptr("mysql"), PayType: ptr(int64(1)), Name: ptr("failing")})
	if err != nil {
		t.Fatal(err)
	}
	id := *out.SubscribeIds[0]
	if err := env.Emulator.ForceStatus(acctest.Region, id, "error", ""); err != nil {
		t.Fatal(err)
	}
	detail := "data.dts_subscription.test"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: env.Config(fmt.Sprintf("data \"dts_subscription\" \"test\" {\n  subscribe_id = %q\n}\n", id)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(detail, tfjsonpath.New("subs_status"), knownvalue.StringExact("error")),
				statecheck.ExpectKnownValue(detail, tfjsonpath.New("errors").AtSliceIndex(0).AtMapKey("solution"),
					knownvalue.StringRegexp(regexpOf(`ResumeSubscribe`))),
				statecheck.ExpectKnownValue(detail, tfjsonpath.New("errors").AtSliceIndex(0).AtMapKey("reason"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(detail, tfjsonpath.New("kafka_config"), knownvalue.Null()),
			},
		}},
	})
}

// latestAfterOldest: the topic holds messages, so the latest offsets are
// past the oldest.
func latestAfterOldest(s *tfjson.State) error {
	offsets := map[string][]any{}
	for _, r := range s.Values.RootModule.Resources {
		if r.Type == "dts_subscription_offsets" {
			offsets[r.Name], _ = r.AttributeValues["offsets"].([]any)
		}
	}
	offset := func(which string, i int) int64 {
		n, _ := offsets[which][i].(map[string]any)["offset"].(json.Number).Int64()
		return n
	}
	if len(offsets["latest"]) != 4 || len(offsets["oldest"]) != 4 {
		return fmt.Errorf("offsets: %v", offsets)
	}
	for i := range offsets["latest"] {
		if latest, oldest := offset("latest", i), offset("oldest", i); latest <= oldest {
			return fmt.Errorf("partition %d: latest offset %v, oldest %v", i, latest, oldest)
		}
	}
	return nil
}
