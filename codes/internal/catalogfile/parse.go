// Package catalogfile reads codes/catalog.tsv, the source of truth of the platform's return codes,
// and renders codes/catalog_gen.go from it. The generator (codes/internal/gencatalog) writes that
// file; the codes tests render it in memory to prove the committed copy is fresh.
//
// It does not import package codes, whose source it writes: it knows the codes constants of the
// categories and sources by name, and the codes tests prove those names carry these values.
package catalogfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Header is the header row catalog.tsv must start with (after comment lines).
const Header = "code\tmessages\tenglish\tcategory\tretryable\tsource\talso"

// MessageSeparator separates the texts of the messages and also columns; the last text of the
// messages column is the primary one.
const MessageSeparator = " | "

// None is the also column of a code no other source gives a text.
const None = "-"

// columns is the number of tab-separated fields of every row.
const columns = 7

// CategoryConstants names the codes constant of each category a catalog code can have (every
// codes.Category except unknown, unparsed and transport); Parse accepts only these categories.
var CategoryConstants = map[string]string{
	"ok":          "CategoryOK",
	"balance":     "CategoryBalance",
	"auth":        "CategoryAuth",
	"account":     "CategoryAccount",
	"application": "CategoryApplication",
	"client":      "CategoryClient",
	"validation":  "CategoryValidation",
	"not_found":   "CategoryNotFound",
	"content":     "CategoryContent",
	"rate_limit":  "CategoryRateLimit",
	"platform":    "CategoryPlatform",
}

// SourceConstants names the codes constant of each source; Parse accepts only these sources.
var SourceConstants = map[string]string{
	"table":   "SourceTable",
	"php_sdk": "SourcePHPSDK",
}

// Row is one code of catalog.tsv, as written there.
type Row struct {
	// Value is the six-digit code.
	Value string
	// Messages are the texts Source gives the code, in its order; the last one is the primary.
	Messages []string
	// Also are the texts other sources give the code (the also column without the source names).
	Also []string
	// English is the English translation of the primary message.
	English string
	// Category is a key of CategoryConstants.
	Category string
	// Retryable is the retryable column.
	Retryable bool
	// Source is a key of SourceConstants.
	Source string
}

// Parse reads a catalog in the catalog.tsv format: '#' comment lines and blank lines are skipped,
// the first other line must be Header, every further line is one code. It checks every row (six
// digits, no duplicate, a category a code can have, a boolean retryable, a source, non-empty
// distinct texts and English, also texts "source: text" from another source) and returns the
// rows in code order, or every problem found, each with its line number.
func Parse(r io.Reader) ([]Row, error) {
	sc := bufio.NewScanner(r)
	var (
		out     []Row
		errs    []error
		header  bool
		lineNo  int
		seenAt  = map[string]int{}
		lineErr = func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("line %d: "+format, append([]any{lineNo}, args...)...))
		}
	)
	for sc.Scan() {
		lineNo++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !header {
			if line != Header {
				lineErr("header is %q, want %q", line, Header)
				return nil, errors.Join(errs...)
			}
			header = true
			continue
		}
		row, err := parseRow(line)
		if err != nil {
			lineErr("%v", err)
			continue
		}
		if first, dup := seenAt[row.Value]; dup {
			lineErr("code %s already given on line %d", row.Value, first)
			continue
		}
		seenAt[row.Value] = lineNo
		out = append(out, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading catalog: %w", err)
	}
	if !header {
		errs = append(errs, errors.New("no header row"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Row) int { return strings.Compare(a.Value, b.Value) })
	return out, nil
}

// parseRow parses and checks one data row.
func parseRow(line string) (Row, error) {
	f := strings.Split(line, "\t")
	if len(f) != columns {
		return Row{}, fmt.Errorf("%d fields, want %d", len(f), columns)
	}
	r := Row{Value: f[0], Messages: strings.Split(f[1], MessageSeparator), English: f[2], Category: f[3], Source: f[5]}
	if !isSixDigits(r.Value) {
		return Row{}, fmt.Errorf("code %q is not six digits", r.Value)
	}
	for i, m := range r.Messages {
		if strings.TrimSpace(m) == "" {
			return Row{}, fmt.Errorf("code %s: message %d is empty", r.Value, i+1)
		}
		if slices.Contains(r.Messages[:i], m) {
			return Row{}, fmt.Errorf("code %s: message %q given twice", r.Value, m)
		}
	}
	if strings.TrimSpace(r.English) == "" {
		return Row{}, fmt.Errorf("code %s: english is empty", r.Value)
	}
	if _, ok := CategoryConstants[r.Category]; !ok {
		return Row{}, fmt.Errorf("code %s: category %q is not one a code can have", r.Value, r.Category)
	}
	switch f[4] {
	case "true":
		r.Retryable = true
	case "false":
	default:
		return Row{}, fmt.Errorf("code %s: retryable %q is neither true nor false", r.Value, f[4])
	}
	if _, ok := SourceConstants[r.Source]; !ok {
		return Row{}, fmt.Errorf("code %s: source %q is not one of %v", r.Value, r.Source, sourceNames())
	}
	if f[6] == None {
		return r, nil
	}
	for _, item := range strings.Split(f[6], MessageSeparator) {
		from, text, found := strings.Cut(item, ": ")
		_, known := SourceConstants[from]
		switch {
		case !found || strings.TrimSpace(text) == "":
			return Row{}, fmt.Errorf("code %s: also %q is not \"source: text\"", r.Value, item)
		case !known || from == r.Source:
			return Row{}, fmt.Errorf("code %s: also %q names %q, not another source", r.Value, item, from)
		case slices.Contains(r.Messages, text) || slices.Contains(r.Also, text):
			return Row{}, fmt.Errorf("code %s: message %q given twice", r.Value, text)
		}
		r.Also = append(r.Also, text)
	}
	return r, nil
}

// isSixDigits reports whether s is a code as catalog.tsv writes it: exactly six ASCII digits.
func isSixDigits(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// sourceNames returns the keys of SourceConstants, sorted.
func sourceNames() []string {
	return slices.Sorted(maps.Keys(SourceConstants))
}
