package ucpaastest

import (
	"net/http"
	"testing"
	"time"
)

func TestStatusString(t *testing.T) {
	tests := []struct {
		st   Status
		want string
		code string
	}{
		{StatusActive, "active", ""},
		{StatusInactive, "inactive", "101109"},
		{StatusLocked, "locked", "101110"},
		{StatusClosed, "closed", "101108"},
		{Status(42), "unknown", "101111"},
	}
	for _, tt := range tests {
		if got := tt.st.String(); got != tt.want {
			t.Errorf("Status(%d).String() = %q, want %q", int(tt.st), got, tt.want)
		}
		if got := statusCode(tt.st); got != tt.code {
			t.Errorf("statusCode(%v) = %q, want %q", tt.st, got, tt.code)
		}
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 12345: "123.45", -5: "-0.05", -105: "-1.05"} {
		if got := yuan(fen); got != want {
			t.Errorf("yuan(%d) = %q, want %q", fen, got, want)
		}
	}
}

func TestWithMaxAge(t *testing.T) {
	tests := []struct {
		maxAge time.Duration
		age    time.Duration
		want   string
	}{
		{5 * time.Minute, 4 * time.Minute, "000000"},
		{5 * time.Minute, 6 * time.Minute, "101106"},
		{0, 49 * time.Minute, "000000"}, // zero keeps the default of 50 minutes
		{0, 51 * time.Minute, "101106"},
	}
	for _, tt := range tests {
		srv := newTestServer(t, WithMaxAge(tt.maxAge))
		b := builder(srv)
		b.Now = func() time.Time { return testNow.Add(-tt.age) }
		if res := sender(t, srv)(b.AccountInfo(ctx)); res.code != tt.want {
			t.Errorf("max age %v, timestamp %v old: %q, want %q", tt.maxAge, tt.age, res.code, tt.want)
		}
	}
}

// TestTolerantBodies checks that numbers and booleans are accepted where strings are expected,
// as the platform's SDKs send either.
func TestTolerantBodies(t *testing.T) {
	srv := newTestServer(t)
	body := `{"voiceCode":{"appId":"` + DefaultAppID + `","verifyCode":123456,"to":13900000001,"userData":true}}`
	req, err := builder(srv).VoiceCode(ctx, "", "")
	if err == nil {
		req.Body, req.ContentLength = readCloser(body), int64(len(body))
	}
	if res := send(t, srv, req, err); res.code != codeOK {
		t.Errorf("numeric fields: %q, want 000000 (body %s)", res.code, res.body)
	}
	fam, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/ol/sms/sendsms", readCloser(
		`{"sid":"`+DefaultSID+`","token":"`+DefaultToken+`","appid":"`+DefaultAppID+`","templateid":10003,"mobile":13900000001}`))
	if res := send(t, srv, fam, err); res.code != codeOK {
		t.Errorf("family B numeric fields: %q, want 000000 (body %s)", res.code, res.body)
	}
}
