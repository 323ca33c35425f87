package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/ucpobs/ucpobs/ucpaastest"
)

// config is what the flags say.
type config struct {
	scenario string
	listen   string
	duration time.Duration
	rate     int
	workers  int
	progress time.Duration
	traces   bool
	otlp     string
	// logsPerSecond caps the failure log entries per second and level; 0 logs every failure.
	logsPerSecond int
	// latency is the simulated platform's median answer time; 0 answers at once.
	latency time.Duration
	// accountPoll is the interval between account-info polls; 0 polls never.
	accountPoll time.Duration
	// topUpAfter is how long after the first balance failure balance-topup tops the balance up.
	topUpAfter time.Duration
}

// tailFactor is how many times the median answer time the 99th percentile is.
const tailFactor = 8

const usageHeader = `Usage: go run ./examples/demo [flags]

Runs the UCPaaS platform simulator on loopback, sends it realistic traffic through
middleware.NewTransport and serves the metrics (OpenMetrics, with exemplars) on -listen.

Scenarios:
  mixed              everyday traffic of families A, A', B (batches with failing recipients) and C:
                     bad requests, content and rate-limit refusals, 2% platform faults
  balance-exhausted  the balance falls steadily and runs out after 5 minutes: 余额不足 (100001) from then on
  balance-topup      1 yuan runs out within seconds; the balance is topped up -topup-after the first 100001
  auth-broken        the token was rotated and some hosts' clocks are 55 minutes slow: 101116, 101115, 101106
  platform-outage    the platform fails often (100699, 100500, 105100) and answers slowly

Flags:
`

// latencyProfile is the simulated platform's answer time: log-normal around -latency, with a tail.
func (c config) latencyProfile() ucpaastest.Latency {
	return ucpaastest.Latency{Median: c.latency, P99: tailFactor * c.latency}
}

// parseFlags parses args; when ok is false the caller exits with code (usage already printed).
func parseFlags(args []string, stderr io.Writer) (cfg config, code int, ok bool) {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageHeader)
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.scenario, "scenario", "mixed", "the story to play: "+strings.Join(scenarioNames(), ", "))
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:9464", "address of the /metrics endpoint (port 0 picks a free one)")
	fs.DurationVar(&cfg.duration, "duration", 30*time.Second, "how long to send traffic; 0 runs until Ctrl-C")
	fs.IntVar(&cfg.rate, "rate", 20, "calls per second, at most")
	fs.IntVar(&cfg.workers, "workers", 8, "concurrent callers")
	fs.DurationVar(&cfg.progress, "progress", 5*time.Second, "interval between progress lines")
	fs.IntVar(&cfg.logsPerSecond, "logs-per-second", 10, "failure log entries per second and level, at most (0: every failure)")
	fs.DurationVar(&cfg.latency, "latency", 60*time.Millisecond,
		fmt.Sprintf("median answer time of the simulated platform; 1%% of the answers take over %d times it (0: answers at once)", tailFactor))
	fs.DurationVar(&cfg.accountPoll, "account-poll", 10*time.Second, "interval between account-info polls, which export the balance (0: no polls)")
	fs.DurationVar(&cfg.topUpAfter, "topup-after", 90*time.Second, "balance-topup: how long after the first 余额不足 (100001) the balance is topped up")
	fs.BoolVar(&cfg.traces, "traces", false, "print every span to stdout")
	fs.StringVar(&cfg.otlp, "otlp", "", "send spans over OTLP/HTTP to this collector `host:port` (e.g. 127.0.0.1:4318)")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, exitOK, false
		}
		return cfg, exitUsage, false
	}
	if err := cfg.validate(fs.Args()); err != nil {
		fmt.Fprintf(stderr, "demo: %v\n", err)
		fs.Usage()
		return cfg, exitUsage, false
	}
	return cfg, exitOK, true
}

func (c config) validate(rest []string) error {
	switch {
	case len(rest) > 0:
		return fmt.Errorf("unexpected argument %q (the demo takes flags only)", rest[0])
	case !slices.Contains(scenarioNames(), c.scenario):
		return fmt.Errorf("unknown scenario %q; choose one of %s", c.scenario, strings.Join(scenarioNames(), ", "))
	case c.duration < 0:
		return errors.New("-duration must not be negative")
	case c.rate < 1 || c.rate > 10000:
		return errors.New("-rate must be between 1 and 10000 calls per second")
	case c.workers < 1 || c.workers > 1000:
		return errors.New("-workers must be between 1 and 1000")
	case c.progress <= 0:
		return errors.New("-progress must be positive")
	case c.logsPerSecond < 0:
		return errors.New("-logs-per-second must not be negative")
	case c.latency < 0:
		return errors.New("-latency must not be negative")
	case c.accountPoll < 0:
		return errors.New("-account-poll must not be negative")
	case c.topUpAfter < 0:
		return errors.New("-topup-after must not be negative")
	}
	if _, _, err := net.SplitHostPort(c.listen); err != nil {
		return fmt.Errorf("-listen %q: want host:port", c.listen)
	}
	if c.otlp != "" {
		if _, _, err := net.SplitHostPort(c.otlp); err != nil {
			return fmt.Errorf("-otlp %q: want host:port", c.otlp)
		}
	}
	return nil
}
