package tfkit

import (
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Changes that are no change to the API. PlannedChanges compares values as
// Terraform does, so null and "" differ; to DTS they may be the same:
//
//   - EmptyAsNull: null and "" always are — Expand never sends "", so both
//     make the same request;
//   - ZeroAsNull: null and any zero value ("", 0, false, an empty list, set
//     or map) are the same in what the API reports, since it answers zero
//     values for unset members: after an import, whose read cannot tell a
//     configured zero from an unset member, a configured zero is no change.

// EmptyAsNull reports two values that are each null or "".
func EmptyAsNull(a, b tftypes.Value) bool { return nullOrEmpty(a) && nullOrEmpty(b) }

// ZeroAsNull reports two values that are each null or a zero value.
func ZeroAsNull(a, b tftypes.Value) bool { return nullOrZero(a) && nullOrZero(b) }

// Except returns the changes whose values in state and plan are not the
// same by same (EmptyAsNull, ZeroAsNull).
func (c Changes) Except(state, plan tftypes.Value, same func(a, b tftypes.Value) bool) Changes {
	var out Changes
	for _, p := range c {
		s, sok := ValueAt(state, p)
		v, pok := ValueAt(plan, p)
		if !sok || !pok || !same(s, v) {
			out = append(out, p)
		}
	}
	return out
}

func nullOrEmpty(v tftypes.Value) bool {
	if !v.IsKnown() || v.IsNull() {
		return v.IsKnown()
	}
	var s string
	return v.Type().Is(tftypes.String) && v.As(&s) == nil && s == ""
}

func nullOrZero(v tftypes.Value) bool {
	if !v.IsKnown() || v.IsNull() {
		return v.IsKnown()
	}
	t := v.Type()
	switch {
	case t.Is(tftypes.String):
		return nullOrEmpty(v)
	case t.Is(tftypes.Number):
		n := new(big.Float)
		return v.As(n) == nil && n.Sign() == 0
	case t.Is(tftypes.Bool):
		var b bool
		return v.As(&b) == nil && !b
	case t.Is(tftypes.List{}) || t.Is(tftypes.Set{}) || t.Is(tftypes.Tuple{}):
		var l []tftypes.Value
		return v.As(&l) == nil && len(l) == 0
	case t.Is(tftypes.Map{}):
		var m map[string]tftypes.Value
		return v.As(&m) == nil && len(m) == 0
	}
	return false
}

// ValueAt is the value at p in v; false when p leads nowhere (an attribute
// or element that is not there, or a null or unknown value on the way).
func ValueAt(v tftypes.Value, p Path) (tftypes.Value, bool) {
	for _, step := range p.Framework().Steps() {
		if !v.IsKnown() || v.IsNull() {
			return tftypes.Value{}, false
		}
		var ok bool
		switch s := step.(type) {
		case path.PathStepAttributeName:
			v, ok = member(v, string(s))
		case path.PathStepElementKeyString:
			v, ok = member(v, string(s))
		case path.PathStepElementKeyInt:
			var l []tftypes.Value
			if ok = v.As(&l) == nil && int(s) >= 0 && int(s) < len(l); ok {
				v = l[s]
			}
		}
		if !ok {
			return tftypes.Value{}, false
		}
	}
	return v, true
}

// member is an object's attribute or a map's element.
func member(v tftypes.Value, name string) (tftypes.Value, bool) {
	var m map[string]tftypes.Value
	if v.As(&m) != nil {
		return tftypes.Value{}, false
	}
	next, ok := m[name]
	return next, ok
}
