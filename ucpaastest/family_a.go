package ucpaastest

import (
	"net/http"
	"time"
)

// opA handles one family A operation for an authenticated account; the caller holds the lock.
type opA func(s *Simulator, a *account, f map[string]string, now time.Time) reply

// serveFamilyA answers a routed family A request: authentication, then the body (codeMalformed when
// it does not decode), then the operation's fault, then the operation.
func (s *Simulator) serveFamilyA(w http.ResponseWriter, r *http.Request, rt route) {
	body, readable := readBodyOr400(w, r)
	if !readable {
		return
	}
	fields, decoded := parseFamilyA(body)
	if r.Method == http.MethodGet {
		for k, v := range r.URL.Query() {
			if k != "sig" && len(v) > 0 {
				fields[k] = v[0]
			}
		}
	}
	now := s.cfg.now()

	s.mu.Lock()
	a, code := s.authenticateA(r, rt.sid, now)
	s.mu.Unlock()
	if code == "" && !decoded {
		code = codeMalformed
	}
	if code != "" {
		writeFamilyA(w, rt.asXML, fail(code))
		return
	}

	faultCode, latency := s.fault(rt.op)
	if !s.wait(r.Context(), latency) {
		return
	}
	if faultCode != "" {
		writeFamilyA(w, rt.asXML, fail(faultCode))
		return
	}

	s.mu.Lock()
	rep := rt.handle(s, a, fields, now)
	s.mu.Unlock()
	writeFamilyA(w, rt.asXML, rep)
}

// checkApp answers 102100 for no application id and 102102 for one the account does not have.
func checkApp(a *account, appID string) string {
	switch {
	case appID == "":
		return "102100"
	case appID != a.AppID:
		return "102102"
	}
	return ""
}

// charge takes fen from the account: 100001 when the balance does not cover it, 100019 when the
// application's budget does not. Nothing is taken on failure.
func charge(a *account, fen int64) string {
	if a.Balance < fen {
		return "100001"
	}
	if a.AppBudget > 0 && a.appSpent+fen > a.AppBudget {
		return "100019"
	}
	a.Balance -= fen
	a.appSpent += fen
	return ""
}
