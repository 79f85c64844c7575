package emulator

import (
	"math"
	"time"
)

// bucket is a token bucket on the wall clock: it holds up to max(1, rate)
// tokens and refills at rate tokens per second. Guarded by Emulator.mu.
type bucket struct {
	tokens float64
	last   time.Time
}

// allowRequest takes a token for key (service/action) at now; false means
// the request exceeds the per-action limit.
func (e *Emulator) allowRequest(key string, now time.Time) bool {
	if e.rateLimit < 0 {
		return true
	}
	capacity := math.Max(1, e.rateLimit)
	e.mu.Lock()
	defer e.mu.Unlock()
	b, ok := e.buckets[key]
	if !ok {
		b = &bucket{tokens: capacity, last: now}
		e.buckets[key] = b
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = math.Min(capacity, b.tokens+elapsed.Seconds()*e.rateLimit)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
