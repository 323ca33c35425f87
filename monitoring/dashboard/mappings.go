package dashboard

import (
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/ucpobs/ucpobs/codes"
)

// Meaning is the text a code's row shows in the failures-by-code tables: the platform's Chinese
// message and its English translation.
func Meaning(c codes.Code) string {
	return c.Message + " — " + c.English
}

// CodeMappings returns the value mappings of the "meaning" column: every code of catalog to its
// Meaning, and every code label value that is no platform code (codes.SpecialLabels) to what it
// means, in the same form.
func CodeMappings(catalog []codes.Code) []dashboard.ValueMapping {
	specials := codes.SpecialLabels()
	options := make(map[string]dashboard.ValueMappingResult, len(catalog)+len(specials))
	for _, c := range catalog {
		options[c.Value] = dashboard.ValueMappingResult{Text: ptr(Meaning(c))}
	}
	for _, s := range specials {
		options[s.Label] = dashboard.ValueMappingResult{Text: ptr(s.Message + " — " + s.English)}
	}
	return []dashboard.ValueMapping{{ValueMap: &dashboard.ValueMap{Type: dashboard.MappingTypeValueToText, Options: options}}}
}

func ptr[T any](v T) *T { return &v }
