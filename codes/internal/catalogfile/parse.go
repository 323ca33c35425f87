// Package catalogfile reads codes/catalog.tsv, the source of truth of the platform's return codes,
// and renders the files generated from it: codes/catalog_gen.go and docs/codes.md. The generator
// (codes/internal/gencatalog) writes them; the codes tests render them in memory to prove the
// committed copies are fresh.
package catalogfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ucpobs/ucpobs/codes"
)

// Header is the header row catalog.tsv must start with (after comment lines).
const Header = "code\tmessages\tenglish\tcategory\tdomain\tretryable\tsource\talso"

// MessageSeparator separates the texts of the messages and also columns; the last text of the
// messages column is the primary one.
const MessageSeparator = " | "

// None is the also column of a code no other source gives a text.
const None = "-"

// columns is the number of tab-separated fields of every row.
const columns = 8

// Parse reads a catalog in the catalog.tsv format: '#' comment lines and blank lines are skipped,
// the first other line must be Header, every further line is one code. It checks every row (six
// digits, no duplicate, a category a code can have, the domain DomainOf gives, a boolean
// retryable, a source, non-empty distinct texts and English, also texts "source: text" from
// another source) and returns the codes in code order, or every
// problem found, each with its line number.
func Parse(r io.Reader) ([]codes.Code, error) {
	sc := bufio.NewScanner(r)
	var (
		out     []codes.Code
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
		c, err := parseRow(line)
		if err != nil {
			lineErr("%v", err)
			continue
		}
		if first, dup := seenAt[c.Value]; dup {
			lineErr("code %s already given on line %d", c.Value, first)
			continue
		}
		seenAt[c.Value] = lineNo
		out = append(out, c)
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
	slices.SortFunc(out, func(a, b codes.Code) int { return strings.Compare(a.Value, b.Value) })
	return out, nil
}

// parseRow parses and checks one data row.
func parseRow(line string) (codes.Code, error) {
	f := strings.Split(line, "\t")
	if len(f) != columns {
		return codes.Code{}, fmt.Errorf("%d fields, want %d", len(f), columns)
	}
	value, messages, english := f[0], strings.Split(f[1], MessageSeparator), f[2]
	category, domain := codes.Category(f[3]), codes.Domain(f[4])
	if n, ok := codes.Normalize(value); !ok || n != value {
		return codes.Code{}, fmt.Errorf("code %q is not six digits", value)
	}
	for i, m := range messages {
		if strings.TrimSpace(m) == "" {
			return codes.Code{}, fmt.Errorf("code %s: message %d is empty", value, i+1)
		}
		if slices.Contains(messages[:i], m) {
			return codes.Code{}, fmt.Errorf("code %s: message %q given twice", value, m)
		}
	}
	if strings.TrimSpace(english) == "" {
		return codes.Code{}, fmt.Errorf("code %s: english is empty", value)
	}
	if _, ok := categoryConst[category]; !ok {
		return codes.Code{}, fmt.Errorf("code %s: category %q is not one a code can have", value, category)
	}
	if want := codes.DomainOf(value); domain != want {
		return codes.Code{}, fmt.Errorf("code %s: domain %q, want %q", value, domain, want)
	}
	var retryable bool
	switch f[5] {
	case "true":
		retryable = true
	case "false":
	default:
		return codes.Code{}, fmt.Errorf("code %s: retryable %q is neither true nor false", value, f[5])
	}
	source := codes.Source(f[6])
	if !source.Valid() {
		return codes.Code{}, fmt.Errorf("code %s: source %q is not one of %v", value, source, codes.Sources())
	}
	all := messages
	if f[7] != None {
		for _, item := range strings.Split(f[7], MessageSeparator) {
			from, text, found := strings.Cut(item, ": ")
			switch {
			case !found || strings.TrimSpace(text) == "":
				return codes.Code{}, fmt.Errorf("code %s: also %q is not \"source: text\"", value, item)
			case !codes.Source(from).Valid() || codes.Source(from) == source:
				return codes.Code{}, fmt.Errorf("code %s: also %q names %q, not another source", value, item, from)
			case slices.Contains(all, text):
				return codes.Code{}, fmt.Errorf("code %s: message %q given twice", value, text)
			}
			all = append(slices.Clip(all), text)
		}
	}
	return codes.Code{
		Value:     value,
		Message:   messages[len(messages)-1],
		Messages:  all,
		English:   english,
		Category:  category,
		Domain:    domain,
		Retryable: retryable,
		Source:    source,
	}, nil
}
