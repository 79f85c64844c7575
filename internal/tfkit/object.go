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

// Object[T] is a single nested object whose attributes are those of the
// model struct T. A model uses it where a nested object may be unknown (an
// Optional and Computed object the API fills in), which a *T cannot hold;
// otherwise a *T is simpler. The schema attribute sets
// CustomType: tfkit.NewObjectType[T](ctx).
type Object[T any] struct {
	basetypes.ObjectValue
}

// ObjectType is the type of Object[T].
type ObjectType[T any] struct {
	basetypes.ObjectType
}

var (
	_ basetypes.ObjectTypable  = ObjectType[struct{}]{}
	_ basetypes.ObjectValuable = Object[struct{}]{}
)

// NewObjectType returns the type of Object[T].
func NewObjectType[T any](ctx context.Context) ObjectType[T] {
	return ObjectType[T]{basetypes.ObjectType{AttrTypes: AttrTypes[T](ctx)}}
}

func (t ObjectType[T]) Equal(o attr.Type) bool {
	other, ok := o.(ObjectType[T])
	return ok && t.ObjectType.Equal(other.ObjectType)
}

func (t ObjectType[T]) String() string {
	var zero T
	return fmt.Sprintf("tfkit.ObjectType[%T]", zero)
}

func (t ObjectType[T]) ValueFromObject(_ context.Context, in basetypes.ObjectValue) (basetypes.ObjectValuable, diag.Diagnostics) {
	return Object[T]{ObjectValue: in}, nil
}

func (t ObjectType[T]) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.ObjectType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	o, ok := v.(basetypes.ObjectValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return Object[T]{ObjectValue: o}, nil
}

func (t ObjectType[T]) ValueType(context.Context) attr.Value { return Object[T]{} }

func (v Object[T]) Type(ctx context.Context) attr.Type { return NewObjectType[T](ctx) }

func (v Object[T]) Equal(o attr.Value) bool {
	other, ok := o.(Object[T])
	return ok && v.typed(context.Background()).Equal(other.typed(context.Background()))
}

// typed is the value with T's attribute types: the zero Object[T] is a null
// of the right type, not a null without attributes.
func (v Object[T]) typed(ctx context.Context) basetypes.ObjectValue {
	if len(v.ObjectValue.AttributeTypes(ctx)) > 0 || !v.IsNull() && !v.IsUnknown() {
		return v.ObjectValue
	}
	if v.IsUnknown() {
		return types.ObjectUnknown(AttrTypes[T](ctx))
	}
	return types.ObjectNull(AttrTypes[T](ctx))
}

func (v Object[T]) AttributeTypes(ctx context.Context) map[string]attr.Type { return AttrTypes[T](ctx) }

func (v Object[T]) ToTerraformValue(ctx context.Context) (tftypes.Value, error) {
	return v.typed(ctx).ToTerraformValue(ctx)
}

func (v Object[T]) ToObjectValue(ctx context.Context) (basetypes.ObjectValue, diag.Diagnostics) {
	return v.typed(ctx), nil
}

// Get returns the object's attributes as a *T; nil when null or unknown.
func (v Object[T]) Get(ctx context.Context) (*T, diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return nil, nil
	}
	out := new(T)
	diags := v.As(ctx, out, basetypes.ObjectAsOptions{})
	return out, diags
}

// ObjectOf returns the object holding m; a nil m is null.
func ObjectOf[T any](ctx context.Context, m *T) (Object[T], diag.Diagnostics) {
	if m == nil {
		return ObjectNull[T](ctx), nil
	}
	o, diags := types.ObjectValueFrom(ctx, AttrTypes[T](ctx), m)
	return Object[T]{ObjectValue: o}, diags
}

// ObjectNull is the null Object[T].
func ObjectNull[T any](ctx context.Context) Object[T] {
	return Object[T]{ObjectValue: types.ObjectNull(AttrTypes[T](ctx))}
}

// ObjectUnknown is the unknown Object[T].
func ObjectUnknown[T any](ctx context.Context) Object[T] {
	return Object[T]{ObjectValue: types.ObjectUnknown(AttrTypes[T](ctx))}
}

// AttrTypes derives the attribute types of a model struct from its fields:
// framework values give their own type, []string a list of strings,
// map[string]string a map, structs (and pointers and slices of them) nested
// objects and lists of objects.
func AttrTypes[T any](ctx context.Context) map[string]attr.Type {
	return attrTypesOf(ctx, reflect.TypeFor[T]())
}

var attrTypeCache sync.Map // reflect.Type → map[string]attr.Type

func attrTypesOf(ctx context.Context, t reflect.Type) map[string]attr.Type {
	if v, ok := attrTypeCache.Load(t); ok {
		return v.(map[string]attr.Type)
	}
	out := map[string]attr.Type{}
	for _, f := range modelFields(t) {
		out[f.name] = attrTypeOf(ctx, f.typ)
	}
	attrTypeCache.Store(t, out)
	return out
}

func attrTypeOf(ctx context.Context, t reflect.Type) attr.Type {
	if isAttrValue(t) {
		return reflect.Zero(t).Interface().(attr.Value).Type(ctx)
	}
	switch t.Kind() {
	case reflect.Pointer:
		return attrTypeOf(ctx, t.Elem())
	case reflect.Struct:
		return types.ObjectType{AttrTypes: attrTypesOf(ctx, t)}
	case reflect.Slice:
		return types.ListType{ElemType: attrTypeOf(ctx, t.Elem())}
	case reflect.Map:
		return types.MapType{ElemType: attrTypeOf(ctx, t.Elem())}
	case reflect.String:
		return types.StringType
	case reflect.Int, reflect.Int64:
		return types.Int64Type
	case reflect.Bool:
		return types.BoolType
	case reflect.Float64:
		return types.Float64Type
	}
	panic(fmt.Sprintf("tfkit: no attribute type for %v", t))
}

// modelField is one attribute of a framework model struct.
type modelField struct {
	name  string // the tfsdk tag
	index []int  // the field's index path (embedded structs included)
	typ   reflect.Type
}

var modelFieldCache sync.Map // reflect.Type → []modelField

// modelFields lists the attributes of a model struct, those of embedded
// structs included, as the framework reads them.
func modelFields(t reflect.Type) []modelField {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v, ok := modelFieldCache.Load(t); ok {
		return v.([]modelField)
	}
	var out []modelField
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			for _, inner := range modelFields(f.Type) {
				inner.index = append([]int{i}, inner.index...)
				out = append(out, inner)
			}
			continue
		}
		tag := f.Tag.Get("tfsdk")
		if !f.IsExported() || tag == "" || tag == "-" {
			continue
		}
		out = append(out, modelField{name: tag, index: []int{i}, typ: f.Type})
	}
	modelFieldCache.Store(t, out)
	return out
}
