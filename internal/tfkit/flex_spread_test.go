package tfkit

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

type testSyncNode struct {
	Ip                types.String `tfsdk:"ip"`
	Port              types.Int64  `tfsdk:"port"`
	Role              types.String `tfsdk:"role"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

type testSyncEndpoint struct {
	Region       types.String   `tfsdk:"region"`
	AccessType   types.String   `tfsdk:"access_type"`
	DatabaseType types.String   `tfsdk:"database_type"`
	NodeType     types.String   `tfsdk:"node_type"`
	ConnectType  types.String   `tfsdk:"connect_type"`
	Info         []testSyncNode `tfsdk:"info"`
}

type testSyncJob struct {
	Name    types.String      `tfsdk:"name"`
	SrcInfo *testSyncEndpoint `tfsdk:"src_info"`
}

func syncEndpoint(nodeType string, nodes ...testSyncNode) *testSyncEndpoint {
	return &testSyncEndpoint{Region: types.StringValue("ap-guangzhou"), AccessType: types.StringValue("extranet"),
		DatabaseType: types.StringValue("tdsqlmysql"), NodeType: types.StringValue(nodeType), ConnectType: types.StringValue("proxy"), Info: nodes}
}

// An endpoint is spread over the parent where the API spreads it: the node
// type chooses SrcInfo or SrcInfos, and a purchase takes only region and type.
func TestSpreadEndpoint(t *testing.T) {
	ctx := context.Background()
	node := testSyncNode{Ip: types.StringValue("10.0.0.1"), Port: types.Int64Value(3306), Role: types.StringValue("proxy"), PasswordWOVersion: types.Int64Value(1)}
	secret := testSyncNode{PasswordWO: types.StringValue("pw")}
	for _, tc := range []struct {
		nodeType, want string
	}{
		{"single", `{"SrcAccessType":"extranet","SrcConnectType":"proxy","SrcInfo":{"Region":"ap-guangzhou","Role":"proxy","Ip":"10.0.0.1","Port":3306,"Password":"pw"},"SrcNodeType":"single"}`},
		{"cluster", `{"SrcAccessType":"extranet","SrcConnectType":"proxy","SrcInfos":{"Region":"ap-guangzhou","AccessType":"extranet","DatabaseType":"tdsqlmysql","Info":[{"Region":"ap-guangzhou","Role":"proxy","Ip":"10.0.0.1","Port":3306,"Password":"pw"},{"Region":"ap-guangzhou","Role":"proxy","Ip":"10.0.0.1","Port":3306}]},"SrcNodeType":"cluster"}`},
	} {
		plan := &testSyncJob{SrcInfo: syncEndpoint(tc.nodeType, node, node)}
		config := &testSyncJob{SrcInfo: &testSyncEndpoint{Info: []testSyncNode{secret}}}
		var req dtsapi.ConfigureSyncJobRequest
		if err := Expand(ctx, plan, &req, WithSecrets(config)); err != nil {
			t.Fatal(err)
		}
		if got, _ := json.Marshal(req); string(got) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.nodeType, got, tc.want)
		}
	}
	var buy dtsapi.CreateSyncJobRequest
	if err := Expand(ctx, &testSyncJob{Name: types.StringValue("j"), SrcInfo: syncEndpoint("single", node)}, &buy); err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(buy); string(got) != `{"SrcDatabaseType":"tdsqlmysql","SrcRegion":"ap-guangzhou","JobName":"j"}` {
		t.Errorf("purchase: %s", got)
	}
}

// Flatten reads the nodes from SrcInfos or SrcInfo and keeps what the API
// does not report (connect_type, the versions of secrets).
func TestSpreadEndpointFlatten(t *testing.T) {
	ctx := context.Background()
	prior := &testSyncJob{SrcInfo: syncEndpoint("cluster", testSyncNode{PasswordWOVersion: types.Int64Value(7)})}
	wire := &dtsapi.SyncJobInfo{SrcRegion: Ptr("ap-guangzhou"), SrcAccessType: Ptr("extranet"), SrcDatabaseType: Ptr("tdsqlmysql"),
		SrcNodeType: Ptr("cluster"), SrcInfo: &dtsapi.Endpoint{},
		SrcInfos: &dtsapi.SyncDBEndpointInfos{Info: []*dtsapi.Endpoint{{Ip: Ptr("10.0.0.1"), Password: Ptr("")}, {Ip: Ptr("10.0.0.2")}}}}
	var out testSyncJob
	if err := Flatten(ctx, wire, &out, WithPrior(prior)); err != nil {
		t.Fatal(err)
	}
	e := out.SrcInfo
	if e == nil || e.ConnectType.ValueString() != "proxy" || e.NodeType.ValueString() != "cluster" || len(e.Info) != 2 ||
		e.Info[1].Ip.ValueString() != "10.0.0.2" || e.Info[0].PasswordWOVersion.ValueInt64() != 7 || !e.Info[0].PasswordWO.IsNull() {
		t.Fatalf("flattened %+v", e)
	}
	wire.SrcInfos, wire.SrcInfo, wire.SrcNodeType = nil, &dtsapi.Endpoint{Ip: Ptr("10.0.0.9")}, Ptr("single")
	if err := Flatten(ctx, wire, &out, WithPrior(prior)); err != nil || len(out.SrcInfo.Info) != 1 || out.SrcInfo.Info[0].Ip.ValueString() != "10.0.0.9" {
		t.Fatalf("single: %v %+v", err, out.SrcInfo)
	}
}
