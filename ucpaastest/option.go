package ucpaastest

import (
	"net/http"
	"time"
)

// Option configures NewSimulator and NewServer.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	accounts    []Account
	smsPrice    int64
	callPrice   int64
	now         func() time.Time
	seed        uint64
	faults      map[string]Fault
	middlewares []func(http.Handler) http.Handler
	messages    func(code string) string
	maxAge      time.Duration
	blacklist   []string
	latency     Latency
}

// Default prices in fen and the timestamp validity window.
const (
	DefaultSMSPrice  int64 = 5  // fen per SMS recipient
	DefaultCallPrice int64 = 10 // fen per call
	// DefaultMaxAge is how far a request's timestamp may be from the simulator's clock before the
	// platform answers 101106.
	DefaultMaxAge = 50 * time.Minute
)

func newConfig(opts []Option) config {
	c := config{
		smsPrice:  DefaultSMSPrice,
		callPrice: DefaultCallPrice,
		now:       time.Now,
		seed:      1,
		faults:    map[string]Fault{},
		maxAge:    DefaultMaxAge,
	}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	if len(c.accounts) == 0 {
		c.accounts = []Account{DefaultAccount()}
	}
	return c
}

// WithAccount adds an account. Default: without any WithAccount the simulator has
// DefaultAccount(); with one, it has exactly the accounts given. A later account with the same SID
// replaces an earlier one. The zero Account adds an account no request can authenticate as (it
// has no SID).
func WithAccount(a Account) Option {
	return optionFunc(func(c *config) { c.accounts = append(c.accounts, a) })
}

// WithPrices sets what one SMS (per recipient) and one call (voice code, voice notify, callback)
// cost, in fen. Default: DefaultSMSPrice and DefaultCallPrice. Zero makes them free; negative
// prices count as zero.
func WithPrices(sms, call int64) Option {
	return optionFunc(func(c *config) {
		c.smsPrice, c.callPrice = max(sms, 0), max(call, 0)
	})
}

// WithClock sets the simulator's clock, used to check request timestamps and to date replies.
// Default: time.Now. Nil keeps the default.
func WithClock(now func() time.Time) Option {
	return optionFunc(func(c *config) {
		if now != nil {
			c.now = now
		}
	})
}

// WithSeed seeds the simulator's randomness (fault mixes, latency draws and generated ids), so
// runs repeat. Default: 1, so without this option every run is the same. Zero is a seed like any
// other.
func WithSeed(seed uint64) Option {
	return optionFunc(func(c *config) { c.seed = seed })
}

// WithFault sets the fault of an operation from the start, as [Simulator.SetFault] does.
// Default: no faults. The zero Fault removes the fault an earlier WithFault gave op.
func WithFault(op string, f Fault) Option {
	return optionFunc(func(c *config) {
		if f.isZero() {
			delete(c.faults, faultKey(op))
			return
		}
		c.faults[faultKey(op)] = f
	})
}

// WithMiddleware wraps the simulator's handler, for instance with middleware.NewHandler so that
// the simulator's own traffic is observed (server-side metrics, logs and spans). Several
// middlewares nest in the order given: the first is the outermost. Default: none. Nil is ignored.
func WithMiddleware(mw func(http.Handler) http.Handler) Option {
	return optionFunc(func(c *config) {
		if mw != nil {
			c.middlewares = append(c.middlewares, mw)
		}
	})
}

// WithMessages sets where family B replies take their "msg" text from; a code for which fn returns
// "" falls back to the simulator's own short table (e.g. pass a lookup in codes.Default()).
// Default: the simulator's own table only, as nil gives.
func WithMessages(fn func(code string) string) Option {
	return optionFunc(func(c *config) { c.messages = fn })
}

// WithMaxAge sets how far a family A timestamp may be from the simulator's clock (either way),
// or from the clock shifted as the platform's SDKs shift it (72 minutes ahead, 8 hours behind; see
// the package documentation), before the simulator answers 101106. Default: DefaultMaxAge. Zero
// or less keeps the default.
func WithMaxAge(d time.Duration) Option {
	return optionFunc(func(c *config) {
		if d > 0 {
			c.maxAge = d
		}
	})
}

// WithBlacklist sets the numbers SMS are refused to from the start (105107), as
// [Simulator.SetBlacklist] does. Default: none. Several WithBlacklist options add up; no numbers
// adds none.
func WithBlacklist(numbers ...string) Option {
	return optionFunc(func(c *config) { c.blacklist = append(c.blacklist, numbers...) })
}
