package emulator

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"time"
)

// Durations that vary, and progress that is not linear (Options.Jitter).
//
// With jitter, every job gets a pace when it is bought: a seed derived from
// the emulator's seed and the job's ID, and the spread. From it the engine
// draws, for each status of each machine (keyed by machine and status, so a
// replay with the same seed and calls gives the same times):
//
//   - a factor in [1−spread, 1+spread] on the status's duration: an
//     automatic row's After (and an AfterFn's result when it is the row's
//     After, i.e. a duration rather than a set time), or the sum of the
//     status's steps. Timer rows (Timeout) and set times never vary;
//   - for a stepped status, how that duration splits between the steps: each
//     step's weight varies by up to three times the spread (at most ±75 %),
//     renormalized so that the steps still sum to the status's duration —
//     steps of different lengths;
//   - within each step, its work is made of 6–12 parts (tables of a full
//     load, items of a check step, chunks of a compared table) of different
//     sizes that go at different speeds: the step's progress (its nominal
//     work done, which every percentage is rendered from) grows piecewise
//     linearly, faster on some parts and slower on others, and reaches 100 %
//     exactly when the step's time is up.
//
// Without jitter (the deterministic modes by default) every pace is linear
// and every duration nominal × TimeScale.

// DefaultJitter is the spread of durations in realtime mode: ±20 %.
const DefaultJitter = 0.2

// maxJitter bounds Options.Jitter: a duration never shrinks to nothing.
const maxJitter = 0.9

// jitterOf is the spread Options.Jitter asks for in mode.
func jitterOf(j float64, mode Mode) (float64, error) {
	switch {
	case math.IsNaN(j) || j > maxJitter:
		return 0, fmt.Errorf("emulator: invalid jitter %v (want at most %v, 0 for the default, negative for none)", j, maxJitter)
	case j < 0:
		return 0, nil
	case j == 0 && mode == ModeRealtime:
		return DefaultJitter, nil
	}
	return j, nil
}

// pace is how one job's durations vary; nil: they do not.
type pace struct {
	Seed   uint64
	Spread float64
}

// newPace derives the pace of job id from the emulator's seed; nil when
// spread is 0.
func newPace(seed int64, id string, spread float64) *pace {
	if spread <= 0 {
		return nil
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(seed))
	sum := sha256.Sum256(append(append([]byte("pace\x00"), buf[:]...), id...))
	return &pace{Seed: binary.BigEndian.Uint64(sum[:8]), Spread: spread}
}

// draw is a number in [0, 1) drawn from the pace's seed and the parts.
func (p *pace) draw(f field, status string, parts ...int) float64 {
	h := fnv.New64a()
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], p.Seed)
	h.Write(buf[:])
	h.Write([]byte{byte(f)})
	h.Write([]byte(status))
	for _, n := range parts {
		binary.BigEndian.PutUint64(buf[:], uint64(n))
		h.Write(buf[:])
	}
	return float64(splitmix(h.Sum64())>>11) / (1 << 53)
}

// splitmix is the SplitMix64 finalizer: it spreads the bits of a hash.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// factor is the duration factor of status on machine f: 1 without a pace.
func (p *pace) factor(f field, status string) float64 {
	if p == nil {
		return 1
	}
	return 1 + p.Spread*(2*p.draw(f, status)-1)
}

// duration is a nominal duration d of status on machine f on the job clock.
func (p *pace) duration(f field, status string, d time.Duration, scale float64) time.Duration {
	return scaled(d, scale*p.factor(f, status))
}

// stepPace is how the nominal work of one step maps onto the job clock:
// the step's parts, as cumulative shares of its work and of its time, and
// the job-clock time per nominal unit of work, on average.
type stepPace struct {
	d    time.Duration // nominal duration
	rate float64       // job-clock time per nominal time
	work []float64     // cumulative work share at the end of each part; the last is 1
	time []float64     // cumulative time share at the end of each part; the last is 1
}

// linear is the pace of a step without parts.
func linear(d time.Duration, rate float64) stepPace {
	return stepPace{d: d, rate: rate, work: []float64{1}, time: []float64{1}}
}

// paces returns the pace of each of the steps of status on machine f.
func (p *pace) paces(f field, status string, steps []stepDef, scale float64) []stepPace {
	out := make([]stepPace, len(steps))
	if p == nil {
		for k, s := range steps {
			out[k] = linear(s.Duration, scale)
		}
		return out
	}
	spread := min(3*p.Spread, 0.75)
	weights := make([]float64, len(steps))
	var nominal, weighted float64
	for k, s := range steps {
		if s.Endless {
			continue
		}
		weights[k] = 1 + spread*(2*p.draw(f, status, k)-1)
		nominal += float64(s.Duration)
		weighted += float64(s.Duration) * weights[k]
	}
	norm := 1.0
	if weighted > 0 {
		norm = nominal / weighted
	}
	factor := p.factor(f, status)
	for k, s := range steps {
		if s.Endless {
			out[k] = linear(0, scale)
			continue
		}
		out[k] = p.parts(f, status, k, s.Duration, scale*factor*weights[k]*norm)
	}
	return out
}

// parts draws the parts of step k: 6–12 of them, of sizes that differ by up
// to a factor of 12, each going at 0.5–1.5 times the step's mean speed.
func (p *pace) parts(f field, status string, k int, d time.Duration, rate float64) stepPace {
	n := 6 + int(p.draw(f, status, k, -1)*7)
	size := make([]float64, n)
	cost := make([]float64, n)
	var sizes, costs float64
	for i := range n {
		size[i] = math.Exp(2.5 * p.draw(f, status, k, i, 0))
		cost[i] = size[i] * (0.5 + p.draw(f, status, k, i, 1))
		sizes += size[i]
		costs += cost[i]
	}
	s := stepPace{d: d, rate: rate, work: make([]float64, n), time: make([]float64, n)}
	var w, t float64
	for i := range n {
		w += size[i] / sizes
		t += cost[i] / costs
		s.work[i], s.time[i] = w, t
	}
	s.work[n-1], s.time[n-1] = 1, 1
	return s
}

// interpolate maps a share of a step's work (0–1) to the share of its time
// at which it is done, or the reverse: from and to are the cumulative
// shares of the parts.
func interpolate(x float64, from, to []float64) float64 {
	x = min(max(x, 0), 1)
	var x0, y0 float64
	for i := range from {
		if x <= from[i] {
			if from[i] == x0 {
				return to[i]
			}
			return y0 + (x-x0)/(from[i]-x0)*(to[i]-y0)
		}
		x0, y0 = from[i], to[i]
	}
	return 1
}

// span is the job-clock time the step's nominal work [from, d) takes.
func (s stepPace) span(from time.Duration) time.Duration {
	if s.d <= 0 {
		return 0
	}
	if len(s.work) == 1 {
		return scaled(s.d-from, s.rate)
	}
	left := 1 - interpolate(float64(from)/float64(s.d), s.work, s.time)
	return time.Duration(left * float64(s.d) * s.rate)
}

// after is the nominal work done once the step, at from, has run for
// elapsed more on the job clock (at most d; the caller checked span).
func (s stepPace) after(from, elapsed time.Duration) time.Duration {
	if len(s.work) == 1 {
		return from + unscaled(elapsed, s.rate)
	}
	t := interpolate(float64(from)/float64(s.d), s.work, s.time) + float64(elapsed)/(float64(s.d)*s.rate)
	return min(time.Duration(interpolate(t, s.time, s.work)*float64(s.d)), s.d)
}
