package tfkit

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestPathUnderAndFramework(t *testing.T) {
	p := Path(`src_info.info[0].password_wo_version`)
	if !p.Under("src_info") || p.Under("src") || Path("src_info_x").Under("src_info") || !Path(`migrate_option.extra_attr["DstWriteMode"]`).Under("migrate_option.extra_attr") {
		t.Error("Under")
	}
	if got := p.Framework().String(); got != "src_info.info[0].password_wo_version" {
		t.Errorf("Framework: %s", got)
	}
	if got := Path(`migrate_option.extra_attr["DstWriteMode"]`).Framework().String(); got != `migrate_option.extra_attr["DstWriteMode"]` {
		t.Errorf("Framework: %s", got)
	}
	if p.Root() != "src_info" {
		t.Error("Root")
	}
	c := Changes{"tags[\"a\"]", "src_info.region", "src_info.info[0].host"}
	if r := c.Roots(); len(r) != 2 || r[0] != "tags" || r[1] != "src_info" {
		t.Errorf("Roots %v", r)
	}
}

// Null and "" are one value to the API always; null and zero after an
// import. Values are found under objects, lists and maps.
func TestChangesExcept(t *testing.T) {
	item := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"filter": tftypes.String, "rate": tftypes.Number}}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"items": tftypes.List{ElementType: item}, "modes": tftypes.List{ElementType: tftypes.String},
		"tags": tftypes.Map{ElementType: tftypes.String}, "name": tftypes.String, "on": tftypes.Bool,
	}}
	obj := func(filter any, rate any, modes []tftypes.Value, tag any, name any) tftypes.Value {
		var m tftypes.Value
		if modes != nil {
			m = tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, modes)
		} else {
			m = tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nil)
		}
		return tftypes.NewValue(typ, map[string]tftypes.Value{
			"items": tftypes.NewValue(tftypes.List{ElementType: item}, []tftypes.Value{tftypes.NewValue(item, map[string]tftypes.Value{
				"filter": tftypes.NewValue(tftypes.String, filter), "rate": tftypes.NewValue(tftypes.Number, rate)})}),
			"modes": m,
			"tags":  tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, tag)}),
			"name":  tftypes.NewValue(tftypes.String, name),
			"on":    tftypes.NewValue(tftypes.Bool, false),
		})
	}
	state := obj(nil, nil, nil, nil, "a")
	plan := obj("", 0, []tftypes.Value{}, "", "b")
	changes := PlannedChanges(state, plan, plan)
	if len(changes) != 5 {
		t.Fatalf("PlannedChanges = %v", changes)
	}
	if got := changes.Except(state, plan, EmptyAsNull); len(got) != 3 || got[0] != "items[0].rate" || got[1] != "modes" || got[2] != "name" {
		t.Errorf("EmptyAsNull: %v", got)
	}
	if got := changes.Except(state, plan, ZeroAsNull); len(got) != 1 || got[0] != "name" {
		t.Errorf("ZeroAsNull: %v", got)
	}
	unknown := obj(tftypes.UnknownValue, 0, nil, "", "a")
	if got := PlannedChanges(state, unknown, unknown).Except(state, unknown, ZeroAsNull); len(got) != 1 || got[0] != "items[0].filter" {
		t.Errorf("an unknown value is a change: %v", got)
	}
	if v, ok := ValueAt(plan, `tags["a"]`); !ok || !v.Equal(tftypes.NewValue(tftypes.String, "")) {
		t.Errorf("ValueAt map: %v %v", v, ok)
	}
	if _, ok := ValueAt(plan, "items[1].filter"); ok {
		t.Error("ValueAt past the end of a list")
	}
}
