package emulator

import (
	"slices"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// migrationJob is one data-migration job as the emulator stores it (and
// persists it). Secrets are never stored: endpoint passwords and temporary
// keys are replaced by a mask before a job keeps them (scrubSecrets).
type migrationJob struct {
	jobBase

	// Purchase parameters; they never change.
	SrcDatabaseType string
	DstDatabaseType string
	SrcRegion       string
	DstRegion       string
	// InstanceClass is the current specification; PendingClass the one a
	// resize (ModifyMigrateJobSpec) will apply.
	InstanceClass string
	PendingClass  string `json:",omitempty"`
	// Billed is decided at purchase (see billedLink).
	Billed   bool
	DealName string
	Tags     []*dtsapi.TagItem

	StartTime time.Time `json:",omitzero"`
	EndTime   time.Time `json:",omitzero"`

	// Configuration (ModifyMigrationJob).
	Configured                bool
	RunMode                   string
	ExpectRunTime             time.Time `json:",omitzero"`
	MigrateOption             *dtsapi.MigrateOption
	SrcInfo                   *dtsapi.DBEndpointInfo
	DstInfo                   *dtsapi.DBEndpointInfo
	AutoRetryTimeRangeMinutes int64
	RateLimit                 *dtsapi.RateLimitOption

	Check       checkState
	CompareTask *dtsapi.CompareTaskInfo `json:",omitempty"`
	// ForeignKeyFlag is what SkipCheckItem chose for the foreign keys of a
	// skipped ConstraintCheck: shield or migrate.
	ForeignKeyFlag string `json:",omitempty"`

	BriefMsg  string
	ErrorInfo []*dtsapi.ErrorInfoItem
	// Retrying is set while the job resumes from an error (a retry), as
	// opposed to continuing after a pause.
	Retrying bool `json:",omitempty"`

	IsolateTime   time.Time `json:",omitzero"`
	IsolateReason string    `json:",omitempty"`
	// IsolatedFor is why the job is isolated: IsolationManual
	// (IsolateMigrateJob) or IsolationOverdue (arrears, administration
	// Isolate); only a manual isolation can be lifted (RecoverMigrateJob).
	IsolatedFor   string    `json:",omitempty"`
	OfflineTime   time.Time `json:",omitzero"`
	OfflineReason string    `json:",omitempty"`
}

func (j *migrationJob) migrateType() string {
	if j.MigrateOption != nil && j.MigrateOption.MigrateType != nil && *j.MigrateOption.MigrateType != "" {
		return *j.MigrateOption.MigrateType
	}
	return "fullAndIncrement"
}

func (j *migrationJob) setError(brief, code, solution string) {
	j.BriefMsg = brief
	j.ErrorInfo = []*dtsapi.ErrorInfoItem{{
		Code:     ptr(code),
		Solution: ptr(solution),
		ErrorLog: ptr(brief),
		HelpDoc:  ptr("https://cloud.tencent.com/document/product/571"),
	}}
}

func (j *migrationJob) clearError() {
	j.BriefMsg = ""
	j.ErrorInfo = nil
}

// billedLink is the emulator's billing rule, decided at purchase from what
// the purchase knows (the endpoints are configured later): a link is free
// (TradeStatus notBilled, BillingType notBilling) when source and target are
// the same database type in the same region and the job is bought at the
// medium class — the only class the definition says unbilled links support
// ("当前未计费链路仅支持medium字段值"). Every other link is billed
// (postpaid, TradeStatus normal).
func billedLink(req *dtsapi.CreateMigrationServiceRequest) bool {
	if unbilledTargets[*req.DstDatabaseType] {
		return false
	}
	free := *req.SrcDatabaseType == *req.DstDatabaseType && *req.SrcRegion == *req.DstRegion && *req.InstanceClass == "medium"
	return !free
}

// unbilledTargets are target database types whose links DTS does not bill at
// any class (inferred: a product in its free period). For them the purchase
// accepts only the medium class, as the definition says of unbilled links.
var unbilledTargets = map[string]bool{"tdstore": true}

// Default rate limits a job reports (RateLimitOption); the definition gives
// only the maximums (16 threads, 50 000 000 rows/s, 128 sinker threads).
const (
	defaultDumpThread   = 8
	defaultDumpRps      = 50000000
	defaultLoadThread   = 8
	defaultLoadRps      = 50000000
	defaultSinkerThread = 64
)

func defaultRateLimit() *dtsapi.RateLimitOption {
	return &dtsapi.RateLimitOption{
		CurrentDumpThread: ptr[int64](defaultDumpThread), DefaultDumpThread: ptr[int64](defaultDumpThread),
		CurrentDumpRps: ptr[int64](defaultDumpRps), DefaultDumpRps: ptr[int64](defaultDumpRps),
		CurrentLoadThread: ptr[int64](defaultLoadThread), DefaultLoadThread: ptr[int64](defaultLoadThread),
		CurrentLoadRps: ptr[int64](defaultLoadRps), DefaultLoadRps: ptr[int64](defaultLoadRps),
		CurrentSinkerThread: ptr[int64](defaultSinkerThread), DefaultSinkerThread: ptr[int64](defaultSinkerThread),
		HasUserSetRateLimit: ptr("no"),
	}
}

// ---- the kind ----

// migrationKind registers migration jobs (IDs dts-xxxxxxxx). The not-found
// code of each action is from error-codes.txt: ResourceNotFound.JobNotExist
// where the definition lists it for the action, else
// ResourceNotFound.ResourceNotFoundError (listed for every migration action,
// DescribeMigrationDetail and DescribeMigrationCheckJob included).
var migrationKind = newKind[migrationJob](kind{
	Name: "migration", Noun: "migration job", IDPrefix: "dts", IDLength: 8,
	NotFound: map[string]string{
		"CompleteMigrateJob":    codeJobNotExist,
		"CreateMigrateCheckJob": codeJobNotExist,
		"ModifyMigrateName":     codeJobNotExist,
		"ResumeMigrateJob":      codeJobNotExist,
		"StartMigrateJob":       codeJobNotExist,
		"StopMigrateJob":        codeJobNotExist,
	},
	DefaultNotFound: codeResourceNotFound,
	Isolate:         isolateMigration,
	RunEnds:         []string{stError, stFailed, stResumableErr, stUnknown},
	Summarize: func(j job, s *JobSummary) {
		s.Billed = j.(*migrationJob).Billed
	},
}, migrationMachine)

// ---- rendering ----

// jobItem renders j as a JobItem at time now.
func (e *Emulator) jobItem(j *migrationJob, now time.Time) *dtsapi.JobItem {
	item := &dtsapi.JobItem{
		JobId:      ptr(j.JobID),
		JobName:    ptr(j.JobName),
		CreateTime: fmtTime(j.CreateTime),
		UpdateTime: fmtTime(j.UpdateTime),
		StartTime:  fmtTime(j.StartTime),
		EndTime:    fmtTime(j.EndTime),
		BriefMsg:   ptr(j.BriefMsg),
		Status:     ptr(j.Status),
		RunMode:    ptr(j.RunMode),
		Action: &dtsapi.MigrateAction{
			AllAction:     ptrs(migrationVerbs),
			AllowedAction: ptrs(migrationMachine.allowed(j)),
		},
		StepInfo:                  e.migrateDetail(j, now),
		SrcInfo:                   endpointView(j.SrcInfo, j.SrcRegion, j.SrcDatabaseType),
		DstInfo:                   endpointView(j.DstInfo, j.DstRegion, j.DstDatabaseType),
		CompareTask:               compareTaskView(j.CompareTask),
		TradeInfo:                 tradeInfo(j),
		Tags:                      slices.Clone(j.Tags),
		AutoRetryTimeRangeMinutes: ptr(j.AutoRetryTimeRangeMinutes),
		DumperResumeCtrl:          ptr(dumperResumeCtrl(j)),
	}
	if !j.ExpectRunTime.IsZero() {
		item.ExpectRunTime = fmtTime(j.ExpectRunTime)
	}
	return item
}

// migrationDetail renders j as a DescribeMigrationDetail response.
func (e *Emulator) migrationDetail(j *migrationJob, now time.Time) *dtsapi.DescribeMigrationDetailResponse {
	item := e.jobItem(j, now)
	rl := j.RateLimit
	if rl == nil {
		rl = defaultRateLimit()
	}
	// The detail sample reads unset isolation and offline times "" (the
	// list sample reads them as the zero date).
	trade := *item.TradeInfo
	trade.OfflineTime, trade.IsolateTime = fmtTimeOrEmpty(j.OfflineTime), fmtTimeOrEmpty(j.IsolateTime)
	return &dtsapi.DescribeMigrationDetailResponse{
		JobId:            item.JobId,
		JobName:          item.JobName,
		CreateTime:       item.CreateTime,
		UpdateTime:       item.UpdateTime,
		StartTime:        item.StartTime,
		EndTime:          item.EndTime,
		BriefMsg:         item.BriefMsg,
		Status:           item.Status,
		Action:           item.Action,
		StepInfo:         item.StepInfo,
		SrcInfo:          item.SrcInfo,
		DstInfo:          item.DstInfo,
		CompareTask:      item.CompareTask,
		Tags:             item.Tags,
		RunMode:          item.RunMode,
		ExpectRunTime:    item.ExpectRunTime,
		MigrateOption:    j.MigrateOption,
		CheckStepInfo:    e.checkStepInfo(j, now),
		TradeInfo:        &trade,
		ErrorInfo:        j.ErrorInfo,
		DumperResumeCtrl: item.DumperResumeCtrl,
		RateLimitOption:  rl,
	}
}

// endpointView is the stored endpoint or, before configuration, what the
// purchase knows about it.
func endpointView(info *dtsapi.DBEndpointInfo, region, dbType string) *dtsapi.DBEndpointInfo {
	if info != nil {
		return info
	}
	return &dtsapi.DBEndpointInfo{Region: ptr(region), DatabaseType: ptr(dbType)}
}

// dumperResumeCtrl is JobItem.DumperResumeCtrl: no at readyComplete and
// completing, as the DescribeMigrationDetail sample shows at readyComplete,
// yes otherwise (the DescribeMigrationJobs sample shows yes at
// readyComplete earlier in the same job's life; the emulator follows the
// detail sample).
func dumperResumeCtrl(j *migrationJob) string {
	if j.Status == stReadyComplete || j.Status == stCompleting {
		return "no"
	}
	return "yes"
}

func compareTaskView(c *dtsapi.CompareTaskInfo) *dtsapi.CompareTaskInfo {
	if c != nil {
		return c
	}
	return &dtsapi.CompareTaskInfo{Status: ptr("notexist")}
}

func tradeInfo(j *migrationJob) *dtsapi.TradeInfo {
	billing := "billing"
	if !j.Billed {
		billing = "notBilling"
	}
	return &dtsapi.TradeInfo{
		DealName:      ptr(j.DealName),
		InstanceClass: ptr(j.InstanceClass),
		TradeStatus:   ptr(j.Trade),
		OfflineTime:   fmtTime(j.OfflineTime),
		IsolateTime:   fmtTime(j.IsolateTime),
		OfflineReason: ptr(j.OfflineReason),
		IsolateReason: ptr(j.IsolateReason),
		PayType:       ptr("postpay"),
		BillingType:   ptr(billing),
	}
}

// migrateDetail renders the migration steps (MigrateDetailInfo). Before the
// job first starts it is empty. The export and import steps follow the
// running status's progress; a fullAndIncrement job adds the incremental
// step, running from readyComplete until the job ends.
func (e *Emulator) migrateDetail(j *migrationJob, now time.Time) *dtsapi.MigrateDetailInfo {
	d := &dtsapi.MigrateDetailInfo{MasterSlaveDistance: ptr[int64](-1), SecondsBehindMaster: ptr[int64](-1)}
	p := j.Progress[stRunning]
	if p == nil {
		return d
	}
	if j.Status == stRunning {
		p = migrationMachine.progressAt(j, now, e.scale)
	}
	steps := runSteps(j)
	incremental := j.migrateType() == "fullAndIncrement"
	all := len(steps)
	if incremental {
		all++
	}
	var views []*dtsapi.StepDetailInfo
	for i, s := range steps {
		v := stepView(i+1, s)
		if i < len(p.Steps) {
			v.StartTime, v.FinishTime = fmtTimeOrEmpty(p.Steps[i].Start), fmtTimeOrEmpty(p.Steps[i].Finish)
		}
		switch {
		case i < p.Done:
			v.Status, v.Percent = ptr(stepFinished), ptr[uint64](100)
		case i == p.Done && j.Status == stRunning:
			v.Status, v.Percent = ptr(stepRunning), ptr(percent(p.Partial, s.Duration))
		case i == p.Done && p.Partial > 0:
			v.Status, v.Percent = ptr(stepRunning), ptr(percent(p.Partial, s.Duration))
		}
		if i == p.Done && isErrorStatus(j.Status) {
			v.Status = ptr(stepFailed)
			v.StepMessage = ptr(j.BriefMsg)
		}
		views = append(views, v)
	}
	now1 := min(p.Done+1, len(steps))
	if incremental {
		v := stepView(all, stepSinker)
		if p.Done >= len(steps) {
			v.StartTime = fmtTimeOrEmpty(p.Steps[len(steps)-1].Finish)
			now1 = all
			switch j.Status {
			case stSuccess:
				v.Status, v.Percent = ptr(stepFinished), ptr[uint64](100)
				v.FinishTime = fmtTimeOrEmpty(j.EndTime)
			case stReadyComplete, stCompleting:
				v.Status, v.Percent = ptr(stepRunning), ptr[uint64](100)
				d.MasterSlaveDistance, d.SecondsBehindMaster = ptr[int64](0), ptr[int64](0)
			default:
				v.Status = ptr(stepRunning)
				if isErrorStatus(j.Status) {
					v.Status = ptr(stepFailed)
					v.StepMessage = ptr(j.BriefMsg)
				}
			}
		}
		views = append(views, v)
	}
	d.StepAll = ptr(uint64(all))
	d.StepNow = ptr(uint64(now1))
	d.StepInfo = views
	return d
}

func isErrorStatus(s string) bool {
	return s == stError || s == stFailed || s == stResumableErr || s == stUnknown
}
