package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
//  3. One walk of the decoded request checks what the definition says of
//     its values, by structure name:
//     - required members (dtsapi.RequiredMembers): a nil value, an empty
//     list or a blank string is MissingParameter;
//     - members required by another member's value ("当 TableMode 为
//     partial 时，此项需要填写", requiredWhen): MissingParameter;
//     - values of closed enums (dtsapi.Enums, "Structure.Member", string
//     and []string members): anything else is InvalidParameterValue naming
//     the allowed values; "" is accepted as "not set", open enums are not
//     checked;
//     - formats (formats): InvalidParameterValue;
//     - bounds (limits): ports, host names, tag keys and values —
//     InvalidParameterValue;
//     - members that exclude each other (exclusive): InvalidParameter.
//     A missing member anywhere is answered before an invalid value.
//
// Parameters are named by their JSON path, list indexes included:
// SrcInfo.Info.0.Host.

// schema is what validation needs to know about one service's models.
type schema struct {
	required map[string][]string
	// blankOK are required members ("Structure.Member") the definition lets
	// a request send as "": present, but empty.
	blankOK      map[string]bool
	enums        map[string]dtsapi.Enum
	requiredWhen map[string][]requiredWhen
	formats      map[string]format
	limits       map[string]limit
	exclusive    map[string][][2]string
}

// limit bounds the values of a member (a string, a list of strings or an
// unsigned number) that the definition types only loosely.
type limit struct {
	maxRunes  int    // characters of a string; 0: unbounded
	maxBytes  int    // bytes of a string; 0: unbounded
	noControl bool   // no control characters (NUL, CR, LF, …)
	maxUint   uint64 // an unsigned number; 0: unbounded
	desc      string // the rule, for the message
}

// Limits of the values the definition leaves open: the TCP port range, what
// a host name or address can be, and the tag limits of Tencent Cloud (keys
// up to 127 characters, values up to 255).
var (
	portLimit     = limit{maxUint: 65535, desc: "a port is 1 to 65535 (0: unset)"}
	hostLimit     = limit{maxBytes: 255, noControl: true, desc: "a host name or address has at most 255 bytes and no control characters"}
	tagKeyLimit   = limit{maxRunes: 127, noControl: true, desc: "a tag key has at most 127 characters and no control characters"}
	tagValueLimit = limit{maxRunes: 255, noControl: true, desc: "a tag value has at most 255 characters and no control characters"}
)

// check returns the error of a value beyond the limit (nil otherwise).
func (l limit) check(path string, v reflect.Value) *apiError {
	bad := func() *apiError {
		return errf(codeInvalidParameterValue, "The value of parameter `%s` is not valid: %s.", path, l.desc)
	}
	switch x := v.Interface().(type) {
	case *uint64:
		if x != nil && l.maxUint != 0 && *x > l.maxUint {
			return bad()
		}
	case *string:
		if x != nil && !l.allows(*x) {
			return bad()
		}
	case []*string:
		for i, s := range x {
			if s != nil && !l.allows(*s) {
				return errf(codeInvalidParameterValue, "The value of parameter `%s.%d` is not valid: %s.", path, i, l.desc)
			}
		}
	}
	return nil
}

func (l limit) allows(s string) bool {
	if (l.maxBytes != 0 && len(s) > l.maxBytes) || (l.maxRunes != 0 && utf8.RuneCountInString(s) > l.maxRunes) {
		return false
	}
	return !l.noControl || !strings.ContainsFunc(s, unicode.IsControl)
}

// requiredWhen is a member the definition requires only when a sibling
// member has a value.
type requiredWhen struct {
	// Member is the required member, or "List.Member" for a member of every
	// item of a list member.
	Member string
	// If is the sibling member, Is the value that requires Member.
	If, Is string
}

// format is a pattern a string member's value must match, with its
// description for the message.
type format struct {
	re   *regexp.Regexp
	desc string
}

// accountRole is the format of a cross-account role name.
var accountRole = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

var dtsSchema = schema{
	required: dtsapi.RequiredMembers,
	// "当OpTypes取值PartialDDL时、字段不能为空": otherwise it may be empty;
	// "如果输入空，默认 0 时间，等价于查询最老 offset".
	blankOK: map[string]bool{"DynamicOptions.DdlOptions": true, "DescribeOffsetByTimeRequest.Time": true},
	enums:   dtsapi.Enums,
	// The definition's "required when …" of the migration objects.
	requiredWhen: map[string][]requiredWhen{
		"DatabaseTableObject": {
			{Member: "Databases", If: "ObjectMode", Is: "partial"},
			{Member: "Databases.DbName", If: "ObjectMode", Is: "partial"},
			{Member: "Databases.DBMode", If: "ObjectMode", Is: "partial"},
		},
		"DBItem": {
			{Member: "TableMode", If: "DBMode", Is: "partial"},
			{Member: "Tables", If: "TableMode", Is: "partial"},
			{Member: "Views", If: "ViewMode", Is: "partial"},
			{Member: "Roles", If: "RoleMode", Is: "partial"},
			{Member: "Functions", If: "FunctionMode", Is: "partial"},
			{Member: "Procedures", If: "ProcedureMode", Is: "partial"},
			{Member: "Events", If: "EventMode", Is: "partial"},
			{Member: "Triggers", If: "TriggerMode", Is: "partial"},
		},
		"TableItem": {{Member: "NewTableName", If: "TableEditMode", Is: "rename"}},
		// The sync objects (Pascal case).
		"Objects": {
			{Member: "Databases", If: "Mode", Is: "Partial"},
			{Member: "Databases.DbName", If: "Mode", Is: "Partial"},
			{Member: "Databases.DbMode", If: "Mode", Is: "Partial"},
		},
		"Database": {
			{Member: "TableMode", If: "DbMode", Is: "Partial"},
			{Member: "Tables", If: "TableMode", Is: "Partial"},
			{Member: "Views", If: "ViewMode", Is: "Partial"},
			{Member: "Functions", If: "FunctionMode", Is: "Partial"},
			{Member: "Procedures", If: "ProcedureMode", Is: "Partial"},
			{Member: "Triggers", If: "TriggerMode", Is: "Partial"},
			{Member: "Events", If: "EventMode", Is: "Partial"},
		},
		"Table": {
			{Member: "Columns", If: "ColumnMode", Is: "Partial"},
			{Member: "NewTableName", If: "TableEditMode", Is: "rename"},
		},
		// The compare tasks' objects (both families).
		"CreateCompareTaskRequest":     {{Member: "Objects", If: "ObjectMode", Is: "custom"}},
		"CreateSyncCompareTaskRequest": {{Member: "Objects", If: "ObjectMode", Is: "custom"}},
		"ModifyCompareTaskRequest":     {{Member: "Objects", If: "ObjectMode", Is: "custom"}},
		"ModifySyncCompareTaskRequest": {{Member: "Objects", If: "ObjectMode", Is: "custom"}},
		"CompareObjectItem": {
			{Member: "Tables", If: "TableMode", Is: "partial"},
			{Member: "Views", If: "ViewMode", Is: "partial"},
		},
		"CompareTableItem": {{Member: "Columns", If: "ColumnMode", Is: "partial"}},
		// "如果 RuleType 为 cols，此项必填" (subscription Kafka partitioning).
		"DistributeRule": {{Member: "Columns", If: "RuleType", Is: "cols"}},
	},
	formats: map[string]format{
		"DBInfo.AccountRole":              {accountRole, "only letters, digits, - and _ ([a-zA-Z0-9-_]+)"},
		"Endpoint.AccountRole":            {accountRole, "only letters, digits, - and _ ([a-zA-Z0-9-_]+)"},
		"CompareTableItem.FilterTimeZone": {regexp.MustCompile(`^[+-]\d\d:\d\d$`), "a UTC offset such as +08:00, -08:00 or +00:00"},
		// "以数字、字母(大小写)或者_ - .开头，以数字、字母(大小写)结尾".
		"CreateConsumerGroupRequest.ConsumerGroupName": consumerName,
		"CreateConsumerGroupRequest.AccountName":       consumerName,
	},
	exclusive: map[string][][2]string{
		"TableItem": {{"NewTableName", "TmpTables"}},
		"Table":     {{"NewTableName", "TmpTables"}},
	},
	limits: map[string]limit{
		"DBInfo.Port": portLimit, "Endpoint.Port": portLimit, "EndpointItem.Port": portLimit,
		"DBInfo.Host": hostLimit, "Endpoint.Ip": hostLimit, "EndpointItem.HostName": hostLimit,
		"TagItem.TagKey": tagKeyLimit, "TagItem.TagValue": tagValueLimit,
		"TagFilter.TagKey": tagKeyLimit, "TagFilter.TagValue": tagValueLimit,
	},
}

// consumerName is the format of the consumer group and account names a
// CreateConsumerGroup request gives.
var consumerName = format{regexp.MustCompile(`^[a-zA-Z0-9_.-]*[a-zA-Z0-9]$`),
	"letters, digits, _, - and ., starting with one of them and ending with a letter or a digit"}

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
	w := &valueWalk{s: s}
	w.walk("", reflect.ValueOf(req).Elem())
	if w.missing != nil {
		return w.missing
	}
	return w.invalid
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
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return checkNumber(path, raw, t)
	}
	return nil
}

// checkNumber checks that raw is a JSON number of t's kind and range.
func checkNumber(path string, raw any, t reflect.Type) *apiError {
	switch t.Kind() {
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

// valueWalk is the one walk of a decoded request (step 3 above): it stops
// at the first missing member and otherwise keeps the first invalid value.
type valueWalk struct {
	s       schema
	missing *apiError
	invalid *apiError
}

func (w *valueWalk) invalidValue(err *apiError) {
	if w.invalid == nil {
		w.invalid = err
	}
}

func missingParameter(path, why string) *apiError {
	return errf(codeMissingParameter, "The request is missing a required parameter `%s`%s.", path, why)
}

// walk visits v at path; it returns false once a member is missing.
func (w *valueWalk) walk(path string, v reflect.Value) bool {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return true
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		return w.walkStruct(path, v)
	case reflect.Slice:
		for i := range v.Len() {
			if !w.walk(join(path, strconv.Itoa(i)), v.Index(i)) {
				return false
			}
		}
	}
	return true
}

func (w *valueWalk) walkStruct(path string, v reflect.Value) bool {
	t := v.Type()
	required := w.s.required[t.Name()]
	for i := range t.NumField() {
		name, ok := jsonName(t.Field(i))
		if !ok {
			continue
		}
		fv, key, p := v.Field(i), t.Name()+"."+name, join(path, name)
		if slices.Contains(required, name) && isMissing(fv) && (!w.s.blankOK[key] || fv.IsNil()) {
			w.missing = missingParameter(p, "")
			return false
		}
		if enum, ok := w.s.enums[key]; ok && enum.Closed {
			w.invalidValue(checkEnumValue(p, fv, enum))
			continue
		}
		if l, ok := w.s.limits[key]; ok {
			w.invalidValue(l.check(p, fv))
		}
		if f, ok := w.s.formats[key]; ok {
			if s := deref(fv.Interface().(*string)); s != "" && !f.re.MatchString(s) {
				w.invalidValue(errf(codeInvalidParameterValue, "The value `%s` of parameter `%s` is not valid: %s.", s, p, f.desc))
			}
		}
		if !w.walk(p, fv) {
			return false
		}
	}
	return w.structRules(path, v)
}

// structRules checks the members a structure requires because of another
// member's value, and the members that exclude each other.
func (w *valueWalk) structRules(path string, v reflect.Value) bool {
	t := v.Type()
	for _, r := range w.s.requiredWhen[t.Name()] {
		if deref(memberValue(v, r.If).Interface().(*string)) != r.Is {
			continue
		}
		why := fmt.Sprintf(" (%s is %s)", r.If, r.Is)
		list, member, perItem := strings.Cut(r.Member, ".")
		if !perItem {
			if isMissing(memberValue(v, list)) {
				w.missing = missingParameter(join(path, list), why)
				return false
			}
			continue
		}
		items := memberValue(v, list)
		for i := range items.Len() {
			if item := items.Index(i); item.IsNil() || isMissing(memberValue(item.Elem(), member)) {
				w.missing = missingParameter(join(path, fmt.Sprintf("%s.%d.%s", list, i, member)), why)
				return false
			}
		}
	}
	for _, pair := range w.s.exclusive[t.Name()] {
		if !isMissing(memberValue(v, pair[0])) && !isMissing(memberValue(v, pair[1])) {
			w.invalidValue(errf(codeInvalidParameter, "The parameters `%s` and `%s` exclude each other; give only one of them.",
				join(path, pair[0]), join(path, pair[1])))
		}
	}
	return true
}

// memberValue is the field of struct value v whose JSON name is name.
func memberValue(v reflect.Value, name string) reflect.Value {
	f, ok := structFields(v.Type())[name]
	if !ok {
		panic("emulator: validation rule names " + v.Type().Name() + "." + name + ", which does not exist")
	}
	return v.FieldByIndex(f.Index)
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
