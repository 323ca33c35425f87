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
	"slices"
	"strings"

	"github.com/ucpobs/ucpobs/codes"
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

// usage is the help text. The labels, categories and domains it names are those of package
// codes.
var usage = fmt.Sprintf(`Usage:
  ucpcode CODE...        explain platform return codes (100001 101106; 0 means 000000) and
                         the code labels that are no code (%s)
  ucpcode list [flags]   list the platform's codes

List flags:
  -category C   only codes of category C, one of:
                %s
  -domain D     only codes of domain D, one of: %s
  -format F     table (default), json or markdown
`, strings.Join(specialLabelNames(), " "), strings.Join(codeCategories(), " "), strings.Join(domainNames(), " "))

// specialLabelNames returns the code label values that are no code.
func specialLabelNames() []string {
	var out []string
	for _, s := range codes.SpecialLabels() {
		out = append(out, s.Label)
	}
	return out
}

// codeCategories returns the categories a catalog code can have: every category but those of the
// code labels that are no code.
func codeCategories() []string {
	var out []string
	for _, c := range codes.Categories() {
		if !slices.ContainsFunc(codes.SpecialLabels(), func(s codes.SpecialLabel) bool { return s.Category == c }) {
			out = append(out, string(c))
		}
	}
	return out
}

// domainNames returns every domain.
func domainNames() []string {
	var out []string
	for _, d := range codes.Domains() {
		out = append(out, string(d))
	}
	return out
}

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
