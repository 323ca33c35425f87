package ucpaastest

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// replyCode finds the return code of any reply the simulator writes: respCode (family A, JSON or
// XML) or a top-level "code" (families B and C; C's success is the number 0).
var replyCode = regexp.MustCompile(`"respCode":"\d{6}"|<respCode>\d{6}</respCode>|"code":("\d{6}"|0)`)

// FuzzServe sends arbitrary methods, paths and bodies, signed or not: the simulator never panics
// and always answers HTTP 200 with a return code in the format of the path's family.
func FuzzServe(f *testing.F) {
	sid := familyAPrefix + DefaultSID
	for _, seed := range []struct {
		method, path, body string
		sign, asXML        bool
	}{
		{"POST", sid + "/Calls/voiceCode", phpVoiceCodeXML, true, true},
		{"POST", sid + "/Messages/templateSMS.json", `{"templateSMS":{"appId":"` + DefaultAppID + `","templateId":"10003","to":"13900000001"}}`, true, false},
		{"POST", "/ol/sms/sendsms_batch", `{"sid":"` + DefaultSID + `","token":"` + DefaultToken + `","appid":"` + DefaultAppID + `","templateid":"10003","mobile":"13900000001,1,13900000001"}`, false, false},
		{"POST", "/sms-server/variablesms", `{"clientid":"` + DefaultClientID + `","password":"` + PasswordDigest(DefaultPassword) + `","templateid":"10003","mobile":"13900000001"}`, false, false},
		{"POST", "/2015-06-30/Accounts/" + DefaultSID + "/Conference/create", `{"conference":{"appId":"` + DefaultAppID + `","creator":"1"}}`, true, false},
		{"GET", "/2015-06-30/restApi/" + DefaultSID + "/ClientsByMobile", "", true, true},
		{"DELETE", "/", "{", false, false},
		{"POST", "/2099-01-01/Accounts/x", "<a><b>", true, true},
		{"POST", "/ol/sms/sendsms", "[]", false, false},
	} {
		f.Add(seed.method, seed.path, seed.body, seed.sign, seed.asXML)
	}
	sim := NewSimulator(WithClock(fixedClock))
	defer sim.Close()
	f.Fuzz(func(t *testing.T, method, path, body string, sign, asXML bool) {
		if !validMethod(method) || !strings.HasPrefix(path, "/") {
			return
		}
		req := httptest.NewRequest(http.MethodPost, "http://simulator/", strings.NewReader(body))
		req.Method, req.URL.Path = method, path
		if asXML {
			req.Header.Set("Accept", "application/xml")
		}
		if sign {
			Sign(req, DefaultSID, DefaultToken, testNow)
		}
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !replyCode.MatchString(rec.Body.String()) {
			t.Fatalf("%s %q body %q: HTTP %d %q, want HTTP 200 with a code", method, path, body, rec.Code, rec.Body.String())
		}
	})
}

// validMethod reports whether m is a token net/http accepts as a method.
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c) {
			return false
		}
	}
	return true
}
