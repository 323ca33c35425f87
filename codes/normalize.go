package codes

import "strings"

// codeLen is the length of a return code: six digits.
const codeLen = 6

// Normalize returns value as a six-digit code: surrounding white space is removed and a shorter
// number is padded with leading zeros, the way replies that carry the code as a JSON number need
// ("0" → "000000", "1000" → "001000"). It reports false for an empty value, one with a non-digit,
// or one longer than six digits. A value that already is six digits is returned without copying.
func Normalize(value string) (string, bool) {
	s := strings.TrimSpace(value)
	if isCode(s) {
		return s, true
	}
	var buf [codeLen]byte
	if !normalizeInto(&buf, s) {
		return "", false
	}
	return string(buf[:]), true
}

// normalizeInto writes the six-digit form of s into buf and reports whether s is a number of one
// to six digits. The caller removes surrounding white space first.
func normalizeInto(buf *[codeLen]byte, s string) bool {
	if len(s) == 0 || len(s) > codeLen || !allDigits(s) {
		return false
	}
	pad := codeLen - len(s)
	for i := range pad {
		buf[i] = '0'
	}
	copy(buf[pad:], s)
	return true
}

// allDigits reports whether s holds only the ASCII digits 0–9.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isCode reports whether value is exactly six ASCII digits.
func isCode(value string) bool {
	return len(value) == codeLen && allDigits(value)
}
