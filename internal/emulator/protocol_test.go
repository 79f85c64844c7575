package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func TestProtocolErrors(t *testing.T) {
	h := newHarness(t, Options{})
	c := h.client(testID, testKey, "", testRegion)
	tests := []struct {
		name, service, version, action string
		params                         any
		code                           string
		message                        string // substring
	}{
		{"unknown action", "dts", dtsapi.Version, "DescribeEverything", nil, codeInvalidAction, "DescribeEverything"},
		{"wrong version", "dts", "2018-03-30", "DescribeMigrationJobs", nil, codeNoSuchVersion, "2018-03-30"},
		{"wrong sts version", "sts", "2019-01-01", "AssumeRole", nil, codeNoSuchVersion, "2019-01-01"},
		{"unknown sts action", "sts", "2018-08-13", "DescribeEverything", nil, codeInvalidAction, "DescribeEverything"},
		{"sts action not implemented yet", "sts", "2018-08-13", "GetFederationToken", nil, codeUnsupportedOperation, "STS GetFederationToken"},
		{"sts SAML", "sts", "2018-08-13", "AssumeRoleWithSAML", nil, codeUnsupportedOperation, "AssumeRoleWithSAML"},
		{"unknown product", "cvm", "2017-03-12", "DescribeInstances", nil, codeNoSuchProduct, "cvm"},
		{"unknown parameter", "dts", dtsapi.Version, "DescribeMigrationJobs", map[string]any{"Foo": 1},
			codeUnknownParameter, "`Foo`"},
		{"parameter names are case-sensitive", "dts", dtsapi.Version, "DescribeMigrationDetail", map[string]any{"jobId": "x"},
			codeUnknownParameter, "`jobId`"},
		{"nested unknown parameter", "dts", dtsapi.Version, "CreateMigrationService", map[string]any{
			"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion,
			"InstanceClass": "small", "Tags": []map[string]any{{"TagKey": "a", "Colr": "red"}}},
			codeUnknownParameter, "`Tags.0.Colr`"},
		{"wrong JSON type", "dts", dtsapi.Version, "CreateMigrationService", map[string]any{
			"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion,
			"InstanceClass": "small", "Count": "2"},
			codeInvalidParameter, "`Count`"},
		{"negative unsigned", "dts", dtsapi.Version, "DescribeMigrationJobs", map[string]any{"Limit": -1},
			codeInvalidParameter, "`Limit`"},
		{"missing parameter", "dts", dtsapi.Version, "CreateMigrationService", map[string]any{
			"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion},
			codeMissingParameter, "`InstanceClass`"},
		{"missing nested parameter", "dts", dtsapi.Version, "DescribeMigrationJobs", map[string]any{
			"TagFilters": []map[string]any{{"TagKey": "a"}, {"TagValue": []string{"b"}}}},
			codeMissingParameter, "`TagFilters.1.TagKey`"},
		{"empty required string", "dts", dtsapi.Version, "DescribeMigrationDetail", map[string]any{"JobId": " "},
			codeMissingParameter, "`JobId`"},
		{"closed enum", "dts", dtsapi.Version, "CreateMigrationService", map[string]any{
			"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion,
			"InstanceClass": "tiny"},
			codeInvalidParameterValue, "`InstanceClass` is not valid; allowed values: small, medium, large, xlarge, 2xlarge"},
		{"closed enum in a list", "dts", dtsapi.Version, "DescribeMigrationJobs", map[string]any{"Status": []string{"running", "sleeping"}},
			codeInvalidParameterValue, "`Status.1`"},
		{"sts required", "sts", "2018-08-13", "AssumeRole", map[string]any{"RoleArn": "qcs::cam::uin/1:roleName/r"},
			codeMissingParameter, "`RoleSessionName`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := send(c, tt.service, tt.version, tt.action, tt.params)
			msg := wantCode(t, err, tt.code)
			if !strings.Contains(msg, tt.message) {
				t.Errorf("message %q does not contain %q", msg, tt.message)
			}
		})
	}
}

// TestUnimplementedAction: an action of the definition without a handler
// answers UnsupportedOperation. Every DTS action has a handler now, so the
// test takes one away for its duration.
func TestUnimplementedAction(t *testing.T) {
	const action = "DescribeOffsetByTime"
	saved := dtsHandlers[action]
	delete(dtsHandlers, action)
	t.Cleanup(func() { dtsHandlers[action] = saved })
	h := newHarness(t, Options{})
	c := h.client(testID, testKey, "", testRegion)
	_, err := send(c, "dts", dtsapi.Version, action, map[string]any{"SubscribeId": "subs-1234567890", "Time": "2024-01-01 00:00:00"})
	if msg := wantCode(t, err, codeUnsupportedOperation); !strings.Contains(msg, "does not implement "+action+" yet") {
		t.Errorf("message %q does not say that %s is not implemented", msg, action)
	}
}

func TestOpenEnumsAreAccepted(t *testing.T) {
	h := newHarness(t, Options{})
	// SrcDatabaseType is an open enum: values beyond the documented ones
	// depend on the link and are not rejected.
	ids := h.create(map[string]any{"SrcDatabaseType": "oracle"})
	if len(ids) != 1 {
		t.Fatalf("got %v", ids)
	}
	var resp dtsapi.DescribeMigrationJobsResponse
	h.mustDTS("DescribeMigrationJobs", map[string]any{"SrcDatabaseType": []string{"oracle"}}, &resp)
	if *resp.TotalCount != 1 {
		t.Fatalf("TotalCount = %d, want 1", *resp.TotalCount)
	}
}

// rawPost sends a request without signing it.
func rawPost(t *testing.T, url, path string, headers map[string]string, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("response %q is not JSON: %v", b, err)
	}
	return resp.StatusCode, out
}

func envelopeError(t *testing.T, out map[string]any) (code, requestID string) {
	t.Helper()
	r, _ := out["Response"].(map[string]any)
	e, _ := r["Error"].(map[string]any)
	code, _ = e["Code"].(string)
	requestID, _ = r["RequestId"].(string)
	return code, requestID
}

func TestHeaderErrors(t *testing.T) {
	h := newHarness(t, Options{})
	base := map[string]string{
		"Content-Type": "application/json", "X-TC-Action": "DescribeMigrationJobs", "X-TC-Version": dtsapi.Version,
		"X-TC-Timestamp": "1700000000", "X-TC-Region": testRegion,
	}
	without := func(k string) map[string]string {
		m := map[string]string{}
		for a, b := range base {
			if a != k {
				m[a] = b
			}
		}
		return m
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	tests := []struct {
		name    string
		path    string
		headers map[string]string
		status  int
		code    string
	}{
		{"missing action", "/", without("X-TC-Action"), 200, codeMissingParameter},
		{"missing version", "/", without("X-TC-Version"), 200, codeMissingParameter},
		{"missing timestamp", "/", without("X-TC-Timestamp"), 200, codeMissingParameter},
		{"missing authorization", "/", base, 200, codeInvalidAuthorization},
		{"wrong path", "/v2", base, 404, codeInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out := rawPost(t, h.srv.URL, tt.path, tt.headers, "{}")
			code, rid := envelopeError(t, out)
			if status != tt.status || code != tt.code {
				t.Fatalf("got HTTP %d %s, want HTTP %d %s (%v)", status, code, tt.status, tt.code, out)
			}
			if !uuid.MatchString(rid) {
				t.Fatalf("RequestId %q is not UUID-shaped", rid)
			}
		})
	}
	for method, want := range map[string]string{
		// A GET without parameters: signature v1, whose Action is missing.
		http.MethodGet: codeMissingParameter,
		http.MethodPut: codeUnsupportedProtocol, http.MethodDelete: codeUnsupportedProtocol,
	} {
		t.Run(method, func(t *testing.T) {
			req, _ := http.NewRequest(method, h.srv.URL+"/", nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&out)
			if code, _ := envelopeError(t, out); code != want {
				t.Fatalf("%s / answered %v, want %s", method, out, want)
			}
		})
	}
}

func TestMalformedAuthorization(t *testing.T) {
	h := newHarness(t, Options{})
	ts := time.Now().Unix()
	date := time.Unix(ts, 0).UTC().Format("2006-01-02")
	headers := func(auth string) map[string]string {
		return map[string]string{
			"Content-Type": "application/json", "X-TC-Action": "DescribeMigrationJobs", "X-TC-Version": dtsapi.Version,
			"X-TC-Timestamp": itoa(ts), "X-TC-Region": testRegion, "Authorization": auth,
		}
	}
	sig := strings.Repeat("a", 64)
	for name, auth := range map[string]string{
		"other algorithm":    "HMAC-SHA1 Credential=" + testID + "/" + date + "/dts/tc3_request, SignedHeaders=content-type;host, Signature=" + sig,
		"short credential":   "TC3-HMAC-SHA256 Credential=" + testID + "/dts/tc3_request, SignedHeaders=content-type;host, Signature=" + sig,
		"no host signed":     "TC3-HMAC-SHA256 Credential=" + testID + "/" + date + "/dts/tc3_request, SignedHeaders=content-type, Signature=" + sig,
		"short signature":    "TC3-HMAC-SHA256 Credential=" + testID + "/" + date + "/dts/tc3_request, SignedHeaders=content-type;host, Signature=abc",
		"scope date differs": "TC3-HMAC-SHA256 Credential=" + testID + "/2001-01-01/dts/tc3_request, SignedHeaders=content-type;host, Signature=" + sig,
	} {
		t.Run(name, func(t *testing.T) {
			_, out := rawPost(t, h.srv.URL, "/", headers(auth), "{}")
			if code, _ := envelopeError(t, out); code != codeInvalidAuthorization {
				t.Fatalf("got %v, want %s", out, codeInvalidAuthorization)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestRequestIDOnSuccess(t *testing.T) {
	h := newHarness(t, Options{Seed: 7})
	seen := map[string]bool{}
	for range 3 {
		raw, err := h.dts("DescribeMigrationJobs", nil)
		if err != nil {
			t.Fatal(err)
		}
		var r struct{ RequestId string }
		if err := json.Unmarshal(raw, &r); err != nil || r.RequestId == "" || seen[r.RequestId] {
			t.Fatalf("RequestId %q missing or repeated (%v)", r.RequestId, err)
		}
		seen[r.RequestId] = true
	}
	// The RequestIds derive from the seed: a second emulator with the same
	// seed answers the same sequence.
	h2 := newHarness(t, Options{Seed: 7})
	raw, err := h2.dts("DescribeMigrationJobs", nil)
	if err != nil {
		t.Fatal(err)
	}
	var r struct{ RequestId string }
	_ = json.Unmarshal(raw, &r)
	if !seen[r.RequestId] {
		t.Fatalf("RequestId %q of a same-seed emulator is not in %v", r.RequestId, seen)
	}
}

func TestDecodeRequestNestedPaths(t *testing.T) {
	tests := []struct {
		body, code, path string
	}{
		{`{"JobId":"d","RunMode":"immediate","MigrateOption":{"DatabaseTable":{"ObjectMode":"all"}},
		   "SrcInfo":{"Region":"r","AccessType":"cdb","DatabaseType":"mysql","NodeType":"simple"},
		   "DstInfo":{"Region":"r","AccessType":"cdb","DatabaseType":"mysql","NodeType":"simple","Info":[{}]}}`,
			codeMissingParameter, "`SrcInfo.Info`"},
		{`{"JobId":"d","RunMode":"immediate","MigrateOption":{"DatabaseTable":{}},
		   "SrcInfo":{"Region":"r","AccessType":"cdb","DatabaseType":"mysql","NodeType":"simple","Info":[{}]},
		   "DstInfo":{"Region":"r","AccessType":"cdb","DatabaseType":"mysql","NodeType":"simple","Info":[{}]}}`,
			codeMissingParameter, "`MigrateOption.DatabaseTable.ObjectMode`"},
		{`{"JobId":"d","RunMode":"immediate","MigrateOption":{"DatabaseTable":{"ObjectMode":"all"}},
		   "SrcInfo":{"Region":"r","AccessType":"cdb","DatabaseType":"mysql","NodeType":"simple","Info":[{"Port":"3306"}]},
		   "DstInfo":{"Region":"r","AccessType":"cdb","DatabaseType":"mysql","NodeType":"simple","Info":[{}]}}`,
			codeInvalidParameter, "`SrcInfo.Info.0.Port`"},
		{`{"JobId":"d","RunMode":"immediate","MigrateOption":{"DatabaseTable":{"ObjectMode":"all"}},
		   "SrcInfo":{"Region":"r","AccessType":"cdb","DatabaseType":"mysql","NodeType":"simple","Info":[{"AccountMode":"mine"}]},
		   "DstInfo":{"Region":"r","AccessType":"cdb","DatabaseType":"mysql","NodeType":"simple","Info":[{}]}}`,
			codeInvalidParameterValue, "`SrcInfo.Info.0.AccountMode`"},
		{`{"JobId":"d","RunMode":"immediate","MigrateOption":{"DatabaseTable":{"ObjectMode":"all"}},
		   "SrcInfo":{"Region":"r","AccessType":"cdb","DatabaseType":"mysql","NodeType":"simple","Info":[{"AccountMode":""}]},
		   "DstInfo":{"Region":"r","AccessType":"cdb","DatabaseType":"mysql","NodeType":"simple","Info":[{}]}}`,
			"", ""},
		{`[1]`, codeInvalidParameter, "JSON object"},
		{`{"JobId": "a"} {"JobId": "b"}`, codeInvalidParameter, "more than one"},
	}
	for _, tt := range tests {
		err := decodeRequest([]byte(tt.body), new(dtsapi.ModifyMigrationJobRequest), dtsSchema)
		switch {
		case tt.code == "" && err != nil:
			t.Errorf("%s: unexpected %v", tt.body, err)
		case tt.code != "" && (err == nil || err.Code != tt.code || !strings.Contains(err.Message, tt.path)):
			t.Errorf("%s: got %v, want %s naming %s", tt.body, err, tt.code, tt.path)
		}
	}
}

// keySet flattens the member names of a JSON document: "a", "a.b",
// "a.list[].c" (lists contribute the union of their elements' members).
func keySet(v any, prefix string, out map[string]bool) {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			out[p] = true
			keySet(val, p, out)
		}
	case []any:
		for _, item := range t {
			keySet(item, prefix+"[]", out)
		}
	}
}

// checkMembers fails unless every JSON object in v has exactly the members
// of the structure it renders (recursively, list elements included).
func checkMembers(t *testing.T, path string, v any, typ reflect.Type) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: got %T, want an object", path, v)
			return
		}
		fields := structFields(typ)
		for name, f := range fields {
			val, ok := obj[name]
			if !ok {
				t.Errorf("member %s.%s is missing", path, name)
				continue
			}
			if val == nil && nullMembers[typ.Name()+"."+name] {
				continue
			}
			checkMembers(t, path+"."+name, val, f.Type)
		}
		for name := range obj {
			if _, ok := fields[name]; !ok {
				t.Errorf("member %s.%s is not in the definition", path, name)
			}
		}
	case reflect.Slice:
		list, ok := v.([]any)
		if !ok {
			t.Errorf("%s: got %T, want a list", path, v)
			return
		}
		for i, item := range list {
			checkMembers(t, path+"."+strconv.Itoa(i), item, typ.Elem())
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			t.Errorf("%s: got %T, want a string", path, v)
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			t.Errorf("%s: got %T, want a boolean", path, v)
		}
	default:
		if _, ok := v.(float64); !ok {
			t.Errorf("%s: got %T, want a number", path, v)
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// loadSample reads a sample response of examples.zh.json from testdata.
func loadSample(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name + ".sample.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc["Response"].(map[string]any)
}

// sampleJob gives a job the configuration and progress of the
// DescribeMigrationDetail sample: configured as the sample, checked, started
// and at readyComplete, so that every list of the sample is non-empty in the
// emulator's answer too.
func sampleJob(t *testing.T, h *harness) string {
	t.Helper()
	id := h.create(map[string]any{"JobName": "test_config_api"})[0]
	h.emu.Advance(durCreating)
	b, err := os.ReadFile("testdata/DescribeMigrationDetail.sample.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Response dtsapi.DescribeMigrationDetailResponse
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Response
	// The sample's target instance is not in the catalog: use one that is.
	// Its configuration is sent as the real service read it back (ViewMode
	// none included).
	s.DstInfo.Info[0].InstanceId = ptr(dstInstance)
	h.mustDTS("ModifyMigrationJob", &dtsapi.ModifyMigrationJobRequest{
		JobId: ptr(id), RunMode: s.RunMode, ExpectRunTime: s.ExpectRunTime,
		MigrateOption: s.MigrateOption, SrcInfo: s.SrcInfo, DstInfo: s.DstInfo,
	}, nil)
	h.mutate(id, func(j *migrationJob) {
		// The sample's check skipped OptimizeCheck.
		j.Check.Skipped = []string{"OptimizeCheck"}
	})
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(time.Hour)
	h.mustJobOp("StartMigrateJob", id)
	h.emu.Advance(time.Hour)
	if st, _ := h.status(id); st != stReadyComplete {
		t.Fatalf("sample job is %s, want readyComplete", st)
	}
	return id
}

// newerThanSample are members of the definition that the (older) samples do
// not show yet.
var newerThanSample = []string{
	"RateLimitOption",
	"MigrateOption.MigrateWay", "MigrateOption.RateLimit", "MigrateOption.Consistency.ObjectMode",
	"MigrateOption.Consistency.Objects", "MigrateOption.Consistency.Options",
	"MigrateOption.DatabaseTable.Databases[].Functions", "MigrateOption.DatabaseTable.Databases[].Procedures",
	"MigrateOption.DatabaseTable.Databases[].Triggers", "MigrateOption.DatabaseTable.Databases[].Events",
	"SrcInfo.DatabaseNetEnv", "SrcInfo.ConnectType", "SrcInfo.CcnOwnerUin", "SrcInfo.Info[].SetId",
	"SrcInfo.Info[].EncryptConn",
	"DstInfo.DatabaseNetEnv", "DstInfo.ConnectType", "DstInfo.CcnOwnerUin", "DstInfo.Info[].SetId",
	"StepInfo.StepInfo[].FinishTime", "CheckStepInfo.Progress.Steps[].FinishTime",
}

func isNewer(key string) bool {
	for _, n := range newerThanSample {
		if key == n || strings.HasPrefix(key, n+".") {
			return true
		}
	}
	return false
}

func TestDetailResponseHasEveryMember(t *testing.T) {
	h := newHarness(t, Options{})
	id := sampleJob(t, h)
	raw, err := h.dts("DescribeMigrationDetail", map[string]any{"JobId": id})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	gotKeys := map[string]bool{}
	keySet(got, "", gotKeys)

	// 1. Exactly the members of the structure, recursively: zero-filled,
	// nothing missing, nothing invented.
	checkMembers(t, "Response", got, reflect.TypeFor[dtsapi.DescribeMigrationDetailResponse]())

	// 2. Every member of the real sample is there.
	sample := loadSample(t, "DescribeMigrationDetail")
	sampleKeys := map[string]bool{}
	keySet(sample, "", sampleKeys)
	for _, k := range sortedKeys(sampleKeys) {
		if !gotKeys[k] {
			t.Errorf("sample member %s is missing from the response", k)
		}
	}
	// 3. What the sample lacks is newer than the sample.
	for _, k := range sortedKeys(gotKeys) {
		if !sampleKeys[k] && !isNewer(k) {
			t.Errorf("member %s is neither in the sample nor listed as newer than it", k)
		}
	}
}

func TestListResponseMatchesSample(t *testing.T) {
	h := newHarness(t, Options{})
	sampleJob(t, h)
	raw, err := h.dts("DescribeMigrationJobs", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	gotKeys := map[string]bool{}
	keySet(got, "", gotKeys)
	sampleKeys := map[string]bool{}
	keySet(loadSample(t, "DescribeMigrationJobs"), "", sampleKeys)
	for _, k := range sortedKeys(sampleKeys) {
		if !gotKeys[k] {
			t.Errorf("sample member %s is missing from the response", k)
		}
	}
	checkMembers(t, "Response", got, reflect.TypeFor[dtsapi.DescribeMigrationJobsResponse]())

	// Values the sample shows for the same state.
	job := got["JobList"].([]any)[0].(map[string]any)
	allowed := job["Action"].(map[string]any)["AllowedAction"]
	var list []string
	for _, v := range allowed.([]any) {
		list = append(list, v.(string))
	}
	// The sample at readyComplete: view stop complete createCmpTask view
	// isolate resize (the emulator does not repeat "view").
	if want := []string{"view", "stop", "complete", "createCmpTask", "isolate", "resize"}; !slices.Equal(list, want) {
		t.Errorf("AllowedAction at readyComplete = %v, want %v", list, want)
	}
	if p := job["SrcInfo"].(map[string]any)["Info"].([]any)[0].(map[string]any)["Password"]; p != passwordMask {
		t.Errorf("password rendered as %q, want the mask", p)
	}
	for _, k := range []string{"EndTime"} {
		if job[k] != dtsapi.ZeroTime {
			t.Errorf("%s = %v, want the zero date", k, job[k])
		}
	}
	if job["TradeInfo"].(map[string]any)["ExpireTime"] != dtsapi.ZeroTime {
		t.Errorf("TradeInfo.ExpireTime = %v, want the zero date", job["TradeInfo"].(map[string]any)["ExpireTime"])
	}
	date := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)
	for _, k := range []string{"CreateTime", "UpdateTime", "StartTime"} {
		if s, _ := job[k].(string); !date.MatchString(s) || s == dtsapi.ZeroTime {
			t.Errorf("%s = %q, want a date", k, s)
		}
	}
}

func TestEncoderZeroFills(t *testing.T) {
	type inner struct {
		A *string `json:"A,omitempty"`
		B []*int64
	}
	type outer struct {
		S   *string  `json:"S,omitempty"`
		N   *uint64  `json:"N,omitempty"`
		F   *float64 `json:"F,omitempty"`
		Ok  *bool    `json:"Ok,omitempty"`
		In  *inner   `json:"In,omitempty"`
		L   []*inner `json:"L,omitempty"`
		Esc *string  `json:"Esc,omitempty"`
	}
	got := encodeResponse(&outer{Esc: ptr("<a&b> \"q\" \n")}, true)
	want := `{"Response":{"S":"","N":0,"F":0,"Ok":false,"In":{"A":"","B":[]},"L":[],"Esc":"<a&b> \"q\" \n"}}`
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if !json.Valid(got) {
		t.Fatal("invalid JSON")
	}
	// Recursive structures terminate.
	type node struct {
		Next *node `json:"Next,omitempty"`
	}
	if got := encodeResponse(&node{Next: &node{}}, true); !bytes.Equal(got, []byte(`{"Response":{"Next":{"Next":null}}}`)) {
		t.Fatalf("recursive: %s", got)
	}
}

func TestAdminPathIsNotAnAPIRequest(t *testing.T) {
	e, err := New(Options{Mode: ModeManual})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "http://localhost:8900/_emulator/health", nil)
	req.RemoteAddr = "127.0.0.1:5555"
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != 200 || len(e.Journal()) != 0 {
		t.Fatalf("health: %d %s, journal %v", rec.Code, rec.Body, e.Journal())
	}
}

// TestCheckAndCatalogResponsesMatchSamples proves that DescribeMigrationCheckJob
// and DescribeMigrateDBInstances answer exactly the members of their
// structures, every member of the real samples included.
func TestCheckAndCatalogResponsesMatchSamples(t *testing.T) {
	h := newHarness(t, Options{})
	id := configuredJob(t, h, "full")
	cfg := config(id, "full")
	node(cfg, "SrcInfo")["User"] = "root" // a warning, with a detail item, as in the sample
	h.mustCall("ModifyMigrationJob", cfg)
	h.checked(id)
	for _, tc := range []struct {
		action string
		params map[string]any
		typ    reflect.Type
	}{
		{"DescribeMigrationCheckJob", map[string]any{"JobId": id}, reflect.TypeFor[dtsapi.DescribeMigrationCheckJobResponse]()},
		{"DescribeMigrateDBInstances", map[string]any{"DatabaseType": "mysql", "MigrateRole": "src"}, reflect.TypeFor[dtsapi.DescribeMigrateDBInstancesResponse]()},
	} {
		matchesSample(t, h, tc.action, tc.params, tc.typ)
	}
}

// matchesSample calls action with params and fails unless the answer has
// exactly the members of its structure typ (zero-filled) and every member
// of the real sample (testdata/<action>.sample.json).
func matchesSample(t *testing.T, h *harness, action string, params map[string]any, typ reflect.Type) {
	t.Helper()
	raw, err := h.dts(action, params)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	checkMembers(t, action, got, typ)
	gotKeys, sampleKeys := map[string]bool{}, map[string]bool{}
	keySet(got, "", gotKeys)
	keySet(loadSample(t, action), "", sampleKeys)
	for _, k := range sortedKeys(sampleKeys) {
		if !gotKeys[k] {
			t.Errorf("%s: sample member %s is missing from the response", action, k)
		}
	}
}

// TestTradeDatesAndDumperResumeCtrlMatchSamples: the detail sample reads
// unset TradeInfo.OfflineTime and IsolateTime "" (ExpireTime the zero date),
// the list sample reads all three as the zero date; DumperResumeCtrl is no
// at readyComplete (the detail sample) and yes before.
func TestTradeDatesAndDumperResumeCtrlMatchSamples(t *testing.T) {
	h := newHarness(t, Options{})
	running := configuredJob(t, h, "full")
	h.mustJobOp("CreateMigrateCheckJob", running)
	h.emu.Advance(time.Hour)
	h.mustJobOp("StartMigrateJob", running)
	h.emu.Advance(durReadyRun)
	if d := h.detail(running); *d.Status != stRunning || *d.DumperResumeCtrl != "yes" {
		t.Fatalf("running: %s, DumperResumeCtrl %s", *d.Status, *d.DumperResumeCtrl)
	}

	id := sampleJob(t, h)
	d := h.detail(id)
	want := loadSample(t, "DescribeMigrationDetail")
	wantTrade := want["TradeInfo"].(map[string]any)
	if *d.TradeInfo.OfflineTime != wantTrade["OfflineTime"] || *d.TradeInfo.IsolateTime != wantTrade["IsolateTime"] ||
		*d.TradeInfo.ExpireTime != wantTrade["ExpireTime"] || *d.DumperResumeCtrl != want["DumperResumeCtrl"] {
		t.Fatalf("detail: OfflineTime %q, IsolateTime %q, ExpireTime %q, DumperResumeCtrl %q; the sample: %v, %v",
			*d.TradeInfo.OfflineTime, *d.TradeInfo.IsolateTime, *d.TradeInfo.ExpireTime, *d.DumperResumeCtrl, wantTrade, want["DumperResumeCtrl"])
	}
	listTrade := loadSample(t, "DescribeMigrationJobs")["JobList"].([]any)[0].(map[string]any)["TradeInfo"].(map[string]any)
	if item := h.listed(id); *item.TradeInfo.OfflineTime != listTrade["OfflineTime"] || *item.TradeInfo.IsolateTime != listTrade["IsolateTime"] {
		t.Fatalf("list: OfflineTime %q, IsolateTime %q; the sample: %v", *item.TradeInfo.OfflineTime, *item.TradeInfo.IsolateTime, listTrade)
	}
	// Once isolated, both read the isolation time.
	h.mustJobOp("IsolateMigrateJob", id)
	h.emu.Advance(time.Minute)
	if d, item := h.detail(id), h.listed(id); *d.TradeInfo.IsolateTime == "" || *d.TradeInfo.IsolateTime != *item.TradeInfo.IsolateTime {
		t.Fatalf("isolated: detail %q, list %q", *d.TradeInfo.IsolateTime, *item.TradeInfo.IsolateTime)
	}
}
