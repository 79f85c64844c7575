package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// JournalEntry records one API request (admin requests are not recorded).
type JournalEntry struct {
	// Seq numbers the entries from 1 since the last reset.
	Seq uint64
	// Time is when the request arrived, on the wall clock.
	Time time.Time
	// Service is the service of the credential scope ("dts" or "sts"); ""
	// when the Authorization header could not be read.
	Service string
	Action  string
	Region  string
	// SecretID is the SecretId of the request's credential scope: the key
	// (or temporary key) that signed it. It identifies a key and is not a
	// secret; "" when the Authorization header could not be read.
	SecretID  string `json:"SecretId"`
	RequestID string `json:"RequestId"`
	// Parameters is the request body with every secret replaced by
	// "sha256:<hex>" of its value; null when the body is not JSON.
	Parameters json.RawMessage
	// Code is the error code answered; "" on success.
	Code string
	// HTTPStatus is the HTTP status answered; 0 when the connection was
	// dropped without a reply.
	HTTPStatus int
	// Fault is the ID of the fault rule that fired, FaultKind its kind.
	Fault     string    `json:",omitempty"`
	FaultKind FaultKind `json:",omitempty"`
	// Latency is how long the request took on the wall clock.
	Latency time.Duration
}

// journal is a bounded ring of entries. Guarded by Emulator.mu.
type journal struct {
	capacity int
	entries  []JournalEntry
	next     int // index of the oldest entry once full
	seq      uint64
}

func (j *journal) add(e JournalEntry) {
	j.seq++
	e.Seq = j.seq
	if len(j.entries) < j.capacity {
		j.entries = append(j.entries, e)
		return
	}
	j.entries[j.next] = e
	j.next = (j.next + 1) % j.capacity
}

func (j *journal) list() []JournalEntry {
	out := make([]JournalEntry, 0, len(j.entries))
	out = append(out, j.entries[j.next:]...)
	return append(out, j.entries[:j.next]...)
}

func (j *journal) clear() {
	j.entries, j.next, j.seq = nil, 0, 0
}

// Journal returns the recorded requests, oldest first (the last 10 000).
func (e *Emulator) Journal() []JournalEntry {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.journal.list()
}

// ClearJournal empties the journal.
func (e *Emulator) ClearJournal() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.journal.clear()
}

// isSecretName reports whether a request member holds a secret: any
// password, secret key or token (Password, NewPassword, TmpSecretKey,
// TmpToken, SecretKey, Token, …).
func isSecretName(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "password") || strings.Contains(n, "secretkey") || strings.HasSuffix(n, "token") ||
		strings.Contains(n, "privatekey")
}

// redactParameters returns body with every secret member replaced by the
// SHA-256 of its value, or nil when body is not a JSON value.
func redactParameters(body []byte) json.RawMessage {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return json.RawMessage("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	out, err := json.Marshal(redactValue(v))
	if err != nil {
		return nil
	}
	return out
}

func redactValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if isSecretName(k) && val != nil {
				t[k] = hashSecret(val)
				continue
			}
			t[k] = redactValue(val)
		}
	case []any:
		for i := range t {
			t[i] = redactValue(t[i])
		}
	}
	return v
}

// hashSecret is "sha256:<hex>" of a string's value, or of the JSON text of
// any other value.
func hashSecret(v any) string {
	var b []byte
	if s, ok := v.(string); ok {
		b = []byte(s)
	} else {
		b, _ = json.Marshal(v)
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
