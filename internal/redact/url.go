package redact

import (
	"net/url"
	"strings"
)

// URL renders u for a log, span or error with its secrets removed and its
// personal data masked: every path segment and every query key or value that
// is a platform identifier (32 hex digits, any case: an account SID, an
// application ID, a token), and the segment after /Accounts/, keep their
// first and last four characters; query values of secret keys (sig, token,
// password, clientPwd, loginToken, Authorization, any case) become
// "REDACTED"; phone keys (mobile, to, phone, fromSerNum, toSerNum,
// displayNum, clientNumber) are masked number by number; param, verifyCode,
// friendlyName, email, userId and idCard become "REDACTED"; appId and
// accountSid are masked like the SID; the host and other segments, keys and
// values are scrubbed like Text. User info becomes "REDACTED@", an opaque
// part "REDACTED", and the fragment is dropped. The raw query is never
// returned. A nil URL gives "".
func URL(u *url.URL) string {
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
	writeScrubbed(&b, u.Host, u.Host)
	writePath(&b, u.EscapedPath())
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteByte('?')
		writeQuery(&b, u.RawQuery)
	}
	return b.String()
}

// PathQuery renders u's path and raw query as URL renders them, without the
// scheme, host and '?': for the url.path and url.query attributes of a server
// span. A nil URL gives "", "".
func PathQuery(u *url.URL) (path, query string) {
	if u == nil {
		return "", ""
	}
	var b strings.Builder
	b.Grow(len(u.Path) + len(u.RawQuery) + 32)
	writePath(&b, u.EscapedPath())
	n := b.Len()
	if u.RawQuery != "" {
		writeQuery(&b, u.RawQuery)
	}
	out := b.String()
	return out[:n], out[n:]
}

// writePath writes an escaped path with the segment after "Accounts" masked
// and every other segment scrubbed.
func writePath(b *strings.Builder, path string) {
	afterAccounts := false
	for i := 0; ; i++ {
		seg, rest, more := strings.Cut(path, "/")
		if i > 0 {
			b.WriteByte('/')
		}
		plain := unescape(seg, url.PathUnescape)
		if afterAccounts && seg != "" {
			writeID(b, plain)
		} else {
			writeScrubbed(b, seg, plain)
		}
		afterAccounts = strings.EqualFold(plain, "Accounts")
		if !more {
			return
		}
		path = rest
	}
}

// writeQuery writes a raw query with each value hidden according to its key.
func writeQuery(b *strings.Builder, query string) {
	for i := 0; ; i++ {
		part, rest, more := strings.Cut(query, "&")
		if i > 0 {
			b.WriteByte('&')
		}
		key, value, hasValue := strings.Cut(part, "=")
		plainKey := unescape(key, url.QueryUnescape)
		k := classify(plainKey)
		writeScrubbed(b, key, plainKey) // a key of a known kind can hold an identifier too
		if hasValue {
			b.WriteByte('=')
			plain := unescape(value, url.QueryUnescape)
			switch {
			case k == kindNone:
				writeScrubbed(b, value, plain)
			case plain != "":
				writeHidden(b, k, plain)
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
func writeScrubbed(b *strings.Builder, escaped, plain string) {
	if isIdentifier(plain) {
		writeID(b, plain)
		return
	}
	if scrubbed := Text(plain); scrubbed != plain {
		b.WriteString(scrubbed)
		return
	}
	b.WriteString(escaped)
}

// unescape decodes s, or returns it unchanged when it is not valid escaping.
func unescape(s string, decode func(string) (string, error)) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	if plain, err := decode(s); err == nil {
		return plain
	}
	return s
}
