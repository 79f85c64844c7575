package emulator

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// node returns the first Info node of an endpoint of a configuration.
func node(cfg map[string]any, side string) map[string]any {
	return cfg[side].(map[string]any)["Info"].([]map[string]any)[0]
}

func TestModifyMigrationJobValidation(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	tests := []struct {
		name   string
		change func(cfg map[string]any)
		code   string
		names  string // substring of the message
	}{
		{"source type differs from the purchase", func(c map[string]any) { c["SrcInfo"].(map[string]any)["DatabaseType"] = "percona" },
			codeInvalidParameterValue, "`SrcInfo.DatabaseType`"},
		{"target type differs from the purchase", func(c map[string]any) { c["DstInfo"].(map[string]any)["DatabaseType"] = "mariadb" },
			codeInvalidParameterValue, "`DstInfo.DatabaseType`"},
		{"source region differs from the purchase", func(c map[string]any) { c["SrcInfo"].(map[string]any)["Region"] = "ap-beijing" },
			codeInvalidParameterValue, "`SrcInfo.Region`"},
		{"target region differs from the request", func(c map[string]any) { c["DstInfo"].(map[string]any)["Region"] = "ap-shanghai" },
			codeInvalidParameterValue, "`DstInfo.Region`"},
		{"timed without a start time", func(c map[string]any) { c["RunMode"] = "timed" },
			codeMissingParameter, "`ExpectRunTime`"},
		{"start time in RFC 3339", func(c map[string]any) { c["RunMode"], c["ExpectRunTime"] = "timed", "2026-05-01T10:00:00+08:00" },
			codeInvalidParameterValue, "`ExpectRunTime`"},
		{"start time not a date", func(c map[string]any) { c["ExpectRunTime"] = "tomorrow" },
			codeInvalidParameterValue, "`ExpectRunTime`"},
		{"run mode outside the enum", func(c map[string]any) { c["RunMode"] = "later" },
			codeInvalidParameterValue, "`RunMode`"},
		{"retry window too short", func(c map[string]any) { c["AutoRetryTimeRangeMinutes"] = 4 },
			codeInvalidParameterValue, "`AutoRetryTimeRangeMinutes`"},
		{"retry window too long", func(c map[string]any) { c["AutoRetryTimeRangeMinutes"] = 721 },
			codeInvalidParameterValue, "`AutoRetryTimeRangeMinutes`"},
		{"rate limit at configure time", func(c map[string]any) {
			c["MigrateOption"].(map[string]any)["RateLimit"] = map[string]any{"DumpThread": 4}
		}, codeInvalidParameterValue, "ModifyMigrateRateLimit once the job runs"},
		{"redis write mode outside the enum", func(c map[string]any) {
			c["MigrateOption"].(map[string]any)["ExtraAttr"] = []map[string]string{{"Key": "DstWriteMode", "Value": "append"}}
		}, codeInvalidParameterValue, "`MigrateOption.ExtraAttr.0.Value`"},
		{"name too long", func(c map[string]any) { c["JobName"] = strings.Repeat("n", 129) },
			codeInvalidParameterValue, "`JobName`"},
		{"duplicate tags", func(c map[string]any) { c["Tags"] = []map[string]string{{"TagKey": "a"}, {"TagKey": "a"}} },
			codeInvalidParameterValue, "more than once"},
		{"missing target", func(c map[string]any) { delete(c, "DstInfo") },
			codeMissingParameter, "`DstInfo`"},
	}
	// Per access type, the members each node needs.
	access := []struct {
		access string
		full   map[string]any
		needs  []string
	}{
		{"cdb", map[string]any{"InstanceId": srcInstance}, []string{"InstanceId"}},
		{"extranet", map[string]any{"Host": "db.example.com", "Port": 3306}, []string{"Host", "Port"}},
		{"ipv6", map[string]any{"Host": "2001:db8::1", "Port": 3306}, []string{"Host", "Port"}},
		{"intranet", map[string]any{"Host": "10.0.0.1", "Port": 3306}, []string{"Host", "Port"}},
		{"cvm", map[string]any{"Host": "10.0.0.1", "Port": 3306, "CvmInstanceId": "ins-olgl39y8"}, []string{"Host", "Port", "CvmInstanceId"}},
		{"vpc", map[string]any{"Host": "10.0.0.1", "Port": 3306, "VpcId": "vpc-92jblxto", "SubnetId": "subnet-3paxmkdz"},
			[]string{"Host", "Port", "VpcId", "SubnetId"}},
		{"vpncloud", map[string]any{"Host": "10.0.0.1", "Port": 3306, "VpcId": "vpc-1", "SubnetId": "subnet-1", "UniqVpnGwId": "vpngw-9ghexg7q"},
			[]string{"Host", "Port", "VpcId", "SubnetId", "UniqVpnGwId"}},
		{"dcg", map[string]any{"Host": "10.0.0.1", "Port": 3306, "VpcId": "vpc-1", "SubnetId": "subnet-1", "UniqDcgId": "dcg-0rxtqqxb"},
			[]string{"Host", "Port", "VpcId", "SubnetId", "UniqDcgId"}},
		{"ccn", map[string]any{"Host": "10.0.0.1", "Port": 3306, "VpcId": "vpc-1", "SubnetId": "subnet-1"},
			[]string{"Host", "Port", "VpcId", "SubnetId"}},
	}
	for _, a := range access {
		for _, missing := range a.needs {
			tests = append(tests, struct {
				name   string
				change func(cfg map[string]any)
				code   string
				names  string
			}{"access " + a.access + " without " + missing, func(c map[string]any) {
				src := c["SrcInfo"].(map[string]any)
				src["AccessType"] = a.access
				if a.access == "ccn" {
					src["DatabaseNetEnv"] = "UserIDC"
				}
				n := map[string]any{"User": "u"}
				for k, v := range a.full {
					if k != missing {
						n[k] = v
					}
				}
				src["Info"] = []map[string]any{n}
			}, codeMissingParameter, "`SrcInfo.Info.0." + missing + "`"})
		}
	}
	tests = append(tests, struct {
		name   string
		change func(cfg map[string]any)
		code   string
		names  string
	}{"ccn without DatabaseNetEnv", func(c map[string]any) {
		c["DstInfo"].(map[string]any)["AccessType"] = "ccn"
		c["DstInfo"].(map[string]any)["Info"] = []map[string]any{{"Host": "10.0.0.1", "Port": 3306, "VpcId": "vpc-1", "SubnetId": "subnet-1"}}
	}, codeMissingParameter, "`DstInfo.DatabaseNetEnv`"})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config(id, "full")
			tt.change(cfg)
			msg := wantCode(t, h.call("ModifyMigrationJob", cfg), tt.code)
			if !strings.Contains(msg, tt.names) {
				t.Fatalf("message %q does not contain %s", msg, tt.names)
			}
		})
	}
	// Nothing was stored: the job is still unconfigured.
	wantAllowed(t, h, id, "view", "configure", "isolate", "resize")

	// Every complete access type is accepted.
	for _, a := range access {
		cfg := config(id, "full")
		src := cfg["SrcInfo"].(map[string]any)
		src["AccessType"], src["Info"] = a.access, []map[string]any{a.full}
		if a.access == "ccn" {
			src["DatabaseNetEnv"] = "TencentVPC"
		}
		h.mustCall("ModifyMigrationJob", cfg)
	}
	// Limits that hold.
	for _, minutes := range []int{0, 5, 720} {
		cfg := config(id, "full")
		cfg["AutoRetryTimeRangeMinutes"] = minutes
		h.mustCall("ModifyMigrationJob", cfg)
		if got := *h.listed(id).AutoRetryTimeRangeMinutes; got != int64(minutes) {
			t.Fatalf("AutoRetryTimeRangeMinutes = %d, want %d", got, minutes)
		}
	}
}

// listed returns the job as DescribeMigrationJobs lists it.
func (h *harness) listed(id string) *dtsapi.JobItem {
	h.t.Helper()
	var resp dtsapi.DescribeMigrationJobsResponse
	h.mustDTS("DescribeMigrationJobs", map[string]any{"JobId": id}, &resp)
	if len(resp.JobList) != 1 {
		h.t.Fatalf("job %s listed %d times", id, len(resp.JobList))
	}
	return resp.JobList[0]
}

func TestTdsqlSetNodeNeedsSetID(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(map[string]any{"SrcDatabaseType": "tdsqlmysql", "DstDatabaseType": "tdsqlmysql"})[0]
	h.emu.Advance(durCreating)
	cfg := config(id, "full")
	src := cfg["SrcInfo"].(map[string]any)
	src["DatabaseType"], src["AccessType"], src["NodeType"], src["ConnectType"] = "tdsqlmysql", "extranet", "cluster", "set"
	src["Info"] = []map[string]any{
		{"Role": "proxy", "Host": "proxy.example.com", "Port": 15001, "User": "u"},
		{"Role": "set", "Host": "set1.example.com", "Port": 4001, "User": "u"},
	}
	cfg["DstInfo"].(map[string]any)["DatabaseType"] = "tdsqlmysql"
	node(cfg, "DstInfo")["InstanceId"] = "cdb-tm0001"
	node(cfg, "DstInfo")["Role"] = "proxy"
	msg := wantCode(t, h.call("ModifyMigrationJob", cfg), codeMissingParameter)
	if !strings.Contains(msg, "`SrcInfo.Info.1.SetId`") {
		t.Fatalf("message %q", msg)
	}
	src["Info"].([]map[string]any)[1]["SetId"] = "set_1"
	h.mustCall("ModifyMigrationJob", cfg)
}

// TestConfigurationEcho proves what DescribeMigrationDetail and
// DescribeMigrationJobs read back: the configuration as sent, with the
// documented defaults filled in where it left members unset, and nothing
// else; secrets masked.
func TestConfigurationEcho(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(map[string]any{"JobName": "bought", "Tags": []map[string]string{{"TagKey": "old", "TagValue": "1"}}})[0]
	h.emu.Advance(durCreating)
	// Before any configuration: only what the purchase knows.
	d := h.detail(id)
	if *d.RunMode != "" || *d.MigrateOption.MigrateType != "" || *d.SrcInfo.AccessType != "" || *d.SrcInfo.Region != testRegion ||
		*d.SrcInfo.DatabaseType != "mysql" || len(d.SrcInfo.Info) != 0 || *d.ExpectRunTime != "" {
		t.Fatalf("unconfigured job: %+v", d)
	}

	cfg := map[string]any{
		"JobId":   id,
		"RunMode": "immediate",
		"MigrateOption": map[string]any{
			"DatabaseTable": map[string]any{"ObjectMode": "partial", "Databases": []map[string]any{{"DbName": "shop", "DBMode": "all"}}},
			"IsDstReadOnly": false,
		},
		"SrcInfo": map[string]any{"Region": testRegion, "AccessType": "extranet", "DatabaseType": "mysql", "NodeType": "simple",
			"Info": []map[string]any{{"Host": "db.example.com", "Port": 3306, "User": "migrator", "Password": "Src-Pa55word"}}},
		"DstInfo": map[string]any{"Region": testRegion, "AccessType": "cdb", "DatabaseType": "mysql", "NodeType": "simple",
			"Supplier": "aws",
			"Info": []map[string]any{{"InstanceId": dstInstance, "User": "writer", "Password": "Dst-Pa55word", "EngineVersion": "8.0",
				"EncryptConn": "Encrypted", "AccountMode": "self"}}},
		"AutoRetryTimeRangeMinutes": 30,
	}
	h.mustCall("ModifyMigrationJob", cfg)

	mask := passwordMask
	wantSrc := &dtsapi.DBEndpointInfo{Region: ptr(testRegion), AccessType: ptr("extranet"), DatabaseType: ptr("mysql"), NodeType: ptr("simple"),
		Info: []*dtsapi.DBInfo{{Host: ptr("db.example.com"), Port: ptr[uint64](3306), User: ptr("migrator"), Password: &mask,
			EncryptConn: ptr("UnEncrypted")}}}
	wantDst := &dtsapi.DBEndpointInfo{Region: ptr(testRegion), AccessType: ptr("cdb"), DatabaseType: ptr("mysql"), NodeType: ptr("simple"),
		Supplier: ptr("aws"),
		Info: []*dtsapi.DBInfo{{InstanceId: ptr(dstInstance), User: ptr("writer"), Password: &mask, EngineVersion: ptr("8.0"),
			EncryptConn: ptr("Encrypted"), AccountMode: ptr("self")}}}
	wantOption := &dtsapi.MigrateOption{
		DatabaseTable: &dtsapi.DatabaseTableObject{ObjectMode: ptr("partial"), Databases: []*dtsapi.DBItem{{DbName: ptr("shop"), DBMode: ptr("all")}}},
		MigrateType:   ptr("fullAndIncrement"),
		Consistency:   &dtsapi.ConsistencyOption{Mode: ptr("notConfigured")},
		IsDstReadOnly: ptr(false),
	}

	// Compare the encoded answers: the expected structures zero-filled by the
	// same encoder, so "nothing else" is checked member by member.
	d = h.detail(id)
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"SrcInfo", d.SrcInfo, wantSrc}, {"DstInfo", d.DstInfo, wantDst}, {"MigrateOption", d.MigrateOption, wantOption},
	} {
		if g, w := zeroFilled(t, c.got), zeroFilled(t, c.want); !reflect.DeepEqual(g, w) {
			t.Errorf("%s reads back\n%s\nwant\n%s", c.what, jsonText(g), jsonText(w))
		}
	}
	if *d.RunMode != "immediate" || *d.ExpectRunTime != "" || *d.JobName != "bought" || len(d.Tags) != 1 {
		t.Errorf("run mode %q, start %q, name %q, tags %v", *d.RunMode, *d.ExpectRunTime, *d.JobName, d.Tags)
	}
	// The list shows the same endpoints and the retry window.
	item := h.listed(id)
	if !reflect.DeepEqual(zeroFilled(t, item.SrcInfo), zeroFilled(t, wantSrc)) || *item.AutoRetryTimeRangeMinutes != 30 || *item.RunMode != "immediate" {
		t.Errorf("listed: %s, retry %d", jsonText(zeroFilled(t, item.SrcInfo)), *item.AutoRetryTimeRangeMinutes)
	}
	// The raw answer never holds a password.
	raw, err := h.dts("DescribeMigrationDetail", map[string]any{"JobId": id})
	if err != nil || strings.Contains(string(raw), "Pa55word") {
		t.Fatalf("raw detail holds a password (%v)", err)
	}

	// A reconfiguration: name and tags change when given, a timed start, an
	// explicit consistency without a mode, another migration type.
	at := time.Date(2031, 1, 2, 3, 4, 5, 0, dtsapi.Beijing)
	cfg["JobName"] = "configured"
	cfg["Tags"] = []map[string]string{{"TagKey": "new", "TagValue": "2"}}
	cfg["RunMode"], cfg["ExpectRunTime"] = "timed", at.Format(dtsapi.TimeLayout)
	cfg["MigrateOption"] = map[string]any{"DatabaseTable": map[string]any{"ObjectMode": "all"}, "MigrateType": "structure",
		"Consistency": map[string]any{"ObjectMode": "sameAsMigrate"}}
	delete(cfg, "AutoRetryTimeRangeMinutes")
	h.mustCall("ModifyMigrationJob", cfg)
	d = h.detail(id)
	if *d.JobName != "configured" || len(d.Tags) != 1 || *d.Tags[0].TagKey != "new" || *d.RunMode != "timed" ||
		*d.ExpectRunTime != "2031-01-02 03:04:05" || *d.MigrateOption.MigrateType != "structure" ||
		*d.MigrateOption.Consistency.Mode != "notConfigured" || *d.MigrateOption.Consistency.ObjectMode != "sameAsMigrate" ||
		d.MigrateOption.IsDstReadOnly != nil && *d.MigrateOption.IsDstReadOnly {
		t.Fatalf("reconfigured: %s", jsonText(zeroFilled(t, d)))
	}
	if *h.listed(id).AutoRetryTimeRangeMinutes != 0 {
		t.Fatal("an absent AutoRetryTimeRangeMinutes did not turn the retry off")
	}
	// Without Tags and JobName the job keeps them; an empty Tags list clears them.
	delete(cfg, "Tags")
	delete(cfg, "JobName")
	h.mustCall("ModifyMigrationJob", cfg)
	if d = h.detail(id); *d.JobName != "configured" || len(d.Tags) != 1 {
		t.Fatalf("kept: %q %v", *d.JobName, d.Tags)
	}
	cfg["Tags"] = []map[string]string{}
	h.mustCall("ModifyMigrationJob", cfg)
	if d = h.detail(id); len(d.Tags) != 0 {
		t.Fatalf("cleared: %v", d.Tags)
	}
}

// zeroFilled renders v through the response encoder (every member present)
// and decodes it generically.
func zeroFilled(t *testing.T, v any) any {
	t.Helper()
	b := encodeResponse(v, true)
	var out struct{ Response any }
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out.Response
}

func jsonText(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// TestUnsetEndpointMembersReadBackEmpty: Supplier, AccountMode and
// EngineVersion read back "" when the configuration left them unset, for
// every database type, as the real samples show (the emulator used to
// invent others, self and a version per type).
func TestUnsetEndpointMembersReadBackEmpty(t *testing.T) {
	h := newHarness(t, Options{})
	for _, dbType := range []string{"mysql", "percona", "cynosdbmysql", "tdsqlmysql", "mariadb", "postgresql",
		"mongodb", "redis", "tendis", "keewidb", "sqlserver", "clickhouse", "tdstore"} {
		// medium: links to tdstore are unbilled and accept no other class
		id := h.create(map[string]any{"SrcDatabaseType": dbType, "DstDatabaseType": dbType, "InstanceClass": "medium"})[0]
		h.emu.Advance(durCreating)
		cfg := config(id, "fullAndIncrement") // the only type of Redis-family links
		for _, side := range []string{"SrcInfo", "DstInfo"} {
			e := cfg[side].(map[string]any)
			e["DatabaseType"], e["AccessType"] = dbType, "extranet"
			e["Info"] = []map[string]any{{"Host": "db.example.com", "Port": 1234, "User": "u"}}
			if dbType == "tdsqlmysql" {
				e["ConnectType"] = "proxy"
				e["Info"].([]map[string]any)[0]["Role"] = "proxy"
			}
		}
		h.mustCall("ModifyMigrationJob", cfg)
		for _, e := range []*dtsapi.DBEndpointInfo{h.detail(id).SrcInfo, h.listed(id).DstInfo} {
			n := e.Info[0]
			if *e.Supplier != "" || *n.AccountMode != "" || *n.EngineVersion != "" || *n.EncryptConn != "UnEncrypted" {
				t.Errorf("%s: Supplier %q, AccountMode %q, EngineVersion %q, EncryptConn %q; want \"\" for the unset ones",
					dbType, *e.Supplier, *n.AccountMode, *n.EngineVersion, *n.EncryptConn)
			}
		}
	}
}

func TestModifyMigrationJobStatusesAndVerbs(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	wantCode(t, h.call("ModifyMigrationJob", config(id, "full")), codeStatusInConflict) // creating
	h.emu.Advance(durCreating)
	h.configure(id, "full")
	wantAllowed(t, h, id, "view", "modify", "check", "isolate", "resize")
	h.mustJobOp("CreateMigrateCheckJob", id)
	wantCode(t, h.call("ModifyMigrationJob", config(id, "full")), codeStatusInConflict) // checking
	h.emu.Advance(time.Hour)
	wantStatus(t, h, id, stCheckPass, "")
	// A reconfiguration returns the job to created: a new check is needed.
	h.configure(id, "fullAndIncrement")
	wantStatus(t, h, id, stCreated, "")
	wantCode(t, h.jobOp("StartMigrateJob", id), codeStatusInConflict)
	h.mustJobOp("CreateMigrateCheckJob", id)
	h.emu.Advance(time.Hour)
	h.mustJobOp("StartMigrateJob", id)
	wantCode(t, h.call("ModifyMigrationJob", config(id, "full")), codeStatusInConflict) // readyRun
}
