package redact

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "connection refused", "connection refused"},
		{"empty", "", ""},
		{"net_http_error",
			`Post "https://api.ucpaas.com/2014-06-30/Accounts/` + sid + `/Messages/templateSMS?sig=0C5BA4E3": dial tcp 10.0.0.1:443: connect: connection refused`,
			`Post "https://api.ucpaas.com/2014-06-30/Accounts/8a48****7d2f/Messages/templateSMS?sig=REDACTED": dial tcp 10.0.0.1:443: connect: connection refused`},
		{"two_urls", "from http://a/p?token=x to HTTPS://b/q?password=y.", "from http://a/p?token=REDACTED to https://b/q?password=REDACTED."},
		{"url_in_parens", "(see https://h/p?sig=abc)", "(see https://h/p?sig=REDACTED)"},
		{"bad_url", "GET http://[::1/p?sig=abc failed", "GET http://REDACTED failed"},
		{"key_value", "sig=ABC&token=def password=ghi", "sig=REDACTED&token=REDACTED password=REDACTED"},
		{"key_value_case", "SIG=ABC Token=def", "SIG=REDACTED Token=REDACTED"},
		{"compound_secret", "access_token=abc client_secret=def", "access_token=REDACTED client_secret=REDACTED"},
		{"header", "Authorization: ODhhNDhiNTUxNGZh", "Authorization: REDACTED"},
		{"header_scheme", "authorization: Bearer eyJhbGciOi.x", "authorization: Bearer REDACTED"},
		{"json_pairs",
			`{"sid":"` + sid + `","token":"t0k","appid":"` + appID + `","mobile":"15811564298","param":"4821","code":"000000"}`,
			`{"sid":"8a48****7d2f","token":"REDACTED","appid":"2d92****65d8","mobile":"158******98","param":"REDACTED","code":"000000"}`},
		{"json_spaces", `{ "password" : "md5hash", "to" : "13800138000,13912345678" }`, `{ "password" : "REDACTED", "to" : "138******00,139******78" }`},
		{"json_number_phone", `{"mobile":13800138000,"x":1}`, `{"mobile":138******00,"x":1}`},
		{"json_escaped_quote", `{"token":"a\"b","x":"y"}`, `{"token":"REDACTED","x":"y"}`},
		{"json_unterminated", `{"token":"abc`, `{"token":"REDACTED`},
		{"phone_list", "to=13800138000,13912345678, next", "to=138******00,139******78, next"},
		{"personal_colon_unquoted_kept", "sent to: the gateway", "sent to: the gateway"},
		{"personal_pair", "verifyCode=7731 friendlyName=zhang email=a@b.cn userId=42 idCard=110101199003071234",
			"verifyCode=REDACTED friendlyName=REDACTED email=REDACTED userId=REDACTED idCard=REDACTED"},
		{"id_pair", "appId=" + appID + " accountSid=" + sid, "appId=2d92****65d8 accountSid=8a48****7d2f"},
		{"accounts_path", "GET /2014-06-30/Accounts/" + sid + "/Calls/callBack 200", "GET /2014-06-30/Accounts/8a48****7d2f/Calls/callBack 200"},
		{"mobile", "call 13800138000 failed", "call 138******00 failed"},
		{"intl", "call +8613800138000 or 008613800138000", "call +861********00 or 008**********00"},
		{"not_a_key", "design=good prototo=1 sigma=2", "design=good prototo=1 sigma=2"},
		{"empty_value", "token=&next", "token=&next"},
		{"space_after_equals", "token= next", "token= REDACTED"},
		{"url_sentence", "failed: https://h/p?sig=abc, retrying", "failed: https://h/p?sig=REDACTED, retrying"},
		{"empty_quoted", `"token":""`, `"token":""`},
		{"code_text", "code 105147: 短信余额不足", "code 105147: 短信余额不足"},
		{"utf8", "手机号13800138000错误", "手机号138******00错误"},
		// Go-formatted maps and lists (fmt.Errorf("%v", r.Header), r.URL.Query()).
		{"go_header_map", "rejected: map[Authorization:[Basic QWxhZGRpbjpvcGVu] Content-Type:[application/json] X-Auth-Token:[tk1 tk2]]",
			"rejected: map[Authorization:[REDACTED] Content-Type:[application/json] X-Auth-Token:[REDACTED]]"},
		{"go_query_map", "map[appId:[" + appID + "] mobile:[13800138000] param:[otp 4821] sig:[5A1F0B9C] to:[13912345678,13800138000]]",
			"map[appId:[2d92****65d8] mobile:[138******00] param:[REDACTED] sig:[REDACTED] to:[139******78,138******00]]"},
		{"go_query_map_two_values", "map[sig:[a b] mobile:[13800138000 13912345678]]", "map[sig:[REDACTED] mobile:[138******00 139******78]]"},
		{"go_struct", "{Sig:abc Param:4821 Mobile:x}", "{Sig:REDACTED Param:REDACTED Mobile:****}"},
		{"json_array", `{"token":["t1","t2"],"to":["13800138000"],"x":["y"]}`, `{"token":[REDACTED],"to":["138******00"],"x":["y"]}`},
		{"json_array_bracket_in_string", `"password":["a]b"],"x":1`, `"password":[REDACTED],"x":1`},
		{"json_array_spaces", `"token" : [ "t1" ]`, `"token" : [REDACTED]`},
		{"unterminated_list", "sig:[abc def", "sig:[REDACTED"},
		{"bearer_tab", "Authorization: Bearer\teyJhbGciOi.x", "Authorization: Bearer\tREDACTED"},
		{"basic_two_spaces", "Authorization: Basic  QWxhZGRpbjpvcGVu", "Authorization: Basic  REDACTED"},
		{"scheme_alone", "Authorization: Basic", "Authorization: REDACTED"},
		{"spaced_equals", "sig = v123 token\t=\tt456", "sig = REDACTED token\t=\tREDACTED"},
		{"single_quoted", "sig='v123' token = 't 456'", "sig='REDACTED' token = 'REDACTED'"},
		{"double_quoted_equals", `password="p w"`, `password="REDACTED"`},
		// Platform identifiers anywhere in text.
		{"rest_api_path", "GET /2015-06-30/restApi/" + sid + "/ClientsByMobile 200", "GET /2015-06-30/restApi/8a48****7d2f/ClientsByMobile 200"},
		{"bare_id_upper", "account " + strings.ToUpper(sid) + ": suspended", "account 8A48****7D2F: suspended"},
		{"id_in_word_kept", "x" + sid, "x" + sid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Fatalf("Text(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestError(t *testing.T) {
	if got := Error(nil); got != "" {
		t.Fatalf("Error(nil) = %q", got)
	}
	err := fmt.Errorf("send: %w", errors.New("to=13800138000 token=abc"))
	if got, want := Error(err), "send: to=138******00 token=REDACTED"; got != want {
		t.Fatalf("Error = %q, want %q", got, want)
	}
}

// TestErrorFromHTTPClient scrubs the error net/http really returns.
func TestErrorFromHTTPClient(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		"https://api.ucpaas.com/2014-06-30/Accounts/"+sid+"/Messages/templateSMS?sig=SIGSECRET123&mobile=13800138000", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = http.DefaultClient.Do(req)
	if err == nil {
		t.Fatal("request with a cancelled context succeeded")
	}
	got := Error(err)
	for _, secret := range []string{"SIGSECRET123", "13800138000", sid} {
		if strings.Contains(got, secret) {
			t.Fatalf("%q survives in %q", secret, got)
		}
	}
	if !strings.Contains(got, "sig=REDACTED") || !strings.Contains(got, "8a48****7d2f") {
		t.Fatalf("scrubbed error lost its shape: %q", got)
	}
}

func TestTextUnchangedDoesNotAllocate(t *testing.T) {
	s := `Post "https://api.ucpaas.com/path": dial tcp 10.0.0.1:443: connect: connection refused (code=105147)`
	s = s[:strings.Index(s, "https")] + s[strings.Index(s, `": dial`):] // no URL left
	allocs := testing.AllocsPerRun(100, func() {
		if Text(s) != s {
			t.Fatal("changed")
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocs for text with nothing to hide", allocs)
	}
}
