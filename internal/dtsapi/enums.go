package dtsapi

import (
	"slices"
	"strings"
)

// Enum is the set of values the API documents for one field.
//
// Closed sets are documented as complete: the provider rejects anything else
// at plan time and the emulator answers InvalidParameterValue. Open sets are
// documented with "for example" or depend on the link: the provider lists them
// in the attribute description and the emulator accepts other values.
type Enum struct {
	Values []string
	Closed bool
}

// Has reports whether v is one of the documented values.
func (e Enum) Has(v string) bool { return slices.Contains(e.Values, v) }

// Describe renders the values for a schema description: "`a`, `b` or `c`".
func (e Enum) Describe() string {
	quoted := make([]string, len(e.Values))
	for i, v := range e.Values {
		quoted[i] = "`" + v + "`"
	}
	switch len(quoted) {
	case 0:
		return ""
	case 1:
		return quoted[0]
	}
	s := strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
	if !e.Closed {
		s += " (not an exhaustive list: other values depend on the link)"
	}
	return s
}

// LookupEnum returns the enum of a field, keyed "Structure.Member" as in the
// API definition.
func LookupEnum(key string) (Enum, bool) {
	e, ok := Enums[key]
	return e, ok
}

// MustEnum is LookupEnum for keys the code knows to exist.
func MustEnum(key string) Enum {
	e, ok := Enums[key]
	if !ok {
		panic("dtsapi: no enum " + key)
	}
	return e
}

func closed(v ...string) Enum { return Enum{Values: v, Closed: true} }
func open(v ...string) Enum   { return Enum{Values: v} }

// Migration job statuses (JobItem.Status), all 19 the definition documents.
const (
	MigrationStatusCreating      = "creating"
	MigrationStatusCreated       = "created"
	MigrationStatusChecking      = "checking"
	MigrationStatusCheckPass     = "checkPass"
	MigrationStatusCheckNotPass  = "checkNotPass"
	MigrationStatusReadyRun      = "readyRun"
	MigrationStatusRunning       = "running"
	MigrationStatusReadyComplete = "readyComplete"
	MigrationStatusSuccess       = "success"
	MigrationStatusFailed        = "failed"
	MigrationStatusStopping      = "stopping"
	MigrationStatusCompleting    = "completing"
	MigrationStatusPausing       = "pausing"
	MigrationStatusManualPaused  = "manualPaused"
	MigrationStatusResumableErr  = "resumableErr"
	MigrationStatusResuming      = "resuming"
	MigrationStatusUnknown       = "unknown"
	MigrationStatusError         = "error"
	MigrationStatusCanceled      = "canceled"
)

// Billing (trade) statuses of a migration job (TradeInfo.TradeStatus); sync
// spells its own in CamelCase (Isolated, not isolated).
const (
	MigrationTradeStatusNormal    = "normal"
	MigrationTradeStatusResizing  = "resizing"
	MigrationTradeStatusReversing = "reversing"
	MigrationTradeStatusIsolating = "isolating"
	MigrationTradeStatusIsolated  = "isolated"
	MigrationTradeStatusOfflining = "offlining"
	MigrationTradeStatusOfflined  = "offlined"
	MigrationTradeStatusNotBilled = "notBilled"
)

// Migration check results (DescribeMigrationCheckJob).
const (
	CheckStatusNotStarted = "notStarted"
	CheckStatusRunning    = "running"
	CheckStatusFailed     = "failed"
	CheckStatusSuccess    = "success"

	CheckFlagPass    = "checkPass"
	CheckFlagNotPass = "checkNotPass"

	CheckStepPass       = "pass"
	CheckStepFailed     = "failed"
	CheckStepNotStarted = "notStarted"
	CheckStepBlocked    = "blocked"
	CheckStepWarning    = "warning"

	// CheckStepConnectDB is the connectivity step, which can never be skipped.
	CheckStepConnectDB = "ConnectDBCheck"
)

// Subscription statuses (DescribeSubscribeDetail.SubsStatus), all 7 the
// definition documents.
const (
	SubsStatusNotStarted   = "notStarted"
	SubsStatusChecking     = "checking"
	SubsStatusCheckNotPass = "checkNotPass"
	SubsStatusCheckPass    = "checkPass"
	SubsStatusStarting     = "starting"
	SubsStatusRunning      = "running"
	SubsStatusError        = "error"
)

// Lifecycle (billing) statuses of a subscription (DescribeSubscribeDetail.Status),
// as api.zh.json spells them (the English file says offline for offlining).
const (
	SubsLifecycleNormal         = "normal"
	SubsLifecycleIsolating      = "isolating"
	SubsLifecycleIsolated       = "isolated"
	SubsLifecycleOfflining      = "offlining"
	SubsLifecyclePost2PrePaying = "post2PrePayIng"
)

// Kafka consumer group states (GroupInfo.ConsumerGroupState); the definition
// names Dead, Empty and Stable "等" (among others): the rebalancing states are
// Kafka's.
const (
	GroupStateEmpty               = "Empty"
	GroupStatePreparingRebalance  = "PreparingRebalance"
	GroupStateCompletingRebalance = "CompletingRebalance"
	GroupStateStable              = "Stable"
	GroupStateDead                = "Dead"
)

// Subscription check results (DescribeSubscribeCheckJob).
const (
	SubsCheckRunning = "running"
	SubsCheckFailed  = "failed"
	SubsCheckSuccess = "success"
	SubsCheckUnknown = "unknown"

	SubsCheckStepNotStarted = "notStarted"
	SubsCheckStepRunning    = "running"
	SubsCheckStepFinished   = "finished"
	SubsCheckStepFailed     = "failed"
	SubsCheckStepUnknown    = "unknown"
)

// checkStepIDs are the check step IDs (CheckStep.StepId, StepInfo.StepId)
// seen in real responses: the values SkipCheckItem and SkipSyncCheckItem take.
var checkStepIDs = closed(CheckStepConnectDB, "VersionCheck", "SrcPrivilegeCheck", "SimpleParamCheck", "DstPrivilegeCheck",
	"DstEmptyCheck", "DstSpaceCheck", "BinlogParamCheck", "ConstraintCheck", "ConstraintRefCheck", "ViewCheck",
	"WarningParamCheck", "OptimizeCheck", "AdvancedStoreObjectCheck", "ModifyConfigCheck")

// Verbs of the operations a job allows, seen in real responses: migration's
// MigrateAction.AllAction / AllowedAction and sync's SyncJobInfo.AllActions /
// Actions use the same words (sync adds its own, e.g. checkOptObj).
const (
	VerbView          = "view"
	VerbModify        = "modify"
	VerbCheck         = "check"
	VerbStart         = "start"
	VerbConfigure     = "configure"
	VerbStop          = "stop"
	VerbComplete      = "complete"
	VerbResume        = "resume"
	VerbPause         = "pause"
	VerbContinue      = "continue"
	VerbCreateCmpTask = "createCmpTask"
	VerbIsolate       = "isolate"
	VerbOffline       = "offline"
	VerbResize        = "resize"
	VerbRecover       = "recover"
	VerbLimitRate     = "limitRate"
)

// Compare task statuses (CompareTaskItem.Status), all 7 the definition
// documents; migration and sync compare tasks share them.
const (
	CompareStatusCreated  = "created"
	CompareStatusReadyRun = "readyRun"
	CompareStatusRunning  = "running"
	CompareStatusSuccess  = "success"
	CompareStatusStopping = "stopping"
	CompareStatusFailed   = "failed"
	CompareStatusCanceled = "canceled"
)

// Compare conclusions (CompareTaskItem.Conclusion, CompareAbstractInfo.Conclusion).
const (
	CompareConclusionSame      = "same"
	CompareConclusionDifferent = "different"
	CompareConclusionSkipAll   = "skipAll"
)

var compareStatuses = closed(CompareStatusCreated, CompareStatusReadyRun, CompareStatusRunning, CompareStatusSuccess,
	CompareStatusStopping, CompareStatusFailed, CompareStatusCanceled)

// compareObjectModes is the ObjectMode of a compare task: the job's own
// objects, or the task's (a subset of them).
var compareObjectModes = closed("sameAsMigrate", "custom")

var migrationStatuses = closed(
	MigrationStatusCreating, MigrationStatusCreated, MigrationStatusChecking, MigrationStatusCheckPass,
	MigrationStatusCheckNotPass, MigrationStatusReadyRun, MigrationStatusRunning, MigrationStatusReadyComplete,
	MigrationStatusSuccess, MigrationStatusFailed, MigrationStatusStopping, MigrationStatusCompleting,
	MigrationStatusPausing, MigrationStatusManualPaused, MigrationStatusResumableErr, MigrationStatusResuming,
	MigrationStatusUnknown, MigrationStatusError, MigrationStatusCanceled,
)

var (
	accessTypes = open("extranet", "ipv6", "cvm", "dcg", "vpncloud", "cdb", "ccn", "intranet", "vpc")
	// Database types named by CreateMigrationService and DescribeMigrateDBInstances.
	migrationDatabaseTypes = open("mysql", "redis", "percona", "mongodb", "postgresql", "sqlserver", "mariadb",
		"cynosdbmysql", "tdsqlmysql", "tdsqlpercona", "keewidb", "tendis", "tdstore", "clickhouse")
	allPartial = closed("all", "partial")

	subsProducts  = closed("cynosdbmysql", "mariadb", "mongodb", "mysql", "percona", "tdpg", "tdsqlpercona")
	subsAccess    = open("extranet", "vpncloud", "dcg", "ccn", "cdb", "cvm", "intranet", "vpc")
	subsStatuses  = closed(SubsStatusNotStarted, SubsStatusChecking, SubsStatusCheckNotPass, SubsStatusCheckPass, SubsStatusStarting, SubsStatusRunning, SubsStatusError)
	subsLifecycle = closed(SubsLifecycleNormal, SubsLifecycleIsolating, SubsLifecycleIsolated, SubsLifecycleOfflining, SubsLifecyclePost2PrePaying)
	defaultRules  = closed("table", "pk", "collection")
)

// Enums is the one table of documented values, shared by the provider
// (validators and descriptions) and the emulator (request validation).
// Keys are "Structure.Member" of the API definition.
var Enums = map[string]Enum{
	// Purchase and specification.
	"CreateMigrationServiceRequest.InstanceClass":   closed("small", "medium", "large", "xlarge", "2xlarge"),
	"CreateMigrationServiceRequest.SrcDatabaseType": migrationDatabaseTypes,
	"CreateMigrationServiceRequest.DstDatabaseType": migrationDatabaseTypes,
	"ModifyMigrateJobSpecRequest.NewInstanceClass":  closed("micro", "small", "medium", "large", "xlarge", "2xlarge"),

	// Endpoints.
	"DBEndpointInfo.AccessType":     accessTypes,
	"DBEndpointInfo.DatabaseType":   migrationDatabaseTypes,
	"DBEndpointInfo.NodeType":       closed("simple", "cluster", "replicaset", "standalone", "cluster-cache", "cluster-proxy"),
	"DBEndpointInfo.Supplier":       open("others", "aliyun", "aws"),
	"DBEndpointInfo.DatabaseNetEnv": closed("UserIDC", "TencentVPC"),
	"DBEndpointInfo.ConnectType":    closed("proxy", "set"),
	"DBInfo.Role":                   open("mongos", "proxy", "set"),
	"DBInfo.AccountMode":            closed("self", "other"),
	"DBInfo.EncryptConn":            closed("UnEncrypted", "Encrypted"),

	// Configuration.
	"ModifyMigrationJobRequest.RunMode":   closed("immediate", "timed"),
	"MigrateOption.MigrateType":           closed("full", "structure", "fullAndIncrement"),
	"MigrateOption.MigrateWay":            closed("logical", "physical"),
	"ConsistencyOption.Mode":              closed("full", "noCheck", "notConfigured"),
	"ConsistencyOption.ObjectMode":        closed("sameAsMigrate", "custom"),
	"DatabaseTableObject.ObjectMode":      allPartial,
	"DatabaseTableObject.AdvancedObjects": open("trigger", "function", "procedure", "event"),
	"DBItem.DBMode":                       allPartial,
	"DBItem.SchemaMode":                   allPartial,
	"DBItem.TableMode":                    allPartial,
	"DBItem.ViewMode":                     closed("all", "partial", "none"), // none: undocumented, read back in three real samples
	"DBItem.RoleMode":                     allPartial,
	"DBItem.FunctionMode":                 allPartial,
	"DBItem.TriggerMode":                  allPartial,
	"DBItem.EventMode":                    allPartial,
	"DBItem.ProcedureMode":                allPartial,
	"TableItem.TableEditMode":             closed("rename", "pt"),
	// Redis write mode, passed as MigrateOption.ExtraAttr / OtherOptions key DstWriteMode.
	"ExtraAttr.DstWriteMode": closed("clearData", "overwrite", "normal"),

	// Operations.
	"CompleteMigrateJobRequest.CompleteMode":         closed("waitForSync", "immediately"),
	"ResumeMigrateJobRequest.ResumeOption":           closed("clearData", "overwrite", "normal"),
	"SkipCheckItemRequest.ForeignKeyFlag":            closed("shield", "migrate"),
	"SkipCheckItemRequest.StepIds":                   checkStepIDs,
	"CheckStep.StepId":                               checkStepIDs,
	"DescribeMigrateDBInstancesRequest.MigrateRole":  closed("src", "dst"),
	"DescribeMigrateDBInstancesRequest.DatabaseType": migrationDatabaseTypes,
	"DescribeMigrateDBInstancesRequest.AccountMode":  closed("self", "other"),

	// Listing. The Status filter's own description lists 11 values; the job
	// can be in any of the 19 JobItem statuses, so the filter accepts those.
	"DescribeMigrationJobsRequest.Status":          migrationStatuses,
	"DescribeMigrationJobsRequest.OrderSeq":        closed("asc", "desc"),
	"DescribeMigrationJobsRequest.RunMode":         closed("immediate", "timed"),
	"DescribeMigrationJobsRequest.SrcAccessType":   accessTypes,
	"DescribeMigrationJobsRequest.DstAccessType":   accessTypes,
	"DescribeMigrationJobsRequest.SrcDatabaseType": migrationDatabaseTypes,
	"DescribeMigrationJobsRequest.DstDatabaseType": migrationDatabaseTypes,

	// Consistency checks (compare tasks), both families.
	"CreateCompareTaskRequest.ObjectMode":     compareObjectModes,
	"CreateSyncCompareTaskRequest.ObjectMode": compareObjectModes,
	"ModifyCompareTaskRequest.ObjectMode":     compareObjectModes,
	"ModifySyncCompareTaskRequest.ObjectMode": compareObjectModes,
	"CompareObject.ObjectMode":                allPartial,
	"CompareObject.AdvancedObjects":           open("account", "index", "shardkey", "schema"),
	"CompareObjectItem.DbMode":                allPartial,
	"CompareObjectItem.TableMode":             allPartial,
	"CompareObjectItem.ViewMode":              closed("all", "partial", "none"), // none: read back in the DescribeCompareTasks sample
	"CompareTableItem.ColumnMode":             allPartial,
	"CompareOptions.Method":                   closed("dataCheck", "sampleDataCheck", "rowsCount"),
	"CompareOptions.Type":                     closed("builtin", "independent"),
	"CompareOptions.CompareMode":              closed("structureCheck", "full", "increment", "advanceObject"),
	"DescribeCompareTasksRequest.Status":      compareStatuses,
	"DescribeSyncCompareTasksRequest.Status":  compareStatuses,
	"CompareTaskItem.Status":                  compareStatuses,
	"CompareTaskItem.Conclusion":              closed(CompareConclusionSame, CompareConclusionDifferent, CompareConclusionSkipAll),
	"DiffChunkItem.DiffType":                  closed("data", "srcLack", "dstLack"),

	// Output values.
	"JobItem.Status":                              migrationStatuses,
	"JobItem.DumperResumeCtrl":                    closed("yes", "no"),
	"TradeInfo.TradeStatus":                       closed(MigrationTradeStatusNormal, MigrationTradeStatusResizing, MigrationTradeStatusReversing, MigrationTradeStatusIsolating, MigrationTradeStatusIsolated, MigrationTradeStatusOfflining, MigrationTradeStatusOfflined, MigrationTradeStatusNotBilled),
	"TradeInfo.PayType":                           closed("postpay", "prepay"),
	"TradeInfo.BillingType":                       closed("billing", "notBilling", "promotions"),
	"DescribeMigrationCheckJobResponse.Status":    closed(CheckStatusNotStarted, CheckStatusRunning, CheckStatusFailed, CheckStatusSuccess),
	"DescribeMigrationCheckJobResponse.CheckFlag": closed(CheckFlagPass, CheckFlagNotPass),
	"CheckStep.StepStatus":                        closed(CheckStepPass, CheckStepFailed, CheckStepNotStarted, CheckStepBlocked, CheckStepWarning),
	"StepDetailInfo.Status":                       closed("success", "failed", "running", "notStarted", "finished", "skipped"), // the samples answer finished and skipped, undocumented
	"ProcessProgress.Status":                      open("notStarted", "running", "success", "failed"),
	"CompareTaskInfo.Status":                      closed("unstart", "running", "canceled", "failed", "inconsistent", "consistent", "notexist"),
	"RateLimitOption.HasUserSetRateLimit":         closed("yes", "no"),
	// Subscriptions (Kafka edition).
	"CreateSubscribeRequest.Product":                subsProducts,
	"CreateSubscribeRequest.SubscribeVersion":       closed("kafka", "kafkaPro"),
	"CreateSubscribeRequest.InstanceClass":          closed("small", "medium", "large"),
	"ConfigureSubscribeJobRequest.SubscribeMode":    closed("all", "dml", "ddl", "dmlAndDdl", "database", "collection"),
	"ConfigureSubscribeJobRequest.AccessType":       subsAccess,
	"ConfigureSubscribeJobRequest.Protocol":         open("protobuf", "json", "avro"),
	"EndpointItem.EncryptConn":                      closed("UnEncrypted", "Encrypted"),
	"EndpointItem.DatabaseNetEnv":                   closed("UserIDC", "TencentVPC", "Aws", "AliYun", "Others"),
	"EndpointItem.ChildInstanceType":                open("ro", "rw"),
	"SubscribeKafkaConfig.DefaultRuleType":          defaultRules,
	"DistributeRule.RuleType":                       closed("table", "pk", "cols", "collection", "collectionAndObjectId"),
	"SubscribeObject.ObjectType":                    closed("database", "table"),
	"PipelineInfo.AggOp":                            closed("$addFields", "$match", "$project", "$replaceRoot", "$redact", "$replaceWith", "$set", "$unset"),
	"ModifySubscribeObjectsRequest.DefaultRuleType": defaultRules,
	"ResetConsumerGroupOffsetRequest.ResetMode":     closed("earliest", "latest", "datetime"),
	// The list's Product filter names tdsqlpercona "tdsqlpercona(tdsqlmysql)".
	"DescribeSubscribeJobsRequest.Product":           closed(append(slices.Clone(subsProducts.Values), "tdsqlmysql")...),
	"DescribeSubscribeJobsRequest.Status":            subsLifecycle,
	"DescribeSubscribeJobsRequest.SubsStatus":        subsStatuses,
	"DescribeSubscribeJobsRequest.OrderDirection":    closed("DESC", "ASC"),
	"DescribeSubscribeDetailResponse.Status":         subsLifecycle,
	"DescribeSubscribeDetailResponse.SubsStatus":     subsStatuses,
	"DescribeSubscribeDetailResponse.InstanceStatus": closed("running", "isolated", "offline"),
	"SubscribeInfo.Status":                           subsLifecycle,
	"SubscribeInfo.SubsStatus":                       subsStatuses,
	"SubscribeInfo.InstanceStatus":                   closed("running", "isolated", "offline"),
	"DescribeSubscribeCheckJobResponse.Status":       closed(SubsCheckRunning, SubsCheckFailed, SubsCheckSuccess, SubsCheckUnknown),
	"SubscribeCheckStepInfo.Status":                  closed(SubsCheckStepNotStarted, SubsCheckStepRunning, SubsCheckStepFinished, SubsCheckStepFailed, SubsCheckStepUnknown),
	"GroupInfo.ConsumerGroupState":                   open(GroupStateDead, GroupStateEmpty, GroupStateStable, GroupStatePreparingRebalance, GroupStateCompletingRebalance),

	"MigrateAction.AllowedAction": open(VerbView, VerbModify, VerbCheck, VerbStart, VerbConfigure, VerbStop,
		VerbComplete, VerbResume, VerbPause, VerbContinue, VerbCreateCmpTask, VerbIsolate, VerbOffline,
		VerbResize, VerbRecover),
}

// ---- Data sync ----

// Sync job statuses (SyncJobInfo.Status), all 17 the definition documents.
const (
	SyncStatusUnInitialized = "UnInitialized"
	SyncStatusInitialized   = "Initialized"
	SyncStatusChecking      = "Checking"
	SyncStatusCheckPass     = "CheckPass"
	SyncStatusCheckNotPass  = "CheckNotPass"
	SyncStatusReadyRunning  = "ReadyRunning"
	SyncStatusRunning       = "Running"
	SyncStatusPausing       = "Pausing"
	SyncStatusPaused        = "Paused"
	SyncStatusStopping      = "Stopping"
	SyncStatusStopped       = "Stopped"
	SyncStatusResumableErr  = "ResumableErr"
	SyncStatusResuming      = "Resuming"
	SyncStatusFailed        = "Failed"
	SyncStatusReleased      = "Released"
	SyncStatusResetting     = "Resetting"
	SyncStatusUnknown       = "Unknown"
)

// Billing statuses of a sync job (SyncJobInfo.TradeStatus), all 11.
const (
	SyncTradeStatusNormal            = "Normal"
	SyncTradeStatusResizing          = "Resizing"
	SyncTradeStatusRenewing          = "Renewing"
	SyncTradeStatusIsolating         = "Isolating"
	SyncTradeStatusIsolated          = "Isolated"
	SyncTradeStatusOfflining         = "Offlining"
	SyncTradeStatusOfflined          = "Offlined"
	SyncTradeStatusNotBilled         = "NotBilled"
	SyncTradeStatusRecovering        = "Recovering"
	SyncTradeStatusPostPay2Prepaying = "PostPay2Prepaying"
	SyncTradeStatusPrePay2Postpaying = "PrePay2Postpaying"
)

// The state of an object modification of a running sync job
// (SyncJobInfo.OptObjStatus). The definition only says the member holds it
// and the sample reads Normal; the other values are the emulator's
// vocabulary (see the emulator's README, "Object modification").
const (
	SyncOptObjNormal       = "Normal"
	SyncOptObjConfigured   = "Configured"
	SyncOptObjChecking     = "Checking"
	SyncOptObjCheckPass    = "CheckPass"
	SyncOptObjCheckNotPass = "CheckNotPass"
	SyncOptObjModifying    = "Modifying"
)

// Verbs only sync jobs use (SyncJobInfo.AllActions / Actions).
const (
	VerbPostPay2PrePay  = "postPay2prePay"
	VerbConfigureOptObj = "configureOptObj"
	VerbCheckOptObj     = "checkOptObj"
	VerbStartOptObj     = "startOptObj"
)

// Sync pay modes (CreateSyncJobRequest.PayMode, SyncJobInfo.PayMode).
const (
	SyncPayModePrePay  = "PrePay"
	SyncPayModePostPay = "PostPay"
)

var (
	syncStatuses = closed(SyncStatusUnInitialized, SyncStatusInitialized, SyncStatusChecking, SyncStatusCheckPass,
		SyncStatusCheckNotPass, SyncStatusReadyRunning, SyncStatusRunning, SyncStatusPausing, SyncStatusPaused,
		SyncStatusStopping, SyncStatusStopped, SyncStatusResumableErr, SyncStatusResuming, SyncStatusFailed,
		SyncStatusReleased, SyncStatusResetting, SyncStatusUnknown)
	syncPayModes = closed(SyncPayModePrePay, SyncPayModePostPay)
	syncRunModes = closed("Immediate", "Timed")
	// Database types named by CreateSyncJob ("如…等": not exhaustive).
	syncDatabaseTypes = open("mysql", "mariadb", "percona", "postgresql", "cynosdbmysql", "tdpg", "tdsqlmysql",
		"tdstore", "mongodb", "kafka")
	syncAccessTypes    = open("cdb", "cvm", "vpc", "extranet", "vpncloud", "dcg", "ccn", "intranet", "ckafka")
	syncNodeTypes      = closed("single", "cluster")
	syncAllPartial     = closed("All", "Partial")
	syncInstanceClass  = closed("micro", "small", "medium", "large")
	syncOpTypes        = closed("Insert", "Update", "Delete", "DDL", "PartialDDL")
	syncConflictHandle = closed("ReportError", "Ignore", "Cover", "ConditionCover")
	syncDealOfExist    = closed("ReportErrorAfterCheck", "ExecuteAfterIgnore", "InitializeAfterDelete")
	syncStepStatuses   = closed("notStarted", "running", "failed", "finished", "skipped", "paused")
)

// syncEnums are the documented values of the sync structures. They are
// merged into Enums (a key defined twice panics).
var syncEnums = map[string]Enum{
	// Purchase and specification.
	"CreateSyncJobRequest.PayMode":          syncPayModes,
	"CreateSyncJobRequest.SrcDatabaseType":  syncDatabaseTypes,
	"CreateSyncJobRequest.DstDatabaseType":  syncDatabaseTypes,
	"CreateSyncJobRequest.Specification":    closed("Standard"),
	"CreateSyncJobRequest.InstanceClass":    syncInstanceClass,
	"ResizeSyncJobRequest.NewInstanceClass": syncInstanceClass,

	// Configuration.
	"ConfigureSyncJobRequest.SrcAccessType":          syncAccessTypes,
	"ConfigureSyncJobRequest.DstAccessType":          syncAccessTypes,
	"ConfigureSyncJobRequest.JobMode":                closed("fullMode", "liteMode"),
	"ConfigureSyncJobRequest.RunMode":                syncRunModes,
	"ConfigureSyncJobRequest.SrcConnectType":         closed("proxy", "set"),
	"ConfigureSyncJobRequest.SrcNodeType":            syncNodeTypes,
	"ConfigureSyncJobRequest.DstNodeType":            syncNodeTypes,
	"SyncDBEndpointInfos.AccessType":                 syncAccessTypes,
	"Endpoint.Role":                                  open("proxy", "set"),
	"Endpoint.AccountMode":                           closed("self", "other"),
	"Endpoint.EncryptConn":                           closed("UnEncrypted", "Encrypted"),
	"Endpoint.DatabaseNetEnv":                        closed("UserIDC", "TencentVPC"),
	"Endpoint.ChildInstanceType":                     closed("ro", "rw"),
	"Endpoint.Supplier":                              open("aliyun", "others"),
	"Objects.Mode":                                   closed("Partial"),
	"Objects.AdvancedObjects":                        open("function", "procedure"),
	"Database.DbMode":                                syncAllPartial,
	"Database.SchemaMode":                            syncAllPartial,
	"Database.TableMode":                             syncAllPartial,
	"Database.ViewMode":                              syncAllPartial,
	"Database.FunctionMode":                          syncAllPartial,
	"Database.ProcedureMode":                         syncAllPartial,
	"Database.TriggerMode":                           syncAllPartial,
	"Database.EventMode":                             syncAllPartial,
	"Table.ColumnMode":                               syncAllPartial,
	"Table.TableEditMode":                            closed("rename", "pt"),
	"OnlineDDL.Status":                               closed("ON", "OFF"),
	"Options.InitType":                               closed("Data", "Structure", "Full", "None"),
	"Options.DealOfExistSameTable":                   syncDealOfExist,
	"Options.ConflictHandleType":                     syncConflictHandle,
	"Options.OpTypes":                                syncOpTypes,
	"OpFilter.OpTypes":                               syncOpTypes,
	"DynamicOptions.OpTypes":                         syncOpTypes,
	"DynamicOptions.ConflictHandleType":              syncConflictHandle,
	"DynamicOptions.DealOfExistSameTable":            syncDealOfExist,
	"ConflictHandleOption.ConditionOperator":         closed(">"),
	"ConflictHandleOption.ConditionOrderInSrcAndDst": closed(">", "<", "="),
	"DdlOption.DdlObject":                            closed("Database", "Table", "View", "Index"),
	"DdlOption.DdlValue":                             closed("Create", "Drop", "Alter", "Truncate", "Rename"),
	"KafkaOption.DataType":                           closed("Avro", "Json", "canal-pb", "canal-json", "debezium"),
	"KafkaOption.TopicType":                          closed("Single", "Multi"),
	"TopicRule.PartitionType":                        closed("Random", "AllInPartitionZero", "PartitionByTable", "PartitionByTableAndKey", "PartitionByCols"),
	"TopicRule.DbMatchMode":                          closed("Regular", "Default"),
	"TopicRule.TableMatchMode":                       closed("Regular", "Default"),

	// Operations.
	"SkipSyncCheckItemRequest.StepIds": checkStepIDs,

	// Listing.
	"DescribeSyncJobsRequest.Order":    closed("CreateTime"),
	"DescribeSyncJobsRequest.OrderSeq": closed("ASC", "DESC"),
	"DescribeSyncJobsRequest.Status":   syncStatuses,
	"DescribeSyncJobsRequest.RunMode":  syncRunModes,
	"DescribeSyncJobsRequest.PayMode":  syncPayModes,
	"DescribeSyncJobsRequest.JobType": closed("mysql2mysql", "mysql2kafka", "tdsqlmysql2kafka", "tdsqlmysql2tdsqlmysql",
		"tdsqlmysql2mysql", "mysql2tdsqlmysql", "mysql2mariadb", "mariadb2mariadb", "mariadb2kafka", "cynosdbmysql2kafka",
		"cynosdbmysql2cynosdbmysql", "cynosdbmysql2mysql", "mysql2cynosdbmysql", "mariadb2tdsqlmysql", "tdsqlmysql2cynosdbmysql",
		"cynosdbmysql2tdsqlmysql", "tdstore2mysql", "tdstore2percona", "tdstore2mariadb", "tdstore2cynosdbmysql",
		"cynosdbmysql2mariadb", "mariadb2cynosdbmysql", "tdsqlmysql2mariadb", "mariadb2mysql", "percona2mariadb",
		"postgresql2postgresql", "tdstore2tdsqlmysql", "mongodb2mongodb"),

	// Output values.
	"SyncJobInfo.Status": syncStatuses,
	"SyncJobInfo.TradeStatus": closed(SyncTradeStatusNormal, SyncTradeStatusResizing, SyncTradeStatusRenewing,
		SyncTradeStatusIsolating, SyncTradeStatusIsolated, SyncTradeStatusOfflining, SyncTradeStatusOfflined,
		SyncTradeStatusNotBilled, SyncTradeStatusRecovering, SyncTradeStatusPostPay2Prepaying,
		SyncTradeStatusPrePay2Postpaying),
	"SyncJobInfo.PayMode":          syncPayModes,
	"SyncJobInfo.DumperResumeCtrl": closed("yes", "no"),
	"SyncJobInfo.OptObjStatus": open(SyncOptObjNormal, SyncOptObjConfigured, SyncOptObjChecking, SyncOptObjCheckPass,
		SyncOptObjCheckNotPass, SyncOptObjModifying),
	"SyncJobInfo.AllActions": open(VerbView, VerbConfigure, VerbCheck, VerbStart, VerbStop, VerbResume, VerbPause,
		VerbContinue, VerbLimitRate, VerbResize, VerbIsolate, VerbOffline, VerbRecover, VerbPostPay2PrePay,
		VerbConfigureOptObj, VerbCheckOptObj, VerbStartOptObj, VerbCreateCmpTask),
	"StepInfo.Status": syncStepStatuses,
	"DescribeCheckSyncJobResultResponse.Status": closed(CheckStatusNotStarted, CheckStatusRunning, CheckStatusFailed, CheckStatusSuccess),
	"DescribeModifyCheckSyncJobResultResponse.Status": closed(CheckStatusNotStarted, CheckStatusRunning, CheckStatusFailed,
		CheckStatusSuccess),
}

func init() {
	for k, v := range syncEnums {
		if _, dup := Enums[k]; dup {
			panic("dtsapi: enum " + k + " is defined twice")
		}
		Enums[k] = v
	}
}

// MySQLFamily are the database types DTS counts as MySQL: ResetSyncJob
// resets prepaid sync jobs between two of them ("仅支持预付费MySQL系列").
var MySQLFamily = []string{"mysql", "mariadb", "percona", "cynosdbmysql", "tdsqlmysql", "tdsqlpercona", "tdstore"}
