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
		if hasBody(req, resp) {
			var s codeScanner
			s.collectFor(op)
			if gzipEncoded(resp) {
				resp.Body = peekGzip(resp.Body, &s, t.rp.maxPeekBytes)
			} else {
				resp.Body = peek(resp.Body, &s, t.rp.maxPeekBytes)
			}
			raw, found := s.code()
			o.SetCode(t.rp.catalog, raw, found)
			s.collected(&o, t.rp.catalog, req.URL)
			if s.panic != nil {
				t.rp.hookFailed(metrics.StageExtract, s.panic)
			}
		} else {
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

// hasBody reports whether a reply can carry a return code worth reading for.
func hasBody(req *http.Request, resp *http.Response) bool {
	switch {
	case resp.Body == nil || resp.Body == http.NoBody || resp.ContentLength == 0:
		return false
	case req.Method == http.MethodHead:
		return false
	case resp.StatusCode < 200, resp.StatusCode == http.StatusNoContent, resp.StatusCode == http.StatusNotModified:
		// 1xx includes 101 Switching Protocols, whose body is a read-write connection.
		return false
	}
	return true
}
