package dashboard

import (
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/ucpobs/ucpobs/codes"
)

// SpecialCodes are the code label values that are not platform codes, with what they mean in
// Chinese and English: they are part of the metrics contract (docs/architecture.md).
var SpecialCodes = map[string]string{
	"other":     "目录中没有的代码 — a code the catalog lacks: update ucpobs, or add the code with codes.New",
	"none":      "回复中没有返回码 — the reply carried no return code",
	"transport": "没有回复 — no reply: network error, timeout or cancelled call",
}

// Meaning is the text a code's row shows in the failures-by-code tables: the platform's Chinese
// message and its English translation.
func Meaning(c codes.Code) string {
	return c.Message + " — " + c.English
}

// CodeMappings returns the value mappings of the "meaning" column: every code of catalog to its
// Meaning, and every special code to its explanation.
func CodeMappings(catalog []codes.Code) []dashboard.ValueMapping {
	options := make(map[string]dashboard.ValueMappingResult, len(catalog)+len(SpecialCodes))
	for _, c := range catalog {
		options[c.Value] = dashboard.ValueMappingResult{Text: ptr(Meaning(c))}
	}
	for code, text := range SpecialCodes {
		options[code] = dashboard.ValueMappingResult{Text: ptr(text)}
	}
	return []dashboard.ValueMapping{{ValueMap: &dashboard.ValueMap{Type: dashboard.MappingTypeValueToText, Options: options}}}
}

func ptr[T any](v T) *T { return &v }
