package tfkit

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Time is a string attribute holding an RFC 3339 time, compared by meaning:
// "2026-12-01T02:00:00+08:00" and "2026-11-30T18:00:00Z" are the same value,
// so writing the same instant another way is no change. The API speaks
// Beijing time ("2026-12-01 02:00:00"); flex converts between the two (the
// API's zero date and "" are null). The schema attribute sets
// CustomType: tfkit.TimeType{}.
type Time struct {
	basetypes.StringValue
}

// TimeType is the type of Time.
type TimeType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = TimeType{}
	_ basetypes.StringValuableWithSemanticEquals = Time{}
)

func (t TimeType) Equal(o attr.Type) bool {
	_, ok := o.(TimeType)
	return ok
}

func (t TimeType) String() string { return "tfkit.TimeType" }

func (t TimeType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return Time{StringValue: in}, nil
}

func (t TimeType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return Time{StringValue: s}, nil
}

func (t TimeType) ValueType(context.Context) attr.Value { return Time{} }

func (v Time) Equal(o attr.Value) bool {
	other, ok := o.(Time)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v Time) Type(context.Context) attr.Type { return TimeType{} }

// StringSemanticEquals reports whether both name the same instant.
func (v Time) StringSemanticEquals(_ context.Context, other basetypes.StringValuable) (bool, diag.Diagnostics) {
	o, ok := other.(Time)
	if !ok {
		return false, nil
	}
	a, okA := v.Instant()
	b, okB := o.Instant()
	return okA && okB && a.Equal(b), nil
}

// TimeNull is the null Time.
func TimeNull() Time { return Time{StringValue: basetypes.NewStringNull()} }

// TimeValue holds an RFC 3339 string as it is.
func TimeValue(s string) Time { return Time{StringValue: basetypes.NewStringValue(s)} }

// TimeOf renders an instant in RFC 3339 with the API's +08:00 offset.
func TimeOf(t time.Time) Time { return TimeValue(t.In(dtsapi.Beijing).Format(time.RFC3339)) }

// Instant is the time v names; false when null, unknown or not RFC 3339.
func (v Time) Instant() (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	return t, err == nil
}

// SameInstant reports whether both are known and name the same instant.
func (v Time) SameInstant(o Time) bool {
	a, okA := v.Instant()
	b, okB := o.Instant()
	return okA && okB && a.Equal(b)
}
