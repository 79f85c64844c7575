package emulator

import (
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Handlers of the sync actions that are not the check's, the
// configuration's or the object modification's: the purchase, the listing,
// the resize and the rate limit. The operations that take only the job's
// ID are rows of dtsHandlers over jobOperation.

// Purchase limits (CreateSyncJobRequest).
const (
	maxSyncPurchaseCount = 10
	maxSyncTimeSpan      = 100
	maxSyncJobIDs        = 100
	maxSyncMongoDumpRps  = 20000
)

// createSyncJob buys Count jobs. They are UnInitialized at once (sync has no
// creating status), billed or free per freeLink.
func createSyncJob(c *call, req *dtsapi.CreateSyncJobRequest) (*dtsapi.CreateSyncJobResponse, error) {
	p, err := checkSyncPurchase(c.Region, req)
	if err != nil {
		return nil, err
	}
	resp := &dtsapi.CreateSyncJobResponse{JobIds: []*string{}}
	for range p.count {
		j := &syncJob{
			jobBase: jobBase{
				lifecycle: lifecycle{
					Status: syUnInitialized, StatusSince: c.Now, Trade: p.trade, TradeSince: c.Now,
					Sub: optNormal, SubSince: c.Now,
				},
				JobID: c.e.newJobID(syncKind, ""), Region: c.Region, JobName: deref(req.JobName),
				CreateTime: c.Now, UpdateTime: c.Now, Outcome: c.e.newJobOutcome,
			},
			PayMode:         *req.PayMode,
			SrcDatabaseType: *req.SrcDatabaseType,
			DstDatabaseType: *req.DstDatabaseType,
			SrcRegion:       *req.SrcRegion,
			DstRegion:       *req.DstRegion,
			Specification:   deref(req.Specification),
			InstanceClass:   p.class,
			Billed:          p.billed,
			AutoRenew:       p.autoRenew,
			ExistedJobID:    deref(req.ExistedJobId),
			Tags:            cloneTags(p.tags),
		}
		if p.billed && j.prepaid() {
			j.ExpireTime = c.Now.AddDate(0, int(p.timeSpan), 0)
		}
		c.e.addJob(syncKind, j)
		resp.JobIds = append(resp.JobIds, ptr(j.JobID))
	}
	c.changed()
	return resp, nil
}

// syncPurchase is a checked CreateSyncJob request.
type syncPurchase struct {
	count, timeSpan, autoRenew uint64
	class, trade               string
	billed                     bool
	tags                       []*dtsapi.TagItem
}

// checkSyncPurchase checks what the definition cannot express: DstRegion is
// the request's region; kafka is a target only; Count 1–10 (default 1);
// InstanceClass defaults to medium; TimeSpan 1–100 months (default 1) and
// AutoRenew 0 or 1 mean something for PrePay only (a pay-as-you-go job
// reads AutoRenew 0); the name and tags as for every kind.
func checkSyncPurchase(region string, req *dtsapi.CreateSyncJobRequest) (*syncPurchase, *apiError) {
	invalid := func(member string, v any, why string) *apiError {
		return errf(codeInvalidParameterValue, "The value `%v` of parameter `%s` is not valid: %s.", v, member, why)
	}
	switch {
	case *req.DstRegion != region:
		return nil, invalid("DstRegion", *req.DstRegion, "it must be the region of the request ("+region+")")
	case !isRegion(*req.SrcRegion):
		return nil, invalid("SrcRegion", *req.SrcRegion, "it is not a region")
	case *req.SrcDatabaseType == syncKafka:
		return nil, invalid("SrcDatabaseType", syncKafka, "kafka can only be a target")
	}
	p := &syncPurchase{count: 1, timeSpan: 1, class: orDefault(deref(req.InstanceClass), defaultSyncClass)}
	if n := req.Count; n != nil && (*n < 1 || *n > maxSyncPurchaseCount) {
		return nil, invalid("Count", *n, "it must be between 1 and 10")
	} else if n != nil {
		p.count = *n
	}
	if *req.PayMode == dtsapi.SyncPayModePrePay {
		if t := req.TimeSpan; t != nil && (*t < 1 || *t > maxSyncTimeSpan) {
			return nil, invalid("TimeSpan", *t, "a prepaid job is bought for 1 to 100 months")
		} else if t != nil {
			p.timeSpan = *t
		}
		p.autoRenew = deref(req.AutoRenew)
	}
	if r := deref(req.AutoRenew); r > 1 {
		return nil, invalid("AutoRenew", r, "it must be 0 or 1")
	}
	if err := checkJobName(deref(req.JobName)); err != nil {
		return nil, err
	}
	tags, err := checkTags(req.Tags)
	if err != nil {
		return nil, err
	}
	p.tags = tags
	if err := checkUnbilledClass(*req.DstDatabaseType, p.class); err != nil {
		return nil, err
	}
	p.billed = !freeLink(*req.SrcDatabaseType, *req.DstDatabaseType, *req.SrcRegion, *req.DstRegion, p.class)
	p.trade = syNotBilled
	if p.billed {
		p.trade = syNormal
	}
	return p, nil
}

// describeSyncJobs lists the jobs of the request's region. Filters are
// AND-ed; list filters match any of their values; JobName matches the
// whole name; JobType is <source type>2<target type>; SrcInfoPattern and
// DstInfoPattern match a substring of an instance ID or an IP of the
// endpoint's nodes; TagFilters are AND-ed. Unknown IDs yield an empty list.
func describeSyncJobs(c *call, req *dtsapi.DescribeSyncJobsRequest) (*dtsapi.DescribeSyncJobsResponse, error) {
	pg, err := page(req.Limit, req.Offset)
	if err != nil {
		return nil, err
	}
	if len(req.JobIds) > maxSyncJobIDs {
		return nil, errf(codeInvalidParameterValue, "The parameter `JobIds` holds %d IDs; at most %d are allowed.", len(req.JobIds), maxSyncJobIDs)
	}
	var matched []*syncJob
	for j := range c.jobs(syncKind) {
		if j := j.(*syncJob); matchesSyncFilter(j, req) {
			matched = append(matched, j)
		}
	}
	sortByCreation(matched, deref(req.OrderSeq) != "ASC")
	from, to := pg.bounds(len(matched))
	resp := &dtsapi.DescribeSyncJobsResponse{TotalCount: ptr(uint64(len(matched))), JobList: []*dtsapi.SyncJobInfo{}}
	for _, j := range matched[from:to] {
		resp.JobList = append(resp.JobList, c.e.syncJobInfo(j, c.Now))
	}
	for _, j := range matched[from:to] {
		c.read(syncKind, j)
	}
	return resp, nil
}

func matchesSyncFilter(j *syncJob, req *dtsapi.DescribeSyncJobsRequest) bool {
	is := func(filter *string, v string) bool { return deref(filter) == "" || deref(filter) == v }
	return is(req.JobId, j.JobID) && anyOf(req.JobIds, j.JobID) && is(req.JobName, j.JobName) &&
		anyOf(req.Status, j.Status) && is(req.RunMode, j.RunMode) && is(req.PayMode, j.PayMode) &&
		is(req.JobType, j.SrcDatabaseType+"2"+j.DstDatabaseType) &&
		j.sideMatches(true, deref(req.SrcInfoPattern)) && j.sideMatches(false, deref(req.DstInfoPattern)) &&
		matchesTags(j.Tags, req.TagFilters)
}

// sideMatches reports whether pattern is a substring of an instance ID or
// an IP of the source (or target) nodes; "" matches every job.
func (j *syncJob) sideMatches(source bool, pattern string) bool {
	if pattern == "" {
		return true
	}
	for _, side := range j.sides() {
		if side.source != source {
			continue
		}
		for _, n := range side.nodes {
			if n != nil && (strings.Contains(deref(n.InstanceId), pattern) || strings.Contains(deref(n.Ip), pattern)) {
				return true
			}
		}
	}
	return false
}

// resizeSyncJob resizes a billed pay-as-you-go job: Resizing, then Normal
// with the new class after 3–5 minutes. Another job is refused before
// anything else.
func resizeSyncJob(c *call, req *dtsapi.ResizeSyncJobRequest) (*dtsapi.ResizeSyncJobResponse, error) {
	j, err := findJob[*syncJob](c, syncKind, *req.JobId)
	if err != nil {
		return nil, err
	}
	if err := j.payAsYouGo(); err != nil {
		return nil, err
	}
	err = operateJob(c, syncKind, *req.JobId, func(j *syncJob) *apiError {
		j.PendingClass = *req.NewInstanceClass
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &dtsapi.ResizeSyncJobResponse{}, nil
}

// modifySyncRateLimit changes the transfer rate of a Running job: threads
// 1–16 (export, import), 1–128 (incremental), rows/s up to 50 000 000
// (20 000 for the export of a MongoDB link); 0 or absent keeps the current
// value; nothing changes unless every value is valid.
func modifySyncRateLimit(_ *call, req *dtsapi.ModifySyncRateLimitRequest, j *syncJob) *apiError {
	maxima := rateMaxima()
	if j.SrcDatabaseType == "mongodb" {
		maxima[1] = maxSyncMongoDumpRps
	}
	return limitRate(&j.RateLimit, defaultSyncRateLimit, rateValues(req), maxima)
}

// modifySyncJobConfig stores a change of the objects and options of a
// Running job as pending (OptObjStatus Configured); a pending change that
// was not started is replaced. The job keeps its objects until the change
// is checked (CreateModifyCheckSyncJob) and started (StartModifySyncJob).
func modifySyncJobConfig(_ *call, req *dtsapi.ModifySyncJobConfigRequest, j *syncJob) *apiError {
	if req.DynamicObjects == nil && req.DynamicOptions == nil {
		return missingParameter("DynamicObjects", " (or DynamicOptions: the change to make)")
	}
	if o := req.DynamicObjects; o != nil {
		if err := checkSyncObjects(j, "DynamicObjects", o, j.initType(), true); err != nil {
			return err
		}
	}
	if o := req.DynamicOptions; o != nil {
		if err := checkDynamicOptions(j, o); err != nil {
			return err
		}
	}
	j.PendingObjects, j.PendingOptions = req.DynamicObjects, req.DynamicOptions
	j.ModifyCheck = checkState{}
	return nil
}
