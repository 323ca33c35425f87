package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/ucpobs/ucpobs/codes"
)

// explain writes what each code of values means, or each code label value that is no code
// (other, none, transport: what a dashboard shows). It reports every other value on stderr and
// returns exitFailure if there was one.
func explain(values []string, stdout, stderr io.Writer) int {
	status := exitOK
	first := true
	for _, v := range values {
		c, isCode := codes.Lookup(v)
		special, isSpecial := specialLabel(strings.TrimSpace(v))
		if !isCode && !isSpecial {
			reportMissing(stderr, v)
			status = exitFailure
			continue
		}
		if !first {
			fmt.Fprintln(stdout)
		}
		first = false
		if isCode {
			writeExplanation(stdout, c)
		} else {
			writeSpecial(stdout, special)
		}
	}
	return status
}

// specialLabel returns the code label value v that is no code, if it is one.
func specialLabel(v string) (codes.SpecialLabel, bool) {
	for _, s := range codes.SpecialLabels() {
		if s.Label == v {
			return s, true
		}
	}
	return codes.SpecialLabel{}, false
}

// writeSpecial writes what a code label value that is no code means.
func writeSpecial(w io.Writer, s codes.SpecialLabel) {
	fmt.Fprintf(w, "%s  %s\n", s.Label, s.Message)
	fmt.Fprintf(w, "  %-11s %s\n", "english", s.English)
	fmt.Fprintf(w, "  %-11s %s\n", "category", s.Category)
	fmt.Fprintf(w, "  %-11s %s\n", "what to do", s.Category.Action())
	fmt.Fprintf(w, "  %-11s %s\n", "note", "a code label value, not a platform return code")
}

// reportMissing says why v, which codes.Lookup rejected, is not explained: it is not a number of
// up to six digits, or the platform's table lacks it.
func reportMissing(stderr io.Writer, v string) {
	n, ok := codes.Normalize(v)
	if !ok {
		fmt.Fprintf(stderr, "ucpcode: %q is not a return code (a number of up to six digits)\n", v)
		return
	}
	fmt.Fprintf(stderr, "ucpcode: %s is not in the platform's code table; if a newer platform API returns it, "+
		"register it with codes.NewCatalog (category unknown until then)\n", n)
}

// writeExplanation writes one code's description; a code that is not on the platform's page also
// says where it comes from.
func writeExplanation(w io.Writer, c codes.Code) {
	fmt.Fprintf(w, "%s  %s\n", c.Value, c.Message)
	for _, m := range c.Messages {
		if m != c.Message {
			fmt.Fprintf(w, "  %-11s %s\n", "also", m)
		}
	}
	fmt.Fprintf(w, "  %-11s %s\n", "english", c.English)
	fmt.Fprintf(w, "  %-11s %s\n", "category", c.Category)
	fmt.Fprintf(w, "  %-11s %s\n", "domain", c.Domain)
	fmt.Fprintf(w, "  %-11s %s\n", "retryable", yesNo(c.Retryable))
	fmt.Fprintf(w, "  %-11s %s\n", "what to do", c.Category.Action())
	if c.Source != codes.SourceTable {
		fmt.Fprintf(w, "  %-11s %s (%s)\n", "source", c.Source, c.Source.Description())
	}
}

// yesNo renders a boolean for people.
func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}
