// Command ucpaas-rules writes the ucpobs Prometheus rule files (ucpaas_alerts.yml and
// ucpaas_recording_rules.yml) into a directory, rendered with the given selector and thresholds.
// From the root of a checkout of ucpobs:
//
//	go run ./monitoring/rules/cmd/ucpaas-rules [-namespace ucpaas] [-selector 'job="billing"'] [-runbook URL]
//	    [-balance-floor 100] [-balance-horizon 24h] [-recipient-failure-ratio 0.2] [-out DIR]
//
// It exits 0 on success and on -h, 2 on a bad flag or value (with the reason, e.g. the PromQL
// parser's error for a selector), 1 when the files cannot be written.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ucpobs/ucpobs/monitoring/rules"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// usageError is a bad flag or flag value: exit status 2.
type usageError struct{ error }

// run parses args, renders the rule files and writes them; it reports to stderr and returns the
// exit status.
func run(args []string, stderr io.Writer) int {
	err := write(args, stderr)
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, "ucpaas-rules:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "ucpaas-rules:", err)
		return 1
	}
}

// write does the work of run.
func write(args []string, stderr io.Writer) error {
	cfg := rules.DefaultConfig()
	fs := flag.NewFlagSet("ucpaas-rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Namespace, "namespace", cfg.Namespace, "metric name prefix, as given to metrics.WithNamespace in the application")
	fs.StringVar(&cfg.Selector, "selector", cfg.Selector, "label matchers, without braces, that select the ucpobs targets")
	fs.StringVar(&cfg.RunbookURL, "runbook", cfg.RunbookURL, "runbook address; alerts link to it plus #<alert name>")
	fs.Float64Var(&cfg.BalanceFloor, "balance-floor", cfg.BalanceFloor, "UcpaasBalanceLow fires under this balance, in yuan (0: no floor)")
	fs.DurationVar(&cfg.BalanceHorizon, "balance-horizon", cfg.BalanceHorizon, "UcpaasBalanceLow fires when the balance would reach zero within this time (whole minutes)")
	fs.Float64Var(&cfg.RecipientFailureRatio, "recipient-failure-ratio", cfg.RecipientFailureRatio, "UcpaasRecipientFailuresHigh fires above this share of failed recipients, in (0, 1)")
	out := fs.String("out", ".", "directory the rule files are written to")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err} // the flag package already printed the reason and the usage
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments %q", fs.Args())}
	}
	files, err := rules.Files(cfg)
	if err != nil {
		return usageError{err}
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*out, f.Name), f.Content, 0o644); err != nil {
			return err
		}
	}
	return nil
}
