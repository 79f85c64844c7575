package sync

import (
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

var dmlOps = []string{"Insert", "Update", "Delete"}

func validateOptions(m *jobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	at, o := path.Root("options"), m.opts()
	if m.RunMode.ValueString() == "Timed" && m.ExpectRunTime.IsNull() {
		tfkit.Missing(&diags, path.Root("expect_run_time"), "run_mode = \"Timed\" needs expect_run_time, the RFC 3339 time at which DTS starts the job.")
	}
	kafka := kafkaTarget(m)
	if kafka && (o == nil || o.KafkaOption == nil) {
		tfkit.Missing(&diags, at.AtName("kafka_option"), "A Kafka target needs options.kafka_option: the message format and the topics.")
	}
	if o == nil {
		return diags
	}
	if o.OpTypes != nil && !slices.ContainsFunc(o.OpTypes, func(op string) bool { return slices.Contains(dmlOps, op) }) {
		diags.AddAttributeError(at.AtName("op_types"), "No DML operation", "op_types must contain at least one of Insert, Update and Delete.")
	}
	if o.ConflictHandleType.ValueString() == "ConditionCover" && o.ConflictHandleOption == nil {
		tfkit.Missing(&diags, at.AtName("conflict_handle_option"), "conflict_handle_type = \"ConditionCover\" needs conflict_handle_option.")
	}
	diags.Append(validateDDL(at, o)...)
	notKafka := func(name string) {
		diags.AddAttributeError(at.AtName(name), name+" is for Kafka targets", name+" applies to a sync to Kafka only.")
	}
	switch {
	case !kafka && !o.StartPosition.IsNull():
		notKafka("start_position")
	case !o.StartPosition.IsNull() && o.InitType.ValueString() != "None":
		diags.AddAttributeError(at.AtName("start_position"), "start_position is for increment-only jobs",
			"start_position applies to a job that syncs increments only: set options.init_type = \"None\".")
	}
	if !kafka && !o.FilterBeginCommit.IsNull() {
		notKafka("filter_begin_commit")
	}
	if !kafka && !o.FilterCheckpoint.IsNull() {
		notKafka("filter_checkpoint")
	}
	if o.KafkaOption != nil {
		diags.Append(validateTopics(at.AtName("kafka_option"), o.KafkaOption)...)
	}
	return diags
}

// validateTopics: the last topic rule matches the rest (Default), a single
// topic is one name, partitioning fits the topic type.
func validateTopics(at path.Path, k *kafkaOptionModel) diag.Diagnostics {
	var diags diag.Diagnostics
	rules := k.TopicRules
	if len(rules) == 0 {
		tfkit.Missing(&diags, at.AtName("topic_rules"), "kafka_option needs topic_rules: where the messages go (the last rule, Default, catches the rest).")
	}
	diags.Append(validateDataOption(at.AtName("data_option"), k.DataOption)...)
	for i := range rules {
		validateTopicRuleNeeds(&diags, at.AtName("topic_rules").AtListIndex(i), &rules[i])
	}
	if n := len(rules); n > 0 && (rules[n-1].DbMatchMode.ValueString() != "Default" || rules[n-1].TableMatchMode.ValueString() != "Default") {
		diags.AddAttributeError(at.AtName("topic_rules").AtListIndex(n-1), "The last topic rule must be Default",
			"The last topic rule catches the rest: db_match_mode and table_match_mode \"Default\".")
	}
	single := k.TopicType.ValueString() == "Single"
	for i, r := range rules {
		p := r.PartitionType.ValueString()
		switch {
		case r.PartitionType.IsNull():
		case single && r.TopicName.ValueString() != rules[0].TopicName.ValueString():
			diags.AddAttributeError(at.AtName("topic_rules").AtListIndex(i).AtName("topic_name"), "One topic",
				"topic_type = \"Single\" delivers to one topic: every rule names the same topic_name.")
		case !single && p != "" && p != "Random":
			diags.AddAttributeError(at.AtName("topic_rules").AtListIndex(i).AtName("partition_type"), "Invalid partitioning",
				fmt.Sprintf("Custom topics (topic_type = \"Multi\") partition Random only, got %q.", p))
		case single && p == "Random":
			diags.AddAttributeError(at.AtName("topic_rules").AtListIndex(i).AtName("partition_type"), "Invalid partitioning",
				"A single topic partitions by AllInPartitionZero, PartitionByTable, PartitionByTableAndKey or PartitionByCols.")
		}
	}
	return diags
}

// validatePurchase: the prepaid parameters with a prepaid job only; a
// MongoDB export's rate.
func validatePurchase(m *jobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if !m.PayMode.IsUnknown() && m.PayMode.ValueString() != "PrePay" { // unset: PostPay, the default
		if !m.TimeSpan.IsNull() && !m.TimeSpan.IsUnknown() {
			diags.AddAttributeError(path.Root("time_span"), "time_span is for PrePay jobs", "A pay-as-you-go job (pay_mode = \"PostPay\") is not bought for a time span.")
		}
		if m.AutoRenew.ValueBool() {
			diags.AddAttributeError(path.Root("auto_renew"), "auto_renew is for PrePay jobs", "A pay-as-you-go job (pay_mode = \"PostPay\") is not renewed.")
		}
	}
	return diags
}
