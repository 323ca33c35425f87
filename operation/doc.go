// Package operation names the platform's API operations: the closed set of values the
// middleware uses for the "operation" metric label, log field and span attribute.
//
// FromRequest maps a request's method and URL path to one of these names, ignoring the API
// version, the account SID and a ".json" or ".xml" suffix. A path it does not know maps to Other,
// never to the raw path, so a label built from it stays bounded.
package operation
