package tfkit

import (
	"errors"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Str dereferences an API string; nil is "".
func Str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// Count reads an API count; nil is 0.
func Count(p *uint64) int64 {
	if p == nil {
		return 0
	}
	return int64(*p)
}

// Ptr returns a pointer to v.
func Ptr[T any](v T) *T { return &v }

// Ptrs converts a string slice to the API's pointer slice. An empty but set
// list stays empty, not nil: KeepConfigured must know it was configured.
func Ptrs(vs []string) []*string {
	if vs == nil {
		return nil
	}
	out := make([]*string, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return out
}

// Strings converts the API's pointer slice to strings, dropping nils.
func Strings(ps []*string) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

// SortedKeys returns the keys of a map in order.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// FirstNonEmpty returns the first value that is not blank.
func FirstNonEmpty(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// DiagError folds error diagnostics into an error, for helpers that return
// errors.
func DiagError(diags diag.Diagnostics) error {
	if !diags.HasError() {
		return nil
	}
	var msgs []string
	for _, d := range diags.Errors() {
		msgs = append(msgs, d.Summary()+": "+d.Detail())
	}
	return errors.New(strings.Join(msgs, "; "))
}

// Attribute returns the framework value of the attribute name of a model
// struct (a pointer or a value), for table-driven rules over attributes.
func Attribute(model any, name string) (attr.Value, bool) {
	v := reflect.Indirect(reflect.ValueOf(model))
	for _, f := range modelFields(v.Type()) {
		if f.name == name {
			a, ok := v.FieldByIndex(f.index).Interface().(attr.Value)
			return a, ok
		}
	}
	return nil, false
}

// IsSet reports whether the attribute name of model is known and not null,
// nor "" for a string (an unknown value counts as set: it will be known at
// apply); a list, map
// or nested object held as a Go slice, map or pointer is set when it is not
// empty.
func IsSet(model any, name string) bool {
	v := reflect.Indirect(reflect.ValueOf(model))
	for _, f := range modelFields(v.Type()) {
		if f.name != name {
			continue
		}
		fv := v.FieldByIndex(f.index)
		if str, ok := fv.Interface().(types.String); ok { // "" is unset, as a module variable's default
			return str.IsUnknown() || str.ValueString() != ""
		}
		if a, ok := fv.Interface().(attr.Value); ok {
			return !a.IsNull()
		}
		switch fv.Kind() {
		case reflect.Slice, reflect.Map:
			return fv.Len() > 0
		case reflect.Pointer:
			return !fv.IsNil()
		}
	}
	return false
}

// StringOf is the string attribute name of a model struct; "" when null,
// unknown or not a string.
func StringOf(model any, name string) string {
	a, ok := Attribute(model, name)
	if s, isString := a.(interface{ ValueString() string }); ok && isString {
		return s.ValueString()
	}
	return ""
}

// Deref dereferences p; nil is the zero value.
func Deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
