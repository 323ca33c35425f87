package ucpaastest

import (
	"fmt"
	"time"
)

// call pays for a call and returns its payload under the operation's element name, and the
// call's id ("" when it failed).
func (s *Simulator) call(a *account, name string, now time.Time) (reply, string) {
	if code := charge(a, s.cfg.callPrice); code != "" {
		return fail(code), ""
	}
	id := s.newID()
	return ok(field{name, []field{
		{"callId", id},
		{"createDate", Timestamp(now)},
	}}), id
}

// checkCallee answers 100008 for no number and 100006 for one that cannot be called.
func checkCallee(to string) string {
	switch {
	case to == "":
		return "100008"
	case !isPhone(to):
		return "100006"
	}
	return ""
}

// voiceCode is POST /Calls/voiceCode: appId, verifyCode (4–8 digits), to, displayNum (optional).
func (s *Simulator) voiceCode(a *account, f map[string]string, now time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	verify := f["verifyCode"]
	switch {
	case verify == "":
		return fail("104102")
	case len(verify) < 4 || len(verify) > 8 || !allDigits(verify):
		return fail("104104")
	}
	if code := checkCallee(f["to"]); code != "" {
		return fail(code)
	}
	if d := f["displayNum"]; d != "" && !isPhone(d) {
		return fail("104103")
	}
	rep, _ := s.call(a, "voiceCode", now)
	return rep
}

// voiceNotify is POST /Calls/voiceNotify: appId, to, type ("0" text, "1" voice file id), content.
func (s *Simulator) voiceNotify(a *account, f map[string]string, now time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	if code := checkCallee(f["to"]); code != "" {
		return fail(code)
	}
	switch {
	case f["type"] != "0" && f["type"] != "1":
		return fail("104106")
	case f["content"] == "":
		return fail("104107")
	}
	rep, _ := s.call(a, "voiceNotify", now)
	return rep
}

// callback is POST /Calls/callBack: appId, fromClient (a sub-account with a bound mobile and
// international roaming closed, else 104131), to. Its callId may be cancelled once.
func (s *Simulator) callback(a *account, f map[string]string, now time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	from := f["fromClient"]
	if from == "" {
		return fail("104100")
	}
	c, known := a.clients[from]
	switch {
	case !known:
		return fail("103107")
	case c.closed:
		return fail("103108")
	case c.Mobile == "":
		return fail("104101")
	case c.roaming:
		return fail("104131")
	}
	if code := checkCallee(f["to"]); code != "" {
		return fail(code)
	}
	if f["to"] == c.Mobile {
		return fail("104130")
	}
	rep, id := s.call(a, "callback", now)
	if id != "" {
		a.calls[id] = true
	}
	return rep
}

// cancelCallback is POST /Calls/callCancel: appId, callId (100104 empty; 100108 取消回拨失败 for
// an id that is not a callback call of the account or was cancelled already). Nothing is refunded.
func (s *Simulator) cancelCallback(a *account, f map[string]string, _ time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	id := f["callId"]
	switch {
	case id == "":
		return fail("100104")
	case !a.calls[id]:
		return fail("100108")
	}
	delete(a.calls, id)
	return ok()
}

// roamOpen is POST /Roam/Open: appId, clientNumber (findClient's codes; 103124 when already
// open). While roaming is open the sub-account's callback calls answer 104131.
func (s *Simulator) roamOpen(a *account, f map[string]string, _ time.Time) reply {
	c, code := findClient(a, f)
	switch {
	case code != "":
		return fail(code)
	case c.roaming:
		return fail("103124")
	}
	c.roaming = true
	return ok()
}

// roamClose is POST /Roam/Close: appId, clientNumber (findClient's codes); closing a closed
// roaming succeeds.
func (s *Simulator) roamClose(a *account, f map[string]string, _ time.Time) reply {
	c, code := findClient(a, f)
	if code != "" {
		return fail(code)
	}
	c.roaming = false
	return ok()
}

// allocNumber is POST /safetyCalls/allocNumber: appId, caller, callee (100008 empty, 100006 not a
// phone number, 104130 the same). It binds a privacy number to the pair: safetyCall{orderId,
// virtualNumber} (field names inferred).
func (s *Simulator) allocNumber(a *account, f map[string]string, _ time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	for _, k := range []string{"caller", "callee"} {
		if code := checkCallee(f[k]); code != "" {
			return fail(code)
		}
	}
	if f["caller"] == f["callee"] {
		return fail("104130")
	}
	order := s.newID()
	a.orders[order] = true
	return ok(field{"safetyCall", []field{{"orderId", order}, {"virtualNumber", s.virtualNumber()}}})
}

// freeNumber is POST /safetyCalls/freeNumber: appId, orderId (104126 empty, 104127 unknown, 104128
// released already).
func (s *Simulator) freeNumber(a *account, f map[string]string, _ time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	order := f["orderId"]
	bound, known := a.orders[order]
	switch {
	case order == "":
		return fail("104126")
	case !known:
		return fail("104127")
	case !bound:
		return fail("104128")
	}
	a.orders[order] = false
	return ok()
}

// applyNumber is POST /safetyCalls/applyNumber: appId. It answers a privacy number for the
// application: safetyCall{virtualNumber}.
func (s *Simulator) applyNumber(a *account, f map[string]string, _ time.Time) reply {
	if code := checkApp(a, f["appId"]); code != "" {
		return fail(code)
	}
	return ok(field{"safetyCall", []field{{"virtualNumber", s.virtualNumber()}}})
}

// virtualNumber returns a fake privacy number (170 then 8 digits); the caller holds the lock.
func (s *Simulator) virtualNumber() string {
	return fmt.Sprintf("170%08d", s.rng.IntN(100_000_000))
}
