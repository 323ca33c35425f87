package redact

import "strings"

// kind is what a key's value holds, and so how it is hidden.
type kind uint8

const (
	kindNone     kind = iota // nothing to hide in particular
	kindSecret               // a credential: REDACTED
	kindPersonal             // personal data without a useful mask: REDACTED
	kindPhone                // one phone number or a comma list of them: masked
	kindID                   // an account or application identifier: masked
)

// redacted replaces secrets and personal values that are not masked.
const redacted = "REDACTED"

// maxKey bounds the bytes of a key that are classified; a longer key is
// classified by its tail, which is where the suffixes looked for sit.
const maxKey = 64

// classify tells what the value of key holds, ignoring letter case.
func classify(key string) kind {
	if len(key) > maxKey {
		key = key[len(key)-maxKey:]
	}
	var buf [maxKey]byte
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	k := string(buf[:len(key)]) // the compiler does not allocate for these comparisons
	switch k {
	case "sig", "token", "password", "clientpwd", "logintoken", "authorization":
		return kindSecret
	case "mobile", "to", "phone", "fromsernum", "tosernum", "displaynum", "clientnumber":
		return kindPhone
	case "param", "verifycode", "friendlyname", "email", "userid", "idcard":
		return kindPersonal
	case "accountsid", "appid", "sid", "clientid":
		return kindID
	}
	for _, suffix := range secretSuffixes {
		if strings.HasSuffix(k, suffix) {
			return kindSecret
		}
	}
	for _, suffix := range phoneSuffixes {
		if strings.HasSuffix(k, suffix) {
			return kindPhone
		}
	}
	return kindNone
}

var (
	// secretSuffixes catch compound names: access_token, X-Auth-Token,
	// Proxy-Authorization, userPwd, client_secret, md5_password.
	secretSuffixes = []string{"token", "password", "passwd", "pwd", "secret", "signature", "authorization"}
	// phoneSuffixes catch compound names: userMobile, contact_phone.
	phoneSuffixes = []string{"mobile", "phone"}
)

// appendHidden appends the replacement for a value of the given kind.
func appendHidden(buf []byte, k kind, value string) []byte {
	switch k {
	case kindPhone:
		return appendPhoneList(buf, value)
	case kindID:
		return appendID(buf, value)
	default:
		return append(buf, redacted...)
	}
}

// appendHiddenList appends the replacement for the elements of a Go or JSON
// list ("a b", `"a","b"`) of a key of the given kind: secret and personal
// lists become "REDACTED" whole; phone numbers and identifiers are masked
// element by element, their separators and quotes kept.
func appendHiddenList(buf []byte, k kind, list string) []byte {
	if k != kindPhone && k != kindID {
		return append(buf, redacted...)
	}
	for list != "" {
		n := 0
		for n < len(list) && isListSep(list[n]) {
			n++
		}
		buf = append(buf, list[:n]...)
		list = list[n:]
		n = 0
		for n < len(list) && !isListSep(list[n]) {
			n++
		}
		buf = appendHidden(buf, k, list[:n])
		list = list[n:]
	}
	return buf
}

// isListSep reports bytes that separate the elements of a list.
func isListSep(c byte) bool {
	return c == ' ' || c == '\t' || c == ',' || c == '"' || c == '\''
}
