package middleware

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/operation"
)

// TestOperationNamesOfTheFunction: the names an operation function returns outside the closed
// set reach the span, the log and the metrics alike: the first maxCustomOperations distinct ones
// under their own (bounded) name, every further one, and a name no sink can take, as other.
func TestOperationNamesOfTheFunction(t *testing.T) {
	k := newKit(t)
	var names []string
	for i := range maxCustomOperations + 8 {
		names = append(names, fmt.Sprintf("route_%02d", i))
	}
	names = append(names, "route_00", "", "bad\xffname", operation.SendSMS)
	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(`{"code":"000000","msg":"OK"}`)), ContentLength: -1, Request: r}, nil
	}), k.options(WithOperationFunc(func(r *http.Request) string { return r.Header.Get("X-Op") }))...)

	want := map[string]float64{} // requests per operation label
	for i, name := range names {
		req, _ := http.NewRequest("POST", "https://example.com/v1", nil)
		req.Header.Set("X-Op", name)
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()

		label := name
		if i >= maxCustomOperations && i < maxCustomOperations+8 || name == "" || name == "bad\xffname" {
			label = operation.Other
		}
		want[label]++
		spans := k.spans.Ended()
		if got := testkit.Attrs(spans[len(spans)-1].Attributes())["ucpaas.operation"]; got != label {
			t.Errorf("call %d (%q): span ucpaas.operation %q, want %q", i, name, got, label)
		}
		entries := k.logs.All()
		if got := entries[len(entries)-1].ContextMap()["ucpaas.operation"]; got != label {
			t.Errorf("call %d (%q): log ucpaas.operation %q, want %q", i, name, got, label)
		}
	}
	got := counted(t, k.reg, "ucpaas_client_requests_total")
	if len(got) != len(want) {
		t.Errorf("%d requests series, want %d: %v", len(got), len(want), got)
	}
	for label, n := range want {
		if v := got["operation="+label]; v != n {
			t.Errorf("requests{operation=%q} = %v, want %v", label, v, n)
		}
	}
}
