package spans

import (
	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
)

// The name of the event of a transport error or a handler's panic.
const eventException = "exception"

// Fixed status descriptions for failures whose code has no catalog text.
const (
	textUnknown   = "the reply carried a return code the catalog does not know"
	textUnparsed  = "the reply carried no return code"
	textTransport = "the call got no reply"
	textPanic     = "the handler panicked"
	textFailed    = "the call failed"
	// panicType is the exception.type of a handler's panic.
	panicType = "panic"
)

// statusText is the description of a failed call's Error status. transportText is the redacted
// error text of a transport error ("" otherwise).
func statusText(o *observation.Observation, transportText string) string {
	switch {
	case o.CatalogEntry.English != "":
		return o.CatalogEntry.English
	case o.Category == codes.CategoryTransport:
		if transportText != "" {
			return transportText
		}
		return textTransport
	case o.Panic != nil:
		return textPanic
	case o.Category == codes.CategoryUnknown:
		return textUnknown
	case o.Category == codes.CategoryUnparsed:
		return textUnparsed
	}
	return textFailed
}
