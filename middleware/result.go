package middleware

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/redact"
)

// Side says which end of a call a Result describes.
type Side string

// The sides; their values are those of the metrics' side label.
const (
	// SideClient is a call the application made through NewTransport.
	SideClient Side = "client"
	// SideServer is an answer the application gave through NewHandler or NewMiddleware.
	SideServer Side = "server"
)

// Result is the observed outcome of one call: what the middleware logged, traced and counted.
// ResultOf returns it to the caller that made the call; WithObserver hands it to sinks of the
// user's own. It holds only what may be shown anywhere: the URL and error texts are redacted,
// phone numbers and account SIDs masked, exactly as in the log entry of the call.
type Result struct {
	// Side is the end of the call that was observed.
	Side Side
	// Operation is the operation name: one of package operation's closed set, or a name the
	// WithOperationFunc function chose (made safe as that option says).
	Operation string
	// Method is the request's HTTP method.
	Method string
	// URL is the request URL, redacted: signature, tokens and other secrets removed, account
	// SIDs and phone numbers masked.
	URL string
	// StatusCode is the HTTP status of the reply, 0 when there was none (a transport failure,
	// a hijacked connection).
	StatusCode int
	// Code is the catalog's entry for the return code: its meaning, category, domain and
	// whether the call may be retried. Code.Value is "" when no code was found or the catalog
	// lacks it (then ReplyCode still says what the reply carried).
	Code codes.Code
	// ReplyCode is the return code as the reply gave it: a numeric code in six digits ("0" reads
	// "000000"), anything else with personal data masked; "" when no code was found or there
	// was no reply.
	ReplyCode string
	// Category says who has to act: the code's category, or codes.CategoryUnknown (a code the
	// catalog lacks), codes.CategoryUnparsed (no code found) or codes.CategoryTransport (no
	// reply).
	Category codes.Category
	// Duration runs from the start of the call until its outcome was known.
	Duration time.Duration
	// Error is the redacted text of what made the call fail without an answer: the round
	// trip's error or the read error that cut the reply off (client side), the value the
	// handler panicked with (server side); "" otherwise.
	Error string
	// Recipients is the per-recipient outcome of a batch send's reply; nil for any other reply.
	Recipients *Recipients
	// Balance is the account balance in yuan an account-info reply carried; meaningful only
	// when HasBalance.
	Balance float64
	// HasBalance reports that the reply carried a balance.
	HasBalance bool
	// Account is the masked account SID (its first and last four characters) the balance
	// belongs to, from the request path; "" when there is no balance or the path has no SID.
	Account string
	// NoAnswer is true when the reply was not read for a code because it is no answer in the
	// platform's format: a redirect hop (3xx with a Location header), a 1xx, 204 or 304 reply,
	// the reply to HEAD, a CONNECT tunnel. Its Category is codes.CategoryUnparsed; it is no
	// failure.
	NoAnswer bool
	// Hijacked is true when the handler took over the connection (server side): a WebSocket or
	// another upgrade. It is no failure.
	Hijacked bool
}

// Failed reports whether the call did not succeed: any category but codes.CategoryOK, except a
// reply that is no answer (NoAnswer) and a hijacked connection. It is what the failure counters
// count.
func (r *Result) Failed() bool {
	return r.Category != codes.CategoryOK && !r.NoAnswer && !r.Hijacked
}

// Retryable reports whether the platform says the same call may succeed when repeated later
// (the catalog's Code.Retryable). It is false for a code the catalog lacks, for a reply without
// a code and for a call that got no reply: whether to repeat a call whose outcome is unknown (a
// message may have been sent) is the caller's decision.
func (r *Result) Retryable() bool { return r.Code.Retryable }

// Recipients is the per-recipient outcome of a batch send: one result per element of the reply's
// "report" array, each classified by its own code.
type Recipients struct {
	// Seen is the number of recipient results read.
	Seen int
	// Failed is how many of them did not succeed.
	Failed int
	// FailingCodes lists the distinct codes of the failures in the order first seen ("none" for
	// a result without a code), at most 8, then "other" when more distinct codes failed; never a
	// phone number.
	FailingCodes []string
	// Truncated reports that the report was cut off before its end (by WithMaxPeekBytes, the
	// number of recipients the scanner counts, or a body that ended inside it): the results
	// after the cut are not counted.
	Truncated bool
}

// ResultOf returns the observed result of the call that brought resp, a reply to a request sent
// through NewTransport: the return code the middleware read, with its catalog entry, category
// and the rest. It parses nothing: the result was recorded when the call was observed, and
// ResultOf only copies it (redacting the URL and the error on the way).
//
// It works through layers around the transport that keep the *http.Response (http.Client with
// or without a Timeout, redirects followed: the last reply's result, otelhttp.NewTransport).
// The result is found through resp.Request's context, so a RoundTripper around NewTransport
// must hand back resp.Request as it got it, or one whose context derives from it.
//
// ResultOf returns false when there is no result for resp:
//   - resp is nil, or did not come through NewTransport;
//   - WithFilter left the request out;
//   - the code is not known yet: the request body was still being sent when the reply arrived
//     (HTTP/2 full duplex, a body the caller writes after RoundTrip returned), so the code is
//     read from the bytes the caller reads; ResultOf returns true once they held the code, or
//     the body ended, failed or was closed.
//
// A reply that is no answer in the platform's format (a redirect not followed, 204, HEAD,
// CONNECT) has a result with NoAnswer set. A reply cut off while its code was looked for, also
// by the end of the request's context, has a result of category codes.CategoryTransport with the
// read error. A round trip that failed returns a nil resp and the error: no Result is needed
// for it (WithObserver still sees it).
func ResultOf(resp *http.Response) (Result, bool) {
	if resp == nil || resp.Request == nil {
		return Result{}, false
	}
	rec, _ := resp.Request.Context().Value(callRecordKey{}).(*callRecord)
	if rec == nil || rec.resp != resp || !rec.known.Load() {
		return Result{}, false
	}
	return newResult(&rec.obs), true
}

// callRecordKey is the context key of a callRecord.
type callRecordKey struct{}

// callRecord is the context NewTransport sends a request with: the context it would have sent
// (the caller's, or its span's) plus the outcome of the call, which ResultOf finds through the
// reply's Request. It is the one allocation per call of NewTransport itself, holding the request
// sent, the observation the call fills in and the body that replays the bytes peeked.
type callRecord struct {
	context.Context
	sent   http.Request            // the caller's request with this record as its context
	resp   *http.Response          // the reply obs belongs to; set before RoundTrip returns
	obs    observation.Observation // complete once known is true
	known  atomic.Bool
	replay replayBody // the body handed to the caller when the reply was peeked
}

// Value implements context.Context.
func (c *callRecord) Value(key any) any {
	if key == (callRecordKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// String names the context without its contents (the raw URL and error must not reach a log
// that prints a context).
func (c *callRecord) String() string {
	return fmt.Sprint(c.Context) + ".WithValue(ucpobs call)"
}

// newResult turns o into the Result users see: the only place that reads an Observation for
// them, redacting as the log entry does.
func newResult(o *observation.Observation) Result {
	r := Result{
		Side:       Side(o.Side),
		Operation:  o.Operation,
		Method:     o.Method,
		URL:        redact.URL(o.URL),
		StatusCode: o.StatusCode,
		Code:       o.CatalogEntry,
		ReplyCode:  o.ReplyCode,
		Category:   o.Category,
		Duration:   o.Duration,
		Balance:    o.Balance,
		HasBalance: o.HasBalance,
		Account:    o.Account,
		NoAnswer:   o.NotRead,
		Hijacked:   o.Hijacked,
	}
	switch {
	case o.Err != nil:
		r.Error = redact.Error(o.Err)
	case o.Panic != nil:
		r.Error = redact.Text(fmt.Sprint(o.Panic))
	}
	if rec := o.Recipients; rec != nil {
		r.Recipients = &Recipients{Seen: rec.Seen, Failed: rec.Failed, FailingCodes: rec.FailingCodes(nil), Truncated: rec.Truncated}
	}
	return r
}
