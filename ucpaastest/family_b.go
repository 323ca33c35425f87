package ucpaastest

import (
	"net/http"
	"strconv"
	"time"
)

// serveFamilyB answers POST /ol/sms/sendsms and /ol/sms/sendsms_batch, whose JSON body carries
// sid, token, appid, templateid, param, mobile and uid. A body that is not a JSON object answers
// codeMalformed. Credentials are checked first (101112 no
// sid, 101111 unknown account, 101117 no token, 101115 wrong token, then the account's state),
// then the operation's fault, then the message: sendsms as sendTemplate does, to one mobile;
// sendsms_batch as sendBatch does, to a comma list of up to 100 numbers, each judged on its own.
func (s *Simulator) serveFamilyB(w http.ResponseWriter, r *http.Request, op string) {
	batch := op == "send_sms_batch"
	body, readable := readBodyOr400(w, r)
	if !readable {
		return
	}
	f, decoded := parseFlat(body)
	rep := replyB{uid: f["uid"], batch: batch, date: s.cfg.now().In(beijing).Format(time.DateTime)}
	if !decoded {
		s.writeFamilyB(w, rep.fail(codeMalformed))
		return
	}

	s.mu.Lock()
	a, code := s.authenticateB(f["sid"], f["token"])
	s.mu.Unlock()
	if code != "" {
		s.writeFamilyB(w, rep.fail(code))
		return
	}

	faultCode, latency := s.fault(op)
	if !s.wait(r.Context(), latency) {
		return
	}
	if faultCode != "" {
		s.writeFamilyB(w, rep.fail(faultCode))
		return
	}

	req := smsRequest{appID: f["appid"], templateID: f["templateid"], param: f["param"], to: f["mobile"]}
	s.mu.Lock()
	if batch {
		rep.recipients, rep.code = s.sendBatch(a, req, s.recipientDraw(op))
	} else {
		var to []string
		if to, rep.code = s.sendTemplate(a, req); rep.code == "" {
			rep.recipients = []recipient{{mobile: to[0]}}
		}
	}
	for i := range rep.recipients {
		if rep.recipients[i].code == "" {
			rep.recipients[i].smsid = s.newID()
		}
	}
	s.mu.Unlock()
	s.writeFamilyB(w, rep)
}

// replyB is what a family B send answers.
type replyB struct {
	code       string // "" for success
	uid, date  string
	batch      bool
	recipients []recipient // a single send has one on success
}

// fail returns rep answering code for the request as a whole.
func (rep replyB) fail(code string) replyB {
	rep.code, rep.recipients = code, nil
	return rep
}

// writeFamilyB writes a family B reply. A single send answers
// {"code","count","create_date","mobile","msg","smsid","uid"} on success and {"code","msg","uid"}
// on failure. A batch send always answers {"count_sum","create_date","uid","report":[…],"code","msg"},
// the code after the report as real replies put it, one report element
// {"count","code","msg","smsid","mobile"} per recipient ("count":"1" and an smsid for an accepted
// one; the report is empty when the request failed as a whole).
func (s *Simulator) writeFamilyB(w http.ResponseWriter, rep replyB) {
	code := rep.code
	if code == "" {
		code = codeOK
	}
	switch {
	case rep.batch:
		report := make([][]field, len(rep.recipients))
		sum := 0
		for i, r := range rep.recipients {
			rc, count := r.code, "0"
			if rc == "" {
				rc, count = codeOK, "1"
				sum++
			}
			report[i] = []field{{"count", count}, {"code", rc}, {"msg", s.message(rc)}, {"smsid", r.smsid}, {"mobile", r.mobile}}
		}
		writeFlatJSON(w, []field{
			{"count_sum", strconv.Itoa(sum)}, {"create_date", rep.date}, {"uid", rep.uid},
			{"report", report}, {"code", code}, {"msg", s.message(code)},
		})
	case rep.code != "":
		writeFlatJSON(w, []field{{"code", code}, {"msg", s.message(code)}, {"uid", rep.uid}})
	default:
		r := rep.recipients[0]
		writeFlatJSON(w, []field{
			{"code", codeOK}, {"count", "1"}, {"create_date", rep.date}, {"mobile", r.mobile},
			{"msg", s.message(codeOK)}, {"smsid", r.smsid}, {"uid", rep.uid},
		})
	}
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
