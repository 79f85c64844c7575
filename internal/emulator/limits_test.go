package emulator

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// TestParameterBounds: ports beyond 65535, hosts with control characters or
// over 255 bytes, and tags beyond Tencent Cloud's limits (keys 127
// characters, values 255) are InvalidParameterValue; values within them
// are accepted.
func TestParameterBounds(t *testing.T) {
	h := newHarness(t, Options{})
	tag := func(key, value string) map[string]any {
		return map[string]any{"Tags": []map[string]any{{"TagKey": key, "TagValue": value}}}
	}
	for name, tc := range map[string]struct {
		params map[string]any
		path   string
	}{
		"a 128-character tag key":        {tag(strings.Repeat("k", 128), "v"), "Tags.0.TagKey"},
		"a 10,000-character tag key":     {tag(strings.Repeat("k", 10000), "v"), "Tags.0.TagKey"},
		"a 256-character tag value":      {tag("k", strings.Repeat("v", 256)), "Tags.0.TagValue"},
		"a tag key with a newline":       {tag("a\nb", "v"), "Tags.0.TagKey"},
		"a tag value with a NUL":         {tag("k", "a\x00b"), "Tags.0.TagValue"},
		"a 128-character filter tag key": {map[string]any{"TagFilters": []map[string]any{{"TagKey": strings.Repeat("k", 128)}}}, "TagFilters.0.TagKey"},
	} {
		action := "CreateMigrationService"
		params := map[string]any{"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion,
			"DstRegion": testRegion, "InstanceClass": "small"}
		if _, filter := tc.params["TagFilters"]; filter {
			action, params = "DescribeMigrationJobs", map[string]any{}
		}
		for k, v := range tc.params {
			params[k] = v
		}
		msg := wantCode(t, h.call(action, params), codeInvalidParameterValue)
		if !strings.Contains(msg, "`"+tc.path+"`") {
			t.Errorf("%s: %q does not name %s", name, msg, tc.path)
		}
	}
	// At the limits: 127 characters (of any script) and 255.
	h.create(tag(strings.Repeat("键", 127), strings.Repeat("v", 255)))

	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	for name, tc := range map[string]struct {
		member string
		value  any
	}{
		"port 9223372036854775807": {"Port", uint64(9223372036854775807)},
		"port 65536":               {"Port", 65536},
		"a host with a NUL":        {"Host", "db\x00.example.com"},
		"a host with a newline":    {"Host", "db.example.com\r\nX-Injected: 1"},
		"a 200 KB host":            {"Host", strings.Repeat("h", 200<<10)},
		"a 256-byte host":          {"Host", strings.Repeat("h", 256)},
	} {
		cfg := config(id, "full")
		node(cfg, "SrcInfo")[tc.member] = tc.value
		msg := wantCode(t, h.call("ModifyMigrationJob", cfg), codeInvalidParameterValue)
		if !strings.Contains(msg, "`SrcInfo.Info.0."+tc.member+"`") {
			t.Errorf("%s: %q", name, msg)
		}
	}
	cfg := config(id, "full")
	node(cfg, "SrcInfo")["Port"], node(cfg, "SrcInfo")["Host"] = 65535, strings.Repeat("h", 255)
	node(cfg, "DstInfo")["Port"] = 0 // unset, as in the samples
	h.mustCall("ModifyMigrationJob", cfg)
}

// TestSchemaRulesNameRealMembers: every member the validation tables name
// exists in the definition, so that no rule silently never applies.
func TestSchemaRulesNameRealMembers(t *testing.T) {
	structs := map[string]reflect.Type{}
	for _, a := range dtsapi.Actions {
		collectStructs(reflect.TypeOf(a.NewRequest()), structs)
	}
	var keys []string
	for k := range dtsSchema.limits {
		keys = append(keys, k)
	}
	for k := range dtsSchema.formats {
		keys = append(keys, k)
	}
	for _, key := range keys {
		s, member, _ := strings.Cut(key, ".")
		typ, ok := structs[s]
		if !ok {
			t.Errorf("%s: no request structure %s", key, s)
			continue
		}
		if _, ok := structFields(typ)[member]; !ok {
			t.Errorf("%s: %s has no member %s", key, s, member)
		}
	}
}

func collectStructs(t reflect.Type, out map[string]reflect.Type) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || out[t.Name()] != nil {
		return
	}
	out[t.Name()] = t
	for i := range t.NumField() {
		collectStructs(t.Field(i).Type, out)
	}
}
