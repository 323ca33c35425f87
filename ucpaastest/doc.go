// Package ucpaastest is a simulator of the UCPaaS (云之讯) cloud-communications platform, for tests
// and demos, in the spirit of net/http/httptest.
//
// NewServer starts a simulator on a loopback port; NewSimulator returns the same thing as a plain
// http.Handler to serve wherever you like. It answers as the platform does: HTTP 200 with the
// outcome as a six-digit return code in the body, for
//
//   - family A (https://api.ucpaas.com/2014-06-30/Accounts/{sid}/…), JSON or XML chosen by a
//     ".json"/".xml" path suffix, else by Accept, else by Content-Type (JSON by default): account
//     info, template SMS, voice code, voice notify, callback, create/query/drop/list clients;
//   - family B (https://open.ucpaas.com/ol/sms/sendsms and sendsms_batch), flat JSON with "code"
//     and "msg", credentials in the JSON body. sendsms_batch answers the real batch shape
//     {"count_sum","create_date","uid","report":[{"count","code","msg","smsid","mobile"},…],"code","msg"},
//     the top-level code after the report, with one report element per recipient: 100006 for a
//     number that is not a mainland mobile, 105138 for a number repeated in the batch, 105107 for
//     a blacklisted one (WithBlacklist, SetBlacklist), else accepted. Only accepted recipients are
//     charged and counted in count_sum; the top-level code is 000000 when some were accepted,
//     100001/100019 when the money does not cover them (then each of them carries that code too
//     and nothing is sent), the first recipient's code when none was.
//
// Requests are checked the way the platform checks them, with the platform's codes: the
// Authorization header and sig parameter (101100–101117), the account's status (101108–101111),
// the application (102100, 102102), templates (105110–105118), phone numbers (100006, 100008,
// 105120), sub-accounts (103xxx) and money: every SMS (per recipient) and every call costs the
// account's balance, and a request that cannot be paid answers 100001 (100019 when an
// application budget runs out). Account info (GET on the account) shows the balance at
// resp.account.balance in yuan ("1002.00"), as the platform does; SetBalance and TopUp change it
// while the simulator runs, Balance reads it.
//
// Faults are scripted per operation with Fault: a forced code, a sequence of codes, a seeded
// probability mix, latency, and for batch sends a seeded share of recipients given a code
// (Fault.Recipients: e.g. 30% of the recipients get 105107). They apply after authentication, so authentication stories stay
// real, and they can be changed while the simulator runs (SetFault).
//
// Builder signs and builds requests the way the platform wants them, so tests and examples need no
// SDK; Sign does only the signing.
//
// The simulator's own traffic can be instrumented: pass WithMiddleware with a
// func(http.Handler) http.Handler that wraps its argument in middleware.NewHandler (or any other
// wrapper), and the simulator serves every request through it, so server-side metrics, logs and
// spans are exercised too. This package does not import middleware itself.
//
// Unknown paths answer HTTP 404 with a plain-text body and no return code (the platform's answer
// for a path it does not serve is not documented; a body without a code is the honest guess), and
// a known path with the wrong method answers HTTP 405.
package ucpaastest
