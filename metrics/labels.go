package metrics

import (
	"unicode/utf8"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/operation"
)

// categories are the category label values, indexed as the per-category series are.
var categories = codes.Categories()

// categoryIndex maps a category to its index in categories.
var categoryIndex = func() map[codes.Category]int {
	m := make(map[codes.Category]int, len(categories))
	for i, c := range categories {
		m[c] = i
	}
	return m
}()

var (
	okIndex      = categoryIndex[codes.CategoryOK]
	unknownIndex = categoryIndex[codes.CategoryUnknown]
)

// categoryOf returns the index of c, or that of codes.CategoryUnknown when c is not valid.
func categoryOf(c codes.Category) int {
	if i, ok := categoryIndex[c]; ok {
		return i
	}
	return unknownIndex
}

// codeLabel returns the bounded code label of o: o.MetricCode() when it is six ASCII digits or one
// of observation.LabelOther, LabelNone and LabelTransport, else observation.LabelOther.
func codeLabel(o *observation.Observation) string {
	return sanitizeCode(o.MetricCode())
}

// sanitizeCode returns l when it is a valid code label value, else observation.LabelOther.
func sanitizeCode(l string) string {
	switch l {
	case observation.LabelOther, observation.LabelNone, observation.LabelTransport:
		return l
	}
	if len(l) != 6 {
		return observation.LabelOther
	}
	for i := 0; i < len(l); i++ {
		if l[i] < '0' || l[i] > '9' {
			return observation.LabelOther
		}
	}
	return l
}

// operationLabel returns op, the operation name the middleware gave a call, or operation.Other
// when it is empty or not valid UTF-8 (which no label value may be).
func operationLabel(op string) string {
	if op == "" || !utf8.ValidString(op) {
		return operation.Other
	}
	return op
}
