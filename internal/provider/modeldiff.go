package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// plannedChanges lists the attributes a plan changes, as paths the way users
// write them (dst_info.info[0].host, migrate_option.extra_attr["DstWriteMode"]).
// It walks the raw values, so it works when parts of the plan are unknown:
//
//   - an unknown planned value whose configuration is null is a computed value
//     still to be filled in, not a change;
//   - an unknown planned value the configuration sets (an expression known only
//     after apply) is a change, since it may differ;
//   - maps are compared key by key, a null map counting as empty, so adding
//     one key to an unset map names that key.
//
// It is how a resource tells, at plan and apply time, which changes it can
// make in place.
func plannedChanges(state, plan, config tftypes.Value) []string {
	var out []string
	walkChanges(state, plan, config, "", &out)
	return out
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

func nullOf(t tftypes.Type) tftypes.Value { return tftypes.NewValue(t, nil) }

func walkChanges(s, p, c tftypes.Value, at string, out *[]string) {
	if !p.IsKnown() {
		if c.IsKnown() && c.IsNull() {
			return // computed, filled in by the apply
		}
		*out = append(*out, at)
		return
	}
	if !s.IsKnown() {
		*out = append(*out, at)
		return
	}
	typ := p.Type()
	switch {
	case typ.Is(tftypes.Map{}):
		keys := map[string]bool{}
		sm, pm, cm := mapOf(s), mapOf(p), mapOf(c)
		for k := range sm {
			keys[k] = true
		}
		for k := range pm {
			keys[k] = true
		}
		elem := typ.(tftypes.Map).ElementType
		for _, k := range sortedKeys(keys) {
			walkChanges(orNull(sm, k, elem), orNull(pm, k, elem), orNull(cm, k, elem), fmt.Sprintf("%s[%q]", at, k), out)
		}
	case s.IsNull() || p.IsNull():
		if s.IsNull() != p.IsNull() {
			*out = append(*out, at)
		}
	case typ.Is(tftypes.Object{}):
		var sa, pa, ca map[string]tftypes.Value
		_ = s.As(&sa)
		_ = p.As(&pa)
		if c.IsKnown() && !c.IsNull() {
			_ = c.As(&ca)
		}
		attrTypes := typ.(tftypes.Object).AttributeTypes
		names := map[string]bool{}
		for n := range pa {
			names[n] = true
		}
		for _, n := range sortedKeys(names) {
			walkChanges(orNull(sa, n, attrTypes[n]), pa[n], orNull(ca, n, attrTypes[n]), join(at, n), out)
		}
	case typ.Is(tftypes.List{}) || typ.Is(tftypes.Set{}) || typ.Is(tftypes.Tuple{}):
		var sl, pl, cl []tftypes.Value
		_ = s.As(&sl)
		_ = p.As(&pl)
		if c.IsKnown() && !c.IsNull() {
			_ = c.As(&cl)
		}
		if len(sl) != len(pl) {
			*out = append(*out, at)
			return
		}
		for i := range pl {
			ci := nullOf(pl[i].Type())
			if i < len(cl) {
				ci = cl[i]
			}
			walkChanges(sl[i], pl[i], ci, fmt.Sprintf("%s[%d]", at, i), out)
		}
	default:
		if !s.Equal(p) {
			*out = append(*out, at)
		}
	}
}

func mapOf(v tftypes.Value) map[string]tftypes.Value {
	m := map[string]tftypes.Value{}
	if v.IsKnown() && !v.IsNull() {
		_ = v.As(&m)
	}
	return m
}

func orNull(m map[string]tftypes.Value, k string, t tftypes.Type) tftypes.Value {
	if v, ok := m[k]; ok {
		return v
	}
	return nullOf(t)
}
