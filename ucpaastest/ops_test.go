package ucpaastest

import (
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// fields copies base and applies key, value pairs; an empty value deletes the key.
func fields(base map[string]string, kv ...string) map[string]string {
	f := maps.Clone(base)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(f, kv[i])
		} else {
			f[kv[i]] = kv[i+1]
		}
	}
	return f
}

// numbers returns n distinct mobile numbers as a comma list.
func numbers(n int) string {
	list := make([]string, n)
	for i := range list {
		list[i] = fmt.Sprintf("139%08d", i)
	}
	return strings.Join(list, ",")
}

func TestFamilyAValidation(t *testing.T) {
	sms := map[string]string{"appId": DefaultAppID, "templateId": DefaultTemplateCode, "to": "13900000001", "param": "1234"}
	vcode := map[string]string{"appId": DefaultAppID, "verifyCode": "123456", "to": "13900000001"}
	notify := map[string]string{"appId": DefaultAppID, "to": "13900000001", "type": "0", "content": "hello"}
	callback := map[string]string{"appId": DefaultAppID, "fromClient": DefaultClientNumber, "to": "13900000001"}
	create := map[string]string{"appId": DefaultAppID, "friendlyName": "new_one", "mobile": "13900000002"}
	query := map[string]string{"appId": DefaultAppID, "clientNumber": DefaultClientNumber}
	list := map[string]string{"appId": DefaultAppID, "start": "0", "limit": "10"}
	const (
		post, get = http.MethodPost, http.MethodGet
		smsPath   = "/Messages/templateSMS"
	)
	tests := []struct {
		name               string
		method, path, root string
		fields             map[string]string
		want               string
	}{
		{"sms ok", post, smsPath, "templateSMS", sms, "000000"},
		{"sms 100 numbers", post, smsPath, "templateSMS", fields(sms, "to", numbers(100)), "000000"},
		{"sms template without params", post, smsPath, "templateSMS", fields(sms, "templateId", DefaultTemplatePlain, "param", ""), "000000"},
		{"sms no appId", post, smsPath, "templateSMS", fields(sms, "appId", ""), "102100"},
		{"sms unknown appId", post, smsPath, "templateSMS", fields(sms, "appId", "elsewhere"), "102102"},
		{"sms no templateId", post, smsPath, "templateSMS", fields(sms, "templateId", ""), "105113"},
		{"sms templateId illegal", post, smsPath, "templateSMS", fields(sms, "templateId", "10-01"), "105117"},
		{"sms unknown template", post, smsPath, "templateSMS", fields(sms, "templateId", "99999"), "105110"},
		{"sms no number", post, smsPath, "templateSMS", fields(sms, "to", ""), "100008"},
		{"sms bad number", post, smsPath, "templateSMS", fields(sms, "to", "12345"), "100006"},
		{"sms one bad number of two", post, smsPath, "templateSMS", fields(sms, "to", "13900000001,2390000000"), "100006"},
		{"sms 101 numbers", post, smsPath, "templateSMS", fields(sms, "to", numbers(101)), "105120"},
		{"sms repeated number", post, smsPath, "templateSMS", fields(sms, "to", "13900000001,13900000001"), "105138"},
		{"sms params missing", post, smsPath, "templateSMS", fields(sms, "param", ""), "105118"},
		{"sms params too many", post, smsPath, "templateSMS", fields(sms, "param", "1234,5"), "105112"},
		{"sms params for plain template", post, smsPath, "templateSMS", fields(sms, "templateId", DefaultTemplatePlain), "105112"},

		{"voice code ok", post, "/Calls/voiceCode", "voiceCode", vcode, "000000"},
		{"voice code to fixed line", post, "/Calls/voiceCode", "voiceCode", fields(vcode, "to", "01088886666"), "000000"},
		{"voice code no appId", post, "/Calls/voiceCode", "voiceCode", fields(vcode, "appId", ""), "102100"},
		{"voice code no code", post, "/Calls/voiceCode", "voiceCode", fields(vcode, "verifyCode", ""), "104102"},
		{"voice code too short", post, "/Calls/voiceCode", "voiceCode", fields(vcode, "verifyCode", "123"), "104104"},
		{"voice code not digits", post, "/Calls/voiceCode", "voiceCode", fields(vcode, "verifyCode", "12a4"), "104104"},
		{"voice code no number", post, "/Calls/voiceCode", "voiceCode", fields(vcode, "to", ""), "100008"},
		{"voice code bad number", post, "/Calls/voiceCode", "voiceCode", fields(vcode, "to", "139"), "100006"},
		{"voice code bad display number", post, "/Calls/voiceCode", "voiceCode", fields(vcode, "displayNum", "x"), "104103"},

		{"voice notify ok", post, "/Calls/voiceNotify", "voiceNotify", notify, "000000"},
		{"voice notify unknown appId", post, "/Calls/voiceNotify", "voiceNotify", fields(notify, "appId", "elsewhere"), "102102"},
		{"voice notify bad number", post, "/Calls/voiceNotify", "voiceNotify", fields(notify, "to", "1390000000x"), "100006"},
		{"voice notify bad type", post, "/Calls/voiceNotify", "voiceNotify", fields(notify, "type", "3"), "104106"},
		{"voice notify no content", post, "/Calls/voiceNotify", "voiceNotify", fields(notify, "content", ""), "104107"},

		{"callback ok", post, "/Calls/callBack", "callback", callback, "000000"},
		{"callback no appId", post, "/Calls/callBack", "callback", fields(callback, "appId", ""), "102100"},
		{"callback no client", post, "/Calls/callBack", "callback", fields(callback, "fromClient", ""), "104100"},
		{"callback unknown client", post, "/Calls/callBack", "callback", fields(callback, "fromClient", "69999999999999"), "103107"},
		{"callback client without mobile", post, "/Calls/callBack", "callback", fields(callback, "fromClient", "60000000000002"), "104101"},
		{"callback no callee", post, "/Calls/callBack", "callback", fields(callback, "to", ""), "100008"},
		{"callback calls itself", post, "/Calls/callBack", "callback", fields(callback, "to", DefaultClientMobile), "104130"},

		{"create client ok", post, "/Clients", "client", create, "000000"},
		{"create client without mobile", post, "/Clients", "client", fields(create, "mobile", ""), "000000"},
		{"create client no appId", post, "/Clients", "client", fields(create, "appId", ""), "102100"},
		{"create client no name", post, "/Clients", "client", fields(create, "friendlyName", ""), "103120"},
		{"create client bad name", post, "/Clients", "client", fields(create, "friendlyName", "a b"), "103105"},
		{"create client name taken", post, "/Clients", "client", fields(create, "friendlyName", "demo_client"), "103104"},
		{"create client mobile taken", post, "/Clients", "client", fields(create, "mobile", DefaultClientMobile), "103114"},
		{"create client bad mobile", post, "/Clients", "client", fields(create, "mobile", "1"), "100006"},
		{"create client bad type", post, "/Clients", "client", fields(create, "clientType", "2"), "103111"},
		{"create client type 1 no charge", post, "/Clients", "client", fields(create, "clientType", "1"), "103112"},

		{"query client ok", get, "/Clients", "", query, "000000"},
		{"query client no appId", get, "/Clients", "", fields(query, "appId", ""), "102100"},
		{"query client no number", get, "/Clients", "", fields(query, "clientNumber", ""), "103103"},
		{"query client unknown", get, "/Clients", "", fields(query, "clientNumber", "69999999999999"), "103119"},

		{"drop client ok", post, "/dropClient", "client", query, "000000"},
		{"drop client unknown appId", post, "/dropClient", "client", fields(query, "appId", "elsewhere"), "102102"},
		{"drop client no number", post, "/dropClient", "client", fields(query, "clientNumber", ""), "103103"},
		{"drop client unknown", post, "/dropClient", "client", fields(query, "clientNumber", "69999999999999"), "103119"},

		{"list clients ok", post, "/clientList", "client", list, "000000"},
		{"list clients no appId", post, "/clientList", "client", fields(list, "appId", ""), "102100"},
		{"list clients limit 101", post, "/clientList", "client", fields(list, "limit", "101"), "103115"},
		{"list clients limit not a number", post, "/clientList", "client", fields(list, "limit", "ten"), "100002"},
	}
	acct := DefaultAccount()
	acct.SubAccounts = append(acct.SubAccounts, SubAccount{Number: "60000000000002", FriendlyName: "no_mobile"})
	for _, tt := range tests {
		for _, asXML := range []bool{false, true} {
			name := tt.name + map[bool]string{false: " json", true: " xml"}[asXML]
			t.Run(name, func(t *testing.T) {
				srv := newTestServer(t, WithAccount(acct))
				b := builder(srv)
				b.XML = asXML
				res := sender(t, srv)(b.FamilyA(ctx, tt.method, tt.path, tt.root, tt.fields))
				if res.status != http.StatusOK || res.code != tt.want {
					t.Errorf("HTTP %d code %q, want HTTP 200 code %q (body %s)", res.status, res.code, tt.want, res.body)
				}
			})
		}
	}
}

func TestTemplateSMSReply(t *testing.T) {
	srv := newTestServer(t)
	res := sender(t, srv)(builder(srv).TemplateSMS(ctx, []string{"13900000001"}, DefaultTemplateNotice, "a", "b"))
	if res.code != codeOK {
		t.Fatalf("code %q, want 000000 (body %s)", res.code, res.body)
	}
	sms := object(t, res.payload, "templateSMS")
	if got := sms["createDate"]; got != "20240501100000" {
		t.Errorf("createDate %v, want 20240501100000", got)
	}
	if id, _ := sms["smsId"].(string); !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Errorf("smsId %q, want 32 hex digits", id)
	}
}

func TestVoiceRepliesCarryCallID(t *testing.T) {
	srv := newTestServer(t)
	do, b := sender(t, srv), builder(srv)
	tests := []struct {
		name string
		res  result
	}{
		{"voiceCode", do(b.VoiceCode(ctx, "13900000001", "1234"))},
		{"voiceNotify", do(b.VoiceNotify(ctx, "13900000001", "您的订单已发货"))},
		{"callback", do(b.Callback(ctx, DefaultClientNumber, "13900000001"))},
	}
	for _, tt := range tests {
		if tt.res.code != codeOK {
			t.Errorf("%s: code %q, want 000000 (body %s)", tt.name, tt.res.code, tt.res.body)
			continue
		}
		obj := object(t, tt.res.payload, tt.name)
		if id, _ := obj["callId"].(string); len(id) != 32 || obj["createDate"] != "20240501100000" {
			t.Errorf("%s: payload %v, want a 32-digit callId and createDate 20240501100000", tt.name, obj)
		}
	}
	if got, want := mustBalance(t, srv), DefaultBalance-3*DefaultCallPrice; got != want {
		t.Errorf("balance after three calls %d, want %d", got, want)
	}
}

func mustBalance(t *testing.T, srv *Server) int64 {
	t.Helper()
	fen, found := srv.Balance(DefaultSID)
	if !found {
		t.Fatal("default account missing")
	}
	return fen
}

func TestClientLifecycle(t *testing.T) {
	srv := newTestServer(t)
	do, b := sender(t, srv), builder(srv)

	created := do(b.CreateClient(ctx, "alice_1", "13900000009"))
	if created.code != codeOK {
		t.Fatalf("create: code %q (body %s)", created.code, created.body)
	}
	c := object(t, created.payload, "client")
	number, _ := c["clientNumber"].(string)
	if len(number) != 14 || c["friendlyName"] != "alice_1" || c["mobile"] != "13900000009" || c["createDate"] != "20240501100000" {
		t.Errorf("created client %v", c)
	}
	for _, secret := range []string{"clientPwd", "loginToken"} {
		if s, _ := c[secret].(string); s == "" {
			t.Errorf("created client lacks %s", secret)
		}
	}

	steps := []struct {
		name  string
		res   func() result
		want  string
		count string // list_clients: expected count
	}{
		{"query", func() result { return do(b.QueryClient(ctx, number)) }, "000000", ""},
		{"list", func() result { return do(b.ListClients(ctx, 0, 100)) }, "000000", "2"},
		{"list from 1", func() result { return do(b.ListClients(ctx, 1, 100)) }, "000000", "1"},
		{"list limit 1", func() result { return do(b.ListClients(ctx, 0, 1)) }, "000000", "1"},
		{"callback from new client", func() result { return do(b.Callback(ctx, number, "13900000001")) }, "000000", ""},
		{"drop", func() result { return do(b.DropClient(ctx, number)) }, "000000", ""},
		{"drop again", func() result { return do(b.DropClient(ctx, number)) }, "103108", ""},
		{"query dropped", func() result { return do(b.QueryClient(ctx, number)) }, "103108", ""},
		{"callback from dropped", func() result { return do(b.Callback(ctx, number, "13900000001")) }, "103108", ""},
		{"list after drop", func() result { return do(b.ListClients(ctx, 0, 100)) }, "000000", "1"},
		{"name taken by dropped client", func() result { return do(b.CreateClient(ctx, "alice_1", "")) }, "103104", ""},
	}
	for _, st := range steps {
		res := st.res()
		if res.code != st.want {
			t.Errorf("%s: code %q, want %q (body %s)", st.name, res.code, st.want, res.body)
		}
		if st.count != "" && res.payload["count"] != st.count {
			t.Errorf("%s: count %v, want %s", st.name, res.payload["count"], st.count)
		}
	}
}

// TestAccountInfoBalance pins the balance where platform-api.md shows it, resp.account.balance in
// yuan, in JSON and XML, falling as messages are charged and rising with TopUp.
func TestAccountInfoBalance(t *testing.T) {
	srv := newTestServer(t, WithPrices(5, 10))
	srv.SetBalance(DefaultSID, 100200)
	for _, asXML := range []bool{false, true} {
		b := builder(srv)
		b.XML = asXML
		do := sender(t, srv)
		wantBody := func(balance string) string {
			if asXML {
				return xmlHeader + `<resp><respCode>000000</respCode><account><accountSid>` + DefaultSID +
					`</accountSid><balance>` + balance + `</balance><status>active</status></account></resp>`
			}
			return `{"resp":{"respCode":"000000","account":{"accountSid":"` + DefaultSID + `","balance":"` + balance + `","status":"active"}}}`
		}
		if res := do(b.AccountInfo(ctx)); res.body != wantBody("1002.00") {
			t.Errorf("xml=%v: body %s, want %s", asXML, res.body, wantBody("1002.00"))
		}
		do(b.SendSMSBatch(ctx, []string{"13900000001", "13900000002", "1"}, DefaultTemplatePlain)) // 2 accepted: 10 fen
		do(b.VoiceCode(ctx, "13900000001", "1234"))                                                // 10 fen
		if res := do(b.AccountInfo(ctx)); res.body != wantBody("1001.80") {
			t.Errorf("xml=%v: after charges body %s, want balance 1001.80", asXML, res.body)
		}
		if got, found := srv.TopUp(DefaultSID, 20); !found || got != 100200 {
			t.Errorf("TopUp = %d, %v, want 100200, true", got, found)
		}
	}
	if _, found := srv.TopUp("nobody", 1); found {
		t.Error("TopUp of an unknown account reported it found")
	}
}

func TestTopUpEndsBalanceFailures(t *testing.T) {
	srv := newTestServer(t, WithPrices(5, 10))
	srv.SetBalance(DefaultSID, 4)
	do, b := sender(t, srv), builder(srv)
	if res := do(b.SendSMS(ctx, "13900000001", DefaultTemplatePlain)); res.code != "100001" {
		t.Fatalf("on 4 fen: %s", res.body)
	}
	srv.TopUp(DefaultSID, 1)
	if res := do(b.SendSMS(ctx, "13900000001", DefaultTemplatePlain)); res.code != codeOK {
		t.Fatalf("after a 1 fen top-up: %s", res.body)
	}
	if got := mustBalance(t, srv); got != 0 {
		t.Errorf("balance %d, want 0", got)
	}
}

func TestAccountInfo(t *testing.T) {
	srv := newTestServer(t)
	srv.SetBalance(DefaultSID, 12345)
	res := sender(t, srv)(builder(srv).AccountInfo(ctx))
	acct := object(t, res.payload, "account")
	if acct["balance"] != "123.45" || acct["status"] != "active" || acct["accountSid"] != DefaultSID {
		t.Errorf("account info %v, want balance 123.45, status active", acct)
	}
}

// xmlHeader starts every XML reply.
const xmlHeader = xml.Header
