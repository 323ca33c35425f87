package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/trace/noop"

	"github.com/ucpobs/ucpobs/codes"
)

// TestSharedMetricsCountAsEachMiddlewareClassified: one Metrics attached to a transport with the
// default catalog and to a handler whose catalog knows one more code counts each call as its own
// middleware classified it: the handler under the code and its category, the transport as a code
// its catalog lacks.
func TestSharedMetricsCountAsEachMiddlewareClassified(t *testing.T) {
	newer, err := codes.NewCatalog(codes.Code{Value: "199001", Message: "余额不足(新)", English: "Insufficient balance (newer API)", Category: codes.CategoryBalance})
	if err != nil {
		t.Fatal(err)
	}
	k := newKit(t)
	reply := `{"code":"199001","msg":"x"}`
	handler := NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, reply)
	}), WithMetrics(k.metrics), WithCatalog(newer), WithTracerProvider(noop.NewTracerProvider()))
	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(reply)), ContentLength: int64(len(reply)), Request: r}, nil
	}), WithMetrics(k.metrics), WithTracerProvider(noop.NewTracerProvider()))

	req := httptest.NewRequest("POST", "https://open.ucpaas.com/ol/sms/sendsms", strings.NewReader("{}"))
	handler.ServeHTTP(httptest.NewRecorder(), req)
	out, _ := http.NewRequest("POST", "https://open.ucpaas.com/ol/sms/sendsms", strings.NewReader("{}"))
	resp, err := rt.RoundTrip(out)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()

	for _, tt := range []struct {
		family string
		want   map[string]float64
	}{
		{"ucpaas_server_failures_total", map[string]float64{"category=balance,code=199001,operation=send_sms": 1}},
		{"ucpaas_client_failures_total", map[string]float64{"category=unknown,code=other,operation=send_sms": 1}},
	} {
		got := counted(t, k.reg, tt.family)
		if len(got) != len(tt.want) {
			t.Errorf("%s = %v, want %v", tt.family, got, tt.want)
		}
		for series, n := range tt.want {
			if got[series] != n {
				t.Errorf("%s{%s} = %v, want %v", tt.family, series, got[series], n)
			}
		}
	}
}
