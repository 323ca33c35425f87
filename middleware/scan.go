package middleware

import (
	"net/url"
	"strings"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/extract"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/operation"
)

// codeScanner is the extractor behind a recover: a panic in the scanner (a bug, which its fuzz
// tests hunt for) ends the scan without a code instead of failing the call; panic keeps the
// value so that it can be reported (stage extract). The zero value is ready to use.
type codeScanner struct {
	s     extract.Scanner
	panic any // what the scanner panicked with; nil while it has not (recover never returns nil)
}

// feed hands p to the scanner and reports whether the scan is over.
func (c *codeScanner) feed(p []byte) (done bool) {
	if c.panic != nil {
		return true
	}
	defer func() {
		if p := recover(); p != nil {
			c.panic, done = p, true
		}
	}()
	return c.s.Feed(p)
}

// done reports whether the scan is over.
func (c *codeScanner) done() bool { return c.panic != nil || c.s.Done() }

// code returns the code found; none when the scanner failed.
func (c *codeScanner) code() ([]byte, bool) {
	if c.panic != nil {
		return nil, false
	}
	return c.s.Code()
}

// collectFor makes the scan collect what the reply of operation op carries besides its code: the
// recipients' codes of a batch send, the balance of account info. Any other operation (also a
// name the user's operation function chose) is scanned for its code alone.
func (c *codeScanner) collectFor(op string) {
	switch op {
	case operation.SendSMSBatch:
		c.s.ResetFor(extract.Recipients)
	case operation.AccountInfo:
		c.s.ResetFor(extract.Balance)
	}
}

// setCode records in o the code raw a scan found, classified against catalog, or (found false)
// a reply without a code.
func setCode(o *observation.Observation, catalog *codes.Catalog, raw []byte, found bool) {
	if found {
		o.SetReplyCode(catalog, raw)
		return
	}
	o.SetNoCode()
}

// collected adds to o what the scan collected besides the code: the recipients' results of a
// batch reply (classified against catalog) and an account's balance, with the masked account SID
// of u's path. Nothing when the scanner failed.
func (c *codeScanner) collected(o *observation.Observation, catalog *codes.Catalog, u *url.URL) {
	if c.panic != nil {
		return
	}
	if r := c.s.Report(); r.Present {
		rec := &observation.Recipients{Truncated: r.Truncated}
		for i := range r.Distinct {
			code, n := c.s.RecipientCode(i)
			rec.AddCode(catalog, code, n)
		}
		rec.AddNoCode(r.NoCode)
		rec.AddOverflow(r.Overflow)
		o.Recipients = rec
	}
	if yuan, ok := c.s.Balance(); ok {
		o.Balance, o.HasBalance = yuan, true
		o.Account = maskedAccount(u)
	}
}

// maskedAccount returns the masked account SID of a family A path (…/Accounts/{sid}[.json|.xml]…),
// "" when the path has none.
func maskedAccount(u *url.URL) string {
	if u == nil {
		return ""
	}
	rest := u.Path
	for rest != "" {
		var seg string
		seg, rest, _ = strings.Cut(strings.TrimPrefix(rest, "/"), "/")
		if !strings.EqualFold(seg, "accounts") {
			continue
		}
		sid, _, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/")
		if dot := strings.LastIndexByte(sid, '.'); dot >= 0 {
			if ext := sid[dot+1:]; strings.EqualFold(ext, "json") || strings.EqualFold(ext, "xml") {
				sid = sid[:dot]
			}
		}
		return redact.ID(sid)
	}
	return ""
}
