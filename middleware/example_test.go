package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/middleware"
)

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
	fmt.Println("answers observed:", answers(reg))
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
	fmt.Println("answers observed:", answers(reg))
	// Output: answers observed: 1
}

// answers sums ucpaas_server_requests_total over its series.
func answers(g prometheus.Gatherer) (n float64) {
	families, _ := g.Gather()
	for _, f := range families {
		if f.GetName() == "ucpaas_server_requests_total" {
			for _, m := range f.GetMetric() {
				n += m.GetCounter().GetValue()
			}
		}
	}
	return n
}
