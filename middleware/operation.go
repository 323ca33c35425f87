package middleware

import (
	"sync"
	"unicode/utf8"

	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/operation"
)

// Bounds of the operation names a WithOperationFunc returns outside the closed set of package
// operation. Every sink (log, span, metric, observer) sees the same bounded name.
const (
	// maxOperationLen is the length, in bytes, an operation name is cut to once redacted.
	maxOperationLen = 64
	// maxOperationInput is the length beyond which a name is not redacted but replaced by
	// operation.Other: redacting costs time in proportion to the length.
	maxOperationInput = 1024
	// maxCustomOperations is how many distinct names outside the closed set one middleware
	// keeps; every further name becomes operation.Other.
	maxCustomOperations = 32
)

// operationNames bounds the names the user's operation function of one middleware returns, for
// every sink alike: a name of the closed set (operation.Known) is kept; an empty name, a name
// that is not valid UTF-8 or longer than maxOperationInput becomes operation.Other; any other
// name is redacted like free text (platform identifiers, phone numbers and secret values masked)
// and cut to maxOperationLen bytes, on a character boundary, and kept when it is one of the first
// maxCustomOperations distinct such names, else it becomes operation.Other.
type operationNames struct {
	kept sync.Map // bounded name → struct{}; read without locking once kept
	mu   sync.Mutex
	n    int // names in kept, guarded by mu
}

// bound returns the name every sink records for op.
func (b *operationNames) bound(op string) string {
	switch {
	case operation.Known(op):
		return op
	case op == "" || len(op) > maxOperationInput || !utf8.ValidString(op):
		return operation.Other
	}
	op = redact.Text(op)
	if len(op) > maxOperationLen {
		n := maxOperationLen
		for n > 0 && !utf8.RuneStart(op[n]) {
			n--
		}
		op = op[:n]
	}
	if op == "" {
		return operation.Other
	}
	if _, ok := b.kept.Load(op); ok {
		return op
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.kept.Load(op); ok {
		return op
	}
	if b.n == maxCustomOperations {
		return operation.Other
	}
	b.kept.Store(op, struct{}{})
	b.n++
	return op
}
