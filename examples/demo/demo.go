package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/middleware"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

// grace is how long calls under way may take to finish once the traffic stops; after it they
// are cancelled.
const grace = 2 * time.Second

// demo plays cfg's scenario, writing human output to out.
func demo(ctx context.Context, cfg config, out io.Writer) error {
	sc := scenarios[cfg.scenario]

	ln, err := listen(cfg.listen)
	if err != nil {
		return err
	}
	tel, err := newTelemetry(cfg, out)
	if err != nil {
		_ = ln.Close()
		return err
	}
	defer func() { _ = tel.shutdown() }()

	reg := prometheus.NewRegistry()
	m := metrics.New()
	reg.MustRegister(m)

	// The simulated platform counts the answers it gives (ucpaas_server_*); its spans are not
	// the application's, so they go nowhere.
	sim := ucpaastest.NewServer(append(sc.simulatorOptions(cfg.rate), ucpaastest.WithLatency(cfg.latencyProfile()),
		ucpaastest.WithMiddleware(func(next http.Handler) http.Handler {
			return middleware.NewHandler(next, middleware.WithMetrics(m), middleware.WithTracerProvider(noop.NewTracerProvider()))
		}))...)
	defer sim.Close()

	srv := serveMetrics(ln, reg)
	defer func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()

	// The application's client: one line of ucpobs around its transport.
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = cfg.workers
	defer base.CloseIdleConnections()
	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: middleware.NewTransport(base,
			middleware.WithLogger(tel.log),
			middleware.WithMetrics(m),
			middleware.WithTracerProvider(tel.tp),
		),
	}

	writeLine(out, fmt.Sprintf("ucpobs demo, scenario %s: %s", cfg.scenario, sc.summary))
	writeLine(out, fmt.Sprintf("simulated platform at %s; %d workers, at most %d calls/s, %s",
		sim.URL, cfg.workers, cfg.rate, durationText(cfg.duration)))
	writeLine(out, fmt.Sprintf("metrics: http://%s/metrics", ln.Addr()))
	writeLine(out, "alerts to expect: "+sc.alerts)

	trafficCtx, stopTraffic := context.WithCancel(ctx)
	defer stopTraffic()
	if cfg.duration > 0 {
		var cancel context.CancelFunc
		trafficCtx, cancel = context.WithTimeout(trafficCtx, cfg.duration)
		defer cancel()
	}
	callCtx, cancelCalls := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelCalls()

	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		wg.Go(func() { drive(trafficCtx, callCtx, client, sim.URL, sc, cfg.workers, cfg.rate, tel.log) })
		if cfg.accountPoll > 0 {
			// The billing job: a host of its own with the account's current token.
			poller := newWorker(cfg.workers, sim.URL, host{token: sc.token}, tel.log)
			wg.Go(func() { pollAccount(trafficCtx, callCtx, client, poller, cfg.accountPoll) })
		}
		if sc.topUp > 0 {
			wg.Go(func() { topUpWhenExhausted(trafficCtx, reg, sim, sc.topUp, cfg.topUpAfter, out) })
		}
		wg.Wait()
	}()
	progress(trafficCtx, out, reg, start, cfg.progress)

	select {
	case <-done:
	case <-time.After(grace):
		cancelCalls()
		<-done
	}

	t, err := readTally(reg)
	if err != nil {
		return fmt.Errorf("reading the metrics back: %w", err)
	}
	writeTable(out, time.Since(start), t)
	return nil
}

// listen opens the metrics address, explaining the usual failure.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("listen %s: address already in use — pass -listen to choose another port", addr)
	}
	if err != nil {
		return nil, err // already "listen tcp <addr>: …"
	}
	return ln, nil
}

// serveMetrics serves /metrics from reg on ln, in OpenMetrics format when the scraper asks for
// it, so that exemplars show.
func serveMetrics(ln net.Listener, reg *prometheus.Registry) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{EnableOpenMetrics: true}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv
}

// progress writes a progress line every interval until ctx is done.
func progress(ctx context.Context, out io.Writer, reg prometheus.Gatherer, start time.Time, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if t, err := readTally(reg); err == nil {
				writeProgress(out, time.Since(start), t)
			}
		}
	}
}

func durationText(d time.Duration) string {
	if d == 0 {
		return "until Ctrl-C"
	}
	return "for " + d.String() + " (Ctrl-C stops earlier)"
}
