package redact

import (
	"errors"
	"fmt"
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
