package redact

import (
	"strings"
	"testing"
)

// FuzzText plants a mobile number between fuzzed text, separated from it by
// fuzzed non-digit bytes, and checks that Text never panics and never lets the
// number through, whatever surrounds it.
func FuzzText(f *testing.F) {
	for _, in := range plantedInputs() {
		f.Add(in, byte(' '), byte(' '), "")
	}
	f.Add("https://h/p?x=", byte('%'), byte('&'), "sig=1")
	f.Add(`{"to":"`, byte('+'), byte('"'), "}")
	f.Add("http://", byte('@'), byte('/'), "")
	f.Add("Authorization: Bearer", byte(' '), byte(','), "token=")
	f.Fuzz(func(t *testing.T, before string, sep1, sep2 byte, after string) {
		const mobile = "13912345678"
		if strings.Contains(before, mobile) || strings.Contains(after, mobile) {
			return // only the planted number is under test
		}
		if isDigit(sep1) {
			sep1 = ' '
		}
		if isDigit(sep2) {
			sep2 = ' '
		}
		in := before + string(rune(sep1)) + mobile + string(rune(sep2)) + after
		if sep1 >= 0x80 || sep2 >= 0x80 {
			in = before + string([]byte{sep1}) + mobile + string([]byte{sep2}) + after
		}
		out := Text(in)
		if strings.Contains(out, mobile) {
			t.Fatalf("mobile survives: Text(%q) = %q", in, out)
		}
	})
}
