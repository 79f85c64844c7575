package tfkit

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// flattener writes wire models into framework models.
type flattener struct {
	ctx      context.Context
	zeroFill bool
}

// structInto writes wire struct src (invalid: nothing observed) into model
// struct dst, keeping from prior (invalid: none) what src does not hold.
func (f *flattener) structInto(src, prior, dst reflect.Value) error {
	var wire reflect.Type
	if src.IsValid() {
		wire = src.Type()
	}
	return f.withPlan(planOf(dst.Type(), wire), src, prior, dst)
}

// withPlan is structInto with the plan known (a list's elements share one).
func (f *flattener) withPlan(p *plan, src, prior, dst reflect.Value) error {
	if prior.IsValid() {
		for _, i := range p.kept {
			copyInto(field(dst, i), field(prior, i))
		}
	}
	for _, pr := range p.pairs {
		if pr.member == spread {
			var pv reflect.Value
			if prior.IsValid() {
				pv = field(prior, pr.field.index)
			}
			if err := f.spreadFrom(pr.exc.Prefix, src, pv, field(dst, pr.field.index)); err != nil {
				return fmt.Errorf("%s: %w", pr.field.name, err)
			}
			continue
		}
		var sv, pv reflect.Value
		if pr.member >= 0 && (pr.exc == nil || !pr.exc.WriteOnly) {
			sv = src.Field(pr.member) // a write-only value is never read back
		}
		if prior.IsValid() {
			pv = field(prior, pr.field.index)
		}
		if err := f.into(field(dst, pr.field.index), pr.info, pr.exc, sv, pv); err != nil {
			return fmt.Errorf("%s: %w", pr.field.name, err)
		}
	}
	return nil
}

// unset reports a wire value that is absent: invalid, or a nil pointer,
// slice or map.
func unset(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// into writes wire value sv into model value dst (settable) of type ti.
func (f *flattener) into(dst reflect.Value, ti *tinfo, exc *Exception, sv, pv reflect.Value) error {
	switch ti.kind {
	case kPtrStruct:
		if unset(sv) && !f.zeroFill {
			dst.SetZero()
			return nil
		}
		p := reflect.New(ti.t.Elem())
		dst.Set(p)
		return f.structInto(deref(sv), deref(pv), p.Elem())
	case kStruct:
		return f.structInto(deref(sv), deref(pv), dst)
	case kSlice:
		return f.slice(dst, ti, sv, pv)
	case kMap:
		return f.mapInto(dst, ti, sv)
	case kGoString:
		dst.SetString(Str(ptrOrNil[string](sv)))
		return nil
	case kObject:
		return f.object(dst, ti, deref(sv), pv)
	case kList:
		return f.list(dst, ti, sv, pv)
	}
	v := deref(sv)
	if keepsEmpty(ti, v, pv) {
		dst.Set(pv)
		return nil
	}
	if !v.IsValid() {
		f.unsetInto(dst, ti)
		return nil
	}
	return f.scalar(dst, ti, exc, v, pv)
}

// keepsEmpty reports a prior "" that the wire does not contradict (no
// value, or ""): Expand never sends "", so the API answers nothing or ""
// for it, and without this a configured "" (typically a variable's empty
// default) would read back as null — a change in every plan.
func keepsEmpty(ti *tinfo, v, pv reflect.Value) bool {
	if ti.kind != kString || !pv.IsValid() {
		return false
	}
	if p := typed[basetypes.StringValue](pv); p.IsNull() || p.IsUnknown() || p.ValueString() != "" {
		return false
	}
	return !v.IsValid() || (v.Kind() == reflect.String && v.String() == "")
}

func ptrOrNil[T any](v reflect.Value) *T {
	if unset(v) {
		return nil
	}
	p, _ := v.Interface().(*T)
	return p
}

func (f *flattener) slice(dst reflect.Value, ti *tinfo, sv, pv reflect.Value) error {
	if unset(sv) {
		if f.zeroFill {
			dst.Set(reflect.MakeSlice(ti.t, 0, 0))
		} else {
			dst.SetZero()
		}
		return nil
	}
	n := sv.Len()
	if ti.elem.kind == kGoString {
		n = 0
		for i := range sv.Len() {
			if !sv.Index(i).IsNil() {
				n++
			}
		}
	}
	out := reflect.MakeSlice(ti.t, n, n)
	var pl *plan
	if ti.elem.kind == kStruct && sv.Type().Elem().Kind() == reflect.Pointer {
		pl = planOf(ti.elem.t, sv.Type().Elem().Elem())
	}
	j := 0
	for i := range sv.Len() {
		if ti.elem.kind == kGoString && sv.Index(i).IsNil() {
			continue
		}
		var p reflect.Value
		if pv.IsValid() && i < pv.Len() {
			p = pv.Index(i)
		}
		if item := sv.Index(i); pl != nil && !item.IsNil() {
			if err := f.withPlan(pl, item.Elem(), p, out.Index(j)); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
			j++
			continue
		}
		if err := f.into(out.Index(j), ti.elem, nil, sv.Index(i), p); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
		j++
	}
	dst.Set(out)
	return nil
}

func (f *flattener) mapInto(dst reflect.Value, ti *tinfo, sv reflect.Value) error {
	if unset(sv) {
		if f.zeroFill {
			dst.Set(reflect.MakeMap(ti.t))
		} else {
			dst.SetZero()
		}
		return nil
	}
	keyField, valueField, ok := keyValueFields(sv.Type())
	if !ok {
		return fmt.Errorf("cannot read %v into a map", sv.Type())
	}
	out := reflect.MakeMapWithSize(ti.t, sv.Len())
	for i := range sv.Len() {
		e := deref(sv.Index(i))
		if !e.IsValid() {
			continue
		}
		if k := ptrOrNil[string](e.Field(keyField)); k != nil {
			out.SetMapIndex(reflect.ValueOf(*k), reflect.ValueOf(Str(ptrOrNil[string](e.Field(valueField)))))
		}
	}
	dst.Set(out)
	return nil
}

func (f *flattener) object(dst reflect.Value, ti *tinfo, v, pv reflect.Value) error {
	if !v.IsValid() {
		dst.Set(ti.null)
		return nil
	}
	m := ti.obj.newModel()
	var prior reflect.Value
	if pv.IsValid() {
		if pm, err := pv.Interface().(objectModel).model(f.ctx); err == nil && pm != nil {
			prior = reflect.ValueOf(pm).Elem()
		}
	}
	if err := f.structInto(v, prior, reflect.ValueOf(m).Elem()); err != nil {
		return err
	}
	out, err := ti.obj.fromModel(f.ctx, m)
	if err != nil {
		return err
	}
	dst.Set(reflect.ValueOf(out))
	return nil
}

// list writes a wire list into a List[T]: null when unset (empty with
// ZeroFill), else its elements as a []T (kept from the prior's where the
// wire does not hold them).
func (f *flattener) list(dst reflect.Value, ti *tinfo, sv, pv reflect.Value) error {
	if unset(sv) && !f.zeroFill {
		dst.Set(ti.null)
		return nil
	}
	var prior reflect.Value
	if pv.IsValid() {
		if ms, err := pv.Interface().(listModel).models(f.ctx); err == nil {
			prior = ms
		}
	}
	ms := reflect.New(ti.elem.t).Elem()
	if err := f.slice(ms, ti.elem, sv, prior); err != nil {
		return err
	}
	out, err := ti.lst.fromModels(f.ctx, ms)
	if err != nil {
		return err
	}
	dst.Set(reflect.ValueOf(out))
	return nil
}

// unsetInto writes the value of a member the API did not send: null, or with
// ZeroFill the zero value (times stay null: there is no zero time).
func (f *flattener) unsetInto(dst reflect.Value, ti *tinfo) {
	if !f.zeroFill {
		dst.Set(ti.null)
		return
	}
	switch ti.kind {
	case kString:
		*at[basetypes.StringValue](dst) = basetypes.NewStringValue("")
	case kInt64:
		*at[basetypes.Int64Value](dst) = basetypes.NewInt64Value(0)
	case kBool:
		*at[basetypes.BoolValue](dst) = basetypes.NewBoolValue(false)
	case kFloat64:
		*at[basetypes.Float64Value](dst) = basetypes.NewFloat64Value(0)
	default:
		dst.Set(ti.null)
	}
}

// scalar writes a wire scalar v (dereferenced) into dst.
func (f *flattener) scalar(dst reflect.Value, ti *tinfo, exc *Exception, v, pv reflect.Value) error {
	switch ti.kind {
	case kTime:
		return f.time(dst, v, pv)
	case kInt64:
		if !v.CanInt() && !v.CanUint() {
			return fmt.Errorf("cannot read %v as a number", v.Type())
		}
		*at[basetypes.Int64Value](dst) = basetypes.NewInt64Value(intOf(v))
	case kBool:
		b := (v.Kind() == reflect.Bool && v.Bool()) || ((v.CanInt() || v.CanUint()) && intOf(v) == 1)
		*at[basetypes.BoolValue](dst) = basetypes.NewBoolValue(b)
	case kFloat64:
		if !v.CanFloat() {
			return fmt.Errorf("cannot read %v as a number", v.Type())
		}
		*at[basetypes.Float64Value](dst) = basetypes.NewFloat64Value(v.Float())
	default:
		return f.string(dst, ti, exc, v)
	}
	return nil
}

func (f *flattener) string(dst reflect.Value, ti *tinfo, exc *Exception, v reflect.Value) error {
	var s string
	switch {
	case v.Kind() == reflect.String:
		s = v.String()
	case exc != nil && exc.Values != nil && (v.CanInt() || v.CanUint()):
		n, found := intOf(v), false
		for word, num := range exc.Values {
			if num == n {
				s, found = word, true
			}
		}
		if !found {
			return fmt.Errorf("the API's %d has no name", n)
		}
	default:
		return fmt.Errorf("cannot read %v as a string", v.Type())
	}
	if s == "" && !f.zeroFill {
		dst.Set(ti.null)
		return nil
	}
	if ti.kind == kString {
		*at[basetypes.StringValue](dst) = basetypes.NewStringValue(s)
		return nil
	}
	out, diags := ti.typ.(basetypes.StringTypable).ValueFromString(f.ctx, basetypes.NewStringValue(s))
	if diags.HasError() {
		return DiagError(diags)
	}
	dst.Set(reflect.ValueOf(out).Convert(ti.t))
	return nil
}

// time reads an API date-time; a prior value naming the same instant is
// kept as written.
func (f *flattener) time(dst, v, pv reflect.Value) error {
	if v.Kind() != reflect.String {
		return fmt.Errorf("cannot read %v as a time", v.Type())
	}
	at, ok := dtsapi.ParseTime(v.String())
	switch {
	case !ok:
		dst.Set(reflect.ValueOf(TimeNull()))
	case pv.IsValid() && pv.Interface().(Time).SameInstant(TimeOf(at)):
		dst.Set(pv)
	default:
		dst.Set(reflect.ValueOf(TimeOf(at)))
	}
	return nil
}

func intOf(v reflect.Value) int64 {
	if v.CanUint() {
		return int64(v.Uint())
	}
	return v.Int()
}
