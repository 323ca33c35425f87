package codes

import "slices"

// The code label values of outcomes that carry no catalog code: the value of the metrics' code
// label, and of the code a log or a span reports when there is none. A code of the catalog is its
// own label value. Like the categories, they are part of the public contract.
const (
	// LabelOther is the code label of a reply whose code the catalog does not know
	// ([CategoryUnknown]).
	LabelOther = "other"
	// LabelNone is the code label of a reply in which no return code was found
	// ([CategoryUnparsed]).
	LabelNone = "none"
	// LabelTransport is the code label of a call that got no reply at all ([CategoryTransport]).
	LabelTransport = "transport"
)

// SpecialLabel is a code label value that is no platform code, with what it means: the
// dashboards and alert rules show these texts where they show a code's message.
type SpecialLabel struct {
	// Label is the label value: [LabelOther], [LabelNone] or [LabelTransport].
	Label string
	// Category is the category reported with it.
	Category Category
	// Message says in Chinese what the label means.
	Message string
	// English says in English what the label means.
	English string
}

// specialLabels is every special label, in the order of the constants above.
var specialLabels = [...]SpecialLabel{
	{LabelOther, CategoryUnknown, "目录中没有的返回码", "a code the catalog lacks"},
	{LabelNone, CategoryUnparsed, "回复中没有返回码", "the reply carried no return code"},
	{LabelTransport, CategoryTransport, "没有回复", "no reply: network error, timeout or cancelled call"},
}

// SpecialLabels returns the code label values that are no platform code, with their meanings, in
// the order [LabelOther], [LabelNone], [LabelTransport].
func SpecialLabels() []SpecialLabel { return slices.Clone(specialLabels[:]) }
