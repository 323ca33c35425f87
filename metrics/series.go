package metrics

import (
	"maps"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// slot holds one child of a vector (T is prometheus.Counter or prometheus.Observer), resolved on
// first use (or at New).
type slot[T any] struct{ p atomic.Pointer[T] }

// get returns the child for the label values (op, category), creating it on first use. Two
// goroutines racing to create it get the same child from the vec.
func (s *slot[T]) get(vec interface{ WithLabelValues(...string) T }, op, category string) T {
	if c := s.p.Load(); c != nil {
		return *c
	}
	c := vec.WithLabelValues(op, category)
	s.p.Store(&c)
	return c
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
