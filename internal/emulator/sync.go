package emulator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// syncJob is one data-sync job as the emulator stores it (and persists it).
// Secrets are never stored: endpoint passwords and temporary keys are
// emptied before a job keeps them (clearSecrets), and read back "" as in the
// sync samples.
type syncJob struct {
	jobBase

	// Purchase parameters; PayMode changes only through the console
	// switches (ForceStatus to PostPay2Prepaying, PrePay2Postpaying).
	PayMode         string
	SrcDatabaseType string
	DstDatabaseType string
	SrcRegion       string
	DstRegion       string
	Specification   string `json:",omitempty"`
	// InstanceClass is the current specification; PendingClass the one a
	// resize (ResizeSyncJob) will apply.
	InstanceClass string
	PendingClass  string `json:",omitempty"`
	// Billed is decided at purchase (freeLink).
	Billed bool
	// AutoRenew and ExpireTime of a prepaid job (PayMode PrePay).
	AutoRenew    uint64
	ExpireTime   time.Time `json:",omitzero"`
	ExistedJobID string    `json:"ExistedJobId,omitempty"`
	Tags         []*dtsapi.TagItem

	StartTime time.Time `json:",omitzero"`
	EndTime   time.Time `json:",omitzero"`

	// Configuration (ConfigureSyncJob).
	Configured bool
	syncConfig
	RateLimit *dtsapi.RateLimitOption `json:",omitempty"`

	Check checkState
	// The object modification (ModifySyncJobConfig): the pending objects and
	// options, and the last modify-check.
	PendingObjects *dtsapi.Objects        `json:",omitempty"`
	PendingOptions *dtsapi.DynamicOptions `json:",omitempty"`
	ModifyCheck    checkState

	// ErrInfo of the last error.
	ErrReason, ErrMessage, ErrSolution string `json:",omitempty"`
	// Retrying is set while the job resumes from an error (a retry), as
	// opposed to continuing after a pause.
	Retrying bool `json:",omitempty"`

	// The isolation: IsolationManual (IsolateSyncJob), IsolationOverdue
	// (administration Isolate) or isolationExpired (a prepaid job that was
	// not renewed).
	isolation
}

// syncConfig is what ConfigureSyncJob stores.
type syncConfig struct {
	JobMode                   string                      `json:",omitempty"`
	RunMode                   string                      `json:",omitempty"`
	ExpectRunTime             time.Time                   `json:",omitzero"`
	SrcAccessType             string                      `json:",omitempty"`
	DstAccessType             string                      `json:",omitempty"`
	SrcNodeType               string                      `json:",omitempty"`
	DstNodeType               string                      `json:",omitempty"`
	SrcConnectType            string                      `json:",omitempty"`
	SrcInfo                   *dtsapi.Endpoint            `json:",omitempty"`
	DstInfo                   *dtsapi.Endpoint            `json:",omitempty"`
	SrcInfos                  *dtsapi.SyncDBEndpointInfos `json:",omitempty"`
	DstInfos                  *dtsapi.SyncDBEndpointInfos `json:",omitempty"`
	Objects                   *dtsapi.Objects             `json:",omitempty"`
	Options                   *dtsapi.Options             `json:",omitempty"`
	AutoRetryTimeRangeMinutes int64                       `json:",omitempty"`
}

// Run modes of a sync job.
const (
	syncRunImmediate = "Immediate"
	syncRunTimed     = "Timed"
)

// Defaults of the options DTS documents ("默认").
const (
	defaultInitType      = "Full"
	defaultDealOfExist   = "ReportErrorAfterCheck"
	defaultConflict      = "ReportError"
	syncKafka            = "kafka"
	syncAccessCkafka     = "ckafka"
	syncAccessCdb        = "cdb"
	defaultSyncJobMode   = "fullMode"
	defaultSyncClass     = "medium"
	defaultSinkerThreads = 32
)

// syncMySQLFamily are the database types of the MySQL family: ResetSyncJob
// resets their prepaid links only.
var syncMySQLFamily = dtsapi.MySQLFamily

func (j *syncJob) kafkaTarget() bool { return j.DstDatabaseType == syncKafka }

func (j *syncJob) initType() string {
	if j.Options != nil && deref(j.Options.InitType) != "" {
		return *j.Options.InitType
	}
	return defaultInitType
}

// loadsData reports whether the initial load copies data (InitType Full or
// Data): the run has the dumper and loader steps.
func (j *syncJob) loadsData() bool { t := j.initType(); return t == "Full" || t == "Data" }

func (j *syncJob) pendingObjects() *dtsapi.Objects {
	if j.PendingObjects != nil {
		return j.PendingObjects
	}
	return j.Objects
}

// checkFails reports whether the running check ends in CheckNotPass.
func (j *syncJob) checkFails() bool {
	return j.Check.failed() || (j.Outcome.CheckFails && !j.Check.skipped(failingCheckStep))
}

// modifyCheckFails reports whether the running modify-check fails: steps
// skipped by SkipSyncCheckItem are not checked again.
func (j *syncJob) modifyCheckFails() bool {
	return j.ModifyCheck.failed() || (j.Outcome.CheckFails && !j.Check.skipped(failingCheckStep))
}

func (j *syncJob) retryFails() bool  { return j.Retrying && j.Outcome.ResumeFails }
func (j *syncJob) autoRetries() bool { return j.AutoRetryTimeRangeMinutes > 0 }

func (j *syncJob) prepaid() bool { return j.PayMode == dtsapi.SyncPayModePrePay }

// renews and expires: what happens to a billed prepaid job at ExpireTime.
func (j *syncJob) renews() bool  { return j.Billed && j.prepaid() && j.AutoRenew == 1 }
func (j *syncJob) expires() bool { return j.Billed && j.prepaid() && j.AutoRenew != 1 }

// payAsYouGo: resizing and switching to prepaid need a billed
// pay-as-you-go job.
func (j *syncJob) payAsYouGo() *apiError {
	if !j.Billed || j.prepaid() {
		return errf(codeOperationDenied, "Sync job %s is %s: only billed pay-as-you-go (PostPay) jobs can do this.",
			j.JobID, j.billingNoun())
	}
	return nil
}

func (j *syncJob) billingNoun() string {
	if !j.Billed {
		return "not billed"
	}
	return "prepaid (PrePay)"
}

// recoverable: RecoverSyncJob lifts a manual isolation of a pay-as-you-go
// job only ("此接口只支持按量计费实例").
func (j *syncJob) recoverable() *apiError {
	if j.prepaid() {
		return errf(codeOperationDenied, "Sync job %s is prepaid: RecoverSyncJob supports pay-as-you-go (PostPay) jobs only.", j.JobID)
	}
	return j.manualOnly("Sync job", j.JobID, "RecoverSyncJob")
}

// resettable: ResetSyncJob resets prepaid MySQL-family links only.
func (j *syncJob) resettable() *apiError {
	if !j.prepaid() || !slices.Contains(syncMySQLFamily, j.SrcDatabaseType) || !slices.Contains(syncMySQLFamily, j.DstDatabaseType) {
		return errf(codeOperationDenied, "Sync job %s (%s, %s to %s) cannot be reset: ResetSyncJob resets prepaid MySQL-family links only.",
			j.JobID, j.PayMode, j.SrcDatabaseType, j.DstDatabaseType)
	}
	return nil
}

// compareDisabled is why no consistency check can be created for the job
// (SyncDetailInfo.CauseOfCompareDisable), "" when one can: a Kafka target,
// or a DML filter (syncCompareDisabled).
func (j *syncJob) compareDisabled() string {
	if !j.Configured {
		return ""
	}
	if j.kafkaTarget() {
		return "目标端为kafka的链路不支持一致性校验。"
	}
	return syncCompareDisabled(j.Objects, j.Options)
}

// compareScope and compareLink make a sync job the parent of sync compare
// tasks (compare_sync.go).
func (j *syncJob) compareScope() *dtsapi.CompareObject { return syncCompareScope(j.Objects) }
func (j *syncJob) compareLink() (string, string)       { return j.SrcDatabaseType, j.DstDatabaseType }

// comparable: a Kafka target's data cannot be compared at all.
func (j *syncJob) comparable() *apiError {
	if j.kafkaTarget() {
		return errf(codeOperationDenied, "Sync job %s cannot have a consistency check: %s", j.JobID, j.compareDisabled())
	}
	return nil
}

func (j *syncJob) setError(reason, message, solution string) {
	j.ErrReason, j.ErrMessage, j.ErrSolution = reason, message, solution
}

func (j *syncJob) clearError() { j.ErrReason, j.ErrMessage, j.ErrSolution = "", "", "" }

// syncSide is one endpoint of a sync job: a single node (Endpoint) or a
// cluster (SyncDBEndpointInfos).
type syncSide struct {
	name   string // SrcInfo, DstInfos, …
	source bool
	nodes  []*dtsapi.Endpoint
}

// sides are the configured endpoints of the job.
func (j *syncJob) sides() []syncSide {
	var out []syncSide
	add := func(single string, info *dtsapi.Endpoint, cluster string, infos *dtsapi.SyncDBEndpointInfos, source bool) {
		switch {
		case info != nil:
			out = append(out, syncSide{name: single, source: source, nodes: []*dtsapi.Endpoint{info}})
		case infos != nil:
			out = append(out, syncSide{name: cluster + ".Info", source: source, nodes: infos.Info})
		}
	}
	add("SrcInfo", j.SrcInfo, "SrcInfos", j.SrcInfos, true)
	add("DstInfo", j.DstInfo, "DstInfos", j.DstInfos, false)
	return out
}

// nodePath names node i of a side: SrcInfo, or SrcInfos.Info.0.
func (s syncSide) nodePath(i int) string {
	if strings.HasSuffix(s.name, ".Info") {
		return fmt.Sprintf("%s.%d", s.name, i)
	}
	return s.name
}

// checkNodes are the database nodes of the job's endpoints, source then
// target, as the check rules see them.
func (j *syncJob) checkNodes() []checkNode {
	var out []checkNode
	for _, side := range j.sides() {
		access, dbType, region := j.SrcAccessType, j.SrcDatabaseType, j.SrcRegion
		if !side.source {
			access, dbType, region = j.DstAccessType, j.DstDatabaseType, j.DstRegion
		}
		for i, n := range side.nodes {
			if n != nil {
				out = append(out, checkNode{Path: side.nodePath(i), HostMember: "Ip", Source: side.source,
					Access: access, DatabaseType: dbType, Region: region,
					Host: deref(n.Ip), Port: deref(n.Port), User: deref(n.User), InstanceID: deref(n.InstanceId)})
			}
		}
	}
	return out
}

// checkSubject is what the check rules read of the job, with objects as
// its selection.
func (j *syncJob) checkSubject(objects *dtsapi.Objects) checkSubject {
	s := checkSubject{Nodes: j.checkNodes(), Fails: j.Outcome.CheckFails}
	if objects != nil {
		for _, db := range objects.Databases {
			if db != nil {
				s.Databases = append(s.Databases, deref(db.DbName))
			}
		}
	}
	return s
}

// Default rate limits of a sync job, as in the DescribeSyncJobs sample.
func defaultSyncRateLimit() *dtsapi.RateLimitOption {
	return defaultRates(defaultDumpThread, 0, defaultLoadThread, 0, defaultSinkerThreads)
}

// ---- the kind ----

// syncKind registers sync jobs (IDs sync-xxxxxxxx). The not-found code of
// each action is from error-codes.txt: ResourceNotFound.ResourceNotFoundError
// where the SDK lists it for the action; the generic ResourceNotFound for
// the actions it lists no not-found code for (DestroySyncJob, ResumeSyncJob,
// ResizeSyncJob, ModifySyncJobConfig, DescribeModifyCheckSyncJobResult).
var syncKind = newKind[syncJob](kind{
	Name: "sync", Noun: "sync job", IDPrefix: "sync", IDLength: 8,
	NotFound: map[string]string{
		"ConfigureSyncJob":           codeResourceNotFound,
		"ContinueSyncJob":            codeResourceNotFound,
		"CreateCheckSyncJob":         codeResourceNotFound,
		"CreateModifyCheckSyncJob":   codeResourceNotFound,
		"DescribeCheckSyncJobResult": codeResourceNotFound,
		"IsolateSyncJob":             codeResourceNotFound,
		"ModifySyncRateLimit":        codeResourceNotFound,
		"PauseSyncJob":               codeResourceNotFound,
		"RecoverSyncJob":             codeResourceNotFound,
		"ResetSyncJob":               codeResourceNotFound,
		"SkipSyncCheckItem":          codeResourceNotFound,
		"StartModifySyncJob":         codeResourceNotFound,
		"StartSyncJob":               codeResourceNotFound,
		"StopSyncJob":                codeResourceNotFound,
		"CreateSyncCompareTask":      codeResourceNotFound,
	},
	DefaultNotFound: codeGenericNotFound,
	Isolate:         isolateSync,
	RunEnds:         []string{syResumableErr, syFailed, syUnknown},
	Summarize: func(j job, s *JobSummary) {
		s.Billed = j.(*syncJob).Billed
	},
}, syncMachine)
