package codes_test

import (
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"100001", "100001", true},
		{"0", "000000", true},
		{"1000", "001000", true},
		{"42", "000042", true},
		{" 105110\r\n", "105110", true},
		{"999999", "999999", true},
		{"", "", false},
		{" ", "", false},
		{"1000000", "", false},
		{"0000000", "", false},
		{"12a", "", false},
		{"-1", "", false},
		{"1 0", "", false},
		{"١٢", "", false}, // Arabic-Indic digits
	}
	for _, tt := range tests {
		got, ok := codes.Normalize(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Normalize(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"100001", "0", " 42 ", "", "1000000", "abc", "\xff\xfe", "000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := codes.Normalize(s)
		if ok && (len(n) != 6 || n != mustDigits(t, n)) {
			t.Fatalf("Normalize(%q) = %q: not six digits", s, n)
		}
		c, found := codes.Lookup(s)
		if found && (!ok || c.Value != n) {
			t.Fatalf("Lookup(%q) found %q but Normalize gives %q, %v", s, c.Value, n, ok)
		}
		if ok {
			if _, want := codes.Lookup(n); found != want {
				t.Fatalf("Lookup(%q) = %v but Lookup(%q) = %v", s, found, n, want)
			}
		}
	})
}

// mustDigits returns s if it holds only ASCII digits, and fails the test otherwise.
func mustDigits(t *testing.T, s string) string {
	t.Helper()
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			t.Fatalf("%q holds a non-digit", s)
		}
	}
	return s
}
