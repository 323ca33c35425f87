package ucpaastest

import (
	"encoding/base64"
	"net/http"
	"testing"
	"time"
)

func TestTimestampIsBeijingTime(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2014, 8, 20, 6, 56, 58, 0, time.UTC), "20140820145658"},
		{time.Date(2024, 12, 31, 16, 0, 0, 0, time.UTC), "20250101000000"},
		{time.Date(2024, 5, 1, 10, 0, 0, 0, beijing), "20240501100000"},
	}
	for _, tt := range tests {
		if got := Timestamp(tt.in); got != tt.want {
			t.Errorf("Timestamp(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSignatureAndAuthorization(t *testing.T) {
	// Expected values computed independently: printf abcdef20140820145658 | md5sum; … | base64.
	if got, want := Signature("abc", "def", "20140820145658"), "CFFD832931DDD222F967A5800E6CE2EF"; got != want {
		t.Errorf("Signature = %q, want %q", got, want)
	}
	if got, want := Authorization("abc", "20140820145658"), "YWJjOjIwMTQwODIwMTQ1NjU4"; got != want {
		t.Errorf("Authorization = %q, want %q", got, want)
	}
}

func TestSignSetsSigAndAuthorization(t *testing.T) {
	req, err := http.NewRequest(http.MethodPost, "http://x/2014-06-30/Accounts/abc/Messages/templateSMS?sig=old&k=v", nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2014, 8, 20, 6, 56, 58, 0, time.UTC)
	Sign(req, "abc", "def", at)
	q := req.URL.Query()
	if got, want := q["sig"], []string{"CFFD832931DDD222F967A5800E6CE2EF"}; len(got) != 1 || got[0] != want[0] {
		t.Errorf("sig = %v, want %v", got, want)
	}
	if q.Get("k") != "v" {
		t.Errorf("other query parameters lost: %q", req.URL.RawQuery)
	}
	decoded, err := base64.StdEncoding.DecodeString(req.Header.Get("Authorization"))
	if err != nil || string(decoded) != "abc:20140820145658" {
		t.Errorf("Authorization decodes to %q (%v), want abc:20140820145658", decoded, err)
	}
}

func TestSignedRequestRoundTrip(t *testing.T) {
	srv := newTestServer(t)
	do := sender(t, srv)
	for _, asXML := range []bool{false, true} {
		b := builder(srv)
		b.XML = asXML
		res := do(b.AccountInfo(ctx))
		if res.code != codeOK {
			t.Errorf("XML=%v: signed request answered %q, want 000000 (body %s)", asXML, res.code, res.body)
		}
	}
}

func TestDefaultIDsHavePlatformLength(t *testing.T) {
	for _, id := range []string{DefaultSID, DefaultToken, DefaultAppID} {
		if len(id) != 32 || !isAlnum(id) {
			t.Errorf("%q: want 32 letters and digits", id)
		}
	}
}
