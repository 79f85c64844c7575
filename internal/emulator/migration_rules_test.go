package emulator

import (
	"strings"
	"testing"
)

// Rules the definition states in words, enforced by the request validation
// of ModifyMigrationJob and ModifyMigrateRateLimit: each case breaks one
// rule of an otherwise valid request and expects the code and the
// parameter's path; each rule's valid form is accepted.

// ruleCase is one broken rule.
type ruleCase struct {
	name   string
	change func(cfg map[string]any)
	code   string
	path   string // the parameter the message names
}

func runRuleCases(t *testing.T, h *harness, id string, base func() map[string]any, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base()
			tc.change(cfg)
			msg := wantCode(t, h.call("ModifyMigrationJob", cfg), tc.code)
			if !strings.Contains(msg, "`"+tc.path+"`") {
				t.Fatalf("message %q does not name `%s`", msg, tc.path)
			}
		})
	}
}

// objects sets MigrateOption.DatabaseTable of a configuration.
func objects(cfg map[string]any, table map[string]any) {
	cfg["MigrateOption"].(map[string]any)["DatabaseTable"] = table
}

// partialDB is a partial selection of one database with the given members.
func partialDB(db map[string]any) map[string]any {
	return map[string]any{"ObjectMode": "partial", "Databases": []map[string]any{db}}
}

func TestMigrationObjectRules(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	base := func() map[string]any { return config(id, "full") }
	const db0 = "MigrateOption.DatabaseTable.Databases.0"
	cases := []ruleCase{
		{"partial selection without databases", func(c map[string]any) {
			objects(c, map[string]any{"ObjectMode": "partial"})
		}, codeMissingParameter, "MigrateOption.DatabaseTable.Databases"},
		{"partial selection with an empty database list", func(c map[string]any) {
			objects(c, map[string]any{"ObjectMode": "partial", "Databases": []map[string]any{}})
		}, codeMissingParameter, "MigrateOption.DatabaseTable.Databases"},
		{"database without DbName", func(c map[string]any) {
			objects(c, partialDB(map[string]any{"DBMode": "all"}))
		}, codeMissingParameter, db0 + ".DbName"},
		{"database without DBMode", func(c map[string]any) {
			objects(c, partialDB(map[string]any{"DbName": "shop"}))
		}, codeMissingParameter, db0 + ".DBMode"},
		{"partial database without TableMode", func(c map[string]any) {
			objects(c, partialDB(map[string]any{"DbName": "shop", "DBMode": "partial"}))
		}, codeMissingParameter, db0 + ".TableMode"},
		{"rename without NewTableName", func(c map[string]any) {
			objects(c, partialDB(map[string]any{"DbName": "shop", "DBMode": "partial", "TableMode": "partial",
				"Tables": []map[string]any{{"TableName": "orders", "TableEditMode": "rename"}}}))
		}, codeMissingParameter, db0 + ".Tables.0.NewTableName"},
		{"NewTableName with TmpTables", func(c map[string]any) {
			objects(c, partialDB(map[string]any{"DbName": "shop", "DBMode": "partial", "TableMode": "partial",
				"Tables": []map[string]any{{"TableName": "orders", "TableEditMode": "rename", "NewTableName": "orders2",
					"TmpTables": []string{"_orders_new"}}}}))
		}, codeInvalidParameter, db0 + ".Tables.0.TmpTables"},
		{"AccountRole with a space", func(c map[string]any) {
			node(c, "SrcInfo")["AccountRole"] = "dts role"
		}, codeInvalidParameterValue, "SrcInfo.Info.0.AccountRole"},
		{"AccountRole with a dot", func(c map[string]any) {
			node(c, "DstInfo")["AccountRole"] = "role.x"
		}, codeInvalidParameterValue, "DstInfo.Info.0.AccountRole"},
	}
	// Each list the definition requires for its mode's partial.
	for mode, list := range map[string]string{"TableMode": "Tables", "ViewMode": "Views", "RoleMode": "Roles",
		"FunctionMode": "Functions", "ProcedureMode": "Procedures", "EventMode": "Events", "TriggerMode": "Triggers"} {
		cases = append(cases, ruleCase{mode + " partial without " + list, func(c map[string]any) {
			db := map[string]any{"DbName": "shop", "DBMode": "partial", "TableMode": "all", mode: "partial"}
			objects(c, partialDB(db))
		}, codeMissingParameter, db0 + "." + list})
	}
	runRuleCases(t, h, id, base, cases)
	wantAllowed(t, h, id, "view", "configure", "isolate", "resize") // nothing was stored

	// The valid forms of the same rules are accepted.
	cfg := base()
	objects(cfg, partialDB(map[string]any{
		"DbName": "shop", "DBMode": "partial", "TableMode": "partial",
		"Tables": []map[string]any{
			{"TableName": "orders", "TableEditMode": "rename", "NewTableName": "orders_v2"},
			{"TableName": "items", "TableEditMode": "pt", "TmpTables": []string{"_items_new", "_items_old"}},
		},
		"ViewMode": "partial", "Views": []map[string]any{{"ViewName": "v_orders"}},
		"FunctionMode": "partial", "Functions": []string{"f1"},
		"ProcedureMode": "all", "EventMode": "all", "TriggerMode": "partial", "Triggers": []string{"t1"},
	}))
	node(cfg, "SrcInfo")["AccountRole"] = "Dts_role-01"
	h.mustCall("ModifyMigrationJob", cfg)
	if d := h.detail(id); *d.MigrateOption.DatabaseTable.Databases[0].Tables[0].NewTableName != "orders_v2" ||
		*d.SrcInfo.Info[0].AccountRole != "Dts_role-01" {
		t.Fatalf("stored: %s", jsonText(zeroFilled(t, d.MigrateOption)))
	}
}

func TestRedisLinksMigrateFullAndIncrementOnly(t *testing.T) {
	h := newHarness(t, Options{})
	for _, link := range [][2]string{{"redis", "redis"}, {"keewidb", "keewidb"}, {"tendis", "redis"}} {
		id := h.create(map[string]any{"SrcDatabaseType": link[0], "DstDatabaseType": link[1]})[0]
		h.emu.Advance(durCreating)
		base := func(migrateType string) map[string]any {
			cfg := config(id, migrateType)
			for i, side := range []string{"SrcInfo", "DstInfo"} {
				e := cfg[side].(map[string]any)
				e["DatabaseType"], e["AccessType"] = link[i], "extranet"
				e["Info"] = []map[string]any{{"Host": "cache.example.com", "Port": 6379}}
			}
			return cfg
		}
		for _, mt := range []string{"full", "structure"} {
			msg := wantCode(t, h.call("ModifyMigrationJob", base(mt)), codeInvalidParameterValue)
			if !strings.Contains(msg, "`MigrateOption.MigrateType`") {
				t.Errorf("%s→%s %s: %q", link[0], link[1], mt, msg)
			}
		}
		h.mustCall("ModifyMigrationJob", base("fullAndIncrement"))
		h.mustCall("ModifyMigrationJob", base("")) // the default
	}
}

func TestTdsqlEndpointRules(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(map[string]any{"SrcDatabaseType": "tdsqlmysql", "DstDatabaseType": "tdsqlmysql"})[0]
	h.emu.Advance(durCreating)
	base := func() map[string]any {
		cfg := config(id, "full")
		src := cfg["SrcInfo"].(map[string]any)
		src["DatabaseType"], src["AccessType"], src["NodeType"], src["ConnectType"] = "tdsqlmysql", "extranet", "cluster", "set"
		src["Info"] = []map[string]any{
			{"Role": "proxy", "Host": "proxy.example.com", "Port": 15001, "User": "u"},
			{"Role": "set", "SetId": "set_1", "Host": "set1.example.com", "Port": 4001, "User": "u"},
			{"Role": "set", "SetId": "set_2", "Host": "set2.example.com", "Port": 4002, "User": "u"},
		}
		dst := cfg["DstInfo"].(map[string]any)
		dst["DatabaseType"] = "tdsqlmysql"
		dst["Info"] = []map[string]any{{"InstanceId": "cdb-tm0001", "Role": "proxy", "User": "u"}}
		return cfg
	}
	srcNodes := func(c map[string]any) []map[string]any {
		return c["SrcInfo"].(map[string]any)["Info"].([]map[string]any)
	}
	runRuleCases(t, h, id, base, []ruleCase{
		{"source without ConnectType", func(c map[string]any) { delete(c["SrcInfo"].(map[string]any), "ConnectType") },
			codeMissingParameter, "SrcInfo.ConnectType"},
		{"node without Role", func(c map[string]any) { delete(srcNodes(c)[1], "Role") },
			codeMissingParameter, "SrcInfo.Info.1.Role"},
		{"target node without Role", func(c map[string]any) { delete(node(c, "DstInfo"), "Role") },
			codeMissingParameter, "DstInfo.Info.0.Role"},
		{"set node first", func(c map[string]any) {
			n := srcNodes(c)
			n[0], n[1] = n[1], n[0]
		}, codeInvalidParameterValue, "SrcInfo.Info.0.Role"},
		{"second proxy", func(c map[string]any) { srcNodes(c)[2]["Role"] = "proxy" },
			codeInvalidParameterValue, "SrcInfo.Info.2.Role"},
		{"set node without SetId", func(c map[string]any) { delete(srcNodes(c)[2], "SetId") },
			codeMissingParameter, "SrcInfo.Info.2.SetId"},
		{"set connection without set nodes", func(c map[string]any) {
			c["SrcInfo"].(map[string]any)["Info"] = srcNodes(c)[:1]
		}, codeMissingParameter, "SrcInfo.Info.1"},
	})
	h.mustCall("ModifyMigrationJob", base())
	// A proxy connection needs only the proxy node; a target needs no
	// ConnectType.
	cfg := base()
	cfg["SrcInfo"].(map[string]any)["ConnectType"] = "proxy"
	cfg["SrcInfo"].(map[string]any)["Info"] = srcNodes(cfg)[:1]
	h.mustCall("ModifyMigrationJob", cfg)
}

func TestRateLimitMaxima(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	base := func() map[string]any { return config(id, "full") }
	rate := func(member string, v int64) func(map[string]any) {
		return func(c map[string]any) { c["MigrateOption"].(map[string]any)["RateLimit"] = map[string]any{member: v} }
	}
	cases := []ruleCase{}
	for member, max := range map[string]int64{"DumpThread": 16, "LoadThread": 16, "SinkerThread": 128, "DumpRps": 50000000, "LoadRps": 50000000} {
		cases = append(cases,
			ruleCase{member + " over its maximum", rate(member, max+1), codeInvalidParameterValue, "MigrateOption.RateLimit." + member},
			ruleCase{member + " negative", rate(member, -1), codeInvalidParameterValue, "MigrateOption.RateLimit." + member})
	}
	runRuleCases(t, h, id, base, cases)
	// At its maximum the value is valid; the rate limit is still refused at
	// configure time (a message that names no member).
	cfg := base()
	rate("SinkerThread", 128)(cfg)
	if msg := wantCode(t, h.call("ModifyMigrationJob", cfg), codeInvalidParameterValue); !strings.Contains(msg, rateLimitAtConfigure) {
		t.Fatalf("at the maximum: %q", msg)
	}

	// ModifyMigrateRateLimit: threads 1–16, 1–16, 1–128; rows/s 1–50 000 000;
	// 0 keeps the current value.
	run := configuredJob(t, h, "fullAndIncrement")
	h.mustJobOp("CreateMigrateCheckJob", run)
	h.emu.Advance(durCheckStep * 13)
	h.mustJobOp("StartMigrateJob", run)
	h.emu.Advance(durReadyRun)
	for member, max := range map[string]int64{"DumpThread": 16, "LoadThread": 16, "SinkerThread": 128, "DumpRps": 50000000, "LoadRps": 50000000} {
		for _, v := range []int64{max + 1, -1} {
			msg := wantCode(t, h.call("ModifyMigrateRateLimit", map[string]any{"JobId": run, member: v}), codeInvalidParameterValue)
			if !strings.Contains(msg, "`"+member+"`") {
				t.Errorf("%s %d: %q", member, v, msg)
			}
		}
		h.mustCall("ModifyMigrateRateLimit", map[string]any{"JobId": run, member: max})
	}
	rl := h.detail(run).RateLimitOption
	if *rl.CurrentDumpRps != 50000000 || *rl.CurrentLoadRps != 50000000 || *rl.CurrentSinkerThread != 128 || *rl.CurrentLoadThread != 16 {
		t.Fatalf("rate limit at the maxima: %s", jsonText(zeroFilled(t, rl)))
	}
}

// TestViewModeNoneIsAccepted: three real responses read ViewMode none back
// (undocumented); a configuration read back from DTS must be accepted, and
// it reads back as sent. Other undocumented values are still refused.
func TestViewModeNoneIsAccepted(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(nil)[0]
	h.emu.Advance(durCreating)
	cfg := config(id, "full")
	objects(cfg, partialDB(map[string]any{"DbName": "big100", "DBMode": "partial", "TableMode": "partial",
		"Tables": []map[string]any{{"TableName": "sbtest1"}}, "ViewMode": "none"}))
	h.mustCall("ModifyMigrationJob", cfg)
	if got := *h.detail(id).MigrateOption.DatabaseTable.Databases[0].ViewMode; got != "none" {
		t.Fatalf("ViewMode reads back %q", got)
	}
	objects(cfg, partialDB(map[string]any{"DbName": "big100", "DBMode": "all", "ViewMode": "some"}))
	msg := wantCode(t, h.call("ModifyMigrationJob", cfg), codeInvalidParameterValue)
	if !strings.Contains(msg, "`MigrateOption.DatabaseTable.Databases.0.ViewMode`") || !strings.Contains(msg, "none") {
		t.Fatalf("message %q", msg)
	}
}
