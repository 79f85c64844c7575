package emulator

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// endpointOf is the first endpoint of a configuration request.
func endpointOf(cfg map[string]any) map[string]any { return cfg["Endpoints"].([]map[string]any)[0] }

// access turns the first endpoint of cfg into one of access type a, with
// the members given.
func access(a string, members map[string]any) func(map[string]any) {
	return func(cfg map[string]any) {
		cfg["AccessType"] = a
		ep := map[string]any{"DatabaseRegion": testRegion, "User": "u", "Password": "p"}
		for k, v := range members {
			ep[k] = v
		}
		cfg["Endpoints"] = []map[string]any{ep}
	}
}

// TestConfigureSubscribeJobRules: each rule of the definition, in the order
// README.md lists them, with its code and the parameter it names. Nothing
// changes when a configuration is refused.
func TestConfigureSubscribeJobRules(t *testing.T) {
	h := newHarness(t, Options{})
	subs := map[string]string{}
	for _, p := range []string{"mysql", "mariadb", "mongodb", "tdpg", "cynosdbmysql"} {
		subs[p] = h.buySubs(map[string]any{"Product": p})[0]
	}
	host := map[string]any{"HostName": "db.example.com", "Port": 3306}
	tests := []struct {
		name, product string
		change        func(map[string]any)
		code, names   string
	}{
		{"mongodb mode for mysql", "mysql", set("SubscribeMode", "database"), codeInvalidParameterValue, "`SubscribeMode`"},
		{"mode outside the enum", "mysql", set("SubscribeMode", "some"), codeInvalidParameterValue, "`SubscribeMode`"},
		{"no endpoints", "mysql", set("Endpoints", []any{}), codeMissingParameter, "`Endpoints`"},
		{"no password", "mysql", func(c map[string]any) { delete(endpointOf(c), "Password") }, codeMissingParameter, "`Endpoints.0.Password`"},
		{"cdb without instance", "mysql", access("cdb", nil), codeMissingParameter, "`Endpoints.0.InstanceId`"},
		{"extranet without host", "mysql", access("extranet", map[string]any{"Port": 3306}), codeMissingParameter, "`Endpoints.0.HostName`"},
		{"extranet without port", "mysql", access("extranet", map[string]any{"HostName": "h"}), codeMissingParameter, "`Endpoints.0.Port`"},
		{"cvm without its instance", "mysql", access("cvm", map[string]any{"Port": 3306}), codeMissingParameter, "`Endpoints.0.CvmInstanceId`"},
		{"cvm without port", "mysql", access("cvm", map[string]any{"CvmInstanceId": "ins-1"}), codeMissingParameter, "`Endpoints.0.Port`"},
		{"vpc without VPC", "mysql", access("vpc", host), codeMissingParameter, "`Endpoints.0.VpcId`"},
		{"vpc without subnet", "mysql", access("vpc", map[string]any{"HostName": "h", "Port": 1, "VpcId": "vpc-1"}), codeMissingParameter, "`Endpoints.0.SubnetId`"},
		{"dcg without gateway", "mysql", access("dcg", map[string]any{"HostName": "h", "Port": 1, "VpcId": "v", "SubnetId": "s"}), codeMissingParameter, "`Endpoints.0.UniqDcgId`"},
		{"vpncloud without gateway", "mysql", access("vpncloud", map[string]any{"HostName": "h", "Port": 1, "VpcId": "v", "SubnetId": "s"}), codeMissingParameter, "`Endpoints.0.UniqVpnGwId`"},
		{"ccn without CCN", "mysql", access("ccn", map[string]any{"HostName": "h", "Port": 1, "VpcId": "v", "SubnetId": "s"}), codeMissingParameter, "`Endpoints.0.CcnId`"},
		{"ccn without network", "mysql", access("ccn", map[string]any{"HostName": "h", "Port": 1, "VpcId": "v", "SubnetId": "s", "CcnId": "ccn-1"}), codeMissingParameter, "`Endpoints.0.DatabaseNetEnv`"},
		{"network outside the enum", "mysql", access("ccn", map[string]any{"HostName": "h", "Port": 1, "VpcId": "v", "SubnetId": "s", "CcnId": "ccn-1", "DatabaseNetEnv": "Moon"}), codeInvalidParameterValue, "`Endpoints.0.DatabaseNetEnv`"},
		{"another region", "mysql", func(c map[string]any) { endpointOf(c)["DatabaseRegion"] = "ap-beijing" }, codeInvalidParameterValue, "`Endpoints.0.DatabaseRegion`"},
		{"not a region", "mysql", func(c map[string]any) { endpointOf(c)["DatabaseRegion"] = "Guangzhou" }, codeInvalidParameterValue, "`Endpoints.0.DatabaseRegion`"},
		{"unknown instance", "mysql", func(c map[string]any) { endpointOf(c)["InstanceId"] = "cdb-my0099" }, codeInstanceNotFound, "Endpoints.0.InstanceId"},
		{"instance of another type", "mysql", func(c map[string]any) { endpointOf(c)["InstanceId"] = "cdb-pg0001" }, codeInstanceNotFound, "cdb-pg0001"},
		{"encryption outside mysql", "cynosdbmysql", func(c map[string]any) {
			endpointOf(c)["InstanceId"], endpointOf(c)["EncryptConn"] = "cdb-cy0001", "Encrypted"
		}, codeInvalidParameterValue, "`Endpoints.0.EncryptConn`"},
		{"encryption outside the enum", "mysql", func(c map[string]any) { endpointOf(c)["EncryptConn"] = "Maybe" }, codeInvalidParameterValue, "`Endpoints.0.EncryptConn`"},
		{"tdpg without database", "tdpg", func(c map[string]any) { endpointOf(c)["InstanceId"] = "cdb-pg0001"; noRules(c) }, codeMissingParameter, "`Endpoints.0.ExtraAttr`"},
		{"mongodb instance type", "mongodb", func(c map[string]any) {
			endpointOf(c)["InstanceId"] = "cdb-mg0001"
			endpointOf(c)["ExtraAttr"] = []map[string]string{{"Key": "InstanceType", "Value": "sharded"}}
			mongoRules(c)
		}, codeInvalidParameterValue, "`Endpoints.0.ExtraAttr.0.Value`"},
		{"2 partitions", "mysql", func(c map[string]any) { c["KafkaConfig"].(map[string]any)["NumberOfPartitions"] = 2 }, codeInvalidParameterValue, "`KafkaConfig.NumberOfPartitions`"},
		{"no partitions", "mysql", set("KafkaConfig", map[string]any{}), codeMissingParameter, "`KafkaConfig.NumberOfPartitions`"},
		{"partitions without default", "mysql", set("KafkaConfig", map[string]any{"NumberOfPartitions": 8}), codeMissingParameter, "`KafkaConfig.DefaultRuleType`"},
		{"mongodb default for mysql", "mysql", kafka(4, "collection"), codeInvalidParameterValue, "`KafkaConfig.DefaultRuleType`"},
		{"mongodb rule for mysql", "mysql", kafka(4, "table", rule("collection", "db", "t")), codeInvalidParameterValue, "`KafkaConfig.DistributeRules.0.RuleType`"},
		{"cols without columns", "mysql", kafka(4, "table", rule("cols", "db", "t")), codeMissingParameter, "`KafkaConfig.DistributeRules.0.Columns`"},
		{"database pattern", "mysql", kafka(4, "table", rule("pk", "(", "t")), codeInvalidParameterValue, "`KafkaConfig.DistributeRules.0.DbPattern`"},
		{"table pattern", "mysql", kafka(4, "table", rule("pk", "db", "[")), codeInvalidParameterValue, "`KafkaConfig.DistributeRules.0.TablePattern`"},
		{"rules without custom partitioning", "mariadb", func(c map[string]any) {
			endpointOf(c)["InstanceId"] = "cdb-md0001"
			kafka(4, "", rule("pk", "db", "t"))(c)
		}, codeInvalidParameterValue, "`KafkaConfig.DistributeRules`"},
		{"default without custom partitioning", "mariadb", func(c map[string]any) { endpointOf(c)["InstanceId"] = "cdb-md0001" }, codeInvalidParameterValue, "`KafkaConfig.DefaultRuleType`"},
		{"dml without objects", "mysql", set("SubscribeMode", "dml"), codeMissingParameter, "`SubscribeObjects`"},
		{"table object without tables", "mysql", subsObjects("dmlAndDdl", map[string]any{"ObjectType": "table", "Database": "db"}), codeMissingParameter, "`SubscribeObjects.0.Tables`"},
		{"object type outside the enum", "mysql", subsObjects("dml", map[string]any{"ObjectType": "view", "Database": "db"}), codeInvalidParameterValue, "`SubscribeObjects.0.ObjectType`"},
		{"object without database", "mysql", subsObjects("dml", map[string]any{"ObjectType": "database"}), codeMissingParameter, "`SubscribeObjects.0.Database`"},
		{"mysql mode for mongodb", "mongodb", mongo("dml"), codeInvalidParameterValue, "`SubscribeMode`"},
		{"mongodb: two databases", "mongodb", mongo("database", map[string]any{"ObjectType": "database", "Database": "a"}, map[string]any{"ObjectType": "database", "Database": "b"}), codeInvalidParameterValue, "`SubscribeObjects`"},
		{"mongodb: a database for a collection", "mongodb", mongo("collection", map[string]any{"ObjectType": "database", "Database": "a"}), codeInvalidParameterValue, "`SubscribeObjects`"},
		{"mongodb: two collections", "mongodb", mongo("collection", map[string]any{"ObjectType": "table", "Database": "a", "Tables": []string{"x", "y"}}), codeInvalidParameterValue, "`SubscribeObjects`"},
		{"mongodb default rule", "mongodb", func(c map[string]any) { mongo("all")(c); kafka(4, "table")(c) }, codeInvalidParameterValue, "`KafkaConfig.DefaultRuleType`"},
		{"avro for mariadb", "mariadb", func(c map[string]any) { endpointOf(c)["InstanceId"] = "cdb-md0001"; noRules(c); c["Protocol"] = "avro" }, codeInvalidParameterValue, "`Protocol`"},
		{"protocol outside the list", "mysql", set("Protocol", "xml"), codeInvalidParameterValue, "`Protocol`"},
		{"pipeline for mysql", "mysql", set("PipelineInfo", []map[string]string{{"AggOp": "$match", "AggCmd": "{}"}}), codeInvalidParameterValue, "`PipelineInfo`"},
		{"pipeline operator outside the enum", "mongodb", func(c map[string]any) {
			mongo("all")(c)
			c["PipelineInfo"] = []map[string]string{{"AggOp": "$group", "AggCmd": "{}"}}
		}, codeInvalidParameterValue, "`PipelineInfo.0.AggOp`"},
		{"pipeline without expression", "mongodb", func(c map[string]any) { mongo("all")(c); c["PipelineInfo"] = []map[string]string{{"AggOp": "$match"}} }, codeMissingParameter, "`PipelineInfo.0.AggCmd`"},
		{"pipeline expression not JSON", "mongodb", func(c map[string]any) {
			mongo("all")(c)
			c["PipelineInfo"] = []map[string]string{{"AggOp": "$match", "AggCmd": "{a:"}}
		}, codeInvalidParameterValue, "`PipelineInfo.0.AggCmd`"},
		{"$set before MongoDB 4.2", "mongodb", func(c map[string]any) {
			mongo("all")(c)
			endpointOf(c)["ExtraAttr"] = []map[string]string{{"Key": "EngineVersion", "Value": "4.0"}}
			c["PipelineInfo"] = []map[string]string{{"AggOp": "$set", "AggCmd": `{"a":1}`}}
		}, codeInvalidParameterValue, "`PipelineInfo.0.AggOp`"},
		{"mongodb subscribe type", "mongodb", func(c map[string]any) {
			mongo("all")(c)
			c["ExtraAttr"] = []map[string]string{{"Key": "SubscribeType", "Value": "oplog"}}
		}, codeInvalidParameterValue, "`ExtraAttr.0.Value`"},
		{"consumer VPC without subnet", "mysql", set("ConsumerVpcId", "vpc-1"), codeMissingParameter, "`ConsumerSubnetId`"},
		{"consumer subnet without VPC", "mysql", set("ConsumerSubnetId", "subnet-1"), codeMissingParameter, "`ConsumerVpcId`"},
		{"unknown member", "mysql", set("Mode", "all"), "UnknownParameter", "`Mode`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := subs[tt.product]
			cfg := subsConfig(id)
			tt.change(cfg)
			msg := wantCode(t, h.call("ConfigureSubscribeJob", cfg), tt.code)
			if !strings.Contains(msg, tt.names) {
				t.Fatalf("message %q does not name %s", msg, tt.names)
			}
			if d := h.subsDetail(id); *d.SubscribeMode != "" || len(d.Endpoints) != 0 {
				t.Fatalf("a refused configuration was stored: %+v", d)
			}
		})
	}
}

func set(member string, v any) func(map[string]any) {
	return func(c map[string]any) { c[member] = v }
}

func rule(typ, db, table string) map[string]any {
	return map[string]any{"RuleType": typ, "DbPattern": db, "TablePattern": table}
}

func kafka(partitions int, def string, rules ...map[string]any) func(map[string]any) {
	return func(c map[string]any) {
		k := map[string]any{"NumberOfPartitions": partitions}
		if def != "" {
			k["DefaultRuleType"] = def
		}
		if len(rules) > 0 {
			k["DistributeRules"] = rules
		}
		c["KafkaConfig"] = k
	}
}

func noRules(c map[string]any) { kafka(4, "")(c) }

func mongoRules(c map[string]any) { kafka(4, "collection")(c) }

func subsObjects(mode string, objs ...map[string]any) func(map[string]any) {
	return func(c map[string]any) {
		c["SubscribeMode"] = mode
		c["SubscribeObjects"] = objs
	}
}

// mongo makes cfg a mongodb configuration in mode with the objects given.
func mongo(mode string, objs ...map[string]any) func(map[string]any) {
	return func(c map[string]any) {
		endpointOf(c)["InstanceId"] = "cdb-mg0001"
		mongoRules(c)
		subsObjects(mode, objs...)(c)
	}
}

// TestConfigureSubscribeJobReadBack: what the detail reads back is what was
// configured, passwords empty; products without custom partitioning read
// back an empty KafkaConfig, as the sample does.
func TestConfigureSubscribeJobReadBack(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySubs(nil)[0]
	cfg := subsConfig(id)
	cfg["SubscribeMode"] = "dmlAndDdl"
	cfg["Protocol"] = "avro"
	cfg["SubscribeObjects"] = []map[string]any{{"ObjectType": "table", "Database": "db1", "Tables": []string{"t1"}}, {"ObjectType": "database", "Database": "db2"}}
	cfg["KafkaConfig"] = map[string]any{"NumberOfPartitions": 8, "DefaultRuleType": "pk",
		"DistributeRules": []map[string]any{{"RuleType": "cols", "DbPattern": "db1", "TablePattern": "t.*", "Columns": []string{"id"}}}}
	cfg["ExtraAttr"] = []map[string]string{{"Key": "ProcessXA", "Value": "true"}}
	cfg["ConsumerVpcId"], cfg["ConsumerSubnetId"] = "vpc-gvemho5j", "subnet-hyscbnec"
	endpointOf(cfg)["EncryptConn"] = "Encrypted"
	h.mustCall("ConfigureSubscribeJob", cfg)
	d := h.subsDetail(id)
	got, _ := json.Marshal(map[string]any{
		"SubscribeMode": d.SubscribeMode, "Protocol": d.Protocol, "SubscribeObjects": d.SubscribeObjects, "KafkaConfig": d.KafkaConfig,
		"ExtraAttr": d.ExtraAttr, "ConsumerVpcId": d.ConsumerVpcId, "ConsumerSubnetId": d.ConsumerSubnetId,
	})
	want := `{"ConsumerSubnetId":"subnet-hyscbnec","ConsumerVpcId":"vpc-gvemho5j","ExtraAttr":[{"Key":"ProcessXA","Value":"true"}],` +
		`"KafkaConfig":{"NumberOfPartitions":8,"DistributeRules":[{"RuleType":"cols","DbPattern":"db1","TablePattern":"t.*","Columns":["id"]}],"DefaultRuleType":"pk"},` +
		`"Protocol":"avro","SubscribeMode":"dmlAndDdl","SubscribeObjects":[{"ObjectType":"table","Database":"db1","Tables":["t1"]},{"ObjectType":"database","Database":"db2"}]}`
	if string(got) != want {
		t.Fatalf("read back\n%s\nwant\n%s", got, want)
	}
	if ep := d.Endpoints[0]; *ep.Password != "" || *ep.EncryptConn != "Encrypted" || *ep.InstanceId != subsInstance {
		t.Fatalf("endpoint %+v", ep)
	}
	// A tdsqlpercona subscription reads back no partitioning.
	tp := h.buySubs(map[string]any{"Product": "tdsqlpercona"})[0]
	c := subsConfig(tp)
	endpointOf(c)["InstanceId"] = "cdb-tp0001"
	c["KafkaConfig"] = map[string]any{"NumberOfPartitions": 4}
	h.mustCall("ConfigureSubscribeJob", c)
	if k := h.subsDetail(tp).KafkaConfig; *k.NumberOfPartitions != 0 || *k.DefaultRuleType != "" || len(k.DistributeRules) != 0 {
		t.Fatalf("tdsqlpercona KafkaConfig %+v", k)
	}
	// Every access type with the members it needs, and mongodb and tdpg.
	for _, change := range []func(map[string]any){
		access("extranet", map[string]any{"HostName": "db.example.com", "Port": 3306}),
		access("cvm", map[string]any{"CvmInstanceId": "ins-1", "Port": 3306}),
		access("vpc", map[string]any{"HostName": "10.0.0.1", "Port": 3306, "VpcId": "vpc-1", "SubnetId": "subnet-1"}),
		access("ccn", map[string]any{"HostName": "10.0.0.1", "Port": 3306, "VpcId": "vpc-1", "SubnetId": "subnet-1", "CcnId": "ccn-1",
			"DatabaseNetEnv": "UserIDC", "DatabaseRegion": "ap-beijing"}),
	} {
		c := subsConfig(id)
		change(c)
		h.mustCall("ConfigureSubscribeJob", c)
	}
	mg := h.buySubs(map[string]any{"Product": "mongodb"})[0]
	c = subsConfig(mg)
	mongo("collection", map[string]any{"ObjectType": "table", "Database": "a", "Tables": []string{"c"}})(c)
	c["Protocol"] = "json"
	c["PipelineInfo"] = []map[string]string{{"AggOp": "$match", "AggCmd": `{"operationType":"insert"}`}}
	c["ExtraAttr"] = []map[string]string{{"Key": "SubscribeType", "Value": "changeStream"}}
	h.mustCall("ConfigureSubscribeJob", c)
	pg := h.buySubs(map[string]any{"Product": "tdpg"})[0]
	c = subsConfig(pg)
	endpointOf(c)["InstanceId"] = "cdb-pg0001"
	endpointOf(c)["ExtraAttr"] = []map[string]string{{"Key": "PgDatabase", "Value": "orders"}}
	noRules(c)
	h.mustCall("ConfigureSubscribeJob", c)
}

func TestModifySubscribeObjects(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.runningSubs(nil)
	h.mustCall("ModifySubscribeObjects", map[string]any{
		"SubscribeId": id, "SubscribeObjectType": 3,
		"Objects": []map[string]any{
			{"ObjectsType": 1, "DatabaseName": "db1", "TableNames": []string{"t1", "t2"}},
			{"ObjectsType": 0, "DatabaseName": "db2"},
		},
		"DistributeRules": []map[string]any{rule("pk", "db1", "t.*")},
		"DefaultRuleType": "pk",
	})
	d := h.subsDetail(id)
	if *d.SubsStatus != ssRunning || *d.SubscribeMode != "dmlAndDdl" || len(d.SubscribeObjects) != 2 ||
		*d.SubscribeObjects[0].ObjectType != "table" || *d.SubscribeObjects[0].Database != "db1" || len(d.SubscribeObjects[0].Tables) != 2 ||
		*d.SubscribeObjects[1].ObjectType != "database" || *d.KafkaConfig.NumberOfPartitions != 4 ||
		len(d.KafkaConfig.DistributeRules) != 1 || *d.KafkaConfig.DefaultRuleType != "pk" {
		t.Fatalf("after the change: %+v %+v", d.SubscribeObjects, d.KafkaConfig)
	}
	// Rules left out stay; objects are replaced (none for type 0).
	h.mustCall("ModifySubscribeObjects", map[string]any{"SubscribeId": id, "SubscribeObjectType": 0})
	d = h.subsDetail(id)
	if *d.SubscribeMode != "all" || len(d.SubscribeObjects) != 0 || len(d.KafkaConfig.DistributeRules) != 1 {
		t.Fatalf("type 0: %s %+v %+v", *d.SubscribeMode, d.SubscribeObjects, d.KafkaConfig)
	}
	// A default rule type alone replaces the rules.
	h.mustCall("ModifySubscribeObjects", map[string]any{"SubscribeId": id, "SubscribeObjectType": 2, "DefaultRuleType": "table"})
	if k := h.subsDetail(id).KafkaConfig; len(k.DistributeRules) != 0 || *k.DefaultRuleType != "table" {
		t.Fatalf("default only: %+v", k)
	}
	mg := h.buySubs(map[string]any{"Product": "mongodb"})[0]
	c := subsConfig(mg)
	mongo("all")(c)
	h.mustCall("ConfigureSubscribeJob", c)
	h.force(mg, ssRunning, "")
	h.mustCall("ModifySubscribeObjects", map[string]any{"SubscribeId": mg, "SubscribeObjectType": 5,
		"Objects":      []map[string]any{{"ObjectsType": 1, "DatabaseName": "a", "TableNames": []string{"c"}}},
		"PipelineInfo": []map[string]string{{"AggOp": "$project", "AggCmd": `{"a":1}`}}})
	if d := h.subsDetail(mg); *d.SubscribeMode != "collection" || len(d.PipelineInfo) != 1 {
		t.Fatalf("mongodb: %s %+v", *d.SubscribeMode, d.PipelineInfo)
	}
	for _, tc := range []struct {
		id     string
		params map[string]any
		code   string
		names  string
	}{
		{id, map[string]any{"SubscribeObjectType": 4}, codeInvalidParameterValue, "`SubscribeObjectType`"},
		{id, map[string]any{"SubscribeObjectType": 1}, codeMissingParameter, "`Objects`"},
		{id, map[string]any{"SubscribeObjectType": 1, "Objects": []map[string]any{{"ObjectsType": 2, "DatabaseName": "a"}}}, codeInvalidParameterValue, "`Objects.0.ObjectsType`"},
		{id, map[string]any{"SubscribeObjectType": 1, "Objects": []map[string]any{{"ObjectsType": 1, "DatabaseName": "a"}}}, codeMissingParameter, "`Objects.0.TableNames`"},
		{id, map[string]any{"SubscribeObjectType": 1, "Objects": []map[string]any{{"ObjectsType": 0}}}, codeMissingParameter, "`Objects.0.DatabaseName`"},
		{id, map[string]any{"SubscribeObjectType": 0, "DistributeRules": []map[string]any{rule("pk", "a", "b")}}, codeMissingParameter, "`DefaultRuleType`"},
		{id, map[string]any{"SubscribeObjectType": 0, "DefaultRuleType": "collection"}, codeInvalidParameterValue, "`DefaultRuleType`"},
		{id, map[string]any{"SubscribeObjectType": 0, "PipelineInfo": []map[string]string{{"AggOp": "$match", "AggCmd": "{}"}}}, codeInvalidParameterValue, "`PipelineInfo`"},
		{mg, map[string]any{"SubscribeObjectType": 1}, codeInvalidParameterValue, "`SubscribeObjectType`"},
		{mg, map[string]any{"SubscribeObjectType": 4, "Objects": []map[string]any{{"ObjectsType": 1, "DatabaseName": "a", "TableNames": []string{"c"}}}}, codeInvalidParameterValue, "`Objects`"},
	} {
		params := map[string]any{"SubscribeId": tc.id}
		for k, v := range tc.params {
			params[k] = v
		}
		if msg := wantCode(t, h.call("ModifySubscribeObjects", params), tc.code); !strings.Contains(msg, tc.names) {
			t.Errorf("%v: message %q does not name %s", tc.params, msg, tc.names)
		}
	}
	if d := h.subsDetail(mg); *d.SubscribeMode != "collection" {
		t.Fatalf("a refused change was applied: %s", *d.SubscribeMode)
	}
	var dd dtsapi.DescribeSubscribeDetailResponse
	h.mustDTS("DescribeSubscribeDetail", map[string]any{"SubscribeId": id}, &dd)
	if *dd.SubscribeMode != "ddl" {
		t.Fatalf("a refused change was applied: %s", *dd.SubscribeMode)
	}
}
