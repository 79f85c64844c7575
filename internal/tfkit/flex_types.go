package tfkit

import (
	"context"
	"reflect"
	"sync"
	"unsafe"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What flex knows about a Go type of a model, computed once per type: the
// refresh path converts thousands of values, and reflection's type queries
// (Implements, a framework type's null value) are slow.

type kind uint8

const (
	kString       kind = iota // types.String
	kInt64                    // types.Int64
	kBool                     // types.Bool
	kFloat64                  // types.Float64
	kTime                     // Time
	kObject                   // Object[T]
	kList                     // List[T]
	kCustomString             // another string framework type
	kPtrStruct                // *Struct
	kStruct                   // Struct
	kSlice                    // []T
	kMap                      // map[string]string
	kGoString                 // string (an element of []string)
)

// tinfo is what flex knows about one model type.
type tinfo struct {
	kind kind
	t    reflect.Type
	typ  attr.Type     // the framework type (framework values)
	null reflect.Value // its null value
	obj  objectModel   // the zero Object[T] (kObject)
	lst  listModel     // the zero List[T] (kList)
	elem *tinfo        // the element (kSlice)
}

var infoCache sync.Map // reflect.Type → *tinfo

func infoOf(t reflect.Type) *tinfo {
	if v, ok := infoCache.Load(t); ok {
		return v.(*tinfo)
	}
	ti := &tinfo{t: t}
	switch {
	case isAttrValue(t):
		ctx := context.Background()
		zero := reflect.Zero(t).Interface().(attr.Value)
		ti.typ = zero.Type(ctx)
		null, err := ti.typ.ValueFromTerraform(ctx, tftypes.NewValue(ti.typ.TerraformType(ctx), nil))
		if err != nil {
			panic("tfkit: no null value of " + t.String() + ": " + err.Error())
		}
		ti.null = reflect.ValueOf(null).Convert(t)
		ti.kind = attrKind(t, zero, ti)
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		ti.kind = kPtrStruct
	case t.Kind() == reflect.Struct:
		ti.kind = kStruct
	case t.Kind() == reflect.Slice:
		ti.kind, ti.elem = kSlice, infoOf(t.Elem())
	case t.Kind() == reflect.Map:
		ti.kind = kMap
	case t.Kind() == reflect.String:
		ti.kind = kGoString
	default:
		panic("tfkit: flex cannot convert " + t.String())
	}
	infoCache.Store(t, ti)
	return ti
}

func attrKind(t reflect.Type, zero attr.Value, ti *tinfo) kind {
	switch t {
	case reflect.TypeFor[basetypes.StringValue]():
		return kString
	case reflect.TypeFor[basetypes.Int64Value]():
		return kInt64
	case reflect.TypeFor[basetypes.BoolValue]():
		return kBool
	case reflect.TypeFor[basetypes.Float64Value]():
		return kFloat64
	case reflect.TypeFor[Time]():
		return kTime
	}
	if om, ok := zero.(objectModel); ok {
		ti.obj = om
		return kObject
	}
	if lm, ok := zero.(listModel); ok {
		ti.lst, ti.elem = lm, infoOf(lm.sliceType())
		return kList
	}
	if _, ok := ti.typ.(basetypes.StringTypable); ok {
		return kCustomString
	}
	panic("tfkit: flex cannot convert " + t.String())
}

var attrValueCache sync.Map // reflect.Type → bool

// isAttrValue reports whether t is a framework value type.
func isAttrValue(t reflect.Type) bool {
	if v, ok := attrValueCache.Load(t); ok {
		return v.(bool)
	}
	is := t.Implements(attrValueType)
	attrValueCache.Store(t, is)
	return is
}

// objectModel is implemented by Object[T]: its value as a *T, and an Object
// built from one.
type objectModel interface {
	model(ctx context.Context) (any, error)
	fromModel(ctx context.Context, m any) (attr.Value, error)
	newModel() any
}

func (v Object[T]) model(ctx context.Context) (any, error) {
	m, diags := v.Get(ctx)
	if diags.HasError() {
		return nil, DiagError(diags)
	}
	if m == nil {
		return nil, nil
	}
	return m, nil
}

func (v Object[T]) fromModel(ctx context.Context, m any) (attr.Value, error) {
	o, diags := ObjectOf(ctx, m.(*T))
	if diags.HasError() {
		return nil, DiagError(diags)
	}
	return o, nil
}

func (v Object[T]) newModel() any { return new(T) }

// keyValueFields finds the key and value members of a []*Pair type
// (KeyValuePairOption: Key/Value; TagItem: TagKey/TagValue).
func keyValueFields(t reflect.Type) (key, value int, ok bool) {
	if t.Kind() != reflect.Slice || t.Elem().Kind() != reflect.Pointer || t.Elem().Elem().Kind() != reflect.Struct {
		return 0, 0, false
	}
	e := t.Elem().Elem()
	key, value = -1, -1
	for i := range e.NumField() {
		switch e.Field(i).Name {
		case "Key", "TagKey":
			key = i
		case "Value", "TagValue":
			value = i
		}
	}
	return key, value, key >= 0 && value >= 0 && e.NumField() == 2
}

// copyInto deep-copies a model value: the copy shares no slice, map or
// pointer with the original (FillUnknowns writes through them).
func copyInto(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		p := reflect.New(src.Type().Elem())
		copyInto(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			copyInto(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for _, k := range src.MapKeys() {
			m.SetMapIndex(k, src.MapIndex(k))
		}
		dst.Set(m)
	case reflect.Struct:
		if isAttrValue(src.Type()) {
			dst.Set(src) // framework values are immutable
			return
		}
		for i := range src.NumField() {
			// An embedded struct of an unexported type is not settable
			// itself, but its exported fields are.
			if f := dst.Field(i); f.CanSet() || (f.Kind() == reflect.Struct && src.Type().Field(i).Anonymous) {
				copyInto(f, src.Field(i))
			}
		}
	default:
		dst.Set(src)
	}
}

// field is v.FieldByIndex(index), faster for the common single index.
func field(v reflect.Value, index []int) reflect.Value {
	if len(index) == 1 {
		return v.Field(index[0])
	}
	return v.FieldByIndex(index)
}

// at is a pointer to the addressable value v, whose type is T (flex knows it
// from the field's tinfo). It avoids reflect's Addr, which looks the pointer
// type up, on the refresh path's every value.
func at[T any](v reflect.Value) *T {
	return (*T)(unsafe.Pointer(v.UnsafeAddr()))
}
