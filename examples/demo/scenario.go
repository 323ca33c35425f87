package main

import (
	"slices"
	"time"

	"github.com/ucpobs/ucpobs/ucpaastest"
)

// scenario is one story the demo can play: how the simulated platform behaves and how the
// calling hosts are configured.
type scenario struct {
	// summary is printed when the demo starts.
	summary string
	// alerts says which alerts of monitoring/rules the story raises, and when; printed when the
	// demo starts (monitoring/run-local.sh repeats it) and checked by monitoring/e2e.
	alerts string
	// balance is the account's starting balance in fen, unless lasts is set.
	balance int64
	// lasts, when above 0, sets the starting balance to what the traffic spends in that time at
	// the demo's -rate, so that the balance falls steadily and runs out then.
	lasts time.Duration
	// token is the account's token on the platform (DefaultToken unless rotated).
	token string
	// faults are the simulator's scripted faults by operation.
	faults map[string]ucpaastest.Fault
	// host says how worker i is configured.
	host func(i int) host
	// topUp, when above 0, is the balance in fen put on the account -topup-after the first call
	// refused for lack of balance.
	topUp int64
}

// host is one calling host's configuration.
type host struct {
	token string        // the token it signs with
	skew  time.Duration // how far its clock is off
	xml   bool          // whether it speaks XML to family A
}

// plenty is a balance the traffic of a day cannot spend (10 million yuan in fen).
const plenty = 1_000_000_000

// rotatedToken is the token of the auth-broken story after rotation; the hosts still signing
// with ucpaastest.DefaultToken get 101116 (family A) and 101115 (family B).
const rotatedToken = "0000000000000000000000000000cafe"

// healthyHost is worker i on a well-configured host; one worker in four speaks XML.
func healthyHost(i int) host {
	return host{token: ucpaastest.DefaultToken, xml: i%4 == 3}
}

// scenarios are the stories by name.
var scenarios = map[string]scenario{
	"mixed": {
		summary: "everyday traffic of every family (A JSON and XML, A' conference and IM groups, B, C): some bad requests, " +
			"content and rate-limit refusals, batch sends with failing recipients (100006, 105138, 10% 105107), 2% platform faults (100699)",
		alerts: "nothing critical; " +
			"UcpaasFailureRatioHigh (warning) after about 10 minutes (the demo's calling code gets a tenth of its calls wrong); UcpaasRateLimited, UcpaasRecipientFailuresHigh and UcpaasPlatformErrors (warnings) hover near their thresholds",
		balance: plenty,
		token:   ucpaastest.DefaultToken,
		faults: map[string]ucpaastest.Fault{
			ucpaastest.AllOperations: {Mix: map[string]float64{"100699": 0.02}},
			"template_sms":           {Mix: map[string]float64{"100699": 0.02, "105108": 0.03, "105130": 0.03}},
			"send_sms":               {Mix: map[string]float64{"100699": 0.02, "105107": 0.02, "105131": 0.03}},
			"voice_code":             {Mix: map[string]float64{"100699": 0.02, "104113": 0.03}},
			"send_sms_batch":         {Mix: map[string]float64{"100699": 0.02}, Recipients: map[string]float64{"105107": 0.1}},
		},
		host: healthyHost,
	},
	"balance-exhausted": {
		summary: "the balance falls with every SMS and call, runs out after 5 minutes and nobody tops it up: " +
			"余额不足 (100001) from then on",
		alerts: "UcpaasBalanceLow (warning) after about 5 minutes, while money is left; " +
			"UcpaasBalanceInsufficient (critical) about a minute after it runs out (after 6 minutes or so); UcpaasFailureRatioHigh (warning) after about 10 minutes (the demo's calling code gets a tenth of its calls wrong)",
		lasts: 5 * time.Minute,
		token: ucpaastest.DefaultToken,
		host:  healthyHost,
	},
	"balance-topup": {
		summary: "the account starts with 1 yuan: 余额不足 (100001) within seconds, until somebody tops it up " +
			"(-topup-after): the balance alert fires, then resolves",
		alerts: "UcpaasBalanceInsufficient (critical) after about 70 s, resolved about 5 minutes after the top-up; " +
			"UcpaasFailureRatioHigh (warning) after about 10 minutes (the demo's calling code gets a tenth of its calls wrong)",
		balance: 100,
		token:   ucpaastest.DefaultToken,
		host:    healthyHost,
		topUp:   plenty,
	},
	"auth-broken": {
		summary: "the token was rotated but half the hosts still sign with the old one (101116, 101115); " +
			"the other half have the new token and a clock 55 minutes slow (101106)",
		alerts:  "UcpaasAuthFailing (critical) after about 70 s; UcpaasFailureRatioHigh (warning) after about 10 minutes (the demo's calling code gets a tenth of its calls wrong)",
		balance: plenty,
		token:   rotatedToken,
		host: func(i int) host {
			h := healthyHost(i)
			if i%2 == 0 {
				return h // the old token
			}
			h.token, h.skew = rotatedToken, -55*time.Minute
			return h
		},
	},
	"platform-outage": {
		summary: "the platform fails a third of the calls (100699, 100500; SMS also 105100) and answers in 0.3–0.5 s",
		alerts:  "UcpaasPlatformErrors (warning) after about 5 minutes; UcpaasFailureRatioHigh (warning) after about 10 minutes (the demo's calling code gets a tenth of its calls wrong)",
		balance: plenty,
		token:   ucpaastest.DefaultToken,
		faults: map[string]ucpaastest.Fault{
			ucpaastest.AllOperations: {Mix: map[string]float64{"100699": 0.2, "100500": 0.1}, Latency: 300 * time.Millisecond},
			"template_sms":           {Mix: map[string]float64{"100699": 0.15, "100500": 0.1, "105100": 0.1}, Latency: 500 * time.Millisecond},
			"send_sms":               {Mix: map[string]float64{"100699": 0.15, "100500": 0.1, "105100": 0.1}, Latency: 500 * time.Millisecond},
		},
		host: healthyHost,
	},
}

// scenarioNames returns the scenario names, mixed first.
func scenarioNames() []string {
	names := []string{"mixed"}
	for name := range scenarios {
		if name != "mixed" {
			names = append(names, name)
		}
	}
	slices.Sort(names[1:])
	return names
}

// spendPerCall is what the demo's traffic costs on average, in fen per call, at the simulator's
// default prices (TestBalanceLastsAsPlanned measures it).
const spendPerCall = 8.0

// simulatorOptions configures the simulated platform for s, with traffic of rate calls a second.
func (s scenario) simulatorOptions(rate int) []ucpaastest.Option {
	acct := ucpaastest.DefaultAccount()
	acct.Balance = s.balance
	if s.lasts > 0 {
		acct.Balance = int64(float64(rate) * s.lasts.Seconds() * spendPerCall)
	}
	acct.Token = s.token
	opts := []ucpaastest.Option{ucpaastest.WithAccount(acct)}
	for op, f := range s.faults {
		opts = append(opts, ucpaastest.WithFault(op, f))
	}
	return opts
}
