package emulator

import (
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The subscription as data: its statuses (SubsStatus and the lifecycle
// Status), its automatic transitions and its operations. README.md renders
// these tables ("The subscription as data"); rows marked "inferred" are the
// emulator's choices where the documentation is silent.

// Nominal (TimeScale 1) durations.
const (
	durSubsCheckStep = 5 * time.Second
	durStarting      = time.Minute
	// durRunBeforeError is how long a subscription whose Outcome says
	// RunEnds error runs before it fails.
	durRunBeforeError   = 5 * time.Minute
	durSubsIsolating    = 10 * time.Second
	durSubsOfflining    = 30 * time.Second
	durPost2PrePay      = time.Minute
	subsRenewalInterval = 1 // month
)

// Shorthands for the statuses: ss… for SubsStatus, sl… for the lifecycle
// Status.
const (
	ssNotStarted   = dtsapi.SubsStatusNotStarted
	ssChecking     = dtsapi.SubsStatusChecking
	ssCheckNotPass = dtsapi.SubsStatusCheckNotPass
	ssCheckPass    = dtsapi.SubsStatusCheckPass
	ssStarting     = dtsapi.SubsStatusStarting
	ssRunning      = dtsapi.SubsStatusRunning
	ssError        = dtsapi.SubsStatusError

	slNormal         = dtsapi.SubsLifecycleNormal
	slIsolating      = dtsapi.SubsLifecycleIsolating
	slIsolated       = dtsapi.SubsLifecycleIsolated
	slOfflining      = dtsapi.SubsLifecycleOfflining
	slPost2PrePaying = dtsapi.SubsLifecyclePost2PrePaying
)

// Status sets used by the operation rows.
var (
	// subsInService are the lifecycle statuses in which a subscription can
	// be operated.
	subsInService = []string{slNormal, slPost2PrePaying}
	// subsNotGone are the lifecycle statuses of a subscription that is not
	// being destroyed.
	subsNotGone = []string{slNormal, slIsolating, slIsolated, slPost2PrePaying}
	// withTopic are the statuses of a started subscription: its topic exists.
	withTopic = []string{ssStarting, ssRunning, ssError}
	// resettable are the stable statuses (ResetSubscribe) — inferred.
	resettable = []string{ssNotStarted, ssCheckNotPass, ssCheckPass, ssRunning, ssError}
)

// subsCheckSteps are the steps of a subscription check, in the order and
// with the IDs of the DescribeSubscribeCheckJob sample.
var subsCheckSteps = []stepDef{
	{ID: stepConnectDB, Name: "连接DB检查", Duration: durSubsCheckStep},
	{ID: "OptimizeCheck", Name: "周边检查", Duration: durSubsCheckStep},
	{ID: "VersionCheck", Name: "版本检查", Duration: durSubsCheckStep},
	{ID: stepSrcPrivilege, Name: "源实例权限检查", Duration: durSubsCheckStep},
	{ID: stepBinlogParam, Name: "binlog参数检查", Duration: durSubsCheckStep},
}

func subsCheckStepsOf(*subscription) []stepDef { return subsCheckSteps }

// subscriptionMachine is the subscription kind. A subscription sticks in the
// status its Outcome's StickIn names.
var subscriptionMachine = func() *machine[subscription] {
	m := newMachine("subscription",
		func(j *subscription) *lifecycle { return &j.lifecycle },
		func(j *subscription) string { return j.JobID },
		touchSubscription,
		subscriptionStatuses, subscriptionAuto, subscriptionOps, []string{dtsapi.VerbView})
	m.stick = func(j *subscription) string { return j.Outcome.StickIn }
	return m
}()

// touchSubscription runs on every change of either status: ModifyTime, and
// the production intervals (the subscription writes to its topic while it
// is running and in service).
func touchSubscription(j *subscription, at time.Time) {
	j.UpdateTime = at
	j.Produced.track(j.producing(), at)
}

// producing reports whether the subscription writes to its topic now.
func (j *subscription) producing() bool {
	return j.Status == ssRunning && (j.Trade == slNormal || j.Trade == slPost2PrePaying)
}

// subscriptionStatuses: the 7 SubsStatus values and the 5 lifecycle Status
// values of the definition.
var subscriptionStatuses = []statusDef[subscription]{
	{Name: ssNotStarted, Doc: "bought or reset: configurable (ConfigureSubscribeJob), then checkable once configured"},
	{Name: ssChecking, Transitional: true, Steps: subsCheckStepsOf, Doc: "precheck running (5 steps)",
		OnEnter: func(t *txn[subscription]) {
			t.resetProgress(ssChecking)
			t.Job.Check = checkState{StartAt: t.At}
			t.Job.Check.Findings = subsCheck.rules(subsCheckSubject(t.Job), t.Job.Check.skipped)
		}},
	{Name: ssCheckNotPass, Doc: "precheck failed: reconfigure and check again", OnEnter: endSubsCheck},
	{Name: ssCheckPass, Doc: "precheck passed: startable", OnEnter: endSubsCheck},
	{Name: ssStarting, Transitional: true, Doc: "creating the topic and starting to read the source (first start or resume)",
		OnEnter: func(t *txn[subscription]) { t.Job.assignTopic() }},
	{Name: ssRunning, Doc: "writing changes to its Kafka topic", OnEnter: func(t *txn[subscription]) {
		t.Job.assignTopic()
		t.Job.Errors, t.Job.Retrying = nil, false
	}},
	{Name: ssError, Doc: "stopped by an error: resumable (ResumeSubscribe)", OnEnter: func(t *txn[subscription]) {
		t.Job.Retrying = false
		t.Job.Errors = []*dtsapi.SubsErr{{
			Message:  ptr("The subscription stopped: the source's binlog could not be read."),
			Reason:   ptr("The connection to the source database was lost while reading its binlog."),
			Solution: ptr("Check the source database and its network, then resume the subscription (ResumeSubscribe)."),
		}}
	}},

	{Name: slNormal, Field: fieldTrade, Doc: "in service (billed)"},
	{Name: slIsolating, Field: fieldTrade, Transitional: true, Doc: "isolation in progress (short)"},
	{Name: slIsolated, Field: fieldTrade, Doc: "isolated: no longer usable; destroy it (DestroyIsolatedSubscribe)",
		OnEnter: func(t *txn[subscription]) { t.Job.IsolateTime = t.At }},
	{Name: slOfflining, Field: fieldTrade, Transitional: true, Doc: "destruction in progress; the subscription then disappears",
		OnEnter: func(t *txn[subscription]) { t.Job.OfflineTime = t.At }},
	{Name: slPost2PrePaying, Field: fieldTrade, Transitional: true,
		Doc: "conversion from postpaid to prepaid (a console operation: reachable by ForceStatus only)"},
}

// endSubsCheck records the end and the result of a check: a failed check
// shows at least the Outcome's BinlogParamCheck failure.
func endSubsCheck(t *txn[subscription]) {
	j := t.Job
	subsCheck.end(&j.Check, j.Status, t.At, j.Outcome.CheckFails)
}

// subscriptionAuto: the automatic transitions; the first matching row of a
// status fires.
var subscriptionAuto = []autoRow[subscription]{
	{From: ssChecking, To: ssCheckNotPass, When: func(j *subscription) bool { return j.Check.failed() },
		Doc: "a check rule (see \"Check rules\") or the Outcome's CheckFails failed a step"},
	{From: ssChecking, To: ssCheckPass, Doc: "the check passes once its 5 steps are done"},
	{From: ssStarting, To: ssError, After: durStarting, When: func(j *subscription) bool { return j.Retrying && j.Outcome.ResumeFails },
		Doc: "a resume the Outcome's ResumeFails makes fail"},
	{From: ssStarting, To: ssRunning, After: durStarting, Doc: "the topic exists and the subscription runs — duration inferred"},
	{From: ssRunning, To: ssError, After: durRunBeforeError, When: func(j *subscription) bool { return j.Outcome.RunEnds == ssError },
		Effect: func(t *txn[subscription]) { t.Job.Outcome.RunEnds = "" },
		Doc:    "the Outcome's RunEnds error (once): the subscription fails after running 5 minutes — inferred"},

	{Field: fieldTrade, From: slNormal, To: slNormal, AfterFn: (*subscription).untilExpiry, Timeout: true, When: (*subscription).renews, Effect: renewSubscription,
		Doc: "a prepaid subscription with AutoRenew 1 is renewed for a month when it expires — inferred"},
	{Field: fieldTrade, From: slNormal, To: slIsolated, AfterFn: (*subscription).untilExpiry, Timeout: true, When: (*subscription).expires,
		Doc: "a prepaid subscription without AutoRenew is isolated when it expires — inferred"},
	{Field: fieldTrade, From: slIsolating, To: slIsolated, After: durSubsIsolating, Doc: "isolation completes"},
	{Field: fieldTrade, From: slIsolated, To: slOfflining, After: durIsolatedKept, Timeout: true,
		Doc: "an isolated subscription is destroyed after 7 days (OfflineTime) — inferred"},
	{Field: fieldTrade, From: slOfflining, Remove: true, After: durSubsOfflining,
		Doc: "destruction completes: the subscription and its consumer groups disappear — inferred"},
	{Field: fieldTrade, From: slPost2PrePaying, To: slNormal, After: durPost2PrePay, Effect: toPrepaid,
		Doc: "the conversion completes: PayType 0, expiring a month later — inferred"},
}

// renews and expires split the expiry of a prepaid subscription by its
// AutoRenew flag.
func (j *subscription) renews() bool {
	return j.prepaid() && !j.ExpireTime.IsZero() && j.AutoRenew == 1
}
func (j *subscription) expires() bool {
	return j.prepaid() && !j.ExpireTime.IsZero() && j.AutoRenew != 1
}

// untilExpiry is the time left until the subscription expires.
func (j *subscription) untilExpiry(since time.Time) time.Duration { return j.ExpireTime.Sub(since) }

func renewSubscription(t *txn[subscription]) {
	t.Job.ExpireTime = t.Job.ExpireTime.In(dtsapi.Beijing).AddDate(0, subsRenewalInterval, 0)
	t.Job.Renewed = true
}

func toPrepaid(t *txn[subscription]) {
	t.Job.PayType = subsPrepaid
	t.Job.ExpireTime = t.At.In(dtsapi.Beijing).AddDate(0, subsRenewalInterval, 0)
}

// subscriptionOps: what each subscription action may do, including the
// consumer-group actions (the subscription's status decides whether they
// are allowed; they do not change it). The first row whose preconditions
// hold applies; FailedOperation.StatusInConflict otherwise.
var subscriptionOps = []opRow[subscription]{
	{Action: "ConfigureSubscribeJob", From: []string{ssNotStarted, ssCheckNotPass}, TradeFrom: subsInService, To: ssNotStarted,
		Doc: "store the configuration; a new check is needed — status after it inferred `notStarted`"},
	{Action: "CreateSubscribeCheckJob", From: []string{ssNotStarted, ssCheckNotPass, ssCheckPass}, TradeFrom: subsInService,
		Guard: subsConfiguredGuard, To: ssChecking,
		Doc: "start the precheck; the subscription must be configured (`OperationDenied.BizOperationDeniedError`); `checkPass` inferred (check again)"},
	{Action: "StartSubscribe", From: []string{ssCheckPass}, TradeFrom: subsInService, To: ssStarting, Doc: "start: the topic is created"},
	{Action: "ResumeSubscribe", From: []string{ssError}, TradeFrom: subsInService, To: ssStarting,
		Effect: func(t *txn[subscription]) { t.Job.Retrying = true }, Doc: "resume a subscription in error (transitional status inferred `starting`)"},
	{Action: "ResetSubscribe", From: resettable, TradeFrom: subsInService, To: ssNotStarted, Effect: resetSubscription,
		Doc: "back to `notStarted`, unconfigured: the configuration, the check, the topic and the consumer groups are dropped; allowed in the stable statuses — inferred"},
	{Action: "ModifySubscribeObjects", From: []string{ssRunning}, TradeFrom: subsInService,
		Doc: "change the objects, the partitioning rules and the mongo pipeline; the subscription keeps running"},
	{Action: "IsolateSubscribe", TradeFrom: []string{slNormal}, ToTrade: slIsolating,
		Doc: "isolate (postpaid: billing stops; prepaid: refunded, only while returnable — else `OperationDenied.BizOperationDeniedError`, inferred); the SubsStatus stays"},
	{Action: "DestroyIsolatedSubscribe", TradeFrom: []string{slIsolated}, ToTrade: slOfflining, Doc: "destroy an isolated subscription"},
	{Action: "ModifySubscribeName", TradeFrom: subsNotGone, Doc: "rename; any status"},
	{Action: "ModifySubscribeAutoRenewFlag", TradeFrom: subsNotGone, Doc: "change AutoRenew (no effect on a postpaid subscription); any status"},
	{Action: "CreateConsumerGroup", From: []string{ssRunning}, TradeFrom: subsInService,
		Doc: "create a consumer group (\"只有状态为运行中的实例支持创建消费组\")"},
	{Action: "DeleteConsumerGroup", From: withTopic, TradeFrom: subsInService, Doc: "delete a consumer group — statuses inferred (the topic exists)"},
	{Action: "ModifyConsumerGroupDescription", From: withTopic, TradeFrom: subsInService, Doc: "change a group's description — statuses inferred"},
	{Action: "ModifyConsumerGroupPassword", From: withTopic, TradeFrom: subsInService, Doc: "change a group's password — statuses inferred"},
	{Action: "ResetConsumerGroupOffset", From: withTopic, TradeFrom: subsInService,
		Doc: "reset a group's offsets: effective for a `Dead` or `Empty` group only, silently ignored otherwise — statuses inferred"},
	{Action: "DescribeOffsetByTime", From: withTopic, TradeFrom: subsInService, Doc: "read the topic's offsets — statuses inferred"},
}

func subsConfiguredGuard(j *subscription) *apiError {
	if j.Config == nil {
		return errf(codeOperationDenied, "Subscription %s has not been configured (ConfigureSubscribeJob).", j.JobID)
	}
	return nil
}

// resetSubscription drops what the subscription was configured with and
// what it made: configuration, check, topic, errors, production.
func resetSubscription(t *txn[subscription]) {
	j := t.Job
	j.Config, j.Check, j.Errors, j.Retrying = nil, checkState{}, nil, false
	j.Topic, j.Broker, j.KafkaVersion = "", "", ""
	j.Produced = nil
	delete(j.Progress, ssChecking)
}

// isolateSubscription isolates a subscription out of band (administration
// Isolate), as the billing system does for arrears (reason overdue) or as
// IsolateSubscribe does (manual): its Status becomes isolated at once.
func isolateSubscription(jb job, reason string, at time.Time, scale float64) error {
	j := jb.(*subscription)
	return isolateOutOfBand(subscriptionMachine, j, &j.isolation, true, subsIsolation, reason, at, scale)
}

// subsIsolation are the statuses an isolation of a subscription uses: a
// subscription in service (always billed) is isolated; its SubsStatus
// stays.
var subsIsolation = isolationStatuses{inService: subsInService, isolated: slIsolated}
