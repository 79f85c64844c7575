package emulator

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// subscription is one data subscription (Kafka edition, IDs
// subs-xxxxxxxxxx) as the emulator stores it. Its job status (lifecycle
// Status) is the API's SubsStatus, its billing status (Trade) the API's
// Status. Endpoint passwords are never stored: a configuration keeps them
// empty, as DescribeSubscribeDetail reads them.
type subscription struct {
	jobBase

	// Purchase (CreateSubscribe).
	Product          string
	PayType          int64 // subsPrepaid or subsPostpaid
	AutoRenew        int64 // 0 or 1; always 0 for a postpaid subscription
	SubscribeVersion string
	InstanceClass    string
	Tags             []*dtsapi.TagItem
	// ExpireTime is when a prepaid subscription expires (renewed by a month
	// at a time when AutoRenew is 1); zero for a postpaid one.
	ExpireTime time.Time `json:",omitzero"`
	// Renewed records that a prepaid subscription was renewed: it can no
	// longer be returned.
	Renewed bool `json:",omitempty"`

	// Config is the configuration (ConfigureSubscribeJob, then
	// ModifySubscribeObjects), passwords emptied; nil before any.
	Config *dtsapi.ConfigureSubscribeJobRequest `json:",omitempty"`

	// Topic, Broker and KafkaVersion are filled in when the subscription
	// first starts, and cleared by ResetSubscribe.
	Topic        string `json:",omitempty"`
	Broker       string `json:",omitempty"`
	KafkaVersion string `json:",omitempty"`

	Check  checkState
	Errors []*dtsapi.SubsErr `json:",omitempty"`
	// Retrying is set while the subscription starts again after an error
	// (ResumeSubscribe), as opposed to its first start.
	Retrying bool `json:",omitempty"`
	// Produced are the intervals during which the subscription wrote to its
	// topic (see subscription_offsets.go).
	Produced spans `json:",omitempty"`

	// The isolation: IsolateTime and OfflineTime; the cause of an
	// out-of-band isolation (administration Isolate).
	isolation
}

// Codes of the subscription family (error-codes.txt).
const (
	// codeNotFound answers an unknown subscription or consumer group.
	codeNotFound = "ResourceNotFound"
	// codeLimitExceeded answers a consumer group beyond the limit.
	codeLimitExceeded = "LimitExceeded.LimitExceededError"
)

// PayType values.
const (
	subsPrepaid  int64 = 0
	subsPostpaid int64 = 1
)

// Defaults of the purchase.
const (
	defaultSubscribeVersion = "kafkaPro"
	defaultSubsClass        = "small"
	// kafkaVersion is the version of the subscription's Kafka, as in the
	// DescribeSubscribeDetail sample.
	kafkaVersion = "2.8.1"
)

// subscriptionKind registers subscriptions. Every subscription action
// lists both ResourceNotFound and ResourceNotFound.ResourceNotFoundError in
// error-codes.txt; the emulator answers ResourceNotFound, the code the SDK
// lists for the subscription family in particular (ResourceNotFoundError is
// listed for almost every DTS action).
var subscriptionKind = newKind[subscription](kind{
	Name: "subscription", Noun: "subscription", IDPrefix: "subs", IDLength: 10, IDParam: "SubscribeId",
	DefaultNotFound: codeNotFound,
	RunEnds:         []string{ssError},
	Isolate:         isolateSubscription,
	// Every subscription is billed (prepaid or postpaid).
	Summarize: func(_ job, s *JobSummary) { s.Billed = true },
}, subscriptionMachine)

// prepaid reports whether the subscription is billed yearly/monthly.
func (j *subscription) prepaid() bool { return j.PayType == subsPrepaid }

// config is the subscription's configuration, empty before any.
func (j *subscription) config() *dtsapi.ConfigureSubscribeJobRequest {
	if j.Config == nil {
		return &dtsapi.ConfigureSubscribeJobRequest{}
	}
	return j.Config
}

// instanceID is the subscribed cloud database instance: the first
// endpoint's InstanceId when the access type is cdb, else "".
func (j *subscription) instanceID() string {
	cfg := j.config()
	if deref(cfg.AccessType) != "cdb" || len(cfg.Endpoints) == 0 || cfg.Endpoints[0] == nil {
		return ""
	}
	return deref(cfg.Endpoints[0].InstanceId)
}

// instanceStatus is the status of the subscribed cloud database instance
// (the definition: "订阅的云数据库实例状态，只有订阅云数据库该值才有意义"):
// "" without one, isolated for the catalog's isolated instance, running
// otherwise.
func (j *subscription) instanceStatus() string {
	id := j.instanceID()
	if id == "" {
		return ""
	}
	if in := catalogInstance(subsCatalogType(j.Product), id); in != nil && in.SrcHint != "" {
		return "isolated"
	}
	return "running"
}

// subsCatalogType is the instance catalog type of a subscribed product:
// TDSQL PostgreSQL (tdpg) instances are in the postgresql catalog.
func subsCatalogType(product string) string {
	if product == "tdpg" {
		return "postgresql"
	}
	return product
}

// assignTopic fills in the topic, broker and Kafka version when the
// subscription starts for the first time: topic-<SubscribeId> (kafkaPro,
// as the detail sample), topic-<SubscribeId>-<InstanceId> for the kafka
// version with a cloud database (as the list sample); the broker
// 21.<a>.<b>.<c>:9092 with numbers derived from the ID (the detail sample
// reads 21.84.0.234:9092).
func (j *subscription) assignTopic() {
	if j.Topic != "" {
		return
	}
	j.Topic = "topic-" + j.JobID
	if inst := j.instanceID(); j.SubscribeVersion == "kafka" && inst != "" {
		j.Topic += "-" + inst
	}
	h := sha256.Sum256([]byte(j.JobID))
	j.Broker = fmt.Sprintf("21.%d.%d.%d:9092", h[0], h[1], h[2])
	j.KafkaVersion = kafkaVersion
}

// offlineTime is OfflineTime: when the subscription went offline, else
// when it will (7 days after its isolation, or after its expiry for a
// prepaid one — the detail sample reads ExpireTime + 7 days), else zero.
func (j *subscription) offlineTime() time.Time {
	switch {
	case !j.OfflineTime.IsZero():
		return j.OfflineTime
	case !j.IsolateTime.IsZero():
		return j.IsolateTime.Add(durIsolatedKept)
	case j.prepaid() && !j.ExpireTime.IsZero():
		return j.ExpireTime.Add(durIsolatedKept)
	}
	return time.Time{}
}

// returnWindow is how long after its purchase a prepaid subscription can be
// returned (Tencent Cloud's five-day unconditional refund of prepaid
// resources) — inferred.
const returnWindow = 5 * 24 * time.Hour

// returnable is DescribeSubscribeReturnable's answer at now: a subscription
// in service (Status normal) can be returned when it is postpaid, or
// prepaid, not renewed and bought at most 5 days ago (nominal time).
func (j *subscription) returnable(now time.Time, scale float64) (bool, string) {
	switch {
	case j.Trade != slNormal:
		return false, fmt.Sprintf("The subscription %s is %s: only a subscription in service (Status normal) can be returned.", j.JobID, j.Trade)
	case !j.prepaid():
		return true, ""
	case j.Renewed:
		return false, fmt.Sprintf("The prepaid subscription %s has been renewed: a renewed subscription cannot be returned.", j.JobID)
	case unscaled(now.Sub(j.CreateTime), scale) > returnWindow:
		return false, fmt.Sprintf("The prepaid subscription %s was bought more than 5 days ago: it can no longer be returned; it is isolated when it expires.", j.JobID)
	}
	return true, ""
}

// ---- rendering ----

// subscribeDetail renders the subscription as a DescribeSubscribeDetail
// response.
func subscribeDetail(_ *call, j *subscription) *dtsapi.DescribeSubscribeDetailResponse {
	cfg := j.config()
	return &dtsapi.DescribeSubscribeDetailResponse{
		SubscribeId:      ptr(j.JobID),
		SubscribeName:    ptr(j.JobName),
		Product:          ptr(j.Product),
		InstanceId:       ptr(j.instanceID()),
		InstanceStatus:   ptr(j.instanceStatus()),
		Status:           ptr(j.Trade),
		SubsStatus:       ptr(j.Status),
		ModifyTime:       fmtTime(j.UpdateTime),
		CreateTime:       fmtTime(j.CreateTime),
		IsolateTime:      fmtTime(j.IsolateTime),
		ExpireTime:       fmtTime(j.ExpireTime),
		OfflineTime:      fmtTime(j.offlineTime()),
		PayType:          ptr(j.PayType),
		AutoRenewFlag:    ptr(j.AutoRenew),
		Region:           ptr(j.Region),
		Topic:            ptr(j.Topic),
		Broker:           ptr(j.Broker),
		SubscribeMode:    cfg.SubscribeMode,
		Protocol:         cfg.Protocol,
		SubscribeObjects: cfg.SubscribeObjects,
		KafkaConfig:      kafkaConfigView(j.Product, cfg.KafkaConfig),
		KafkaVersion:     ptr(j.KafkaVersion),
		AccessType:       cfg.AccessType,
		Endpoints:        cfg.Endpoints,
		PipelineInfo:     cfg.PipelineInfo,
		Tags:             slices.Clone(j.Tags),
		Errors:           j.Errors,
		ExtraAttr:        cfg.ExtraAttr,
		SubscribeVersion: ptr(j.SubscribeVersion),
		ConsumerVpcId:    cfg.ConsumerVpcId,
		ConsumerSubnetId: cfg.ConsumerSubnetId,
		InstanceClass:    ptr(j.InstanceClass),
	}
}

// subscribeInfo renders the subscription as a DescribeSubscribeJobs item.
func subscribeInfo(j *subscription) *dtsapi.SubscribeInfo {
	d := subscribeDetail(nil, j)
	return &dtsapi.SubscribeInfo{
		SubscribeId: d.SubscribeId, SubscribeName: d.SubscribeName, Topic: d.Topic, Product: d.Product,
		InstanceId: d.InstanceId, InstanceStatus: d.InstanceStatus, Status: d.Status, SubsStatus: d.SubsStatus,
		ModifyTime: d.ModifyTime, CreateTime: d.CreateTime, IsolateTime: d.IsolateTime, ExpireTime: d.ExpireTime,
		OfflineTime: d.OfflineTime, PayType: d.PayType, AutoRenewFlag: d.AutoRenewFlag, Region: d.Region,
		AccessType: d.AccessType, Endpoints: d.Endpoints, SubscribeVersion: d.SubscribeVersion, Tags: d.Tags,
		Errors: d.Errors, InstanceClass: d.InstanceClass,
	}
}

// kafkaConfigView is the KafkaConfig DescribeSubscribeDetail reads back: the
// configured one, except for the products without custom partitioning,
// which read back an empty one, as the detail sample (tdsqlpercona) does.
func kafkaConfigView(product string, k *dtsapi.SubscribeKafkaConfig) *dtsapi.SubscribeKafkaConfig {
	if k == nil || !customPartitioning(product) {
		return nil
	}
	return k
}

// cloneJSON deep-copies a model value.
func cloneJSON[T any](v *T) *T {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic("emulator: " + err.Error())
	}
	out := new(T)
	if err := json.Unmarshal(b, out); err != nil {
		panic("emulator: " + err.Error())
	}
	return out
}
