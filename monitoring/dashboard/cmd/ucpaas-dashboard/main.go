// Command ucpaas-dashboard writes the ucpobs Grafana dashboard (JSON, ready to import) for the
// catalog ucpobs ships.
//
// Usage:
//
//	ucpaas-dashboard [-namespace ucpaas] [-out FILE]   # default: standard output
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/monitoring/dashboard"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ucpaas-dashboard:", err)
		os.Exit(1)
	}
}

// run parses args and writes the dashboard to -out, or to stdout without it; usage errors go to
// stderr.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ucpaas-dashboard", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ns := fs.String("namespace", dashboard.DefaultNamespace, "metric name prefix, as given to metrics.WithNamespace in the application")
	out := fs.String("out", "", "file the dashboard JSON is written to (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	data, err := dashboard.JSON(codes.All(), dashboard.WithNamespace(*ns))
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(data)
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}
