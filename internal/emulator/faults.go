package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// FaultKind is what a fault rule does to a request it matches.
type FaultKind string

const (
	// FaultError answers the API error Code (and Message) instead of running
	// the action.
	FaultError FaultKind = "error"
	// FaultHTTP answers the HTTP status HTTPStatus (500–599) with an
	// InternalError envelope, without running the action.
	FaultHTTP FaultKind = "http"
	// FaultDrop closes the connection without an answer, before the action
	// runs.
	FaultDrop FaultKind = "drop"
	// FaultLatency waits Latency (at most MaxFaultLatency) on the wall
	// clock, then handles the request normally. It extends the response's
	// write deadline by as much, so that a server's WriteTimeout does not cut
	// the delayed answer.
	FaultLatency FaultKind = "latency"
	// FaultApplyThenDrop runs the action — its changes are made and kept —
	// then closes the connection without an answer: the case that buys twice
	// when a client blindly retries a purchase.
	FaultApplyThenDrop FaultKind = "applyThenDrop"
)

// MaxFaultLatency bounds the delay of a latency fault.
const MaxFaultLatency = 10 * time.Minute

// FaultRule injects a failure into requests for one action ("" = every
// action, DTS and STS; with Mutating, only the actions that change
// something: every action but the Describe… reads). It fires on every Nth matching call (Every), on the
// first N matching calls (First), with a seeded probability (Probability),
// or — when none of the three is set — on every matching call. Rules are
// tried in the order they were added; the first that fires wins. Faults
// apply to requests that passed authentication and validation, before the
// rate limit counted them.
type FaultRule struct {
	// ID is assigned by AddFault.
	ID     string `json:"Id,omitempty"`
	Action string `json:",omitempty"`
	// Mutating restricts the rule to the actions that change something
	// (any but Describe…), the ones a client must not repeat blindly.
	Mutating bool `json:",omitempty"`
	Kind     FaultKind
	// Code and Message are the API error of FaultError (Message defaults to
	// a note that the error was injected).
	Code    string `json:",omitempty"`
	Message string `json:",omitempty"`
	// HTTPStatus is the status of FaultHTTP.
	HTTPStatus int `json:",omitempty"`
	// Latency is the delay of FaultLatency; JSON carries it as a Go duration
	// string such as "1.5s".
	Latency time.Duration `json:"-"`
	// Every fires on calls N, 2N, 3N, … of the action.
	Every int `json:",omitempty"`
	// First fires on the first N calls of the action.
	First int `json:",omitempty"`
	// Probability fires with this probability (0–1), drawn from a generator
	// seeded by the emulator's seed and the rule's ID, so a run is
	// reproducible.
	Probability float64 `json:",omitempty"`
	// Calls and Fired count the matching calls and the times the rule fired
	// (read-only).
	Calls int
	Fired int
}

// faultRuleJSON is FaultRule on the admin API, with Latency as a string.
type faultRuleJSON struct {
	faultRuleAlias
	Latency string `json:",omitempty"`
}

type faultRuleAlias FaultRule

// MarshalJSON renders Latency as a duration string.
func (r FaultRule) MarshalJSON() ([]byte, error) {
	j := faultRuleJSON{faultRuleAlias: faultRuleAlias(r)}
	if r.Latency != 0 {
		j.Latency = r.Latency.String()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads Latency as a duration string ("250ms") or a number of
// seconds.
func (r *FaultRule) UnmarshalJSON(b []byte) error {
	var j struct {
		faultRuleAlias
		Latency json.RawMessage `json:",omitempty"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	*r = FaultRule(j.faultRuleAlias)
	r.Latency = 0
	if len(j.Latency) > 0 && string(j.Latency) != "null" {
		var s string
		if err := json.Unmarshal(j.Latency, &s); err == nil {
			d, err := time.ParseDuration(s)
			if err != nil {
				return fmt.Errorf("fault rule latency: %w", err)
			}
			r.Latency = d
			return nil
		}
		var secs float64
		if err := json.Unmarshal(j.Latency, &secs); err != nil {
			return errors.New(`fault rule latency must be a duration string such as "1.5s" or a number of seconds`)
		}
		r.Latency = time.Duration(secs * float64(time.Second))
	}
	return nil
}

// Validate reports what is wrong with the rule, if anything.
func (r FaultRule) Validate() error {
	switch r.Kind {
	case FaultError:
		if r.Code == "" {
			return errors.New("emulator: an error fault needs a Code")
		}
	case FaultHTTP:
		if r.HTTPStatus < 500 || r.HTTPStatus > 599 {
			return fmt.Errorf("emulator: an http fault needs an HTTPStatus between 500 and 599, got %d", r.HTTPStatus)
		}
	case FaultLatency:
		if r.Latency <= 0 || r.Latency > MaxFaultLatency {
			return fmt.Errorf("emulator: a latency fault needs a positive Latency of at most %s", MaxFaultLatency)
		}
	case FaultDrop, FaultApplyThenDrop:
	default:
		return fmt.Errorf("emulator: unknown fault kind %q (want error, http, drop, latency or applyThenDrop)", r.Kind)
	}
	triggers := 0
	if r.Every != 0 {
		triggers++
	}
	if r.First != 0 {
		triggers++
	}
	if r.Probability != 0 {
		triggers++
	}
	switch {
	case triggers > 1:
		return errors.New("emulator: a fault rule takes at most one of Every, First and Probability")
	case r.Every < 0 || r.First < 0:
		return errors.New("emulator: Every and First must not be negative")
	case r.Probability < 0 || r.Probability > 1 || r.Probability != r.Probability:
		return errors.New("emulator: Probability must be between 0 and 1")
	}
	return nil
}

// faultSet holds the rules. Guarded by Emulator.mu.
type faultSet struct {
	seed  int64
	seq   int
	rules []*faultEntry
}

type faultEntry struct {
	rule FaultRule
	rng  *rand.Rand
}

func (s *faultSet) add(r FaultRule) string {
	s.seq++
	r.ID = "fault-" + strconv.Itoa(s.seq)
	r.Calls, r.Fired = 0, 0
	s.rules = append(s.rules, &faultEntry{
		rule: r,
		rng:  rand.New(rand.NewPCG(uint64(s.seed), uint64(s.seq))),
	})
	return r.ID
}

func (s *faultSet) reset() {
	s.rules, s.seq = nil, 0
}

// match counts the call against every rule of the action and returns the
// first rule that fires (a copy), or nil.
func (s *faultSet) match(action string) *FaultRule {
	var fired *FaultRule
	for _, f := range s.rules {
		r := &f.rule
		if r.Action != "" && r.Action != action || r.Mutating && !isMutating(action) {
			continue
		}
		r.Calls++
		var fire bool
		switch {
		case r.Every > 0:
			fire = r.Calls%r.Every == 0
		case r.First > 0:
			fire = r.Calls <= r.First
		case r.Probability > 0:
			fire = f.rng.Float64() < r.Probability
		default:
			fire = true
		}
		if fire && fired == nil {
			r.Fired++
			c := *r
			fired = &c
		}
	}
	return fired
}

// isMutating reports whether an action may change something: every DTS
// action but the Describe… reads (STS AssumeRole counts as one).
func isMutating(action string) bool { return !strings.HasPrefix(action, "Describe") }

// AddFault adds a fault rule and returns its ID. It panics if the rule is
// invalid (check with FaultRule.Validate first when it comes from input).
func (e *Emulator) AddFault(r FaultRule) string {
	if err := r.Validate(); err != nil {
		panic(err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.faults.add(r)
}

// Faults returns the rules with their counters, in the order they apply.
func (e *Emulator) Faults() []FaultRule {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]FaultRule, len(e.faults.rules))
	for i, f := range e.faults.rules {
		out[i] = f.rule
	}
	return out
}

// ClearFaults removes every fault rule.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults.reset()
}
