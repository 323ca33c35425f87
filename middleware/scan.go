package middleware

import "github.com/ucpobs/ucpobs/internal/extract"

// codeScanner is the extractor behind a recover: a panic in the scanner (a bug, which its fuzz
// tests hunt for) ends the scan without a code instead of failing the call; failed records it so
// that it can be counted (stage extract). The zero value is ready to use.
type codeScanner struct {
	s      extract.Scanner
	failed bool
	panic  any // what the scanner panicked with
}

// write feeds p to the scanner and reports whether the scan is over.
func (c *codeScanner) write(p []byte) (done bool) {
	if c.failed {
		return true
	}
	defer func() {
		if p := recover(); p != nil {
			c.failed, c.panic, done = true, p, true
		}
	}()
	return c.s.Write(p)
}

// done reports whether the scan is over.
func (c *codeScanner) done() bool { return c.failed || c.s.Done() }

// code returns the code found; none when the scanner failed.
func (c *codeScanner) code() ([]byte, bool) {
	if c.failed {
		return nil, false
	}
	return c.s.Code()
}
