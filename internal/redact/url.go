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
	// The output is rendered on the stack and copied once into a string of its exact length: a
	// masked URL is much shorter than the room it might need, and what is allocated is what the
	// garbage collector pays for. A URL that may not fit is rendered into the heap directly.
	if room := len(u.Scheme) + len(u.Host) + len(u.RawPath) + len(u.Path) + len(u.RawQuery) + 32; room > stackURL {
		return bytesString(appendURL(make([]byte, 0, room), u))
	}
	var stack [stackURL]byte
	return string(appendURL(stack[:0], u))
}

// stackURL is the most room URL renders into on the stack: a platform URL with its account SID,
// application ID and signature needs about 230 bytes.
const stackURL = 320

// PathQuery renders u's path and raw query as URL renders them, without the
// scheme, host and '?': for the url.path and url.query attributes of a server
// span. A nil URL gives "", "".
func PathQuery(u *url.URL) (path, query string) {
	if u == nil {
		return "", ""
	}
	buf := make([]byte, 0, len(u.RawPath)+len(u.Path)+len(u.RawQuery)+32)
	buf, _ = appendPath(buf, u.EscapedPath(), 0)
	n := len(buf)
	if u.RawQuery != "" {
		buf = appendQuery(buf, u.RawQuery)
	}
	out := bytesString(buf)
	return out[:n], out[n:]
}

// appendURL appends URL(u) to buf in one pass over u's parts, as they are
// escaped: nothing is decoded or copied but the parts that need it.
func appendURL(buf []byte, u *url.URL) []byte {
	if u.Scheme != "" {
		buf = append(buf, u.Scheme...)
		buf = append(buf, ':')
	}
	if u.Opaque != "" {
		return append(buf, redacted...)
	}
	if u.Scheme != "" || u.Host != "" || u.User != nil {
		buf = append(buf, "//"...)
	}
	if u.User != nil {
		buf = append(buf, redacted+"@"...)
	}
	_, classes := scanPart(u.Host, 0)
	buf, _ = appendPart(buf, u.Host, classes&^escape, nil) // a host is not decoded
	// u.Path is its own escaped form unless it holds a byte to escape: then
	// appendPath stops and the path is rendered again from u.EscapedPath.
	if u.RawPath == "" {
		mark := len(buf)
		if out, ok := appendPath(buf, u.Path, pathEscaped); ok {
			buf = out
		} else {
			buf, _ = appendPath(buf[:mark], u.EscapedPath(), 0)
		}
	} else {
		buf, _ = appendPath(buf, u.EscapedPath(), 0)
	}
	if u.RawQuery != "" || u.ForceQuery {
		buf = append(buf, '?')
		buf = appendQuery(buf, u.RawQuery)
	}
	return buf
}

// appendPath appends an escaped path with the segment after "Accounts"
// masked and every other segment scrubbed. It returns false when the path
// holds a byte of a class in stop: what it appended is then to be dropped.
func appendPath(buf []byte, path string, stop byteClass) ([]byte, bool) {
	afterAccounts := false
	for {
		n, classes := scanPart(path, slash)
		if classes&stop != 0 {
			return buf, false
		}
		seg := path[:n]
		plain := seg
		if afterAccounts && seg != "" {
			plain = unescape(seg, classes, url.PathUnescape)
			buf = appendID(buf, plain)
		} else {
			buf, plain = appendPart(buf, seg, classes, url.PathUnescape)
		}
		if n == len(path) {
			return buf, true
		}
		afterAccounts = len(plain) == len("Accounts") && strings.EqualFold(plain, "Accounts")
		buf = append(buf, '/')
		path = path[n+1:]
	}
}

// appendQuery appends a raw query with each value hidden according to its
// key.
func appendQuery(buf []byte, query string) []byte {
	for {
		n, classes := scanPart(query, amp|equals)
		var plainKey string
		buf, plainKey = appendPart(buf, query[:n], classes, url.QueryUnescape) // a key of a known kind can hold an identifier too
		query = query[n:]
		if query != "" && query[0] == '=' {
			buf = append(buf, '=')
			query = query[1:]
			switch k := classify(plainKey); k {
			case kindSecret, kindPersonal:
				// Hidden whole: the value's bytes need not be looked at, only its end.
				n = strings.IndexByte(query, '&')
				if n < 0 {
					n = len(query)
				}
				if n > 0 {
					buf = append(buf, redacted...)
				}
			default:
				n, classes = scanPart(query, amp)
				value := query[:n]
				switch {
				case k == kindNone:
					buf, _ = appendPart(buf, value, classes, url.QueryUnescape)
				case value != "":
					buf = appendHidden(buf, k, unescape(value, classes, url.QueryUnescape))
				}
			}
			query = query[n:]
		}
		if query == "" {
			return buf
		}
		buf = append(buf, '&')
		query = query[1:]
	}
}

// scanPart returns the length of the URL part at the start of s, which ends
// before the first byte of a class in end, and the classes of its bytes.
func scanPart(s string, end byteClass) (n int, classes byteClass) {
	for ; n < len(s); n++ {
		c := class[s[n]]
		if c&end != 0 {
			break
		}
		classes |= c
	}
	return n, classes
}

// appendPart appends a URL part, whose bytes have the given classes,
// scrubbed, and returns it decoded. Most parts hold no escape and nothing
// Text parses but identifiers and numbers: they are written in one pass,
// straight into buf, by appendNumbers.
func appendPart(buf []byte, escaped string, classes byteClass, decode func(string) (string, error)) ([]byte, string) {
	if classes&parsed == 0 {
		if len(escaped) < minMasked || classes&digit == 0 && len(escaped) < idLen {
			return append(buf, escaped...), escaped // no identifier, no number
		}
		out, masked := appendNumbers(buf, escaped)
		if !masked {
			out = append(out, escaped...)
		}
		return out, escaped
	}
	plain := unescape(escaped, classes, decode)
	return appendScrubbed(buf, escaped, plain), plain
}

// appendScrubbed appends a URL part: masked when it is a platform identifier,
// else its escaped form when its decoded form has nothing to hide, and the
// scrubbed decoded form otherwise.
func appendScrubbed(buf []byte, escaped, plain string) []byte {
	if isIdentifier(plain) {
		return appendID(buf, plain)
	}
	if scrubbed := scrubText(plain); scrubbed != plain {
		return append(buf, scrubbed...)
	}
	return append(buf, escaped...)
}

// scrubText is Text, called through a variable: Text renders the URLs it finds with appendURL,
// and the compiler's escape analysis sends to the heap every buffer handed to a group of
// functions that call each other. Cut at this call, URL's renderers only return their buffer,
// and URL can render into one on its stack.
var scrubText func(string) string

func init() { scrubText = Text }

// unescape decodes s, whose bytes have the given classes, or returns it
// unchanged when it holds no escape or is not valid escaping.
func unescape(s string, classes byteClass, decode func(string) (string, error)) string {
	if classes&escape == 0 {
		return s
	}
	if plain, err := decode(s); err == nil {
		return plain
	}
	return s
}
