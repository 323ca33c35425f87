package extract

import "strings"

// Format is the body format a reply announces in its Content-Type.
type Format uint8

const (
	// Sniff means the Content-Type is missing or names neither JSON nor XML.
	Sniff Format = iota
	// JSON is application/json, text/json or any +json type.
	JSON
	// XML is application/xml, text/xml or any +xml type.
	XML
)

// String returns "sniff", "json" or "xml".
func (f Format) String() string {
	switch f {
	case JSON:
		return "json"
	case XML:
		return "xml"
	default:
		return "sniff"
	}
}

// FormatOf maps a Content-Type header value to a Format, ignoring parameters
// such as charset and letter case. Anything unrecognised is Sniff.
func FormatOf(contentType string) Format {
	mt := contentType
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	mt = strings.TrimSpace(mt)
	switch {
	case strings.EqualFold(mt, "application/json"), strings.EqualFold(mt, "text/json"), hasSuffixFold(mt, "+json"):
		return JSON
	case strings.EqualFold(mt, "application/xml"), strings.EqualFold(mt, "text/xml"), hasSuffixFold(mt, "+xml"):
		return XML
	default:
		return Sniff
	}
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) > len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}
