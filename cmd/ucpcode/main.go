// Command ucpcode explains the UCPaaS platform's return codes and lists the catalog.
//
// Usage:
//
//	ucpcode CODE...                                   explain codes (100001, or 0 for 000000)
//	                                                  and the code labels other, none, transport
//	ucpcode list [-category C] [-domain D] [-format table|json|markdown]
//
// A code that the platform's return-code page lacks but its own SDKs know (104131) is explained
// with its source; list -format json gives every code's "source" ("table" or "php_sdk").
//
// Exit status: 0 on success, 1 if a code is not in the catalog, 2 on bad usage.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // a code is not in the catalog, or output failed
	exitUsage   = 2
)

// usage is the help text.
const usage = `Usage:
  ucpcode CODE...        explain platform return codes (100001 101106; 0 means 000000) and
                         the code labels that are no code (other none transport)
  ucpcode list [flags]   list the platform's codes

List flags:
  -category C   only codes of category C (ok balance auth account application client
                validation not_found content rate_limit platform)
  -domain D     only codes of domain D (common account application client voice sms)
  -format F     table (default), json or markdown
`

// run is the whole program: it reads args (without the program name), writes to stdout and
// stderr, and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "list":
		return list(args[1:], stdout, stderr)
	}
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "ucpcode: unknown flag %q\n%s", args[0], usage)
		return exitUsage
	}
	return explain(args, stdout, stderr)
}
