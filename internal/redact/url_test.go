package redact

import (
	"net/url"
	"strings"
	"testing"
)

const (
	sid   = "8a48b5514fa577af014fa6e2b1fe7d2f"
	appID = "2d92c6132139467b989d087c84a365d8"
	// sigUpper is a family A sig: an upper-case MD5.
	sigUpper = "5A1F0B9C3D7E2F4A6B8C0D1E2F3A4B5C"
)

func TestURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"family_a_sms",
			"https://api.ucpaas.com/2014-06-30/Accounts/" + sid + "/Messages/templateSMS.json?sig=0C5BA4E3A8B4C1D2E3F4A5B6C7D8E9F0",
			"https://api.ucpaas.com/2014-06-30/Accounts/8a48****7d2f/Messages/templateSMS.json?sig=REDACTED"},
		{"account_info", "https://api.ucpaas.com/2014-06-30/Accounts/" + sid + "?sig=ABC",
			"https://api.ucpaas.com/2014-06-30/Accounts/8a48****7d2f?sig=REDACTED"},
		{"query_by_mobile", "https://api.ucpaas.com/2014-06-30/Accounts/" + sid + "/ClientsByMobile?mobile=13800138000&appId=" + appID + "&sig=X",
			"https://api.ucpaas.com/2014-06-30/Accounts/8a48****7d2f/ClientsByMobile?mobile=138******00&appId=2d92****65d8&sig=REDACTED"},
		{"query_client", "https://api.ucpaas.com/2014-06-30/Accounts/" + sid + "/Clients?clientNumber=63314039999&appId=" + appID,
			"https://api.ucpaas.com/2014-06-30/Accounts/8a48****7d2f/Clients?clientNumber=633******99&appId=2d92****65d8"},
		{"case_insensitive_keys", "https://h/p?SIG=a&Token=b&PASSWORD=c&clientpwd=d&LoginToken=e&authorization=f",
			"https://h/p?SIG=REDACTED&Token=REDACTED&PASSWORD=REDACTED&clientpwd=REDACTED&LoginToken=REDACTED&authorization=REDACTED"},
		{"personal_keys", "https://h/p?to=13800138000,13912345678&fromSerNum=4008001234&toSerNum=13800138000&displayNum=02112345678&phone=%2B8613800138000",
			"https://h/p?to=138******00,139******78&fromSerNum=400*****34&toSerNum=138******00&displayNum=021******78&phone=+86*********00"},
		{"redacted_personal", "https://h/p?param=4821&verifyCode=7731&friendlyName=%E5%BC%A0%E4%B8%89&email=a%40b.cn&userId=u1&idCard=110101199003071234",
			"https://h/p?param=REDACTED&verifyCode=REDACTED&friendlyName=REDACTED&email=REDACTED&userId=REDACTED&idCard=REDACTED"},
		{"other_values_kept", "https://h/p?limit=100&start=0&date=20140820145658", "https://h/p?limit=100&start=0&date=20140820145658"},
		{"other_value_with_mobile", "https://h/p?callee=13800138000", "https://h/p?callee=138******00"},
		{"other_value_with_url", "https://h/p?cb=https%3A%2F%2Fx%2Fy%3Ftoken%3Dabc", "https://h/p?cb=https://x/y?token=REDACTED"},
		{"mobile_as_key", "https://h/p?13800138000", "https://h/p?138******00"},
		{"empty_secret", "https://h/p?sig=&a", "https://h/p?sig=&a"},
		{"bad_escape", "https://h/p?sig=%zz&x=%zz", "https://h/p?sig=REDACTED&x=%zz"},
		{"semicolon", "https://h/p?a=1;sig=abc", "https://h/p?a=1;sig=REDACTED"},
		{"user_info", "https://user:pass@h/p", "https://REDACTED@h/p"},
		{"fragment_dropped", "https://h/p?a=1#token=abc", "https://h/p?a=1"},
		{"opaque", "mailto:zhang@example.com", "mailto:REDACTED"},
		{"server_side", "/2014-06-30/Accounts/" + sid + "/Calls/callBack?sig=X", "/2014-06-30/Accounts/8a48****7d2f/Calls/callBack?sig=REDACTED"},
		{"short_sid", "/2014-06-30/Accounts/abc/x", "/2014-06-30/Accounts/****/x"},
		{"accounts_last", "/2014-06-30/Accounts/", "/2014-06-30/Accounts/"},
		{"phone_in_path", "https://h/users/13800138000/x", "https://h/users/138******00/x"},
		{"escaped_path", "https://h/a%20b/Accounts/" + sid, "https://h/a%20b/Accounts/8a48****7d2f"},
		{"force_query", "https://h/p?", "https://h/p?"},
		{"open_platform", "https://open.ucpaas.com/ol/sms/sendsms", "https://open.ucpaas.com/ol/sms/sendsms"},
		// Platform identifiers (32 hex digits) are masked wherever they stand, in any case.
		{"rest_api_by_mobile", "https://api.ucpaas.com/2015-06-30/restApi/" + sid + "/ClientsByMobile?sig=" + sigUpper + "&mobile=13800138000&appId=" + appID,
			"https://api.ucpaas.com/2015-06-30/restApi/8a48****7d2f/ClientsByMobile?sig=REDACTED&mobile=138******00&appId=2d92****65d8"},
		{"rest_api_by_user_id_upper", "/2015-06-30/restApi/" + strings.ToUpper(sid) + "/ClientsByUserId?userId=u-42&appId=" + strings.ToUpper(appID),
			"/2015-06-30/restApi/8A48****7D2F/ClientsByUserId?userId=REDACTED&appId=2D92****65D8"},
		{"id_any_segment", "https://h/v1/" + appID + "/x/" + sid + ".json", "https://h/v1/2d92****65d8/x/8a48****7d2f.json"},
		{"id_any_query_value", "https://h/p?app=" + appID + "&t=" + strings.ToUpper(sid) + "&n=1", "https://h/p?app=2d92****65d8&t=8A48****7D2F&n=1"},
		{"id_as_query_key", "https://h/p?" + sid + "=1", "https://h/p?8a48****7d2f=1"},
		{"id_escaped", "https://h/a/%38a48b5514fa577af014fa6e2b1fe7d2f", "https://h/a/8a48****7d2f"},
		{"id_in_host", "https://" + sid + ".example.com/p", "https://8a48****7d2f.example.com/p"},
		{"hex_31_kept", "https://h/" + sid[:31], "https://h/" + sid[:31]},
		{"hex_33_kept", "https://h/" + sid + "a", "https://h/" + sid + "a"},
		{"not_hex_kept", "https://h/" + sid[:31] + "g", "https://h/" + sid[:31] + "g"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := URL(u); got != tt.want {
				t.Fatalf("URL(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestURLNil(t *testing.T) {
	if got := URL(nil); got != "" {
		t.Fatalf("URL(nil) = %q", got)
	}
}

func TestPathQuery(t *testing.T) {
	tests := []struct{ in, path, query string }{
		{"/2015-06-30/restApi/" + sid + "/ClientsByMobile?sig=X&mobile=13800138000",
			"/2015-06-30/restApi/8a48****7d2f/ClientsByMobile", "sig=REDACTED&mobile=138******00"},
		{"https://h/a%20b/13800138000", "/a%20b/138******00", ""},
		{"https://h", "", ""},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if path, query := PathQuery(u); path != tt.path || query != tt.query {
			t.Errorf("PathQuery(%s) = %q, %q; want %q, %q", tt.in, path, query, tt.path, tt.query)
		}
	}
	if path, query := PathQuery(nil); path != "" || query != "" {
		t.Errorf("PathQuery(nil) = %q, %q", path, query)
	}
}

// TestURLAllocs pins the allocations of URL: the rendered string is the only
// one for the URLs of the platform, also one longer than what URL renders on
// its stack; parts that need decoding or Text's
// parsing (here a decoded path, an escaped phone number and a URL in a query
// value, rendered in turn) cost their own.
func TestURLAllocs(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want float64
	}{
		{"family_a", "https://api.ucpaas.com/2014-06-30/Accounts/" + sid + "/ClientsByMobile?mobile=13800138000&appId=" + appID + "&sig=" + sigUpper, 1},
		{"rest_api_upper", "https://api.ucpaas.com/2015-06-30/restApi/" + strings.ToUpper(sid) + "/ClientsByUserId?userId=u-1&sig=" + sigUpper, 1},
		{"family_b", "https://open.ucpaas.com/ol/sms/sendsms", 1},
		{"server_side", "/2014-06-30/Accounts/" + sid + "/Calls/callBack?sig=X", 1},
		{"escaped", "https://h/a%20b/Accounts/" + sid + "?phone=%2B8613800138000&cb=https%3A%2F%2Fx%2Fy%3Ftoken%3Dabc", 7},
		{"longer_than_the_stack_buffer", "https://h/" + strings.Repeat("a", stackURL), 1},
		// Hidden values longer than the values they hide: the output outgrows the room reserved
		// on the stack, and is copied once more.
		{"outgrows_its_room", "https://h/?" + strings.Repeat("sig=a&", 45), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if got := testing.AllocsPerRun(100, func() { URL(u) }); got != tt.want {
				t.Errorf("URL(%s) allocates %v times, want %v", tt.raw, got, tt.want)
			}
		})
	}
}
