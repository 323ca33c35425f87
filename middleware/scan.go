package middleware

import "github.com/ucpobs/ucpobs/internal/extract"

// codeScanner is the extractor behind a recover: a panic in the scanner (a bug, which its fuzz
// tests hunt for) ends the scan without a code instead of failing the call; panic keeps the
// value so that it can be reported (stage extract). The zero value is ready to use.
type codeScanner struct {
	s     extract.Scanner
	panic any // what the scanner panicked with; nil while it has not (recover never returns nil)
}

// write feeds p to the scanner and reports whether the scan is over.
func (c *codeScanner) write(p []byte) (done bool) {
	if c.panic != nil {
		return true
	}
	defer func() {
		if p := recover(); p != nil {
			c.panic, done = p, true
		}
	}()
	return c.s.Write(p)
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
