package emulator

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// with returns a copy of the request with path (dot-separated, list
// indexes as numbers) set to v; v nil deletes the member.
func with(req map[string]any, path string, v any) map[string]any {
	out := deepCopy(req).(map[string]any)
	keys := strings.Split(path, ".")
	var cur any = out
	for _, k := range keys[:len(keys)-1] {
		switch c := cur.(type) {
		case map[string]any:
			if c[k] == nil {
				c[k] = map[string]any{}
			}
			cur = c[k]
		case []any:
			cur = c[atoi(k)]
		}
	}
	last := keys[len(keys)-1]
	switch c := cur.(type) {
	case map[string]any:
		if v == nil {
			delete(c, last)
		} else {
			c[last] = v
		}
	case []any:
		c[atoi(last)] = v
	}
	return out
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// deepCopy copies a request through JSON, so lists become []any.
func deepCopy(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

// TestSyncConfigurationRules covers the rules of ConfigureSyncJob that the
// definition states in words, each with its code and the parameter named.
func TestSyncConfigurationRules(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySync(nil)[0]
	kafka := h.buySync(map[string]any{"DstDatabaseType": "kafka"})[0]
	mongo := h.buySync(map[string]any{"SrcDatabaseType": "mongodb", "DstDatabaseType": "mongodb"})[0]
	tdsql := h.buySync(map[string]any{"SrcDatabaseType": "tdsqlmysql"})[0]
	ok := syncRequest(id)
	extranet := func(host string) map[string]any {
		return map[string]any{"Ip": host, "Port": 3306, "User": "u", "Password": "p"}
	}
	cluster := func(access string, nodes ...map[string]any) map[string]any {
		return map[string]any{"Region": testRegion, "AccessType": access, "DatabaseType": "tdsqlmysql", "Info": nodes}
	}
	tdsqlReq := with(with(with(syncRequest(tdsql), "SrcInfo", nil), "SrcAccessType", "extranet"), "SrcInfos",
		cluster("extranet", with(extranet("10.0.0.1"), "Role", "proxy"), with(with(extranet("10.0.0.2"), "Role", "set"), "SetId", "set_1")))
	tests := []struct {
		name string
		req  map[string]any
		code string
		path string
	}{
		{"RunMode Timed needs ExpectRunTime", with(ok, "RunMode", "Timed"), codeMissingParameter, "ExpectRunTime"},
		{"ExpectRunTime format", with(ok, "ExpectRunTime", "tomorrow"), codeInvalidParameterValue, "ExpectRunTime"},
		{"RunMode enum", with(ok, "RunMode", "immediate"), codeInvalidParameterValue, "RunMode"},
		{"retry window", with(ok, "AutoRetryTimeRangeMinutes", 3), codeInvalidParameterValue, "AutoRetryTimeRangeMinutes"},
		{"options retry window", with(ok, "Options.AutoRetryTimeRangeMinutes", 721), codeInvalidParameterValue, "Options.AutoRetryTimeRangeMinutes"},
		{"JobName length", with(ok, "JobName", strings.Repeat("n", 129)), codeInvalidParameterValue, "JobName"},
		{"single needs SrcInfo", with(ok, "SrcInfo", nil), codeMissingParameter, "SrcInfo"},
		{"cluster needs SrcInfos", with(ok, "SrcNodeType", "cluster"), codeMissingParameter, "SrcInfos"},
		{"SrcInfo and SrcInfos exclude each other", with(ok, "SrcInfos", cluster("cdb", syncEndpoint(srcInstance))), codeInvalidParameter, "SrcInfos"},
		{"purchase region", with(ok, "DstInfo.Region", "ap-shanghai"), codeInvalidParameterValue, "DstInfo.Region"},
		{"cdb needs InstanceId", with(ok, "SrcInfo.InstanceId", nil), codeMissingParameter, "SrcInfo.InstanceId"},
		{"extranet needs Ip", with(with(ok, "SrcAccessType", "extranet"), "SrcInfo.Ip", nil), codeMissingParameter, "SrcInfo.Ip"},
		{"extranet needs Port", with(with(with(ok, "DstAccessType", "extranet"), "DstInfo", extranet("10.0.0.9")), "DstInfo.Port", nil),
			codeMissingParameter, "DstInfo.Port"},
		{"vpc needs VpcId", with(with(ok, "SrcAccessType", "vpc"), "SrcInfo", extranet("10.0.0.1")), codeMissingParameter, "SrcInfo.VpcId"},
		{"ccn needs CcnId", with(with(ok, "SrcAccessType", "ccn"), "SrcInfo", extranet("10.0.0.1")), codeMissingParameter, "SrcInfo.CcnId"},
		{"cross-account needs Account", with(ok, "SrcInfo.AccountMode", "other"), codeMissingParameter, "SrcInfo.Account"},
		{"AccountRole format", with(ok, "SrcInfo.AccountRole", "role name"), codeInvalidParameterValue, "SrcInfo.AccountRole"},
		{"ckafka is a target", with(ok, "SrcAccessType", "ckafka"), codeInvalidParameterValue, "SrcAccessType"},
		{"ckafka needs a kafka target", with(ok, "DstAccessType", "ckafka"), codeInvalidParameterValue, "DstAccessType"},
		{"partial objects need Databases", with(ok, "Objects.Databases", nil), codeMissingParameter, "Objects.Databases"},
		{"partial database needs TableMode", with(ok, "Objects.Databases.0.DbMode", "Partial"), codeMissingParameter, "Objects.Databases.0.TableMode"},
		{"partial columns need Columns", with(ok, "Objects.Databases.0", map[string]any{"DbName": "d", "DbMode": "Partial", "TableMode": "Partial",
			"Tables": []map[string]any{{"TableName": "t", "ColumnMode": "Partial"}}}), codeMissingParameter, "Objects.Databases.0.Tables.0.Columns"},
		{"rename and TmpTables exclude each other", with(ok, "Objects.Databases.0", map[string]any{"DbName": "d", "DbMode": "Partial", "TableMode": "Partial",
			"Tables": []map[string]any{{"TableName": "t", "NewTableName": "u", "TmpTables": []string{"_t_new"}}}}), codeInvalidParameter, "TmpTables"},
		{"triggers are not synced", with(ok, "Objects.Databases.0.TriggerMode", "All"), codeInvalidParameterValue, "Objects.Databases.0.TriggerMode"},
		{"advanced objects need a structure init", with(with(ok, "Objects.AdvancedObjects", []string{"function"}), "Options.InitType", "Data"),
			codeInvalidParameterValue, "Objects.AdvancedObjects"},
		{"OpTypes need a DML", with(ok, "Options.OpTypes", []string{"DDL"}), codeInvalidParameterValue, "Options.OpTypes"},
		{"PartialDDL needs DdlOptions", with(ok, "Options.OpTypes", []string{"Insert", "PartialDDL"}), codeMissingParameter, "Options.DdlOptions"},
		{"DDL values of their object", with(ok, "Options.DdlOptions", []map[string]any{{"DdlObject": "View", "DdlValue": []string{"Alter"}}}),
			codeInvalidParameterValue, "Options.DdlOptions.0.DdlValue.0"},
		{"ConditionCover needs its option", with(ok, "Options.ConflictHandleType", "ConditionCover"), codeMissingParameter, "Options.ConflictHandleOption.ConditionColumn"},
		{"condition operator", with(ok, "Options.ConflictHandleOption.ConditionOperator", "<"), codeInvalidParameterValue, "Options.ConflictHandleOption.ConditionOperator"},
		{"KafkaOption for kafka only", with(ok, "Options.KafkaOption.DataType", "Json"), codeInvalidParameterValue, "Options.KafkaOption"},
		{"StartPosition for kafka only", with(ok, "Options.StartPosition", "2023-12-20T19:24:23+08:00"), codeInvalidParameterValue, "Options.StartPosition"},
		{"filters for mysql2kafka only", with(ok, "Options.FilterBeginCommit", true), codeInvalidParameterValue, "Options.FilterBeginCommit"},
		{"kafka needs KafkaOption", with(with(syncRequest(kafka), "DstAccessType", "ckafka"), "DstInfo", map[string]any{"InstanceId": "ckafka-1"}),
			codeMissingParameter, "Options.KafkaOption"},
		{"kafka target is not cdb", syncRequest(kafka), codeInvalidParameterValue, "DstAccessType"},
		{"mongodb init", with(syncRequest(mongo), "Options.InitType", "Full"), codeInvalidParameterValue, "Options.InitType"},
		{"tdsql source needs SrcConnectType", tdsqlReq, codeMissingParameter, "SrcConnectType"},
		{"tdsql proxy first", with(with(tdsqlReq, "SrcConnectType", "set"), "SrcInfos.Info.0.Role", "set"), codeInvalidParameterValue, "SrcInfos.Info.0.Role"},
		{"tdsql set needs SetId", with(with(tdsqlReq, "SrcConnectType", "set"), "SrcInfos.Info.1.SetId", nil), codeMissingParameter, "SrcInfos.Info.1.SetId"},
		{"cluster type is the purchase's", with(with(tdsqlReq, "SrcConnectType", "proxy"), "SrcInfos.DatabaseType", "mysql"), codeInvalidParameterValue, "SrcInfos.DatabaseType"},
		{"cluster access type is the request's", with(with(tdsqlReq, "SrcConnectType", "proxy"), "SrcInfos.AccessType", "vpc"), codeInvalidParameterValue, "SrcInfos.AccessType"},
		{"unknown member", with(ok, "Options.MigrateType", "full"), codeUnknownParameter, "Options.MigrateType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := wantCode(t, h.call("ConfigureSyncJob", tt.req), tt.code)
			if !strings.Contains(msg, tt.path) {
				t.Errorf("message %q does not name %s", msg, tt.path)
			}
		})
	}
	for _, j := range []string{id, kafka, mongo, tdsql} {
		wantSync(t, h, j, syUnInitialized, "")
	}
	// The valid forms.
	h.mustCall("ConfigureSyncJob", with(tdsqlReq, "SrcConnectType", "set"))
	h.mustCall("ConfigureSyncJob", with(syncRequest(mongo), "Options.InitType", "None"))
	h.mustCall("ConfigureSyncJob", ok)
	wantSync(t, h, id, syInitialized, "")
	if err := h.call("ConfigureSyncJob", syncRequest("sync-nothere0")); sdkCode(t, err) != codeResourceNotFound {
		t.Fatalf("unknown job: %v", err)
	}
}

// TestSyncConfigurationReadBack proves what DescribeSyncJobs reads back:
// the configuration as sent, the documented defaults, the secrets emptied,
// the samples' forms (no SrcNodeType, no Region, a zero ExpectRunTime with
// an immediate job, noProxy access) accepted.
func TestSyncConfigurationReadBack(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySync(nil)[0]
	sample := map[string]any{
		"JobId": id, "JobName": "truexu-api", "RunMode": "Immediate", "ExpectRunTime": "0000-00-00 00:00:01",
		"SrcAccessType": "noProxy", "DstAccessType": "noProxy",
		"SrcInfo": map[string]any{"Ip": "9.123.211.23", "Port": 30645, "User": "root", "Password": "Test1234"},
		"DstInfo": map[string]any{"Ip": "9.123.210.46", "Port": 30654, "User": "root", "Password": "Test1234"},
		"Objects": map[string]any{"Mode": "Partial", "Databases": []map[string]any{{"DbName": "db1", "DbMode": "All", "TableMode": "All",
			"ViewMode": "All", "FunctionMode": "All", "TriggerMode": "", "EventMode": "", "ProcedureMode": "All"}}},
		"Options": map[string]any{"DealOfExistSameTable": "ExecuteAfterIgnore", "OpTypes": []string{"Update"},
			"DdlOptions": []map[string]any{{"DdlObject": "Database", "DdlValue": []string{"Create", "Alter"}}}, "InitType": "Full",
			"ConflictHandleOption": map[string]any{"ConditionColumn": "ts", "ConditionOperator": ">", "ConditionOrderInSrcAndDst": "<"}},
		"AutoRetryTimeRangeMinutes": 30,
	}
	h.mustCall("ConfigureSyncJob", sample)
	raw, err := h.dts("DescribeSyncJobs", map[string]any{"JobId": id})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "Test1234") || strings.Contains(string(raw), passwordMask) {
		t.Fatalf("a secret is read back: %s", raw)
	}
	j := h.syncJob(id)
	o := j.Options
	if *j.JobName != "truexu-api" || *j.SrcNodeType != "single" || *j.SrcAccessType != "noProxy" || *j.SrcInfo.Region != testRegion ||
		*j.SrcInfo.Password != "" || *j.SrcInfo.Ip != "9.123.211.23" || *j.ExpectRunTime != dtsapi.ZeroTime || *j.RunMode != "Immediate" {
		t.Fatalf("endpoints: %s", mustJSON(t, j))
	}
	if *o.ConflictHandleType != "ReportError" || *o.DealOfExistSameTable != "ExecuteAfterIgnore" || *o.InitType != "Full" ||
		*o.AutoRetryTimeRangeMinutes != 30 || *j.AutoRetryTimeRangeMinutes != 30 || *o.RateLimitOption.CurrentSinkerThread != 32 ||
		*o.ConflictHandleOption.ConditionColumn != "ts" || len(o.OpTypes) != 1 || *j.Objects.Databases[0].DbName != "db1" {
		t.Fatalf("options: %s", mustJSON(t, o))
	}
	if c := *j.Detail.CauseOfCompareDisable; !strings.Contains(c, "DML") {
		t.Fatalf("CauseOfCompareDisable %q with OpTypes [Update]", c)
	}
	// A reconfiguration replaces the configuration; the name stays when
	// none is given.
	h.mustCall("ConfigureSyncJob", syncRequest(id))
	if j = h.syncJob(id); *j.JobName != "truexu-api" || *j.SrcAccessType != "cdb" || *j.AutoRetryTimeRangeMinutes != 0 || len(j.Options.OpTypes) != 0 {
		t.Fatalf("reconfigured: %s", mustJSON(t, j))
	}
}
