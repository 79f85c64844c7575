package emulator

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Identifiers are derived from the seed and a counter, never from a global
// random source: the deterministic modes are reproducible, and the counters
// are persisted so that a restarted emulator never reuses an ID.

const base36 = "0123456789abcdefghijklmnopqrstuvwxyz"

// requestCounterGap is skipped when a state file is loaded: RequestIds of
// read-only requests served after the last save are not persisted, so the
// sequence jumps ahead instead of repeating them.
const requestCounterGap = 1 << 20

// derive hashes the seed, a kind and a counter value.
func derive(seed int64, kind string, n uint64) [32]byte {
	var buf [16]byte
	binary.BigEndian.PutUint64(buf[:8], uint64(seed))
	binary.BigEndian.PutUint64(buf[8:], n)
	return sha256.Sum256(append(append([]byte(kind), 0), buf[:]...))
}

// nextBytes returns 32 fresh bytes from the identifier generator. Call with
// mu held.
func (e *Emulator) nextBytes(kind string) [32]byte {
	e.st.IDCounter++
	e.dirty = true
	return derive(e.st.Seed, kind, e.st.IDCounter)
}

// randomString is n characters of alphabet from the identifier generator.
func (e *Emulator) randomString(kind, alphabet string, n int) string {
	out := make([]byte, 0, n)
	for len(out) < n {
		b := e.nextBytes(kind)
		for _, c := range b {
			if len(out) == n {
				break
			}
			out = append(out, alphabet[int(c)%len(alphabet)])
		}
	}
	return string(out)
}

// newDealName returns an order number like the samples': the purchase date
// (Beijing time) and 15 digits.
func (e *Emulator) newDealName(at time.Time) string {
	return at.In(dtsapi.Beijing).Format("20060102") + e.randomString("deal", "0123456789", 15)
}

// nextRequestID returns a RequestId in the UUID shape the API uses.
func (e *Emulator) nextRequestID() string {
	e.mu.Lock()
	e.st.RequestCounter++
	b := derive(e.st.Seed, "request", e.st.RequestCounter)
	e.mu.Unlock()
	b[6] = b[6]&0x0f | 0x40 // version 4 shape
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], b[10:16])
	return string(out[:])
}
