// Package redact is the one place that removes secrets and masks personal
// data before anything is logged, put on a span or returned in an error.
//
// Secrets (sig, token, password, clientPwd, loginToken, Authorization, and
// keys ending in token, password, pwd, secret or signature) become
// "REDACTED". Personal data is masked: phone numbers keep their first three
// and last two digits ("138******78"), account identifiers (accountSid,
// appId) their first and last four characters ("8a48****7d2f"); param,
// verifyCode, friendlyName, email, userId and idCard become "REDACTED".
// Anything that looks like a mobile number is masked wherever it appears.
package redact
