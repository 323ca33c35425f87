package spans

import (
	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
)

// Attribute keys. The ucpaas.* keys and error.type are a contract (docs/architecture.md); the
// others follow the OpenTelemetry semantic conventions for HTTP.
const (
	keyOperation = "ucpaas.operation"
	keyCode      = "ucpaas.code"
	keyCategory  = "ucpaas.category"
	keyDomain    = "ucpaas.domain"
	// keyErrorMessage holds, on failure, the status description ucpobs gives the call: a wrapping
	// otelhttp may overwrite the status, never this.
	keyErrorMessage = "ucpaas.error_message"
	keyErrorType    = "error.type"

	keyMethod        = "http.request.method"
	keyStatusCode    = "http.response.status_code"
	keyServerAddress = "server.address"
	keyURLFull       = "url.full"
	keyURLPath       = "url.path"
	keyURLQuery      = "url.query"

	eventException   = "exception"
	keyExceptionType = "exception.type"
	keyExceptionMsg  = "exception.message"
)

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

// errorType is the error.type attribute of a failed call: the code the reply carried, else the
// category ("unparsed", "transport"), else the code label.
func errorType(o *observation.Observation) string {
	switch {
	case o.Code != "":
		return o.Code
	case o.Category != "":
		return string(o.Category)
	}
	return o.CodeLabel()
}

// statusText is the description of a failed call's Error status. transportText is the redacted
// error text of a transport error ("" otherwise).
func statusText(o *observation.Observation, transportText string) string {
	switch {
	case o.Entry.English != "":
		return o.Entry.English
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
