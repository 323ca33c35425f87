package ucpaastest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Simulator is the simulated platform as an http.Handler. It is safe for concurrent use; its
// setters may be called while it serves. Create it with NewSimulator (or NewServer).
type Simulator struct {
	cfg     config
	handler http.Handler // serve, wrapped by the configured middlewares

	mu         sync.Mutex
	accounts   map[string]*account
	faults     map[string]*faultState
	blacklist  map[string]bool
	rng        *rand.Rand
	nextClient int

	done      chan struct{}
	closeOnce sync.Once
}

// NewSimulator returns a simulator configured by opts.
func NewSimulator(opts ...Option) *Simulator {
	cfg := newConfig(opts)
	s := &Simulator{
		cfg:       cfg,
		accounts:  make(map[string]*account, len(cfg.accounts)),
		faults:    make(map[string]*faultState, len(cfg.faults)),
		blacklist: setOf(cfg.blacklist),
		rng:       rand.New(rand.NewPCG(cfg.seed, cfg.seed^0x9e3779b97f4a7c15)),
		done:      make(chan struct{}),
	}
	now := Timestamp(cfg.now())
	for _, a := range cfg.accounts {
		st := newAccount(a)
		for _, c := range a.SubAccounts {
			s.fillClient(st.clients[c.Number], now)
		}
		s.accounts[a.SID] = st
	}
	for op, f := range cfg.faults {
		s.faults[op] = newFaultState(f)
	}
	var h http.Handler = http.HandlerFunc(s.serve)
	for i := len(cfg.middlewares) - 1; i >= 0; i-- {
		h = cfg.middlewares[i](h)
	}
	s.handler = h
	return s
}

// ServeHTTP answers one request as the platform would, through the configured middlewares.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Close ends every wait on an injected latency at once. The simulator still answers afterwards,
// without latency. Close may be called more than once.
func (s *Simulator) Close() {
	s.closeOnce.Do(func() { close(s.done) })
}

// SetFault sets the fault of an operation (AllOperations or "" for every operation without a
// fault of its own), replacing the one it had and restarting its Sequence. The zero Fault removes
// it.
func (s *Simulator) SetFault(op string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := faultKey(op)
	if f.isZero() {
		delete(s.faults, key)
		return
	}
	s.faults[key] = newFaultState(f)
}

// SetBalance sets an account's balance in fen; it reports whether the account exists.
func (s *Simulator) SetBalance(sid string, fen int64) bool {
	return s.withAccount(sid, func(a *account) { a.Balance = fen })
}

// TopUp adds fen to an account's balance (a negative amount takes money away) and returns the new
// balance; it reports whether the account exists. Account-info replies show the new balance at
// once, and calls refused for money (100001) go through again once it covers them.
func (s *Simulator) TopUp(sid string, fen int64) (int64, bool) {
	var balance int64
	found := s.withAccount(sid, func(a *account) {
		a.Balance += fen
		balance = a.Balance
	})
	return balance, found
}

// SetBlacklist replaces the blacklist: SMS to these numbers are refused with 105107 (黑名单), per
// recipient in a batch send (send_sms_batch), for the whole request otherwise. No numbers empties
// it.
func (s *Simulator) SetBlacklist(numbers ...string) {
	set := setOf(numbers)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blacklist = set
}

// setOf returns the set of list's values, white space trimmed.
func setOf(list []string) map[string]bool {
	set := make(map[string]bool, len(list))
	for _, v := range list {
		set[strings.TrimSpace(v)] = true
	}
	return set
}

// Balance returns an account's balance in fen and whether the account exists.
func (s *Simulator) Balance(sid string) (int64, bool) {
	var fen int64
	found := s.withAccount(sid, func(a *account) { fen = a.Balance })
	return fen, found
}

// SetAccountStatus sets an account's state; it reports whether the account exists.
func (s *Simulator) SetAccountStatus(sid string, st Status) bool {
	return s.withAccount(sid, func(a *account) { a.Status = st })
}

// SetToken replaces an account's token (a rotated token); it reports whether the account exists.
func (s *Simulator) SetToken(sid, token string) bool {
	return s.withAccount(sid, func(a *account) { a.Token = token })
}

// withAccount calls fn with the account sid under the lock; it reports whether the account exists.
func (s *Simulator) withAccount(sid string, fn func(*account)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, found := s.accounts[sid]
	if found {
		fn(a)
	}
	return found
}

// serve waits for the answer time (WithLatency), then routes a request to its family.
func (s *Simulator) serve(w http.ResponseWriter, r *http.Request) {
	if !s.delay(r) {
		return
	}
	rt := routeOf(r)
	switch {
	case rt.op == "":
		s.writeNotServed(w, rt)
	case rt.family == familyA:
		s.serveFamilyA(w, r, rt)
	case rt.family == familyB:
		s.serveFamilyB(w, r, rt.op)
	default:
		s.serveFamilyC(w, r, rt.op)
	}
}

// The codes of requests the simulator cannot take as they are. The platform's table has no code
// for "no such path" or "malformed body"; these are the closest, documented in doc.go.
const (
	// codeNotServed (100007 查无数据, not_found) answers a path or method the simulator does not
	// serve.
	codeNotServed = "100007"
	// codeBadVersion (101107 请求地址SoftVersion参数有误) answers a family A path whose version
	// segment is not one the platform has.
	codeBadVersion = "101107"
	// codeMalformed (100003 不允许有空值, validation) answers a request body that does not decode.
	codeMalformed = "100003"
)

// writeNotServed answers a path or method the simulator does not serve, HTTP 200 in the format of
// the family the path belongs to (family A when it belongs to none), with an Allow header when
// only the method was wrong.
func (s *Simulator) writeNotServed(w http.ResponseWriter, rt route) {
	if rt.allow != "" {
		w.Header().Set("Allow", rt.allow)
	}
	switch rt.family {
	case familyA:
		writeFamilyA(w, rt.asXML, fail(rt.code))
	case familyB:
		writeFlatJSON(w, []field{{"code", rt.code}, {"msg", s.message(rt.code)}, {"uid", ""}})
	default:
		writeFlatJSON(w, []field{{"code", rt.code}, {"msg", s.message(rt.code)}})
	}
}

// fault picks the fault code ("" for none) and latency of an operation.
func (s *Simulator) fault(op string) (string, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faultOf(op)
	if f == nil {
		return "", 0
	}
	return f.pick(s.rng), f.Latency
}

// faultOf returns the fault of op, else the one of AllOperations, else nil; the caller holds the
// lock.
func (s *Simulator) faultOf(op string) *faultState {
	if f, found := s.faults[op]; found {
		return f
	}
	return s.faults[AllOperations]
}

// wait sleeps for d; it reports false when the request's context ended first. Close ends the
// wait early (and reports true: the request is answered).
func (s *Simulator) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.done:
		return true
	case <-ctx.Done():
		return false
	}
}

// newID returns 32 hex digits from the seeded randomness; the caller holds the lock.
func (s *Simulator) newID() string {
	return fmt.Sprintf("%016x%016x", s.rng.Uint64(), s.rng.Uint64())
}

// fillClient gives a sub-account its generated secrets; the caller holds the lock (or owns c).
func (s *Simulator) fillClient(c *client, createDate string) {
	c.pwd = s.newID()[:8]
	c.loginToken = s.newID()
	c.createDate = createDate
}
