package emulator

import (
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Handlers of the implemented migration actions. Each receives a request
// that the chain has already decoded and validated against the definition
// (required members, closed enums, types), so it checks only what the
// definition cannot express.

const maxPurchaseCount = 15

// createMigrationService buys Count jobs. They start in creating and become
// created on their own; they are billed or free per billedLink.
func createMigrationService(c *call, req *dtsapi.CreateMigrationServiceRequest) (*dtsapi.CreateMigrationServiceResponse, error) {
	if *req.DstRegion != c.Region {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `DstRegion` must be the region of the request (`%s`).",
			*req.DstRegion, c.Region)
	}
	if !isRegion(*req.SrcRegion) {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `SrcRegion` is not a DTS region.", *req.SrcRegion)
	}
	count := uint64(1)
	if req.Count != nil {
		count = *req.Count
		if count < 1 || count > maxPurchaseCount {
			return nil, errf(codeInvalidParameterValue, "The value `%d` of parameter `Count` is not valid; it must be between 1 and %d.",
				count, maxPurchaseCount)
		}
	}
	name := deref(req.JobName)
	if err := checkJobName(name); err != nil {
		return nil, err
	}
	tags, err := checkTags(req.Tags)
	if err != nil {
		return nil, err
	}

	if err := checkUnbilledClass(*req.DstDatabaseType, *req.InstanceClass); err != nil {
		return nil, err
	}
	e := c.e
	billed := billedLink(req)
	trade := trNotBilled
	deal := ""
	if billed {
		trade = trNormal
		deal = e.newDealName(c.Now)
	}
	resp := &dtsapi.CreateMigrationServiceResponse{JobIds: []*string{}}
	for range count {
		j := &migrationJob{
			jobBase: jobBase{
				lifecycle: lifecycle{
					Status: stCreating, StatusSince: c.Now,
					Trade: trade, TradeSince: c.Now,
				},
				JobID:      e.newJobID(migrationKind, ""),
				Region:     c.Region,
				JobName:    name,
				CreateTime: c.Now,
				UpdateTime: c.Now,
				Outcome:    e.newJobOutcome,
			},
			SrcDatabaseType: *req.SrcDatabaseType,
			DstDatabaseType: *req.DstDatabaseType,
			SrcRegion:       *req.SrcRegion,
			DstRegion:       *req.DstRegion,
			InstanceClass:   *req.InstanceClass,
			Billed:          billed,
			DealName:        deal,
			Tags:            cloneTags(tags),
		}
		e.addJob(migrationKind, j)
		resp.JobIds = append(resp.JobIds, ptr(j.JobID))
	}
	c.changed()
	return resp, nil
}

// describeMigrationJobs lists the jobs of the request's region. Filters are
// AND-ed; list filters match any of their values; JobName matches a
// substring (case-sensitive); TagFilters are AND-ed, each matching a job
// with the key and, when TagValue is given, one of the values. A JobId that
// does not exist yields an empty list, not an error.
func describeMigrationJobs(c *call, req *dtsapi.DescribeMigrationJobsRequest) (*dtsapi.DescribeMigrationJobsResponse, error) {
	pg, err := page(req.Limit, req.Offset)
	if err != nil {
		return nil, err
	}
	desc := deref(req.OrderSeq) != "asc"
	var matched []*migrationJob
	for j := range c.jobs(migrationKind) {
		if j := j.(*migrationJob); matchesMigrationFilter(j, req) {
			matched = append(matched, j)
		}
	}
	sortByCreation(matched, desc)
	from, to := pg.bounds(len(matched))
	resp := &dtsapi.DescribeMigrationJobsResponse{
		TotalCount: ptr(uint64(len(matched))),
		JobList:    []*dtsapi.JobItem{},
	}
	for _, j := range matched[from:to] {
		resp.JobList = append(resp.JobList, c.e.jobItem(j, c.Now))
	}
	for _, j := range matched[from:to] {
		c.read(migrationKind, j)
	}
	return resp, nil
}

func matchesMigrationFilter(j *migrationJob, req *dtsapi.DescribeMigrationJobsRequest) bool {
	if req.JobId != nil && *req.JobId != "" && *req.JobId != j.JobID {
		return false
	}
	if req.JobName != nil && *req.JobName != "" && !strings.Contains(j.JobName, *req.JobName) {
		return false
	}
	if !anyOf(req.Status, j.Status) {
		return false
	}
	if req.SrcRegion != nil && *req.SrcRegion != "" && *req.SrcRegion != j.SrcRegion {
		return false
	}
	if req.DstRegion != nil && *req.DstRegion != "" && *req.DstRegion != j.DstRegion {
		return false
	}
	if !anyOf(req.SrcDatabaseType, j.SrcDatabaseType) || !anyOf(req.DstDatabaseType, j.DstDatabaseType) {
		return false
	}
	if !anyOf(req.SrcAccessType, accessType(j.SrcInfo)) || !anyOf(req.DstAccessType, accessType(j.DstInfo)) {
		return false
	}
	if req.SrcInstanceId != nil && *req.SrcInstanceId != "" && !hasInstance(j.SrcInfo, *req.SrcInstanceId) {
		return false
	}
	if req.DstInstanceId != nil && *req.DstInstanceId != "" && !hasInstance(j.DstInfo, *req.DstInstanceId) {
		return false
	}
	if req.RunMode != nil && *req.RunMode != "" && *req.RunMode != j.RunMode {
		return false
	}
	return matchesTags(j.Tags, req.TagFilters)
}

func accessType(info *dtsapi.DBEndpointInfo) string {
	if info == nil {
		return ""
	}
	return deref(info.AccessType)
}

func hasInstance(info *dtsapi.DBEndpointInfo, id string) bool {
	if info == nil {
		return false
	}
	for _, db := range info.Info {
		if db != nil && deref(db.InstanceId) == id {
			return true
		}
	}
	return false
}

// describeMigrationDetail answers the full detail of one job.
func describeMigrationDetail(c *call, j *migrationJob) *dtsapi.DescribeMigrationDetailResponse {
	return c.e.migrationDetail(j, c.Now)
}
