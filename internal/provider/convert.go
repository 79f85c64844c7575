package provider

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Small conversions between API pointers and framework values, used by every
// resource and data source.

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// stringValue maps an API string to a framework value; "" becomes "" (use
// nullableString where the API's zero value means unset).
func stringValue(p *string) types.String { return types.StringValue(str(p)) }

// nullableString maps nil and "" to null.
func nullableString(p *string) types.String {
	if p == nil || *p == "" {
		return types.StringNull()
	}
	return types.StringValue(*p)
}

// timeValue converts an API date-time (Beijing time) to RFC 3339; unset times
// become null.
func timeValue(p *string) types.String {
	s := dtsapi.RFC3339(str(p))
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func int64Value[T ~int64 | ~uint64](p *T) types.Int64 {
	if p == nil {
		return types.Int64Value(0)
	}
	return types.Int64Value(int64(*p))
}

func stringList(ps []*string) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// ptrs converts a string slice to the API's pointer slice. An empty but set
// list stays empty, not nil: keepConfigured must know it was configured.
func ptrs(vs []string) []*string {
	if vs == nil {
		return nil
	}
	out := make([]*string, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return out
}

// optString returns nil for a null or unknown value and "" alike, so that
// unset configuration is not sent.
func optString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
		return nil
	}
	s := v.ValueString()
	return &s
}

func basetypesObjectAsOptions() basetypes.ObjectAsOptions {
	return basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true, UnhandledUnknownAsEmpty: true}
}

// sortedKeys returns the keys of a map in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
