package emulator

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func TestCreateMigrationServiceValidation(t *testing.T) {
	h := newHarness(t, Options{})
	base := map[string]any{
		"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion,
		"InstanceClass": "small",
	}
	with := func(k string, v any) map[string]any { return merged(base, map[string]any{k: v}) }
	h.wantRefusals(t, "CreateMigrationService", []refusal{
		{"target region differs from the request's", with("DstRegion", "ap-beijing"), codeInvalidParameterValue, "`DstRegion`"},
		{"source region malformed", with("SrcRegion", "Guangzhou"), codeInvalidParameterValue, "`SrcRegion`"},
		{"count 0", with("Count", 0), codeInvalidParameterValue, "`Count`"},
		{"count 16", with("Count", 16), codeInvalidParameterValue, "between 1 and 15"},
		{"name too long", with("JobName", strings.Repeat("名", 129)), codeInvalidParameterValue, "128"},
		{"empty tag key", with("Tags", []map[string]string{{"TagKey": "", "TagValue": "v"}}), codeInvalidParameterValue, "`Tags.0.TagKey`"},
		{"duplicate tag key", with("Tags", []map[string]string{{"TagKey": "a"}, {"TagKey": "a"}}), codeInvalidParameterValue, "more than once"},
		{"class outside the enum", with("InstanceClass", "micro"), codeInvalidParameterValue, "`InstanceClass`"},
	})
	if n := len(h.emu.Jobs("")); n != 0 {
		t.Fatalf("rejected purchases created %d jobs", n)
	}
	// Limits that hold: 15 jobs, a 128-character name.
	if ids := h.create(map[string]any{"Count": 15, "JobName": strings.Repeat("名", 128)}); len(ids) != 15 {
		t.Fatalf("bought %d jobs", len(ids))
	}
}

func TestCreateMigrationServiceJobs(t *testing.T) {
	h := newHarness(t, Options{})
	ids := h.create(map[string]any{"Count": 3, "JobName": "batch", "Tags": []map[string]string{{"TagKey": "team", "TagValue": "db"}}})
	shape := regexp.MustCompile(`^dts-[0-9a-z]{8}$`)
	seen := map[string]bool{}
	for _, id := range ids {
		if !shape.MatchString(id) || seen[id] {
			t.Fatalf("bad or repeated ID %q in %v", id, ids)
		}
		seen[id] = true
	}
	d := h.detail(ids[0])
	now := h.emu.JobClock().In(dtsapi.Beijing).Format(dtsapi.TimeLayout)
	if *d.Status != stCreating || *d.JobName != "batch" || *d.CreateTime != now || len(d.Tags) != 1 ||
		*d.Tags[0].TagKey != "team" || *d.SrcInfo.Region != testRegion || *d.SrcInfo.DatabaseType != "mysql" ||
		*d.TradeInfo.InstanceClass != "small" || *d.TradeInfo.PayType != "postpay" || !regexp.MustCompile(`^\d{23}$`).MatchString(*d.TradeInfo.DealName) {
		t.Fatalf("new job: %+v", d)
	}
	// The purchase is deterministic for a seed.
	again := newHarness(t, Options{}).create(map[string]any{"Count": 3})
	if !slices.Equal(ids, again) {
		t.Fatalf("same seed, different IDs: %v vs %v", ids, again)
	}
}

func TestBillingRule(t *testing.T) {
	h := newHarness(t, Options{})
	tests := []struct {
		params map[string]any
		billed bool
	}{
		{map[string]any{"InstanceClass": "medium"}, false},
		{map[string]any{"InstanceClass": "small"}, true},
		{map[string]any{"InstanceClass": "medium", "DstDatabaseType": "cynosdbmysql"}, true},
		{map[string]any{"InstanceClass": "medium", "SrcRegion": "ap-shanghai"}, true},
		{map[string]any{"InstanceClass": "medium", "SrcRegion": "ap-shanghai", "SrcDatabaseType": "mysql", "DstDatabaseType": "tdstore"}, false},
	}
	for _, tt := range tests {
		id := h.create(tt.params)[0]
		tr := h.detail(id).TradeInfo
		wantTrade, wantBilling := trNotBilled, "notBilling"
		if tt.billed {
			wantTrade, wantBilling = trNormal, "billing"
		}
		if *tr.TradeStatus != wantTrade || *tr.BillingType != wantBilling || (*tr.DealName == "") == tt.billed {
			t.Errorf("%v: %s/%s deal %q", tt.params, *tr.TradeStatus, *tr.BillingType, *tr.DealName)
		}
	}
}

func listIDs(t *testing.T, h *harness, params map[string]any) ([]string, uint64) {
	t.Helper()
	var resp dtsapi.DescribeMigrationJobsResponse
	h.mustDTS("DescribeMigrationJobs", params, &resp)
	var ids []string
	for _, j := range resp.JobList {
		ids = append(ids, *j.JobId)
	}
	return ids, *resp.TotalCount
}

func TestDescribeMigrationJobsFilters(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.create(map[string]any{"JobName": "orders-prod", "Tags": []map[string]string{{"TagKey": "env", "TagValue": "prod"}, {"TagKey": "team", "TagValue": "db"}}})[0]
	h.emu.Advance(time.Second)
	b := h.create(map[string]any{"JobName": "orders-test", "SrcDatabaseType": "redis", "DstDatabaseType": "redis",
		"Tags": []map[string]string{{"TagKey": "env", "TagValue": "test"}}})[0]
	h.emu.Advance(time.Second)
	c := h.create(map[string]any{"JobName": "billing", "SrcRegion": "ap-shanghai"})[0]
	h.emu.Advance(durCreating)
	cfg := config(c, "full")
	cfg["SrcInfo"].(map[string]any)["Region"] = "ap-shanghai"
	h.mustCall("ModifyMigrationJob", cfg)
	if err := h.emu.ForceStatus(testRegion, b, stRunning, ""); err != nil {
		t.Fatal(err)
	}
	// Another region's job is never listed here.
	other := h.client(testID, testKey, "", "ap-beijing")
	if _, err := send(other, "dts", dtsapi.Version, "CreateMigrationService", map[string]any{
		"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": "ap-beijing", "DstRegion": "ap-beijing",
		"InstanceClass": "small", "JobName": "orders-elsewhere",
	}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		params map[string]any
		want   []string
	}{
		{"all, newest first", nil, []string{c, b, a}},
		{"oldest first", map[string]any{"OrderSeq": "asc"}, []string{a, b, c}},
		{"job id", map[string]any{"JobId": b}, []string{b}},
		{"unknown job id", map[string]any{"JobId": "dts-nothere0"}, nil},
		{"name substring", map[string]any{"JobName": "orders"}, []string{b, a}},
		{"name is case-sensitive", map[string]any{"JobName": "Orders"}, nil},
		{"status any-of", map[string]any{"Status": []string{"running", "creating"}}, []string{b}},
		{"status", map[string]any{"Status": []string{"created"}}, []string{c, a}},
		{"source type", map[string]any{"SrcDatabaseType": []string{"redis"}}, []string{b}},
		{"target type", map[string]any{"DstDatabaseType": []string{"mysql", "postgresql"}}, []string{c, a}},
		{"source region", map[string]any{"SrcRegion": "ap-shanghai"}, []string{c}},
		{"target region", map[string]any{"DstRegion": testRegion}, []string{c, b, a}},
		{"source access type", map[string]any{"SrcAccessType": []string{"cdb"}}, []string{c}},
		{"target access type", map[string]any{"DstAccessType": []string{"extranet"}}, nil},
		{"source instance", map[string]any{"SrcInstanceId": srcInstance}, []string{c}},
		{"target instance", map[string]any{"DstInstanceId": dstInstance}, []string{c}},
		{"run mode", map[string]any{"RunMode": "immediate"}, []string{c}},
		{"tag key", map[string]any{"TagFilters": []map[string]any{{"TagKey": "env"}}}, []string{b, a}},
		{"tag value any-of", map[string]any{"TagFilters": []map[string]any{{"TagKey": "env", "TagValue": []string{"prod", "stage"}}}}, []string{a}},
		{"tag filters AND-ed", map[string]any{"TagFilters": []map[string]any{{"TagKey": "env"}, {"TagKey": "team", "TagValue": []string{"db"}}}}, []string{a}},
		{"filters AND-ed", map[string]any{"JobName": "orders", "Status": []string{"created"}}, []string{a}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := listIDs(t, h, tt.params)
			if !slices.Equal(got, tt.want) || total != uint64(len(tt.want)) {
				t.Fatalf("got %v (TotalCount %d), want %v", got, total, tt.want)
			}
		})
	}
}

func TestDescribeMigrationJobsPaging(t *testing.T) {
	h := newHarness(t, Options{})
	ids := h.create(map[string]any{"Count": 15})
	h.create(map[string]any{"Count": 10})
	all, total := listIDs(t, h, map[string]any{"OrderSeq": "asc", "Limit": 100})
	if total != 25 || len(all) != 25 || !slices.Equal(all[:15], ids) {
		t.Fatalf("asc by creation: %v", all)
	}
	def, total := listIDs(t, h, nil)
	if len(def) != 20 || total != 25 {
		t.Fatalf("default page: %d of %d", len(def), total)
	}
	page, total := listIDs(t, h, map[string]any{"OrderSeq": "asc", "Offset": 20, "Limit": 10})
	if !slices.Equal(page, all[20:]) || total != 25 {
		t.Fatalf("last page: %v (total %d)", page, total)
	}
	beyond, total := listIDs(t, h, map[string]any{"Offset": 30})
	if len(beyond) != 0 || total != 25 {
		t.Fatalf("beyond the end: %v (total %d)", beyond, total)
	}
	for _, limit := range []int{0, 101} {
		_, err := h.dts("DescribeMigrationJobs", map[string]any{"Limit": limit})
		wantCode(t, err, codeInvalidParameterValue)
	}
}

func TestDescribeMigrationDetailNotFound(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	other := h.client(testID, testKey, "", "ap-beijing")
	// A job exists in one region only.
	_, err := send(other, "dts", dtsapi.Version, "DescribeMigrationDetail", map[string]any{"JobId": id})
	if msg := wantCode(t, err, codeResourceNotFound); !strings.Contains(msg, id) {
		t.Fatalf("message %q", msg)
	}
}

func TestScrubSecrets(t *testing.T) {
	in := &dtsapi.DBEndpointInfo{Info: []*dtsapi.DBInfo{{User: ptr("u"), Password: ptr("p"), TmpSecretId: ptr("id"), TmpSecretKey: ptr("k")}}}
	out := scrubSecrets(in)
	if *out.Info[0].Password != passwordMask || *out.Info[0].TmpSecretKey != passwordMask || *out.Info[0].TmpSecretId != "id" || *out.Info[0].User != "u" {
		t.Fatalf("%+v", out.Info[0])
	}
	if *in.Info[0].Password != "p" {
		t.Fatal("scrubSecrets changed its input")
	}
}

// Unbilled links accept only the medium class.
func TestUnbilledLinksAcceptOnlyMedium(t *testing.T) {
	h := newHarness(t, Options{})
	msg := wantCode(t, h.call("CreateMigrationService", map[string]any{
		"SrcDatabaseType": "mysql", "DstDatabaseType": "tdstore", "SrcRegion": testRegion, "DstRegion": testRegion,
		"InstanceClass": "large",
	}), codeInvalidParameterValue)
	if !strings.Contains(msg, "InstanceClass") || !strings.Contains(msg, "medium") {
		t.Fatalf("message %q must name InstanceClass and medium", msg)
	}
	if jobs := h.emu.Jobs(testRegion); len(jobs) != 0 {
		t.Fatalf("a refused purchase bought %d jobs", len(jobs))
	}
}
