package redact

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzText plants a mobile number between fuzzed text, separated from it by
// fuzzed non-digit bytes, and checks that Text never panics and never lets the
// number through, whatever surrounds it.
func FuzzText(f *testing.F) {
	for _, in := range plantedInputs() {
		f.Add(in, byte(' '), byte(' '), "")
	}
	f.Add("https://h/p?x=", byte('%'), byte('&'), "sig=1")
	f.Add(`{"to":"`, byte('+'), byte('"'), "}")
	f.Add("http://", byte('@'), byte('/'), "")
	f.Add("Authorization: Bearer", byte(' '), byte(','), "token=")
	// Go-formatted maps and lists, JSON arrays and loose pairs around the number.
	f.Add("map[Authorization:[Basic abc] mobile:", byte('['), byte(']'), "]")
	f.Add(`{"to":`, byte('['), byte('"'), `]}`)
	f.Add("sig = v to", byte('='), byte('\''), "")
	f.Add("GET /2015-06-30/restApi/8a48b5514fa577af014fa6e2b1fe7d2f/ClientsByMobile?mobile", byte('='), byte('&'), "appId=2d92c6132139467b989d087c84a365d8")
	f.Fuzz(func(t *testing.T, before string, sep1, sep2 byte, after string) {
		const mobile = "13912345678"
		if strings.Contains(before, mobile) || strings.Contains(after, mobile) {
			return // only the planted number is under test
		}
		if isDigit(sep1) {
			sep1 = ' '
		}
		if isDigit(sep2) {
			sep2 = ' '
		}
		in := before + string(rune(sep1)) + mobile + string(rune(sep2)) + after
		if sep1 >= 0x80 || sep2 >= 0x80 {
			in = before + string([]byte{sep1}) + mobile + string([]byte{sep2}) + after
		}
		out := Text(in)
		if strings.Contains(out, mobile) {
			t.Fatalf("mobile survives: Text(%q) = %q", in, out)
		}
	})
}

// The shapes FuzzSecretPair builds a pair from, chosen by fuzzed indexes.
var (
	fuzzKeys   = []string{"sig", "Sig", "token", "X-Auth-Token", "password", "clientPwd", "loginToken", "Authorization", "access_token"}
	fuzzKeyFmt = []string{"%s", `"%s"`}
	fuzzBlanks = []string{"", " ", "\t", "  ", " \t"}
	fuzzSeps   = []string{"=", ":"}
	// fuzzValues wrap the secret: bare, quoted, in a Go list, a JSON array, after an
	// Authorization scheme.
	fuzzValues = []string{"%s", `"%s"`, "'%s'", "[%s]", "[%s other]", "[other %s]", `["%s"]`, `["x","%s"]`,
		"Basic %s", "Bearer\t%s", "Basic  %s", "[Basic %s]"}
)

// FuzzSecretPair builds a secret key, a separator and a value holding a
// planted secret in every shape Text documents (optional white space around
// the separator, quotes, Go and JSON lists, Authorization schemes), between
// fuzzed text, and checks that the secret never survives.
func FuzzSecretPair(f *testing.F) {
	f.Add("rejected: map[", uint8(7), uint8(0), uint8(0), uint8(1), uint8(0), uint8(11), "] X:[1]]")
	f.Add("rejected: ", uint8(0), uint8(0), uint8(1), uint8(0), uint8(1), uint8(0), "")
	f.Add("{", uint8(2), uint8(1), uint8(0), uint8(1), uint8(3), uint8(6), "}")
	f.Add("", uint8(7), uint8(0), uint8(0), uint8(1), uint8(1), uint8(9), "")
	f.Add("x ", uint8(0), uint8(0), uint8(0), uint8(0), uint8(0), uint8(2), "")
	f.Fuzz(func(t *testing.T, before string, key, keyFmt, blank1, sep, blank2, val uint8, after string) {
		const secret = "s3cr3tPl4nt"
		if strings.Contains(before, secret) || strings.Contains(after, secret) {
			return
		}
		if before != "" && isKeyByte(before[len(before)-1]) || strings.HasSuffix(before, `"`) {
			before += " " // the key must stand as a word of its own
		}
		pick := func(list []string, i uint8) string { return list[int(i)%len(list)] }
		k := strings.Replace(pick(fuzzKeyFmt, keyFmt), "%s", pick(fuzzKeys, key), 1)
		v := strings.Replace(pick(fuzzValues, val), "%s", secret, 1)
		in := before + k + pick(fuzzBlanks, blank1) + pick(fuzzSeps, sep) + pick(fuzzBlanks, blank2) + v + after
		if out := Text(in); strings.Contains(out, secret) {
			t.Fatalf("secret survives: Text(%q) = %q", in, out)
		}
	})
}

// FuzzURLIdentifier plants a platform identifier (32 hex digits, in either case) as a path
// segment, a query key and a query value of a URL around fuzzed parts, and checks that URL never
// lets it through.
func FuzzURLIdentifier(f *testing.F) {
	f.Add("2015-06-30/restApi", "ClientsByMobile", "sig=x&mobile=13800138000", false)
	f.Add("2014-06-30/Accounts", "Messages/templateSMS.json", "", true)
	f.Add("a%20b", "c.json", "appId=1;x=2", false)
	f.Add("", "", "", true)
	f.Fuzz(func(t *testing.T, before, after, query string, upper bool) {
		id := sid
		if upper {
			id = strings.ToUpper(sid)
		}
		if strings.Contains(strings.ToLower(before+after+query), sid) {
			return // only the planted identifier is under test
		}
		raw := "https://api.ucpaas.com/" + before + "/" + id + "/" + after + "?" + query + "&" + id + "=1&x=" + id
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		if out := URL(u); strings.Contains(strings.ToLower(out), sid) {
			t.Fatalf("identifier survives: URL(%q) = %q", raw, out)
		}
	})
}
