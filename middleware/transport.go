package middleware

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/spans"
)

// NewTransport returns an http.RoundTripper that sends each request through base (nil:
// http.DefaultTransport) and observes the platform's reply: it reads the return code from the
// first bytes of the body before returning, then logs, traces and counts the call as the options
// say. The call is recorded exactly once, inside RoundTrip, whether or not the caller reads or
// closes the body; except when the request body was still being sent as the reply arrived (see
// below).
//
// base is handed a shallow copy of the request, never the caller's own: its context holds the
// span of the call (the one NewTransport started, or the caller's it enriches), so that a base
// that reads it (otelhttp below ucpobs, a logging transport, an httptrace hook) sees the call's
// trace, and the call's record, through which ResultOf finds the outcome in resp.Request.
//
// The response the caller gets is base's, with a body that replays the bytes read to find the
// code and then continues with the rest: byte-for-byte identical, with Close reaching the
// original body, and a read error met while looking for the code returned at the same point of
// the stream. A reply net/http left gzip-compressed (the caller sent its own Accept-Encoding) is
// decompressed, at most WithMaxPeekBytes of it, to find the code, and handed back still
// compressed, byte-for-byte as received. An error from base is returned unchanged.
//
// The peek reads until the code is found, the scanner decides there is none, WithMaxPeekBytes
// bytes were read, the body ends or fails, or the request's context ends: RoundTrip never waits
// past the context's end (the body is then handed over intact and the call is a transport
// failure, as is a reply cut off during the peek, whose read error is recorded).
//
// Replies that are no answers are not read: a redirect hop (3xx with a Location header), 1xx,
// 204 and 304 replies, replies to HEAD, and CONNECT tunnels are recorded as requests of category
// unparsed that are never failures, logged at Debug. When the request body is still being sent
// as the reply's headers arrive (a body that is not in memory, such as an io.Pipe the caller
// writes after RoundTrip returns: HTTP/2 full duplex), RoundTrip reads nothing, since the reply
// may wait for what the caller has yet to write; the call is recorded from the bytes the caller
// reads, once they hold the code, or the body ends, fails or is closed.
func NewTransport(base http.RoundTripper, opts ...Option) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	_, followsContext := base.(*http.Transport)
	return &transport{base: base, rp: newReporter(observation.Client, newConfig(opts)), bodiesFollowContext: followsContext}
}

type transport struct {
	base http.RoundTripper
	rp   *reporter
	// bodiesFollowContext is true when base is net/http's Transport, whose reply bodies fail
	// once the request's context ends (HTTP/1 and HTTP/2 alike): the peek can then run in
	// RoundTrip's goroutine and still end with the context.
	bodiesFollowContext bool
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.rp.observes(req) {
		return t.base.RoundTrip(req)
	}
	start := time.Now()
	op := t.rp.operation(req)
	ctx, span := t.rp.startSpan(req.Context(), nil, op)
	// The request is sent with a context that will hold the call's outcome, for ResultOf. The
	// copy WithContext makes stays on the stack: the record holds the request sent.
	rec := &callRecord{Context: ctx}
	rec.sent = *req.WithContext(rec)
	sent := &rec.sent
	var reqBody *sentBody
	if mayStream(req) {
		reqBody = &sentBody{ReadCloser: req.Body}
		sent.Body = reqBody
	}
	resp, err := t.base.RoundTrip(sent)

	o := &rec.obs
	*o = observation.Observation{
		Side:      observation.Client,
		Operation: op,
		Method:    req.Method,
		URL:       req.URL,
	}
	if resp != nil {
		rec.resp = resp
		if resp.Request == nil {
			resp.Request = sent // as net/http's Transport sets it
		}
	}
	switch {
	case err != nil:
		o.SetTransportError(err)
	case resp == nil:
		// A RoundTripper must not return (nil, nil); report it rather than panic in the caller.
		o.SetTransportError(errNilResponse)
	default:
		o.StatusCode = resp.StatusCode
		switch {
		case !isAnswer(req.Method, resp.StatusCode, resp.Header), req.Method == http.MethodConnect:
			// No answer in the platform's format: a redirect hop, a bodiless reply, a tunnel.
			o.SetNoCode()
			o.NotRead = true
		case hasBody(resp) && reqBody != nil && !reqBody.ended.Load():
			// The request is still being sent (full duplex): the reply's next bytes may wait
			// for what the caller writes once RoundTrip has returned, so nothing is read here;
			// the call is recorded from the bytes the caller reads.
			resp.Body = t.observeLater(ctx, span, rec, start, resp.Body)
			return resp, nil
		case hasBody(resp):
			var s codeScanner
			s.collectFor(op)
			sc, readErr := &s, error(nil)
			gzipped := gzipEncoded(resp)
			if ctx.Done() == nil || t.bodiesFollowContext {
				resp.Body, readErr = peekBody(resp.Body, sc, gzipped, t.rp.maxPeekBytes, &rec.replay)
			} else if job := peekAsync(ctx, resp.Body, s, gzipped, t.rp.maxPeekBytes, &rec.replay); job.finished() {
				sc, resp.Body, readErr = &job.scanner, job.body, job.err
			} else {
				// The context ended during the peek: hand the body over now, the reply
				// cut off (the scanner is the peek's until it ends).
				resp.Body, readErr = &pendingBody{job: job, orig: resp.Body}, context.Cause(ctx)
				sc = &codeScanner{}
			}
			t.setOutcome(o, sc, readErr, req.URL)
		default:
			o.SetNoCode()
		}
	}
	o.Duration = time.Since(start)
	t.rp.finish(ctx, span, o)
	rec.known.Store(true)
	return resp, err
}

// setOutcome records in o the code sc found and what it collected besides (u is the request
// URL), or, when it found no code, the read error that cut the reply off (a transport failure);
// a panic of the scanner is reported.
func (t *transport) setOutcome(o *observation.Observation, sc *codeScanner, readErr error, u *url.URL) {
	raw, found := sc.code()
	if !found && readErr != nil {
		o.SetTransportError(readErr) // the reply was cut off before its code
	} else {
		setCode(o, t.rp.catalog, raw, found)
		sc.collected(o, t.rp.catalog, u)
	}
	if sc.panic != nil {
		t.rp.hookFailed(metricsink.StageExtract, sc.panic)
	}
}

// observeLater returns the body to hand the caller when the reply is not to be read in
// RoundTrip: a lazyBody that records the call (rec, started at start) once the caller's reads
// have found the code or the peek budget, or the body ended, failed or was closed.
func (t *transport) observeLater(ctx context.Context, span spans.Span, rec *callRecord, start time.Time, body io.ReadCloser) io.ReadCloser {
	b := &lazyBody{body: body, left: t.rp.maxPeekBytes, record: func(sc *codeScanner, readErr error) {
		t.setOutcome(&rec.obs, sc, readErr, rec.obs.URL)
		rec.obs.Duration = time.Since(start)
		t.rp.finish(ctx, span, &rec.obs)
		rec.known.Store(true)
	}}
	b.scanner.collectFor(rec.obs.Operation)
	return b
}

// CloseIdleConnections closes the idle connections of the base transport, if it has any, so
// that http.Client.CloseIdleConnections works through the middleware.
func (t *transport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// mayStream reports whether a request's body may still be being sent when the reply's headers
// arrive and depend on the caller: any body but none and the in-memory ones http.NewRequest
// builds (which set GetBody), such as an io.Pipe.
func mayStream(req *http.Request) bool {
	return req.Body != nil && req.Body != http.NoBody && req.GetBody == nil
}

// sentBody is a request body that records when the base transport has read it to its end or
// closed it: after that, the request is sent.
type sentBody struct {
	io.ReadCloser
	ended atomic.Bool
}

// Read implements io.Reader.
func (b *sentBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.ended.Store(true)
	}
	return n, err
}

// Close implements io.Closer.
func (b *sentBody) Close() error {
	b.ended.Store(true)
	return b.ReadCloser.Close()
}

// hasBody reports whether a reply has a body to read the code from.
func hasBody(resp *http.Response) bool {
	return resp.Body != nil && resp.Body != http.NoBody && resp.ContentLength != 0
}

// isAnswer reports whether the reply to a request of method with status and header can be an
// answer in the platform's format: not a reply that cannot carry a body (1xx, 101 Switching
// Protocols included, 204, 304, the reply to HEAD) nor a redirect hop (3xx with a Location).
func isAnswer(method string, status int, h http.Header) bool {
	switch {
	case method == http.MethodHead:
		return false
	case status < 200, status == http.StatusNoContent, status == http.StatusNotModified:
		return false
	case status >= 300 && status < 400:
		return headerValue(h, "Location") == ""
	}
	return true
}
