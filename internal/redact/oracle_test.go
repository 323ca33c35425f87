package redact

// The redactor of URLs as it was before the single-pass rewrite, kept only as
// the oracle of FuzzURLOracle: the rewrite must render every URL as it did.
// It scrubs each part with Text, so it calls the new URL for a URL nested in
// a query value; the nested URL is checked by the same comparison one level
// down.

import (
	"net/url"
	"strings"
	"testing"
)

// oracleURL is URL as it was.
func oracleURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	var b strings.Builder
	b.Grow(len(u.Scheme) + len(u.Host) + len(u.Path) + len(u.RawQuery) + 32)
	if u.Scheme != "" {
		b.WriteString(u.Scheme)
		b.WriteByte(':')
	}
	if u.Opaque != "" {
		b.WriteString(redacted)
		return b.String()
	}
	if u.Scheme != "" || u.Host != "" || u.User != nil {
		b.WriteString("//")
	}
	if u.User != nil {
		b.WriteString(redacted + "@")
	}
	oracleWriteScrubbed(&b, u.Host, u.Host)
	oracleWritePath(&b, u.EscapedPath())
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteByte('?')
		oracleWriteQuery(&b, u.RawQuery)
	}
	return b.String()
}

// writePath writes an escaped path with the segment after "Accounts" masked
// and every other segment scrubbed.
func oracleWritePath(b *strings.Builder, path string) {
	afterAccounts := false
	for i := 0; ; i++ {
		seg, rest, more := strings.Cut(path, "/")
		if i > 0 {
			b.WriteByte('/')
		}
		plain := oracleUnescape(seg, url.PathUnescape)
		if afterAccounts && seg != "" {
			b.WriteString(ID(plain))
		} else {
			oracleWriteScrubbed(b, seg, plain)
		}
		afterAccounts = strings.EqualFold(plain, "Accounts")
		if !more {
			return
		}
		path = rest
	}
}

// writeQuery writes a raw query with each value hidden according to its key.
func oracleWriteQuery(b *strings.Builder, query string) {
	for i := 0; ; i++ {
		part, rest, more := strings.Cut(query, "&")
		if i > 0 {
			b.WriteByte('&')
		}
		key, value, hasValue := strings.Cut(part, "=")
		plainKey := oracleUnescape(key, url.QueryUnescape)
		k := classify(plainKey)
		oracleWriteScrubbed(b, key, plainKey) // a key of a known kind can hold an identifier too
		if hasValue {
			b.WriteByte('=')
			plain := oracleUnescape(value, url.QueryUnescape)
			switch {
			case k == kindNone:
				oracleWriteScrubbed(b, value, plain)
			case plain != "":
				b.Write(appendHidden(nil, k, plain))
			}
		}
		if !more {
			return
		}
		query = rest
	}
}

// writeScrubbed writes a URL part: masked when it is a platform identifier,
// else its escaped form when its decoded form has nothing to hide, and the
// scrubbed decoded form otherwise.
func oracleWriteScrubbed(b *strings.Builder, escaped, plain string) {
	if isIdentifier(plain) {
		b.WriteString(ID(plain))
		return
	}
	if scrubbed := Text(plain); scrubbed != plain {
		b.WriteString(scrubbed)
		return
	}
	b.WriteString(escaped)
}

// oracleUnescape decodes s, or returns it unchanged when it is not valid escaping.
func oracleUnescape(s string, decode func(string) (string, error)) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	if plain, err := decode(s); err == nil {
		return plain
	}
	return s
}

// oracleSeeds are URLs in every shape the tests and fuzz seeds of this
// package use.
func oracleSeeds() []string {
	seeds := plantedInputs()
	for _, q := range []string{"sig=x&mobile=13800138000", "", "appId=1;x=2", "a=%zz&b=+&c=%2B86138", "moBile=0&" + sid + "=1",
		"cb=https%3A%2F%2Fx%2Fy%3Ftoken%3Dabc", "x=a:b&y=c=d&z=e/f", "Sig=1&TOKEN=2&%73ig=3&sig%3D=4", "to=1,2,+8613800138000"} {
		seeds = append(seeds, "https://api.ucpaas.com/2014-06-30/Accounts/"+sid+"/Messages/templateSMS.json?"+q,
			"/2015-06-30/restApi/"+strings.ToUpper(sid)+"/x%2Fy/13800138000?"+q)
	}
	return append(seeds, "https://u:p@h:8443/a%20b/Accounts/%41BC?#f", "mailto:x@y", "//h/p?", "https://[::1%25eth0]:80/p",
		"HTTP://H/"+sid+"x/"+sid+"?"+sid, "https://h/p;sig=1?q=1", "https://h/"+strings.Repeat("1", 300),
		"https://h/?"+strings.Repeat("sig=a&", 45)) // longer once hidden than URL's room for it
}

func TestURLSameAsOracle(t *testing.T) {
	n := 0
	for _, raw := range oracleSeeds() {
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		n++
		if got, want := URL(u), oracleURL(u); got != want {
			t.Errorf("URL(%q)\n got %q\nwant %q", raw, got, want)
		}
	}
	if n < 50 {
		t.Fatalf("only %d URLs compared", n)
	}
}

// FuzzURLOracle checks that URL renders every URL as the redactor it
// replaced did.
func FuzzURLOracle(f *testing.F) {
	for _, raw := range oracleSeeds() {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		if got, want := URL(u), oracleURL(u); got != want {
			t.Fatalf("URL(%q)\n got %q\nwant %q", raw, got, want)
		}
	})
}
