package ucpaastest

import (
	"regexp"
	"testing"
)

func TestFamilyB(t *testing.T) {
	base := map[string]string{
		"sid": DefaultSID, "token": DefaultToken, "appid": DefaultAppID,
		"templateid": DefaultTemplateCode, "param": "1234", "mobile": "13900000001", "uid": "order-7",
	}
	const single, batch = "/ol/sms/sendsms", "/ol/sms/sendsms_batch"
	tests := []struct {
		name   string
		path   string
		fields map[string]string
		status Status
		want   string
	}{
		{"ok", single, base, StatusActive, "000000"},
		{"batch ok", batch, fields(base, "mobile", "13900000001,13900000002"), StatusActive, "000000"},
		{"batch of 100", batch, fields(base, "mobile", numbers(100)), StatusActive, "000000"},
		{"no sid", single, fields(base, "sid", ""), StatusActive, "101112"},
		{"unknown sid", single, fields(base, "sid", "ffffffffffffffffffffffffffffffff"), StatusActive, "101111"},
		{"no token", single, fields(base, "token", ""), StatusActive, "101117"},
		{"wrong token", single, fields(base, "token", "rotated"), StatusActive, "101115"},
		{"account closed", single, base, StatusClosed, "101108"},
		{"account inactive", batch, base, StatusInactive, "101109"},
		{"account locked", single, base, StatusLocked, "101110"},
		{"no appid", single, fields(base, "appid", ""), StatusActive, "102100"},
		{"unknown appid", single, fields(base, "appid", "elsewhere"), StatusActive, "102102"},
		{"no templateid", single, fields(base, "templateid", ""), StatusActive, "105113"},
		{"templateid illegal", single, fields(base, "templateid", "1 2"), StatusActive, "105117"},
		{"unknown templateid", single, fields(base, "templateid", "99999"), StatusActive, "105110"},
		{"no mobile", single, fields(base, "mobile", ""), StatusActive, "100008"},
		{"bad mobile", single, fields(base, "mobile", "23900000001"), StatusActive, "100006"},
		{"two mobiles to sendsms", single, fields(base, "mobile", "13900000001,13900000002"), StatusActive, "100006"},
		{"batch all bad mobiles", batch, fields(base, "mobile", "1,2"), StatusActive, "100006"},
		{"batch no mobile", batch, fields(base, "mobile", " "), StatusActive, "100008"},
		{"batch params missing", batch, fields(base, "param", ""), StatusActive, "105118"},
		{"batch of 101", batch, fields(base, "mobile", numbers(101)), StatusActive, "105120"},
		{"params missing", single, fields(base, "param", ""), StatusActive, "105118"},
		{"params count", single, fields(base, "param", "1,2,3"), StatusActive, "105112"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.SetAccountStatus(DefaultSID, tt.status)
			res := sender(t, srv)(Builder{BaseURL: srv.URL}.FamilyB(ctx, tt.path, tt.fields))
			if res.code != tt.want {
				t.Fatalf("code %q, want %q (body %s)", res.code, tt.want, res.body)
			}
			wantMsg := messages[tt.want]
			if res.payload["msg"] != wantMsg || res.payload["uid"] != "order-7" {
				t.Errorf("msg %v uid %v, want %q and order-7", res.payload["msg"], res.payload["uid"], wantMsg)
			}
		})
	}
}

func TestFamilyBSuccessReply(t *testing.T) {
	srv := newTestServer(t)
	b := builder(srv)
	res := sender(t, srv)(b.SendSMS(ctx, "13900000001", DefaultTemplateNotice, "a", "b"))
	want := map[string]any{
		"code": "000000", "count": "1", "create_date": "2024-05-01 10:00:00",
		"mobile": "13900000001", "msg": "OK", "uid": "",
	}
	for k, v := range want {
		if res.payload[k] != v {
			t.Errorf("%s = %v, want %v (body %s)", k, res.payload[k], v, res.body)
		}
	}
	if id, _ := res.payload["smsid"].(string); !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Errorf("smsid %q, want 32 hex digits", id)
	}
	if got, want := mustBalance(t, srv), DefaultBalance-DefaultSMSPrice; got != want {
		t.Errorf("balance %d, want %d", got, want)
	}
}

func TestFamilyBMoneyAndFaults(t *testing.T) {
	srv := newTestServer(t, WithPrices(5, 10))
	do, b := sender(t, srv), builder(srv)
	srv.SetBalance(DefaultSID, 12)
	steps := []struct {
		name string
		res  func() result
		want string
	}{
		{"first", func() result { return do(b.SendSMS(ctx, "13900000001", DefaultTemplateCode, "1")) }, "000000"},
		{"batch of two on 7 fen", func() result {
			return do(b.SendSMSBatch(ctx, []string{"13900000001", "13900000002"}, DefaultTemplateCode, "1"))
		}, "100001"},
		{"second", func() result { return do(b.SendSMS(ctx, "13900000001", DefaultTemplateCode, "1")) }, "000000"},
		{"third", func() result { return do(b.SendSMS(ctx, "13900000001", DefaultTemplateCode, "1")) }, "100001"},
		{"fault", func() result {
			srv.SetFault("send_sms", Fault{Code: "105122"})
			return do(b.SendSMS(ctx, "13900000001", DefaultTemplateCode, "1"))
		}, "105122"},
		{"fault of another operation", func() result {
			return do(b.SendSMSBatch(ctx, []string{"13900000001"}, DefaultTemplateCode, "1"))
		}, "100001"},
		{"fault after auth", func() result {
			bad := b
			bad.Account.Token = "rotated"
			return do(bad.SendSMS(ctx, "13900000001", DefaultTemplateCode, "1"))
		}, "101115"},
	}
	for _, st := range steps {
		if res := st.res(); res.code != st.want {
			t.Errorf("%s: %q, want %q (body %s)", st.name, res.code, st.want, res.body)
		}
	}
}

func TestWithMessages(t *testing.T) {
	texts := map[string]string{"100699": "from the catalog"}
	srv := newTestServer(t,
		WithMessages(func(code string) string { return texts[code] }),
		WithFault("send_sms", Fault{Sequence: []string{"100699", "100001", "999999"}}))
	do, b := sender(t, srv), builder(srv)
	for _, want := range []string{"from the catalog", "余额不足", fallbackMessage} {
		res := do(b.SendSMS(ctx, "13900000001", DefaultTemplateCode, "1"))
		if res.payload["msg"] != want {
			t.Errorf("code %s: msg %v, want %q", res.code, res.payload["msg"], want)
		}
	}
}
