// Command demo shows ucpobs at work with nothing but Go installed: it starts the UCPaaS platform
// simulator (package ucpaastest) on loopback, drives realistic traffic at it through
// middleware.NewTransport, and exposes the resulting Prometheus metrics, exemplars included, on
// /metrics.
//
//	go run ./examples/demo                               # 30 s of mixed traffic
//	go run ./examples/demo -scenario balance-topup       # 余额不足 (100001) within seconds, then a top-up
//	go run ./examples/demo -duration 0 -traces           # until Ctrl-C, spans printed
//
// Failures are logged (zap, Warn and above), a progress line is printed every few seconds, and at
// the end a table lists the failures per return code with their category and meaning. Run it with
// -h for every flag.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal, a second one kills the process the default way.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes of run.
const (
	exitOK    = 0
	exitError = 1 // the demo could not start or finish (e.g. the port is taken)
	exitUsage = 2 // bad flags
)

// run is the whole demo: it parses args, runs until the duration ends or ctx is done, and returns
// the process exit code. Human output goes to stdout; usage and errors to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, code, ok := parseFlags(args, stderr)
	if !ok {
		return code
	}
	if err := demo(ctx, cfg, &lockedWriter{w: stdout}); err != nil {
		writeLine(stderr, "demo: "+err.Error())
		return exitError
	}
	return exitOK
}
