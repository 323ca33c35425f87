// Package observation defines Observation, the record of one observed call to (or answer in the
// format of) the UCPaaS platform. The middleware produces one per call; its sinks (package
// metrics, internal/spans, internal/logentry) consume it and never see the request or the body.
//
// An observation names a call's return code in three ways, each for one use:
// Observation.ReplyCode is the code as the reply carried it, Observation.MetricCode the bounded
// value of a metric's code label, and Observation.ShownCode what logs and spans show.
// Observation.CatalogEntry is the catalog's entry for the code, with its texts and category.
package observation

import (
	"net/url"
	"time"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/redact"
)

// Side says which end of a call was observed.
type Side string

// The sides.
const (
	// Client is a call the application made to the platform (middleware.NewTransport).
	Client Side = "client"
	// Server is an answer the application gave in the platform's format (middleware.NewHandler).
	Server Side = "server"
)

// Code label values for outcomes that carry no catalog code, as package codes defines them. A
// catalog code is its own label.
const (
	// LabelOther is [codes.LabelOther]: the code label of a code the catalog does not know.
	LabelOther = codes.LabelOther
	// LabelNone is [codes.LabelNone]: the code label of a reply in which no code was found.
	LabelNone = codes.LabelNone
	// LabelTransport is [codes.LabelTransport]: the code label of a call that got no reply.
	LabelTransport = codes.LabelTransport
)

// Observation is one observed call.
type Observation struct {
	// Side is the end of the call that was observed.
	Side Side
	// Operation is the operation name, from the closed set of package operation (or a name the
	// user's operation function chose).
	Operation string
	// Method is the request's HTTP method.
	Method string
	// URL is the request URL as sent, secrets included: a sink passes it through package
	// internal/redact (redact.URL, redact.PathQuery) before it emits any part of it.
	URL *url.URL
	// StatusCode is the HTTP status of the reply, 0 when there was none.
	StatusCode int
	// ReplyCode is the platform return code as the reply gave it, numeric forms normalised to
	// six digits ("0" → "000000"), anything else with personal data masked; "" when no code was
	// found or there was no reply.
	ReplyCode string
	// CatalogEntry is the catalog's entry for ReplyCode; its Value is "" when the catalog lacks
	// the code.
	CatalogEntry codes.Code
	// Category is the outcome's category: the code's category, or one of codes.CategoryUnknown,
	// codes.CategoryUnparsed and codes.CategoryTransport.
	Category codes.Category
	// Duration runs from the start of the call until the outcome was known.
	Duration time.Duration
	// Err is the error of a failed round trip (client side); nil otherwise.
	Err error
	// Panic is the value a handler panicked with (server side); nil otherwise.
	Panic any
	// Hijacked is true when a handler took over the connection (server side).
	Hijacked bool
	// NotRead is true when the reply was not read for a code because it is no answer in the
	// platform's format: a reply that cannot carry a body (1xx, 204, 304, the reply to a HEAD
	// request), a redirect hop (3xx with a Location header), a CONNECT tunnel, or a reply that
	// arrived while the request body was still being sent (client side, see package
	// middleware). Its Category is codes.CategoryUnparsed and it is no failure.
	NotRead bool
	// Recipients is the per-recipient outcome of a reply that carries one (a family B batch
	// send's top-level "report" array); nil for every other reply. Its results never change Code
	// or Category, which stay the reply's own.
	Recipients *Recipients
	// Balance is the account balance in yuan an account-info reply carried (resp.account.balance);
	// meaningful only when HasBalance.
	Balance float64
	// HasBalance reports that the reply carried a balance.
	HasBalance bool
	// Account is the masked account SID (internal/redact's ID: first and last four characters)
	// the balance belongs to, taken from the request path; "" when unknown. Never the raw SID.
	Account string
}

// Failed reports whether the call did not succeed: any category but codes.CategoryOK, except for
// a hijacked connection and a reply not read for a code (see Hijacked and NotRead), which are no
// answers in the platform's format, and so no failures.
func (o *Observation) Failed() bool {
	return o.Category != codes.CategoryOK && !o.Hijacked && !o.NotRead
}

// MetricCode returns the bounded value of a metric's "code" label: the catalog code,
// LabelOther for a code the catalog lacks, LabelNone when no code was found, LabelTransport when
// there was no reply.
func (o *Observation) MetricCode() string {
	switch {
	case o.CatalogEntry.Value != "":
		return o.CatalogEntry.Value
	case o.Category == codes.CategoryTransport:
		return LabelTransport
	case o.ReplyCode != "":
		return LabelOther
	}
	return LabelNone
}

// ShownCode returns the code a log entry or a span shows: ReplyCode (also one the catalog
// lacks), else MetricCode ("none", "transport").
func (o *Observation) ShownCode() string {
	if o.ReplyCode != "" {
		return o.ReplyCode
	}
	return o.MetricCode()
}

// ErrorType is the error.type of a failed call in its span and log entry: ReplyCode when the
// reply carried a code (catalog or not), else the category ("unparsed", "transport"), else
// MetricCode.
func (o *Observation) ErrorType() string {
	switch {
	case o.ReplyCode != "":
		return o.ReplyCode
	case o.Category != "":
		return string(o.Category)
	}
	return o.MetricCode()
}

// SetReplyCode records the return code the reply carried (its raw bytes, as found in the body),
// classified against catalog: it sets ReplyCode, CatalogEntry and Category. It does not allocate
// for a code the catalog knows.
func (o *Observation) SetReplyCode(catalog *codes.Catalog, code []byte) {
	o.ReplyCode, o.CatalogEntry, o.Category = classify(catalog, code)
}

// SetNoCode records a reply that carried no return code (category codes.CategoryUnparsed).
func (o *Observation) SetNoCode() {
	o.ReplyCode, o.CatalogEntry, o.Category = "", codes.Code{}, codes.CategoryUnparsed
}

// classify returns the code to record for the raw bytes of a return code, its catalog entry
// (Value "" when the catalog lacks it) and its category.
func classify(catalog *codes.Catalog, raw []byte) (code string, entry codes.Code, category codes.Category) {
	if entry, ok := catalog.Lookup(string(raw)); ok {
		return entry.Value, entry, entry.Category
	}
	if norm, ok := codes.Normalize(string(raw)); ok {
		return norm, codes.Code{}, codes.CategoryUnknown
	}
	// Not a code the platform would send: it may be anything the reply put there, a phone
	// number included, and it goes to logs and spans.
	return redact.Text(string(raw)), codes.Code{}, codes.CategoryUnknown
}

// SetTransportError records a round trip that got no reply.
func (o *Observation) SetTransportError(err error) {
	o.Err = err
	o.ReplyCode = ""
	o.CatalogEntry = codes.Code{}
	o.Category = codes.CategoryTransport
}
