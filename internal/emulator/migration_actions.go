package emulator

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Handlers of the implemented migration actions. Each receives a request
// that the chain has already decoded and validated against the definition
// (required members, closed enums, types), so it checks only what the
// definition cannot express.

const (
	maxPurchaseCount = 15
	maxJobNameLength = 128
	maxTags          = 50
	defaultPageLimit = 20
	maxPageLimit     = 100
)

// createMigrationService buys Count jobs. They start in creating and become
// created on their own; they are billed or free per billedLink.
func createMigrationService(c *call, req *dtsapi.CreateMigrationServiceRequest) (*dtsapi.CreateMigrationServiceResponse, error) {
	if *req.DstRegion != c.Region {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `DstRegion` must be the region of the request (`%s`).",
			*req.DstRegion, c.Region)
	}
	if !regionPattern.MatchString(*req.SrcRegion) {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `SrcRegion` is not a region.", *req.SrcRegion)
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
	if utf8.RuneCountInString(name) > maxJobNameLength {
		return nil, errf(codeInvalidParameterValue, "The parameter `JobName` is longer than %d characters.", maxJobNameLength)
	}
	tags, err := checkTags(req.Tags)
	if err != nil {
		return nil, err
	}

	if unbilledTargets[*req.DstDatabaseType] && *req.InstanceClass != "medium" {
		return nil, errf(codeInvalidParameterValue,
			"The value `%s` of parameter `InstanceClass` is not valid: links to %s are not billed, and unbilled links accept only `medium`.",
			*req.InstanceClass, *req.DstDatabaseType)
	}
	e := c.e
	billed := billedLink(req)
	trade := trNotBilled
	deal := ""
	if billed {
		trade = trNormal
		deal = e.newDealName(c.Now)
	}
	if e.st.Migration[c.Region] == nil {
		e.st.Migration[c.Region] = map[string]*migrationJob{}
	}
	jobs := e.st.Migration[c.Region]
	resp := &dtsapi.CreateMigrationServiceResponse{JobIds: []*string{}}
	for range count {
		id := e.newJobID("dts", func(id string) bool { return e.migrationJobExists(id) })
		e.st.JobSeq++
		j := &migrationJob{
			lifecycle: lifecycle{
				Status: stCreating, StatusSince: c.Now,
				Trade: trade, TradeSince: c.Now,
			},
			JobID:            id,
			Region:           c.Region,
			Seq:              e.st.JobSeq,
			JobName:          name,
			SrcDatabaseType:  *req.SrcDatabaseType,
			DstDatabaseType:  *req.DstDatabaseType,
			SrcRegion:        *req.SrcRegion,
			DstRegion:        *req.DstRegion,
			InstanceClass:    *req.InstanceClass,
			Billed:           billed,
			DealName:         deal,
			Tags:             cloneTags(tags),
			CreateTime:       c.Now,
			UpdateTime:       c.Now,
			DumperResumeCtrl: "yes",
			Outcome:          e.newJobOutcome,
		}
		jobs[id] = j
		resp.JobIds = append(resp.JobIds, ptr(id))
	}
	c.changed()
	return resp, nil
}

// migrationJobExists reports whether any region has a migration job with id
// (IDs are unique across regions, as on the real cloud).
func (e *Emulator) migrationJobExists(id string) bool {
	for _, jobs := range e.st.Migration {
		if _, ok := jobs[id]; ok {
			return true
		}
	}
	return false
}

func checkTags(tags []*dtsapi.TagItem) ([]*dtsapi.TagItem, *apiError) {
	if len(tags) > maxTags {
		return nil, errf(codeInvalidParameterValue, "The parameter `Tags` holds more than %d tags.", maxTags)
	}
	seen := map[string]bool{}
	for i, t := range tags {
		if t == nil || strings.TrimSpace(deref(t.TagKey)) == "" {
			return nil, errf(codeInvalidParameterValue, "The parameter `Tags.%d.TagKey` must not be empty.", i)
		}
		if seen[*t.TagKey] {
			return nil, errf(codeInvalidParameterValue, "The tag key `%s` is given more than once in `Tags`.", *t.TagKey)
		}
		seen[*t.TagKey] = true
	}
	return tags, nil
}

func cloneTags(tags []*dtsapi.TagItem) []*dtsapi.TagItem {
	out := make([]*dtsapi.TagItem, 0, len(tags))
	for _, t := range tags {
		out = append(out, &dtsapi.TagItem{TagKey: ptr(deref(t.TagKey)), TagValue: ptr(deref(t.TagValue))})
	}
	return out
}

// describeMigrationJobs lists the jobs of the request's region. Filters are
// AND-ed; list filters match any of their values; JobName matches a
// substring (case-sensitive); TagFilters are AND-ed, each matching a job
// with the key and, when TagValue is given, one of the values. A JobId that
// does not exist yields an empty list, not an error.
func describeMigrationJobs(c *call, req *dtsapi.DescribeMigrationJobsRequest) (*dtsapi.DescribeMigrationJobsResponse, error) {
	limit := uint64(defaultPageLimit)
	if req.Limit != nil {
		limit = *req.Limit
		if limit < 1 || limit > maxPageLimit {
			return nil, errf(codeInvalidParameterValue, "The value `%d` of parameter `Limit` is not valid; it must be between 1 and %d.",
				limit, maxPageLimit)
		}
	}
	offset := deref(req.Offset)
	desc := deref(req.OrderSeq) != "asc"

	var matched []*migrationJob
	for _, j := range c.e.migrationJobs(c.Region) {
		if !c.e.evolveMigration(j, c.Now) {
			continue
		}
		if matchesMigrationFilter(j, req) {
			matched = append(matched, j)
		}
	}
	slices.SortFunc(matched, func(a, b *migrationJob) int {
		r := cmp.Or(a.CreateTime.Compare(b.CreateTime), cmp.Compare(a.Seq, b.Seq))
		if desc {
			return -r
		}
		return r
	})
	resp := &dtsapi.DescribeMigrationJobsResponse{
		TotalCount: ptr(uint64(len(matched))),
		JobList:    []*dtsapi.JobItem{},
	}
	if offset >= uint64(len(matched)) {
		return resp, nil
	}
	page := matched[offset:min(offset+limit, uint64(len(matched)))]
	for _, j := range page {
		resp.JobList = append(resp.JobList, c.e.jobItem(j, c.Now))
	}
	for _, j := range page {
		c.readMigration(j)
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
	for _, f := range req.TagFilters {
		if f != nil && !hasTag(j.Tags, deref(f.TagKey), f.TagValue) {
			return false
		}
	}
	return true
}

// anyOf reports whether v is one of the filter's values; an empty filter
// matches everything.
func anyOf(filter []*string, v string) bool {
	if len(filter) == 0 {
		return true
	}
	for _, f := range filter {
		if f != nil && *f == v {
			return true
		}
	}
	return false
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

func hasTag(tags []*dtsapi.TagItem, key string, values []*string) bool {
	for _, t := range tags {
		if deref(t.TagKey) != key {
			continue
		}
		return anyOf(values, deref(t.TagValue))
	}
	return false
}

// describeMigrationDetail answers the full detail of one job.
func describeMigrationDetail(c *call, req *dtsapi.DescribeMigrationDetailRequest) (*dtsapi.DescribeMigrationDetailResponse, error) {
	j, err := c.findMigrationJob(*req.JobId)
	if err != nil {
		return nil, err
	}
	resp := c.e.migrationDetail(j, c.Now)
	c.readMigration(j)
	return resp, nil
}
