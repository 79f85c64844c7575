package tfkit

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// List[T] is a list of nested objects whose attributes are those of the
// model struct T. A model uses it where the list may be unknown — a Computed
// list the API fills in (a subscription's errors), which a []T cannot hold
// at plan time; otherwise a []T is simpler. The schema attribute sets
// CustomType: tfkit.NewListType[T](ctx). Flex converts it like a []T.
type List[T any] struct {
	basetypes.ListValue
}

// ListType is the type of List[T].
type ListType[T any] struct {
	basetypes.ListType
}

var (
	_ basetypes.ListTypable  = ListType[struct{}]{}
	_ basetypes.ListValuable = List[struct{}]{}
)

// NewListType returns the type of List[T].
func NewListType[T any](ctx context.Context) ListType[T] {
	return ListType[T]{basetypes.ListType{ElemType: types.ObjectType{AttrTypes: AttrTypes[T](ctx)}}}
}

func (t ListType[T]) Equal(o attr.Type) bool {
	other, ok := o.(ListType[T])
	return ok && t.ListType.Equal(other.ListType)
}

func (t ListType[T]) String() string {
	var zero T
	return fmt.Sprintf("tfkit.ListType[%T]", zero)
}

func (t ListType[T]) ValueFromList(_ context.Context, in basetypes.ListValue) (basetypes.ListValuable, diag.Diagnostics) {
	return List[T]{ListValue: in}, nil
}

func (t ListType[T]) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := NewListType[T](ctx).ListType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	l, ok := v.(basetypes.ListValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return List[T]{ListValue: l}, nil
}

func (t ListType[T]) ValueType(context.Context) attr.Value { return List[T]{} }

func (v List[T]) Type(ctx context.Context) attr.Type { return NewListType[T](ctx) }

func (v List[T]) Equal(o attr.Value) bool {
	other, ok := o.(List[T])
	return ok && v.typed(context.Background()).Equal(other.typed(context.Background()))
}

// typed is the value with T's element type: the zero List[T] is a null of
// the right type.
func (v List[T]) typed(ctx context.Context) basetypes.ListValue {
	if v.ListValue.ElementType(ctx) != nil {
		return v.ListValue
	}
	elem := NewListType[T](ctx).ElemType
	if v.IsUnknown() {
		return types.ListUnknown(elem)
	}
	return types.ListNull(elem)
}

func (v List[T]) ElementType(ctx context.Context) attr.Type { return NewListType[T](ctx).ElemType }

func (v List[T]) ToTerraformValue(ctx context.Context) (tftypes.Value, error) {
	return v.typed(ctx).ToTerraformValue(ctx)
}

func (v List[T]) ToListValue(ctx context.Context) (basetypes.ListValue, diag.Diagnostics) {
	return v.typed(ctx), nil
}

// Get returns the list's elements; nil when null or unknown.
func (v List[T]) Get(ctx context.Context) ([]T, diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return nil, nil
	}
	out := []T{}
	diags := v.ElementsAs(ctx, &out, false)
	return out, diags
}

// ListOf returns the list holding ms; a nil ms is null.
func ListOf[T any](ctx context.Context, ms []T) (List[T], diag.Diagnostics) {
	if ms == nil {
		return ListNull[T](ctx), nil
	}
	l, diags := types.ListValueFrom(ctx, NewListType[T](ctx).ElemType, ms)
	return List[T]{ListValue: l}, diags
}

// ListNull is the null List[T].
func ListNull[T any](ctx context.Context) List[T] {
	return List[T]{ListValue: types.ListNull(NewListType[T](ctx).ElemType)}
}

// ListUnknown is the unknown List[T].
func ListUnknown[T any](ctx context.Context) List[T] {
	return List[T]{ListValue: types.ListUnknown(NewListType[T](ctx).ElemType)}
}

// listModel is implemented by List[T], for flex: its elements as a []T,
// and a List built from one.
type listModel interface {
	models(ctx context.Context) (reflect.Value, error)
	fromModels(ctx context.Context, ms reflect.Value) (attr.Value, error)
	sliceType() reflect.Type
}

func (v List[T]) models(ctx context.Context) (reflect.Value, error) {
	ms, diags := v.Get(ctx)
	if diags.HasError() {
		return reflect.Value{}, DiagError(diags)
	}
	if ms == nil {
		return reflect.Value{}, nil
	}
	return reflect.ValueOf(ms), nil
}

func (v List[T]) fromModels(ctx context.Context, ms reflect.Value) (attr.Value, error) {
	l, diags := ListOf(ctx, ms.Interface().([]T))
	if diags.HasError() {
		return nil, DiagError(diags)
	}
	return l, nil
}

func (v List[T]) sliceType() reflect.Type { return reflect.TypeFor[[]T]() }
