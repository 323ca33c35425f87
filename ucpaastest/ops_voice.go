package ucpaastest

import "time"

// call pays for a call and returns its payload under the operation's element name.
func (s *Simulator) call(a *account, name string, now time.Time) reply {
	if code := charge(a, s.cfg.callPrice); code != "" {
		return fail(code)
	}
	return ok(field{name, []field{
		{"callId", s.newID()},
		{"createDate", Timestamp(now)},
	}})
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
	return s.call(a, "voiceCode", now)
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
	return s.call(a, "voiceNotify", now)
}

// callback is POST /Calls/callBack: appId, fromClient (a sub-account with a bound mobile), to.
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
	}
	if code := checkCallee(f["to"]); code != "" {
		return fail(code)
	}
	if f["to"] == c.Mobile {
		return fail("104130")
	}
	return s.call(a, "callback", now)
}
