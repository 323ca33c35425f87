package ucpaastest

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// beijing is the platform's time zone (UTC+8, no daylight saving), without a tzdata dependency.
var beijing = time.FixedZone("CST", 8*3600)

// timestampLayout is the platform's yyyyMMddHHmmss.
const timestampLayout = "20060102150405"

// Timestamp formats t the way the platform's signatures want it: yyyyMMddHHmmss in Beijing time.
func Timestamp(t time.Time) string {
	return t.In(beijing).Format(timestampLayout)
}

// Signature returns the sig query parameter: upper-case hex MD5(sid + token + timestamp).
func Signature(sid, token, timestamp string) string {
	sum := md5.Sum([]byte(sid + token + timestamp))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// Authorization returns the Authorization header value: Base64(sid + ":" + timestamp), no prefix.
func Authorization(sid, timestamp string) string {
	return base64.StdEncoding.EncodeToString([]byte(sid + ":" + timestamp))
}

// Sign signs a family A request for the account sid with token at time now: it sets the sig query
// parameter (replacing any earlier one) and the Authorization header.
func Sign(req *http.Request, sid, token string, now time.Time) {
	ts := Timestamp(now)
	q := req.URL.Query()
	q.Set("sig", Signature(sid, token, ts))
	req.URL.RawQuery = q.Encode()
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	req.Header.Set("Authorization", Authorization(sid, ts))
}
