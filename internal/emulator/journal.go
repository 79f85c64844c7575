package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// JournalEntry records one authenticated API request: its signature was
// verified (requests that fail authentication, and admin requests, are not
// recorded).
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
	// "sha256:<hex>" of its value; null when the body is not JSON or is too
	// large to keep (then OmittedBytes is its size).
	Parameters json.RawMessage
	// OmittedBytes is the size of a body left out of Parameters because it
	// exceeds MaxJournalParameterBytes.
	OmittedBytes int `json:",omitempty"`
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

// Bounds of the journal: it keeps the last MaxJournalEntries entries and
// at most MaxJournalBytes of them (the oldest go first), and an entry keeps
// at most MaxJournalParameterBytes of parameters.
const (
	MaxJournalEntries        = 10000
	MaxJournalBytes          = 32 << 20
	MaxJournalParameterBytes = 64 << 10
)

// journalEntryOverhead approximates what an entry costs beyond its
// variable-length members.
const journalEntryOverhead = 256

// journal is a bounded queue of entries, by count and by bytes. Guarded by
// Emulator.mu.
type journal struct {
	maxEntries int
	maxBytes   int
	entries    []JournalEntry
	head       int // index of the oldest entry
	bytes      int // size of entries[head:]
	seq        uint64
}

// size approximates the memory an entry holds.
func (e *JournalEntry) size() int {
	return journalEntryOverhead + len(e.Parameters) + len(e.Service) + len(e.Action) + len(e.Region) +
		len(e.SecretID) + len(e.RequestID) + len(e.Code) + len(e.Fault) + len(e.FaultKind)
}

func (j *journal) add(e JournalEntry) {
	j.seq++
	e.Seq = j.seq
	j.entries = append(j.entries, e)
	j.bytes += e.size()
	for len(j.entries)-j.head > max(j.maxEntries, 1) || (j.bytes > j.maxBytes && len(j.entries)-j.head > 1) {
		j.bytes -= j.entries[j.head].size()
		j.entries[j.head] = JournalEntry{}
		j.head++
	}
	// Drop the evicted prefix once it is half the slice.
	if j.head > 0 && j.head*2 >= len(j.entries) {
		j.entries = append([]JournalEntry(nil), j.entries[j.head:]...)
		j.head = 0
	}
}

func (j *journal) list() []JournalEntry {
	return append([]JournalEntry{}, j.entries[j.head:]...)
}

func (j *journal) clear() {
	j.entries, j.head, j.bytes, j.seq = nil, 0, 0, 0
}

// Journal returns the recorded requests, oldest first (the last
// MaxJournalEntries, within MaxJournalBytes).
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
// TmpToken, SecretKey, Token, …), and STS's ExternalId, which guards a role
// like a shared secret.
func isSecretName(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "password") || strings.Contains(n, "secretkey") || strings.HasSuffix(n, "token") || n == "externalid" ||
		strings.Contains(n, "privatekey")
}

// journalParameters is what the journal keeps of a request body: its
// redacted parameters, or nil and the body's size when they exceed
// MaxJournalParameterBytes.
func journalParameters(body []byte) (json.RawMessage, int) {
	// Redaction may grow a body (a short secret becomes its hash), never
	// beyond twice its size plus the hashes: a body this large is not
	// decoded at all.
	if len(body) > 2*MaxJournalParameterBytes {
		return nil, len(body)
	}
	p := redactParameters(body)
	if len(p) > MaxJournalParameterBytes {
		return nil, len(body)
	}
	return p, 0
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
