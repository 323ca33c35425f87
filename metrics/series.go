package metrics

import (
	"maps"
	"sync"
	"sync/atomic"
)

// slot holds one child of a vector (T is prometheus.Counter or prometheus.Observer), resolved on
// first use.
type slot[T any] struct{ p atomic.Pointer[T] }

// get returns the child, calling create (which gets it from its vector) on first use. Two
// goroutines racing to create it get the same child from the vector.
func (s *slot[T]) get(create func() T) T {
	if c := s.p.Load(); c != nil {
		return *c
	}
	c := create()
	s.p.Store(&c)
	return c
}

// table maps a label value to what was created for it (an operation's series, a failure
// counter of one code). Readers load an immutable map without locking; a new key copies the map
// under mu. Keys are few (operations, codes of one category), so copies are cheap and rare.
type table[V any] struct {
	mu sync.Mutex
	m  atomic.Pointer[map[string]V]
}

// get returns the value of key, calling create for it on first use (once, whatever the
// concurrency).
func (t *table[V]) get(key string, create func() V) V {
	if m := t.m.Load(); m != nil {
		if v, ok := (*m)[key]; ok {
			return v
		}
	}
	return t.resolve(key, create)
}

func (t *table[V]) resolve(key string, create func() V) V {
	t.mu.Lock()
	defer t.mu.Unlock()
	var next map[string]V
	if m := t.m.Load(); m != nil {
		if v, ok := (*m)[key]; ok {
			return v
		}
		next = maps.Clone(*m)
	} else {
		next = make(map[string]V, 1)
	}
	v := create()
	next[key] = v
	t.m.Store(&next)
	return v
}
