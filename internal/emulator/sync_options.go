package emulator

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The sync options: Options (ConfigureSyncJob) and DynamicOptions
// (ModifySyncJobConfig) share their rules; KafkaOption has its own.
// README.md ("Options", "Kafka targets") documents them.

// syncOptionValues are the members Options and DynamicOptions share.
type syncOptionValues struct {
	path                          string // Options or DynamicOptions
	opTypes                       []*string
	ddl                           []*dtsapi.DdlOption
	conflict                      string
	conflictOption                *dtsapi.ConflictHandleOption
	kafka                         *dtsapi.KafkaOption
	startPosition                 string
	filterBegin, filterCheckpoint bool
}

var syncDMLs = []string{"Insert", "Update", "Delete"}

// check applies the rules both structures share: OpTypes holds at least one
// DML ("至少需要包含DML中的一种"); PartialDDL needs DdlOptions; DDL values are
// those of their object; ConditionCover needs its whole ConflictHandleOption;
// KafkaOption, StartPosition (RFC 3339) and the Filter options are for
// Kafka targets (FilterBeginCommit and FilterCheckpoint for mysql2kafka
// only: "目前仅mysql2kafka链路支持").
func (v syncOptionValues) check(j *syncJob) *apiError {
	has := func(op string) bool {
		return slices.ContainsFunc(v.opTypes, func(p *string) bool { return deref(p) == op })
	}
	if len(v.opTypes) > 0 && !slices.ContainsFunc(syncDMLs, has) {
		return errf(codeInvalidParameterValue, "The parameter `%s.OpTypes` must hold at least one DML operation (Insert, Update, Delete).", v.path)
	}
	if has("PartialDDL") && len(v.ddl) == 0 {
		return missingParameter(v.path+".DdlOptions", " (OpTypes holds PartialDDL)")
	}
	if err := checkDdlOptions(v.path+".DdlOptions", v.ddl); err != nil {
		return err
	}
	if v.conflict == "ConditionCover" {
		o := v.conflictOption
		if o == nil {
			o = &dtsapi.ConflictHandleOption{}
		}
		if err := checkNodeMembers(v.path+".ConflictHandleOption", "ConflictHandleType ConditionCover", o,
			[]string{"ConditionColumn", "ConditionOperator", "ConditionOrderInSrcAndDst"}); err != nil {
			return err
		}
	}
	if err := v.checkKafkaMembers(j); err != nil {
		return err
	}
	if (v.filterBegin || v.filterCheckpoint) && (j.SrcDatabaseType != "mysql" || !j.kafkaTarget()) {
		return errf(codeInvalidParameterValue, "The parameters `%s.FilterBeginCommit` and `%s.FilterCheckpoint` apply to mysql2kafka links only; job %s is %s2%s.",
			v.path, v.path, j.JobID, j.SrcDatabaseType, j.DstDatabaseType)
	}
	return nil
}

// checkKafkaMembers checks KafkaOption and StartPosition.
func (v syncOptionValues) checkKafkaMembers(j *syncJob) *apiError {
	if v.kafka != nil && !j.kafkaTarget() && kafkaOptionSet(v.kafka) {
		return errf(codeInvalidParameterValue, "The parameter `%s.KafkaOption` applies to kafka targets only; job %s syncs to %s.",
			v.path, j.JobID, j.DstDatabaseType)
	}
	if v.kafka != nil && j.kafkaTarget() {
		if err := checkKafkaOption(v.path+".KafkaOption", v.kafka); err != nil {
			return err
		}
	}
	if v.startPosition == "" {
		return nil
	}
	if !j.kafkaTarget() {
		return errf(codeInvalidParameterValue, "The parameter `%s.StartPosition` applies to kafka targets only; job %s syncs to %s.",
			v.path, j.JobID, j.DstDatabaseType)
	}
	if _, err := time.Parse(time.RFC3339, v.startPosition); err != nil {
		return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s.StartPosition` is not a time of the form 2023-12-20T19:24:23+08:00.",
			v.startPosition, v.path)
	}
	return nil
}

// kafkaOptionSet reports whether a KafkaOption says anything (a zero-filled
// one, as DescribeSyncJobs reads it back for other targets, does not).
func kafkaOptionSet(k *dtsapi.KafkaOption) bool {
	return deref(k.DataType) != "" || deref(k.TopicType) != "" || deref(k.DDLTopicName) != "" ||
		len(k.TopicRules) > 0 || len(k.DataOption) > 0
}

// checkSyncOptions checks the Options of ConfigureSyncJob and returns what
// the job stores: the documented defaults filled in (InitType Full — Data
// for MongoDB links —, DealOfExistSameTable ReportErrorAfterCheck,
// ConflictHandleType ReportError), RateLimitOption dropped (the definition:
// it "cannot take effect"; ModifySyncRateLimit sets the rate).
func checkSyncOptions(j *syncJob, o *dtsapi.Options) (*dtsapi.Options, *apiError) {
	var out dtsapi.Options
	if o != nil {
		out = *o
	}
	v := syncOptionValues{path: "Options", opTypes: out.OpTypes, ddl: out.DdlOptions, conflict: deref(out.ConflictHandleType),
		conflictOption: out.ConflictHandleOption, kafka: out.KafkaOption, startPosition: deref(out.StartPosition),
		filterBegin: deref(out.FilterBeginCommit), filterCheckpoint: deref(out.FilterCheckpoint)}
	if err := v.check(j); err != nil {
		return nil, err
	}
	if j.kafkaTarget() && out.KafkaOption == nil {
		return nil, missingParameter("Options.KafkaOption", " (the target is kafka)")
	}
	mongo := j.SrcDatabaseType == "mongodb" || j.DstDatabaseType == "mongodb"
	init := deref(out.InitType)
	if mongo && init != "" && init != "Data" && init != "None" {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `Options.InitType` is not valid: mongodb links support Data or None only.", init)
	}
	if r := out.AutoRetryTimeRangeMinutes; r != nil {
		if err := checkAutoRetry("Options.AutoRetryTimeRangeMinutes", *r); err != nil {
			return nil, err
		}
	}
	if init == "" {
		init = defaultInitType
		if mongo {
			init = "Data"
		}
	}
	out.InitType = ptr(init)
	out.DealOfExistSameTable = ptr(orDefault(deref(out.DealOfExistSameTable), defaultDealOfExist))
	out.ConflictHandleType = ptr(orDefault(deref(out.ConflictHandleType), defaultConflict))
	out.RateLimitOption = nil
	return &out, nil
}

// checkDynamicOptions checks the DynamicOptions of ModifySyncJobConfig:
// the shared rules, plus: a Kafka target's ConflictHandleType cannot change
// ("目前目标端为kafka的链路不支持修改该配置"), and StartPosition re-positions
// increment-only jobs (InitType None: "仅增量任务重新设置指定位点").
func checkDynamicOptions(j *syncJob, o *dtsapi.DynamicOptions) *apiError {
	v := syncOptionValues{path: "DynamicOptions", opTypes: o.OpTypes, ddl: o.DdlOptions, conflict: deref(o.ConflictHandleType),
		conflictOption: o.ConflictHandleOption, kafka: o.KafkaOption, startPosition: deref(o.StartPosition),
		filterBegin: deref(o.FilterBeginCommit), filterCheckpoint: deref(o.FilterCheckpoint)}
	if err := v.check(j); err != nil {
		return err
	}
	current := defaultConflict
	if j.Options != nil {
		current = orDefault(deref(j.Options.ConflictHandleType), defaultConflict)
	}
	if t := deref(o.ConflictHandleType); j.kafkaTarget() && t != "" && t != current {
		return errf(codeInvalidParameterValue, "The parameter `DynamicOptions.ConflictHandleType` cannot change for a kafka target (job %s handles conflicts with %s).",
			j.JobID, current)
	}
	if deref(o.StartPosition) != "" && j.initType() != "None" {
		return errf(codeInvalidParameterValue, "The parameter `DynamicOptions.StartPosition` re-positions increment-only jobs (InitType None); job %s has InitType %s.",
			j.JobID, j.initType())
	}
	return nil
}

// mergeDynamicOptions applies a checked modification to the job's options:
// OpTypes and DdlOptions overwrite ("dts会用该值覆盖原有的值"), the other
// given members replace theirs (ConflictHandleOption as a whole), absent
// ones are kept.
func mergeDynamicOptions(cur *dtsapi.Options, d *dtsapi.DynamicOptions) *dtsapi.Options {
	var out dtsapi.Options
	if cur != nil {
		out = *cur
	}
	out.OpTypes, out.DdlOptions = d.OpTypes, d.DdlOptions
	if deref(d.ConflictHandleType) != "" {
		out.ConflictHandleType = d.ConflictHandleType
	}
	if d.ConflictHandleOption != nil {
		out.ConflictHandleOption = d.ConflictHandleOption
	}
	if d.KafkaOption != nil {
		out.KafkaOption = d.KafkaOption
	}
	if d.FilterBeginCommit != nil {
		out.FilterBeginCommit = d.FilterBeginCommit
	}
	if d.FilterCheckpoint != nil {
		out.FilterCheckpoint = d.FilterCheckpoint
	}
	if deref(d.DealOfExistSameTable) != "" {
		out.DealOfExistSameTable = d.DealOfExistSameTable
	}
	if deref(d.StartPosition) != "" {
		out.StartPosition = d.StartPosition
	}
	return &out
}

// Partition types of a topic rule, by topic type (TopicRule.PartitionType).
var partitionTypes = map[string][]string{
	"Multi":  {"Random"},
	"Single": {"AllInPartitionZero", "PartitionByTable", "PartitionByTableAndKey", "PartitionByCols"},
}

// checkKafkaOption checks the Kafka option of a Kafka target: DataType,
// TopicType and TopicRules are needed; every rule names its topic (the
// same for every rule of a single topic: "单topic时，所有的TopicName必须相同")
// and its match modes, the last rule matches the rest (Default, Default:
// "数组中最后一项必须为'Default'"), a Regular mode names its database or
// table, the partition type fits the topic type and PartitionByCols names
// its columns; DataOption skipLargeMessage on needs maxMessageSizeMB 1–100.
func checkKafkaOption(path string, k *dtsapi.KafkaOption) *apiError {
	if err := checkNodeMembers(path, "the target is kafka", k, []string{"DataType", "TopicType", "TopicRules"}); err != nil {
		return err
	}
	topicType := *k.TopicType
	for i, r := range k.TopicRules {
		p := nodePath(path+".TopicRules", i)
		if r == nil {
			return missingParameter(p, "")
		}
		if err := checkNodeMembers(p, "every topic rule", r, []string{"TopicName", "DbMatchMode", "TableMatchMode", "PartitionType"}); err != nil {
			return err
		}
		if err := checkTopicRule(p, topicType, r, k.TopicRules[0], i == len(k.TopicRules)-1); err != nil {
			return err
		}
	}
	return checkKafkaDataOption(path+".DataOption", k.DataOption)
}

// checkTopicRule checks one rule of a KafkaOption; first is the first rule.
func checkTopicRule(p, topicType string, r, first *dtsapi.TopicRule, last bool) *apiError {
	invalid := func(member, value, why string) *apiError {
		return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s.%s` is not valid: %s.", value, p, member, why)
	}
	if topicType == "Single" && *r.TopicName != *first.TopicName {
		return invalid("TopicName", *r.TopicName, "with TopicType Single every rule names the same topic ("+*first.TopicName+")")
	}
	if last && (*r.DbMatchMode != "Default" || *r.TableMatchMode != "Default") {
		return invalid("DbMatchMode", *r.DbMatchMode+"/"+*r.TableMatchMode, "the last rule must match the rest (DbMatchMode and TableMatchMode Default)")
	}
	if *r.DbMatchMode == "Regular" && deref(r.DbName) == "" {
		return missingParameter(p+".DbName", " (DbMatchMode is Regular)")
	}
	if *r.TableMatchMode == "Regular" && deref(r.TableName) == "" {
		return missingParameter(p+".TableName", " (TableMatchMode is Regular)")
	}
	if allowed := partitionTypes[topicType]; !slices.Contains(allowed, *r.PartitionType) {
		return invalid("PartitionType", *r.PartitionType, "TopicType "+topicType+" partitions by one of "+strings.Join(allowed, ", "))
	}
	if *r.PartitionType == "PartitionByCols" && len(r.Columns) == 0 {
		return missingParameter(p+".Columns", " (PartitionType is PartitionByCols)")
	}
	return nil
}

// checkKafkaDataOption checks the documented DataOption keys.
func checkKafkaDataOption(path string, opts []*dtsapi.KeyValuePairOption) *apiError {
	values := map[string]string{}
	for _, kv := range opts {
		if kv != nil {
			values[deref(kv.Key)] = deref(kv.Value)
		}
	}
	if values["skipLargeMessage"] != "on" {
		return nil
	}
	size, ok := values["maxMessageSizeMB"]
	if !ok {
		return missingParameter(path+" key maxMessageSizeMB", " (skipLargeMessage is on)")
	}
	if n, err := strconv.Atoi(size); err != nil || n < 1 || n > 100 {
		return errf(codeInvalidParameterValue, "The value `%s` of the %s key maxMessageSizeMB is not valid: a whole number of MB from 1 to 100.", size, path)
	}
	return nil
}
