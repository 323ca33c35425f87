package main

import (
	"net/http"
	"net/url"
	"strings"

	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// redactSpanURL is a RoundTripper for between otelhttp.NewTransport and
// middleware.NewTransport: it overwrites the url.full attribute otelhttp has just put on the
// span. otelhttp records the request URL as it is, and a platform URL carries the signature
// (?sig=…) and the account SID (/Accounts/{sid}/…); ucpobs redacts what it writes itself but
// leaves the attributes of the instrumentation around it alone.
type redactSpanURL struct {
	next http.RoundTripper
}

// RoundTrip replaces url.full on the request's span, then sends the request.
func (t redactSpanURL) RoundTrip(r *http.Request) (*http.Response, error) {
	if span := trace.SpanFromContext(r.Context()); span.IsRecording() {
		span.SetAttributes(semconv.URLFull(redactURL(r.URL)))
	}
	return t.next.RoundTrip(r)
}

// redactURL returns u without user info, query and fragment, and with the path segment after
// "Accounts" masked.
func redactURL(u *url.URL) string {
	c := *u
	c.User, c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = nil, "", false, "", ""
	segments := strings.Split(c.Path, "/")
	for i := 1; i < len(segments); i++ {
		if segments[i-1] == "Accounts" {
			segments[i] = "xxxx"
		}
	}
	c.Path, c.RawPath = strings.Join(segments, "/"), ""
	return c.String()
}
