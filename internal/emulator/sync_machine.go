package emulator

import (
	"slices"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The data-sync job as data: its three machines — Status, TradeStatus and
// OptObjStatus (the sub-status: the state of an object modification) — with
// their automatic transitions and operations. README.md renders these tables
// ("The sync job as data"); rows marked "inferred" are the emulator's
// choices where the documentation is silent.

// Nominal (TimeScale 1) durations of sync jobs, chosen to be realistic.
const (
	durSchemaInit      = 10 * time.Second
	durSyncDumper      = 2 * time.Minute
	durSyncLoader      = 2 * time.Minute
	durSyncReadyRun    = 30 * time.Second
	durSyncPausing     = 20 * time.Second
	durSyncStopping    = 30 * time.Second
	durSyncResuming    = 30 * time.Second
	durSyncResetting   = 20 * time.Second
	durSyncResizing    = 4 * time.Minute // the documentation: 3–5 minutes
	durRenewing        = 10 * time.Second
	durRecovering      = 10 * time.Second
	durPayModeSwitch   = time.Minute
	durModifying       = 30 * time.Second
	durPausedKept      = 7 * 24 * time.Hour // "fails after 7 days paused"
	durModifyCheckStep = durCheckStep
)

// Shorthands for the sync statuses.
const (
	syUnInitialized = dtsapi.SyncStatusUnInitialized
	syInitialized   = dtsapi.SyncStatusInitialized
	syChecking      = dtsapi.SyncStatusChecking
	syCheckPass     = dtsapi.SyncStatusCheckPass
	syCheckNotPass  = dtsapi.SyncStatusCheckNotPass
	syReadyRunning  = dtsapi.SyncStatusReadyRunning
	syRunning       = dtsapi.SyncStatusRunning
	syPausing       = dtsapi.SyncStatusPausing
	syPaused        = dtsapi.SyncStatusPaused
	syStopping      = dtsapi.SyncStatusStopping
	syStopped       = dtsapi.SyncStatusStopped
	syResumableErr  = dtsapi.SyncStatusResumableErr
	syResuming      = dtsapi.SyncStatusResuming
	syFailed        = dtsapi.SyncStatusFailed
	syReleased      = dtsapi.SyncStatusReleased
	syResetting     = dtsapi.SyncStatusResetting
	syUnknown       = dtsapi.SyncStatusUnknown

	syNormal     = dtsapi.SyncTradeStatusNormal
	syResizing   = dtsapi.SyncTradeStatusResizing
	syRenewing   = dtsapi.SyncTradeStatusRenewing
	syIsolating  = dtsapi.SyncTradeStatusIsolating
	syIsolated   = dtsapi.SyncTradeStatusIsolated
	syOfflining  = dtsapi.SyncTradeStatusOfflining
	syOfflined   = dtsapi.SyncTradeStatusOfflined
	syNotBilled  = dtsapi.SyncTradeStatusNotBilled
	syRecovering = dtsapi.SyncTradeStatusRecovering
	syPost2Pre   = dtsapi.SyncTradeStatusPostPay2Prepaying
	syPre2Post   = dtsapi.SyncTradeStatusPrePay2Postpaying

	optNormal       = dtsapi.SyncOptObjNormal
	optConfigured   = dtsapi.SyncOptObjConfigured
	optChecking     = dtsapi.SyncOptObjChecking
	optCheckPass    = dtsapi.SyncOptObjCheckPass
	optCheckNotPass = dtsapi.SyncOptObjCheckNotPass
	optModifying    = dtsapi.SyncOptObjModifying
)

// syncVerbs is SyncJobInfo.AllActions, in the sample's order; Actions lists
// the allowed ones in this order.
var syncVerbs = []string{
	dtsapi.VerbView, dtsapi.VerbConfigure, dtsapi.VerbCheck, dtsapi.VerbStart, dtsapi.VerbStop, dtsapi.VerbResume,
	dtsapi.VerbPause, dtsapi.VerbContinue, dtsapi.VerbLimitRate, dtsapi.VerbResize, dtsapi.VerbIsolate,
	dtsapi.VerbOffline, dtsapi.VerbRecover, dtsapi.VerbPostPay2PrePay, dtsapi.VerbConfigureOptObj,
	dtsapi.VerbCheckOptObj, dtsapi.VerbStartOptObj, dtsapi.VerbCreateCmpTask,
}

// Status sets of the operation rows.
var (
	// syncInService are the billing statuses in which a job can be operated.
	syncInService = []string{syNormal, syNotBilled, syResizing, syRenewing, syPost2Pre, syPre2Post}
	// syncActive are the statuses of a job that transfers data (or is stuck
	// while doing so): isolating it stops it first.
	syncActive = []string{syReadyRunning, syRunning, syPausing, syPaused, syResumableErr, syResuming, syUnknown}
	// syncLive is every status but Released (a destroyed job).
	syncLive = []string{syUnInitialized, syInitialized, syChecking, syCheckPass, syCheckNotPass, syReadyRunning,
		syRunning, syPausing, syPaused, syStopping, syStopped, syResumableErr, syResuming, syFailed, syResetting,
		syUnknown}
	// syncConfigurable are the statuses ConfigureSyncJob is allowed in.
	syncConfigurable = []string{syUnInitialized, syInitialized, syCheckPass, syCheckNotPass}
)

// syncCheckSteps are the 14 steps of a sync check, in the order of the
// DescribeCheckSyncJobResult sample (13 shared with migration).
var syncCheckSteps = slices.Concat(
	pickSteps(checkSteps, stepConnectDB, "OptimizeCheck", "VersionCheck", stepSrcPrivilege, "SimpleParamCheck",
		"DstPrivilegeCheck", failingCheckStep, "DstSpaceCheck", "BinlogParamCheck", stepConstraint,
		"ConstraintRefCheck", "ViewCheck", "WarningParamCheck"),
	[]stepDef{{ID: "AdvancedStoreObjectCheck", Name: "高级对象检查", Duration: durCheckStep}},
)

// syncCheck is the sync precheck, syncModifyCheck the check of a pending
// change of the objects (ModifySyncJobConfig). Steps skipped in the check
// are not checked again by the modify-check.
var (
	syncCheck = &checkDef{
		Steps: syncCheckSteps, Pass: syCheckPass, NotPass: syCheckNotPass,
		Configure: "ConfigureSyncJob", Skip: "SkipSyncCheckItem", Scripted: failingCheckStep,
	}
	syncModifyCheck = &checkDef{
		Steps: syncModifyCheckSteps, Pass: optCheckPass, NotPass: optCheckNotPass,
		Configure: "ModifySyncJobConfig", Skip: "SkipSyncCheckItem", Scripted: failingCheckStep,
	}
)

// syncModifyCheckSteps are the 15 steps of a modify-check
// (DescribeModifyCheckSyncJobResult sample): the check's and
// ModifyConfigCheck.
var syncModifyCheckSteps = slices.Concat(syncCheckSteps,
	[]stepDef{{ID: "ModifyConfigCheck", Name: "配置修改检查", Duration: durModifyCheckStep}})

// The steps of a running sync job (SyncDetailInfo.StepInfos), as in the
// DescribeSyncJobs sample. The incremental step never ends: the job stays
// Running.
var (
	stepSchemaInit = stepDef{ID: "schema-init", Name: "增量库表初始化", Duration: durSchemaInit}
	stepSyncDumper = stepDef{ID: "dumper", Name: "全量导出", Duration: durSyncDumper}
	stepSyncLoader = stepDef{ID: "loader", Name: "全量导入", Duration: durSyncLoader}
	stepSyncSinker = stepDef{ID: "sinker", Name: "同步增量", Endless: true}
)

// syncRunSteps are the steps of the Running status: the initial load
// (schema-init, then, when InitType loads data — Full or Data — dumper and
// loader) and the endless incremental step.
func syncRunSteps(j *syncJob) []stepDef {
	if j.loadsData() {
		return []stepDef{stepSchemaInit, stepSyncDumper, stepSyncLoader, stepSyncSinker}
	}
	return []stepDef{stepSchemaInit, stepSyncSinker}
}

func syncCheckStepsOf(*syncJob) []stepDef { return syncCheckSteps }

// syncMachine is the sync job kind. A job sticks in the status its
// Outcome's StickIn names (of any of its three machines).
var syncMachine = func() *machine[syncJob] {
	m := newMachine("sync",
		func(j *syncJob) *lifecycle { return &j.lifecycle },
		func(j *syncJob) string { return j.JobID },
		func(j *syncJob, at time.Time) { j.UpdateTime = at },
		syncStatuses, syncAuto, syncOps, syncVerbs)
	m.stick = func(j *syncJob) string { return j.Outcome.StickIn }
	return m
}()

// syncStatuses: the 17 statuses, the 11 billing statuses and the
// OptObjStatus vocabulary.
var syncStatuses = []statusDef[syncJob]{
	{Name: syUnInitialized, Doc: "purchased (or reset): configure"},
	{Name: syInitialized, Doc: "configured: check — inferred (the seed's table omits it)"},
	{Name: syChecking, Transitional: true, Steps: syncCheckStepsOf, Doc: "precheck running (14 steps)",
		OnEnter: func(t *txn[syncJob]) {
			t.resetProgress(syChecking)
			j := t.Job
			j.Check = checkState{StartAt: t.At, Skipped: j.Check.Skipped}
			j.Check.Findings = syncCheck.rules(j.checkSubject(j.Objects), j.Check.skipped)
		}},
	{Name: syCheckPass, Doc: "precheck passed: start", OnEnter: endSyncCheck},
	{Name: syCheckNotPass, Doc: "precheck failed: reconfigure, or skip items, and check again", OnEnter: endSyncCheck},
	{Name: syReadyRunning, Transitional: true, Doc: "starting (a Timed job waits for ExpectRunTime)"},
	{Name: syRunning, Steps: syncRunSteps, OnEnter: enterSyncRunning,
		Doc: "initial load, then the incremental sync, which never ends"},
	{Name: syPausing, Transitional: true, Doc: "pausing — inferred (the seed's table omits it)"},
	{Name: syPaused, Doc: "paused: continue or stop — inferred (the seed's table omits it)"},
	{Name: syStopping, Transitional: true, Doc: "stopping"},
	{Name: syStopped, OnEnter: endSyncRun, Doc: "ended for good: isolate, or reset (prepaid MySQL-family links)"},
	{Name: syResumableErr, Doc: "error that can be retried (ResumeSyncJob)", OnEnter: func(t *txn[syncJob]) {
		t.Job.setError("Sync interrupted by a retryable error.", "The incremental sync lost its connection to the source.",
			"Retry the job (ResumeSyncJob) or stop it.")
	}},
	{Name: syResuming, Transitional: true, Doc: "retrying (ResumeSyncJob) or continuing (ContinueSyncJob)"},
	{Name: syFailed, Doc: "failed: isolate", OnEnter: func(t *txn[syncJob]) {
		endSyncRun(t)
		t.Job.setError("Sync failed.", "The sync task failed and cannot be retried.",
			"Check the error, fix the cause and create a new job.")
	}},
	{Name: syReleased, Doc: "destroyed: its resources are released — inferred", OnEnter: endSyncRun},
	{Name: syResetting, Transitional: true, Doc: "reset in progress (ResetSyncJob)"},
	{Name: syUnknown, Doc: "unknown (Outcome or ForceStatus only): stop", OnEnter: func(t *txn[syncJob]) {
		t.Job.setError("The state of the sync task is unknown.", "DTS lost track of the task.", "Stop the job.")
	}},

	{Name: syNormal, Field: fieldTrade, Doc: "billed"},
	{Name: syResizing, Field: fieldTrade, Transitional: true, Doc: "specification change in progress (3–5 min)"},
	{Name: syRenewing, Field: fieldTrade, Transitional: true, Doc: "automatic renewal of a prepaid job"},
	{Name: syIsolating, Field: fieldTrade, Transitional: true, Doc: "isolation in progress"},
	{Name: syIsolated, Field: fieldTrade, Doc: "isolated: recover (a manual isolation of a pay-as-you-go job) or destroy",
		OnEnter: enterSyncIsolated},
	{Name: syOfflining, Field: fieldTrade, Transitional: true, Doc: "destruction in progress"},
	{Name: syOfflined, Field: fieldTrade, Doc: "destroyed; disappears shortly", OnEnter: func(t *txn[syncJob]) {
		t.Job.OfflineTime, t.Job.OfflineReason = t.At, "manual offline"
		t.enter(fieldStatus, syReleased)
	}},
	{Name: syNotBilled, Field: fieldTrade, Doc: "free link: never billed; isolation deletes it"},
	{Name: syRecovering, Field: fieldTrade, Transitional: true, Doc: "isolation being lifted (RecoverSyncJob)"},
	{Name: syPost2Pre, Field: fieldTrade, Transitional: true,
		Doc: "switching to prepaid (console only; reachable by ForceStatus)"},
	{Name: syPre2Post, Field: fieldTrade, Transitional: true,
		Doc: "switching to pay-as-you-go (console only; reachable by ForceStatus)"},

	{Name: optNormal, Field: fieldSub, Doc: "no object modification in progress (the last one, if any, applied)"},
	{Name: optConfigured, Field: fieldSub, Doc: "ModifySyncJobConfig stored a pending change: check it"},
	{Name: optChecking, Field: fieldSub, Transitional: true, Doc: "modify-check running (15 steps)",
		OnEnter: func(t *txn[syncJob]) {
			j := t.Job
			j.ModifyCheck = checkState{StartAt: t.At}
			j.ModifyCheck.Findings = syncModifyCheck.rules(j.checkSubject(j.pendingObjects()), j.Check.skipped)
		}},
	{Name: optCheckPass, Field: fieldSub, Doc: "modify-check passed: StartModifySyncJob", OnEnter: endModifyCheck},
	{Name: optCheckNotPass, Field: fieldSub, OnEnter: endModifyCheck,
		Doc: "modify-check failed: the job keeps its objects; a new ModifySyncJobConfig replaces the change"},
	{Name: optModifying, Field: fieldSub, Transitional: true, Doc: "the job applies the new objects and options"},
}

// syncAuto: the automatic transitions. The first matching row of a status
// fires.
var syncAuto = []autoRow[syncJob]{
	{From: syChecking, To: syCheckNotPass, When: (*syncJob).checkFails,
		Doc: "a check rule (see \"Check rules\") or the job's Outcome failed a step that was not skipped"},
	{From: syChecking, To: syCheckPass, Doc: "the check passes once all 14 steps are done"},
	{From: syReadyRunning, To: syRunning, After: durSyncReadyRun, AfterFn: syncReadyRunDuration,
		Doc: "the job starts; a Timed job waits for ExpectRunTime"},
	{From: syRunning, To: syResumableErr, When: syncRunEndsIn(syResumableErr), Effect: consumeSyncRunOutcome,
		Doc: "the Outcome's RunEnds (once), when the initial load is done — inferred"},
	{From: syRunning, To: syFailed, When: syncRunEndsIn(syFailed), Effect: consumeSyncRunOutcome,
		Doc: "the Outcome's RunEnds (once), when the initial load is done — inferred"},
	{From: syRunning, To: syUnknown, When: syncRunEndsIn(syUnknown), Effect: consumeSyncRunOutcome,
		Doc: "the Outcome's RunEnds (once), when the initial load is done — inferred"},
	{From: syPausing, To: syPaused, After: durSyncPausing, Doc: "the job pauses"},
	{From: syPaused, To: syFailed, After: durPausedKept, Timeout: true, Doc: "a job paused for 7 days fails (documentation)"},
	{From: syStopping, To: syStopped, After: durSyncStopping, Doc: "the job stops"},
	{From: syResuming, To: syFailed, After: durSyncResuming, When: (*syncJob).retryFails, Effect: endSyncRetry,
		Doc: "a retry the Outcome's ResumeFails makes fail (\"otherwise, it will enter the 'Task failed' status\")"},
	{From: syResuming, To: syRunning, After: durSyncResuming, Doc: "the job resumes where it stopped"},
	{From: syResumableErr, To: syResuming, After: durAutoRetry, Timeout: true, When: (*syncJob).autoRetries,
		Effect: markSyncRetry, Doc: "automatic retry after a minute when AutoRetryTimeRangeMinutes is set — inferred"},
	{From: syResetting, To: syUnInitialized, After: durSyncResetting, Effect: resetSyncRun,
		Doc: "reset done: same ID, configure again"},

	{Field: fieldTrade, From: syNormal, To: syRenewing, AfterFn: (*syncJob).untilExpiry, Timeout: true, When: (*syncJob).renews,
		Doc: "a prepaid job with AutoRenew 1 renews itself at ExpireTime — inferred"},
	{Field: fieldTrade, From: syNormal, To: syIsolating, AfterFn: (*syncJob).untilExpiry, Timeout: true, When: (*syncJob).expires,
		Effect: isolateExpired, Doc: "a prepaid job without AutoRenew is isolated at ExpireTime (a running job stops) — inferred"},
	{Field: fieldTrade, From: syRenewing, To: syNormal, After: durRenewing, Effect: renewOneMonth,
		Doc: "ExpireTime moves one month on — inferred"},
	{Field: fieldTrade, From: syResizing, To: syNormal, After: durSyncResizing, Effect: applySyncClass,
		Doc: "the new InstanceClass applies"},
	{Field: fieldTrade, From: syIsolating, To: syIsolated, After: durIsolating, Doc: "isolation completes"},
	{Field: fieldTrade, From: syIsolated, To: syOfflining, After: durIsolatedKept, Timeout: true,
		Doc: "an isolated job is destroyed after 7 days"},
	{Field: fieldTrade, From: syOfflining, To: syOfflined, After: durOfflining,
		Doc: "destruction completes; Status becomes Released — inferred"},
	{Field: fieldTrade, From: syOfflined, Remove: true, After: durOfflined,
		Doc: "the destroyed job disappears from DescribeSyncJobs — inferred"},
	{Field: fieldTrade, From: syRecovering, To: syNormal, After: durRecovering, Effect: clearSyncIsolation,
		Doc: "the isolation is lifted"},
	{Field: fieldTrade, From: syPost2Pre, To: syNormal, After: durPayModeSwitch, Effect: switchToPrePay,
		Doc: "PayMode PrePay, one month — inferred"},
	{Field: fieldTrade, From: syPre2Post, To: syNormal, After: durPayModeSwitch, Effect: switchToPostPay,
		Doc: "PayMode PostPay — inferred"},

	{Field: fieldSub, From: optChecking, To: optCheckNotPass, After: durModifyCheck(), When: (*syncJob).modifyCheckFails,
		Doc: "a check rule failed a step of the new objects (15 steps)"},
	{Field: fieldSub, From: optChecking, To: optCheckPass, After: durModifyCheck(), Doc: "the modify-check passes"},
	{Field: fieldSub, From: optModifying, To: optNormal, After: durModifying, Effect: applyPendingChange,
		Doc: "the new objects and options apply; Status stays Running"},
}

// durModifyCheck is the nominal duration of a modify-check: its 15 steps.
func durModifyCheck() time.Duration {
	var d time.Duration
	for _, s := range syncModifyCheckSteps {
		d += s.Duration
	}
	return d
}

// syncOps: what each sync action that touches one job may do. Actions is
// computed from this table.
var syncOps = []opRow[syncJob]{
	{Action: "ConfigureSyncJob", Verb: dtsapi.VerbConfigure, From: syncConfigurable, TradeFrom: syncInService,
		To: syInitialized, Effect: func(t *txn[syncJob]) { t.Job.Configured = true },
		Doc: "configure (status after it inferred `Initialized`)"},
	{Action: "CreateCheckSyncJob", Verb: dtsapi.VerbCheck, From: []string{syInitialized, syCheckPass, syCheckNotPass},
		TradeFrom: syncInService, To: syChecking,
		Doc: "start the precheck; its `cdb` instances must exist (`InvalidParameter.InstanceNotFound`)"},
	{Action: "SkipSyncCheckItem", From: []string{syCheckNotPass}, TradeFrom: syncInService,
		Doc: "skip steps that failed in the last check; the job stays `CheckNotPass` until it is checked again"},
	{Action: "StartSyncJob", Verb: dtsapi.VerbStart, From: []string{syCheckPass}, TradeFrom: syncInService,
		To: syReadyRunning, Effect: startSyncRun, Doc: "start"},
	{Action: "StopSyncJob", Verb: dtsapi.VerbStop, From: []string{syReadyRunning, syRunning, syPaused, syResumableErr, syResuming, syUnknown},
		TradeFrom: syncInService, To: syStopping, Doc: "stop for good (`Resuming` as the state table says; `Paused` and `Unknown` inferred)"},
	{Action: "PauseSyncJob", Verb: dtsapi.VerbPause, From: []string{syRunning}, TradeFrom: syncInService,
		To: syPausing, Doc: "pause"},
	{Action: "ContinueSyncJob", Verb: dtsapi.VerbContinue, From: []string{syPaused}, TradeFrom: syncInService,
		To: syResuming, Doc: "continue a paused job"},
	{Action: "ResumeSyncJob", Verb: dtsapi.VerbResume, From: []string{syResumableErr}, TradeFrom: syncInService,
		To: syResuming, Effect: markSyncRetry, Doc: "retry a job in error"},
	{Action: "ModifySyncRateLimit", Verb: dtsapi.VerbLimitRate, From: []string{syRunning}, TradeFrom: syncInService,
		Doc: "change the transfer rate while the job runs"},
	{Action: "ResizeSyncJob", Verb: dtsapi.VerbResize, From: syncLive, TradeFrom: []string{syNormal},
		Guard: (*syncJob).payAsYouGo, ToTrade: syResizing,
		Doc: "change InstanceClass: billed pay-as-you-go jobs, billing status `Normal`; others are refused first with `OperationDenied.BizOperationDeniedError`"},
	{Action: "IsolateSyncJob", Verb: dtsapi.VerbIsolate, From: syncLive, TradeFrom: []string{syNormal},
		ToTrade: syIsolating, Effect: isolateSyncByHand, Doc: "billed job: isolate (an active job is stopped first — inferred)"},
	{Action: "IsolateSyncJob", Verb: dtsapi.VerbIsolate, From: syncLive, TradeFrom: []string{syNotBilled},
		Remove: true, Doc: "free job: deleted at once"},
	{Action: "RecoverSyncJob", Verb: dtsapi.VerbRecover, TradeFrom: []string{syIsolated}, Guard: (*syncJob).recoverable,
		ToTrade: syRecovering,
		Doc:     "lift a manual isolation of a pay-as-you-go job; others are refused with `OperationDenied.BizOperationDeniedError`"},
	{Action: "DestroySyncJob", Verb: dtsapi.VerbOffline, TradeFrom: []string{syIsolated}, ToTrade: syOfflining,
		Doc: "destroy an isolated job"},
	{Action: "ResetSyncJob", From: []string{syStopped}, TradeFrom: syncInService, Guard: (*syncJob).resettable,
		To: syResetting, Doc: "reset an ended job: prepaid MySQL-family links only (`OperationDenied.BizOperationDeniedError` otherwise)"},
	{Action: consolePostPay2PrePay, Verb: dtsapi.VerbPostPay2PrePay, From: syncLive, TradeFrom: []string{syNormal},
		Guard: (*syncJob).payAsYouGo, Doc: "switch a billed pay-as-you-go job to prepaid (no API action: the verb only)"},
	{Action: "ModifySyncJobConfig", Verb: dtsapi.VerbConfigureOptObj, From: []string{syRunning}, TradeFrom: syncInService,
		Guard: optObjIn(optNormal, optConfigured, optCheckPass, optCheckNotPass), Effect: enterOptObj(optConfigured),
		Doc: "store new objects and options as a pending change (OptObjStatus `Configured`)"},
	{Action: "CreateModifyCheckSyncJob", Verb: dtsapi.VerbCheckOptObj, From: []string{syRunning}, TradeFrom: syncInService,
		Guard: optObjIn(optConfigured, optCheckPass, optCheckNotPass), Effect: enterOptObj(optChecking),
		Doc: "check the pending change (OptObjStatus `Checking`)"},
	{Action: "StartModifySyncJob", Verb: dtsapi.VerbStartOptObj, From: []string{syRunning}, TradeFrom: syncInService,
		Guard: optObjIn(optCheckPass), Effect: enterOptObj(optModifying),
		Doc: "apply the checked change (OptObjStatus `Modifying`, then `Normal`)"},
	{Action: "CreateSyncCompareTask", Verb: dtsapi.VerbCreateCmpTask, From: []string{syRunning}, TradeFrom: syncInService,
		Guard: (*syncJob).comparable,
		Doc:   "create a consistency check: none for a Kafka target (`OperationDenied.BizOperationDeniedError`); compare_config.go refuses a builtin one for a DML filter, with `CauseOfCompareDisable`"},
}

// consolePostPay2PrePay names the row of the verb postPay2prePay, which no
// API action has (the console switches the pay mode).
const consolePostPay2PrePay = "(console) postPay2prePay"

// endSyncCheck records the end and the result of a check, keeping the
// findings consistent with it (as endCheck for migration jobs).
func endSyncCheck(t *txn[syncJob]) {
	j := t.Job
	syncCheck.end(&j.Check, j.Status, t.At, j.Outcome.CheckFails)
}

// endModifyCheck records the end and the result of a modify-check.
func endModifyCheck(t *txn[syncJob]) {
	j := t.Job
	syncModifyCheck.end(&j.ModifyCheck, j.Sub, t.At, j.Outcome.CheckFails && !j.Check.skipped(failingCheckStep))
}

// enterSyncRunning: a start begins afresh; resuming (continue, retry) goes
// on where the job stopped.
func enterSyncRunning(t *txn[syncJob]) {
	j := t.Job
	if t.From == syReadyRunning || j.Progress[syRunning] == nil {
		t.resetProgress(syRunning)
	}
	if j.StartTime.IsZero() {
		j.StartTime = t.At
	}
	j.Retrying = false
	j.clearError()
}

func endSyncRun(t *txn[syncJob]) {
	if t.Job.EndTime.IsZero() {
		t.Job.EndTime = t.At
	}
}

func startSyncRun(t *txn[syncJob]) {
	t.Job.StartTime = t.At
	t.Job.EndTime = time.Time{}
	t.resetProgress(syRunning)
}

// resetSyncRun forgets the run of a reset job: progress, checks, times,
// errors and any object modification. Its configuration stays readable; a
// new ConfigureSyncJob is needed before the check.
func resetSyncRun(t *txn[syncJob]) {
	j := t.Job
	j.Progress = nil
	j.Check = checkState{}
	j.ModifyCheck = checkState{}
	j.PendingObjects, j.PendingOptions = nil, nil
	j.StartTime, j.EndTime = time.Time{}, time.Time{}
	j.Retrying = false
	j.clearError()
	t.enter(fieldSub, optNormal)
}

func syncRunEndsIn(status string) func(*syncJob) bool {
	return func(j *syncJob) bool { return j.Outcome.RunEnds == status }
}

func consumeSyncRunOutcome(t *txn[syncJob]) { t.Job.Outcome.RunEnds = "" }

func markSyncRetry(t *txn[syncJob]) { t.Job.Retrying = true }

func endSyncRetry(t *txn[syncJob]) { t.Job.Retrying = false }

func syncReadyRunDuration(j *syncJob, since time.Time) time.Duration {
	return startDelay(j.RunMode == syncRunTimed, j.ExpectRunTime, since, durSyncReadyRun)
}

// untilExpiry is the time from since to a prepaid job's ExpireTime.
func (j *syncJob) untilExpiry(since time.Time) time.Duration { return j.ExpireTime.Sub(since) }

func renewOneMonth(t *txn[syncJob]) {
	t.Job.ExpireTime = t.Job.ExpireTime.AddDate(0, 1, 0)
}

func applySyncClass(t *txn[syncJob]) {
	if t.Job.PendingClass != "" {
		t.Job.InstanceClass, t.Job.PendingClass = t.Job.PendingClass, ""
	}
}

func switchToPrePay(t *txn[syncJob]) {
	t.Job.PayMode = dtsapi.SyncPayModePrePay
	t.Job.ExpireTime = t.At.AddDate(0, 1, 0)
}

func switchToPostPay(t *txn[syncJob]) {
	t.Job.PayMode = dtsapi.SyncPayModePostPay
	t.Job.ExpireTime, t.Job.AutoRenew = time.Time{}, 0
}

// Why a sync job is isolated, besides IsolationManual and IsolationOverdue.
const isolationExpired = "expired"

var syncIsolationReasons = map[string]string{
	IsolationManual:  isolationReasons[IsolationManual],
	IsolationOverdue: isolationReasons[IsolationOverdue],
	isolationExpired: "expired: the prepaid period ended",
}

func enterSyncIsolated(t *txn[syncJob]) { t.Job.isolated(t.At, syncIsolationReasons) }

func clearSyncIsolation(t *txn[syncJob]) { t.Job.lifted() }

// isolateSyncByHand is IsolateSyncJob on a billed job: a manual isolation;
// an active job is stopped.
func isolateSyncByHand(t *txn[syncJob]) {
	t.Job.IsolatedFor = IsolationManual
	stopIfActive(t, syncActive, syStopping)
}

func isolateExpired(t *txn[syncJob]) {
	t.Job.IsolatedFor = isolationExpired
	stopIfActive(t, syncActive, syStopping)
}

// isolateSync isolates a billed job out of band (administration Isolate).
func isolateSync(jb job, reason string, at time.Time, scale float64) error {
	j := jb.(*syncJob)
	return isolateOutOfBand(syncMachine, j, &j.isolation, j.Billed, syncIsolation, reason, at, scale)
}

// syncIsolation are the statuses an isolation of a sync job uses.
var syncIsolation = isolationStatuses{inService: syncInService, active: syncActive, stopping: syStopping, isolated: syIsolated}

// enterOptObj is an operation's effect that moves the OptObjStatus.
func enterOptObj(status string) func(t *txn[syncJob]) {
	return func(t *txn[syncJob]) { t.enter(fieldSub, status) }
}

// optObjIn is a guard: the OptObjStatus is one of statuses.
func optObjIn(statuses ...string) func(*syncJob) *apiError {
	return func(j *syncJob) *apiError {
		if !slices.Contains(statuses, j.Sub) {
			return errf(codeStatusInConflict, "The object modification of sync job %s is %s; this operation needs it %v.",
				j.JobID, j.Sub, statuses)
		}
		return nil
	}
}

// applyPendingChange applies the checked object modification: the new
// objects replace the job's, the given options overwrite its (OpTypes and
// DdlOptions always).
func applyPendingChange(t *txn[syncJob]) {
	j := t.Job
	if j.PendingObjects != nil {
		j.Objects = j.PendingObjects
	}
	if o := j.PendingOptions; o != nil {
		j.Options = mergeDynamicOptions(j.Options, o)
	}
	j.PendingObjects, j.PendingOptions = nil, nil
}
