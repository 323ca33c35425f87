// Package codes is the catalog of the UCPaaS platform's return codes: what each code means in
// Chinese and English, which category of failure it is, and who has to act.
//
// The platform answers HTTP 200 even when a call failed; the outcome is a six-digit return code in
// the body ("000000" is success). The catalog is generated from codes/catalog.tsv, which is written
// from the platform's own table (kept verbatim in codes/testdata); run `go generate ./codes` after
// editing it.
package codes

// Category groups return codes by who has to act. Its string values are metric label values and
// are therefore part of the public contract.
type Category string

// The categories. Every catalog code has exactly one of CategoryOK … CategoryPlatform; the last
// three describe outcomes the middleware reports for replies that carry no catalog code.
const (
	// CategoryOK is success (000000): the platform accepted the request (not: delivered it).
	CategoryOK Category = "ok"
	// CategoryBalance means money is missing, frozen or closed: someone must top up.
	CategoryBalance Category = "balance"
	// CategoryAuth means credentials, signature, timestamp or IP allow-list are wrong: fix keys or clock.
	CategoryAuth Category = "auth"
	// CategoryAccount means the main account is closed, inactive, locked or missing: a human must
	// act with the platform.
	CategoryAccount Category = "account"
	// CategoryApplication means the application is missing, unapproved, of the wrong type, or
	// limited while not yet live.
	CategoryApplication Category = "application"
	// CategoryClient means a sub-account (client) is missing, closed, unbound or in the wrong state.
	CategoryClient Category = "client"
	// CategoryValidation means the caller sent a malformed or missing parameter: fix the calling code.
	CategoryValidation Category = "validation"
	// CategoryNotFound means the thing asked for does not exist.
	CategoryNotFound Category = "not_found"
	// CategoryContent means the content or recipient was refused: sensitive words, blacklist,
	// protected numbers, a template not approved or deleted.
	CategoryContent Category = "content"
	// CategoryRateLimit means a frequency or quota limit was hit.
	CategoryRateLimit Category = "rate_limit"
	// CategoryPlatform means the platform itself failed; the same call may succeed later.
	CategoryPlatform Category = "platform"
	// CategoryUnknown is a reply whose code the catalog does not know.
	CategoryUnknown Category = "unknown"
	// CategoryUnparsed is a reply in which no return code was found.
	CategoryUnparsed Category = "unparsed"
	// CategoryTransport is a call that got no reply at all (the round trip failed).
	CategoryTransport Category = "transport"
)

// Categories returns every category, in the order of the constants above.
func Categories() []Category {
	return []Category{
		CategoryOK, CategoryBalance, CategoryAuth, CategoryAccount, CategoryApplication,
		CategoryClient, CategoryValidation, CategoryNotFound, CategoryContent, CategoryRateLimit,
		CategoryPlatform, CategoryUnknown, CategoryUnparsed, CategoryTransport,
	}
}

// Valid reports whether c is one of the categories returned by Categories.
func (c Category) Valid() bool {
	switch c {
	case CategoryOK, CategoryBalance, CategoryAuth, CategoryAccount, CategoryApplication,
		CategoryClient, CategoryValidation, CategoryNotFound, CategoryContent, CategoryRateLimit,
		CategoryPlatform, CategoryUnknown, CategoryUnparsed, CategoryTransport:
		return true
	}
	return false
}

// Domain is the part of the platform a code belongs to, from the code's first three digits.
type Domain string

// The domains.
const (
	DomainCommon      Domain = "common"      // 100xxx (and 000000)
	DomainAccount     Domain = "account"     // 101xxx
	DomainApplication Domain = "application" // 102xxx
	DomainClient      Domain = "client"      // 103xxx
	DomainVoice       Domain = "voice"       // 104xxx
	DomainSMS         Domain = "sms"         // 105xxx
	DomainOther       Domain = "other"       // any other prefix (codes registered by users)
)

// DomainOf returns the domain of a six-digit code from its first three digits.
func DomainOf(value string) Domain {
	if value == "000000" {
		return DomainCommon
	}
	if len(value) < 3 {
		return DomainOther
	}
	switch value[:3] {
	case "100":
		return DomainCommon
	case "101":
		return DomainAccount
	case "102":
		return DomainApplication
	case "103":
		return DomainClient
	case "104":
		return DomainVoice
	case "105":
		return DomainSMS
	}
	return DomainOther
}

// Code describes one platform return code.
type Code struct {
	// Value is the six-digit code, with leading zeros ("000000", "100001").
	Value string
	// Message is the platform's Chinese text for the code.
	Message string
	// Messages holds every text the platform's table gives the code, in table order; Message is
	// one of them.
	Messages []string
	// English is an English translation of Message.
	English string
	// Category says who has to act.
	Category Category
	// Domain is the part of the platform the code belongs to.
	Domain Domain
	// Retryable is true only where repeating the same call later can succeed.
	Retryable bool
}
