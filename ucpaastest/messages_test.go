package ucpaastest

import (
	"slices"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

// TestMessagesMatchTheCatalog keeps the simulator's own copy of the platform's texts (the package
// imports only the standard library) from drifting away from the code catalog.
func TestMessagesMatchTheCatalog(t *testing.T) {
	for code, text := range messages {
		c, ok := codes.Lookup(code)
		if !ok {
			t.Errorf("%s: not in the catalog", code)
			continue
		}
		if code == "000000" {
			continue // family B's success text is "OK", the table's is "ok"
		}
		if !slices.Contains(c.Messages, text) {
			t.Errorf("%s: simulator text %q, catalog %q", code, text, c.Messages)
		}
	}
}
