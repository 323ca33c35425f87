package ucpaastest

import (
	"bytes"
	"io"
	"net/http/httptest"
	"testing"
)

// BenchmarkServeTemplateSMS measures one signed template SMS through the handler (no network):
// authentication, validation, charging and the JSON reply.
func BenchmarkServeTemplateSMS(b *testing.B) {
	sim := NewSimulator(WithClock(fixedClock), WithPrices(0, 0))
	defer sim.Close()
	req, err := directBuilder().TemplateSMS(ctx, []string{"13900000001"}, DefaultTemplateCode, "1234")
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		req.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, req)
		if rec.Body.Len() == 0 {
			b.Fatal("no reply")
		}
	}
}
