package codes

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Catalog is a set of return codes keyed by their six-digit value. A Catalog never changes after
// it is built, so it is safe for concurrent use; Lookup does not allocate.
//
// The Messages slices of the codes it returns are shared with the catalog and must not be
// modified.
type Catalog struct {
	byValue map[string]Code
	ordered []Code // in code order
}

// defaultCatalog is the platform's table, built once from the generated rows.
var defaultCatalog = newCatalog(generated)

// row is one code as catalog_gen.go holds it: what catalog.tsv says, nothing that can be
// derived. row.code completes it.
type row struct {
	value     string
	messages  []string // the texts of its source, the primary one last
	also      []string // texts another source gives the code
	english   string
	category  Category
	retryable bool
	source    Source
}

// code returns the Code of r: Message is the last of its source's texts, Messages those texts
// followed by the other sources' ones, and Domain is DomainOf its value.
func (r row) code() Code {
	return Code{
		Value:     r.value,
		Message:   r.messages[len(r.messages)-1],
		Messages:  append(slices.Clip(r.messages), r.also...),
		English:   r.english,
		Category:  r.category,
		Domain:    DomainOf(r.value),
		Retryable: r.retryable,
		Source:    r.source,
	}
}

// newCatalog indexes rows, which must have distinct values.
func newCatalog(rows []row) *Catalog {
	byValue := make(map[string]Code, len(rows))
	for _, r := range rows {
		byValue[r.value] = r.code()
	}
	return catalogOf(byValue)
}

// catalogOf returns the catalog of byValue, with its codes put in code order.
func catalogOf(byValue map[string]Code) *Catalog {
	ordered := slices.SortedFunc(maps.Values(byValue), func(a, b Code) int {
		return strings.Compare(a.Value, b.Value)
	})
	return &Catalog{byValue: byValue, ordered: ordered}
}

// Default returns the catalog of the platform's code table (codes/catalog.tsv). Every call
// returns the same catalog.
func Default() *Catalog { return defaultCatalog }

// NewCatalog returns a catalog holding the platform's table plus extra, for codes the table lacks (the
// platform's newer SMS API answers with codes such as 105147 or 300001) or whose texts it
// re-uses with a new meaning. An extra code replaces a default code with the same Value
// entirely (texts, category, domain, retryable).
//
// Each extra must have a Value of exactly six digits and a Category that is valid and describes
// a code (not [CategoryUnknown], [CategoryUnparsed] or [CategoryTransport]); a Domain and a Source, if
// set, must be valid, and an empty Domain is filled in with [DomainOf]. If Messages does not hold
// Message, Message is appended to it; if Message is empty, it becomes the last of Messages.
// NewCatalog copies the Messages slices it is given. It reports every invalid or duplicated extra
// at once.
func NewCatalog(extra ...Code) (*Catalog, error) {
	byValue := maps.Clone(defaultCatalog.byValue)
	seen := make(map[string]bool, len(extra))
	var errs []error
	for i, c := range extra {
		c, err := prepare(c)
		if err != nil {
			errs = append(errs, fmt.Errorf("codes: extra code #%d %q: %w", i, c.Value, err))
			continue
		}
		if seen[c.Value] {
			errs = append(errs, fmt.Errorf("codes: extra code #%d %q: given more than once", i, c.Value))
			continue
		}
		seen[c.Value] = true
		byValue[c.Value] = c
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return catalogOf(byValue), nil
}

// prepare checks an extra code and fills in its Domain and its Message/Messages pair.
func prepare(c Code) (Code, error) {
	if !isCode(c.Value) {
		return c, errors.New("value is not six digits")
	}
	if !isCodeCategory(c.Category) {
		return c, fmt.Errorf("category %q is not one a code can have", c.Category)
	}
	if c.Source != "" && !c.Source.Valid() {
		return c, fmt.Errorf("source %q is not valid", c.Source)
	}
	if c.Domain == "" {
		c.Domain = DomainOf(c.Value)
	} else if !c.Domain.Valid() {
		return c, fmt.Errorf("domain %q is not valid", c.Domain)
	}
	c.Messages = slices.Clone(c.Messages)
	if c.Message == "" && len(c.Messages) > 0 {
		c.Message = c.Messages[len(c.Messages)-1]
	}
	if c.Message != "" && !slices.Contains(c.Messages, c.Message) {
		c.Messages = append(c.Messages, c.Message)
	}
	return c, nil
}

// isCodeCategory reports whether a catalog code may carry category c: every valid category
// except the three that describe replies without a catalog code.
func isCodeCategory(c Category) bool {
	return c.Valid() && c != CategoryUnknown && c != CategoryUnparsed && c != CategoryTransport
}

// Lookup returns the code for value, which may be a six-digit code ("100001") or a shorter
// number as replies sometimes carry it ("0" means "000000"), with surrounding white space. It
// reports false for a value that is not such a number or not in the catalog, and for a nil
// catalog. It does not allocate.
func (c *Catalog) Lookup(value string) (Code, bool) {
	var buf [codeLen]byte
	if c == nil || !normalizeInto(&buf, strings.TrimSpace(value)) {
		return Code{}, false
	}
	code, ok := c.byValue[string(buf[:])] // the compiler indexes with buf's bytes, no copy
	return code, ok
}

// All returns a copy of the catalog's codes in code order.
func (c *Catalog) All() []Code {
	if c == nil {
		return nil
	}
	return slices.Clone(c.ordered)
}

// Len returns the number of codes in the catalog.
func (c *Catalog) Len() int {
	if c == nil {
		return 0
	}
	return len(c.ordered)
}

// Lookup returns the code for value from the platform's table; see Catalog.Lookup.
func Lookup(value string) (Code, bool) { return defaultCatalog.Lookup(value) }

// All returns the platform's table in code order; see Catalog.All.
func All() []Code { return defaultCatalog.All() }
