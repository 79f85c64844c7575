package tfkit

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What Read owns and what the configuration owns.
//
// DTS echoes a job's configuration back with zero values for every field that
// was not set ("", 0, false, []), fills in defaults for some, and masks
// passwords. The resources therefore never copy an API structure into state
// wholesale. They use two generic operations on the wire models (pointer
// fields, as in internal/dtsapi):
//
//   - Prune(v): drop zero values, so that "unset" is nil everywhere;
//   - KeepConfigured(configured, observed): keep only the members that the
//     configured value sets, taking their observed value. Members the
//     configuration left unset stay unset, so an API default never shows up
//     as drift, while a change to a configured value does.
//
// and one on the framework models:
//
//   - FillUnknowns(planned, observed): after an apply, the state is the plan
//     with only its unknown values (Optional+Computed attributes the
//     configuration left unset) taken from what the API reports.

// Prune returns a copy of v (a pointer to a wire structure) in which every
// zero value — empty strings, zeros, false, empty lists and structures with
// nothing left — is nil.
func Prune[T any](v *T) *T {
	if v == nil {
		return nil
	}
	out := pruneValue(reflect.ValueOf(v))
	if !out.IsValid() {
		return nil
	}
	return out.Interface().(*T)
}

func pruneValue(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return reflect.Value{}
		}
		elem := v.Elem()
		if elem.Kind() == reflect.Struct {
			copied := reflect.New(elem.Type())
			empty := true
			for _, i := range exportedFields(elem.Type()) {
				if f := pruneValue(elem.Field(i)); f.IsValid() {
					copied.Elem().Field(i).Set(f)
					empty = false
				}
			}
			if empty {
				return reflect.Value{}
			}
			return copied
		}
		if elem.IsZero() {
			return reflect.Value{}
		}
		copied := reflect.New(elem.Type())
		copied.Elem().Set(elem)
		return copied
	case reflect.Slice:
		if v.Len() == 0 {
			return reflect.Value{}
		}
		out := reflect.MakeSlice(v.Type(), 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			if e := pruneValue(v.Index(i)); e.IsValid() {
				out = reflect.Append(out, e)
			}
		}
		if out.Len() == 0 {
			return reflect.Value{}
		}
		return out
	default:
		if v.IsZero() {
			return reflect.Value{}
		}
		return v
	}
}

var exportedCache sync.Map // reflect.Type → []int

// exportedFields lists the indexes of a struct's exported fields.
func exportedFields(t reflect.Type) []int {
	if v, ok := exportedCache.Load(t); ok {
		return v.([]int)
	}
	var out []int
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			out = append(out, i)
		}
	}
	exportedCache.Store(t, out)
	return out
}

// Refreshed is the model a refresh reads from the wire value observed over
// prior: what the configuration owns only where prior (expanded to the wire
// type W) sets it, so API defaults and masked passwords never show as
// drift; everything observed when imported (prior knows no configuration).
// What the wire does not hold stays as prior has it.
func Refreshed[M, W any](ctx context.Context, prior *M, observed *W, imported bool) (*M, error) {
	kept := Prune(observed)
	if !imported {
		configured := new(W)
		if err := Expand(ctx, prior, configured); err != nil {
			return nil, err
		}
		kept = KeepConfigured(configured, observed)
	}
	if kept == nil {
		kept = new(W)
	}
	out := new(M)
	if err := Flatten(ctx, kept, out, WithPrior(prior)); err != nil {
		return nil, err
	}
	return out, nil
}

// KeepConfigured returns the observed value restricted to what configured
// sets. A nil configured means "nothing is known about the configuration"
// (import), and the whole pruned observation is returned.
func KeepConfigured[T any](configured, observed *T) *T {
	if configured == nil {
		return Prune(observed)
	}
	out := keepValue(reflect.ValueOf(configured), reflect.ValueOf(observed))
	if !out.IsValid() {
		return nil
	}
	return out.Interface().(*T)
}

func keepValue(configured, observed reflect.Value) reflect.Value {
	switch configured.Kind() {
	case reflect.Pointer:
		if configured.IsNil() {
			return reflect.Value{}
		}
		if configured.Elem().Kind() != reflect.Struct {
			// A configured scalar takes the observed value even when it is
			// the zero value: a configured false must read back as false.
			if !observed.IsValid() || observed.IsNil() {
				return reflect.Value{}
			}
			return observed
		}
		if !observed.IsValid() || observed.IsNil() {
			return reflect.Value{}
		}
		out := reflect.New(configured.Elem().Type())
		for _, i := range exportedFields(configured.Elem().Type()) {
			if f := keepValue(configured.Elem().Field(i), observed.Elem().Field(i)); f.IsValid() {
				out.Elem().Field(i).Set(f)
			}
		}
		return out
	case reflect.Slice:
		if configured.IsNil() {
			return reflect.Value{}
		}
		if !observed.IsValid() || observed.Len() == 0 {
			if configured.Len() == 0 {
				// Configured empty, reported empty (or absent): still empty.
				return reflect.MakeSlice(configured.Type(), 0, 0)
			}
			return reflect.Value{}
		}
		elemIsStruct := configured.Type().Elem().Kind() == reflect.Pointer && configured.Type().Elem().Elem().Kind() == reflect.Struct
		if !elemIsStruct {
			return pruneValue(observed)
		}
		// Elements are matched by position; elements the configuration does
		// not have (the API reports more) are kept whole, so drift shows.
		out := reflect.MakeSlice(observed.Type(), observed.Len(), observed.Len())
		for i := 0; i < observed.Len(); i++ {
			var e reflect.Value
			if i < configured.Len() {
				e = keepValue(configured.Index(i), observed.Index(i))
			} else {
				e = pruneValue(observed.Index(i))
			}
			if !e.IsValid() {
				e = reflect.New(observed.Type().Elem().Elem())
			}
			out.Index(i).Set(e)
		}
		return out
	default:
		return pruneValue(observed)
	}
}

// FillUnknowns sets every unknown value in planned (a pointer to a framework
// model: structs of attr.Value fields, pointers to such structs, slices of
// them, and object values such as Object[T]) to the value at the same place
// in observed. Known values in planned are kept as planned; an unknown value
// with nothing observed becomes null.
func FillUnknowns(ctx context.Context, planned, observed any) error {
	return fillValue(ctx, reflect.ValueOf(planned), reflect.ValueOf(observed))
}

var attrValueType = reflect.TypeFor[attr.Value]()

func fillValue(ctx context.Context, planned, observed reflect.Value) error {
	if !planned.IsValid() {
		return nil
	}
	if isAttrValue(planned.Type()) && planned.Type().Implements(objectValuableType) {
		return fillObjectValue(ctx, planned, observed)
	}
	if isAttrValue(planned.Type()) {
		v := planned.Interface().(attr.Value)
		if v.IsUnknown() && planned.CanSet() {
			if observed.IsValid() {
				planned.Set(observed)
			} else {
				// Nothing observed here: the zero value of a framework
				// value type is its null.
				planned.Set(reflect.Zero(planned.Type()))
			}
		}
		return nil
	}
	switch planned.Kind() {
	case reflect.Pointer:
		if planned.IsNil() {
			return nil
		}
		if !observed.IsValid() || observed.IsNil() {
			observed = reflect.New(planned.Elem().Type())
		}
		return fillValue(ctx, planned.Elem(), observed.Elem())
	case reflect.Struct:
		for i := 0; i < planned.NumField(); i++ {
			var o reflect.Value
			if observed.IsValid() {
				o = observed.Field(i)
			}
			if err := fillValue(ctx, planned.Field(i), o); err != nil {
				return fmt.Errorf("%s: %w", planned.Type().Field(i).Name, err)
			}
		}
	case reflect.Slice:
		for i := 0; i < planned.Len(); i++ {
			var o reflect.Value
			if observed.IsValid() && i < observed.Len() {
				o = observed.Index(i)
			}
			if err := fillValue(ctx, planned.Index(i), o); err != nil {
				return err
			}
		}
	}
	return nil
}

var objectValuableType = reflect.TypeFor[basetypes.ObjectValuable]()

// fillObjectValue fills an object value (types.Object, Object[T]): an
// unknown object takes the observed one; a known object keeps its known
// attributes and takes the observed values of its unknown ones.
func fillObjectValue(ctx context.Context, planned, observed reflect.Value) error {
	if !planned.CanSet() {
		return nil
	}
	p := planned.Interface().(basetypes.ObjectValuable)
	var o basetypes.ObjectValue
	if observed.IsValid() {
		var diags diag.Diagnostics
		if o, diags = observed.Interface().(basetypes.ObjectValuable).ToObjectValue(ctx); diags.HasError() {
			return DiagError(diags)
		}
	}
	pv, diags := p.ToObjectValue(ctx)
	if diags.HasError() {
		return DiagError(diags)
	}
	merged, err := fillObject(ctx, pv, o)
	if err != nil {
		return err
	}
	typable, ok := p.Type(ctx).(basetypes.ObjectTypable)
	if !ok {
		return fmt.Errorf("%T is not an object type", p.Type(ctx))
	}
	out, diags := typable.ValueFromObject(ctx, merged)
	if diags.HasError() {
		return DiagError(diags)
	}
	planned.Set(reflect.ValueOf(out))
	return nil
}

// fillObject fills an unknown object, or the unknown attributes of a known
// one, from observed.
func fillObject(ctx context.Context, planned, observed types.Object) (types.Object, error) {
	if planned.IsUnknown() {
		if observed.IsNull() || observed.IsUnknown() || len(observed.AttributeTypes(ctx)) == 0 {
			return types.ObjectNull(planned.AttributeTypes(ctx)), nil
		}
		return observed, nil
	}
	if planned.IsNull() {
		return planned, nil
	}
	attrs := planned.Attributes()
	obs := observed.Attributes()
	merged := make(map[string]attr.Value, len(attrs))
	for name, v := range attrs {
		filled, err := fillAttr(ctx, v, obs[name], planned.AttributeTypes(ctx)[name])
		if err != nil {
			return planned, fmt.Errorf("%s: %w", name, err)
		}
		merged[name] = filled
	}
	out, diags := types.ObjectValue(planned.AttributeTypes(ctx), merged)
	if diags.HasError() {
		return planned, DiagError(diags)
	}
	return out, nil
}

// fillAttr fills one value of an object: an unknown value takes the
// observed one (or null); a known object or list is filled inside, so that
// unknown values nested in lists of objects are reached too.
func fillAttr(ctx context.Context, v, observed attr.Value, t attr.Type) (attr.Value, error) {
	switch {
	case v.IsUnknown() && observed != nil && !observed.IsUnknown():
		return observed, nil
	case v.IsUnknown():
		return nullOfType(ctx, t), nil
	case v.IsNull():
		return v, nil
	}
	switch pv := v.(type) {
	case basetypes.ObjectValuable:
		return fillNestedObject(ctx, pv, observed, t)
	case basetypes.ListValuable:
		return fillList(ctx, pv, observed, t)
	}
	return v, nil
}

func fillNestedObject(ctx context.Context, v basetypes.ObjectValuable, observed attr.Value, t attr.Type) (attr.Value, error) {
	p, diags := v.ToObjectValue(ctx)
	if diags.HasError() {
		return v, DiagError(diags)
	}
	var o types.Object
	if ov, ok := observed.(basetypes.ObjectValuable); ok && observed != nil {
		if o, diags = ov.ToObjectValue(ctx); diags.HasError() {
			return v, DiagError(diags)
		}
	}
	merged, err := fillObject(ctx, p, o)
	if err != nil {
		return v, err
	}
	if typable, ok := t.(basetypes.ObjectTypable); ok {
		out, diags := typable.ValueFromObject(ctx, merged)
		return out, DiagError(diags)
	}
	return merged, nil
}

func fillList(ctx context.Context, v basetypes.ListValuable, observed attr.Value, t attr.Type) (attr.Value, error) {
	p, diags := v.ToListValue(ctx)
	if diags.HasError() {
		return v, DiagError(diags)
	}
	var obs []attr.Value
	if ol, ok := observed.(basetypes.ListValuable); ok && observed != nil {
		if o, d := ol.ToListValue(ctx); !d.HasError() {
			obs = o.Elements()
		}
	}
	elems := p.Elements()
	out := make([]attr.Value, len(elems))
	for i, e := range elems {
		var o attr.Value
		if i < len(obs) {
			o = obs[i]
		}
		filled, err := fillAttr(ctx, e, o, p.ElementType(ctx))
		if err != nil {
			return v, fmt.Errorf("[%d]: %w", i, err)
		}
		out[i] = filled
	}
	list, diags := types.ListValue(p.ElementType(ctx), out)
	if diags.HasError() {
		return v, DiagError(diags)
	}
	if typable, ok := t.(basetypes.ListTypable); ok {
		out, diags := typable.ValueFromList(ctx, list)
		return out, DiagError(diags)
	}
	return list, nil
}

// nullOfType is the null value of an attribute type.
func nullOfType(ctx context.Context, t attr.Type) attr.Value {
	v, err := t.ValueFromTerraform(ctx, tftypes.NewValue(t.TerraformType(ctx), nil))
	if err != nil {
		panic(fmt.Sprintf("tfkit: no null value of %v: %v", t, err))
	}
	return v
}
