package ucpaastest

import (
	"strings"
	"time"
)

// smsRequest is a template SMS of either family.
type smsRequest struct {
	appID, templateID, param, to string
	batch                        bool // to is a comma list of distinct numbers; else one number
}

// sendTemplate validates and pays for a template SMS; it returns the recipients or a code:
// 102100/102102 application, 105113 no template id, 105117 template id not letters and digits,
// 105110 unknown template, 100008/105120/100006/105138 recipients, 105118 parameters missing,
// 105112 wrong parameter count, 100001/100019 money. The caller holds the lock.
func (s *Simulator) sendTemplate(a *account, req smsRequest) ([]string, string) {
	if code := checkApp(a, req.appID); code != "" {
		return nil, code
	}
	switch {
	case req.templateID == "":
		return nil, "105113"
	case !isAlnum(req.templateID):
		return nil, "105117"
	}
	want, known := a.Templates[req.templateID]
	if !known {
		return nil, "105110"
	}
	var to []string
	if req.batch {
		var code string
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
	got := 0
	if req.param != "" {
		got = len(strings.Split(req.param, ","))
	}
	switch {
	case want > 0 && got == 0:
		return nil, "105118"
	case want != got:
		return nil, "105112"
	}
	if code := charge(a, s.cfg.smsPrice*int64(len(to))); code != "" {
		return nil, code
	}
	return to, ""
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
