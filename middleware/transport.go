package middleware

import (
	"net/http"
	"time"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/observation"
)

// NewTransport returns an http.RoundTripper that sends each request through base (nil:
// http.DefaultTransport) and observes the platform's reply: it reads the return code from the
// first bytes of the body before returning, then logs, traces and counts the call as the options
// say. The call is recorded exactly once, inside RoundTrip, whether or not the caller reads or
// closes the body.
//
// The response the caller gets is base's, with a body that replays the bytes read to find the
// code and then continues with the rest: byte-for-byte identical, with Close reaching the
// original body, and a read error met while looking for the code returned at the same point of
// the stream. A reply net/http left gzip-compressed (the caller sent its own Accept-Encoding) is
// decompressed, at most WithMaxPeekBytes of it, to find the code, and handed back still
// compressed, byte-for-byte as received. An error from base is returned unchanged. Bodies of
// HEAD requests, of 1xx, 204 and 304 replies and empty bodies are not read.
func NewTransport(base http.RoundTripper, opts ...Option) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{base: base, rp: newReporter(observation.Client, newConfig(opts))}
}

type transport struct {
	base http.RoundTripper
	rp   *reporter
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.rp.observes(req) {
		return t.base.RoundTrip(req)
	}
	start := time.Now()
	op := t.rp.operation(req)
	ctx, span := t.rp.startSpan(req.Context(), nil, op)
	sent := req
	if ctx != req.Context() {
		sent = req.WithContext(ctx)
	}
	resp, err := t.base.RoundTrip(sent)

	o := observation.Observation{
		Side:      observation.Client,
		Operation: op,
		Method:    req.Method,
		URL:       req.URL,
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
		case !isAnswer(req.Method, resp.StatusCode, resp.Header):
			o.SetCode(t.rp.catalog, nil, false)
			o.NotRead = true
		case hasBody(resp):
			var s codeScanner
			s.collectFor(op)
			var readErr error
			if gzipEncoded(resp) {
				resp.Body, readErr = peekGzip(resp.Body, &s, t.rp.maxPeekBytes)
			} else {
				resp.Body, readErr = peek(resp.Body, &s, t.rp.maxPeekBytes)
			}
			raw, found := s.code()
			if !found && readErr != nil {
				o.SetTransportError(readErr) // the reply was cut off before its code
			} else {
				o.SetCode(t.rp.catalog, raw, found)
				s.collected(&o, t.rp.catalog, req.URL)
			}
			if s.panic != nil {
				t.rp.hookFailed(metrics.StageExtract, s.panic)
			}
		default:
			o.SetCode(t.rp.catalog, nil, false)
		}
	}
	o.Duration = time.Since(start)
	t.rp.finish(ctx, span, &o)
	return resp, err
}

// CloseIdleConnections closes the idle connections of the base transport, if it has any, so
// that http.Client.CloseIdleConnections works through the middleware.
func (t *transport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
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
