package redact

import (
	"net/url"
	"strings"
)

// Text scrubs free text, such as an error message from net/http that holds
// the full request URL: every http:// or https:// URL in it is rendered by
// URL; the value of every key=value pair (and of "key":"value" pairs, and of
// "key: value" for secret keys such as Authorization) whose key is secret or
// personal is hidden as URL hides it; an account SID after "/Accounts/" is
// masked; and every digit run that looks like a phone number (11 digits
// starting with 1, 7–15 digits after '+' or a leading "00") is masked. Other
// text is left alone, and s itself is returned when nothing needs hiding.
func Text(s string) string {
	return digits(structure(s))
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
	var b strings.Builder
	last := 0 // s[last:i] is still to be copied; every replacement ends past 0
	flush := func(upto int, repl string) {
		if last == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:upto])
		b.WriteString(repl)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case (c == 'h' || c == 'H') && urlPrefix(s[i:]):
			end := urlEnd(s, i)
			flush(i, textURL(s[i:end]))
			last, i = end, end
		case c == '/' && hasPrefixFold(s[i:], accountsSegment):
			start := i + len(accountsSegment)
			end := start
			for end < len(s) && !isSegmentEnd(s[end]) {
				end++
			}
			if end > start {
				flush(start, ID(s[start:end]))
				last = end
			}
			i = end
		case c == '=' || c == ':':
			start, end, k := pairValue(s, i)
			if k == kindNone {
				i++
				break
			}
			flush(start, hide(k, s[start:end]))
			last, i = end, end
		default:
			i++
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// textURL renders one URL found in text; one that does not parse is hidden
// whole but for its scheme.
func textURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		scheme, _, _ := strings.Cut(raw, ":")
		return strings.ToLower(scheme) + "://" + redacted
	}
	return URL(u)
}

// pairValue looks at the separator s[sep] ('=' or ':'). When the key before
// it is secret or personal, it returns the bounds of the value after it and
// the key's kind; otherwise kind is kindNone.
func pairValue(s string, sep int) (start, end int, k kind) {
	key, quoted := keyBefore(s, sep)
	if key == "" {
		return 0, 0, kindNone
	}
	k = classify(key)
	if k == kindNone || s[sep] == ':' && !quoted && k != kindSecret {
		return 0, 0, kindNone
	}
	start = sep + 1
	for s[sep] == ':' && start < len(s) && (s[start] == ' ' || s[start] == '\t') {
		start++
	}
	if start < len(s) && s[start] == '"' {
		start++
		end = start
		for end < len(s) && s[end] != '"' {
			if s[end] == '\\' && end+1 < len(s) {
				end++
			}
			end++
		}
		if end == start {
			return 0, 0, kindNone
		}
		return start, min(end, len(s)), k
	}
	if k == kindSecret && hasAuthScheme(s[start:]) {
		start = strings.IndexByte(s[start:], ' ') + start + 1
	}
	end = start
	for end < len(s) && !isValueEnd(s, end, quoted) {
		end++
	}
	if end == start {
		return 0, 0, kindNone
	}
	return start, end, k
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

// hasAuthScheme reports an Authorization value that starts with a scheme
// word followed by a space: the credentials are the word after it.
func hasAuthScheme(v string) bool {
	for _, scheme := range [...]string{"basic ", "bearer ", "digest ", "token "} {
		if hasPrefixFold(v, scheme) && len(v) > len(scheme) {
			return true
		}
	}
	return false
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
