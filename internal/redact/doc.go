// Package redact is the one place that removes secrets and masks personal
// data before anything is logged, put on a span or returned in an error.
//
// Secrets (sig, token, password, clientPwd, loginToken, Authorization, and
// keys ending in token, password, pwd, secret or signature) become
// "REDACTED". Personal data is masked: phone numbers keep their first three
// and last two digits ("138******78"), account identifiers (accountSid,
// appId) their first and last four characters ("8a48****7d2f"); param,
// verifyCode, friendlyName, email, userId and idCard become "REDACTED".
//
// Values are found by their key in URLs (query keys, the segment after
// /Accounts/) and in free text, where a key may be followed by '=' or ':'
// with white space around it, and its value may be quoted or a Go or JSON
// list ("map[Authorization:[Basic …]]", `"token":["…"]`), as fmt prints a
// header map or a query. Whatever its key, a word of 32 hex digits (a
// platform identifier: account SID, application ID, token; any case) is
// masked like an account identifier wherever it stands, in a path segment, a
// query key or value or text, and anything that looks like a mobile or an
// ID-card number is masked wherever it appears.
package redact
