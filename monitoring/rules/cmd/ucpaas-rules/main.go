// Command ucpaas-rules writes the ucpobs Prometheus rule files (ucpaas_alerts.yml and
// ucpaas_recording_rules.yml) into a directory, rendered with the given selector.
//
// Usage:
//
//	ucpaas-rules [-selector 'job="billing"'] [-runbook URL] [-out DIR]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ucpobs/ucpobs/monitoring/rules"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ucpaas-rules:", err)
		os.Exit(1)
	}
}

// run parses args, renders the rule files and writes them; usage errors go to stderr.
func run(args []string, stderr io.Writer) error {
	cfg := rules.DefaultConfig()
	fs := flag.NewFlagSet("ucpaas-rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Selector, "selector", cfg.Selector, "label matchers, without braces, that select the ucpobs targets")
	fs.StringVar(&cfg.RunbookURL, "runbook", cfg.RunbookURL, "runbook address; alerts link to it plus #<alert name>")
	out := fs.String("out", ".", "directory the rule files are written to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	files, err := rules.Files(cfg)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*out, f.Name), f.Content, 0o644); err != nil {
			return err
		}
	}
	return nil
}
