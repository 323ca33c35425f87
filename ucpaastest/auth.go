package ucpaastest

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// authenticateA checks a family A request's credentials, in this order: the Authorization header
// (101100 missing, 101101 not Base64, 101104 no ":" or a timestamp that is not yyyyMMddHHmmss,
// 101102 no account id, 101103 no timestamp), the path's account id (101112 empty, 101105 not
// letters and digits), 101113 header and path ids differ, 101114 no sig, 101111 unknown account,
// 101116 wrong sig, 101106 timestamp farther than the maximum age from the clock, then the
// account's state (101108 closed, 101109 inactive, 101110 locked). The caller holds the lock.
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
	signedAt, err := time.ParseInLocation(timestampLayout, ts, beijing)
	if err != nil || len(ts) != len(timestampLayout) {
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
	if age := now.Sub(signedAt); age > s.cfg.maxAge || age < -s.cfg.maxAge {
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
