package metrics

import (
	"slices"

	"github.com/ucpobs/ucpobs/codes"
)

// preinitialisedCategories are the categories whose catalog codes get failure series at zero:
// the failures an alert must see from the first one on.
var preinitialisedCategories = []codes.Category{codes.CategoryBalance, codes.CategoryAuth, codes.CategoryAccount}

// preinitialise creates, at zero, for each of the first nConfigured operations of m: the requests
// series of every category and the failure series of every catalog code whose category is in
// preinitialisedCategories.
func preinitialise(m *Metrics, s *side, catalog *codes.Catalog, nConfigured int) {
	var alerting []codes.Code
	for _, c := range catalog.All() {
		if slices.Contains(preinitialisedCategories, c.Category) {
			alerting = append(alerting, c)
		}
	}
	for op := 0; op < nConfigured; op++ {
		name := m.opNames[op]
		for ci, cat := range categories {
			s.requestSlots[op*len(categories)+ci].get(s.requests, name, string(cat))
		}
		for _, c := range alerting {
			i := op*len(categories) + categoryIndex[c.Category]
			s.failureTables[i].get(s.failures, name, sanitizeCode(c.Value), string(c.Category))
		}
	}
}
