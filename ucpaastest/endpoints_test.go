package ucpaastest

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/operation"
)

// TestRoutesMatchOperationNames proves every path the simulator serves is labelled by package
// operation with the name the simulator's faults use.
func TestRoutesMatchOperationNames(t *testing.T) {
	check := func(method, path, want string) {
		t.Helper()
		if got := operation.FromPath(method, path); got != want || want == operation.Other {
			t.Errorf("operation.FromPath(%s %s) = %q, the simulator calls it %q", method, path, got, want)
		}
	}
	for key, op := range accountOps {
		method, rest, _ := strings.Cut(key, " ")
		check(method, familyAPrefix+DefaultSID+rest, op.name)
		check(method, "/"+version2015+"/Accounts/"+DefaultSID+rest+".xml", op.name)
	}
	for key, op := range restAPIOps {
		method, rest, _ := strings.Cut(key, " ")
		check(method, "/"+version2015+"/restApi/"+DefaultSID+rest, op.name)
	}
	for _, ops := range []map[string]string{familyBOps, familyCOps} {
		for path, op := range ops {
			check(http.MethodPost, path, op)
		}
	}
}

// step is one request of a story and the code it must get, in JSON and in XML.
type step struct {
	name    string
	build   func(b Builder, got map[string]string) (*http.Request, error)
	want    string
	capture string            // a reply field whose value later steps read from got
	fields  map[string]string // reply fields (at any depth) and the values they must have
}

// valueOf returns the value of the first field named key in a JSON or XML reply body.
func valueOf(body, key string) (string, bool) {
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`"` + key + `":"([^"]*)"`), regexp.MustCompile(`<` + key + `>([^<]*)</` + key + `>`),
	} {
		if m := re.FindStringSubmatch(body); m != nil {
			return m[1], true
		}
	}
	return "", false
}

// runSteps plays steps against a fresh simulator, once in JSON and once in XML.
func runSteps(t *testing.T, steps []step, opts ...Option) *Server {
	t.Helper()
	var srv *Server
	for _, asXML := range []bool{false, true} {
		srv = newTestServer(t, opts...)
		b := builder(srv)
		b.XML = asXML
		got := map[string]string{}
		for _, st := range steps {
			res := sender(t, srv)(st.build(b, got))
			if res.code != st.want {
				t.Errorf("xml=%v %s: %q, want %q (body %s)", asXML, st.name, res.code, st.want, res.body)
				continue
			}
			if wantXML := strings.HasPrefix(res.contentType, "application/xml"); wantXML != asXML {
				t.Errorf("xml=%v %s: Content-Type %q", asXML, st.name, res.contentType)
			}
			for k, want := range st.fields {
				if v, _ := valueOf(res.body, k); v != want {
					t.Errorf("xml=%v %s: %s = %q, want %q (body %s)", asXML, st.name, k, v, want, res.body)
				}
			}
			if st.capture != "" {
				v, found := valueOf(res.body, st.capture)
				if !found {
					t.Fatalf("xml=%v %s: no %s in %s", asXML, st.name, st.capture, res.body)
				}
				got[st.capture] = v
			}
		}
	}
	return srv
}

// post is a step building a family A POST to path with fields (the appId added unless given).
func post(path, root string, kv ...string) func(Builder, map[string]string) (*http.Request, error) {
	return func(b Builder, got map[string]string) (*http.Request, error) {
		f := map[string]string{"appId": b.Account.AppID}
		for i := 0; i+1 < len(kv); i += 2 {
			v := kv[i+1]
			if strings.HasPrefix(v, "$") {
				v = got[v[1:]]
			}
			f[kv[i]] = v
		}
		if f["appId"] == "-" {
			delete(f, "appId")
		}
		if strings.HasPrefix(path, "/Conference/") || strings.HasPrefix(path, "/im/") {
			return b.FamilyA2015(ctx, http.MethodPost, path, root, f)
		}
		return b.FamilyA(ctx, http.MethodPost, path, root, f)
	}
}

// get is a step building a family A GET to path (a "/restApi" prefix: the 2015-06-30 restApi
// path) with fields in the query.
func get(path string, kv ...string) func(Builder, map[string]string) (*http.Request, error) {
	return func(b Builder, _ map[string]string) (*http.Request, error) {
		f := map[string]string{"appId": b.Account.AppID}
		for i := 0; i+1 < len(kv); i += 2 {
			f[kv[i]] = kv[i+1]
		}
		if f["appId"] == "-" {
			delete(f, "appId")
		}
		if rest, found := strings.CutPrefix(path, "/restApi"); found {
			return b.RestAPI(ctx, rest, f)
		}
		return b.FamilyA(ctx, http.MethodGet, path, "", f)
	}
}

func TestClientQueriesByMobileAndUserID(t *testing.T) {
	for _, prefix := range []string{"", "/restApi"} {
		runSteps(t, []step{
			{name: "by mobile", build: get(prefix+"/ClientsByMobile", "mobile", DefaultClientMobile), want: codeOK,
				fields: map[string]string{"clientNumber": DefaultClientNumber, "userId": DefaultClientUserID}},
			{name: "by user id", build: get(prefix+"/ClientsByUserId", "userId", DefaultClientUserID), want: codeOK,
				fields: map[string]string{"clientNumber": DefaultClientNumber, "mobile": DefaultClientMobile}},
			{name: "by mobile: none bound", build: get(prefix+"/ClientsByMobile", "mobile", "13900000009"), want: "103119"},
			{name: "by user id: unknown", build: get(prefix+"/ClientsByUserId", "userId", "nobody"), want: "103119"},
			{name: "by mobile: empty", build: get(prefix + "/ClientsByMobile"), want: "103121"},
			{name: "by user id: empty", build: get(prefix + "/ClientsByUserId"), want: "103121"},
			{name: "by mobile: not a mobile", build: get(prefix+"/ClientsByMobile", "mobile", "12345"), want: "100006"},
			{name: "by mobile: no app", build: get(prefix+"/ClientsByMobile", "appId", "-", "mobile", DefaultClientMobile), want: "102100"},
			{name: "by user id: wrong app", build: get(prefix+"/ClientsByUserId", "appId", "other", "userId", DefaultClientUserID), want: "102102"},
			{name: "closed client is gone", build: post("/dropClient", "client", "clientNumber", DefaultClientNumber), want: codeOK},
			{name: "by mobile after drop", build: get(prefix+"/ClientsByMobile", "mobile", DefaultClientMobile), want: "103119"},
		})
	}
}

func TestChargeClient(t *testing.T) {
	charge := func(kv ...string) func(Builder, map[string]string) (*http.Request, error) {
		return post("/chargeClient", "client", append([]string{"clientNumber", DefaultClientNumber}, kv...)...)
	}
	srv := runSteps(t, []step{
		{name: "charge 30 yuan", build: charge("chargeType", "0", "charge", "30"), want: codeOK,
			fields: map[string]string{"balance": "30.00", "clientNumber": DefaultClientNumber}},
		{name: "refund 10 yuan", build: charge("chargeType", "1", "charge", "10"), want: codeOK,
			fields: map[string]string{"balance": "20.00"}},
		{name: "refund more than the client has", build: charge("chargeType", "1", "charge", "21"), want: "103125"},
		{name: "charge more than the account has", build: charge("chargeType", "0", "charge", "81"), want: "100001"},
		{name: "no charge type", build: charge("charge", "1"), want: "103110"},
		{name: "charge type 2", build: charge("chargeType", "2", "charge", "1"), want: "100004"},
		{name: "amount 1.5", build: charge("chargeType", "0", "charge", "1.5"), want: "100000"},
		{name: "amount of 13 digits", build: charge("chargeType", "0", "charge", "1234567890123"), want: "100014"},
		{name: "unknown client", build: post("/chargeClient", "client", "clientNumber", "60000000009999", "chargeType", "0", "charge", "1"), want: "103119"},
		{name: "wrong app", build: charge("appId", "other", "chargeType", "0", "charge", "1"), want: "102102"},
		{name: "the client shows its balance", build: get("/Clients", "clientNumber", DefaultClientNumber), want: codeOK,
			fields: map[string]string{"balance": "20.00"}},
		{name: "the account paid 20 yuan", build: func(b Builder, _ map[string]string) (*http.Request, error) { return b.AccountInfo(ctx) },
			want: codeOK, fields: map[string]string{"balance": "80.00"}},
	})
	if got := mustBalance(t, srv); got != DefaultBalance-2000 {
		t.Errorf("balance %d, want %d", got, DefaultBalance-2000)
	}
}

func TestBills(t *testing.T) {
	runSteps(t, []step{
		{name: "app bill of yesterday", build: post("/billList", "appBill", "date", "day"), want: codeOK, capture: "downUrl"},
		{name: "app bill of last month", build: post("/billList", "appBill", "date", "month"), want: codeOK, capture: "token"},
		{name: "app bill of a year", build: post("/billList", "appBill", "date", "year"), want: "100004"},
		{name: "app bill without app", build: post("/billList", "appBill", "appId", "-", "date", "day"), want: "102100"},
		{name: "client bill", build: post("/Clients/billList", "clientBill", "clientNumber", DefaultClientNumber, "date", "week"), want: codeOK, capture: "downUrl"},
		{name: "client bill of an unknown client", build: post("/Clients/billList", "clientBill", "clientNumber", "60000000009999", "date", "week"), want: "103119"},
		{name: "client bill without client", build: post("/Clients/billList", "clientBill", "date", "week"), want: "103103"},
		{name: "client bill of the wrong app", build: post("/Clients/billList", "clientBill", "appId", "x", "clientNumber", DefaultClientNumber, "date", "week"), want: "102102"},
	})
}

func TestCallCancelRoamAndSafetyCalls(t *testing.T) {
	callback := post("/Calls/callBack", "callback", "fromClient", DefaultClientNumber, "to", "13900000001")
	runSteps(t, []step{
		{name: "callback", build: callback, want: codeOK, capture: "callId"},
		{name: "cancel it", build: post("/Calls/callCancel", "callCancel", "callId", "$callId"), want: codeOK},
		{name: "cancel it again", build: post("/Calls/callCancel", "callCancel", "callId", "$callId"), want: "100108"},
		{name: "cancel without id", build: post("/Calls/callCancel", "callCancel"), want: "100104"},
		{name: "open roaming", build: post("/Roam/Open", "client", "clientNumber", DefaultClientNumber), want: codeOK},
		{name: "open roaming again", build: post("/Roam/Open", "client", "clientNumber", DefaultClientNumber), want: "103124"},
		{name: "callback while roaming", build: callback, want: "104131"},
		{name: "close roaming", build: post("/Roam/Close", "client", "clientNumber", DefaultClientNumber), want: codeOK},
		{name: "callback after roaming", build: callback, want: codeOK},
		{name: "roaming of an unknown client", build: post("/Roam/Open", "client", "clientNumber", "60000000009999"), want: "103119"},
		{name: "alloc number", build: post("/safetyCalls/allocNumber", "safetyCall", "caller", "13900000001", "callee", "13900000002"), want: codeOK, capture: "orderId"},
		{name: "free it", build: post("/safetyCalls/freeNumber", "safetyCall", "orderId", "$orderId"), want: codeOK},
		{name: "free it again", build: post("/safetyCalls/freeNumber", "safetyCall", "orderId", "$orderId"), want: "104128"},
		{name: "free an unknown order", build: post("/safetyCalls/freeNumber", "safetyCall", "orderId", "x"), want: "104127"},
		{name: "free without order", build: post("/safetyCalls/freeNumber", "safetyCall"), want: "104126"},
		{name: "alloc to oneself", build: post("/safetyCalls/allocNumber", "safetyCall", "caller", "13900000001", "callee", "13900000001"), want: "104130"},
		{name: "alloc without callee", build: post("/safetyCalls/allocNumber", "safetyCall", "caller", "13900000001"), want: "100008"},
		{name: "apply number", build: post("/safetyCalls/applyNumber", "safetyCall"), want: codeOK, capture: "virtualNumber"},
		{name: "apply number, wrong app", build: post("/safetyCalls/applyNumber", "safetyCall", "appId", "x"), want: "102102"},
	})
}

func TestConference(t *testing.T) {
	conf := func(action string, kv ...string) func(Builder, map[string]string) (*http.Request, error) {
		return post("/Conference/"+action, "conference", append([]string{"confId", "$confId"}, kv...)...)
	}
	srv := runSteps(t, []step{
		{name: "create", build: post("/Conference/create", "conference", "creator", "13900000001", "maxMember", "3"), want: codeOK, capture: "confId"},
		{name: "create without creator", build: post("/Conference/create", "conference"), want: "104133"},
		{name: "create of 1000", build: post("/Conference/create", "conference", "creator", "1", "maxMember", "1000"), want: "100002"},
		{name: "invite two", build: conf("invite", "to", "13900000001,13900000002"), want: codeOK, fields: map[string]string{"count": "2"}},
		{name: "invite a bad number", build: conf("invite", "to", "123"), want: "104119"},
		{name: "invite past the size", build: conf("invite", "to", "13900000003,13900000004"), want: "104122"},
		{name: "mute", build: conf("mute", "to", "13900000001"), want: codeOK},
		{name: "deaf", build: conf("deaf", "to", "13900000002"), want: codeOK},
		{name: "undeaf", build: conf("undeaf", "to", "13900000002"), want: codeOK},
		{name: "record", build: conf("record"), want: codeOK},
		{name: "query", build: conf("query"), want: codeOK, fields: map[string]string{"count": "2", "recording": "true", "mute": "true"}},
		{name: "stop recording", build: conf("stopRecord"), want: codeOK},
		{name: "unmute", build: conf("unmute", "to", "13900000001"), want: codeOK},
		{name: "mute a stranger", build: conf("mute", "to", "13900000009"), want: "100007"},
		{name: "remove", build: conf("remove", "to", "13900000001"), want: codeOK},
		{name: "query after", build: conf("query"), want: codeOK, fields: map[string]string{"count": "1", "recording": "false"}},
		{name: "dismiss", build: conf("dismiss"), want: codeOK},
		{name: "query a dismissed one", build: conf("query"), want: "104123"},
		{name: "without id", build: post("/Conference/query", "conference"), want: "104121"},
	}, WithPrices(5, 10))
	if got := mustBalance(t, srv); got != DefaultBalance-20 {
		t.Errorf("balance %d after inviting two, want %d", got, DefaultBalance-20)
	}
}

func TestIMGroups(t *testing.T) {
	grp := func(action string, kv ...string) func(Builder, map[string]string) (*http.Request, error) {
		return post("/im/group/"+action, "imGroup", append([]string{"groupId", "g1"}, kv...)...)
	}
	runSteps(t, []step{
		{name: "create", build: grp("createGroup", "userId", "u1", "groupName", "旅游群"), want: codeOK, fields: map[string]string{"groupId": "g1"}},
		{name: "create it again", build: grp("createGroup", "userId", "u1"), want: "104123"},
		{name: "create without owner", build: post("/im/group/createGroup", "imGroup", "groupId", "g2"), want: "104133"},
		{name: "join two", build: grp("joinGroupBatch", "userId", "u2,u3"), want: codeOK},
		{name: "join an empty id", build: grp("joinGroupBatch", "userId", "u4,,u5"), want: "104119"},
		{name: "quit", build: grp("quitGroup", "userId", "u2"), want: codeOK},
		{name: "quit a stranger", build: grp("quitGroup", "userId", "u9"), want: "100007"},
		{name: "rename", build: grp("updateGroup", "groupName", "新群"), want: codeOK},
		{name: "rename to nothing", build: grp("updateGroup", "groupName", " "), want: "100003"},
		{name: "get", build: grp("getGroup"), want: codeOK, fields: map[string]string{"groupName": "新群", "owner": "u1", "count": "2", "userId": "u1,u3"}},
		{name: "dismiss", build: grp("dismissGroup"), want: codeOK},
		{name: "get a dismissed one", build: grp("getGroup"), want: "104123"},
		{name: "without id", build: post("/im/group/getGroup", "imGroup"), want: "104121"},
		{name: "wrong app", build: grp("getGroup", "appId", "x"), want: "102102"},
	})
}

func TestFamilyC(t *testing.T) {
	srv := newTestServer(t, WithPrices(5, 10), WithBlacklist("13900000009"))
	do, b := sender(t, srv), builder(srv)
	c := func(path string, kv ...string) (*http.Request, error) {
		f := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			f[kv[i]] = kv[i+1]
		}
		return b.FamilyC(ctx, path, f)
	}
	res := do(b.VariableSMS(ctx, []string{"13900000001", "13900000002"}, DefaultTemplateNotice, "a,1", "b"))
	if !strings.HasPrefix(res.body, `{"code":0,"msg":"成功","total_fee":2,"uid":"","data":[{"fee":1,"mobile":"13900000001","sid":"`) {
		t.Errorf("variablesms reply %s", res.body)
	}
	tests := []struct {
		name string
		req  func() (*http.Request, error)
		want string
	}{
		{"templatesms", func() (*http.Request, error) {
			return c("/sms-server/templatesms", "templateid", DefaultTemplateNotice, "param", "a,b", "mobile", "13900000001")
		}, codeOK},
		{"templatesms with ';' parameters", func() (*http.Request, error) {
			return c("/sms-server/templatesms", "templateid", DefaultTemplateNotice, "param", "a;b", "mobile", "13900000001")
		}, "105112"},
		{"variablesms to a blacklisted number", func() (*http.Request, error) {
			return b.VariableSMS(ctx, []string{"13900000009"}, DefaultTemplatePlain)
		}, "105107"},
		{"unknown template", func() (*http.Request, error) { return b.VariableSMS(ctx, []string{"13900000001"}, "999") }, "105110"},
		{"no mobile", func() (*http.Request, error) { return b.VariableSMS(ctx, nil, DefaultTemplatePlain) }, "100008"},
		{"no clientid", func() (*http.Request, error) {
			return c("/sms-server/variablesms", "clientid", "")
		}, "101112"},
		{"unknown clientid", func() (*http.Request, error) { return c("/sms-server/variablesms", "clientid", "x") }, "101111"},
		{"no password", func() (*http.Request, error) { return c("/sms-server/variablesms", "password", "") }, "101117"},
		{"plain password", func() (*http.Request, error) { return c("/sms-server/variablesms", "password", DefaultPassword) }, "101115"},
		{"upper-case digest", func() (*http.Request, error) {
			return c("/sms-server/variablesms", "password", strings.ToUpper(PasswordDigest(DefaultPassword)),
				"templateid", DefaultTemplatePlain, "mobile", "13900000001")
		}, codeOK},
		{"add template without name", func() (*http.Request, error) { return c("/sms-server/addsmstemplate", "content", "x") }, "105126"},
		{"add template without content", func() (*http.Request, error) {
			return c("/sms-server/addsmstemplate", "templatename", "t")
		}, "105127"},
	}
	for _, tt := range tests {
		if res := do(tt.req()); res.code != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, res.body, tt.want)
		}
	}
	res = do(c("/sms-server/addsmstemplate", "templatename", "notice", "content", "您的订单{1}已于{2}发货"))
	id, _ := res.payload["templateid"].(string)
	if res.code != codeOK || id == "" {
		t.Fatalf("addsmstemplate: %s", res.body)
	}
	if res := do(b.VariableSMS(ctx, []string{"13900000001"}, id, "A1", "18:00")); res.code != codeOK {
		t.Errorf("variablesms with the new template %s: %s", id, res.body)
	}
	if got, want := mustBalance(t, srv), DefaultBalance-5*(2+1+1+1); got != want {
		t.Errorf("balance %d, want %d", got, want)
	}
}
