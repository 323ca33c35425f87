package ucpaastest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// serveFamilyB answers POST /ol/sms/sendsms and /ol/sms/sendsms_batch, whose JSON body carries
// sid, token, appid, templateid, param, mobile and uid. Credentials are checked first (101112 no
// sid, 101111 unknown account, 101117 no token, 101115 wrong token, then the account's state),
// then the operation's fault, then the message as sendTemplate does. sendsms takes one mobile;
// sendsms_batch a comma list of up to 100 distinct ones.
func (s *Simulator) serveFamilyB(w http.ResponseWriter, r *http.Request, op string) {
	body, err := readBody(r)
	if err != nil {
		http.Error(w, "unreadable request body", http.StatusBadRequest)
		return
	}
	f := parseJSONFields(body)
	uid := f["uid"]
	now := s.cfg.now()

	s.mu.Lock()
	a, code := s.authenticateB(f["sid"], f["token"])
	s.mu.Unlock()
	if code != "" {
		s.writeFailureB(w, code, uid)
		return
	}

	faultCode, latency := s.fault(op)
	if !s.wait(r.Context(), latency) {
		return
	}
	if faultCode != "" {
		s.writeFailureB(w, faultCode, uid)
		return
	}

	s.mu.Lock()
	to, code := s.sendTemplate(a, smsRequest{
		appID: f["appid"], templateID: f["templateid"], param: f["param"], to: f["mobile"],
		batch: op == "send_sms_batch",
	})
	var id string
	if code == "" {
		id = s.newID()
	}
	s.mu.Unlock()
	if code != "" {
		s.writeFailureB(w, code, uid)
		return
	}
	writeFamilyB(w, []field{
		{"code", codeOK},
		{"count", strconv.Itoa(len(to))},
		{"create_date", now.In(beijing).Format(time.DateTime)},
		{"mobile", strings.Join(to, ",")},
		{"msg", s.message(codeOK)},
		{"smsid", id},
		{"uid", uid},
	})
}

// authenticateB checks family B credentials; the caller holds the lock.
func (s *Simulator) authenticateB(sid, token string) (*account, string) {
	if sid == "" {
		return nil, "101112"
	}
	a, known := s.accounts[sid]
	switch {
	case !known:
		return nil, "101111"
	case token == "":
		return nil, "101117"
	case token != a.Token:
		return nil, "101115"
	}
	return a, statusCode(a.Status)
}

func (s *Simulator) writeFailureB(w http.ResponseWriter, code, uid string) {
	writeFamilyB(w, []field{{"code", code}, {"msg", s.message(code)}, {"uid", uid}})
}
