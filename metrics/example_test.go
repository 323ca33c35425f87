package metrics_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/middleware"
)

func ExampleNew() {
	// Register on a registry of your own, then serve it with promhttp.HandlerFor(reg, …).
	reg := prometheus.NewRegistry()
	m := metrics.New()
	reg.MustRegister(m)

	// Attach m to the transport of the client that calls the platform: the metrics learn the
	// side (client), the catalog and the operation names from it. Attaching creates the client's
	// instrumentation error series at 0, one per stage; nothing else exists before the first call.
	client := &http.Client{Transport: middleware.NewTransport(nil, middleware.WithMetrics(m))}
	n, _ := testutil.GatherAndCount(reg)
	fmt.Println("series before the first call:", n)

	// A stand-in for the platform, whose account has run out of money.
	platform := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"code":"100001","msg":"余额不足"}`)
	}))
	defer platform.Close()
	resp, err := client.Post(platform.URL+"/ol/sms/sendsms", "application/json", strings.NewReader(`{}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = resp.Body.Close()

	// What a test or a dashboard reads: the call, by operation; its duration, in the one histogram
	// of the client side; its failure, by operation, code and category.
	for _, family := range []string{"ucpaas_client_requests_total", "ucpaas_client_failures_total", "ucpaas_client_request_duration_seconds", "ucpaas_server_requests_total"} {
		n, _ := testutil.GatherAndCount(reg, family)
		fmt.Printf("%s: %d series\n", family, n)
	}
	mfs, _ := reg.Gather()
	for _, mf := range mfs {
		if mf.GetName() == "ucpaas_client_failures_total" {
			for _, s := range mf.GetMetric() {
				for _, l := range s.GetLabel() {
					fmt.Printf("%s=%q ", l.GetName(), l.GetValue())
				}
				fmt.Println(s.GetCounter().GetValue())
			}
		}
	}
	// Output:
	// series before the first call: 9
	// ucpaas_client_requests_total: 1 series
	// ucpaas_client_failures_total: 1 series
	// ucpaas_client_request_duration_seconds: 1 series
	// ucpaas_server_requests_total: 0 series
	// category="balance" code="100001" operation="send_sms" 1
}
