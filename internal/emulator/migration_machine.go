package emulator

import (
	"slices"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The data-migration job as data: its statuses, its automatic transitions
// and its operations. README.md renders these tables for people; keep the
// two in step (TestReadmeDocumentsMigrationMachine checks the statuses).
//
// Where the documentation is silent the rows are inferences; each is marked
// "inferred" in its Doc and listed in README.md.

// Nominal (TimeScale 1) durations, chosen to be realistic.
const (
	durCreating   = 10 * time.Second
	durCheckStep  = 5 * time.Second
	durReadyRun   = 30 * time.Second
	durDumper     = 2 * time.Minute
	durLoader     = 2 * time.Minute
	durCompleting = 30 * time.Second
	durStopping   = 20 * time.Second
	durPausing    = 10 * time.Second
	durResuming   = 20 * time.Second
	durAutoRetry  = time.Minute
	durIsolating  = 10 * time.Second
	durOfflining  = 30 * time.Second
	durOfflined   = time.Minute
	durResizing   = 3 * time.Minute
	durReversing  = 10 * time.Second
	// durIsolatedKept is how long an isolated job is kept before DTS destroys
	// it ("Resources in isolation will be retained for seven days").
	durIsolatedKept = 7 * 24 * time.Hour
)

// Shorthands for the status constants.
const (
	stCreating      = dtsapi.MigrationStatusCreating
	stCreated       = dtsapi.MigrationStatusCreated
	stChecking      = dtsapi.MigrationStatusChecking
	stCheckPass     = dtsapi.MigrationStatusCheckPass
	stCheckNotPass  = dtsapi.MigrationStatusCheckNotPass
	stReadyRun      = dtsapi.MigrationStatusReadyRun
	stRunning       = dtsapi.MigrationStatusRunning
	stReadyComplete = dtsapi.MigrationStatusReadyComplete
	stSuccess       = dtsapi.MigrationStatusSuccess
	stFailed        = dtsapi.MigrationStatusFailed
	stStopping      = dtsapi.MigrationStatusStopping
	stCompleting    = dtsapi.MigrationStatusCompleting
	stPausing       = dtsapi.MigrationStatusPausing
	stManualPaused  = dtsapi.MigrationStatusManualPaused
	stResumableErr  = dtsapi.MigrationStatusResumableErr
	stResuming      = dtsapi.MigrationStatusResuming
	stUnknown       = dtsapi.MigrationStatusUnknown
	stError         = dtsapi.MigrationStatusError
	stCanceled      = dtsapi.MigrationStatusCanceled

	trNormal    = dtsapi.MigrationTradeStatusNormal
	trResizing  = dtsapi.MigrationTradeStatusResizing
	trReversing = dtsapi.MigrationTradeStatusReversing
	trIsolating = dtsapi.MigrationTradeStatusIsolating
	trIsolated  = dtsapi.MigrationTradeStatusIsolated
	trOfflining = dtsapi.MigrationTradeStatusOfflining
	trOfflined  = dtsapi.MigrationTradeStatusOfflined
	trNotBilled = dtsapi.MigrationTradeStatusNotBilled
)

// migrationVerbs is MigrateAction.AllAction, in the order AllowedAction
// lists its verbs (the order of the DescribeMigrationDetail sample, with
// pause and continue, which that sample's link lacks).
var migrationVerbs = []string{
	dtsapi.VerbView, dtsapi.VerbModify, dtsapi.VerbCheck, dtsapi.VerbStart, dtsapi.VerbConfigure,
	dtsapi.VerbStop, dtsapi.VerbComplete, dtsapi.VerbResume, dtsapi.VerbPause, dtsapi.VerbContinue,
	dtsapi.VerbCreateCmpTask, dtsapi.VerbIsolate, dtsapi.VerbOffline, dtsapi.VerbResize, dtsapi.VerbRecover,
}

// Status sets used by the operation rows.
var (
	// inService are the billing statuses in which the job can be operated.
	inService = []string{trNormal, trNotBilled, trResizing, trReversing}
	// active are the statuses of a job that is migrating (or stuck while
	// migrating): isolating it stops it first.
	active = []string{stReadyRun, stRunning, stReadyComplete, stManualPaused, stResumableErr, stError, stUnknown,
		stPausing, stResuming, stCompleting}
	// anyButCreating is every job status except the purchase in progress.
	anyButCreating = []string{stCreated, stChecking, stCheckPass, stCheckNotPass, stReadyRun, stRunning,
		stReadyComplete, stSuccess, stFailed, stStopping, stCompleting, stPausing, stManualPaused, stResumableErr,
		stResuming, stUnknown, stError, stCanceled}
	// notGone are the billing statuses of a job that has not been destroyed.
	notGone = []string{trNormal, trNotBilled, trResizing, trReversing, trIsolating, trIsolated}
)

// checkSteps are the steps of a migration check, as in the
// DescribeMigrationDetail sample (CheckStepInfo).
var checkSteps = []stepDef{
	{ID: "ConnectDBCheck", Name: "连接DB检查", Duration: durCheckStep},
	{ID: "VersionCheck", Name: "版本检查", Duration: durCheckStep},
	{ID: "SrcPrivilegeCheck", Name: "源实例权限检查", Duration: durCheckStep},
	{ID: "SimpleParamCheck", Name: "部分实例参数检查", Duration: durCheckStep},
	{ID: "DstPrivilegeCheck", Name: "目标实例权限检查", Duration: durCheckStep},
	{ID: "DstEmptyCheck", Name: "目标实例内容冲突检查", Duration: durCheckStep},
	{ID: "DstSpaceCheck", Name: "目标实例空间检查", Duration: durCheckStep},
	{ID: "BinlogParamCheck", Name: "binlog参数检查", Duration: durCheckStep},
	{ID: "ConstraintCheck", Name: "外键依赖检查", Duration: durCheckStep},
	{ID: "ConstraintRefCheck", Name: "外键部分库表依赖检查", Duration: durCheckStep},
	{ID: "ViewCheck", Name: "视图检查", Duration: durCheckStep},
	{ID: "WarningParamCheck", Name: "警告项检查", Duration: durCheckStep},
	{ID: "OptimizeCheck", Name: "周边检查", Duration: durCheckStep},
}

// Migration steps (MigrateDetailInfo), as in the DescribeMigrationJobs sample.
var (
	stepDumper = stepDef{ID: "dumper", Name: "源库导出", Duration: durDumper}
	stepLoader = stepDef{ID: "loader", Name: "数据导入", Duration: durLoader}
	// stepSinker is the incremental step of a fullAndIncrement migration. It
	// starts when the full migration is done (readyComplete) and ends when
	// the migration completes; it is shown but never timed.
	stepSinker = stepDef{ID: "sinker", Name: "同步增量"}
)

// runSteps are the timed steps of the running status: export then import.
// The job moves on when both are done.
func runSteps(*migrationJob) []stepDef { return []stepDef{stepDumper, stepLoader} }

func checkStepsOf(*migrationJob) []stepDef { return checkSteps }

// migrationMachine is the migration job kind. A job sticks in the status
// its Outcome's StickIn names.
var migrationMachine = func() *machine[migrationJob] {
	m := newMachine("migration",
		func(j *migrationJob) *lifecycle { return &j.lifecycle },
		func(j *migrationJob) string { return j.JobID },
		func(j *migrationJob, at time.Time) { j.UpdateTime = at },
		migrationStatuses, migrationAuto, migrationOps, migrationVerbs)
	m.stick = func(j *migrationJob) string { return j.Outcome.StickIn }
	return m
}()

// migrationStatuses: all 19 job statuses and all 8 billing statuses.
var migrationStatuses = []statusDef[migrationJob]{
	{Name: stCreating, Transitional: true, Doc: "purchase in progress"},
	{Name: stCreated, Doc: "purchased; configurable"},
	{Name: stChecking, Transitional: true, Steps: checkStepsOf, Doc: "precheck running (13 steps)",
		OnEnter: func(t *txn[migrationJob]) {
			t.resetProgress(stChecking)
			t.Job.Check = checkState{StartAt: t.At, Skipped: t.Job.Check.Skipped}
			t.Job.Check.Findings = migrationCheck.rules(migrationCheckSubject(t.Job), t.Job.Check.skipped)
		}},
	{Name: stCheckPass, Doc: "precheck passed; startable", OnEnter: endCheck},
	{Name: stCheckNotPass, Doc: "precheck failed; reconfigure or skip items and check again", OnEnter: endCheck},
	{Name: stReadyRun, Transitional: true, Doc: "starting (waits for ExpectRunTime when RunMode is timed)"},
	{Name: stRunning, Transitional: true, Steps: runSteps, Doc: "full export and import (2 steps)",
		OnEnter: func(t *txn[migrationJob]) {
			// A start begins afresh; resuming (continue, retry) goes on where
			// the job stopped, even at the very end; anything else (a forced
			// status) begins afresh once the previous run was complete.
			j := t.Job
			p := j.Progress[stRunning]
			if t.From == stReadyRun || p == nil || (t.From != stResuming && p.Done >= len(runSteps(j))) {
				t.resetProgress(stRunning)
			}
			if j.StartTime.IsZero() {
				j.StartTime = t.At
			}
			j.Retrying = false
			j.clearError()
		}},
	{Name: stReadyComplete, Doc: "full migration done, incremental sync catching up; completable"},
	{Name: stCompleting, Transitional: true, Doc: "completing"},
	{Name: stSuccess, Doc: "migration finished", OnEnter: endRun},
	{Name: stFailed, Doc: "migration failed", OnEnter: func(t *txn[migrationJob]) {
		endRun(t)
		t.Job.setError("Migration failed.", "FailedOperation", "Check the error log, fix the cause and create a new job.")
	}},
	{Name: stStopping, Transitional: true, Doc: "stopping"},
	{Name: stCanceled, Doc: "stopped by the user; cannot restart", OnEnter: endRun},
	{Name: stPausing, Transitional: true, Doc: "pausing"},
	{Name: stManualPaused, Doc: "paused by the user"},
	{Name: stResumableErr, Doc: "error that can be retried", OnEnter: func(t *txn[migrationJob]) {
		t.Job.setError("Migration interrupted by a retryable error.", "InternalError", "Retry the job (ResumeMigrateJob).")
	}},
	{Name: stResuming, Transitional: true, Doc: "resuming or retrying"},
	{Name: stUnknown, Doc: "unknown"},
	{Name: stError, Doc: "migration error", OnEnter: func(t *txn[migrationJob]) {
		t.Job.setError("Migration interrupted by an error.", "InternalError", "Retry the job (ResumeMigrateJob) or stop it.")
	}},

	{Name: trNormal, Field: fieldTrade, Doc: "billed (or to be billed)", OnEnter: billingFollows},
	{Name: trResizing, Field: fieldTrade, Transitional: true, Doc: "specification change in progress", OnEnter: billingFollows},
	{Name: trReversing, Field: fieldTrade, Transitional: true, Doc: "order reversal (short)", OnEnter: billingFollows},
	{Name: trIsolating, Field: fieldTrade, Transitional: true, Doc: "isolation in progress (short)", OnEnter: billingFollows},
	{Name: trIsolated, Field: fieldTrade, Doc: "isolated: recover (a manual isolation) or destroy", OnEnter: func(t *txn[migrationJob]) {
		billingFollows(t)
		t.Job.isolated(t.At, isolationReasons)
	}},
	{Name: trOfflining, Field: fieldTrade, Transitional: true, Doc: "destruction in progress", OnEnter: billingFollows},
	{Name: trOfflined, Field: fieldTrade, Doc: "destroyed; disappears shortly", OnEnter: func(t *txn[migrationJob]) {
		billingFollows(t)
		t.Job.OfflineTime = t.At
		t.Job.OfflineReason = "manual offline"
	}},
	{Name: trNotBilled, Field: fieldTrade, Doc: "free link: never billed; isolation deletes it", OnEnter: billingFollows},
}

// billingFollows keeps the job's billing in step with its billing status,
// which a forced status (administration ForceStatus) may change: notBilled
// makes the job free (BillingType notBilling, no order, isolation deletes
// it); any other billing status makes it billed.
func billingFollows(t *txn[migrationJob]) {
	j := t.Job
	j.Billed = j.Trade != trNotBilled
	if !j.Billed {
		j.DealName = ""
	}
}

// endCheck records the end and the result of a check, and keeps the
// findings consistent with it (checkDef.end).
func endCheck(t *txn[migrationJob]) {
	j := t.Job
	migrationCheck.end(&j.Check, j.Status, t.At, j.Outcome.CheckFails)
}

func endRun(t *txn[migrationJob]) {
	t.Job.EndTime = t.At
}

// checkFails reports whether the running check ends in checkNotPass: one of
// the check rules failed a step that was not skipped, or the job's Outcome
// asks for a failure and its step (DstEmptyCheck) has not been skipped
// (SkipCheckItem).
func (j *migrationJob) checkFails() bool {
	return j.Check.failed() || (j.Outcome.CheckFails && !j.Check.skipped(failingCheckStep))
}

// runEnd is the status the running phase ends in.
func (j *migrationJob) runEnd() string {
	if j.Outcome.RunEnds != "" {
		return j.Outcome.RunEnds
	}
	if j.migrateType() == "fullAndIncrement" {
		return stReadyComplete
	}
	return stSuccess
}

// migrationAuto: the automatic transitions. The first matching row of a
// status fires.
var migrationAuto = []autoRow[migrationJob]{
	{From: stCreating, To: stCreated, After: durCreating, Doc: "the purchase completes"},
	{From: stChecking, To: stCheckNotPass, When: (*migrationJob).checkFails,
		Doc: "a check rule (see \"Check rules\") or the job's Outcome failed a step that was not skipped"},
	{From: stChecking, To: stCheckPass, Doc: "the check passes once all 13 steps are done"},
	{From: stReadyRun, To: stRunning, After: durReadyRun, AfterFn: readyRunDuration,
		Doc: "the job starts; a timed job (RunMode timed) waits for ExpectRunTime"},
	{From: stRunning, To: stError, When: runEndsIn(stError), Effect: consumeRunOutcome,
		Doc: "the Outcome's RunEnds (once) — inferred"},
	{From: stRunning, To: stFailed, When: runEndsIn(stFailed), Effect: consumeRunOutcome,
		Doc: "the Outcome's RunEnds (once) — inferred"},
	{From: stRunning, To: stResumableErr, When: runEndsIn(stResumableErr), Effect: consumeRunOutcome,
		Doc: "the Outcome's RunEnds (once) — inferred"},
	{From: stRunning, To: stUnknown, When: runEndsIn(stUnknown), Effect: consumeRunOutcome,
		Doc: "the Outcome's RunEnds (once) — inferred"},
	{From: stRunning, To: stReadyComplete, When: runEndsIn(stReadyComplete),
		Doc: "MigrateType fullAndIncrement (the default): full data done, incremental sync begins — inferred"},
	{From: stRunning, To: stSuccess, Doc: "MigrateType full or structure: done — inferred"},
	{From: stCompleting, To: stSuccess, After: durCompleting, Doc: "the incremental sync stops"},
	{From: stStopping, To: stCanceled, After: durStopping, Doc: "the job stops"},
	{From: stPausing, To: stManualPaused, After: durPausing, Doc: "the job pauses"},
	{From: stResuming, To: stFailed, After: durResuming, When: retryFails, Effect: endRetry,
		Doc: "a retry the Outcome's ResumeFails makes fail (\"otherwise, it will enter the 'Task failed' status\")"},
	{From: stResuming, To: stRunning, After: durResuming, Doc: "the job resumes where it stopped"},
	{From: stResumableErr, To: stResuming, After: durAutoRetry, Timeout: true, When: autoRetries, Effect: markRetry,
		Doc: "automatic retry after a minute when AutoRetryTimeRangeMinutes is set — inferred"},

	{Field: fieldTrade, From: trResizing, To: trNormal, After: durResizing, Effect: applyNewClass,
		Doc: "the new InstanceClass applies"},
	{Field: fieldTrade, From: trReversing, To: trNormal, After: durReversing, Doc: "the reversal ends"},
	{Field: fieldTrade, From: trIsolating, To: trIsolated, After: durIsolating, Doc: "isolation completes"},
	{Field: fieldTrade, From: trIsolated, To: trOfflining, After: durIsolatedKept, Timeout: true,
		Doc: "an isolated job is destroyed after 7 days"},
	{Field: fieldTrade, From: trOfflining, To: trOfflined, After: durOfflining, Doc: "destruction completes"},
	{Field: fieldTrade, From: trOfflined, Remove: true, After: durOfflined,
		Doc: "the destroyed job disappears from DescribeMigrationJobs — inferred"},
}

func runEndsIn(status string) func(*migrationJob) bool {
	return func(j *migrationJob) bool { return j.runEnd() == status }
}

func consumeRunOutcome(t *txn[migrationJob]) { t.Job.Outcome.RunEnds = "" }

// markRetry records that the job resumes from an error (ResumeMigrateJob,
// the automatic retry), not from a pause.
func markRetry(t *txn[migrationJob]) { t.Job.Retrying = true }

func endRetry(t *txn[migrationJob]) { t.Job.Retrying = false }

// retryFails: the job retries and its Outcome makes retries fail.
func retryFails(j *migrationJob) bool { return j.Retrying && j.Outcome.ResumeFails }

// autoRetries: DTS retries a retryable error by itself within the job's
// AutoRetryTimeRangeMinutes (5–720 when set); the first retry, a minute in,
// is always within that range.
func autoRetries(j *migrationJob) bool { return j.AutoRetryTimeRangeMinutes > 0 }

func readyRunDuration(j *migrationJob, since time.Time) time.Duration {
	return startDelay(j.RunMode == "timed", j.ExpectRunTime, since, durReadyRun)
}

func applyNewClass(t *txn[migrationJob]) {
	if t.Job.PendingClass != "" {
		t.Job.InstanceClass = t.Job.PendingClass
		t.Job.PendingClass = ""
	}
}

// manualIsolationGuard: RecoverMigrateJob lifts only a manual isolation.
func manualIsolationGuard(j *migrationJob) *apiError {
	return j.manualOnly("Migration job", j.JobID, "RecoverMigrateJob")
}

// isolateMigration isolates a billed job out of band (administration
// Isolate): its billing status becomes isolated at once, a migrating job
// is stopped, and the isolation has the given cause.
func isolateMigration(jb job, reason string, at time.Time, scale float64) error {
	j := jb.(*migrationJob)
	return isolateOutOfBand(migrationMachine, j, &j.isolation, j.Billed, migrationIsolation, reason, at, scale)
}

// migrationIsolation are the statuses an isolation of a migration job uses.
var migrationIsolation = isolationStatuses{inService: inService, active: active, stopping: stStopping, isolated: trIsolated}

func notBilledGuard(j *migrationJob) *apiError {
	if j.Billed {
		return errf(codeStatusInConflict, "Migration job %s is billed.", j.JobID)
	}
	return nil
}

func billedGuard(j *migrationJob) *apiError {
	if !j.Billed {
		return errf(codeStatusInConflict, "Migration job %s is not billed.", j.JobID)
	}
	return nil
}

func configuredGuard(j *migrationJob) *apiError {
	if !j.Configured {
		return errf(codeOperationDenied, "Migration job %s has not been configured (ModifyMigrationJob).", j.JobID)
	}
	return nil
}

func unconfiguredGuard(j *migrationJob) *apiError {
	if j.Configured {
		return errf(codeStatusInConflict, "Migration job %s is already configured.", j.JobID)
	}
	return nil
}

func redisGuard(j *migrationJob) *apiError {
	if !j.redisLink() {
		return errf(codeStatusInConflict, "Only Redis migration jobs can be retried after they failed; job %s migrates %s.",
			j.JobID, j.SrcDatabaseType)
	}
	return nil
}

// redisFamily are the database types DTS migrates as Redis (the ResumeOption
// values clearData and overwrite, and the retry of a failed job, are theirs).
var redisFamily = []string{"redis", "tendis", "keewidb"}

// redisLink reports whether the job migrates to or from a Redis-family
// database.
func (j *migrationJob) redisLink() bool { return j.redisType() != "" }

// redisType is the Redis-family database type of the job's link ("" for
// none).
func (j *migrationJob) redisType() string {
	for _, t := range []string{j.SrcDatabaseType, j.DstDatabaseType} {
		if slices.Contains(redisFamily, t) {
			return t
		}
	}
	return ""
}

// migrationOps: what each migration action may do. A row for every action
// that touches one job, implemented or not: AllowedAction is computed from
// this table, so it is complete today. An action's handler calls
// operateJob (or jobOperation), which applies the first row whose preconditions
// hold.
var migrationOps = []opRow[migrationJob]{
	{Action: "ModifyMigrationJob", Verb: dtsapi.VerbConfigure, From: []string{stCreated, stCheckPass, stCheckNotPass},
		TradeFrom: inService, Guard: unconfiguredGuard, To: stCreated, Effect: markConfigured,
		Doc: "first configuration (verb configure)"},
	{Action: "ModifyMigrationJob", Verb: dtsapi.VerbModify, From: []string{stCreated, stCheckPass, stCheckNotPass},
		TradeFrom: inService, Guard: configuredGuard, To: stCreated, Effect: markConfigured,
		Doc: "reconfiguration (verb modify); a new check is needed — status after it inferred `created`"},
	{Action: "CreateMigrateCheckJob", Verb: dtsapi.VerbCheck, From: []string{stCreated, stCheckPass, stCheckNotPass},
		TradeFrom: inService, Guard: configuredGuard, To: stChecking,
		Doc: "start the precheck; the job must be configured (`OperationDenied.BizOperationDeniedError`) and its `cdb` instances must exist (`InvalidParameter.InstanceNotFound`)"},
	{Action: "SkipCheckItem", From: []string{stCheckNotPass}, TradeFrom: inService,
		Doc: "skip steps that failed in the last check; the job stays `checkNotPass` until it is checked again"},
	{Action: "StartMigrateJob", Verb: dtsapi.VerbStart, From: []string{stCheckPass}, TradeFrom: inService,
		To: stReadyRun, Effect: startRun, Doc: "start the migration"},
	{Action: "StopMigrateJob", Verb: dtsapi.VerbStop,
		From:      []string{stReadyRun, stRunning, stReadyComplete, stManualPaused, stError, stResumableErr, stUnknown},
		TradeFrom: inService, To: stStopping, Doc: "stop for good (resumableErr inferred)"},
	{Action: "CompleteMigrateJob", Verb: dtsapi.VerbComplete, From: []string{stReadyComplete}, TradeFrom: inService,
		To: stCompleting, Doc: "end the incremental sync"},
	{Action: "PauseMigrateJob", Verb: dtsapi.VerbPause, From: []string{stRunning}, TradeFrom: inService,
		To: stPausing, Doc: "pause"},
	{Action: "ContinueMigrateJob", Verb: dtsapi.VerbContinue, From: []string{stManualPaused}, TradeFrom: inService,
		To: stResuming, Doc: "continue a paused job (transitional status inferred `resuming`)"},
	{Action: "ResumeMigrateJob", Verb: dtsapi.VerbResume, From: []string{stError, stResumableErr},
		TradeFrom: inService, To: stResuming, Effect: markRetry, Doc: "retry a job in error"},
	{Action: "ResumeMigrateJob", Verb: dtsapi.VerbResume, From: []string{stFailed}, TradeFrom: inService,
		Guard: redisGuard, To: stResuming, Effect: markRetry, Doc: "retry a failed Redis (redis, tendis, keewidb) job"},
	{Action: "CreateCompareTask", Verb: dtsapi.VerbCreateCmpTask, From: []string{stRunning, stReadyComplete},
		TradeFrom: inService, Doc: "create a consistency check; no status change"},
	{Action: "IsolateMigrateJob", Verb: dtsapi.VerbIsolate, From: anyButCreating, TradeFrom: []string{trNormal},
		Guard: billedGuard, ToTrade: trIsolating, Effect: isolateByHand,
		Doc: "billed job: isolate (a migrating job is stopped first — inferred)"},
	{Action: "IsolateMigrateJob", Verb: dtsapi.VerbIsolate, From: anyButCreating, TradeFrom: []string{trNotBilled},
		Guard: notBilledGuard, Remove: true, Doc: "free job: deleted at once"},
	{Action: "RecoverMigrateJob", Verb: dtsapi.VerbRecover, TradeFrom: []string{trIsolated}, Guard: manualIsolationGuard,
		ToTrade: trNormal, Effect: func(t *txn[migrationJob]) { t.Job.lifted() },
		Doc: "lift a manual isolation; an overdue one (arrears, administration `Isolate`) is refused with `OperationDenied.BizOperationDeniedError`"},
	{Action: "DestroyMigrateJob", Verb: dtsapi.VerbOffline, TradeFrom: []string{trIsolated}, ToTrade: trOfflining,
		Doc: "destroy an isolated job"},
	{Action: "ModifyMigrateJobSpec", Verb: dtsapi.VerbResize, From: anyButCreating, TradeFrom: []string{trNormal},
		Guard: billedGuard, ToTrade: trResizing,
		Doc: "change InstanceClass (billed jobs, billing status normal); a free job is refused first with `OperationDenied.BizOperationDeniedError`"},
	{Action: "ModifyMigrateName", From: nil, TradeFrom: notGone, Doc: "rename; any status"},
	{Action: "ModifyMigrateRateLimit", From: []string{stRunning, stReadyComplete}, TradeFrom: inService,
		Doc: "change the transfer rate while the job runs (`readyComplete` inferred: the incremental sync still runs)"},
	{Action: "ModifyMigrateRuntimeAttribute", Doc: "change runtime attributes; bypasses the state machine"},
}

func markConfigured(t *txn[migrationJob]) { t.Job.Configured = true }

func startRun(t *txn[migrationJob]) {
	t.Job.StartTime = t.At
	t.Job.EndTime = time.Time{}
	t.resetProgress(stRunning)
}

// isolateByHand is IsolateMigrateJob on a billed job: a manual isolation
// (RecoverMigrateJob can lift it); a migrating job is stopped.
func isolateByHand(t *txn[migrationJob]) {
	t.Job.IsolatedFor = IsolationManual
	stopIfActive(t, active, stStopping)
}
