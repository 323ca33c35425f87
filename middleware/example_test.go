package middleware_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/middleware"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

// Wrap the transport of the http.Client that calls the platform. Both replies are HTTP 200; the
// return code in the body tells them apart, and that is what is logged, counted and handed back
// by ResultOf.
func ExampleNewTransport() {
	platform := ucpaastest.NewServer() // the platform's simulator; use the real base URL in production
	defer platform.Close()

	core, logs := observer.New(zapcore.DebugLevel) // in production: your zap.Logger
	reg, m := prometheus.NewRegistry(), metrics.New()
	reg.MustRegister(m)
	client := &http.Client{
		Transport: middleware.NewTransport(http.DefaultTransport, middleware.WithLogger(zap.New(core)), middleware.WithMetrics(m)),
		Timeout:   10 * time.Second,
	}
	defer client.CloseIdleConnections()

	sms := ucpaastest.Builder{BaseURL: platform.URL, Account: ucpaastest.DefaultAccount()}
	for _, template := range []string{ucpaastest.DefaultTemplateCode, "99999"} {
		req, _ := sms.TemplateSMS(context.Background(), []string{"13912345678"}, template, "246810")
		resp, err := client.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		r, _ := middleware.ResultOf(resp)
		fmt.Printf("template %s: HTTP %d, code %s (%s) %s\n", template, resp.StatusCode, r.Code.Value, r.Category, r.Code.English)
	}
	for _, e := range logs.All() {
		fmt.Println("logged at", e.Level, e.ContextMap()["ucpaas.code"])
	}
	fmt.Println("failures counted:", total(reg, "ucpaas_client_failures_total"))
	// Output:
	// template 10001: HTTP 200, code 000000 (ok) OK
	// template 99999: HTTP 200, code 105110 (not_found) SMS template ID does not exist
	// logged at debug 000000
	// logged at warn 105110
	// failures counted: 1
}

// Put otelhttp.NewTransport outside NewTransport: otelhttp starts the client span and sees HTTP
// 200; ucpobs enriches that same span with the return code and marks it failed. ResultOf works
// through otelhttp.
func ExampleNewTransport_otelhttp() {
	platform := ucpaastest.NewServer()
	defer platform.Close()

	spans := tracetest.NewSpanRecorder() // in production: an exporter
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	client := &http.Client{Transport: otelhttp.NewTransport(
		middleware.NewTransport(http.DefaultTransport, middleware.WithTracerProvider(tp)),
		otelhttp.WithTracerProvider(tp),
	)}
	defer client.CloseIdleConnections()

	sms := ucpaastest.Builder{BaseURL: platform.URL, Account: ucpaastest.DefaultAccount()}
	req, _ := sms.TemplateSMS(context.Background(), []string{"13912345678"}, "99999", "246810")
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close() // otelhttp ends its span when the body is closed
	r, _ := middleware.ResultOf(resp)
	fmt.Println("HTTP", resp.StatusCode, "code", r.Code.Value)

	for _, s := range spans.Ended() {
		attrs := map[string]string{}
		for _, a := range s.Attributes() {
			attrs[string(a.Key)] = a.Value.String()
		}
		fmt.Printf("span %q (%s): %s %q, ucpaas.code %s\n", s.Name(), s.SpanKind(), s.Status().Code, s.Status().Description, attrs["ucpaas.code"])
	}
	// Output:
	// HTTP 200 code 105110
	// span "HTTP POST" (client): Error "SMS template ID does not exist", ucpaas.code 105110
}

// Wrap a handler that answers in the platform's format (here the simulator itself stands for a
// gateway or a mock of the platform): each answer is logged, traced and counted by its return
// code, although every one is HTTP 200.
func ExampleNewHandler() {
	core, logs := observer.New(zapcore.DebugLevel)
	reg, m := prometheus.NewRegistry(), metrics.New()
	reg.MustRegister(m)
	platform := ucpaastest.NewSimulator()
	defer platform.Close()
	gateway := middleware.NewHandler(platform, middleware.WithLogger(zap.New(core)), middleware.WithMetrics(m))

	sms := ucpaastest.Builder{BaseURL: "http://gateway.example", Account: ucpaastest.DefaultAccount()}
	for _, template := range []string{ucpaastest.DefaultTemplateCode, "99999"} {
		req, _ := sms.TemplateSMS(context.Background(), []string{"13912345678"}, template, "246810")
		w := httptest.NewRecorder()
		gateway.ServeHTTP(w, req)
		fmt.Println("HTTP", w.Code, w.Body.String()[:28]) // the rest varies
	}
	for _, e := range logs.All() {
		fmt.Println("logged at", e.Level, e.ContextMap()["ucpaas.code"])
	}
	fmt.Println("answers:", total(reg, "ucpaas_server_requests_total"), "failures:", total(reg, "ucpaas_server_failures_total"))
	// Output:
	// HTTP 200 {"resp":{"respCode":"000000"
	// HTTP 200 {"resp":{"respCode":"105110"
	// logged at debug 000000
	// logged at info 105110
	// answers: 2 failures: 1
}

// A router's Use takes the middleware as a func(http.Handler) http.Handler (chi: r.Use(mw)).
func ExampleNewMiddleware() {
	reg, m := prometheus.NewRegistry(), metrics.New()
	reg.MustRegister(m)
	mw := middleware.NewMiddleware(middleware.WithMetrics(m))

	mux := http.NewServeMux()
	mux.HandleFunc("POST /ol/sms/sendsms", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"code":"105107","msg":"blacklisted"}`)
	})
	router := mw(mux) // what r.Use(mw) does in chi
	router.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/ol/sms/sendsms", strings.NewReader(`{}`)))
	fmt.Println("failures:", total(reg, "ucpaas_server_failures_total"))
	// Output: failures: 1
}

// Branch on the platform's return code without parsing the body again: the account is out of
// money (100001) although the reply is HTTP 200.
func ExampleResultOf() {
	platform := ucpaastest.NewServer()
	defer platform.Close()
	platform.SetBalance(ucpaastest.DefaultSID, 0)
	client := &http.Client{Transport: middleware.NewTransport(http.DefaultTransport), Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()

	sms := ucpaastest.Builder{BaseURL: platform.URL, Account: ucpaastest.DefaultAccount()}
	req, _ := sms.TemplateSMS(context.Background(), []string{"13912345678"}, ucpaastest.DefaultTemplateCode, "246810")
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()

	if r, ok := middleware.ResultOf(resp); ok && r.Code.Value == "100001" {
		fmt.Printf("HTTP %d but %s (%s): top up the account\n", resp.StatusCode, r.Code.English, r.Category)
		fmt.Println("retrying helps:", r.Retryable())
	}
	// Output:
	// HTTP 200 but Insufficient balance (balance): top up the account
	// retrying helps: false
}

// Write each call to log/slog, a sink ucpobs does not ship. The Result holds only redacted data:
// the signature and the account SID never reach the log.
func ExampleWithObserver() {
	platform := ucpaastest.NewServer()
	defer platform.Close()
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: withoutTime}))

	client := &http.Client{Transport: middleware.NewTransport(http.DefaultTransport,
		middleware.WithObserver(func(ctx context.Context, r middleware.Result) {
			level := slog.LevelInfo
			if r.Failed() {
				level = slog.LevelWarn
			}
			logger.Log(ctx, level, "ucpaas call", "operation", r.Operation, "code", r.ReplyCode, "category", r.Category,
				"url", strings.Replace(r.URL, platform.URL, "http://platform", 1))
		}),
	)}
	defer client.CloseIdleConnections()

	sms := ucpaastest.Builder{BaseURL: platform.URL, Account: ucpaastest.DefaultAccount()}
	req, _ := sms.TemplateSMS(context.Background(), []string{"13912345678"}, "99999", "246810")
	resp, err := client.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	// Output:
	// level=WARN msg="ucpaas call" operation=template_sms code=105110 category=not_found url="http://platform/2014-06-30/Accounts/0000****face/Messages/templateSMS?sig=REDACTED"
}

// withoutTime drops the time from slog's output, so that the example's output is always the same.
func withoutTime(groups []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey && len(groups) == 0 {
		return slog.Attr{}
	}
	return a
}

// Wrap only the routes that answer in the platform's format; the health check stays out.
func ExampleNewHandler_platformRoutesOnly() {
	reg, m := prometheus.NewRegistry(), metrics.New()
	reg.MustRegister(m)
	sendSMS := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"code":"000000","msg":"OK"}`)
	})
	mux := http.NewServeMux()
	mux.Handle("POST /ol/sms/sendsms", middleware.NewHandler(sendSMS, middleware.WithMetrics(m)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") })

	for _, req := range []*http.Request{
		httptest.NewRequest("POST", "/ol/sms/sendsms", strings.NewReader(`{}`)),
		httptest.NewRequest("GET", "/healthz", nil),
	} {
		mux.ServeHTTP(httptest.NewRecorder(), req)
	}
	fmt.Println("answers observed:", total(reg, "ucpaas_server_requests_total"))
	// Output: answers observed: 1
}

// WithFilter leaves requests out when the whole router has to stay wrapped.
func ExampleWithFilter() {
	reg, m := prometheus.NewRegistry(), metrics.New()
	reg.MustRegister(m)
	router := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"code":"000000","msg":"OK"}`)
	})
	h := middleware.NewHandler(router, middleware.WithMetrics(m), middleware.WithFilter(func(r *http.Request) bool {
		return r.URL.Path != "/healthz"
	}))
	for _, path := range []string{"/ol/sms/sendsms", "/healthz", "/healthz"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", path, nil))
	}
	fmt.Println("answers observed:", total(reg, "ucpaas_server_requests_total"))
	// Output: answers observed: 1
}

// total sums the counter name over its series.
func total(g prometheus.Gatherer, name string) (n float64) {
	families, _ := g.Gather()
	for _, f := range families {
		if f.GetName() == name {
			for _, m := range f.GetMetric() {
				n += m.GetCounter().GetValue()
			}
		}
	}
	return n
}
