package waiter

import (
	"fmt"
	"strings"
	"time"
)

// TimeoutError means the job did not reach a target status before the
// deadline; the last read, made at the deadline, was still pending (or did not
// find a job that may still appear).
type TimeoutError struct {
	// Operation is what was being waited for.
	Operation string
	// Timeout is the configured timeout.
	Timeout time.Duration
	// LastStatus is the status of the last read that found the job, "" if no
	// read found it.
	LastStatus string
	// LastMessage is the API's message on that read.
	LastMessage string
	// LastNotFound is true when the very last read did not find the job.
	LastNotFound bool
}

func (e *TimeoutError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "timed out after %s waiting for %s", e.Timeout, e.Operation)
	switch {
	case e.LastStatus == "" && e.LastNotFound:
		b.WriteString(": the job was not found")
	default:
		fmt.Fprintf(&b, ": last status %q", e.LastStatus)
		if e.LastMessage != "" {
			fmt.Fprintf(&b, " (%s)", e.LastMessage)
		}
		if e.LastNotFound {
			b.WriteString(", then the job was no longer found")
		}
	}
	return b.String()
}

// FailureStatusError means the job reached one of the failure statuses.
type FailureStatusError struct {
	// Operation is what was being waited for.
	Operation string
	// Status is the failure status the job reached.
	Status string
	// Message is the API's failure message, "" if it gave none.
	Message string
}

func (e *FailureStatusError) Error() string {
	s := fmt.Sprintf("waiting for %s: the job reached failure status %q", e.Operation, e.Status)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// UnexpectedStatusError means the job reached a status that is in none of the
// pending, target and failure sets.
type UnexpectedStatusError struct {
	// Operation is what was being waited for.
	Operation string
	// Status is the unexpected status.
	Status string
	// Message is the API's message on that read, "" if none.
	Message string
	// Expected lists the statuses the wait was prepared for: pending, then
	// target.
	Expected []string
}

func (e *UnexpectedStatusError) Error() string {
	s := fmt.Sprintf("waiting for %s: unexpected status %q", e.Operation, e.Status)
	if e.Message != "" {
		s += " (" + e.Message + ")"
	}
	if len(e.Expected) > 0 {
		s += ", expected one of " + strings.Join(e.Expected, ", ")
	}
	return s
}

// NotFoundError means the job was not found on more consecutive reads than
// Config.NotFoundTolerance allows.
type NotFoundError struct {
	// Operation is what was being waited for.
	Operation string
	// Reads is the number of consecutive reads that did not find the job.
	Reads int
	// Err is the error with which the last read reported "not found" (the
	// API error, with its code and RequestId), or nil when Refresh reported it
	// as (nil, nil).
	Err error
}

func (e *NotFoundError) Error() string {
	reads := "read"
	if e.Reads != 1 {
		reads = "consecutive reads"
	}
	s := fmt.Sprintf("waiting for %s: the job was not found (%d %s)", e.Operation, e.Reads, reads)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the error of the last not-found read, if any.
func (e *NotFoundError) Unwrap() error { return e.Err }

// InterruptedError means the wait stopped because its context was canceled
// or reached its own deadline. It wraps ctx.Err(), so errors.Is(err,
// context.Canceled) and errors.Is(err, context.DeadlineExceeded) work.
type InterruptedError struct {
	// Operation is what was being waited for.
	Operation string
	// LastStatus is the status of the last read that found the job, "" if none.
	LastStatus string
	// Err is the context's error.
	Err error
}

func (e *InterruptedError) Error() string {
	s := "waiting for " + e.Operation + " was interrupted"
	if e.LastStatus != "" {
		s += fmt.Sprintf(" (last status %q)", e.LastStatus)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the context's error.
func (e *InterruptedError) Unwrap() error { return e.Err }
