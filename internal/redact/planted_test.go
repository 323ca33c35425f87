package redact

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// planted maps each secret or personal key of the platform to a value that
// must never appear in any output.
var planted = []struct{ key, value string }{
	{"sig", "5A1F0B9C3D7E2F4A6B8C0D1E2F3A4B5C"},
	{"token", "tok3n-f4mily-b-s3cret"},
	{"password", "e10adc3949ba59abbe56e057f20f883e"},
	{"clientPwd", "cl1entPwdS3cret"},
	{"loginToken", "l0ginT0kenS3cret"},
	{"Authorization", "OGE0OGI1NTE0ZmE1NzdhZjAxNGZhNmUyYjFmZTdkMmY6MjAxNDA4MjAxNDU2NTg="},
	{"mobile", "13800138000"},
	{"to", "13912345678"},
	{"phone", "15811564298"},
	{"fromSerNum", "18612345670"},
	{"toSerNum", "17712345671"},
	{"displayNum", "02187654321"},
	{"clientNumber", "63314039999"},
	{"param", "otp-482193"},
	{"verifyCode", "vc-773190"},
	{"friendlyName", "zhang-san-nick"},
	{"email", "zhang.san@example.com"},
	{"userId", "user-id-90210"},
	{"idCard", "11010119900307123X"},
	{"accountSid", sid},
	{"appId", appID},
}

// plantedInputs places every planted value in URLs and texts in every shape
// the library meets: query strings (plain, upper-case keys, percent-encoded),
// the account path, key=value text, JSON bodies, headers, and the errors
// net/http builds from a URL.
func plantedInputs() []string {
	var q, qUpper, qEncoded, kv, js []string
	for _, p := range planted {
		q = append(q, p.key+"="+p.value)
		qUpper = append(qUpper, strings.ToUpper(p.key)+"="+p.value)
		qEncoded = append(qEncoded, url.QueryEscape(p.key)+"="+url.QueryEscape(p.value))
		kv = append(kv, p.key+"="+p.value)
		js = append(js, fmt.Sprintf("%q:%q", p.key, p.value))
	}
	base := "https://api.ucpaas.com/2014-06-30/Accounts/" + sid + "/Messages/templateSMS.json?"
	query := strings.Join(q, "&")
	inputs := []string{
		base + query,
		base + strings.Join(qUpper, "&"),
		base + strings.Join(qEncoded, "&"),
		"/2014-06-30/Accounts/" + sid + "/Calls/callBack?" + query,
		strings.Join(kv, " "),
		strings.Join(kv, "&"),
		"{" + strings.Join(js, ",") + "}",
		"{" + strings.Join(js, ", ") + "}",
		"Authorization: " + planted[5].value + "\r\nX-Auth-Token: " + planted[1].value,
		(&url.Error{Op: "Post", URL: base + query, Err: errors.New("connection reset by peer")}).Error(),
		"to=" + planted[7].value + "," + planted[8].value + "," + planted[6].value,
		"callback https://h/cb?next=" + url.QueryEscape(base+query),
	}
	// The 2015-06-30 SDK puts the SID after restApi/, and other clients put identifiers in any
	// segment or query value: a 32-hex identifier is masked wherever it stands, in any case.
	for _, id := range []string{sid, strings.ToUpper(sid), appID, strings.ToUpper(appID)} {
		for _, op := range []string{"ClientsByMobile", "ClientsByUserId"} {
			rest := "https://api.ucpaas.com/2015-06-30/restApi/" + id + "/" + op + "?sig=" + planted[0].value +
				"&mobile=" + planted[6].value + "&userId=" + planted[17].value + "&appId=" + id
			inputs = append(inputs, rest, strings.TrimPrefix(rest, "https://api.ucpaas.com"),
				"GET "+strings.TrimPrefix(rest, "https://api.ucpaas.com")+" failed",
				"https://h/v1/"+id+".json?app="+id+"&"+id+"=1")
		}
	}
	// Go-formatted maps and lists, as fmt prints r.Header and r.URL.Query(), JSON arrays, and the
	// loose forms of key and value of hand-written messages.
	header := http.Header{"Authorization": {"Basic " + planted[5].value}, "X-Auth-Token": {planted[1].value}}
	values := url.Values{}
	for _, p := range planted {
		values.Add(p.key, p.value)
	}
	inputs = append(inputs,
		fmt.Sprintf("rejected: %v %v", header, values),
		fmt.Sprintf("rejected: %+v", struct{ Header http.Header }{header}),
		`{"token":["`+planted[1].value+`"],"password":["x","`+planted[2].value+`"]}`,
		"Authorization: Bearer\t"+planted[5].value,
		"Authorization: Basic  "+planted[5].value,
		"sig = "+planted[0].value+", token\t=\t'"+planted[1].value+"'",
		"clientPwd='"+planted[3].value+"' loginToken = \""+planted[4].value+"\"",
	)
	// Phone numbers are also recognised without a key (clientNumber, a
	// sub-account number, is not a phone number and is hidden by its key).
	for _, p := range planted {
		switch p.key {
		case "mobile", "to", "phone", "fromSerNum", "toSerNum":
			inputs = append(inputs, "bare "+p.value+" in text", "+86"+p.value, "0086"+p.value)
		}
	}
	return inputs
}

func TestNoPlantedValueSurvives(t *testing.T) {
	outputs := []string{}
	for _, in := range plantedInputs() {
		outputs = append(outputs, Text(in), Error(errors.New(in)))
		if u, err := url.Parse(in); err == nil {
			outputs = append(outputs, URL(u))
		}
	}
	for _, out := range outputs {
		for _, p := range planted {
			if strings.Contains(out, p.value) {
				t.Errorf("%s value %q survives in %q", p.key, p.value, out)
			}
			if enc := url.QueryEscape(p.value); enc != p.value && strings.Contains(out, enc) {
				t.Errorf("%s value %q survives escaped in %q", p.key, enc, out)
			}
		}
	}
	if len(outputs) < 30 {
		t.Fatalf("only %d outputs scanned", len(outputs))
	}
}
