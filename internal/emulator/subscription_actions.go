package emulator

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Handlers of the subscription actions. The chain has decoded and
// validated each request (required members, closed enums, the "required
// when" rules); handlers check what the definition says in prose.

// Limits of the purchase and the name.
const (
	maxSubscribeCount   = 10
	maxSubscribeMonths  = 120
	maxSubscribeNameLen = 60
	maxSubscribeIDs     = 100
)

// checkSubscribeName: 1–60 characters (ModifySubscribeName's "[1,60]"; the
// purchase's Name, when given, too — inferred).
func checkSubscribeName(member, name string) *apiError {
	if n := utf8.RuneCountInString(name); n > maxSubscribeNameLen {
		return errf(codeInvalidParameterValue, "The parameter `%s` is longer than %d characters.", member, maxSubscribeNameLen)
	}
	return nil
}

// checkFlag checks a 0/1 member.
func checkFlag(member string, v int64) *apiError {
	if v != 0 && v != 1 {
		return errf(codeInvalidParameterValue, "The value `%d` of parameter `%s` is not valid; it is 0 or 1.", v, member)
	}
	return nil
}

// createSubscribe buys Count subscriptions in the request's region, in
// notStarted / normal. PayType 0 (prepaid) expires after Duration months
// (default 1); AutoRenew applies to prepaid subscriptions only.
func createSubscribe(c *call, req *dtsapi.CreateSubscribeRequest) (*dtsapi.CreateSubscribeResponse, error) {
	sub, err := purchase(req)
	if err != nil {
		return nil, err
	}
	count := deref(req.Count)
	if req.Count == nil {
		count = 1
	}
	if count < 1 || count > maxSubscribeCount {
		return nil, errf(codeInvalidParameterValue, "The value `%d` of parameter `Count` is not valid; it must be between 1 and %d.", count, maxSubscribeCount)
	}
	resp := &dtsapi.CreateSubscribeResponse{SubscribeIds: []*string{}}
	for range count {
		j := cloneJSON(&sub.subscription)
		j.lifecycle = lifecycle{Status: ssNotStarted, StatusSince: c.Now, Trade: slNormal, TradeSince: c.Now}
		j.JobID, j.Region, j.Outcome = c.e.newJobID(subscriptionKind, ""), c.Region, c.e.newJobOutcome
		j.CreateTime, j.UpdateTime = c.Now, c.Now
		if j.JobName == "" {
			// The list sample names an unnamed subscription name-<its ID's suffix>.
			j.JobName = "name-" + strings.TrimPrefix(j.JobID, "subs-")
		}
		if j.prepaid() {
			j.ExpireTime = c.Now.In(dtsapi.Beijing).AddDate(0, int(sub.duration), 0)
		}
		c.e.addJob(subscriptionKind, j)
		resp.SubscribeIds = append(resp.SubscribeIds, ptr(j.JobID))
	}
	c.changed()
	return resp, nil
}

// purchaseOrder is what every subscription of a purchase gets.
type purchaseOrder struct {
	subscription
	duration int64
}

// purchase checks a CreateSubscribe request and returns the subscription
// it describes (without identity) and its duration in months.
func purchase(req *dtsapi.CreateSubscribeRequest) (*purchaseOrder, *apiError) {
	pay := *req.PayType
	if pay != subsPrepaid && pay != subsPostpaid {
		return nil, errf(codeInvalidParameterValue, "The value `%d` of parameter `PayType` is not valid; it is 0 (prepaid) or 1 (postpaid).", pay)
	}
	o := &purchaseOrder{duration: 1}
	if d := req.Duration; d != nil && pay == subsPrepaid {
		if *d < 1 || *d > maxSubscribeMonths {
			return nil, errf(codeInvalidParameterValue, "The value `%d` of parameter `Duration` is not valid; it must be between 1 and %d months.", *d, maxSubscribeMonths)
		}
		o.duration = *d
	}
	if err := checkFlag("AutoRenew", deref(req.AutoRenew)); err != nil {
		return nil, err
	}
	if err := checkSubscribeName("Name", deref(req.Name)); err != nil {
		return nil, err
	}
	tags, err := checkTags(req.Tags)
	if err != nil {
		return nil, err
	}
	o.Product, o.PayType, o.JobName, o.Tags = *req.Product, pay, deref(req.Name), cloneTags(tags)
	if pay == subsPrepaid {
		// "按量计费设置该标识无效": a postpaid subscription keeps 0.
		o.AutoRenew = deref(req.AutoRenew)
	}
	o.SubscribeVersion = cmp.Or(deref(req.SubscribeVersion), defaultSubscribeVersion)
	o.InstanceClass = cmp.Or(deref(req.InstanceClass), defaultSubsClass)
	return o, nil
}

// configureSubscription stores a configuration (ConfigureSubscribeJob, in
// notStarted and checkNotPass); the subscription is then notStarted and
// must be checked.
func configureSubscription(c *call, req *dtsapi.ConfigureSubscribeJobRequest, j *subscription) *apiError {
	cfg, err := validateSubscribeConfig(c.Region, j, req)
	if err != nil {
		return err
	}
	j.Config = cfg
	return nil
}

// modifyObjects changes the objects of a running subscription, and its
// partitioning rules and mongodb pipeline when given
// (ModifySubscribeObjects).
func modifyObjects(_ *call, req *dtsapi.ModifySubscribeObjectsRequest, j *subscription) *apiError {
	apply, err := validateObjectsChange(j, req)
	if err != nil {
		return err
	}
	cfg := cloneJSON(j.config())
	apply(cfg)
	j.Config = cfg
	return nil
}

// refundable lets IsolateSubscribe isolate a prepaid subscription only while
// it can be returned: isolating refunds it.
func refundable(c *call, _ *dtsapi.IsolateSubscribeRequest, j *subscription) *apiError {
	if ok, why := j.returnable(c.Now, c.e.scale); j.prepaid() && !ok {
		return errf(codeOperationDenied, "%s", why)
	}
	return nil
}

// dropGroups deletes the consumer groups of a subscription being reset
// (ResetSubscribe): they belong to its topic.
func dropGroups(c *call, _ *dtsapi.ResetSubscribeRequest, j *subscription) *apiError {
	for _, g := range c.groups(j) {
		c.e.removeJob(consumerGroupKind, g)
	}
	return nil
}

// renameSubscription renames a subscription (ModifySubscribeName, 1–60
// characters).
func renameSubscription(_ *call, req *dtsapi.ModifySubscribeNameRequest, j *subscription) *apiError {
	if err := checkSubscribeName("SubscribeName", *req.SubscribeName); err != nil {
		return err
	}
	j.JobName = *req.SubscribeName
	return nil
}

// setAutoRenew sets AutoRenew of a prepaid subscription
// (ModifySubscribeAutoRenewFlag); for a postpaid one it is accepted and has
// no effect ("按量计费任务修改后无影响").
func setAutoRenew(_ *call, req *dtsapi.ModifySubscribeAutoRenewFlagRequest, j *subscription) *apiError {
	if err := checkFlag("AutoRenewFlag", *req.AutoRenewFlag); err != nil {
		return err
	}
	if j.prepaid() {
		j.AutoRenew = *req.AutoRenewFlag
	}
	return nil
}

// subscribeReturnable answers DescribeSubscribeReturnable (see
// subscription.returnable).
func subscribeReturnable(c *call, j *subscription) *dtsapi.DescribeSubscribeReturnableResponse {
	ok, why := j.returnable(c.Now, c.e.scale)
	return &dtsapi.DescribeSubscribeReturnableResponse{IsReturnable: ptr(ok), ReturnFailMessage: ptr(why)}
}

// describeSubscribeJobs lists the subscriptions of the request's region.
// Filters are AND-ed; list filters match any of their values; SubscribeName
// matches a prefix (case-sensitive); TagFilters are AND-ed. Newest first
// unless OrderDirection is ASC. Unknown IDs yield an empty list.
func describeSubscribeJobs(c *call, req *dtsapi.DescribeSubscribeJobsRequest) (*dtsapi.DescribeSubscribeJobsResponse, error) {
	pg, err := page(req.Limit, req.Offset)
	if err != nil {
		return nil, err
	}
	if n := len(req.SubscribeIds); n > maxSubscribeIDs {
		return nil, errf(codeInvalidParameterValue, "The parameter `SubscribeIds` holds %d IDs; at most %d are allowed.", n, maxSubscribeIDs)
	}
	if p := req.PayType; p != nil && *p != subsPrepaid && *p != subsPostpaid {
		return nil, errf(codeInvalidParameterValue, "The value `%d` of parameter `PayType` is not valid; it is 0 (prepaid) or 1 (postpaid).", *p)
	}
	var matched []*subscription
	for j := range c.jobs(subscriptionKind) {
		if j := j.(*subscription); matchesSubscribeFilter(j, req) {
			matched = append(matched, j)
		}
	}
	asc := deref(req.OrderDirection) == "ASC"
	slices.SortFunc(matched, func(a, b *subscription) int {
		r := cmp.Or(a.CreateTime.Compare(b.CreateTime), cmp.Compare(a.Seq, b.Seq))
		if !asc {
			return -r
		}
		return r
	})
	from, to := pg.bounds(len(matched))
	resp := &dtsapi.DescribeSubscribeJobsResponse{TotalCount: ptr(int64(len(matched))), Items: []*dtsapi.SubscribeInfo{}}
	for _, j := range matched[from:to] {
		resp.Items = append(resp.Items, subscribeInfo(j))
	}
	for _, j := range matched[from:to] {
		c.read(subscriptionKind, j)
	}
	return resp, nil
}

func matchesSubscribeFilter(j *subscription, req *dtsapi.DescribeSubscribeJobsRequest) bool {
	product := deref(req.Product)
	if product == "tdsqlmysql" {
		product = "tdsqlpercona"
	}
	switch {
	case req.SubscribeId != nil && *req.SubscribeId != "" && *req.SubscribeId != j.JobID,
		len(req.SubscribeIds) > 0 && !anyOf(req.SubscribeIds, j.JobID),
		!strings.HasPrefix(j.JobName, deref(req.SubscribeName)),
		deref(req.InstanceId) != "" && *req.InstanceId != j.instanceID(),
		deref(req.Topic) != "" && *req.Topic != j.Topic,
		req.PayType != nil && *req.PayType != j.PayType,
		product != "" && product != j.Product,
		!anyOf(req.Status, j.Trade), !anyOf(req.SubsStatus, j.Status):
		return false
	}
	return matchesTags(j.Tags, req.TagFilters)
}
