package metrics

import (
	"maps"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// counterRef and observerRef box a child series so that it can sit behind an atomic pointer.
type (
	counterRef  struct{ c prometheus.Counter }
	observerRef struct{ o prometheus.Observer }
)

// counterSlot holds one child of a CounterVec, resolved on first use (or at New).
type counterSlot struct{ p atomic.Pointer[counterRef] }

// get returns the child for the label values (op, category), creating it on first use.
func (s *counterSlot) get(vec *prometheus.CounterVec, op, category string) prometheus.Counter {
	if r := s.p.Load(); r != nil {
		return r.c
	}
	return s.resolve(vec, op, category)
}

// resolve creates the child. Two goroutines racing here get the same child from the vec.
func (s *counterSlot) resolve(vec *prometheus.CounterVec, op, category string) prometheus.Counter {
	r := &counterRef{c: vec.WithLabelValues(op, category)}
	s.p.Store(r)
	return r.c
}

// observerSlot holds one child of a HistogramVec, resolved on first use.
type observerSlot struct{ p atomic.Pointer[observerRef] }

// get returns the child for the label values (op, category), creating it on first use.
func (s *observerSlot) get(vec *prometheus.HistogramVec, op, category string) prometheus.Observer {
	if r := s.p.Load(); r != nil {
		return r.o
	}
	return s.resolve(vec, op, category)
}

// resolve creates the child. Two goroutines racing here get the same child from the vec.
func (s *observerSlot) resolve(vec *prometheus.HistogramVec, op, category string) prometheus.Observer {
	r := &observerRef{o: vec.WithLabelValues(op, category)}
	s.p.Store(r)
	return r.o
}

// codeTable holds the failure counters of one (operation, category) pair, keyed by code label.
// Readers load an immutable map without locking; a new code copies the map under mu. The codes of
// one category are few, so copies are cheap and rare.
type codeTable struct {
	mu sync.Mutex
	m  atomic.Pointer[map[string]prometheus.Counter]
}

// get returns the failure counter for (op, code, category), creating it on first use.
func (t *codeTable) get(vec *prometheus.CounterVec, op, code, category string) prometheus.Counter {
	if m := t.m.Load(); m != nil {
		if c, ok := (*m)[code]; ok {
			return c
		}
	}
	return t.resolve(vec, op, code, category)
}

func (t *codeTable) resolve(vec *prometheus.CounterVec, op, code, category string) prometheus.Counter {
	t.mu.Lock()
	defer t.mu.Unlock()
	var next map[string]prometheus.Counter
	if m := t.m.Load(); m != nil {
		if c, ok := (*m)[code]; ok {
			return c
		}
		next = maps.Clone(*m)
	} else {
		next = make(map[string]prometheus.Counter, 1)
	}
	c := vec.WithLabelValues(op, code, category)
	next[code] = c
	t.m.Store(&next)
	return c
}
