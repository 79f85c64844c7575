package emulator

import (
	"math"
	"time"
)

// bucket is a token bucket on the wall clock: it holds up to max(1, rate)
// tokens and refills at rate tokens per second. It also counts the requests
// of the current second, for the message. Guarded by Emulator.mu.
type bucket struct {
	tokens float64
	last   time.Time
	second int64 // the Unix second counted
	count  int   // requests in it
}

// allowRequest takes a token for key (service/action) at now; false means
// the request exceeds the per-action limit. It also returns how many
// requests of the action arrived in the current second, this one included.
func (e *Emulator) allowRequest(key string, now time.Time) (bool, int) {
	if e.rateLimit < 0 {
		return true, 0
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
	if s := now.Unix(); s != b.second {
		b.second, b.count = s, 0
	}
	b.count++
	if b.tokens < 1 {
		return false, b.count
	}
	b.tokens--
	return true, b.count
}
