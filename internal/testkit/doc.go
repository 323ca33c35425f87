// Package testkit is the shared kit of the ucpobs tests and examples: sinks that record what the
// middleware emits (zap's observer, OpenTelemetry's span recorder, a Prometheus registry), readers
// of what they recorded, and the planted secrets every output is scanned for. It wraps the
// libraries' own test kits (prometheus/testutil, zaptest/observer, sdk/trace/tracetest) and adds
// only what they lack.
package testkit
