package tracing_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/ucpobs/ucpobs/middleware"
	"github.com/ucpobs/ucpobs/tracing"
)

// The span of a call whose reply said "insufficient balance" (HTTP 200, code 100001), read back
// by the attribute keys of package tracing.
func Example() {
	platform := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"resp":{"respCode":"100001"}}`))
	}))
	defer platform.Close()

	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	client := &http.Client{Transport: middleware.NewTransport(nil, middleware.WithTracerProvider(tp))}

	resp, err := client.Post(platform.URL+"/2014-06-30/Accounts/8a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d/Messages/templateSMS?sig=F3A9C1E7", "application/json", strings.NewReader(`{}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = resp.Body.Close()

	s := rec.Ended()[0]
	attrs := attribute.NewSet(s.Attributes()...)
	fmt.Println(s.Name(), s.SpanKind(), s.InstrumentationScope().Name == tracing.ScopeName)
	for _, key := range []attribute.Key{tracing.OperationKey, tracing.CodeKey, tracing.CategoryKey, tracing.DomainKey, tracing.ErrorMessageKey, "error.type", "http.response.status_code"} {
		v, _ := attrs.Value(key)
		fmt.Printf("%s=%s\n", key, v.String())
	}
	fmt.Println(s.Status().Code, s.Status().Description)
	// Output:
	// ucpaas template_sms client true
	// ucpaas.operation=template_sms
	// ucpaas.code=100001
	// ucpaas.category=balance
	// ucpaas.domain=common
	// ucpaas.error_message=Insufficient balance
	// error.type=100001
	// http.response.status_code=200
	// Error Insufficient balance
}
