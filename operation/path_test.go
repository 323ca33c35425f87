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
	if len(all) != 14+11+6+1+1 { // A, conference, B, C's variable_sms, other
		t.Errorf("len(All()) = %d, want %d: %v", len(all), 33, all)
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
	common := Common()
	if len(common) != 20 {
		t.Errorf("len(Common()) = %d, want 20", len(common))
	}
	for _, op := range common {
		if !seen[op] || op == Other {
			t.Errorf("Common() holds %q", op)
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
	} {
		for _, r := range routes {
			if !Known(r.op) || r.op == Other {
				t.Errorf("route %q leads to %q, which All does not list", r.seg, r.op)
			}
		}
	}
}
