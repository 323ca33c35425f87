package ucpaastest

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// authenticateA checks a family A request's credentials, in this order: the Authorization header
// (101100 missing, 101101 not Base64, 101104 no ":" or a timestamp parseTimestamp rejects, 101102
// no account id, 101103 no timestamp), the path's account id (101112 empty, 101105 not letters and
// digits), 101113 header and path ids differ, 101114 no sig, 101111 unknown account, 101116 wrong
// sig (made with the timestamp as sent), 101106 a timestamp timely rejects, then the account's
// state (101108 closed, 101109 inactive, 101110 locked). The caller holds the lock.
func (s *Simulator) authenticateA(r *http.Request, pathSID string, now time.Time) (*account, string) {
	header := r.Header.Get("Authorization")
	if header == "" {
		return nil, "101100"
	}
	decoded, err := base64.StdEncoding.DecodeString(header)
	if err != nil {
		return nil, "101101"
	}
	sid, ts, found := strings.Cut(string(decoded), ":")
	switch {
	case !found:
		return nil, "101104"
	case sid == "":
		return nil, "101102"
	case ts == "":
		return nil, "101103"
	}
	signedAt, parsed := parseTimestamp(ts)
	if !parsed {
		return nil, "101104"
	}
	switch {
	case pathSID == "":
		return nil, "101112"
	case !isAlnum(pathSID):
		return nil, "101105"
	case sid != pathSID:
		return nil, "101113"
	}
	sig := r.URL.Query().Get("sig")
	if sig == "" {
		return nil, "101114"
	}
	a, known := s.accounts[sid]
	if !known {
		return nil, "101111"
	}
	want := Signature(a.SID, a.Token, ts)
	if subtle.ConstantTimeCompare([]byte(strings.ToUpper(sig)), []byte(want)) != 1 {
		return nil, "101116"
	}
	if !timely(signedAt.Sub(now), s.cfg.maxAge) {
		return nil, "101106"
	}
	return a, statusCode(a.Status)
}

// statusCode is the code an account in state st answers with ("" when it may call); a state
// outside the constants counts as no account (101111).
func statusCode(st Status) string {
	switch st {
	case StatusActive:
		return ""
	case StatusClosed:
		return "101108"
	case StatusInactive:
		return "101109"
	case StatusLocked:
		return "101110"
	}
	return "101111"
}

// The clock offsets the platform's own SDKs sign with, besides none (see timely).
const (
	// phpSDKAhead is the official PHP SDK's date("YmdHis") + 7200: the number gains 72 in its
	// minute digits, so the time it reads is 72 minutes ahead (32 when the minutes carried into the
	// hour digits, still within maxAge of 72).
	phpSDKAhead = 72 * time.Minute
	// localUTCBehind is a client that stamps its machine's local time (the Node SDK) on a machine
	// in UTC: its wall-clock time is 8 hours behind Beijing's.
	localUTCBehind = 8 * time.Hour
)

// timely reports whether a timestamp offset from the clock (positive: ahead) is one the platform
// takes: within maxAge of the clock read in Beijing time, of the PHP SDK's +7200 form, or of a
// client stamping UTC wall-clock time.
func timely(offset, maxAge time.Duration) bool {
	for _, skew := range [...]time.Duration{0, phpSDKAhead, -localUTCBehind} {
		if d := offset - skew; d <= maxAge && d >= -maxAge {
			return true
		}
	}
	return false
}

// parseTimestamp reads a timestamp as the platform's SDKs write it, in Beijing time: 14 digits
// yyyyMMddHHmmss or 17 with milliseconds (yyyyMMddHHmmssSSS). The month must be 01–12 and the day
// 01–31; hours up to 24 and minutes and seconds up to 99 carry over into the next field (the PHP
// SDK's +7200 makes 20261202077600, which is 08:16:00), as do days past the month's end.
func parseTimestamp(ts string) (time.Time, bool) {
	if (len(ts) != 14 && len(ts) != 17) || !allDigits(ts) {
		return time.Time{}, false
	}
	n := func(i, j int) int {
		v := 0
		for _, c := range ts[i:j] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day, hour, minute, second := n(0, 4), n(4, 6), n(6, 8), n(8, 10), n(10, 12), n(12, 14)
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 {
		return time.Time{}, false
	}
	ms := 0
	if len(ts) == 17 {
		ms = n(14, 17)
	}
	return time.Date(year, time.Month(month), day, hour, minute, second, ms*int(time.Millisecond), beijing), true
}
