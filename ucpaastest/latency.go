package ucpaastest

import (
	"math"
	"math/rand/v2"
	"net/http"
	"time"
)

// z99 is the 99th percentile of the standard normal distribution.
const z99 = 2.3263478740408408

// Latency is how long the simulator takes to answer every request, drawn per request from a
// log-normal distribution: half the answers take less than Median, 99% less than P99, and a few
// take longer (the tail a real platform reached over the internet has). The zero Latency answers
// at once.
//
// The delay comes before anything else (authentication failures take as long as successes) and
// adds to a Fault's Latency. A request whose context ends meanwhile gets no answer; Close ends the
// waits at once. The draws come from the simulator's seeded randomness (WithSeed).
type Latency struct {
	// Median is the typical answer time; zero or less means no delay.
	Median time.Duration
	// P99 is the answer time 99% of the requests stay under. Below Median it counts as Median:
	// every answer then takes Median exactly.
	P99 time.Duration
}

// WithLatency delays every answer by a draw from l; see [Latency]. Default: no delay, as the zero
// Latency gives.
func WithLatency(l Latency) Option {
	return optionFunc(func(c *config) { c.latency = l })
}

// draw returns one answer time.
func (l Latency) draw(rng *rand.Rand) time.Duration {
	if l.Median <= 0 {
		return 0
	}
	if l.P99 <= l.Median {
		return l.Median
	}
	sigma := math.Log(float64(l.P99)/float64(l.Median)) / z99
	return time.Duration(float64(l.Median) * math.Exp(sigma*rng.NormFloat64()))
}

// delay waits for the answer time of one request; it reports false when the request's context
// ended first.
func (s *Simulator) delay(r *http.Request) bool {
	if s.cfg.latency.Median <= 0 {
		return true
	}
	s.mu.Lock()
	d := s.cfg.latency.draw(s.rng)
	s.mu.Unlock()
	return s.wait(r.Context(), d)
}
