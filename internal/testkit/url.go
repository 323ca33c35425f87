package testkit

import (
	"net/url"
	"testing"
)

// PlatformURL is a family A URL whose path holds an account SID and whose query holds sig: what a
// redacting sink must never write raw.
const PlatformURL = "https://api.ucpaas.com/2014-06-30/Accounts/8a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d/Messages/templateSMS?sig=F3A9C1E7B5D3F1A9C7E5B3D1F9A7C5E3"

// MustURL parses raw, failing t if it is no URL.
func MustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
