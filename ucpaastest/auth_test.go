package ucpaastest

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFamilyAAuthentication(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	ts := Timestamp(testNow)
	setAuth := func(v string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", v) }
	}
	// withPathSID moves the request to another account id in the path and signs the header for it.
	withPathSID := func(sid string) func(*http.Request) {
		return func(r *http.Request) {
			r.URL.Path = strings.Replace(r.URL.Path, DefaultSID, sid, 1)
			r.Header.Set("Authorization", b64(sid+":"+ts))
		}
	}
	tests := []struct {
		name    string
		account Account             // credentials the request is signed with
		now     time.Time           // signing time
		status  Status              // the account's state on the server
		mutate  func(*http.Request) // damage done after signing
		want    string
	}{
		{name: "valid", want: "000000"},
		{name: "no Authorization", mutate: func(r *http.Request) { r.Header.Del("Authorization") }, want: "101100"},
		{name: "not base64", mutate: setAuth("%%%not-base64%%%"), want: "101101"},
		{name: "no account id", mutate: setAuth(b64(":" + ts)), want: "101102"},
		{name: "no timestamp", mutate: setAuth(b64(DefaultSID + ":")), want: "101103"},
		{name: "no colon", mutate: setAuth(b64(DefaultSID + ts)), want: "101104"},
		{name: "timestamp not yyyyMMddHHmmss", mutate: setAuth(b64(DefaultSID + ":2024-05-01 10:00:00")), want: "101104"},
		{name: "timestamp too short", mutate: setAuth(b64(DefaultSID + ":202405011000")), want: "101104"},
		{name: "path account id empty", mutate: func(r *http.Request) {
			r.URL.Path = strings.Replace(r.URL.Path, DefaultSID, "", 1)
		}, want: "101112"},
		{name: "path account id illegal", mutate: withPathSID("bad-sid"), want: "101105"},
		{name: "header and path ids differ", mutate: setAuth(b64("00000000000000000000000000000bad:" + ts)), want: "101113"},
		{name: "no sig", mutate: func(r *http.Request) { r.URL.RawQuery = "" }, want: "101114"},
		{name: "unknown account", account: Account{SID: "ffffffffffffffffffffffffffffffff", Token: DefaultToken, AppID: DefaultAppID}, want: "101111"},
		{name: "wrong token", account: Account{SID: DefaultSID, Token: "rotated", AppID: DefaultAppID}, want: "101116"},
		{name: "lower-case sig accepted", mutate: func(r *http.Request) {
			r.URL.RawQuery = "sig=" + strings.ToLower(Signature(DefaultSID, DefaultToken, ts))
		}, want: "000000"},
		{name: "timestamp 49 minutes old", now: testNow.Add(-49 * time.Minute), want: "000000"},
		{name: "timestamp 51 minutes old", now: testNow.Add(-51 * time.Minute), want: "101106"},
		{name: "timestamp 123 minutes ahead", now: testNow.Add(123 * time.Minute), want: "101106"},
		{name: "timestamp 9 hours old", now: testNow.Add(-9 * time.Hour), want: "101106"},
		{name: "account closed", status: StatusClosed, want: "101108"},
		{name: "account inactive", status: StatusInactive, want: "101109"},
		{name: "account locked", status: StatusLocked, want: "101110"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.SetAccountStatus(DefaultSID, tt.status)
			b := builder(srv)
			if tt.account.SID != "" {
				b.Account = tt.account
			}
			if !tt.now.IsZero() {
				b.Now = func() time.Time { return tt.now }
			}
			req, err := b.TemplateSMS(ctx, []string{"13900000001"}, DefaultTemplateCode, "1234")
			if err == nil && tt.mutate != nil {
				tt.mutate(req)
			}
			res := send(t, srv, req, err)
			if res.status != http.StatusOK || res.code != tt.want {
				t.Errorf("HTTP %d code %q, want HTTP 200 code %q (body %s)", res.status, res.code, tt.want, res.body)
			}
			wantBalance := DefaultBalance
			if tt.want == codeOK {
				wantBalance -= DefaultSMSPrice
			}
			if got, _ := srv.Balance(DefaultSID); got != wantBalance {
				t.Errorf("balance %d, want %d", got, wantBalance)
			}
		})
	}
}

func TestRotatedToken(t *testing.T) {
	srv := newTestServer(t)
	do := sender(t, srv)
	if !srv.SetToken(DefaultSID, "rotated") {
		t.Fatal("SetToken: default account missing")
	}
	if res := do(builder(srv).AccountInfo(ctx)); res.code != "101116" {
		t.Errorf("old token after rotation: %q, want 101116", res.code)
	}
	b := builder(srv)
	b.Account.Token = "rotated"
	if res := do(b.AccountInfo(ctx)); res.code != codeOK {
		t.Errorf("new token after rotation: %q, want 000000", res.code)
	}
	if srv.SetToken("nobody", "x") || srv.SetAccountStatus("nobody", StatusLocked) || srv.SetBalance("nobody", 1) {
		t.Error("setters report success for an unknown account")
	}
	if _, found := srv.Balance("nobody"); found {
		t.Error("Balance reports an unknown account")
	}
}

// TestSDKTimestamps signs with every timestamp form the platform's own SDKs produce, and with forms
// no SDK produces, against a clock at 2026-12-02 06:05:00 Beijing time unless the row names another.
func TestSDKTimestamps(t *testing.T) {
	at := func(hour, minute int) time.Time { return time.Date(2026, 12, 2, hour, minute, 0, 0, beijing) }
	now := at(6, 5)
	tests := []struct {
		name, ts string
		clock    time.Time // zero: now
		want     string
	}{
		{"Beijing time, 14 digits", "20261202060500", time.Time{}, "000000"},
		{"17 digits with milliseconds", "20261202060500123", time.Time{}, "000000"},
		{"PHP date(YmdHis)+7200 at 06:05: minute 77", "20261202067700", time.Time{}, "000000"},
		{"PHP +7200 at 06:40: carried into the hour digits", "20261202071200", at(6, 40), "000000"},
		{"PHP +7200 at 23:59: hour 24", "20261202243100", at(23, 59), "000000"},
		{"PHP +7200 at 23:59 read on a clock at 06:05", "20261202243100", time.Time{}, "101106"},
		{"Node SDK on a UTC machine (local time)", now.UTC().Format("20060102150405"), time.Time{}, "000000"},
		{"Node SDK on a Beijing machine", now.Format("20060102150405"), time.Time{}, "000000"},
		{"seconds over 59", "20261202060090", time.Time{}, "000000"},
		{"3 hours ahead", "20261202090500", time.Time{}, "101106"},
		{"4 hours behind", "20261202020500", time.Time{}, "101106"},
		{"a day behind", "20261201060500", time.Time{}, "101106"},
		{"not numeric", "2026120206050x", time.Time{}, "101104"},
		{"13 digits", "2026120206050", time.Time{}, "101104"},
		{"15 digits", "202612020605001", time.Time{}, "101104"},
		{"month 13", "20261302060500", time.Time{}, "101104"},
		{"day 0", "20261200060500", time.Time{}, "101104"},
		{"hour 25", "20261202250500", time.Time{}, "101104"},
		{"unix seconds", "1796162700", time.Time{}, "101104"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := now
			if !tt.clock.IsZero() {
				clock = tt.clock
			}
			srv := newTestServer(t, WithClock(func() time.Time { return clock }))
			req, err := builder(srv).AccountInfo(ctx)
			if err != nil {
				t.Fatal(err)
			}
			signWith(req, DefaultSID, DefaultToken, tt.ts)
			if res := send(t, srv, req, nil); res.code != tt.want {
				t.Errorf("timestamp %s on a clock at %s: %q, want %q", tt.ts, Timestamp(clock), res.code, tt.want)
			}
		})
	}
}

// signWith signs req with the raw timestamp ts, as an SDK that formats its own does.
func signWith(req *http.Request, sid, token, ts string) {
	q := req.URL.Query()
	q.Set("sig", Signature(sid, token, ts))
	req.URL.RawQuery = q.Encode()
	req.Header.Set("Authorization", Authorization(sid, ts))
}
