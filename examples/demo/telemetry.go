package main

import (
	"context"
	"io"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// telemetry is the demo's logger and tracer provider.
type telemetry struct {
	log *zap.Logger
	tp  *sdktrace.TracerProvider
}

// newTelemetry builds a console logger writing failures (Warn and above) to out, at most
// logsPerSecond entries per second and level (0: all), and a tracer provider that samples every
// span, so that failure counters carry trace_id exemplars; spans are printed to out with -traces
// and sent to a collector with -otlp.
func newTelemetry(cfg config, out io.Writer) (*telemetry, error) {
	enc := zap.NewDevelopmentEncoderConfig()
	enc.EncodeTime = zapcore.TimeEncoderOfLayout("15:04:05.000")
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.AddSync(out), zapcore.WarnLevel)
	if cfg.logsPerSecond > 0 {
		core = zapcore.NewSamplerWithOptions(core, time.Second, cfg.logsPerSecond, 0)
	}

	opts := []sdktrace.TracerProviderOption{
		sdktrace.WithSampler(sdktrace.AlwaysSample()),
		sdktrace.WithResource(resource.NewSchemaless(semconv.ServiceName("ucpobs-demo"))),
	}
	if cfg.traces {
		exp, err := stdouttrace.New(stdouttrace.WithWriter(out), stdouttrace.WithPrettyPrint())
		if err != nil {
			return nil, err
		}
		opts = append(opts, sdktrace.WithSyncer(exp)) // printed as they end, not in bursts
	}
	if cfg.otlp != "" {
		exp, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpoint(cfg.otlp), otlptracehttp.WithInsecure())
		if err != nil {
			return nil, err
		}
		opts = append(opts, sdktrace.WithBatcher(exp))
	}
	return &telemetry{log: zap.New(core), tp: sdktrace.NewTracerProvider(opts...)}, nil
}

// shutdown flushes the spans still buffered, waiting at most five seconds for exporters. The
// console logger writes unbuffered, so it needs no Sync.
func (t *telemetry) shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return t.tp.Shutdown(ctx)
}
