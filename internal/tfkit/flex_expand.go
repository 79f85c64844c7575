package tfkit

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// expander writes framework models into wire models.
type expander struct {
	ctx context.Context
}

// structInto writes model struct src (with its configuration counterpart,
// invalid when none) into wire struct dst.
func (e *expander) structInto(src, config, dst reflect.Value) error {
	return e.withPlan(planOf(src.Type(), dst.Type()), src, config, dst)
}

// withPlan is structInto with the plan known (a list's elements share one).
func (e *expander) withPlan(pl *plan, src, config, dst reflect.Value) error {
	for _, p := range pl.pairs {
		if p.member < 0 && p.member != spread {
			continue
		}
		v := field(src, p.field.index)
		var c reflect.Value
		if config.IsValid() {
			c = field(config, p.field.index)
		}
		if p.member == spread {
			if err := e.spreadInto(p.exc.Prefix, v, c, dst); err != nil {
				return fmt.Errorf("%s: %w", p.field.name, err)
			}
			continue
		}
		if p.exc != nil && p.exc.WriteOnly {
			if v = c; !v.IsValid() {
				continue
			}
		}
		member := dst.Field(p.member)
		out, err := e.value(p.info, p.exc, v, c, member.Type())
		if err != nil {
			return fmt.Errorf("%s: %w", p.field.name, err)
		}
		if out.IsValid() {
			member.Set(out)
		}
	}
	return nil
}

// value converts one model value (with its configuration counterpart) to wire
// type t; an invalid result means "not sent".
func (e *expander) value(ti *tinfo, exc *Exception, v, config reflect.Value, t reflect.Type) (reflect.Value, error) {
	switch ti.kind {
	case kPtrStruct:
		if v.IsNil() {
			return reflect.Value{}, nil
		}
		return e.object(v.Elem(), deref(config), t)
	case kStruct:
		return e.object(v, config, t)
	case kSlice:
		return e.slice(ti.elem, v, config, t)
	case kMap:
		return expandMap(v, t)
	case kGoString:
		return scalar(t, v.String())
	case kObject:
		return e.objectValue(ti, v, t)
	case kList:
		ms, err := v.Interface().(listModel).models(e.ctx)
		if err != nil || !ms.IsValid() {
			return reflect.Value{}, err
		}
		return e.slice(ti.elem.elem, ms, reflect.Value{}, t)
	}
	return e.attr(ti, exc, v, t)
}

func (e *expander) object(v, config reflect.Value, t reflect.Type) (reflect.Value, error) {
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, fmt.Errorf("cannot send an object as %v", t)
	}
	out := reflect.New(t.Elem())
	return out, e.structInto(v, config, out.Elem())
}

func (e *expander) objectValue(ti *tinfo, v reflect.Value, t reflect.Type) (reflect.Value, error) {
	m, err := v.Interface().(objectModel).model(e.ctx)
	if err != nil || m == nil {
		return reflect.Value{}, err
	}
	return e.object(reflect.ValueOf(m).Elem(), reflect.Value{}, t)
}

func (e *expander) slice(elem *tinfo, v, config reflect.Value, t reflect.Type) (reflect.Value, error) {
	if v.IsNil() {
		return reflect.Value{}, nil
	}
	if t.Kind() != reflect.Slice {
		return reflect.Value{}, fmt.Errorf("cannot send a list as %v", t)
	}
	out := reflect.MakeSlice(t, v.Len(), v.Len())
	var pl *plan
	if elem.kind == kStruct && t.Elem().Kind() == reflect.Pointer && t.Elem().Elem().Kind() == reflect.Struct {
		pl = planOf(elem.t, t.Elem().Elem())
	}
	for i := range v.Len() {
		var c reflect.Value
		if config.IsValid() && i < config.Len() {
			c = config.Index(i)
		}
		if pl != nil {
			item := reflect.New(t.Elem().Elem())
			if err := e.withPlan(pl, v.Index(i), c, item.Elem()); err != nil {
				return reflect.Value{}, fmt.Errorf("[%d]: %w", i, err)
			}
			out.Index(i).Set(item)
			continue
		}
		item, err := e.value(elem, nil, v.Index(i), c, t.Elem())
		if err != nil {
			return reflect.Value{}, fmt.Errorf("[%d]: %w", i, err)
		}
		if !item.IsValid() {
			item = reflect.New(t.Elem().Elem()) // keep the position: an element with nothing set
		}
		out.Index(i).Set(item)
	}
	return out, nil
}

// expandMap sends a map as a list of key/value structures, in key order.
func expandMap(v reflect.Value, t reflect.Type) (reflect.Value, error) {
	if v.IsNil() {
		return reflect.Value{}, nil
	}
	keyField, valueField, ok := keyValueFields(t)
	if !ok {
		return reflect.Value{}, fmt.Errorf("cannot send a map as %v", t)
	}
	keys := make([]string, 0, v.Len())
	for _, k := range v.MapKeys() {
		keys = append(keys, k.String())
	}
	slices.Sort(keys)
	out := reflect.MakeSlice(t, len(keys), len(keys))
	for i, k := range keys {
		item := reflect.New(t.Elem().Elem())
		key, value := k, v.MapIndex(reflect.ValueOf(k)).String()
		item.Elem().Field(keyField).Set(reflect.ValueOf(&key))
		item.Elem().Field(valueField).Set(reflect.ValueOf(&value))
		out.Index(i).Set(item)
	}
	return out, nil
}

// attr converts a framework scalar; null, unknown and "" are not sent.
func (e *expander) attr(ti *tinfo, exc *Exception, v reflect.Value, t reflect.Type) (reflect.Value, error) {
	switch ti.kind {
	case kString:
		s := typed[basetypes.StringValue](v)
		if s.IsNull() || s.IsUnknown() {
			return reflect.Value{}, nil
		}
		return e.string(exc, s.ValueString(), t)
	case kInt64:
		n := typed[basetypes.Int64Value](v)
		if n.IsNull() || n.IsUnknown() {
			return reflect.Value{}, nil
		}
		return scalar(t, n.ValueInt64())
	case kBool:
		b := typed[basetypes.BoolValue](v)
		if b.IsNull() || b.IsUnknown() {
			return reflect.Value{}, nil
		}
		if isInteger(t) {
			return scalar(t, boolInt(b.ValueBool()))
		}
		return scalar(t, b.ValueBool())
	}
	a := v.Interface().(attr.Value)
	if a.IsNull() || a.IsUnknown() {
		return reflect.Value{}, nil
	}
	switch ti.kind {
	case kTime:
		at, ok := a.(Time).Instant()
		if !ok {
			return reflect.Value{}, fmt.Errorf("%q is not an RFC 3339 time", a.(Time).ValueString())
		}
		return scalar(t, dtsapi.FormatTime(at))
	case kFloat64:
		return scalar(t, a.(basetypes.Float64Value).ValueFloat64())
	}
	sv, diags := a.(basetypes.StringValuable).ToStringValue(e.ctx)
	if diags.HasError() {
		return reflect.Value{}, DiagError(diags)
	}
	return e.string(exc, sv.ValueString(), t)
}

// string sends a string, or the number an exception maps it to; "" is not
// sent.
func (e *expander) string(exc *Exception, s string, t reflect.Type) (reflect.Value, error) {
	if s == "" {
		return reflect.Value{}, nil
	}
	if exc != nil && exc.Values != nil && isInteger(t) {
		n, ok := exc.Values[s]
		if !ok {
			return reflect.Value{}, fmt.Errorf("%q has no number", s)
		}
		return scalar(t, n)
	}
	return scalar(t, s)
}

// typed reads a framework value of a known Go type without copying it to
// the heap (an attr.Value interface would).
func typed[T any](v reflect.Value) T {
	if v.CanAddr() {
		return *at[T](v)
	}
	return v.Interface().(T)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func isInteger(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Uint64:
		return true
	}
	return false
}

// scalar returns a pointer of wire type t (*string, *int64, …) to v.
func scalar[V string | int64 | bool | float64](t reflect.Type, v V) (reflect.Value, error) {
	if t.Kind() != reflect.Pointer {
		return reflect.Value{}, fmt.Errorf("cannot send %T as %v", v, t)
	}
	out := reflect.New(t.Elem())
	e := out.Elem()
	switch x := any(v).(type) {
	case string:
		if e.Kind() != reflect.String {
			return reflect.Value{}, fmt.Errorf("cannot send a string as %v", t)
		}
		e.SetString(x)
	case int64:
		switch {
		case e.CanInt():
			e.SetInt(x)
		case e.CanUint() && x >= 0:
			e.SetUint(uint64(x))
		default:
			return reflect.Value{}, fmt.Errorf("cannot send %d as %v", x, t)
		}
	case bool:
		if e.Kind() != reflect.Bool {
			return reflect.Value{}, fmt.Errorf("cannot send a boolean as %v", t)
		}
		e.SetBool(x)
	case float64:
		if !e.CanFloat() {
			return reflect.Value{}, fmt.Errorf("cannot send a number as %v", t)
		}
		e.SetFloat(x)
	}
	return out, nil
}
