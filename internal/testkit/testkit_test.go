package testkit

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestLeaks(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"nothing here", nil},
		{"sig=" + Plant("sig"), []string{"sig"}},
		{"SIG=" + strings.ToLower(Plant("sig")), []string{"sig"}}, // case changed by a masker
		{"to " + Plant("to") + "," + Plant("to3") + " mail " + strings.ToUpper(Plant("email")), []string{"to", "to3", "email"}},
		{Plant("accountSid")[:31], nil}, // a part is no leak of the whole
	}
	for _, tt := range tests {
		if got := Leaks(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Leaks(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	all := ""
	for _, s := range Planted() {
		all += s.Value + " "
	}
	if got := Leaks(all); len(got) != len(Planted()) {
		t.Errorf("Leaks of every planted value found %d of %d: %q", len(got), len(Planted()), got)
	}
}

func TestPlantedValuesAreDistinct(t *testing.T) {
	seen := map[string]string{}
	for _, s := range Planted() {
		if s.Key == "" || len(s.Value) < 10 {
			t.Errorf("planted %q = %q: too short to be distinctive", s.Key, s.Value)
		}
		for v, k := range seen {
			if strings.Contains(strings.ToLower(v), strings.ToLower(s.Value)) || strings.Contains(strings.ToLower(s.Value), strings.ToLower(v)) {
				t.Errorf("planted %q and %q overlap", k, s.Key)
			}
		}
		seen[s.Value] = s.Key
	}
	defer func() {
		if recover() == nil {
			t.Error("Plant of a key nothing is planted under did not panic")
		}
	}()
	Plant("nonsense")
}

func TestValue(t *testing.T) {
	counter := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "c_total", Help: "h"}, []string{"a", "b"})
	gauge := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "g", Help: "h"}, []string{"a"})
	hist := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "h_seconds", Help: "h"}, []string{"a"})
	reg := Registry(t, counter, gauge, hist)
	counter.WithLabelValues("x", "y").Add(3)
	counter.WithLabelValues("x", "z").Add(5)
	gauge.WithLabelValues("x").Set(-2.5)
	hist.WithLabelValues("x").Observe(1)
	hist.WithLabelValues("x").Observe(2)
	tests := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"c_total", []string{"a", "x", "b", "y"}, 3},
		{"c_total", []string{"b", "z", "a", "x"}, 5},
		{"c_total", []string{"a", "x"}, 0}, // labels must match exactly
		{"g", []string{"a", "x"}, -2.5},
		{"h_seconds", []string{"a", "x"}, 2},
		{"missing", nil, 0},
	}
	for _, tt := range tests {
		if got := Value(t, reg, tt.name, tt.labels...); got != tt.want {
			t.Errorf("Value(%s, %q) = %v, want %v", tt.name, tt.labels, got, tt.want)
		}
	}
	if n := testutil.CollectAndCount(counter); n != 2 {
		t.Errorf("counter series = %d, want 2", n)
	}
	if Family(Gather(t, reg), "g") == nil || Family(Gather(t, reg), "nope") != nil {
		t.Error("Family did not find exactly the registered families")
	}
}

func TestSpans(t *testing.T) {
	tp, rec := Spans(t, sdktrace.WithSampler(sdktrace.AlwaysSample()))
	_, span := tp.Tracer("t").Start(t.Context(), "call", trace.WithAttributes(attribute.String("k", "v"), attribute.Int("n", 7)))
	span.RecordError(errors.New("boom"), trace.WithAttributes(attribute.String("e", "x")))
	span.AddLink(trace.Link{Attributes: []attribute.KeyValue{attribute.String("l", "y")}})
	span.End()
	ended := rec.Ended()
	if len(ended) != 1 {
		t.Fatalf("%d spans recorded, want 1", len(ended))
	}
	if got := Attrs(ended[0].Attributes()); got["k"] != "v" || got["n"] != "7" || len(got) != 2 {
		t.Errorf("Attrs = %v", got)
	}
	texts := strings.Join(SpanTexts(ended[0]), "\n")
	for _, want := range []string{"call", "k=v", "n=7", "exception", "exception.message=boom", "e=x", "l=y"} {
		if !strings.Contains(texts, want) {
			t.Errorf("SpanTexts lack %q:\n%s", want, texts)
		}
	}
}

func TestLogs(t *testing.T) {
	logger, logs := Logs(zapcore.InfoLevel)
	logger.Debug("dropped")
	logger.Info("kept", zap.String("s", "v"), zap.Int("n", 3), zap.Strings("list", []string{"a"}))
	entries := logs.All()
	if len(entries) != 1 {
		t.Fatalf("%d entries, want 1", len(entries))
	}
	f := Fields(entries[0])
	if f["s"] != "v" || f["n"] != int64(3) || fmt.Sprint(f["list"]) != "[a]" {
		t.Errorf("Fields = %#v", f)
	}
	jl, buf := JSONLogs()
	jl.Debug("debug line", zap.String("k", "v"))
	if got := buf.String(); !strings.Contains(got, `"msg":"debug line"`) || !strings.Contains(got, `"k":"v"`) {
		t.Errorf("JSONLogs wrote %q", got)
	}
}

func TestSyncBufferAndScrape(t *testing.T) {
	var buf SyncBuffer
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				_, _ = buf.Write([]byte("x"))
				_ = buf.String()
			}
		})
	}
	wg.Wait()
	if n := len(buf.String()); n != 400 {
		t.Errorf("SyncBuffer holds %d bytes, want 400", n)
	}

	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "scraped_total", Help: "h"})
	c.Inc()
	srv := httptest.NewServer(promhttp.HandlerFor(Registry(t, c), promhttp.HandlerOpts{EnableOpenMetrics: true}))
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if got := Scrape(t, client, srv.URL, ""); !strings.Contains(got, "scraped_total 1\n") || strings.Contains(got, "# EOF") {
		t.Errorf("text scrape = %q", got)
	}
	if got := Scrape(t, client, srv.URL, OpenMetrics); !strings.Contains(got, "# EOF") {
		t.Errorf("OpenMetrics scrape = %q", got)
	}
	srv.Close()
	if got := Scrape(t, client, srv.URL, ""); got != "" {
		t.Errorf("scrape of a closed server = %q, want \"\"", got)
	}
}
