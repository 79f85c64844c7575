package sync

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The rules of ConfigureSyncJob that depend on the link (the database types
// at both ends) or on option values, from the definition's member texts.

// ddlValues are the DdlValue each DdlObject takes (DdlOption).
var ddlValues = map[string][]string{
	"Database": {"Create", "Drop", "Alter"},
	"Table":    {"Create", "Drop", "Alter", "Truncate", "Rename"},
	"View":     {"Create", "Drop"},
	"Index":    {"Create", "Drop"},
}

// maxMongoDumpRps is the rate limit of a MongoDB export ("mongo不能大于2万").
const maxMongoDumpRps = 20000

func validateLink(m *jobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	src, dst := endpointType(m.SrcInfo), endpointType(m.DstInfo)
	mongo := src == "mongodb" || dst == "mongodb"
	o := m.opts()
	if m.DstInfo != nil && kafkaTarget(m) && m.DstInfo.AccessType.ValueString() == "cdb" {
		diags.AddAttributeError(path.Root("dst_info").AtName("access_type"), "No cdb access to Kafka",
			"A Kafka target is reached as a CKafka instance (access_type = \"ckafka\") or as a self-built Kafka (its network access type), not as cdb.")
	}
	if o != nil && mongo && !slices.Contains([]string{"", "Data", "None"}, o.InitType.ValueString()) {
		diags.AddAttributeError(path.Root("options").AtName("init_type"), "Invalid initialization for MongoDB",
			fmt.Sprintf("options.init_type: MongoDB links load data (\"Data\") or sync increments only (\"None\"), got %q.", o.InitType.ValueString()))
	}
	if o != nil && (src != "mysql" || !kafkaTarget(m)) {
		for _, f := range []struct {
			name string
			set  bool
		}{{"filter_begin_commit", !o.FilterBeginCommit.IsNull()}, {"filter_checkpoint", !o.FilterCheckpoint.IsNull()}} {
			if f.set && kafkaTarget(m) {
				diags.AddAttributeError(path.Root("options").AtName(f.name), f.name+" is for mysql2kafka links",
					fmt.Sprintf("DTS filters these messages on links from MySQL to Kafka only; this link is %s2kafka.", src))
			}
		}
	}
	if rl, _ := m.RateLimit.Get(context.Background()); mongo && rl != nil && rl.DumpRps.ValueInt64() > maxMongoDumpRps {
		diags.AddAttributeError(path.Root("rate_limit").AtName("dump_rps"), "Too fast for MongoDB",
			fmt.Sprintf("rate_limit.dump_rps: a MongoDB export reads at most %d rows per second, got %d.", maxMongoDumpRps, rl.DumpRps.ValueInt64()))
	}
	return diags
}

func endpointType(e *endpointModel) string {
	if e == nil {
		return ""
	}
	return e.DatabaseType.ValueString()
}

// validateDDL: PartialDDL needs ddl_options, whose values are those of their
// object; ConditionCover needs its whole conflict_handle_option.
func validateDDL(at path.Path, o *optionsModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if slices.Contains(o.OpTypes, "PartialDDL") && len(o.DdlOptions) == 0 {
		tfkit.Missing(&diags, at.AtName("ddl_options"), "op_types with \"PartialDDL\" needs ddl_options: which DDL to sync.")
	}
	for i, d := range o.DdlOptions {
		allowed, obj := ddlValues[d.DdlObject.ValueString()], d.DdlObject.ValueString()
		for _, v := range d.DdlValue {
			if allowed != nil && !slices.Contains(allowed, v) {
				diags.AddAttributeError(at.AtName("ddl_options").AtListIndex(i).AtName("ddl_value"), "Invalid DDL for "+obj,
					fmt.Sprintf("options.ddl_options[%d].ddl_value: %q is not a DDL of a %s; allowed: %s.", i, v, obj, strings.Join(allowed, ", ")))
			}
		}
	}
	if o.ConflictHandleType.ValueString() == "ConditionCover" && o.ConflictHandleOption != nil {
		for _, attr := range []string{"condition_column", "condition_operator", "condition_order_in_src_and_dst"} {
			if !tfkit.IsSet(o.ConflictHandleOption, attr) {
				tfkit.Missing(&diags, at.AtName("conflict_handle_option").AtName(attr), "conflict_handle_type = \"ConditionCover\" needs the whole conflict_handle_option.")
			}
		}
	}
	return diags
}

// topicRuleNeeds are the members every topic rule needs, and what a value
// needs more.
var topicRuleNeeds = []struct {
	attr, when, is, why string
}{
	{"topic_name", "", "", "Every topic rule needs topic_name."},
	{"db_match_mode", "", "", "Every topic rule needs db_match_mode."},
	{"table_match_mode", "", "", "Every topic rule needs table_match_mode."},
	{"partition_type", "", "", "Every topic rule needs partition_type: Random for custom topics (topic_type = \"Multi\"), otherwise how a single topic is partitioned."},
	{"db_name", "db_match_mode", "Regular", "db_match_mode = \"Regular\" needs db_name, the pattern."},
	{"table_name", "table_match_mode", "Regular", "table_match_mode = \"Regular\" needs table_name, the pattern."},
	{"columns", "partition_type", "PartitionByCols", "partition_type = \"PartitionByCols\" needs columns."},
}

// validateTopicRuleNeeds applies topicRuleNeeds to rule r at p.
func validateTopicRuleNeeds(diags *diag.Diagnostics, p path.Path, r *topicRuleModel) {
	for _, n := range topicRuleNeeds {
		if (n.when == "" || tfkit.StringOf(r, n.when) == n.is) && !tfkit.IsSet(r, n.attr) {
			tfkit.Missing(diags, p.AtName(n.attr), n.why)
		}
	}
}

// validateDataOption: skipLargeMessage needs maxMessageSizeMB, 1 to 100.
func validateDataOption(at path.Path, opts map[string]string) diag.Diagnostics {
	var diags diag.Diagnostics
	if opts["skipLargeMessage"] != "on" {
		return diags
	}
	size, ok := opts["maxMessageSizeMB"]
	if n, err := strconv.Atoi(size); !ok || err != nil || n < 1 || n > 100 {
		diags.AddAttributeError(at, "Missing maxMessageSizeMB",
			"data_option skipLargeMessage = \"on\" needs maxMessageSizeMB, a whole number of MB from 1 to 100.")
	}
	return diags
}
