package emulator

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Generic request validation over the wire models: no handler decodes or
// checks the shape of its request itself.
//
//  1. The body is walked as generic JSON against the request type: a member
//     the structure does not have (names are case-sensitive, as on the real
//     API) is UnknownParameter; a value of the wrong JSON type is
//     InvalidParameter. JSON null counts as absent.
//  2. The body is decoded into the typed request.
//  3. Required members (dtsapi.RequiredMembers, by structure name) are
//     checked recursively: a nil value, an empty list or an empty string is
//     MissingParameter.
//  4. Values of closed enums (dtsapi.Enums, "Structure.Member") are checked
//     recursively on string and []string members: anything else is
//     InvalidParameterValue naming the allowed values. The empty string is
//     accepted as "not set". Open enums are not checked.
//
// Parameters are named by their JSON path, list indexes included:
// SrcInfo.Info.0.Host.

// schema is what validation needs to know about one service's models.
type schema struct {
	required map[string][]string
	enums    map[string]dtsapi.Enum
}

var dtsSchema = schema{required: dtsapi.RequiredMembers, enums: dtsapi.Enums}

// decodeRequest validates body against req's type and decodes it into req,
// which must be a pointer to a struct.
func decodeRequest(body []byte, req any, s schema) *apiError {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return errf(codeInvalidParameter, "The request body is not valid JSON: %v.", err)
	}
	if dec.More() {
		return errf(codeInvalidParameter, "The request body holds more than one JSON value.")
	}
	if raw == nil {
		raw = map[string]any{}
	}
	t := reflect.TypeOf(req).Elem()
	if _, ok := raw.(map[string]any); !ok {
		return errf(codeInvalidParameter, "The request body must be a JSON object.")
	}
	if err := checkShape("", raw, t); err != nil {
		return err
	}
	if err := json.Unmarshal(body, req); err != nil {
		return errf(codeInvalidParameter, "The request body cannot be decoded: %v.", err)
	}
	v := reflect.ValueOf(req).Elem()
	if err := checkRequired("", v, s); err != nil {
		return err
	}
	return checkEnums("", v, s)
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// checkShape walks raw (decoded with UseNumber) against t.
func checkShape(path string, raw any, t reflect.Type) *apiError {
	if raw == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := raw.(map[string]any)
		if !ok {
			return typeError(path, "an object", raw)
		}
		fields := structFields(t)
		keys := make([]string, 0, len(obj))
		for key := range obj {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			val := obj[key]
			f, ok := fields[key]
			if !ok {
				return errf(codeUnknownParameter, "The parameter `%s` is not recognized.", join(path, key))
			}
			if err := checkShape(join(path, key), val, f.Type); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		list, ok := raw.([]any)
		if !ok {
			return typeError(path, "a list", raw)
		}
		for i, item := range list {
			if err := checkShape(join(path, strconv.Itoa(i)), item, t.Elem()); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		if _, ok := raw.(string); !ok {
			return typeError(path, "a string", raw)
		}
		return nil
	case reflect.Bool:
		if _, ok := raw.(bool); !ok {
			return typeError(path, "a boolean", raw)
		}
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := raw.(json.Number)
		if !ok {
			return typeError(path, "an integer", raw)
		}
		i, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil || i < minInt(t.Bits()) || i > maxInt(t.Bits()) {
			return errf(codeInvalidParameter, "The parameter `%s` expects an integer, got %s.", path, n)
		}
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := raw.(json.Number)
		if !ok {
			return typeError(path, "a non-negative integer", raw)
		}
		u, err := strconv.ParseUint(n.String(), 10, 64)
		if err != nil || (t.Bits() < 64 && u > uint64(1)<<t.Bits()-1) {
			return errf(codeInvalidParameter, "The parameter `%s` expects a non-negative integer, got %s.", path, n)
		}
		return nil
	case reflect.Float32, reflect.Float64:
		n, ok := raw.(json.Number)
		if !ok {
			return typeError(path, "a number", raw)
		}
		if _, err := n.Float64(); err != nil {
			return errf(codeInvalidParameter, "The parameter `%s` expects a number, got %s.", path, n)
		}
		return nil
	}
	return nil
}

func minInt(bits int) int64 { return math.MinInt64 >> (64 - bits) }
func maxInt(bits int) int64 { return math.MaxInt64 >> (64 - bits) }

func typeError(path, want string, got any) *apiError {
	return errf(codeInvalidParameter, "The parameter `%s` expects %s, got %s.", path, want, jsonKind(got))
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return "null"
}

// structFields maps the exact JSON member names of t to its fields.
func structFields(t reflect.Type) map[string]reflect.StructField {
	fields := make(map[string]reflect.StructField, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if name, ok := jsonName(f); ok {
			fields[name] = f
		}
	}
	return fields
}

// checkRequired walks the decoded request for missing required members.
func checkRequired(path string, v reflect.Value, s schema) *apiError {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		required := s.required[t.Name()]
		for i := range t.NumField() {
			f := t.Field(i)
			name, ok := jsonName(f)
			if !ok {
				continue
			}
			fv := v.Field(i)
			if slices.Contains(required, name) && isMissing(fv) {
				return errf(codeMissingParameter, "The request is missing a required parameter `%s`.", join(path, name))
			}
			if err := checkRequired(join(path, name), fv, s); err != nil {
				return err
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if err := checkRequired(join(path, strconv.Itoa(i)), v.Index(i), s); err != nil {
				return err
			}
		}
	}
	return nil
}

func isMissing(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return true
		}
		if v.Elem().Kind() == reflect.String {
			return strings.TrimSpace(v.Elem().String()) == ""
		}
		return false
	case reflect.Slice:
		return v.Len() == 0
	}
	return false
}

// checkEnums walks the decoded request for values outside closed enums.
func checkEnums(path string, v reflect.Value, s schema) *apiError {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, ok := jsonName(f)
			if !ok {
				continue
			}
			fv := v.Field(i)
			if enum, ok := s.enums[t.Name()+"."+name]; ok && enum.Closed {
				if err := checkEnumValue(join(path, name), fv, enum); err != nil {
					return err
				}
				continue
			}
			if err := checkEnums(join(path, name), fv, s); err != nil {
				return err
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if err := checkEnums(join(path, strconv.Itoa(i)), v.Index(i), s); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkEnumValue(path string, v reflect.Value, enum dtsapi.Enum) *apiError {
	check := func(p string, s string) *apiError {
		if s == "" || enum.Has(s) {
			return nil
		}
		return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s` is not valid; allowed values: %s.",
			s, p, strings.Join(enum.Values, ", "))
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return check(path, v.String())
	case reflect.Slice:
		for i := range v.Len() {
			item := v.Index(i)
			for item.Kind() == reflect.Pointer {
				if item.IsNil() {
					break
				}
				item = item.Elem()
			}
			if item.Kind() == reflect.String {
				if err := check(join(path, strconv.Itoa(i)), item.String()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
