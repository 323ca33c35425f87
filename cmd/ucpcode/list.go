package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ucpobs/ucpobs/codes"
)

// list runs the list subcommand with its arguments.
func list(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ucpcode list", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	category := fs.String("category", "", "only codes of this category")
	domain := fs.String("domain", "", "only codes of this domain")
	format := fs.String("format", "table", "table, json or markdown")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return exitOK
		}
		return usageError(stderr, err.Error())
	}
	switch {
	case fs.NArg() > 0:
		return usageError(stderr, fmt.Sprintf("list takes no arguments, got %q", fs.Args()))
	case *category != "" && !codes.Category(*category).Valid():
		return usageError(stderr, fmt.Sprintf("unknown category %q", *category))
	case *domain != "" && !codes.Domain(*domain).Valid():
		return usageError(stderr, fmt.Sprintf("unknown domain %q", *domain))
	}
	write, ok := writers[*format]
	if !ok {
		return usageError(stderr, fmt.Sprintf("unknown format %q", *format))
	}
	var selected []codes.Code
	for _, c := range codes.All() {
		if (*category == "" || c.Category == codes.Category(*category)) && (*domain == "" || c.Domain == codes.Domain(*domain)) {
			selected = append(selected, c)
		}
	}
	if err := write(stdout, selected); err != nil {
		fmt.Fprintln(stderr, "ucpcode:", err)
		return exitFailure
	}
	return exitOK
}

// usageError reports a usage problem and returns exitUsage.
func usageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "ucpcode: %s\n%s", msg, usage)
	return exitUsage
}

// writers are the output formats of list.
var writers = map[string]func(io.Writer, []codes.Code) error{
	"table":    writeTable,
	"json":     writeJSON,
	"markdown": writeMarkdown,
}

// jsonCode is one code in the JSON output; its keys are a contract.
type jsonCode struct {
	Code      string         `json:"code"`
	Message   string         `json:"message"`
	Messages  []string       `json:"messages"`
	English   string         `json:"english"`
	Category  codes.Category `json:"category"`
	Domain    codes.Domain   `json:"domain"`
	Retryable bool           `json:"retryable"`
	Source    codes.Source   `json:"source"`
}

// writeJSON writes cs as one indented JSON array.
func writeJSON(w io.Writer, cs []codes.Code) error {
	out := make([]jsonCode, 0, len(cs))
	for _, c := range cs {
		out = append(out, jsonCode{
			Code: c.Value, Message: c.Message, Messages: c.Messages, English: c.English,
			Category: c.Category, Domain: c.Domain, Retryable: c.Retryable, Source: c.Source,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeTable writes cs as aligned columns, the Chinese text last so wide characters do not
// shift the other columns.
func writeTable(w io.Writer, cs []codes.Code) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tCATEGORY\tDOMAIN\tRETRYABLE\tENGLISH\tMESSAGE")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Value, c.Category, c.Domain, yesNo(c.Retryable), c.English, c.Message)
	}
	return tw.Flush()
}

// writeMarkdown writes cs as a Markdown table.
func writeMarkdown(w io.Writer, cs []codes.Code) error {
	var b strings.Builder
	b.WriteString("| code | category | domain | retryable | message | english |\n|---|---|---|---|---|---|\n")
	for _, c := range cs {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n",
			c.Value, c.Category, c.Domain, yesNo(c.Retryable), mdCell(c.Message), mdCell(c.English))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
