package client

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// withRetry runs the attempts of one call. Throttling, transient internal
// errors, HTTP 5xx replies and network failures are retried with jittered
// exponential backoff, at most retry.MaxAttempts attempts within
// retry.MaxElapsed. An unreachable endpoint is tried at most
// unreachableMaxAttempts times; a request refused locally or a failed TLS
// handshake is never repeated. Purchase actions are retried only when the
// request certainly did not take effect: throttling, or a failure before the
// request was written.
func (c *Client) withRetry(ctx context.Context, region, action string, body []byte, resp any) error {
	purchase := c.svc.purchases[action]
	deadline := c.clock.Now().Add(c.retry.MaxElapsed)
	mayHaveApplied, nothingSent := false, true
	for attempt := 1; ; attempt++ {
		if err := c.waitLimiter(ctx, action); err != nil {
			if ctx.Err() == nil {
				return fmt.Errorf("%s: %w", action, err)
			}
			return c.stamp(c.canceled(region, action, err, mayHaveApplied, "waiting for the rate limiter"), attempt-1, nothingSent)
		}
		if err := c.renewCredential(ctx, region, action, attempt-1, nothingSent); err != nil {
			return err
		}
		started := c.clock.Now()
		res := c.attempt(ctx, region, action, body, resp, c.attemptTimeout(deadline.Sub(started)))
		fields := map[string]any{"service": c.svc.name, "action": action, "region": region, "attempt": attempt,
			"duration": c.clock.Now().Sub(started).String()}
		if res.err == nil {
			fields["request_id"] = responseRequestID(resp)
			tflog.Debug(ctx, "Tencent Cloud API call", fields)
			return nil
		}
		fields["code"], fields["request_id"] = res.err.Code, res.err.RequestID
		tflog.Debug(ctx, "Tencent Cloud API call failed", fields)
		class := Classify(res.err)
		// A transient failure after the request may have reached the server
		// leaves its effect unknown; a throttling reply is an explicit refusal.
		ambiguous := res.applied || res.sent && (class == ClassTransient || class == ClassCanceled)
		mayHaveApplied = mayHaveApplied || ambiguous
		nothingSent = nothingSent && !res.sent && !res.applied && res.err.RequestID == "" && res.err.HTTPStatus == 0

		delay := c.backoff(attempt)
		if !c.retryable(res, class, purchase, attempt) || !c.clock.Now().Add(delay).Before(deadline) {
			res.err.MayHaveApplied = mayHaveApplied
			return c.stamp(res.err, attempt, nothingSent)
		}
		tflog.Warn(ctx, "Tencent Cloud API call failed, retrying", map[string]any{
			"service":      c.svc.name,
			"action":       action,
			"region":       region,
			"code":         res.err.Code,
			"http_status":  res.err.HTTPStatus,
			"request_id":   res.err.RequestID,
			"attempt":      attempt,
			"max_attempts": c.retry.MaxAttempts,
			"delay":        delay.String(),
		})
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return c.stamp(c.canceled(region, action, err, mayHaveApplied, "waiting to retry after "+res.err.Code), attempt, nothingSent)
		}
	}
}

// retryable decides whether a failed attempt is repeated.
func (c *Client) retryable(res attemptResult, class Class, purchase bool, attempt int) bool {
	if res.final || attempt >= c.retry.MaxAttempts {
		return false
	}
	switch class {
	case ClassThrottled:
		return true
	case ClassTransient:
		return !purchase || !res.sent
	case ClassUnreachable:
		return attempt < unreachableMaxAttempts
	}
	return false
}

// attemptTimeout is the timeout of an attempt when remaining is left of the
// call's budget: RequestTimeout, cut to what is left (but not below a
// second, so that an attempt that starts can finish).
func (c *Client) attemptTimeout(remaining time.Duration) time.Duration {
	if remaining >= c.timeout {
		return c.timeout
	}
	return max(remaining, min(time.Second, c.timeout))
}

// stamp records on e how many attempts the call made, whether nothing was
// sent, and the endpoint.
func (c *Client) stamp(e *APIError, attempts int, nothingSent bool) *APIError {
	e.Attempts = attempts
	e.NothingSent = nothingSent
	e.Endpoint, e.EndpointFrom = c.Endpoint(), c.endpointFrom
	return e
}

// renewCredential renews temporary credentials before an attempt, with the
// call's context. A renewal that fails while the keys have expired ends the
// call with a *CredentialError; one that is canceled with a canceled APIError
// (attempts and nothingSent describe the call so far).
func (c *Client) renewCredential(ctx context.Context, region, action string, attempts int, nothingSent bool) error {
	r, ok := c.cred.(renewer)
	if !ok {
		return nil
	}
	err := r.renew(ctx)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return c.stamp(c.canceled(region, action, ctx.Err(), false, "renewing the temporary credentials"), attempts, nothingSent)
	}
	source := "the temporary credentials"
	if rc, ok := r.(*renewingCredential); ok {
		source = rc.source
	}
	return &CredentialError{Action: action, Source: source, Err: err}
}

// canceled is the error of a call whose context ended between attempts.
func (c *Client) canceled(region, action string, cause error, mayHaveApplied bool, while string) *APIError {
	return &APIError{
		Service: c.svc.name, Action: action, Region: region,
		Code:           CodeCanceled,
		Message:        "the call was canceled while " + while + ": " + cause.Error(),
		MayHaveApplied: mayHaveApplied,
		Err:            cause,
	}
}

// backoff returns the wait before retry number n (1 for the first retry): a
// uniformly random duration in [MinBackoff, min(MaxBackoff, MinBackoff·2ⁿ)].
func (c *Client) backoff(n int) time.Duration {
	lo, hi := c.retry.MinBackoff, c.retry.MaxBackoff
	ceil := lo
	for i := 0; i < n && ceil < hi; i++ {
		ceil *= 2
	}
	if ceil > hi || ceil <= 0 {
		ceil = hi
	}
	if ceil <= lo {
		return lo
	}
	c.rndMu.Lock()
	j := c.rnd.Int64N(int64(ceil-lo) + 1)
	c.rndMu.Unlock()
	return lo + time.Duration(j)
}

// limiter returns the rate limiter of action, made once.
func (c *Client) limiter(action string) *rate.Limiter {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.limiters[action]
	if !ok {
		l = rate.NewLimiter(c.limit, c.burst)
		c.limiters[action] = l
	}
	return l
}

// waitLimiter waits for the action's limiter. It reserves against the
// client's clock and sleeps through it, so that waits honor ctx and a fake
// clock in tests; a wait cut short gives its reservation back.
func (c *Client) waitLimiter(ctx context.Context, action string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l := c.limiter(action)
	now := c.clock.Now()
	r := l.ReserveN(now, 1)
	if !r.OK() {
		// Only when burst < 1, which newClient prevents.
		return errors.New("the rate limiter cannot grant a request")
	}
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if err := c.clock.Sleep(ctx, d); err != nil {
		r.CancelAt(c.clock.Now())
		return err
	}
	return nil
}

// responseRequestID reads the RequestId member of a decoded response, for
// the log (every DTS and STS response has one).
func responseRequestID(resp any) string {
	v := reflect.ValueOf(resp)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return ""
	}
	f := v.Elem().FieldByName("RequestId")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() || f.Elem().Kind() != reflect.String {
		return ""
	}
	return f.Elem().String()
}
