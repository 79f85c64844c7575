package tfkit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Path is an attribute path as users write it and as Changes reports it:
// dst_info.info[0].host, migrate_option.extra_attr["DstWriteMode"].
type Path string

// Under reports whether p is prefix or lies inside it: "src_info.info[0]" is
// under "src_info", "src_info_x" is not.
func (p Path) Under(prefix string) bool {
	s := string(p)
	if !strings.HasPrefix(s, prefix) {
		return false
	}
	rest := s[len(prefix):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// Root is the top-level attribute of p.
func (p Path) Root() string {
	s := string(p)
	if i := strings.IndexAny(s, ".["); i >= 0 {
		return s[:i]
	}
	return s
}

// Framework converts p to the framework's path type.
func (p Path) Framework() path.Path {
	var out path.Path
	s, first := string(p), true
	for s != "" {
		switch s[0] {
		case '.':
			s = s[1:]
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return out
			}
			inner := s[1:end]
			s = s[end+1:]
			if key, err := strconv.Unquote(inner); err == nil {
				out = out.AtMapKey(key)
			} else if n, err := strconv.Atoi(inner); err == nil {
				out = out.AtListIndex(n)
			}
		default:
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			if first {
				out, first = path.Root(s[:end]), false
			} else {
				out = out.AtName(s[:end])
			}
			s = s[end:]
		}
	}
	return out
}

// Changes are the paths a plan changes.
type Changes []Path

// Any reports whether a change lies under one of the prefixes.
func (c Changes) Any(prefixes ...string) bool {
	return slices.ContainsFunc(c, func(p Path) bool {
		return slices.ContainsFunc(prefixes, p.Under)
	})
}

// Roots lists the top-level attributes that change, in order, once each.
func (c Changes) Roots() []string {
	var out []string
	for _, p := range c {
		if r := p.Root(); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// Strings renders the paths.
func (c Changes) Strings() []string {
	out := make([]string, len(c))
	for i, p := range c {
		out[i] = string(p)
	}
	return out
}

// PlannedChanges lists the attributes a plan changes, as paths the way users
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
func PlannedChanges(state, plan, config tftypes.Value) Changes {
	var out Changes
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

func walkChanges(s, p, c tftypes.Value, at string, out *Changes) {
	if !p.IsKnown() {
		if c.IsKnown() && c.IsNull() {
			return // computed, filled in by the apply
		}
		*out = append(*out, Path(at))
		return
	}
	if !s.IsKnown() {
		*out = append(*out, Path(at))
		return
	}
	typ := p.Type()
	switch {
	case typ.Is(tftypes.Map{}):
		walkMap(s, p, c, at, out)
	case s.IsNull() || p.IsNull():
		if s.IsNull() != p.IsNull() {
			*out = append(*out, Path(at))
		}
	case typ.Is(tftypes.Object{}):
		walkObject(s, p, c, at, out)
	case typ.Is(tftypes.List{}) || typ.Is(tftypes.Set{}) || typ.Is(tftypes.Tuple{}):
		walkList(s, p, c, at, out)
	default:
		if !s.Equal(p) {
			*out = append(*out, Path(at))
		}
	}
}

// walkMap compares the elements of two maps, by key.
func walkMap(s, p, c tftypes.Value, at string, out *Changes) {
	keys := map[string]bool{}
	sm, pm, cm := mapOf(s), mapOf(p), mapOf(c)
	for k := range sm {
		keys[k] = true
	}
	for k := range pm {
		keys[k] = true
	}
	elem := p.Type().(tftypes.Map).ElementType
	for _, k := range SortedKeys(keys) {
		walkChanges(orNull(sm, k, elem), orNull(pm, k, elem), orNull(cm, k, elem), fmt.Sprintf("%s[%q]", at, k), out)
	}
}

// walkObject compares the attributes of two objects.
func walkObject(s, p, c tftypes.Value, at string, out *Changes) {
	var sa, pa, ca map[string]tftypes.Value
	_ = s.As(&sa)
	_ = p.As(&pa)
	if c.IsKnown() && !c.IsNull() {
		_ = c.As(&ca)
	}
	attrTypes := p.Type().(tftypes.Object).AttributeTypes
	for _, n := range SortedKeys(pa) {
		walkChanges(orNull(sa, n, attrTypes[n]), pa[n], orNull(ca, n, attrTypes[n]), join(at, n), out)
	}
}

// walkList compares two lists element by element; a change of length is a
// change of the whole list.
func walkList(s, p, c tftypes.Value, at string, out *Changes) {
	var sl, pl, cl []tftypes.Value
	_ = s.As(&sl)
	_ = p.As(&pl)
	if c.IsKnown() && !c.IsNull() {
		_ = c.As(&cl)
	}
	if len(sl) != len(pl) {
		*out = append(*out, Path(at))
		return
	}
	for i := range pl {
		ci := nullOf(pl[i].Type())
		if i < len(cl) {
			ci = cl[i]
		}
		walkChanges(sl[i], pl[i], ci, fmt.Sprintf("%s[%d]", at, i), out)
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

// NullAt reports whether the value at p (attribute names joined by dots) is
// null, or absent, in v.
func NullAt(v tftypes.Value, p Path) bool {
	for _, name := range strings.Split(string(p), ".") {
		if !v.IsKnown() {
			return false
		}
		if v.IsNull() || !v.Type().Is(tftypes.Object{}) {
			return true
		}
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			return true
		}
		next, ok := attrs[name]
		if !ok {
			return true
		}
		v = next
	}
	return v.IsNull()
}

// Without returns the changes that are not under any of paths.
func (c Changes) Without(paths ...Path) Changes {
	var out Changes
	for _, p := range c {
		if !slices.ContainsFunc(paths, func(q Path) bool { return p.Under(string(q)) }) {
			out = append(out, p)
		}
	}
	return out
}
