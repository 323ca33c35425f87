package ucpaastest

import (
	"strings"
	"time"
)

// smsRequest is a template SMS of either family.
type smsRequest struct {
	appID, templateID, param, to string
	batch                        bool   // to is a comma list of distinct numbers; else one number
	paramSep                     string // what separates the parameters; "" means ","
}

// checkTemplate answers 102100/102102 for the application, 105113 for no template id, 105117 for
// one that is not letters and digits and 105110 for an unknown one; else it returns how many
// parameters the template takes.
func checkTemplate(a *account, appID, templateID string) (int, string) {
	if code := checkApp(a, appID); code != "" {
		return 0, code
	}
	switch {
	case templateID == "":
		return 0, "105113"
	case !isAlnum(templateID):
		return 0, "105117"
	}
	want, known := a.Templates[templateID]
	if !known {
		return 0, "105110"
	}
	return want, ""
}

// checkParams answers 105118 when a template that takes parameters got none and 105112 when it got
// another number of them than it takes; sep separates them ("" means ",").
func checkParams(want int, param, sep string) string {
	if sep == "" {
		sep = ","
	}
	got := 0
	if param != "" {
		got = len(strings.Split(param, sep))
	}
	switch {
	case want > 0 && got == 0:
		return "105118"
	case want != got:
		return "105112"
	}
	return ""
}

// sendTemplate validates and pays for a template SMS sent as a whole; it returns the recipients or a
// code: checkTemplate's, 100008/105120/100006/105138 recipients, 105107 a blacklisted recipient,
// checkParams', 100001/100019 money.
// The caller holds the lock.
func (s *Simulator) sendTemplate(a *account, req smsRequest) ([]string, string) {
	want, code := checkTemplate(a, req.appID, req.templateID)
	if code != "" {
		return nil, code
	}
	var to []string
	if req.batch {
		if to, code = checkRecipients(req.to, isMobile, true); code != "" {
			return nil, code
		}
	} else {
		switch {
		case req.to == "":
			return nil, "100008"
		case !isMobile(req.to):
			return nil, "100006"
		}
		to = []string{req.to}
	}
	for _, n := range to {
		if s.blacklist[n] {
			return nil, "105107"
		}
	}
	if code := checkParams(want, req.param, req.paramSep); code != "" {
		return nil, code
	}
	if code := charge(a, s.cfg.smsPrice*int64(len(to))); code != "" {
		return nil, code
	}
	return to, ""
}

// sendBatch validates and pays for a family B batch send, judging every recipient on its own. The
// request as a whole answers checkTemplate's codes, 100008 (no number), 105120 (more than 100) and
// checkParams' codes, with no recipients. Then every recipient gets its code (batchRecipients, draw
// for the fault's share); the accepted ones are charged together: when the money does not cover
// them, each of them gets the money's code (100001/100019) and so does the request. When no
// recipient is accepted, the request answers the first recipient's code. The caller holds the lock.
func (s *Simulator) sendBatch(a *account, req smsRequest, draw func() string) ([]recipient, string) {
	want, code := checkTemplate(a, req.appID, req.templateID)
	if code != "" {
		return nil, code
	}
	if strings.TrimSpace(req.to) == "" {
		return nil, "100008"
	}
	numbers := strings.Split(req.to, ",")
	if len(numbers) > maxRecipients {
		return nil, "105120"
	}
	if code := checkParams(want, req.param, req.paramSep); code != "" {
		return nil, code
	}
	rs := s.batchRecipients(numbers, draw)
	to := accepted(rs)
	if len(to) == 0 {
		return rs, rs[0].code
	}
	if code := charge(a, s.cfg.smsPrice*int64(len(to))); code != "" {
		for i := range rs {
			if rs[i].code == "" {
				rs[i].code = code
			}
		}
		return rs, code
	}
	return rs, ""
}

// templateSMS is POST /Messages/templateSMS: appId, templateId, to (comma list), param.
func (s *Simulator) templateSMS(a *account, f map[string]string, now time.Time) reply {
	_, code := s.sendTemplate(a, smsRequest{
		appID: f["appId"], templateID: f["templateId"], param: f["param"], to: f["to"], batch: true,
	})
	if code != "" {
		return fail(code)
	}
	return ok(field{"templateSMS", []field{
		{"createDate", Timestamp(now)},
		{"smsId", s.newID()},
	}})
}
