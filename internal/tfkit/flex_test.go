package tfkit

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"DbName": "db_name", "DBMode": "db_mode", "OnlineDDL": "online_ddl", "CvmInstanceId": "cvm_instance_id",
		"UniqVpnGwId": "uniq_vpn_gw_id", "IsDstReadOnly": "is_dst_read_only", "DDLTopicName": "ddl_topic_name",
		"Ip": "ip", "AutoRetryTimeRangeMinutes": "auto_retry_time_range_minutes", "DumpRps": "dump_rps",
		"SrcInfos": "src_infos", "Region": "region", "ExtraAttr": "extra_attr",
	} {
		if got := SnakeCase(in); got != want {
			t.Errorf("SnakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

type testNode struct {
	Host              types.String `tfsdk:"host"`
	Port              types.Int64  `tfsdk:"port"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
	AccountRole       types.String `tfsdk:"account_role"`
}

type testEndpoint struct {
	Region    types.String      `tfsdk:"region"`
	ExtraAttr map[string]string `tfsdk:"extra_attr"`
	Info      []testNode        `tfsdk:"info"`
}

type testRateLimit struct {
	DumpThread types.Int64 `tfsdk:"dump_thread"`
	LoadRps    types.Int64 `tfsdk:"load_rps"`
}

type testJob struct {
	Name          types.String          `tfsdk:"name"`
	RunMode       types.String          `tfsdk:"run_mode"`
	ExpectRunTime Time                  `tfsdk:"expect_run_time"`
	SrcInfo       *testEndpoint         `tfsdk:"src_info"`
	State         types.String          `tfsdk:"state"`
	RateLimit     Object[testRateLimit] `tfsdk:"rate_limit"`
	AutoRetry     types.Int64           `tfsdk:"auto_retry_time_range_minutes"`
}

// testRequest mirrors the members a test job pairs with.
type testRequest struct {
	JobName                   *string                      `json:"JobName,omitempty"`
	RunMode                   *string                      `json:"RunMode,omitempty"`
	ExpectRunTime             *string                      `json:"ExpectRunTime,omitempty"`
	SrcInfo                   *dtsapi.DBEndpointInfo       `json:"SrcInfo,omitempty"`
	RateLimit                 *dtsapi.RateLimit            `json:"RateLimit,omitempty"`
	AutoRetryTimeRangeMinutes *int64                       `json:"AutoRetryTimeRangeMinutes,omitempty"`
	Tags                      []*dtsapi.TagItem            `json:"Tags,omitempty"`
	Unrelated                 []*dtsapi.KeyValuePairOption `json:"Unrelated,omitempty"`
}

func TestExpandPairsByNameWithTheExceptions(t *testing.T) {
	ctx := context.Background()
	rl, _ := ObjectOf(ctx, &testRateLimit{DumpThread: types.Int64Value(4), LoadRps: types.Int64Null()})
	plan := &testJob{
		Name: types.StringValue("orders"), RunMode: types.StringValue(""), ExpectRunTime: TimeValue("2026-12-01T02:00:00Z"),
		SrcInfo: &testEndpoint{Region: types.StringValue("ap-guangzhou"), ExtraAttr: map[string]string{"b": "2", "a": "1"},
			Info: []testNode{{Host: types.StringValue("h"), Port: types.Int64Value(3306), PasswordWOVersion: types.Int64Value(2),
				AccountRole: types.StringUnknown()}}},
		State: types.StringValue("running"), RateLimit: rl, AutoRetry: types.Int64Value(0),
	}
	config := &testJob{SrcInfo: &testEndpoint{Info: []testNode{{PasswordWO: types.StringValue("s3cret")}}}}
	var req testRequest
	if err := Expand(ctx, plan, &req, WithSecrets(config)); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(req)
	want := `{"JobName":"orders","ExpectRunTime":"2026-12-01 10:00:00","SrcInfo":{"Region":"ap-guangzhou","Info":[{"Host":"h","Port":3306,"Password":"s3cret"}],` +
		`"ExtraAttr":[{"Key":"a","Value":"1"},{"Key":"b","Value":"2"}]},"RateLimit":{"DumpThread":4},"AutoRetryTimeRangeMinutes":0}`
	if string(got) != want {
		t.Errorf("Expand:\n got %s\nwant %s", got, want)
	}
	var noSecret testRequest
	if err := Expand(ctx, plan, &noSecret); err != nil {
		t.Fatal(err)
	}
	if noSecret.SrcInfo.Info[0].Password != nil {
		t.Error("a write-only value was sent without WithSecrets")
	}
}

func TestFlattenKeepsWhatTheAPIDoesNotHold(t *testing.T) {
	ctx := context.Background()
	prior := &testJob{
		State: types.StringValue("paused"), ExpectRunTime: TimeValue("2026-12-01T02:00:00Z"),
		SrcInfo: &testEndpoint{Info: []testNode{{PasswordWOVersion: types.Int64Value(3)}}},
	}
	wire := &testRequest{
		JobName: Ptr("orders"), RunMode: Ptr(""), ExpectRunTime: Ptr("2026-12-01 10:00:00"),
		SrcInfo: &dtsapi.DBEndpointInfo{Region: Ptr("ap-guangzhou"), Info: []*dtsapi.DBInfo{
			{Host: Ptr("h"), Port: Ptr(uint64(3306)), Password: Ptr("xxxxxxxx")}, {Host: Ptr("h2")}}},
		RateLimit: &dtsapi.RateLimit{DumpThread: Ptr(int64(4))},
	}
	var out testJob
	if err := Flatten(ctx, wire, &out, WithPrior(prior)); err != nil {
		t.Fatal(err)
	}
	checks := map[string]bool{
		"name":                    out.Name.ValueString() == "orders",
		"empty string is null":    out.RunMode.IsNull(),
		"same instant kept":       out.ExpectRunTime.ValueString() == "2026-12-01T02:00:00Z",
		"state kept":              out.State.ValueString() == "paused",
		"port":                    out.SrcInfo.Info[0].Port.ValueInt64() == 3306,
		"password never read":     out.SrcInfo.Info[0].PasswordWO.IsNull(),
		"version kept":            out.SrcInfo.Info[0].PasswordWOVersion.ValueInt64() == 3,
		"new node has no version": out.SrcInfo.Info[1].PasswordWOVersion.IsNull(),
		"absent map is null":      out.SrcInfo.ExtraAttr == nil,
		"absent number is null":   out.AutoRetry.IsNull(),
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("%s: %+v", what, out)
		}
	}
	rl, _ := out.RateLimit.Get(ctx)
	if rl == nil || rl.DumpThread.ValueInt64() != 4 || !rl.LoadRps.IsNull() {
		t.Errorf("rate limit %+v", rl)
	}
	if out.SrcInfo == prior.SrcInfo || &out.SrcInfo.Info[0] == &prior.SrcInfo.Info[0] {
		t.Error("Flatten shares memory with the prior model")
	}
}

// A configured "" reads back as "" where the API answers "" or nothing
// (Expand never sends it), not as null; a value the API reports wins, and
// without a prior "" an empty string is still null.
func TestFlattenKeepsConfiguredEmptyStrings(t *testing.T) {
	ctx := context.Background()
	prior := &testJob{Name: types.StringValue(""), RunMode: types.StringValue(""), State: types.StringValue(""),
		SrcInfo: &testEndpoint{Region: types.StringValue(""), Info: []testNode{{Host: types.StringValue(""), AccountRole: types.StringValue("")}}}}
	wire := &testRequest{JobName: Ptr("orders"), RunMode: Ptr(""),
		SrcInfo: &dtsapi.DBEndpointInfo{Info: []*dtsapi.DBInfo{{Host: Ptr("")}, {Host: Ptr("")}}}}
	var out testJob
	if err := Flatten(ctx, wire, &out, WithPrior(prior)); err != nil {
		t.Fatal(err)
	}
	empty := func(v types.String) bool { return !v.IsNull() && v.ValueString() == "" }
	for what, ok := range map[string]bool{
		"reported value wins":       out.Name.ValueString() == "orders",
		"reported \"\" keeps \"\"":  empty(out.RunMode),
		"absent keeps \"\"":         empty(out.SrcInfo.Region),
		"nested \"\" kept":          empty(out.SrcInfo.Info[0].Host) && empty(out.SrcInfo.Info[0].AccountRole),
		"no prior: \"\" is null":    out.SrcInfo.Info[1].Host.IsNull(),
		"kept attribute stays \"\"": empty(out.State),
	} {
		if !ok {
			t.Errorf("%s: %+v %+v", what, out, out.SrcInfo)
		}
	}
}

func TestFlattenZeroFill(t *testing.T) {
	ctx := context.Background()
	var out testJob
	if err := Flatten(ctx, &testRequest{SrcInfo: &dtsapi.DBEndpointInfo{}}, &out, ZeroFill()); err != nil {
		t.Fatal(err)
	}
	if out.Name.IsNull() || out.Name.ValueString() != "" || out.SrcInfo.ExtraAttr == nil || out.SrcInfo.Info == nil ||
		out.AutoRetry.IsNull() || !out.ExpectRunTime.IsNull() {
		t.Errorf("zero fill: %+v %+v", out, out.SrcInfo)
	}
}

type testSubscription struct {
	PayMode   types.String `tfsdk:"pay_mode"`
	AutoRenew types.Bool   `tfsdk:"auto_renew"`
}

func TestNumberedExceptions(t *testing.T) {
	ctx := context.Background()
	var req dtsapi.CreateSubscribeRequest
	if err := Expand(ctx, &testSubscription{PayMode: types.StringValue("PostPay"), AutoRenew: types.BoolValue(true)}, &req); err != nil {
		t.Fatal(err)
	}
	if *req.PayType != 1 || *req.AutoRenew != 1 {
		t.Errorf("PayType %d AutoRenew %d", *req.PayType, *req.AutoRenew)
	}
	var out testSubscription
	if err := Flatten(ctx, &dtsapi.SubscribeInfo{PayType: Ptr(int64(0)), AutoRenewFlag: Ptr(int64(0))}, &out); err != nil {
		t.Fatal(err)
	}
	if out.PayMode.ValueString() != "PrePay" || out.AutoRenew.ValueBool() {
		t.Errorf("flatten %+v", out)
	}
	if err := Flatten(ctx, &dtsapi.SubscribeInfo{PayType: Ptr(int64(7))}, &out); err == nil {
		t.Error("an unknown number was read")
	}
}

type testSubsObject struct {
	ObjectType types.String `tfsdk:"object_type"`
	Database   types.String `tfsdk:"database"`
	Tables     []string     `tfsdk:"tables"`
}

type testSubsConfig struct {
	Name             types.String     `tfsdk:"name"`
	SubscribeMode    types.String     `tfsdk:"subscribe_mode"`
	SubscribeObjects []testSubsObject `tfsdk:"subscribe_objects"`
}

// ModifySubscribeObjects speaks its own dialect: the mode and the object
// types as numbers, the objects as ModifiedSubscribeObject; the same model
// configures (ConfigureSubscribeJob) and reads back (the detail) in words.
func TestSubscriptionDialects(t *testing.T) {
	ctx := context.Background()
	m := &testSubsConfig{Name: types.StringValue("orders"), SubscribeMode: types.StringValue("dmlAndDdl"), SubscribeObjects: []testSubsObject{
		{ObjectType: types.StringValue("database"), Database: types.StringValue("shop")},
		{ObjectType: types.StringValue("table"), Database: types.StringValue("crm"), Tables: []string{"users"}},
	}}
	var mod dtsapi.ModifySubscribeObjectsRequest
	if err := Expand(ctx, m, &mod); err != nil {
		t.Fatal(err)
	}
	if *mod.SubscribeObjectType != 3 || len(mod.Objects) != 2 || *mod.Objects[0].ObjectsType != 0 || *mod.Objects[1].ObjectsType != 1 ||
		*mod.Objects[1].DatabaseName != "crm" || *mod.Objects[1].TableNames[0] != "users" {
		b, _ := json.Marshal(&mod)
		t.Fatalf("ModifySubscribeObjects: %s", b)
	}
	var buy dtsapi.CreateSubscribeRequest
	if err := Expand(ctx, m, &buy); err != nil || Str(buy.Name) != "orders" {
		t.Fatalf("CreateSubscribe Name %v: %v", buy.Name, err)
	}
	var cfg dtsapi.ConfigureSubscribeJobRequest
	if err := Expand(ctx, m, &cfg); err != nil {
		t.Fatal(err)
	}
	if *cfg.SubscribeMode != "dmlAndDdl" || *cfg.SubscribeObjects[1].ObjectType != "table" || *cfg.SubscribeObjects[1].Database != "crm" {
		b, _ := json.Marshal(&cfg)
		t.Fatalf("ConfigureSubscribeJob: %s", b)
	}
	for n, want := range map[int64]string{0: "all", 4: "database", 5: "collection"} {
		var out testSubsConfig
		if err := Flatten(ctx, &dtsapi.ModifySubscribeObjectsRequest{SubscribeObjectType: Ptr(n)}, &out); err != nil || out.SubscribeMode.ValueString() != want {
			t.Errorf("SubscribeObjectType %d reads %q (%v), want %q", n, out.SubscribeMode.ValueString(), err, want)
		}
	}
}

type embeddedFields struct {
	Host types.String      `tfsdk:"host"`
	Tags map[string]string `tfsdk:"tags_map"`
}

type withEmbedded struct {
	embeddedFields
	Port types.Int64 `tfsdk:"port"`
}

func TestCloneCopiesEmbeddedStructs(t *testing.T) {
	in := &withEmbedded{embeddedFields: embeddedFields{Host: types.StringValue("h"), Tags: map[string]string{"a": "b"}}, Port: types.Int64Value(1)}
	out := Clone(in)
	if out.Host.ValueString() != "h" || out.Port.ValueInt64() != 1 || out.Tags["a"] != "b" {
		t.Fatalf("clone: %+v", out)
	}
	out.Tags["a"] = "changed"
	if in.Tags["a"] != "b" {
		t.Fatal("the clone shares a map with the original")
	}
}
