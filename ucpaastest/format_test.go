package ucpaastest

import (
	"net/http"
	"strings"
	"testing"
)

func TestReplyFormatSelection(t *testing.T) {
	const jsonType, xmlType = "application/json;charset=utf-8", "application/xml;charset=utf-8"
	tests := []struct {
		name        string
		suffix      string
		accept      string
		contentType string
		xmlBody     bool
		wantXML     bool
	}{
		{name: "nothing asked", wantXML: false},
		{name: ".json suffix", suffix: ".json", wantXML: false},
		{name: ".xml suffix", suffix: ".xml", wantXML: true},
		{name: ".json suffix beats Accept", suffix: ".json", accept: xmlType, wantXML: false},
		{name: ".xml suffix beats Accept", suffix: ".xml", accept: jsonType, wantXML: true},
		{name: "Accept xml", accept: "application/xml", wantXML: true},
		{name: "Accept json beats Content-Type", accept: "application/json", contentType: xmlType, xmlBody: true, wantXML: false},
		{name: "Content-Type xml", contentType: xmlType, xmlBody: true, wantXML: true},
		{name: "Accept any, Content-Type xml", accept: "*/*", contentType: xmlType, xmlBody: true, wantXML: true},
		{name: "XML body, JSON reply", accept: jsonType, xmlBody: true, wantXML: false},
		{name: "JSON body, XML reply", suffix: ".xml", contentType: jsonType, wantXML: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t)
			b := builder(srv)
			b.XML = tt.xmlBody
			req, err := b.TemplateSMS(ctx, []string{"13900000001"}, DefaultTemplateCode, "1234")
			if err != nil {
				t.Fatal(err)
			}
			req.URL.Path += tt.suffix
			req.Header.Del("Accept")
			req.Header.Del("Content-Type")
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			res := send(t, srv, req, nil)
			wantType, wantPrefix := jsonType, `{"resp":{"respCode":"000000","templateSMS":{"createDate":"20240501100000","smsId":"`
			if tt.wantXML {
				wantType = xmlType
				wantPrefix = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
					`<resp><respCode>000000</respCode><templateSMS><createDate>20240501100000</createDate><smsId>`
			}
			if res.contentType != wantType || !strings.HasPrefix(res.body, wantPrefix) {
				t.Errorf("Content-Type %q body %q, want %q and a body starting %q", res.contentType, res.body, wantType, wantPrefix)
			}
		})
	}
}

func TestXMLFailureReply(t *testing.T) {
	srv := newTestServer(t)
	b := builder(srv)
	b.XML = true
	req, err := b.TemplateSMS(ctx, []string{"13900000001"}, "99999", "1234")
	res := send(t, srv, req, err)
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<resp><respCode>105110</respCode></resp>`
	if res.body != want {
		t.Errorf("body %q, want %q", res.body, want)
	}
}

func TestXMLListAndEscaping(t *testing.T) {
	srv := newTestServer(t)
	b := builder(srv)
	b.XML = true
	do := sender(t, srv)
	if res := do(b.CreateClient(ctx, "second", "")); res.code != codeOK {
		t.Fatalf("create: %q", res.code)
	}
	res := do(b.ListClients(ctx, 0, 10))
	if n := strings.Count(res.body, "<client>"); n != 2 || !strings.Contains(res.body, "<count>2</count>") {
		t.Errorf("list body %q, want two <client> elements and count 2", res.body)
	}
	req, err := b.FamilyA(ctx, http.MethodPost, "/Calls/voiceNotify", "voiceNotify", map[string]string{
		"appId": DefaultAppID, "to": "13900000001", "type": "0", "content": `<&"'>`,
	})
	if res := send(t, srv, req, err); res.code != codeOK {
		t.Errorf("XML body with escaped content: %q, want 000000", res.code)
	}
}

// phpVoiceCodeXML is the body the official PHP SDK sends for voiceCode in XML: its closing tags
// do not match.
const phpVoiceCodeXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<voiceCode>
    <verifyCode>864209</clientNumber>
    <to>13900000001</charge>
    <appId>` + DefaultAppID + `</appId>
</voiceCode>`

// TestMalformedBodies sends bodies that do not decode to every operation that takes a body: each
// answers 100003 (codeMalformed), never the code of a field that was sent, and charges nothing.
// An empty body is not malformed: it has no fields.
func TestMalformedBodies(t *testing.T) {
	bodies := []string{"{", "[1,2]", `{"templateSMS":"x"}`, `{"a":{},"b":{}}`, "<templateSMS><appId>", phpVoiceCodeXML, "<a/><b/>"}
	srv := newTestServer(t)
	b := builder(srv)
	for key := range accountOps {
		method, rest, _ := strings.Cut(key, " ")
		if method != http.MethodPost {
			continue
		}
		for _, body := range bodies {
			req, err := b.FamilyA(ctx, method, rest, "x", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Body, req.ContentLength = readCloser(body), int64(len(body))
			if res := send(t, srv, req, nil); res.code != codeMalformed {
				t.Errorf("%s with body %q: %q, want %s", key, body, res.code, codeMalformed)
			}
		}
	}
	for path := range familyBOps {
		req, err := b.FamilyB(ctx, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Body, req.ContentLength = readCloser(`{"sid":`), 7
		if res := send(t, srv, req, nil); res.code != codeMalformed || res.payload["msg"] != "不允许有空值" {
			t.Errorf("%s: %s, want %s", path, res.body, codeMalformed)
		}
	}
	for path := range familyCOps {
		req, err := b.FamilyC(ctx, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Body, req.ContentLength = readCloser(`["clientid"]`), 12
		if res := send(t, srv, req, nil); res.code != codeMalformed {
			t.Errorf("%s: %s, want %s", path, res.body, codeMalformed)
		}
	}
	if got := mustBalance(t, srv); got != DefaultBalance {
		t.Errorf("balance %d after malformed requests, want %d", got, DefaultBalance)
	}
	// The same voiceCode, well-formed, goes through; an empty body lacks appId.
	fixed := strings.NewReplacer("</clientNumber>", "</verifyCode>", "</charge>", "</to>").Replace(phpVoiceCodeXML)
	for body, want := range map[string]string{fixed: codeOK, "": "102100"} {
		req, err := b.FamilyA(ctx, http.MethodPost, "/Calls/voiceCode", "x", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Body, req.ContentLength = readCloser(body), int64(len(body))
		if res := send(t, srv, req, nil); res.code != want {
			t.Errorf("voiceCode body %q: %q, want %s", body, res.code, want)
		}
	}
}
