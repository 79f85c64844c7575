package provider

import (
	"reflect"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// changedPaths lists the attribute paths whose values differ between two
// framework models of the same type (structs with tfsdk tags, pointers,
// slices, maps of strings and attr.Values). Unknown planned values count as
// changes. It is how a resource tells, at plan time, which changes it can
// make in place.
func changedPaths(prior, planned any) []path.Path {
	var out []path.Path
	diffValue(reflect.ValueOf(prior), reflect.ValueOf(planned), path.Empty(), &out)
	return out
}

func diffValue(a, b reflect.Value, at path.Path, out *[]path.Path) {
	if a.IsValid() && a.Type().Implements(attrValueType) {
		av, bv := a.Interface().(attr.Value), b.Interface().(attr.Value)
		if bv.IsUnknown() || !av.Equal(bv) {
			*out = append(*out, at)
		}
		return
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() != b.IsNil() {
			*out = append(*out, at)
			return
		}
		if !a.IsNil() {
			diffValue(a.Elem(), b.Elem(), at, out)
		}
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			tag := a.Type().Field(i).Tag.Get("tfsdk")
			if tag == "" || tag == "-" {
				continue
			}
			diffValue(a.Field(i), b.Field(i), at.AtName(tag), out)
		}
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			*out = append(*out, at)
			return
		}
		for i := 0; i < a.Len(); i++ {
			diffValue(a.Index(i), b.Index(i), at.AtListIndex(i), out)
		}
	case reflect.Map:
		if a.IsNil() != b.IsNil() {
			*out = append(*out, at)
			return
		}
		keys := map[string]bool{}
		for _, k := range a.MapKeys() {
			keys[k.String()] = true
		}
		for _, k := range b.MapKeys() {
			keys[k.String()] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			av, bv := a.MapIndex(reflect.ValueOf(k)), b.MapIndex(reflect.ValueOf(k))
			if av.IsValid() != bv.IsValid() || (av.IsValid() && !reflect.DeepEqual(av.Interface(), bv.Interface())) {
				*out = append(*out, at.AtMapKey(k))
			}
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			*out = append(*out, at)
		}
	}
}
