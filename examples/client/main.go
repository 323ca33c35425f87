// Command client shows the smallest useful ucpobs setup: one http.Client whose transport is
// wrapped by middleware.NewTransport, with a zap logger and Prometheus metrics.
//
// It has no account on the real platform, so it starts the simulator (package ucpaastest) and
// sends it two template SMS: one the platform accepts and one with a template id it does not
// know. Both come back as HTTP 200; only the return code in the body tells them apart, and that
// is what the log lines and the failure counter show.
//
//	go run ./examples/client
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/middleware"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(1)
	}
}

// run sends the two SMS and writes what happened to out.
func run(ctx context.Context, out io.Writer) error {
	platform := ucpaastest.NewServer()
	defer platform.Close()

	logger := zap.New(zapcore.NewCore(
		zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig()), zapcore.AddSync(out), zapcore.DebugLevel))
	reg := prometheus.NewRegistry()

	// The five lines: metrics on your own registry, and the wrapped transport.
	m := metrics.New()
	reg.MustRegister(m)
	client := &http.Client{Transport: middleware.NewTransport(http.DefaultTransport,
		middleware.WithLogger(logger),
		middleware.WithMetrics(m),
	)}
	defer client.CloseIdleConnections()

	b := ucpaastest.Builder{BaseURL: platform.URL, Account: ucpaastest.DefaultAccount()}
	for _, template := range []string{ucpaastest.DefaultTemplateCode, "99999"} {
		req, err := b.TemplateSMS(ctx, []string{"13912345678"}, template, "246810")
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "template %s: HTTP %d, body %s\n", template, resp.StatusCode, strings.TrimSpace(string(body)))
	}

	fmt.Fprintln(out, "\nWhat Prometheus scrapes (series above zero):")
	return writeNonZero(out, reg)
}

// writeNonZero writes the counters of reg whose value is above zero, in the text exposition
// format; the zero series (the instrumentation errors, created at 0) are left out to keep the
// output short.
func writeNonZero(out io.Writer, reg prometheus.Gatherer) error {
	families, err := reg.Gather()
	if err != nil {
		return err
	}
	for _, f := range families {
		if f.GetType() != dto.MetricType_COUNTER {
			continue
		}
		var kept []*dto.Metric
		for _, m := range f.GetMetric() {
			if m.GetCounter().GetValue() > 0 {
				kept = append(kept, m)
			}
		}
		if len(kept) == 0 {
			continue
		}
		f.Metric = kept
		if _, err := expfmt.MetricFamilyToText(out, f); err != nil {
			return err
		}
	}
	return nil
}
