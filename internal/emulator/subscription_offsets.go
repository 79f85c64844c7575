package emulator

import (
	"math"
	"time"
)

// The synthetic Kafka topic of a subscription and the offsets of its
// consumer groups, a deterministic model on the job clock (README.md,
// "Offsets, lag and latency"):
//
//   - partition p of the topic receives producedPerSecond(p) = 10 + p
//     messages per (nominal) second while the subscription produces: while
//     its SubsStatus is running and its Status normal (or post2PrePayIng);
//     its end offset (latest) is the number of messages produced so far;
//   - the topic keeps messages for topicRetention (24 h): the earliest
//     offset is the end offset of 24 hours ago;
//   - a consumer group consumes consumedPerSecond (50) messages per second
//     and partition while it is Stable, never beyond the end offset: it
//     catches up, then keeps up (lag 0).
//
// Durations are nominal: in realtime mode with a TimeScale the rates apply
// to scaled time, like every other duration.

const (
	// producedBase is partition 0's rate; partition p gets one more
	// message per second per partition number, so partitions differ.
	producedBase = 10
	// consumedPerSecond is a Stable group's consumption rate per partition.
	consumedPerSecond = 50
	// topicRetention is how long the topic keeps messages.
	topicRetention = 24 * time.Hour
)

// producedPerSecond is the production rate of partition p.
func producedPerSecond(p int) float64 { return float64(producedBase + p) }

// span is an interval of the job clock; a zero To means it is still open.
type span struct {
	From time.Time
	To   time.Time `json:",omitzero"`
}

// spans are the intervals during which something happened (a subscription
// produced, a group was Stable), in order.
type spans []span

// track opens an interval at at when on and none is open, and closes the
// open one when off.
func (s *spans) track(on bool, at time.Time) {
	open := len(*s) > 0 && (*s)[len(*s)-1].To.IsZero()
	switch {
	case on && !open:
		*s = append(*s, span{From: at})
	case !on && open:
		(*s)[len(*s)-1].To = at
	}
}

// clip yields the parts of the intervals within [from, to].
func (s spans) clip(from, to time.Time, yield func(a, b time.Time)) {
	for _, sp := range s {
		a, b := sp.From, sp.To
		if b.IsZero() || b.After(to) {
			b = to
		}
		if a.Before(from) {
			a = from
		}
		if b.After(a) {
			yield(a, b)
		}
	}
}

// within is the nominal time the intervals cover up to t.
func (s spans) within(t time.Time, scale float64) time.Duration {
	var d time.Duration
	s.clip(time.Time{}, t, func(a, b time.Time) { d += b.Sub(a) })
	return unscaled(d, scale)
}

// count is the number of messages of a rate in a nominal duration.
func count(d time.Duration, rate float64) int64 { return int64(math.Floor(d.Seconds() * rate)) }

// partitions is the number of partitions of the subscription's topic.
func (j *subscription) partitions() int {
	if k := j.config().KafkaConfig; k != nil && deref(k.NumberOfPartitions) > 0 {
		return int(*k.NumberOfPartitions)
	}
	return 1
}

// endOffset is the end (latest) offset of partition p at t.
func (j *subscription) endOffset(p int, t time.Time, scale float64) int64 {
	return count(j.Produced.within(t, scale), producedPerSecond(p))
}

// earliestOffset is the earliest offset of partition p at t: what was
// produced more than topicRetention before t is gone.
func (j *subscription) earliestOffset(p int, t time.Time, scale float64) int64 {
	return j.endOffset(p, t.Add(-scaled(topicRetention, scale)), scale)
}

// offsetAt is the offset of partition p nearest before t, within what the
// topic holds at now (DescribeOffsetByTime, a datetime reset): the latest
// offset for a time after now, the earliest for a time before the
// retention.
func (j *subscription) offsetAt(p int, t, now time.Time, scale float64) int64 {
	if t.After(now) {
		return j.endOffset(p, now, scale)
	}
	return max(j.endOffset(p, t, scale), j.earliestOffset(p, now, scale))
}

// producedAt is when message x of partition p was produced, by now (the
// zero time when it has not been).
func (j *subscription) producedAt(p int, x int64, now time.Time, scale float64) time.Time {
	need := time.Duration(float64(x+1) / producedPerSecond(p) * float64(time.Second))
	var at time.Time
	done := false
	j.Produced.clip(time.Time{}, now, func(a, b time.Time) {
		if done {
			return
		}
		if d := unscaled(b.Sub(a), scale); d < need {
			need -= d
			return
		}
		at, done = a.Add(scaled(need, scale)), true
	})
	return at
}
