package middleware

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/trace/noop"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/operation"
)

// hostile makes random codes, paths and bodies: what a broken proxy, a platform that invents
// codes or a scanner probing a gateway would send.
type hostile struct{ r *rand.Rand }

func (h hostile) token() string {
	const alphabet = "0123456789abcdefABCDEF-_.~!"
	b := make([]byte, 1+h.r.IntN(32))
	for i := range b {
		b[i] = alphabet[h.r.IntN(len(alphabet))]
	}
	return string(b)
}

// code is a random code token of the kinds a reply can carry.
func (h hostile) code() string {
	switch h.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%06d", h.r.IntN(1_000_000)) // six digits, mostly not in the catalog
	case 1:
		return fmt.Sprint(h.r.Int64()) // a number of any length
	case 2:
		return h.token()
	default:
		return codes.Default().All()[h.r.IntN(codes.Default().Len())].Value // a real one
	}
}

// body is a reply carrying code in one of the platform's shapes.
func (h hostile) body(code string) (contentType, body string) {
	switch h.r.IntN(3) {
	case 0:
		return "application/json", `{"resp":{"respCode":"` + code + `"}}`
	case 1:
		return "", `{"code":"` + code + `","msg":"x"}`
	default:
		return "application/xml", "<resp><respCode>" + code + "</respCode></resp>"
	}
}

// path is a random path, often shaped like the platform's.
func (h hostile) path() string {
	switch h.r.IntN(5) {
	case 0:
		return "/2014-06-30/Accounts/" + h.token() + "/" + h.token() + "/" + h.token()
	case 1:
		return "/2015-06-30/Accounts/" + h.token() + "/Conference/" + h.token()
	case 2:
		return "/ol/sms/" + h.token()
	case 3:
		return "/sms-server/" + h.token() + ".json"
	default:
		return "/" + h.token() + "/" + h.token()
	}
}

// seriesBound is the most series metrics.New can export with the default options, whatever it is
// fed: per side, requests and duration series for every accepted operation × category, failure
// series for every operation × (catalog code + other, none, transport); plus the instrumentation
// error series of both sides and every stage, and the start time gauge.
func seriesBound() int {
	ops, cats, catalog := len(operation.All()), len(codes.Categories()), codes.Default().Len()
	stages := len(metricsink.Stages())
	return 2*(2*ops*cats+ops*(catalog+3)) + 2*stages + 1
}

// TestHostileCardinality sends 100,000 calls with random codes and random paths through the
// transport and 100,000 through the handler: the number of exported series stays within
// seriesBound, and every label value comes from its closed set.
func TestHostileCardinality(t *testing.T) {
	calls := 100_000
	if testing.Short() || raceEnabled {
		calls = 20_000
	}
	k := newKit(t)
	opts := []Option{WithMetrics(k.metrics), WithTracerProvider(noop.NewTracerProvider())}
	h := hostile{rand.New(rand.NewPCG(1, 2))}
	_, baseline := seriesCount(t, k.reg)

	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		ct, body := h.body(r.Header.Get("X-Code"))
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {ct}}, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
	}), opts...)
	handler := NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ct, body := h.body(r.Header.Get("X-Code"))
		w.Header().Set("Content-Type", ct)
		_, _ = io.WriteString(w, body)
	}), opts...)

	distinct := map[string]bool{}
	for i := 0; i < calls; i++ {
		code, path := h.code(), h.path()
		distinct[code+" "+path] = true
		req := httptest.NewRequest("POST", "https://api.ucpaas.com"+path, nil)
		req.Header.Set("X-Code", code)
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		handler.ServeHTTP(httptest.NewRecorder(), req)
	}

	per, total := seriesCount(t, k.reg)
	t.Logf("%d calls per side, %d distinct code/path pairs: %d series (%d pre-initialised), bound %d; per family %v",
		calls, len(distinct), total, baseline, seriesBound(), per)
	if len(distinct) < calls*9/10 {
		t.Fatalf("only %d distinct code/path pairs: the input is not hostile enough", len(distinct))
	}
	if total > seriesBound() {
		t.Errorf("%d series exported, want at most %d", total, seriesBound())
	}
	checkLabelsClosed(t, k)
	for _, side := range []string{"client", "server"} {
		if n := sum(counted(t, k.reg, "ucpaas_"+side+"_requests_total")); n != float64(calls) {
			t.Errorf("%s requests counted %v, want %d", side, n, calls)
		}
	}
}

// checkLabelsClosed fails on any label value outside its closed set.
func checkLabelsClosed(t *testing.T, k *kit) {
	t.Helper()
	ops := map[string]bool{}
	for _, op := range operation.All() {
		ops[op] = true
	}
	cats := map[string]bool{}
	for _, c := range codes.Categories() {
		cats[string(c)] = true
	}
	codeLabels := map[string]bool{"other": true, "none": true, "transport": true}
	for _, c := range codes.Default().All() {
		codeLabels[c.Value] = true
	}
	allowed := map[string]map[string]bool{
		"operation": ops, "category": cats, "code": codeLabels,
		"side":  {"client": true, "server": true},
		"stage": {},
	}
	for _, stage := range metricsink.Stages() {
		allowed["stage"][stage] = true
	}
	families, err := k.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				set, ok := allowed[l.GetName()]
				if !ok || !set[l.GetValue()] {
					t.Fatalf("%s has label %s=%q outside its closed set", f.GetName(), l.GetName(), l.GetValue())
				}
			}
		}
	}
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
