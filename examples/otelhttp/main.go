// Command otelhttp shows ucpobs composed with otelhttp: otelhttp.NewTransport outside,
// middleware.NewTransport inside. otelhttp starts the client span and sees an HTTP 200; ucpobs
// finds the span in the request's context and enriches it with the platform's return code, so
// each call has exactly one span that tells the truth.
//
// It sends one template SMS with a template id the simulator (package ucpaastest) does not know
// and prints the span's name, status and attributes.
//
//	go run ./examples/otelhttp
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/ucpobs/ucpobs/middleware"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

func main() {
	if _, err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "otelhttp:", err)
		os.Exit(1)
	}
}

// run makes the call, prints the spans it produced and returns them.
func run(ctx context.Context, out io.Writer) ([]sdktrace.ReadOnlySpan, error) {
	platform := ucpaastest.NewServer()
	defer platform.Close()

	// Spans are kept in memory here; a real program registers an exporter instead.
	recorder := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	defer func() { _ = tp.Shutdown(context.WithoutCancel(ctx)) }()

	base := http.DefaultTransport.(*http.Transport).Clone()
	defer base.CloseIdleConnections()
	// otelhttp starts the one span; ucpobs enriches it with the return code and replaces
	// otelhttp's raw url.full (sig, account SID) with the redacted URL.
	client := &http.Client{Transport: otelhttp.NewTransport(
		middleware.NewTransport(base, middleware.WithTracerProvider(tp)),
		otelhttp.WithTracerProvider(tp),
	)}

	b := ucpaastest.Builder{BaseURL: platform.URL, Account: ucpaastest.DefaultAccount()}
	req, err := b.TemplateSMS(ctx, []string{"13912345678"}, "99999", "246810")
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close() // otelhttp ends its span when the body is closed
	fmt.Fprintf(out, "HTTP %d\n", resp.StatusCode)

	spans := recorder.Ended()
	for _, s := range spans {
		writeSpan(out, s)
	}
	return spans, nil
}

// writeSpan prints a span's name, kind, status and attributes sorted by key.
func writeSpan(out io.Writer, s sdktrace.ReadOnlySpan) {
	fmt.Fprintf(out, "span %q (%s), status %s %q\n", s.Name(), s.SpanKind(), s.Status().Code, s.Status().Description)
	attrs := slices.Clone(s.Attributes())
	slices.SortFunc(attrs, func(a, b attribute.KeyValue) int { return strings.Compare(string(a.Key), string(b.Key)) })
	for _, a := range attrs {
		fmt.Fprintf(out, "  %s = %s\n", a.Key, a.Value.String())
	}
}
