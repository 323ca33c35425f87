package ucpaastest

import (
	"net/http"
	"time"
)

// Option configures a Simulator (and a Server).
type Option func(*config)

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
			o(&c)
		}
	}
	if len(c.accounts) == 0 {
		c.accounts = []Account{DefaultAccount()}
	}
	return c
}

// WithAccount adds an account. Without any WithAccount the simulator has DefaultAccount(); with
// one, it has exactly the accounts given. A later account with the same SID replaces an earlier one.
func WithAccount(a Account) Option {
	return func(c *config) { c.accounts = append(c.accounts, a) }
}

// WithPrices sets what one SMS (per recipient) and one call (voice code, voice notify, callback)
// cost, in fen. Negative prices count as zero.
func WithPrices(sms, call int64) Option {
	return func(c *config) {
		c.smsPrice, c.callPrice = max(sms, 0), max(call, 0)
	}
}

// WithClock sets the simulator's clock, used to check request timestamps and to date replies.
// The default is time.Now; nil keeps the default.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithSeed seeds the simulator's randomness (fault mixes and generated ids), so runs repeat. The
// default seed is 1: without this option every run is the same.
func WithSeed(seed uint64) Option {
	return func(c *config) { c.seed = seed }
}

// WithFault sets the fault of an operation from the start; see Simulator.SetFault.
func WithFault(op string, f Fault) Option {
	return func(c *config) { c.faults[faultKey(op)] = f }
}

// WithMiddleware wraps the simulator's handler, for instance with middleware.NewHandler so that the
// simulator's own traffic is observed (server-side metrics, logs and spans). Several middlewares
// nest in the order given: the first is the outermost.
func WithMiddleware(mw func(http.Handler) http.Handler) Option {
	return func(c *config) {
		if mw != nil {
			c.middlewares = append(c.middlewares, mw)
		}
	}
}

// WithMessages sets where family B replies take their "msg" text from; a code for which fn returns
// "" falls back to the simulator's own short table (e.g. pass a lookup in the codes catalog).
func WithMessages(fn func(code string) string) Option {
	return func(c *config) { c.messages = fn }
}

// WithMaxAge sets how far a family A timestamp may be from the simulator's clock (either way),
// or from the clock shifted as the platform's SDKs shift it (72 minutes ahead, 8 hours behind; see
// the package documentation), before the simulator answers 101106. The default is DefaultMaxAge;
// zero or less keeps it.
func WithMaxAge(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.maxAge = d
		}
	}
}

// WithBlacklist sets the numbers SMS are refused to from the start (105107); see
// Simulator.SetBlacklist. Several WithBlacklist options add up.
func WithBlacklist(numbers ...string) Option {
	return func(c *config) { c.blacklist = append(c.blacklist, numbers...) }
}
