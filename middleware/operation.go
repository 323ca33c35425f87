package middleware

import (
	"unicode/utf8"

	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/operation"
)

// Bounds of an operation name outside the closed set of package operation (WithOperationFunc).
const (
	// maxOperationLen is the length, in bytes, an operation name is cut to once redacted.
	maxOperationLen = 64
	// maxOperationInput is the length beyond which a name is not redacted but replaced by
	// operation.Other: redacting costs time in proportion to the length.
	maxOperationInput = 1024
)

// boundOperation makes the name a user's operation function returned safe for every sink: a name
// of the closed set (operation.Known) is kept; a longer name than maxOperationInput becomes
// operation.Other; any other name is redacted like free text (platform identifiers, phone numbers
// and secret values masked) and cut to maxOperationLen bytes, on a character boundary.
func boundOperation(op string) string {
	switch {
	case operation.Known(op):
		return op
	case len(op) > maxOperationInput:
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
	return op
}
