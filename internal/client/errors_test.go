package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
)

func TestClassify(t *testing.T) {
	api := func(action, code string) *APIError {
		return &APIError{Service: "dts", Action: action, Code: code, Message: "m"}
	}
	const detail = "DescribeMigrationDetail"
	tests := []struct {
		name string
		err  error
		want Class
	}{
		{"nil", nil, ClassOther},
		// Not found: only on job-level calls.
		{"ResourceNotFound on detail", api(detail, "ResourceNotFound"), ClassNotFound},
		{"ResourceNotFound.JobNotExist on start", api("StartMigrateJob", "ResourceNotFound.JobNotExist"), ClassNotFound},
		{"ResourceNotFound.ResourceNotFoundError on subscribe detail", api("DescribeSubscribeDetail", "ResourceNotFound.ResourceNotFoundError"), ClassNotFound},
		{"ResourceNotFound on compare task", api("DeleteCompareTask", "ResourceNotFound"), ClassNotFound},
		{"ResourceNotFound on consumer groups", api("DescribeConsumerGroups", "ResourceNotFound"), ClassNotFound},
		{"ResourceNotFound on DescribeMigrateDBInstances", api("DescribeMigrateDBInstances", "ResourceNotFound"), ClassOther},
		{"ResourceNotFound.BizResourceNotFoundError on DescribeMigrationJobs", api("DescribeMigrationJobs", "ResourceNotFound.BizResourceNotFoundError"), ClassOther},
		{"ResourceNotFound on DescribeSyncJobs", api("DescribeSyncJobs", "ResourceNotFound"), ClassOther},
		{"ResourceNotFound on DescribeSubscribeJobs", api("DescribeSubscribeJobs", "ResourceNotFound"), ClassOther},
		{"ResourceNotFound on a purchase", api("CreateMigrationService", "ResourceNotFound.ResourceNotFoundError"), ClassOther},
		{"ResourceNotFound from STS", &APIError{Service: "sts", Action: "AssumeRole", Code: "ResourceNotFound"}, ClassOther},
		{"ResourceNotFoundish prefix is not the family", api(detail, "ResourceNotFoundX"), ClassOther},
		{"InvalidParameter.InstanceNotFound", api("CreateMigrateCheckJob", "InvalidParameter.InstanceNotFound"), ClassInvalidInput},
		// Wrong state.
		{"StatusInConflict", api("StartSyncJob", "FailedOperation.StatusInConflict"), ClassWrongState},
		{"StatusInConflictError", api("StartSyncJob", "FailedOperation.StatusInConflictError"), ClassWrongState},
		{"NotAllowOperation", api("StopSyncJob", "FailedOperation.NotAllowOperation"), ClassWrongState},
		{"OperationDenied", api("IsolateSyncJob", "OperationDenied"), ClassWrongState},
		{"OperationDenied.JobOperationDeniedError", api("IsolateSyncJob", "OperationDenied.JobOperationDeniedError"), ClassWrongState},
		{"OperationDenied.NotEnoughMoneyError", api("RecoverSyncJob", "OperationDenied.NotEnoughMoneyError"), ClassOther},
		{"FailedOperation generic", api("StartSyncJob", "FailedOperation"), ClassOther},
		{"FailedOperation.StartJobFailed", api("StartSyncJob", "FailedOperation.StartJobFailed"), ClassOther},
		// Throttled.
		{"RequestLimitExceeded", api(detail, "RequestLimitExceeded"), ClassThrottled},
		{"RequestLimitExceeded.RequestLimitExceededError", api(detail, "RequestLimitExceeded.RequestLimitExceededError"), ClassThrottled},
		{"RequestLimitExceeded.IPLimitExceeded", api(detail, "RequestLimitExceeded.IPLimitExceeded"), ClassThrottled},
		{"HTTP 429 without envelope", &APIError{Code: CodeHTTPStatus, HTTPStatus: 429}, ClassThrottled},
		// Auth.
		{"AuthFailure", api(detail, "AuthFailure"), ClassAuth},
		{"AuthFailure.SignatureFailure", api(detail, "AuthFailure.SignatureFailure"), ClassAuth},
		{"AuthFailure.UnauthorizedOperationError", api(detail, "AuthFailure.UnauthorizedOperationError"), ClassAuth},
		{"UnauthorizedOperation.PermissionDenied", api(detail, "UnauthorizedOperation.PermissionDenied"), ClassAuth},
		// Invalid input.
		{"InvalidParameter", api(detail, "InvalidParameter"), ClassInvalidInput},
		{"InvalidParameterValue.DataConvertError", api(detail, "InvalidParameterValue.DataConvertError"), ClassInvalidInput},
		{"MissingParameter.MissingParameterError", api(detail, "MissingParameter.MissingParameterError"), ClassInvalidInput},
		{"UnknownParameter", api(detail, "UnknownParameter"), ClassInvalidInput},
		// Transient: the allow-list only.
		{"InternalError", api(detail, "InternalError"), ClassTransient},
		{"InternalError.LockError", api(detail, "InternalError.LockError"), ClassTransient},
		{"InternalError.DatabaseError", api(detail, "InternalError.DatabaseError"), ClassTransient},
		{"InternalError.AddTaskError", api(detail, "InternalError.AddTaskError"), ClassTransient},
		{"InternalError.CeleryError", api(detail, "InternalError.CeleryError"), ClassTransient},
		{"InternalError.CgwSystemError", api(detail, "InternalError.CgwSystemError"), ClassTransient},
		{"InternalError.ExecHttpRequestError", api(detail, "InternalError.ExecHttpRequestError"), ClassTransient},
		{"InternalError.InternalHttpServerError", api(detail, "InternalError.InternalHttpServerError"), ClassTransient},
		{"ServiceUnavailable", api(detail, "ServiceUnavailable"), ClassTransient},
		{"InternalError.NotEnoughMoneyError", api(detail, "InternalError.NotEnoughMoneyError"), ClassOther},
		{"InternalError.DuplicateJob", api(detail, "InternalError.DuplicateJob"), ClassOther},
		{"InternalError.UnknownError", api(detail, "InternalError.UnknownError"), ClassOther},
		{"InternalError.InternalTradeError", api(detail, "InternalError.InternalTradeError"), ClassOther},
		{"HTTP 502", &APIError{Code: CodeHTTPStatus, HTTPStatus: 502}, ClassTransient},
		{"HTTP 404", &APIError{Code: CodeHTTPStatus, HTTPStatus: 404}, ClassOther},
		{"network error", &APIError{Code: CodeNetworkError, Err: syscall.ECONNRESET}, ClassTransient},
		{"API code wins over status", &APIError{Code: "AuthFailure", HTTPStatus: 503}, ClassAuth},
		// Canceled.
		{"canceled APIError", &APIError{Code: CodeCanceled, Err: context.Canceled}, ClassCanceled},
		{"bare context.Canceled", context.Canceled, ClassCanceled},
		{"wrapped deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), ClassCanceled},
		// Plain errors.
		{"bare net error", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, ClassTransient},
		{"plain error", errors.New("boom"), ClassOther},
		{"wrapped APIError", fmt.Errorf("creating: %w", api(detail, "ResourceNotFound")), ClassNotFound},
		{"other code", api(detail, "UnsupportedOperation"), ClassOther},
		{"limit exceeded is not throttling", api(detail, "LimitExceeded.MaxUnusedJobs"), ClassOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.err); got != tt.want {
				t.Fatalf("Classify(%v) = %s, want %s", tt.err, got, tt.want)
			}
			preds := map[Class]func(error) bool{
				ClassNotFound:     IsNotFound,
				ClassWrongState:   IsWrongState,
				ClassThrottled:    IsThrottled,
				ClassAuth:         IsAuth,
				ClassInvalidInput: IsInvalidInput,
				ClassTransient:    IsTransient,
				ClassCanceled:     IsCanceled,
			}
			for class, pred := range preds {
				if got := pred(tt.err); got != (class == tt.want) {
					t.Errorf("Is%s = %v", class, got)
				}
			}
		})
	}
}

func TestJobLevelActions(t *testing.T) {
	in := []string{"DescribeMigrationDetail", "StartMigrateJob", "DescribeSubscribeDetail", "CreateConsumerGroup",
		"DeleteCompareTask", "DescribeCompareTasks", "ResizeSyncJob", "CreateMigrateCheckJob", "StopSyncCompare"}
	out := []string{"DescribeMigrationJobs", "DescribeSyncJobs", "DescribeSubscribeJobs", "DescribeMigrateDBInstances",
		"CreateMigrationService", "CreateSyncJob", "CreateSubscribe", "AssumeRole", "NoSuchAction"}
	for _, a := range in {
		if !IsJobLevelAction(a) {
			t.Errorf("%s should be job-level", a)
		}
	}
	for _, a := range out {
		if IsJobLevelAction(a) {
			t.Errorf("%s should not be job-level", a)
		}
	}
	if n := len(jobLevelActions); n != 77 {
		t.Errorf("job-level actions = %d, want 77 (84 minus 3 lists, 3 purchases, DescribeMigrateDBInstances)", n)
	}
}

func TestMayHaveAppliedAndAs(t *testing.T) {
	e := &APIError{Code: CodeNetworkError, MayHaveApplied: true}
	wrapped := fmt.Errorf("creating job: %w", e)
	if !MayHaveApplied(wrapped) {
		t.Error("MayHaveApplied(wrapped) = false")
	}
	if got, ok := AsAPIError(wrapped); !ok || got != e {
		t.Error("AsAPIError does not find the wrapped error")
	}
	if MayHaveApplied(errors.New("x")) || MayHaveApplied(nil) {
		t.Error("MayHaveApplied true for a non-API error")
	}
	if _, ok := AsAPIError(errors.New("x")); ok {
		t.Error("AsAPIError found an APIError in a plain error")
	}
}

func TestClassString(t *testing.T) {
	if ClassNotFound.String() != "not found" || Class(99).String() != "unknown" {
		t.Errorf("%s %s", ClassNotFound, Class(99))
	}
}
