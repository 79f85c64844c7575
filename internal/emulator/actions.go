package emulator

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/stsapi"
)

// The action registry. An action is implemented when it has a handler here;
// every other action of dtsapi.Actions answers UnsupportedOperation.
//
// To add an action (see README.md, "Adding an action"):
//  1. make sure its row(s) in the kind's operation table say what it may do;
//  2. an action on one job that answers an empty response is a row of
//     dtsHandlers below: jobOperation[Req, Resp](kind) when it takes only
//     the job's ID, jobChange[Req, Resp](kind, prepare) when it has
//     parameters to check and store; a read of one job is
//     jobRead[Req](kind, render);
//  3. any other action gets a handler func(c *call, req *dtsapi.XxxRequest)
//     (*dtsapi.XxxResponse, error) that calls operateJob (or findJob and
//     c.read for reads), registered with typed(...).
//
// Decoding, validation, faults, rate limiting, RequestId, zero-filling,
// persistence and the journal are done by the chain, not by handlers.

// handler is one registered action.
type handler struct {
	fn         func(c *call, req any) (any, error)
	newRequest func() any
	reqType    reflect.Type
	respType   reflect.Type
	schema     schema
}

// typed adapts a typed handler to the registry.
func typed[Req, Resp any](f func(c *call, req *Req) (*Resp, error)) handler {
	return handler{
		fn: func(c *call, req any) (any, error) {
			resp, err := f(c, req.(*Req))
			if err != nil {
				return nil, err
			}
			if resp == nil {
				return nil, fmt.Errorf("handler for %s returned no response", c.Action)
			}
			return resp, nil
		},
		newRequest: func() any { return new(Req) },
		reqType:    reflect.TypeFor[*Req](),
		respType:   reflect.TypeFor[*Resp](),
		schema:     dtsSchema,
	}
}

// dtsHandlers are the implemented DTS actions.
var dtsHandlers = map[string]handler{
	"CreateMigrationService":        typed(createMigrationService),
	"ModifyMigrationJob":            jobChange[dtsapi.ModifyMigrationJobRequest, dtsapi.ModifyMigrationJobResponse](migrationKind, modifyMigrationJob),
	"CreateMigrateCheckJob":         jobChange[dtsapi.CreateMigrateCheckJobRequest, dtsapi.CreateMigrateCheckJobResponse](migrationKind, createMigrateCheckJob),
	"DescribeMigrationCheckJob":     jobRead[dtsapi.DescribeMigrationCheckJobRequest](migrationKind, describeMigrationCheckJob),
	"SkipCheckItem":                 typed(skipCheckItem),
	"CompleteMigrateJob":            jobChange[dtsapi.CompleteMigrateJobRequest, dtsapi.CompleteMigrateJobResponse](migrationKind, completeMigrateJob),
	"ResumeMigrateJob":              jobChange[dtsapi.ResumeMigrateJobRequest, dtsapi.ResumeMigrateJobResponse](migrationKind, resumeMigrateJob),
	"DescribeMigrationJobs":         typed(describeMigrationJobs),
	"DescribeMigrationDetail":       jobRead[dtsapi.DescribeMigrationDetailRequest](migrationKind, describeMigrationDetail),
	"ModifyMigrateJobSpec":          typed(modifyMigrateJobSpec),
	"ModifyMigrateName":             jobChange[dtsapi.ModifyMigrateNameRequest, dtsapi.ModifyMigrateNameResponse](migrationKind, modifyMigrateName),
	"ModifyMigrateRateLimit":        jobChange[dtsapi.ModifyMigrateRateLimitRequest, dtsapi.ModifyMigrateRateLimitResponse](migrationKind, modifyMigrateRateLimit),
	"ModifyMigrateRuntimeAttribute": jobChange[dtsapi.ModifyMigrateRuntimeAttributeRequest, dtsapi.ModifyMigrateRuntimeAttributeResponse](migrationKind, modifyMigrateRuntimeAttribute),
	"DescribeMigrateDBInstances":    typed(describeMigrateDBInstances),

	// Operations on one job with no other parameter: the kind's operation
	// table says what they do. DestroyMigrateJob's JobId is optional in the
	// definition but needed.
	"StartMigrateJob":    jobOperation[dtsapi.StartMigrateJobRequest, dtsapi.StartMigrateJobResponse](migrationKind),
	"StopMigrateJob":     jobOperation[dtsapi.StopMigrateJobRequest, dtsapi.StopMigrateJobResponse](migrationKind),
	"PauseMigrateJob":    jobOperation[dtsapi.PauseMigrateJobRequest, dtsapi.PauseMigrateJobResponse](migrationKind),
	"ContinueMigrateJob": jobOperation[dtsapi.ContinueMigrateJobRequest, dtsapi.ContinueMigrateJobResponse](migrationKind),
	"IsolateMigrateJob":  jobOperation[dtsapi.IsolateMigrateJobRequest, dtsapi.IsolateMigrateJobResponse](migrationKind),
	"RecoverMigrateJob":  jobOperation[dtsapi.RecoverMigrateJobRequest, dtsapi.RecoverMigrateJobResponse](migrationKind),
	"DestroyMigrateJob":  jobOperation[dtsapi.DestroyMigrateJobRequest, dtsapi.DestroyMigrateJobResponse](migrationKind),

	// Sync jobs (sync*.go).
	"CreateSyncJob":                    typed(createSyncJob),
	"ConfigureSyncJob":                 jobChange[dtsapi.ConfigureSyncJobRequest, dtsapi.ConfigureSyncJobResponse](syncKind, configureSyncJob),
	"CreateCheckSyncJob":               jobChange[dtsapi.CreateCheckSyncJobRequest, dtsapi.CreateCheckSyncJobResponse](syncKind, createCheckSyncJob),
	"DescribeCheckSyncJobResult":       jobRead[dtsapi.DescribeCheckSyncJobResultRequest](syncKind, describeCheckSyncJobResult),
	"SkipSyncCheckItem":                jobChange[dtsapi.SkipSyncCheckItemRequest, dtsapi.SkipSyncCheckItemResponse](syncKind, skipSyncCheckItem),
	"DescribeSyncJobs":                 typed(describeSyncJobs),
	"ResizeSyncJob":                    typed(resizeSyncJob),
	"ModifySyncRateLimit":              jobChange[dtsapi.ModifySyncRateLimitRequest, dtsapi.ModifySyncRateLimitResponse](syncKind, modifySyncRateLimit),
	"ModifySyncJobConfig":              jobChange[dtsapi.ModifySyncJobConfigRequest, dtsapi.ModifySyncJobConfigResponse](syncKind, modifySyncJobConfig),
	"DescribeModifyCheckSyncJobResult": jobRead[dtsapi.DescribeModifyCheckSyncJobResultRequest](syncKind, describeModifyCheckSyncJobResult),
	// StartSyncJob's JobId is optional in the definition but needed.
	"StartSyncJob":             jobOperation[dtsapi.StartSyncJobRequest, dtsapi.StartSyncJobResponse](syncKind),
	"StopSyncJob":              jobOperation[dtsapi.StopSyncJobRequest, dtsapi.StopSyncJobResponse](syncKind),
	"PauseSyncJob":             jobOperation[dtsapi.PauseSyncJobRequest, dtsapi.PauseSyncJobResponse](syncKind),
	"ContinueSyncJob":          jobOperation[dtsapi.ContinueSyncJobRequest, dtsapi.ContinueSyncJobResponse](syncKind),
	"ResumeSyncJob":            jobOperation[dtsapi.ResumeSyncJobRequest, dtsapi.ResumeSyncJobResponse](syncKind),
	"IsolateSyncJob":           jobOperation[dtsapi.IsolateSyncJobRequest, dtsapi.IsolateSyncJobResponse](syncKind),
	"RecoverSyncJob":           jobOperation[dtsapi.RecoverSyncJobRequest, dtsapi.RecoverSyncJobResponse](syncKind),
	"DestroySyncJob":           jobOperation[dtsapi.DestroySyncJobRequest, dtsapi.DestroySyncJobResponse](syncKind),
	"ResetSyncJob":             jobOperation[dtsapi.ResetSyncJobRequest, dtsapi.ResetSyncJobResponse](syncKind),
	"CreateModifyCheckSyncJob": jobOperation[dtsapi.CreateModifyCheckSyncJobRequest, dtsapi.CreateModifyCheckSyncJobResponse](syncKind),
	"StartModifySyncJob":       jobOperation[dtsapi.StartModifySyncJobRequest, dtsapi.StartModifySyncJobResponse](syncKind),

	// Compare tasks: each handler is written once and registered for both
	// families (compare_actions.go).
	"CreateCompareTask":                compareHandler[dtsapi.CreateCompareTaskRequest, dtsapi.CreateCompareTaskResponse](migrationCompare, createCompareTask),
	"CreateSyncCompareTask":            compareHandler[dtsapi.CreateSyncCompareTaskRequest, dtsapi.CreateSyncCompareTaskResponse](syncCompare, createCompareTask),
	"ModifyCompareTask":                compareHandler[dtsapi.ModifyCompareTaskRequest, dtsapi.ModifyCompareTaskResponse](migrationCompare, modifyCompareTask),
	"ModifySyncCompareTask":            compareHandler[dtsapi.ModifySyncCompareTaskRequest, dtsapi.ModifySyncCompareTaskResponse](syncCompare, modifyCompareTask),
	"ModifyCompareTaskName":            compareHandler[dtsapi.ModifyCompareTaskNameRequest, dtsapi.ModifyCompareTaskNameResponse](migrationCompare, modifyCompareTaskName),
	"ModifySyncCompareTaskName":        compareHandler[dtsapi.ModifySyncCompareTaskNameRequest, dtsapi.ModifySyncCompareTaskNameResponse](syncCompare, modifyCompareTaskName),
	"StartCompare":                     compareHandler[dtsapi.StartCompareRequest, dtsapi.StartCompareResponse](migrationCompare, startCompareTask),
	"StartSyncCompare":                 compareHandler[dtsapi.StartSyncCompareRequest, dtsapi.StartSyncCompareResponse](syncCompare, startCompareTask),
	"StopCompare":                      compareHandler[dtsapi.StopCompareRequest, dtsapi.StopCompareResponse](migrationCompare, stopCompareTask),
	"StopSyncCompare":                  compareHandler[dtsapi.StopSyncCompareRequest, dtsapi.StopSyncCompareResponse](syncCompare, stopCompareTask),
	"DeleteCompareTask":                compareHandler[dtsapi.DeleteCompareTaskRequest, dtsapi.DeleteCompareTaskResponse](migrationCompare, deleteCompareTask),
	"DeleteSyncCompareTask":            compareHandler[dtsapi.DeleteSyncCompareTaskRequest, dtsapi.DeleteSyncCompareTaskResponse](syncCompare, deleteCompareTask),
	"DescribeCompareTasks":             compareHandler[dtsapi.DescribeCompareTasksRequest, dtsapi.DescribeCompareTasksResponse](migrationCompare, describeCompareTasks),
	"DescribeSyncCompareTasks":         compareHandler[dtsapi.DescribeSyncCompareTasksRequest, dtsapi.DescribeSyncCompareTasksResponse](syncCompare, describeCompareTasks),
	"DescribeCompareReport":            compareHandler[dtsapi.DescribeCompareReportRequest, dtsapi.DescribeCompareReportResponse](migrationCompare, describeCompareReport),
	"DescribeSyncCompareReport":        compareHandler[dtsapi.DescribeSyncCompareReportRequest, dtsapi.DescribeSyncCompareReportResponse](syncCompare, describeCompareReport),
	"DescribeCompareDiffItems":         compareHandler[dtsapi.DescribeCompareDiffItemsRequest, dtsapi.DescribeCompareDiffItemsResponse](migrationCompare, describeCompareDiffItems),
	"DescribeSyncCompareDiffItems":     compareHandler[dtsapi.DescribeSyncCompareDiffItemsRequest, dtsapi.DescribeSyncCompareDiffItemsResponse](syncCompare, describeCompareDiffItems),
	"DescribeMigrateGtidCompareReport": compareHandler[dtsapi.DescribeMigrateGtidCompareReportRequest, dtsapi.DescribeMigrateGtidCompareReportResponse](migrationCompare, describeGtidCompareReport),
	"DescribeSyncGtidCompareReport":    compareHandler[dtsapi.DescribeSyncGtidCompareReportRequest, dtsapi.DescribeSyncGtidCompareReportResponse](syncCompare, describeGtidCompareReport),

	// Subscriptions (subscription*.go) and their consumer groups
	// (consumer_group*.go).
	"CreateSubscribe":                typed(createSubscribe),
	"DescribeSubscribeJobs":          typed(describeSubscribeJobs),
	"CreateConsumerGroup":            typed(createConsumerGroup),
	"DeleteConsumerGroup":            typed(deleteConsumerGroup),
	"DescribeConsumerGroups":         typed(describeConsumerGroups),
	"ModifyConsumerGroupDescription": typed(modifyConsumerGroupDescription),
	"ModifyConsumerGroupPassword":    typed(modifyConsumerGroupPassword),
	"DescribeOffsetByTime":           typed(describeOffsetByTime),
	"ResetConsumerGroupOffset":       typed(resetConsumerGroupOffset),
	"CreateSubscribeCheckJob":        jobOperation[dtsapi.CreateSubscribeCheckJobRequest, dtsapi.CreateSubscribeCheckJobResponse](subscriptionKind),
	"StartSubscribe":                 jobOperation[dtsapi.StartSubscribeRequest, dtsapi.StartSubscribeResponse](subscriptionKind),
	"ResumeSubscribe":                jobOperation[dtsapi.ResumeSubscribeRequest, dtsapi.ResumeSubscribeResponse](subscriptionKind),
	"DestroyIsolatedSubscribe":       jobOperation[dtsapi.DestroyIsolatedSubscribeRequest, dtsapi.DestroyIsolatedSubscribeResponse](subscriptionKind),
	"ConfigureSubscribeJob":          jobChange[dtsapi.ConfigureSubscribeJobRequest, dtsapi.ConfigureSubscribeJobResponse](subscriptionKind, configureSubscription),
	"ModifySubscribeObjects":         jobChange[dtsapi.ModifySubscribeObjectsRequest, dtsapi.ModifySubscribeObjectsResponse](subscriptionKind, modifyObjects),
	"IsolateSubscribe":               jobChange[dtsapi.IsolateSubscribeRequest, dtsapi.IsolateSubscribeResponse](subscriptionKind, refundable),
	"ResetSubscribe":                 jobChange[dtsapi.ResetSubscribeRequest, dtsapi.ResetSubscribeResponse](subscriptionKind, dropGroups),
	"ModifySubscribeName":            jobChange[dtsapi.ModifySubscribeNameRequest, dtsapi.ModifySubscribeNameResponse](subscriptionKind, renameSubscription),
	"ModifySubscribeAutoRenewFlag":   jobChange[dtsapi.ModifySubscribeAutoRenewFlagRequest, dtsapi.ModifySubscribeAutoRenewFlagResponse](subscriptionKind, setAutoRenew),
	"DescribeSubscribeDetail":        jobRead[dtsapi.DescribeSubscribeDetailRequest](subscriptionKind, subscribeDetail),
	"DescribeSubscribeCheckJob":      jobRead[dtsapi.DescribeSubscribeCheckJobRequest](subscriptionKind, subscribeCheckJob),
	"DescribeSubscribeReturnable":    jobRead[dtsapi.DescribeSubscribeReturnableRequest](subscriptionKind, subscribeReturnable),
}

// jobOperation is the one handler of the actions that operate on one job of
// kind k, named by the request's ID member (JobId, or the kind's IDParam),
// and answer an empty response: it applies the action's row of the kind's
// operation table. An absent or blank ID is MissingParameter (also where
// the definition marks it optional).
func jobOperation[Req, Resp any](k *kind) handler { return jobChange[Req, Resp, job](k, nil) }

// jobChange is jobOperation for an action with parameters: prepare (see
// call.operate) checks them against the job and stores them there before
// the statuses change.
func jobChange[Req, Resp any, P job](k *kind, prepare func(c *call, req *Req, j P) *apiError) handler {
	id := requestID[Req](k)
	return typed(func(c *call, req *Req) (*Resp, error) {
		jobID, err := id(req)
		if err != nil {
			return nil, err
		}
		var p func(job) *apiError
		if prepare != nil {
			p = func(j job) *apiError { return prepare(c, req, j.(P)) }
		}
		if err := c.operate(k, jobID, p); err != nil {
			return nil, err
		}
		return new(Resp), nil
	})
}

// jobRead is the handler of the actions that read one job of kind k, named
// by the request's ID member: render answers it, then the job is read (in
// step mode it moves one step).
func jobRead[Req, Resp any, P job](k *kind, render func(c *call, j P) *Resp) handler {
	id := requestID[Req](k)
	return typed(func(c *call, req *Req) (*Resp, error) {
		jobID, err := id(req)
		if err != nil {
			return nil, err
		}
		j, err := findJob[P](c, k, jobID)
		if err != nil {
			return nil, err
		}
		resp := render(c, j)
		c.read(k, j)
		return resp, nil
	})
}

// requestID returns the reader of the ID member of requests of type Req for
// kind k; it panics at start-up when Req has no such member.
func requestID[Req any](k *kind) func(*Req) (string, *apiError) {
	param := k.idParam()
	f, ok := reflect.TypeFor[Req]().FieldByName(param)
	if !ok || f.Type != reflect.TypeFor[*string]() {
		panic(fmt.Sprintf("emulator: %v has no %s member", reflect.TypeFor[Req](), param))
	}
	return func(req *Req) (string, *apiError) {
		id := reflect.ValueOf(req).Elem().FieldByIndex(f.Index).Interface().(*string)
		if blankID(id) {
			return "", errf(codeMissingParameter, "The request is missing a required parameter `%s`.", param)
		}
		return *id, nil
	}
}

// stsHandlers are the implemented STS actions.
var stsHandlers = map[string]handler{
	"AssumeRole": withSchema(typed(assumeRole), stsSchema),
}

func withSchema(h handler, s schema) handler {
	h.schema = s
	return h
}

// init checks that each DTS handler takes and returns the models the
// definition names for its action, so a mismatch fails every test at once.
func init() {
	for name, h := range dtsHandlers {
		info, ok := dtsapi.Actions[name]
		if !ok {
			panic("emulator: handler for unknown action " + name)
		}
		if got := reflect.TypeOf(info.NewRequest()); got != h.reqType {
			panic(fmt.Sprintf("emulator: handler for %s takes %v, the action's request is %v", name, h.reqType, got))
		}
		if got := reflect.TypeOf(info.NewResponse()); got != h.respType {
			panic(fmt.Sprintf("emulator: handler for %s returns %v, the action's response is %v", name, h.respType, got))
		}
	}
	if h := stsHandlers["AssumeRole"]; h.reqType != reflect.TypeFor[*stsapi.AssumeRoleRequest]() {
		panic("emulator: AssumeRole handler has the wrong request type")
	}
	for name := range stsHandlers {
		if !slices.Contains(stsActions, name) {
			panic("emulator: handler for unknown STS action " + name)
		}
	}
}

// implementedActions lists the implemented actions of a service.
func implementedActions(service string) []string {
	var src map[string]handler
	switch service {
	case dtsapi.Service:
		src = dtsHandlers
	case stsapi.Service:
		src = stsHandlers
	}
	out := make([]string, 0, len(src))
	for name := range src {
		out = append(out, name)
	}
	return out
}

// setRequestID sets the RequestId member of a response structure.
func setRequestID(resp any, id string) {
	v := reflect.ValueOf(resp)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	f := v.Elem().FieldByName("RequestId")
	if f.IsValid() && f.CanSet() && f.Type() == reflect.TypeFor[*string]() {
		f.Set(reflect.ValueOf(&id))
	}
}
