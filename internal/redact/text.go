package redact

import (
	"net/url"
	"strings"
)

// Text scrubs free text, such as an error message from net/http that holds
// the full request URL, or a header map or query printed with %v:
//
//   - every http:// or https:// URL in it is rendered by URL;
//   - a secret or personal key followed by '=' or ':' (optional white space
//     around the separator, optional quotes around key and value) has its
//     value hidden as URL hides it: a bare word, a quoted string ('…' or
//     "…"), or a Go or JSON list ("sig:[a b]", `"token":["a","b"]`), whose
//     elements are masked one by one for phone and identifier keys and which
//     is replaced whole otherwise. An Authorization value keeps its scheme
//     word ("Bearer REDACTED"). For keys that are not secret, an unquoted
//     "key: value" with white space after the colon is prose ("sent to: the
//     gateway") and is left alone;
//   - an account SID after "/Accounts/" is masked, and so is every word of 32
//     hex digits (a platform identifier: account SID, application ID, token),
//     wherever it stands;
//   - every digit run that looks like a phone number (11 digits starting
//     with 1, 7–15 digits after '+' or a leading "00") or an ID-card number is
//     masked.
//
// Other text is left alone, and s itself is returned when nothing needs
// hiding.
func Text(s string) string {
	return numbers(structure(s))
}

// Error scrubs an error's message like Text; a nil error gives "".
func Error(err error) string {
	if err == nil {
		return ""
	}
	return Text(err.Error())
}

const accountsSegment = "/accounts/"

// structure hides URLs, key–value pairs and account SIDs in s.
func structure(s string) string {
	var buf []byte
	last := 0 // s[last:i] is still to be copied; every replacement ends past 0
	flush := func(upto int) []byte {
		if buf == nil {
			buf = make([]byte, 0, len(s)+len(redacted))
		}
		return append(buf, s[last:upto]...)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case (c == 'h' || c == 'H') && urlPrefix(s[i:]):
			end := urlEnd(s, i)
			buf = appendTextURL(flush(i), s[i:end])
			last, i = end, end
		case c == '/' && hasPrefixFold(s[i:], accountsSegment):
			start := i + len(accountsSegment)
			end := start
			for end < len(s) && !isSegmentEnd(s[end]) {
				end++
			}
			if end > start {
				buf = appendID(flush(start), s[start:end])
				last = end
			}
			i = end
		case c == '=' || c == ':':
			v := pairValue(s, i)
			switch {
			case v.kind == kindNone:
				i++
				continue
			case v.list:
				buf = appendHiddenList(flush(v.start), v.kind, s[v.start:v.end])
			default:
				buf = appendHidden(flush(v.start), v.kind, s[v.start:v.end])
			}
			last, i = v.end, v.end
		default:
			i++
		}
	}
	if last == 0 {
		return s
	}
	return bytesString(append(buf, s[last:]...))
}

// appendTextURL appends one URL found in text, rendered by URL; one that does
// not parse is hidden whole but for its scheme.
func appendTextURL(buf []byte, raw string) []byte {
	u, err := url.Parse(raw)
	if err != nil {
		scheme, _, _ := strings.Cut(raw, ":")
		buf = append(buf, strings.ToLower(scheme)...)
		return append(buf, "://"+redacted...)
	}
	return appendURL(buf, u)
}

// value is where the value of a key–value pair stands in a text, and what it
// holds.
type value struct {
	start, end int  // s[start:end] is hidden; for a list, what is between its brackets
	kind       kind // kindNone: nothing to hide
	list       bool // a Go or JSON list
}

// pairValue looks at the separator s[sep] ('=' or ':'). When the key before
// it is secret or personal, it returns where its value stands; otherwise the
// value's kind is kindNone.
func pairValue(s string, sep int) value {
	key, quoted := keyBefore(s, sep)
	if key == "" {
		return value{}
	}
	k := classify(key)
	if k == kindNone {
		return value{}
	}
	start := skipBlank(s, sep+1)
	if start == len(s) {
		return value{}
	}
	if s[sep] == ':' && !quoted && k != kindSecret && start > sep+1 && s[start] != '[' {
		return value{} // "sent to: the gateway" is prose, not a pair
	}
	switch c := s[start]; c {
	case '[':
		return value{start: start + 1, end: listEnd(s, start+1), kind: k, list: true}
	case '"', '\'':
		end := quotedEnd(s, start+1, c)
		if end == start+1 {
			return value{}
		}
		return value{start: start + 1, end: end, kind: k}
	}
	if k == kindSecret {
		start = afterAuthScheme(s, start, quoted)
	}
	end := start
	for end < len(s) && !isValueEnd(s, end, quoted) {
		end++
	}
	if end == start {
		return value{}
	}
	return value{start: start, end: end, kind: k}
}

// skipBlank returns the index of the first byte at or after i that is not a
// space or a tab.
func skipBlank(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// quotedEnd returns the index of the quote that closes a string opened
// before s[start] (a backslash escapes the next byte), or len(s).
func quotedEnd(s string, start int, quote byte) int {
	end := start
	for end < len(s) && s[end] != quote {
		if s[end] == '\\' && end+1 < len(s) {
			end++
		}
		end++
	}
	return min(end, len(s))
}

// listEnd returns the index of the ']' that closes a list opened before
// s[start] (brackets inside double-quoted strings do not count), or len(s).
func listEnd(s string, start int) int {
	for i := start; i < len(s); i++ {
		switch s[i] {
		case ']':
			return i
		case '"':
			i = quotedEnd(s, i+1, '"')
		}
	}
	return len(s)
}

// keyBefore returns the key word that ends just before the separator at sep
// (allowing spaces and a closing quote between them), and whether it was
// quoted.
func keyBefore(s string, sep int) (key string, quoted bool) {
	end := sep
	for end > 0 && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	if end > 0 && s[end-1] == '"' {
		quoted = true
		end--
	}
	start := end
	for start > 0 && isKeyByte(s[start-1]) {
		start--
	}
	if quoted && (start == 0 || s[start-1] != '"') {
		return "", false
	}
	return s[start:end], quoted
}

// authSchemes are the schemes of an Authorization value whose credentials
// follow as a second word.
var authSchemes = [...]string{"basic", "bearer", "digest", "token"}

// afterAuthScheme returns where the credentials of an Authorization value at
// s[start] begin: after its scheme word and the white space that follows it,
// when there is such a word and credentials after it; start otherwise.
func afterAuthScheme(s string, start int, quoted bool) int {
	word := start
	for word < len(s) && isAlnum(s[word]) {
		word++
	}
	for _, scheme := range authSchemes {
		if strings.EqualFold(s[start:word], scheme) {
			creds := skipBlank(s, word)
			if creds > word && creds < len(s) && !isValueEnd(s, creds, quoted) {
				return creds
			}
			break
		}
	}
	return start
}

// isValueEnd reports whether s[i] ends an unquoted value. A comma continues a
// list of numbers after '=', and ends a value after a quoted (JSON) key.
func isValueEnd(s string, i int, quoted bool) bool {
	switch c := s[i]; c {
	case ' ', '\t', '\n', '\r', '&', ';', '"', '\'', '<', '>', '(', ')', '{', '}', '[', ']', '`':
		return true
	case ',':
		return quoted || i+1 == len(s) || !isDigit(s[i+1]) && s[i+1] != '+'
	default:
		return c < ' '
	}
}

// urlPrefix reports whether s starts with http:// or https://, any case.
func urlPrefix(s string) bool {
	return hasPrefixFold(s, "http://") || hasPrefixFold(s, "https://")
}

// urlEnd returns where the URL starting at s[start] ends: at a space, quote
// or angle bracket, without the sentence punctuation or the closing
// parenthesis that commonly follow a URL in prose.
func urlEnd(s string, start int) int {
	end := start
	for end < len(s) {
		c := s[end]
		if c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == 0x7F {
			break
		}
		end++
	}
	for end > start {
		switch s[end-1] {
		case '.', ',', ';', ':', '!', '?':
			end--
			continue
		case ')':
			if strings.IndexByte(s[start:end], '(') < 0 {
				end--
				continue
			}
		}
		break
	}
	return end
}

// isSegmentEnd reports bytes that end a path segment in text.
func isSegmentEnd(c byte) bool {
	return c == '/' || c == '?' || c == '#' || c == '&' || c == '"' || c == '\'' || c <= ' '
}

// isKeyByte reports bytes of a key word: letters, digits, '_', '-' and '.'.
func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '-' || c == '.'
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
