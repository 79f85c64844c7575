package emulator

import (
	"slices"
	"strings"
	"testing"
)

// kafkaRequest is a valid ConfigureSyncJob request of a mysql→kafka job to
// a CKafka instance, one topic partitioned by table.
func kafkaRequest(id string) map[string]any {
	req := syncRequest(id)
	req["DstAccessType"] = "ckafka"
	req["DstInfo"] = map[string]any{"InstanceId": "ckafka-abc123"}
	req["Options"] = map[string]any{"KafkaOption": map[string]any{
		"DataType": "Avro", "TopicType": "Single",
		"TopicRules": []map[string]any{
			{"TopicName": "orders", "PartitionType": "PartitionByTable", "DbMatchMode": "Regular", "DbName": "orders.*",
				"TableMatchMode": "Default"},
			{"TopicName": "orders", "PartitionType": "AllInPartitionZero", "DbMatchMode": "Default", "TableMatchMode": "Default"},
		},
	}}
	return req
}

// TestSyncKafkaTarget covers a Kafka target: KafkaOption is required and
// checked, the filters and StartPosition are accepted, no consistency check
// can be created, and the conflict handling cannot change later.
func TestSyncKafkaTarget(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.buySync(map[string]any{"DstDatabaseType": "kafka"})[0]
	ok := kafkaRequest(id)
	rules := "Options.KafkaOption.TopicRules"
	tests := []struct {
		name       string
		req        map[string]any
		code, path string
	}{
		{"DataType", with(ok, "Options.KafkaOption.DataType", nil), codeMissingParameter, "Options.KafkaOption.DataType"},
		{"DataType enum", with(ok, "Options.KafkaOption.DataType", "xml"), codeInvalidParameterValue, "Options.KafkaOption.DataType"},
		{"TopicType", with(ok, "Options.KafkaOption.TopicType", nil), codeMissingParameter, "Options.KafkaOption.TopicType"},
		{"TopicRules", with(ok, rules, nil), codeMissingParameter, rules},
		{"the last rule is Default", with(ok, rules+".1.TableMatchMode", "Regular"), codeInvalidParameterValue, rules + ".1"},
		{"one topic name for Single", with(ok, rules+".1.TopicName", "other"), codeInvalidParameterValue, rules + ".1.TopicName"},
		{"Regular names its database", with(ok, rules+".0.DbName", nil), codeMissingParameter, rules + ".0.DbName"},
		{"Single partitions", with(ok, rules+".0.PartitionType", "Random"), codeInvalidParameterValue, rules + ".0.PartitionType"},
		{"Multi partitions randomly", with(ok, "Options.KafkaOption.TopicType", "Multi"), codeInvalidParameterValue, rules + ".0.PartitionType"},
		{"PartitionByCols names columns", with(ok, rules+".0.PartitionType", "PartitionByCols"), codeMissingParameter, rules + ".0.Columns"},
		{"skipLargeMessage needs a size", with(ok, "Options.KafkaOption.DataOption", []map[string]string{{"Key": "skipLargeMessage", "Value": "on"}}),
			codeMissingParameter, "maxMessageSizeMB"},
		{"message size", with(ok, "Options.KafkaOption.DataOption", []map[string]string{{"Key": "skipLargeMessage", "Value": "on"},
			{"Key": "maxMessageSizeMB", "Value": "101"}}), codeInvalidParameterValue, "maxMessageSizeMB"},
		{"StartPosition format", with(ok, "Options.StartPosition", "2023-12-20 19:24:23"), codeInvalidParameterValue, "Options.StartPosition"},
		{"a CKafka instance", with(ok, "DstInfo.InstanceId", nil), codeMissingParameter, "DstInfo.InstanceId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if msg := wantCode(t, h.call("ConfigureSyncJob", tt.req), tt.code); !strings.Contains(msg, tt.path) {
				t.Errorf("message %q does not name %s", msg, tt.path)
			}
		})
	}
	full := with(with(with(ok, "Options.FilterBeginCommit", true), "Options.StartPosition", "2023-12-20T19:24:23+08:00"), "Options.InitType", "None")
	full = with(full, "Options.KafkaOption.DataOption", []map[string]string{{"Key": "skipLargeMessage", "Value": "on"}, {"Key": "maxMessageSizeMB", "Value": "10"}})
	h.mustCall("ConfigureSyncJob", full)
	j := h.syncJob(id)
	if k := j.Options.KafkaOption; *k.DataType != "Avro" || len(k.TopicRules) != 2 || *j.Options.StartPosition == "" || !*j.Options.FilterBeginCommit ||
		*j.DstAccessType != "ckafka" || !strings.Contains(*j.Detail.CauseOfCompareDisable, "kafka") {
		t.Fatalf("kafka job: %s", mustJSON(t, j))
	}
	// A self-built Kafka: Ip and Port.
	h.mustCall("ConfigureSyncJob", with(with(ok, "DstAccessType", "extranet"), "DstInfo", map[string]any{"Ip": "10.1.1.1", "Port": 9092}))

	h.mustCall("ConfigureSyncJob", full)
	h.mustJobOp("CreateCheckSyncJob", id)
	h.emu.Advance(syncCheckTime)
	h.mustJobOp("StartSyncJob", id)
	h.emu.Advance(durSyncReadyRun + durSchemaInit)
	wantSync(t, h, id, syRunning, "")
	if slices.Contains(ids(h.syncJob(id).Actions), "createCmpTask") {
		t.Fatal("createCmpTask allowed on a kafka target")
	}
	mod := with(modifyRequest(id), "DynamicOptions.ConflictHandleType", "Cover")
	wantCode(t, h.call("ModifySyncJobConfig", mod), codeInvalidParameterValue)
	mod = with(with(modifyRequest(id), "DynamicOptions.ConflictHandleType", "ReportError"), "DynamicOptions.StartPosition", "2024-01-01T00:00:00+08:00")
	mod = with(mod, "DynamicOptions.KafkaOption", with(ok, "Options.KafkaOption.DataType", "Json")["Options"].(map[string]any)["KafkaOption"])
	h.mustCall("ModifySyncJobConfig", mod)
	h.mustJobOp("CreateModifyCheckSyncJob", id)
	h.emu.Advance(durModifyCheck())
	h.mustJobOp("StartModifySyncJob", id)
	h.emu.Advance(durModifying)
	if o := h.syncJob(id).Options; *o.KafkaOption.DataType != "Json" || *o.StartPosition != "2024-01-01T00:00:00+08:00" || !*o.FilterBeginCommit {
		t.Fatalf("modified kafka options: %s", mustJSON(t, o))
	}
}
