package client

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
)

const (
	// refreshMargin is the most time before expiry at which temporary
	// credentials are renewed; for short sessions it is 20% of the lifetime.
	refreshMargin = 5 * time.Minute
	// refreshRetryInterval spaces renewal attempts after a failure, so that a
	// failing source is not asked on every call.
	refreshRetryInterval = 30 * time.Second
)

// renewer is a credential with temporary keys. Client calls renew, with the
// context of the call that needs the keys, before every attempt; the
// Get* methods of common.CredentialIface only read the current keys.
type renewer interface {
	renew(ctx context.Context) error
}

// CredentialError is the error of a call that was not sent because its
// temporary credentials had expired and could not be renewed. Err is the
// renewal's error: the STS *APIError for an assumed role (AsAPIError finds
// it), the metadata service's failure for the CVM role.
type CredentialError struct {
	// Action is the call that needed the credentials; Source names them
	// ("the assumed role qcs::cam::…", "the CVM role dts-ops").
	Action, Source string
	Err            error
}

// Error says what was not sent and why.
func (e *CredentialError) Error() string {
	return fmt.Sprintf("%s was not sent: renewing the temporary credentials of %s failed: %v", e.Action, e.Source, e.Err)
}

// Unwrap returns the renewal's error.
func (e *CredentialError) Unwrap() error { return e.Err }

// tempKeys are temporary credentials and the time they expire.
type tempKeys struct {
	id, key, token string
	expires        time.Time
}

// renewingCredential holds temporary keys from fetch and renews them when
// less than min(refreshMargin, 20% of their lifetime) remains. One renewal
// runs at a time and holds no lock while it runs: calls whose keys are still
// valid go on with them; calls whose keys have expired wait for it, each
// under its own context.
type renewingCredential struct {
	source string // for messages and logs
	fetch  func(ctx context.Context) (tempKeys, error)
	clock  clock.Clock

	mu        sync.Mutex
	keys      tempKeys
	refreshAt time.Time
	retryAt   time.Time     // after a failed renewal, no new one before this
	lastErr   error         // the failed renewal's error
	inflight  chan struct{} // closed when the running renewal ends
}

// init fetches the first keys; its error is returned as is.
func (r *renewingCredential) init(ctx context.Context) error {
	start := r.clock.Now()
	k, err := r.fetch(ctx)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.store(k, start)
	return nil
}

// store keeps k, fetched at start. The caller holds mu.
func (r *renewingCredential) store(k tempKeys, start time.Time) {
	margin := min(refreshMargin, k.expires.Sub(start)/5)
	r.keys = k
	r.refreshAt = k.expires.Add(-margin)
	r.retryAt, r.lastErr = time.Time{}, nil
}

// renew implements renewer. It returns nil while the keys are usable (even
// when a renewal failed: the failure is logged and retried after
// refreshRetryInterval), and the renewal's error once they have expired.
func (r *renewingCredential) renew(ctx context.Context) error {
	for {
		r.mu.Lock()
		now := r.clock.Now()
		valid := now.Before(r.keys.expires)
		switch {
		case now.Before(r.refreshAt):
			r.mu.Unlock()
			return nil
		case r.inflight != nil:
			wait := r.inflight
			r.mu.Unlock()
			if valid {
				return nil
			}
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		case now.Before(r.retryAt):
			err := r.lastErr
			r.mu.Unlock()
			if valid {
				return nil
			}
			return err
		}
		done := make(chan struct{})
		r.inflight = done
		r.mu.Unlock()
		err := r.renewOnce(ctx, now)
		close(done)
		if err != nil && (!valid || ctx.Err() != nil) {
			return err
		}
		return nil
	}
}

// renewOnce fetches new keys and records the outcome; the caller has set
// r.inflight, which renewOnce clears.
func (r *renewingCredential) renewOnce(ctx context.Context, now time.Time) error {
	k, err := r.fetch(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inflight = nil
	switch {
	case err == nil:
		r.store(k, now)
		tflog.Debug(ctx, "renewed temporary credentials", map[string]any{
			"source": r.source, "expires_at": k.expires.UTC().Format(time.RFC3339),
		})
	case ctx.Err() != nil:
		// The caller gave up; the next call tries again at once.
	default:
		r.retryAt, r.lastErr = now.Add(refreshRetryInterval), err
		tflog.Warn(ctx, "renewing temporary credentials failed", map[string]any{
			"source": r.source, "error": err.Error(), "expires_at": r.keys.expires.UTC().Format(time.RFC3339),
		})
	}
	return err
}

func (r *renewingCredential) current() (string, string, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.keys.id, r.keys.key, r.keys.token
}

// GetSecretId implements common.CredentialIface.
func (r *renewingCredential) GetSecretId() string { id, _, _ := r.current(); return id }

// GetSecretKey implements common.CredentialIface.
func (r *renewingCredential) GetSecretKey() string { _, key, _ := r.current(); return key }

// GetToken implements common.CredentialIface.
func (r *renewingCredential) GetToken() string { _, _, token := r.current(); return token }

// GetCredential implements common.CredentialIface: all three parts at once.
func (r *renewingCredential) GetCredential() (string, string, string) { return r.current() }
