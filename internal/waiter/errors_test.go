package waiter_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

func TestErrorTexts(t *testing.T) {
	const op = `sync job "sync-abc" to reach Running`
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"timeout", &waiter.TimeoutError{Operation: op, Timeout: 20 * time.Minute, LastStatus: "Checking", LastMessage: "step 3 of 9"},
			`timed out after 20m0s waiting for sync job "sync-abc" to reach Running: last status "Checking" (step 3 of 9)`},
		{"timeout without message", &waiter.TimeoutError{Operation: op, Timeout: time.Minute, LastStatus: "Checking"},
			`timed out after 1m0s waiting for sync job "sync-abc" to reach Running: last status "Checking"`},
		{"timeout never found", &waiter.TimeoutError{Operation: op, Timeout: time.Minute, LastNotFound: true},
			`timed out after 1m0s waiting for sync job "sync-abc" to reach Running: the job was not found`},
		{"timeout found then lost", &waiter.TimeoutError{Operation: op, Timeout: time.Minute, LastStatus: "Checking", LastNotFound: true},
			`timed out after 1m0s waiting for sync job "sync-abc" to reach Running: last status "Checking", then the job was no longer found`},
		{"failure", &waiter.FailureStatusError{Operation: op, Status: "Failed", Message: "access denied for user 'dts'"},
			`waiting for sync job "sync-abc" to reach Running: the job reached failure status "Failed": access denied for user 'dts'`},
		{"failure without message", &waiter.FailureStatusError{Operation: op, Status: "Failed"},
			`waiting for sync job "sync-abc" to reach Running: the job reached failure status "Failed"`},
		{"unexpected", &waiter.UnexpectedStatusError{Operation: op, Status: "Paused", Expected: []string{"ReadyRunning", "Running"}},
			`waiting for sync job "sync-abc" to reach Running: unexpected status "Paused", expected one of ReadyRunning, Running`},
		{"unexpected with message", &waiter.UnexpectedStatusError{Operation: op, Status: "Paused", Message: "paused by user", Expected: []string{"Running"}},
			`waiting for sync job "sync-abc" to reach Running: unexpected status "Paused" (paused by user), expected one of Running`},
		{"not found once", &waiter.NotFoundError{Operation: op, Reads: 1},
			`waiting for sync job "sync-abc" to reach Running: the job was not found (1 read)`},
		{"not found with cause", &waiter.NotFoundError{Operation: op, Reads: 4, Err: errors.New("ResourceNotFound: no such job")},
			`waiting for sync job "sync-abc" to reach Running: the job was not found (4 consecutive reads): ResourceNotFound: no such job`},
		{"interrupted", &waiter.InterruptedError{Operation: op, LastStatus: "Checking", Err: context.Canceled},
			`waiting for sync job "sync-abc" to reach Running was interrupted (last status "Checking"): context canceled`},
		{"interrupted before any read", &waiter.InterruptedError{Operation: op, Err: context.DeadlineExceeded},
			`waiting for sync job "sync-abc" to reach Running was interrupted: context deadline exceeded`},
		{"interrupted without cause", &waiter.InterruptedError{Operation: op},
			`waiting for sync job "sync-abc" to reach Running was interrupted`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error()\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestErrorUnwrap(t *testing.T) {
	cause := errors.New("ResourceNotFound")
	if err := error(&waiter.NotFoundError{Operation: "op", Reads: 2, Err: cause}); !errors.Is(err, cause) {
		t.Errorf("NotFoundError does not unwrap to its cause")
	}
	if err := error(&waiter.InterruptedError{Operation: "op", Err: context.Canceled}); !errors.Is(err, context.Canceled) {
		t.Errorf("InterruptedError does not unwrap to the context error")
	}
}
