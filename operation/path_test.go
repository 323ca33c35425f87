package operation

import (
	"net/http"
	"net/url"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFromPath(t *testing.T) {
	const sid = "/2014-06-30/Accounts/8a48b5514a9e4a0b014aa3f2d8a57d2f"
	tests := []struct {
		method, path, want string
	}{
		{"GET", sid, AccountInfo},
		{"GET", sid + ".json", AccountInfo},
		{"GET", sid + "/", AccountInfo},
		{"POST", sid + "/Clients", CreateClient},
		{"POST", sid + "/Clients.json", CreateClient},
		{"GET", sid + "/Clients", QueryClient},
		{"GET", sid + "/Clients.xml", QueryClient},
		{"POST", sid + "/dropClient", DropClient},
		{"POST", sid + "/clientList", ListClients},
		{"GET", sid + "/ClientsByMobile", QueryClientByMobile},
		{"POST", sid + "/chargeClient", ChargeClient},
		{"POST", sid + "/billList", AppBill},
		{"POST", sid + "/Clients/billList", ClientBill},
		{"GET", sid + "/dispalyNumber", DisplayNumber},
		{"GET", sid + "/displayNumber", DisplayNumber},
		{"POST", sid + "/Calls/callBack", Callback},
		{"POST", sid + "/Calls/voiceCode.json", VoiceCode},
		{"POST", sid + "/Calls/voiceNotify.XML", VoiceNotify},
		{"POST", sid + "/Messages/templateSMS", TemplateSMS},
		{"POST", sid + "/Messages/templateSMS.json", TemplateSMS},
		{"POST", "/2015-06-30/Accounts/abc/Conference/create", ConferenceCreate},
		{"POST", "/2015-06-30/Accounts/abc/Conference/stopRecord", ConferenceStopRecord},
		{"POST", "/2015-06-30/Accounts/abc/Conference/undeaf.json", ConferenceUndeaf},
		{"POST", sid + "/Calls/callCancel", CancelCallback},
		{"POST", sid + "/Calls/callCancel.xml", CancelCallback},
		{"POST", sid + "/Roam/Open", RoamOpen},
		{"POST", sid + "/Roam/Close.json", RoamClose},
		{"POST", sid + "/safetyCalls/allocNumber", SafetyCallAllocNumber},
		{"POST", sid + "/safetyCalls/freeNumber", SafetyCallFreeNumber},
		{"POST", sid + "/safetyCalls/applyNumber.json", SafetyCallApplyNumber},
		{"GET", sid + "/ClientsByUserId", QueryClientByUserID},
		{"POST", sid + "/im/group/createGroup", IMGroupCreate},
		{"POST", sid + "/im/group/dismissGroup", IMGroupDismiss},
		{"POST", sid + "/im/group/joinGroupBatch", IMGroupJoinBatch},
		{"POST", sid + "/im/group/quitGroup", IMGroupQuit},
		{"POST", sid + "/im/group/updateGroup.xml", IMGroupUpdate},
		{"POST", "/2015-06-30/Accounts/abc/im/group/getGroup.json", IMGroupGet},
		{"GET", "/2015-06-30/restApi/8a48b5514a9e4a0b014aa3f2d8a57d2f/ClientsByMobile", QueryClientByMobile},
		{"GET", "/2015-06-30/restApi/8a48b5514a9e4a0b014aa3f2d8a57d2f/ClientsByUserId.json", QueryClientByUserID},
		{"POST", "/ol/sms/sendsms", SendSMS},
		{"POST", "/ol/sms/sendsms_batch", SendSMSBatch},
		{"POST", "/ol/sms/addsmstemplate", AddSMSTemplate},
		{"POST", "/ol/sms/getsmstemplate", GetSMSTemplate},
		{"POST", "/ol/sms/editsmstemplate", EditSMSTemplate},
		{"POST", "/ol/sms/deletesmstemplate", DeleteSMSTemplate},
		{"POST", "/sms-server/variablesms", VariableSMS},
		{"POST", "/sms-server/templatesms", TemplateSMS},
		{"POST", "/sms-server/addsmstemplate", AddSMSTemplate},
		// Unknown operations never leak the path.
		{"POST", sid + "/Calls/cancelCallBack", Other},
		{"POST", sid + "/Roam", Other},
		{"POST", sid + "/Roam/Open/now", Other},
		{"POST", sid + "/safetyCalls/bindNumber", Other},
		{"POST", sid + "/im/createGroup", Other},
		{"POST", sid + "/im/chat/createGroup", Other},
		{"POST", sid + "/im/group", Other},
		{"GET", "/2015-06-30/restApi/x/Clients", Other},
		{"GET", "/2015-06-30/restApi//ClientsByMobile", Other},
		{"GET", "/2015-06-30/restApi/x/Messages/templateSMS", Other},
		{"POST", sid + "/Conference/explode", Other},
		{"POST", sid + "/Messages/templateSMS/extra", Other},
		{"POST", sid + "/13800138000", Other},
		{"POST", "/2014-06-30/Accounts", Other},
		{"POST", "/2014-06-30/Accounts/", Other},
		{"POST", "/2014-6-30/Accounts/x/Messages/templateSMS", Other},
		{"POST", "/ol/sms", Other},
		{"POST", "/ol/mms/sendsms", Other},
		{"GET", "/", Other},
		{"GET", "", Other},
		{"GET", "/metrics", Other},
		{"GET", "/" + string(make([]byte, 100)), Other},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			if got := FromPath(tt.method, tt.path); got != tt.want {
				t.Errorf("FromPath(%q, %q) = %q, want %q", tt.method, tt.path, got, tt.want)
			}
			if got := FromPath(tt.method, tt.path); !Known(got) {
				t.Errorf("FromPath returned %q, which is not Known", got)
			}
		})
	}
}

func TestFromRequest(t *testing.T) {
	u, _ := url.Parse("https://api.ucpaas.com/2014-06-30/Accounts/x/Messages/templateSMS.json?sig=ABC")
	if got := FromRequest(&http.Request{Method: "POST", URL: u}); got != TemplateSMS {
		t.Errorf("FromRequest = %q, want %q", got, TemplateSMS)
	}
	if got := FromRequest(nil); got != Other {
		t.Errorf("FromRequest(nil) = %q, want %q", got, Other)
	}
	if got := FromRequest(&http.Request{}); got != Other {
		t.Errorf("FromRequest(no URL) = %q, want %q", got, Other)
	}
}

func TestSets(t *testing.T) {
	all := All()
	// A, by user id, call cancel, roam, safety calls, conference, IM groups, B, C's variable_sms, other
	const want = 14 + 1 + 1 + 2 + 3 + 11 + 6 + 6 + 1 + 1
	if len(all) != want {
		t.Errorf("len(All()) = %d, want %d: %v", len(all), want, all)
	}
	seen := map[string]bool{}
	for _, op := range all {
		if seen[op] {
			t.Errorf("All() repeats %q", op)
		}
		seen[op] = true
		if !Known(op) {
			t.Errorf("Known(%q) = false", op)
		}
	}
	if Known("Messages/templateSMS") {
		t.Error("Known accepted a path")
	}
}

func TestFromPathDoesNotAllocate(t *testing.T) {
	path := "/2014-06-30/Accounts/8a48b5514a9e4a0b014aa3f2d8a57d2f/Messages/templateSMS.json"
	if n := testing.AllocsPerRun(100, func() { FromPath("POST", path) }); n != 0 {
		t.Errorf("FromPath allocates %v times per call, want 0", n)
	}
}

func FuzzFromPath(f *testing.F) {
	for _, s := range []string{
		"/2014-06-30/Accounts/x/Messages/templateSMS.json", "/ol/sms/sendsms", "/sms-server/variablesms",
		"/2015-06-30/Accounts/x/Conference/mute", "//", "/2014-06-30/Accounts//Clients", ".json", "/ol/sms/.xml",
		"/2014-06-30/Accounts/x/Calls/callCancel", "/2014-06-30/Accounts/x/Roam/Open", "/2014-06-30/Accounts/x/Roam/Close",
		"/2014-06-30/Accounts/x/safetyCalls/allocNumber", "/2014-06-30/Accounts/x/safetyCalls/freeNumber",
		"/2014-06-30/Accounts/x/safetyCalls/applyNumber", "/2014-06-30/Accounts/x/im/group/createGroup",
		"/2014-06-30/Accounts/x/im/group/dismissGroup", "/2014-06-30/Accounts/x/im/group/joinGroupBatch",
		"/2014-06-30/Accounts/x/im/group/quitGroup", "/2014-06-30/Accounts/x/im/group/updateGroup",
		"/2014-06-30/Accounts/x/im/group/getGroup", "/2015-06-30/restApi/x/ClientsByMobile",
		"/2015-06-30/restApi/x/ClientsByUserId.xml", "/2015-06-30/restApi//im/group/getGroup",
	} {
		f.Add("POST", s)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		op := FromPath(method, path)
		if !Known(op) {
			t.Fatalf("FromPath(%q, %q) = %q, not a known operation", method, path, op)
		}
	})
}

func BenchmarkFromPath(b *testing.B) {
	b.ReportAllocs()
	path := "/2014-06-30/Accounts/8a48b5514a9e4a0b014aa3f2d8a57d2f/Messages/templateSMS.json"
	for b.Loop() {
		FromPath("POST", path)
	}
}

// TestRoutesAreListed guards the one list kept apart from the routes, family A's: every
// operation a route leads to must be one All returns.
func TestRoutesAreListed(t *testing.T) {
	for _, routes := range [][]route{
		familyBRoutes, familyCRoutes, conferenceRoutes, accountRoutes, clientRoutes, messageRoutes, callRoutes,
		roamRoutes, safetyCallRoutes, imGroupRoutes, restAPIRoutes,
	} {
		for _, r := range routes {
			if !Known(r.op) || r.op == Other {
				t.Errorf("route %q leads to %q, which All does not list", r.seg, r.op)
			}
		}
	}
}
