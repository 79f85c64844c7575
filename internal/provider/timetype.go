package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// rfc3339Type is a string holding an RFC 3339 time, compared by meaning:
// "2026-12-01T02:00:00+08:00" and "2026-11-30T18:00:00Z" are the same value,
// so writing the same instant another way is no change.
type rfc3339Type struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = rfc3339Type{}
	_ basetypes.StringValuableWithSemanticEquals = rfc3339Value{}
)

func (t rfc3339Type) Equal(o attr.Type) bool {
	_, ok := o.(rfc3339Type)
	return ok
}

func (t rfc3339Type) String() string { return "rfc3339Type" }

func (t rfc3339Type) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return rfc3339Value{StringValue: in}, nil
}

func (t rfc3339Type) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return rfc3339Value{StringValue: s}, nil
}

func (t rfc3339Type) ValueType(context.Context) attr.Value { return rfc3339Value{} }

// rfc3339Value is a value of rfc3339Type.
type rfc3339Value struct {
	basetypes.StringValue
}

func (v rfc3339Value) Equal(o attr.Value) bool {
	other, ok := o.(rfc3339Value)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v rfc3339Value) Type(context.Context) attr.Type { return rfc3339Type{} }

// StringSemanticEquals reports whether both name the same instant.
func (v rfc3339Value) StringSemanticEquals(_ context.Context, other basetypes.StringValuable) (bool, diag.Diagnostics) {
	o, ok := other.(rfc3339Value)
	if !ok {
		return false, nil
	}
	a, errA := time.Parse(time.RFC3339, v.ValueString())
	b, errB := time.Parse(time.RFC3339, o.ValueString())
	return errA == nil && errB == nil && a.Equal(b), nil
}

func rfc3339Null() rfc3339Value { return rfc3339Value{StringValue: basetypes.NewStringNull()} }
func rfc3339String(s string) rfc3339Value {
	return rfc3339Value{StringValue: basetypes.NewStringValue(s)}
}
func (v rfc3339Value) instant() (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	return t, err == nil
}
