// Package codes is the catalog of the UCPaaS platform's return codes: what each code means in
// Chinese and English, which category of failure it is, and who has to act.
//
// The platform answers HTTP 200 even when a call failed; the outcome is a six-digit return code in
// the body ("000000" is success). The catalog is generated from codes/catalog.tsv, which is written
// from the platform's own table (kept verbatim in codes/testdata); run `go generate ./codes` after
// editing it.
package codes

import "slices"

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

// categories is every category, in the order of the constants above.
var categories = [...]Category{
	CategoryOK, CategoryBalance, CategoryAuth, CategoryAccount, CategoryApplication,
	CategoryClient, CategoryValidation, CategoryNotFound, CategoryContent, CategoryRateLimit,
	CategoryPlatform, CategoryUnknown, CategoryUnparsed, CategoryTransport,
}

// Categories returns every category, in the order of the constants above.
func Categories() []Category { return slices.Clone(categories[:]) }

// Valid reports whether c is one of the categories returned by Categories.
func (c Category) Valid() bool { return slices.Contains(categories[:], c) }

// Action returns what to do about a code of category c, in one English sentence; it is the text the
// ucpcode CLI and docs/codes.md show. It returns "" for a value that is not a category.
func (c Category) Action() string {
	switch c {
	case CategoryOK:
		return "Nothing to do: the platform accepted the request (accepted, not yet delivered)."
	case CategoryBalance:
		return "Top up (or have the platform unfreeze) the account, application or sub-account named by the code; retrying does not help until the money is there."
	case CategoryAuth:
		return "Check the account SID and auth token, how sig and the Authorization header are built, the server clock (Beijing time, valid about 50 minutes) and the platform's IP allow-list."
	case CategoryAccount:
		return "Settle the main account with the platform: it is closed, inactive, locked, frozen or missing (an empty account ID means the account SID is missing from the configuration)."
	case CategoryApplication:
		return "Check the application ID and the application's state on the platform console: it must exist, belong to the account, be approved and be live for production traffic."
	case CategoryClient:
		return "Check the sub-account (client) named in the call: it must exist, belong to the application, be open and be bound to the right phone number."
	case CategoryValidation:
		return "Fix the calling code: a parameter is missing, malformed or out of range, and the same call will fail again."
	case CategoryNotFound:
		return "Check the identifier sent (record, template, order, file or number): the platform has nothing under it."
	case CategoryContent:
		return "Change the content, the template or the recipient: the platform refuses sensitive words, blacklisted or protected numbers, and templates that are not approved or were deleted."
	case CategoryRateLimit:
		return "Slow down: a frequency or quota limit was hit, so spread the calls out or retry after the limit's window has passed."
	case CategoryPlatform:
		return "Retry later with backoff; if it persists, report it to the platform with the time, the operation and the code."
	case CategoryUnknown:
		return "Look the code up in the platform's newer code tables and register it, with a category, in a catalog built with codes.NewCatalog."
	case CategoryUnparsed:
		return "Inspect the raw reply: it carried no return code, so it is probably an error page from a proxy or a changed reply format."
	case CategoryTransport:
		return "Check the network path to the platform (DNS, TLS, proxies, timeouts): the call got no reply at all."
	}
	return ""
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

// domains is every domain, in the order of the constants above.
var domains = [...]Domain{
	DomainCommon, DomainAccount, DomainApplication, DomainClient, DomainVoice, DomainSMS, DomainOther,
}

// Domains returns every domain, in the order of the constants above.
func Domains() []Domain { return slices.Clone(domains[:]) }

// Valid reports whether d is one of the domains returned by Domains.
func (d Domain) Valid() bool { return slices.Contains(domains[:], d) }

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

// Source is where a catalog code comes from. Its string values are CLI JSON values and part of
// the public contract.
type Source string

// The sources of the catalog's codes.
const (
	// SourceTable is the platform's return-code page (codes/testdata keeps it verbatim): the
	// authority for every code it has, and its texts are primary.
	SourceTable Source = "table"
	// SourcePHPSDK is the official PHP SDK's error table, for codes the page lacks (104131).
	SourcePHPSDK Source = "php_sdk"
)

// sources is every source, in the order of the constants above.
var sources = [...]Source{SourceTable, SourcePHPSDK}

// Sources returns every source, in the order of the constants above.
func Sources() []Source { return slices.Clone(sources[:]) }

// Valid reports whether s is one of the sources returned by Sources.
func (s Source) Valid() bool { return slices.Contains(sources[:], s) }

// Description says in English what the source is; "" for a value that is not a source.
func (s Source) Description() string {
	switch s {
	case SourceTable:
		return "the platform's return-code page"
	case SourcePHPSDK:
		return "the official PHP SDK's error table; the platform's return-code page lacks this code"
	}
	return ""
}

// Code describes one platform return code.
type Code struct {
	// Value is the six-digit code, with leading zeros ("000000", "100001").
	Value string
	// Message is the platform's Chinese text for the code.
	Message string
	// Messages holds every text known for the code: those of its Source in that source's order
	// (Message is the last of them), then texts another source gives it (105132: the official
	// PHP SDK's "…不能超过10位" after the table's "…100位").
	Messages []string
	// English is an English translation of Message.
	English string
	// Category says who has to act.
	Category Category
	// Domain is the part of the platform the code belongs to: [DomainOf] the Value, unless a code
	// given to [NewCatalog] sets another.
	Domain Domain
	// Retryable is true only where repeating the same call later can succeed.
	Retryable bool
	// Source is where the code comes from: SourceTable for the platform's page, another source
	// for a real code the page lacks. Codes given to [NewCatalog] may leave it empty.
	Source Source
}
