package redact

import "strings"

// Phone masks one phone number, keeping its first three and last two
// characters: "13800138000" → "138******78". Numbers shorter than seven
// characters, and anything that is not plain ASCII, become "****".
func Phone(s string) string {
	if s == "" {
		return ""
	}
	if len(s) < 7 || !isASCII(s) {
		return "****"
	}
	return s[:3] + strings.Repeat("*", len(s)-5) + s[len(s)-2:]
}

// ID masks an account SID or application ID, keeping its first and last four
// characters: "8a48b5514fa577af014fa6e2b1fe7d2f" → "8a48****7d2f". Shorter
// identifiers (eight characters or fewer) and non-ASCII ones become "****".
func ID(s string) string {
	if s == "" {
		return ""
	}
	if len(s) <= 8 || !isASCII(s) {
		return "****"
	}
	return s[:4] + "****" + s[len(s)-4:]
}

// phoneList masks each number of a comma-separated list.
func phoneList(s string) string {
	if strings.IndexByte(s, ',') < 0 {
		return Phone(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, part := range strings.Split(s, ",") {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(Phone(part))
	}
	return b.String()
}

// digits masks every digit run that looks like a phone number or an ID-card
// number: 11 digits starting with 1 (a Chinese mobile; 12 with a trunk 0
// before it), 7–15 digits after '+'
// or after a leading "00", 13 digits starting with 861 (a mobile with its
// country code), and 18 digits, or 17 followed by X (a resident ID card). It
// returns s itself when nothing matches.
func digits(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if looksPersonal(s, i, j) {
			if last == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:i])
			b.WriteString(Phone(s[i:j]))
			last = j
		}
		i = j
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

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
