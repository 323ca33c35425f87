package redact

import (
	"net/url"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Phone masks one phone number, keeping its first three and last two
// characters: "13800138000" → "138******78". Numbers shorter than seven
// characters, and anything that is not plain ASCII, become "****".
func Phone(s string) string {
	return bytesString(appendPhone(make([]byte, 0, max(len(s), len(shortMask))), s))
}

// ID masks an account SID or application ID, keeping its first and last four
// characters: "8a48b5514fa577af014fa6e2b1fe7d2f" → "8a48****7d2f". Shorter
// identifiers (eight characters or fewer) and non-ASCII ones become "****".
func ID(s string) string {
	return bytesString(appendID(make([]byte, 0, 12), s))
}

// shortMask replaces a value too short, or not ASCII, to keep any of it.
const shortMask = "****"

// stars is as many '*' as a masked phone number can hold in one append.
const stars = "************************"

// appendPhone appends Phone(s) to buf.
func appendPhone(buf []byte, s string) []byte {
	switch {
	case s == "":
		return buf
	case len(s) < 7 || !isASCII(s):
		return append(buf, shortMask...)
	}
	buf = append(buf, s[:3]...)
	for n := len(s) - 5; n > 0; n -= len(stars) {
		buf = append(buf, stars[:min(n, len(stars))]...)
	}
	return append(buf, s[len(s)-2:]...)
}

// appendID appends ID(s) to buf.
func appendID(buf []byte, s string) []byte {
	switch {
	case s == "":
		return buf
	case len(s) <= 8 || !isASCII(s):
		return append(buf, shortMask...)
	}
	buf = append(buf, s[:4]...)
	buf = append(buf, shortMask...)
	return append(buf, s[len(s)-4:]...)
}

// appendPhoneList appends a comma-separated list of phone numbers, each
// masked.
func appendPhoneList(buf []byte, s string) []byte {
	for {
		part, rest, more := strings.Cut(s, ",")
		buf = appendPhone(buf, part)
		if !more {
			return buf
		}
		buf = append(buf, ',')
		s = rest
	}
}

// bytesString returns the bytes of buf as a string without copying them, as
// strings.Builder does: buf must not be written again.
func bytesString(buf []byte) string {
	return unsafe.String(unsafe.SliceData(buf), len(buf))
}

// idLen is the length of a platform identifier: an account SID, an
// application ID or an auth token is 32 hex digits.
const idLen = 32

// minMasked is the length of the shortest run numbers masks: seven digits
// after a '+' (see looksPersonal).
const minMasked = 7

// isIdentifier reports whether s is a platform identifier: exactly 32 hex
// digits, in either case.
func isIdentifier(s string) bool {
	if len(s) != idLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// numbers masks every word of 32 hex digits (a platform identifier: an
// account SID, an application ID, a token), keeping its first and last four
// characters, and every digit run that looks like a phone number or an
// ID-card number: 11 digits starting with 1 (a Chinese mobile; 12 with a
// trunk 0 before it), 7–15 digits after '+' or after a leading "00", 13
// digits starting with 861 (a mobile with its country code), and 18 digits,
// or 17 followed by X (a resident ID card). A word is a run of ASCII letters
// and digits. It returns s itself when nothing matches.
func numbers(s string) string {
	buf, masked := appendNumbers(nil, s)
	if !masked {
		return s
	}
	return bytesString(buf)
}

// appendNumbers appends s to buf masked as numbers masks it, and reports
// whether anything was masked; when nothing was, it appends nothing and the
// caller decides what stands for s. Each byte is read once.
func appendNumbers(buf []byte, s string) (out []byte, masked bool) {
	last := 0
	for i := 0; i < len(s); {
		if class[s[i]]&alnum == 0 {
			i++
			continue
		}
		end, all, some := i, byteClass(hex), byteClass(0) // all: classes every byte has; any: some byte has
		for end < len(s) && class[s[end]]&alnum != 0 {
			all &= class[s[end]]
			some |= class[s[end]]
			end++
		}
		switch {
		case all&hex != 0 && end-i == idLen:
			buf, last = appendMasked(buf, s, last, i, end, true)
		case some&digit != 0:
			for j := i; j < end; {
				if class[s[j]]&digit == 0 {
					j++
					continue
				}
				k := j
				for k < end && class[s[k]]&digit != 0 {
					k++
				}
				if looksPersonal(s, j, k) {
					buf, last = appendMasked(buf, s, last, j, k, false)
				}
				j = k
			}
		}
		i = end
	}
	if last == 0 {
		return buf, false
	}
	return append(buf, s[last:]...), true
}

// appendMasked appends s[last:j], then s[j:k] masked as an identifier or a
// phone number, to buf (a new one when buf is nil), and returns it with the
// new start of what is still to be copied.
func appendMasked(buf []byte, s string, last, j, k int, id bool) ([]byte, int) {
	if buf == nil {
		buf = make([]byte, 0, len(s))
	}
	buf = append(buf, s[last:j]...)
	if id {
		return appendID(buf, s[j:k]), k
	}
	return appendPhone(buf, s[j:k]), k
}

// looksPersonal reports whether the digit run s[i:j] is a phone or ID-card
// number.
func looksPersonal(s string, i, j int) bool {
	n := j - i
	switch {
	case n == 11 && s[i] == '1', n == 12 && s[i] == '0' && s[i+1] == '1':
		return true
	case i > 0 && s[i-1] == '+' && n >= 7 && n <= 15:
		return true
	case n >= 9 && n <= 17 && s[i] == '0' && s[i+1] == '0':
		return true
	case n == 13 && s[i:i+3] == "861":
		return true
	case n == 18, n == 17 && j < len(s) && (s[j] == 'X' || s[j] == 'x'):
		return true
	}
	return false
}

// Classes of bytes, as bits of class.
// byteClass is a set of classes of a byte.
type byteClass uint16

const (
	digit       byteClass = 1 << iota // 0-9
	hex                               // 0-9, a-f, A-F
	alnum                             // 0-9, a-z, A-Z
	escape                            // '%', '+': a URL part holding one is decoded before it is scrubbed
	colon                             // ':'
	equals                            // '='
	slash                             // '/'
	amp                               // '&'
	pathEscaped                       // a byte that (*url.URL).EscapedPath escapes

	// parsed are the classes of the bytes Text parses (besides identifiers
	// and numbers) and of escapes: a URL part without them is scrubbed by
	// appendNumbers alone.
	parsed = escape | colon | equals | slash
)

// class holds the classes of each byte: one load per byte in the scans.
var class = func() (t [256]byteClass) {
	for c := range 256 {
		switch {
		case c >= '0' && c <= '9':
			t[c] = digit | hex | alnum
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			t[c] = hex | alnum
		case c >= 'g' && c <= 'z', c >= 'G' && c <= 'Z':
			t[c] = alnum
		case c == '%', c == '+':
			t[c] = escape
		case c == ':':
			t[c] = colon
		case c == '=':
			t[c] = equals
		case c == '/':
			t[c] = slash
		case c == '&':
			t[c] = amp
		}
		if p := "/" + string(rune(c)); c >= utf8.RuneSelf || (&url.URL{Path: p}).EscapedPath() != p {
			t[c] |= pathEscaped
		}
	}
	return t
}()

func isDigit(c byte) bool { return class[c]&digit != 0 }

func isHex(c byte) bool { return class[c]&hex != 0 }

func isAlnum(c byte) bool { return class[c]&alnum != 0 }

// isASCII reports whether every byte of s is below 0x80, eight bytes at a time: identifiers (32
// bytes) and phone numbers are checked on every masked URL.
func isASCII(s string) bool {
	const high = 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8] // the compiler merges the eight loads below into one
		if (uint64(w[0])|uint64(w[1])<<8|uint64(w[2])<<16|uint64(w[3])<<24|
			uint64(w[4])<<32|uint64(w[5])<<40|uint64(w[6])<<48|uint64(w[7])<<56)&high != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
