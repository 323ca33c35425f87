package spans_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/spans"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/operation"
)

// TestOnlyKnownOperationNamesAreKept starts spans under 300 distinct 64 KiB names that are not
// operations of the closed set and measures the heap the Tracer still holds once they are gone:
// a cache of such names would keep 256 × 128 KiB (name and span name), 32 MiB.
func TestOnlyKnownOperationNamesAreKept(t *testing.T) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	tr := spans.New(tp)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for _, op := range operation.All() { // the closed set may be kept: warm it
		_, span := tr.Start(context.Background(), observation.Client, op)
		span.End(nil)
	}
	before := heap()
	const names, size = 300, 64 << 10
	for i := range names {
		op := strings.Repeat(strconv.Itoa(i%10), size) + strconv.Itoa(i)
		_, span := tr.Start(context.Background(), observation.Client, op)
		span.End(nil)
	}
	after := heap()
	runtime.KeepAlive(tr)
	if retained := int64(after) - int64(before); retained > 2<<20 {
		t.Fatalf("the Tracer retains %d KiB after %d names of %d KiB outside the closed set; want none kept",
			retained>>10, names, size>>10)
	}
}

// TestServerURLRedactedUnderOtelhttp: otelhttp.NewHandler records url.path from the raw request
// (account SID and phone numbers included); the enriched span carries the redacted path, and the
// redacted query as url.query.
func TestServerURLRedactedUnderOtelhttp(t *testing.T) {
	const (
		sid    = "5ec4e75ec4e75ec4e75ec4e75ec4e7aa"
		sig    = "5E1C0FFEE5E1C0FFEE5E1C0FFEE5E1C0"
		mobile = "15887654302"
	)
	tests := []struct {
		name, target, wantPath, wantQuery string
	}{
		{"restApi path and query",
			"/2015-06-30/restApi/" + strings.ToUpper(sid) + "/ClientsByMobile?sig=" + sig + "&mobile=" + mobile + "&appId=" + sid,
			"/2015-06-30/restApi/5EC4****E7AA/ClientsByMobile", "sig=REDACTED&mobile=158******02&appId=5ec4****e7aa"},
		{"phone number in the path, no query", "/users/" + mobile + "/Accounts/" + sid, "/users/158******02/Accounts/5ec4****e7aa", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, rec := recorder(t)
			tr := spans.New(tp)
			inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, span := tr.Start(r.Context(), observation.Server, operation.QueryClientByMobile)
				_, _ = io.WriteString(w, `{"resp":{"respCode":"000000"}}`)
				o := &observation.Observation{Side: observation.Server, Operation: operation.QueryClientByMobile,
					Method: r.Method, URL: r.URL, StatusCode: 200}
				o.SetReplyCode(codes.Default(), []byte("000000"))
				span.End(o)
			})
			otelhttp.NewHandler(inner, "gateway", otelhttp.WithTracerProvider(tp)).
				ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, tt.target, nil))

			ended := rec.Ended()
			if len(ended) != 1 || ended[0].SpanKind() != trace.SpanKindServer {
				t.Fatalf("recorded %d spans, want otelhttp's server span", len(ended))
			}
			got := testkit.Attrs(ended[0].Attributes())
			if got["url.path"] != tt.wantPath {
				t.Errorf("url.path = %q, want %q", got["url.path"], tt.wantPath)
			}
			if q, ok := got["url.query"]; q != tt.wantQuery || ok != (tt.wantQuery != "") {
				t.Errorf("url.query = %q (set %v), want %q", q, ok, tt.wantQuery)
			}
			for _, text := range testkit.SpanTexts(ended[0]) {
				for _, secret := range []string{sid, sig, mobile} {
					if strings.Contains(strings.ToLower(text), strings.ToLower(secret)) {
						t.Errorf("span leaks %s: %q", secret, text)
					}
				}
			}
		})
	}
}
