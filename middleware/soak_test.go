package middleware

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

var soakFlag = flag.Duration("soak", 0, "run TestSoak for this long (e.g. -soak=60s); without it TestSoak runs only in CI (CI=true) or with UCPOBS_SOAK=1, for 20s")

// soakDuration is how long TestSoak runs, 0 to skip it.
func soakDuration() time.Duration {
	switch {
	case *soakFlag > 0:
		return *soakFlag
	case os.Getenv("CI") == "true" || os.Getenv("UCPOBS_SOAK") == "1":
		return 20 * time.Second
	}
	return 0
}

const (
	soakWorkers = 4
	// soakHeapSlack is how much HeapInuse after GC may grow from the end of the warm-up to the
	// end of the run.
	soakHeapSlack = 4 << 20
)

// heapAfterGC is HeapInuse right after a collection.
func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestSoak drives the transport against the ucpaastest simulator served behind NewHandler on
// loopback, with every sink on both sides (JSON logs at Info, every span sampled, metrics), as
// fast as soakWorkers callers can for soakDuration: no call may fail, the heap after GC must stay
// flat after the warm-up, and the goroutines must come back to the baseline at the end.
func TestSoak(t *testing.T) {
	d := soakDuration()
	if testing.Short() || d == 0 {
		t.Skip("soak: set -soak=60s, CI=true or UCPOBS_SOAK=1")
	}
	goroutines := runtime.NumGoroutine()
	reg := prometheus.NewRegistry()
	clientMetrics, serverMetrics := metrics.New(), metrics.New(metrics.WithNamespace("sim"))
	reg.MustRegister(clientMetrics, serverMetrics)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
	logger := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.InfoLevel))
	sinks := func(m *metrics.Metrics) []Option {
		return []Option{WithLogger(logger), WithMetrics(m), WithTracerProvider(tp)}
	}
	account := ucpaastest.DefaultAccount()
	account.Balance = 1 << 50
	sim := ucpaastest.NewServer(ucpaastest.WithAccount(account), ucpaastest.WithMiddleware(func(h http.Handler) http.Handler {
		return NewHandler(h, sinks(serverMetrics)...)
	}))
	base := &http.Transport{MaxIdleConnsPerHost: soakWorkers}
	client := &http.Client{Transport: NewTransport(base, sinks(clientMetrics)...), Timeout: 10 * time.Second}
	jsonA := ucpaastest.Builder{BaseURL: sim.URL, Account: account}
	xmlA := ucpaastest.Builder{BaseURL: sim.URL, Account: account, XML: true}
	build := []func(context.Context) (*http.Request, error){
		func(ctx context.Context) (*http.Request, error) {
			return jsonA.TemplateSMS(ctx, []string{"13800138000", "13900139000"}, ucpaastest.DefaultTemplateCode, "1234")
		},
		func(ctx context.Context) (*http.Request, error) {
			return xmlA.TemplateSMS(ctx, []string{"13800138000"}, ucpaastest.DefaultTemplatePlain)
		},
		func(ctx context.Context) (*http.Request, error) {
			return jsonA.SendSMS(ctx, "13800138000", ucpaastest.DefaultTemplateNotice, "a", "b")
		},
		func(ctx context.Context) (*http.Request, error) { return jsonA.AccountInfo(ctx) },
	}

	var calls, failures atomic.Int64
	var firstErr atomic.Value
	run := func(until time.Time) {
		var wg sync.WaitGroup
		for w := 0; w < soakWorkers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; time.Now().Before(until); i++ {
					req, err := build[i%len(build)](context.Background())
					if err == nil {
						var resp *http.Response
						if resp, err = client.Do(req); err == nil {
							_, err = io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
							if err == nil && resp.StatusCode != 200 {
								err = fmt.Errorf("status %d", resp.StatusCode)
							}
						}
					}
					calls.Add(1)
					if err != nil {
						failures.Add(1)
						firstErr.CompareAndSwap(nil, err)
					}
				}
			}(w)
		}
		wg.Wait()
	}

	warmup := min(d/10, 5*time.Second)
	run(time.Now().Add(warmup))
	heapWarm := heapAfterGC()
	warmCalls := calls.Load()
	var peak uint64
	start := time.Now()
	for time.Since(start) < d-warmup {
		run(time.Now().Add(min(5*time.Second, d-warmup-time.Since(start))))
		peak = max(peak, heapAfterGC())
	}
	elapsed := time.Since(start)
	heapEnd := heapAfterGC()
	measured := calls.Load() - warmCalls

	client.CloseIdleConnections()
	sim.Close()
	_ = tp.Shutdown(context.Background())
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > goroutines && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	after := runtime.NumGoroutine()

	t.Logf("soak %v (+%v warm-up), %d workers: %d calls, %.0f requests/s; HeapInuse after GC: warm %.2f MiB, peak %.2f MiB, end %.2f MiB; goroutines %d → %d",
		elapsed.Round(time.Millisecond), warmup, soakWorkers, measured, float64(measured)/elapsed.Seconds(),
		float64(heapWarm)/(1<<20), float64(peak)/(1<<20), float64(heapEnd)/(1<<20), goroutines, after)
	if n := failures.Load(); n > 0 {
		t.Errorf("%d of %d calls failed; first: %v", n, calls.Load(), firstErr.Load())
	}
	for _, name := range []string{"ucpaas_client_failures_total", "sim_server_failures_total"} {
		if f := counted(t, reg, name); len(f) != 0 {
			t.Errorf("%s = %v, want no failure", name, f)
		}
	}
	for _, name := range []string{"ucpaas_client_requests_total", "sim_server_requests_total"} {
		if n := sum(counted(t, reg, name)); n != float64(calls.Load()) {
			t.Errorf("%s = %v, want %d", name, n, calls.Load())
		}
	}
	if peak > heapWarm+soakHeapSlack || heapEnd > heapWarm+soakHeapSlack {
		t.Errorf("heap grew: warm %d B, peak %d B, end %d B; want within %d B of warm", heapWarm, peak, heapEnd, soakHeapSlack)
	}
	if after > goroutines {
		t.Errorf("%d goroutines after the soak, %d before", after, goroutines)
	}
}
