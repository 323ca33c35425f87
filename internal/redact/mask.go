package redact

import "strings"

// Phone masks one phone number, keeping its first three and last two
// characters: "13800138000" → "138******78". Numbers shorter than seven
// characters, and anything that is not plain ASCII, become "****".
func Phone(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	writePhone(&b, s)
	return b.String()
}

// ID masks an account SID or application ID, keeping its first and last four
// characters: "8a48b5514fa577af014fa6e2b1fe7d2f" → "8a48****7d2f". Shorter
// identifiers (eight characters or fewer) and non-ASCII ones become "****".
func ID(s string) string {
	var b strings.Builder
	b.Grow(12)
	writeID(&b, s)
	return b.String()
}

// shortMask replaces a value too short, or not ASCII, to keep any of it.
const shortMask = "****"

// writePhone writes Phone(s) to b.
func writePhone(b *strings.Builder, s string) {
	switch {
	case s == "":
	case len(s) < 7 || !isASCII(s):
		b.WriteString(shortMask)
	default:
		b.WriteString(s[:3])
		for range len(s) - 5 {
			b.WriteByte('*')
		}
		b.WriteString(s[len(s)-2:])
	}
}

// writeID writes ID(s) to b.
func writeID(b *strings.Builder, s string) {
	switch {
	case s == "":
	case len(s) <= 8 || !isASCII(s):
		b.WriteString(shortMask)
	default:
		b.WriteString(s[:4])
		b.WriteString(shortMask)
		b.WriteString(s[len(s)-4:])
	}
}

// writePhoneList writes a comma-separated list of phone numbers, each masked.
func writePhoneList(b *strings.Builder, s string) {
	for {
		part, rest, more := strings.Cut(s, ",")
		writePhone(b, part)
		if !more {
			return
		}
		b.WriteByte(',')
		s = rest
	}
}

// idLen is the length of a platform identifier: an account SID, an
// application ID or an auth token is 32 hex digits.
const idLen = 32

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
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if class[s[i]]&alnum == 0 {
			i++
			continue
		}
		end, all, some := i, uint8(hex), uint8(0) // all: classes every byte has; any: some byte has
		for end < len(s) && class[s[end]]&alnum != 0 {
			all &= class[s[end]]
			some |= class[s[end]]
			end++
		}
		switch {
		case all&hex != 0 && end-i == idLen:
			if last == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:i])
			writeID(&b, s[i:end])
			last = end
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
					if last == 0 {
						b.Grow(len(s))
					}
					b.WriteString(s[last:j])
					writePhone(&b, s[j:k])
					last = k
				}
				j = k
			}
		}
		i = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
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
const (
	digit = 1 << iota // 0-9
	hex               // 0-9, a-f, A-F
	alnum             // 0-9, a-z, A-Z
)

// class holds the classes of each byte: one load per byte in the scans.
var class = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= '0' && c <= '9':
			t[c] = digit | hex | alnum
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			t[c] = hex | alnum
		case c >= 'g' && c <= 'z', c >= 'G' && c <= 'Z':
			t[c] = alnum
		}
	}
	return t
}()

func isDigit(c byte) bool { return class[c]&digit != 0 }

func isHex(c byte) bool { return class[c]&hex != 0 }

func isAlnum(c byte) bool { return class[c]&alnum != 0 }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
