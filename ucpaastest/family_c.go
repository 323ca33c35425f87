package ucpaastest

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/ucpobs/ucpobs/operation"
)

// serveFamilyC answers the open2 sms-server: POST /sms-server/variablesms, templatesms and
// addsmstemplate, whose JSON body carries clientid and password (the lower-case hex MD5 of the
// account's Password). A body that is not a JSON object answers codeMalformed; then credentials
// (101112 no clientid, 101111 unknown, 101117 no password, 101115 wrong password, the account's
// state), the operation's fault, the operation. Success answers "code" as the JSON number 0 with
// msg 成功, as the platform does; failures answer the catalog code as a string.
func (s *Simulator) serveFamilyC(w http.ResponseWriter, r *http.Request, op string) {
	body, readable := readBodyOr400(w, r)
	if !readable {
		return
	}
	f, decoded := parseFlat(body)
	if !decoded {
		s.writeFailureC(w, codeMalformed)
		return
	}
	s.mu.Lock()
	a, code := s.authenticateC(f["clientid"], f["password"])
	s.mu.Unlock()
	if code != "" {
		s.writeFailureC(w, code)
		return
	}
	faultCode, latency := s.fault(op)
	if !s.wait(r.Context(), latency) {
		return
	}
	if faultCode != "" {
		s.writeFailureC(w, faultCode)
		return
	}

	s.mu.Lock()
	var fields []field
	if op == operation.AddSMSTemplate {
		fields, code = s.addTemplateC(a, f)
	} else {
		fields, code = s.sendC(a, f, op == operation.VariableSMS)
	}
	s.mu.Unlock()
	if code != "" {
		s.writeFailureC(w, code)
		return
	}
	writeFlatJSON(w, append([]field{{"code", 0}, {"msg", successC}}, fields...))
}

// successC is family C's success text.
const successC = "成功"

// sendC sends variablesms (parameters separated by ";") or templatesms (by ","): templateid,
// param, mobile (a comma list of up to 100 distinct numbers), uid, checked as sendTemplate does
// for the account's application. It answers total_fee, uid and data[{fee, mobile, sid}].
func (s *Simulator) sendC(a *account, f map[string]string, variable bool) ([]field, string) {
	sep := ","
	if variable {
		sep = ";"
	}
	to, code := s.sendTemplate(a, smsRequest{
		appID: a.AppID, templateID: f["templateid"], param: f["param"], to: f["mobile"], batch: true, paramSep: sep,
	})
	if code != "" {
		return nil, code
	}
	data := make([][]field, len(to))
	for i, n := range to {
		data[i] = []field{{"fee", 1}, {"mobile", n}, {"sid", s.newID()}}
	}
	return []field{{"total_fee", len(to)}, {"uid", f["uid"]}, {"data", data}}, ""
}

// addTemplateC is addsmstemplate: templatename (105126 empty), content (105127 empty), whose
// {placeholders} are the template's parameters. The account gets the template at once (no
// review) and the reply its templateid.
func (s *Simulator) addTemplateC(a *account, f map[string]string) ([]field, string) {
	switch {
	case strings.TrimSpace(f["templatename"]) == "":
		return nil, "105126"
	case strings.TrimSpace(f["content"]) == "":
		return nil, "105127"
	}
	for n := len(a.Templates) + 1; ; n++ {
		id := fmt.Sprintf("2%04d", n)
		if _, taken := a.Templates[id]; !taken {
			a.Templates[id] = strings.Count(f["content"], "{")
			return []field{{"templateid", id}}, ""
		}
	}
}

// authenticateC checks family C credentials; the caller holds the lock.
func (s *Simulator) authenticateC(clientID, password string) (*account, string) {
	if clientID == "" {
		return nil, "101112"
	}
	var a *account
	for _, acct := range s.accounts {
		if acct.ClientID == clientID {
			a = acct
			break
		}
	}
	switch {
	case a == nil:
		return nil, "101111"
	case password == "":
		return nil, "101117"
	case subtle.ConstantTimeCompare([]byte(strings.ToLower(password)), []byte(PasswordDigest(a.Password))) != 1:
		return nil, "101115"
	}
	return a, statusCode(a.Status)
}

// PasswordDigest returns what family C requests carry as password: the lower-case hex MD5 of the
// account's password.
func PasswordDigest(password string) string {
	sum := md5.Sum([]byte(password))
	return hex.EncodeToString(sum[:])
}

// writeFailureC writes a family C failure: {"code":"…","msg":"…"}.
func (s *Simulator) writeFailureC(w http.ResponseWriter, code string) {
	writeFlatJSON(w, []field{{"code", code}, {"msg", s.message(code)}})
}
