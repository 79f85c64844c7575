package subscription_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
)

// These tests drive the provider through the plugin protocol, as Terraform
// does, where the acceptance tests cannot look: at the warnings of a plan
// or an apply.

const (
	subsType  = "dts_subscription"
	groupType = "dts_consumer_group"
)

// protoSubs is a mysql subscription's configuration, with more attributes.
func protoSubs(more map[string]any) map[string]any {
	m := map[string]any{
		"name": "orders-subs", "product": "mysql", "subscribe_mode": "all", "access_type": "cdb",
		"endpoints": []any{map[string]any{"database_region": acctest.Region, "instance_id": "cdb-my0001", "user": "dts_user",
			"password_wo": testPassword, "password_wo_version": 1}},
		"kafka_config": map[string]any{"number_of_partitions": 1},
	}
	for k, v := range more {
		m[k] = v
	}
	return m
}

// A subscription a killed provider left behind — bought with a token tag,
// the same name, never started — is reported before the next purchase, with
// the import that adopts it; others are not.
func TestCreateReportsOrphans(t *testing.T) {
	env := acctest.New(t)
	c := env.Client(t)
	buy := func(name, token string) string {
		tags := []*dtsapi.TagItem{}
		if token != "" {
			tags = append(tags, &dtsapi.TagItem{TagKey: ptr(jobkit.TokenTagKey), TagValue: ptr(token)})
		}
		out, err := c.CreateSubscribe(context.Background(), acctest.Region, &dtsapi.CreateSubscribeRequest{Product: ptr("mysql"),
			PayType: ptr(int64(1)), Name: ptr(name), Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		return *out.SubscribeIds[0]
	}
	orphan := buy("orders-subs", "0123456789abcdef01234567")
	untagged := buy("orders-subs", "")
	longer := buy("orders-subs-2", "0123456789abcdef01234567") // DTS matches names by prefix
	p := env.Proto(t)
	_, _, diags := p.Apply(subsType, p.Null(subsType), p.Config(subsType, protoSubs(nil)), nil)
	w := acctest.Warnings(diags)
	if !strings.Contains(w, "may have lost track of") || !strings.Contains(w, "terraform import <this resource's address> ap-guangzhou:"+orphan) {
		t.Fatalf("warnings:\n%s", w)
	}
	if strings.Contains(w, untagged) || strings.Contains(w, longer) {
		t.Fatalf("the warning names subscriptions that are not orphans of this resource:\n%s", w)
	}
}

// The plan of a reset says so, and why; a rename's plan does not.
func TestResetIsWarnedAtPlanTime(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	state, private, _ := p.Apply(subsType, p.Null(subsType), p.Config(subsType, protoSubs(nil)), nil)
	_, _, diags := p.Apply(subsType, state, p.Config(subsType, protoSubs(map[string]any{"name": "renamed"})), private)
	if w := acctest.Warnings(diags); w != "" {
		t.Fatalf("a rename warns:\n%s", w)
	}
	more := protoSubs(map[string]any{"name": "renamed", "kafka_config": map[string]any{"number_of_partitions": 4, "default_rule_type": "pk"}})
	state, _, diags = p.Apply(subsType, state, p.Config(subsType, more), private)
	w := acctest.Warnings(diags)
	if !strings.Contains(w, "Subscription will be reset") || !strings.Contains(w, "kafka_config.number_of_partitions") ||
		!strings.Contains(w, "consumer groups") {
		t.Fatalf("warnings:\n%s", w)
	}
	if acctest.AttrString(t, state, "subs_status") != "running" {
		t.Fatalf("status %s after the reset", acctest.AttrString(t, state, "subs_status"))
	}
}

func ptr[T any](v T) *T { return &v }
