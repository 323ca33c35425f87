package ucpaastest

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// batchReply is the decoded reply of sendsms_batch.
type batchReply struct {
	CountSum   *string `json:"count_sum"`
	CreateDate string  `json:"create_date"`
	UID        *string `json:"uid"`
	Report     []struct {
		Count, Code, Msg, Smsid, Mobile string
	} `json:"report"`
	Code, Msg string
}

// decodeBatch decodes a batch reply strictly (every field a string, report an array).
func decodeBatch(t *testing.T, body string) batchReply {
	t.Helper()
	var rep batchReply
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("batch reply %s: %v", body, err)
	}
	if rep.CountSum == nil || rep.UID == nil || rep.Report == nil {
		t.Fatalf("batch reply %s lacks count_sum, uid or report", body)
	}
	return rep
}

// reportCodes returns the code of each report element, by mobile.
func reportCodes(rep batchReply) []string {
	out := make([]string, len(rep.Report))
	for i, r := range rep.Report {
		out[i] = r.Mobile + "=" + r.Code
	}
	return out
}

func TestBatchReplyShape(t *testing.T) {
	srv := newTestServer(t)
	res := sender(t, srv)(builder(srv).SendSMSBatch(ctx, []string{"13900000001", "13900000002"}, DefaultTemplateNotice, "a", "b"))
	rep := decodeBatch(t, res.body)
	if *rep.CountSum != "2" || rep.CreateDate != "2024-05-01 10:00:00" || *rep.UID != "" || rep.Code != "000000" || rep.Msg != "OK" {
		t.Errorf("envelope %+v, want count_sum 2, create_date 2024-05-01 10:00:00, code 000000, msg OK", rep)
	}
	hexID := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for i, r := range rep.Report {
		if r.Count != "1" || r.Code != "000000" || r.Msg != "OK" || !hexID.MatchString(r.Smsid) || r.Mobile != []string{"13900000001", "13900000002"}[i] {
			t.Errorf("report[%d] = %+v", i, r)
		}
	}
	wantKeys := []string{`"count_sum"`, `"create_date"`, `"uid"`, `"report"`, `"code":"000000"`, `"msg":"OK"}`}
	if !inOrder(res.body, wantKeys) {
		t.Errorf("body %s: keys not in the real order %v", res.body, wantKeys)
	}
}

// inOrder reports whether every part occurs in s after the previous one (the first occurrence of
// the last parts past the report array: searched from the end).
func inOrder(s string, parts []string) bool {
	at := 0
	for i, p := range parts {
		var j int
		if i >= 4 {
			j = strings.LastIndex(s, p)
		} else {
			j = strings.Index(s[at:], p) + at
		}
		if j < at {
			return false
		}
		at = j
	}
	return true
}

func TestBatchRecipients(t *testing.T) {
	const price = 5
	tests := []struct {
		name      string
		mobiles   string
		blacklist []string
		balance   int64
		wantCode  string
		wantSum   string
		wantCodes []string
		wantPaid  int64
	}{
		{name: "all accepted", mobiles: "13900000001,13900000002,13900000003", balance: 100,
			wantCode: "000000", wantSum: "3", wantPaid: 15,
			wantCodes: []string{"13900000001=000000", "13900000002=000000", "13900000003=000000"}},
		{name: "invalid number", mobiles: "13900000001,1390000,23900000001", balance: 100,
			wantCode: "000000", wantSum: "1", wantPaid: 5,
			wantCodes: []string{"13900000001=000000", "1390000=100006", "23900000001=100006"}},
		{name: "blacklisted", mobiles: "13900000001,13900000002", blacklist: []string{"13900000002"}, balance: 100,
			wantCode: "000000", wantSum: "1", wantPaid: 5,
			wantCodes: []string{"13900000001=000000", "13900000002=105107"}},
		{name: "duplicate", mobiles: "13900000001,13900000002,13900000001", balance: 100,
			wantCode: "000000", wantSum: "2", wantPaid: 10,
			wantCodes: []string{"13900000001=000000", "13900000002=000000", "13900000001=105138"}},
		{name: "blacklisted twice: the copy is a duplicate", mobiles: "13900000002,13900000002", blacklist: []string{"13900000002"},
			balance: 100, wantCode: "105107", wantSum: "0", wantPaid: 0,
			wantCodes: []string{"13900000002=105107", "13900000002=105138"}},
		{name: "none accepted: the first recipient's code", mobiles: "1,13900000002", blacklist: []string{"13900000002"},
			balance: 100, wantCode: "100006", wantSum: "0", wantPaid: 0,
			wantCodes: []string{"1=100006", "13900000002=105107"}},
		{name: "balance covers one of two: nothing sent", mobiles: "13900000001,13900000002,1", balance: 7,
			wantCode: "100001", wantSum: "0", wantPaid: 0,
			wantCodes: []string{"13900000001=100001", "13900000002=100001", "1=100006"}},
		{name: "balance covers the accepted ones only", mobiles: "13900000001,1,13900000001", balance: 5,
			wantCode: "000000", wantSum: "1", wantPaid: 5,
			wantCodes: []string{"13900000001=000000", "1=100006", "13900000001=105138"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, WithPrices(price, 10), WithBlacklist(tt.blacklist...))
			srv.SetBalance(DefaultSID, tt.balance)
			b := builder(srv)
			res := sender(t, srv)(b.FamilyB(ctx, "/ol/sms/sendsms_batch", map[string]string{
				"templateid": DefaultTemplatePlain, "mobile": tt.mobiles, "uid": "u1",
			}))
			rep := decodeBatch(t, res.body)
			if rep.Code != tt.wantCode || rep.Msg != messages[tt.wantCode] || *rep.CountSum != tt.wantSum || *rep.UID != "u1" {
				t.Errorf("code %s msg %s count_sum %s uid %s, want %s %s %s u1", rep.Code, rep.Msg, *rep.CountSum, *rep.UID,
					tt.wantCode, messages[tt.wantCode], tt.wantSum)
			}
			if got := reportCodes(rep); !slices.Equal(got, tt.wantCodes) {
				t.Errorf("report %v, want %v", got, tt.wantCodes)
			}
			for _, r := range rep.Report {
				accepted := r.Code == codeOK
				if accepted != (r.Count == "1") || accepted != (r.Smsid != "") || r.Msg != messages[r.Code] {
					t.Errorf("report element %+v: count, smsid and msg do not match its code", r)
				}
			}
			if paid := tt.balance - mustBalance(t, srv); paid != tt.wantPaid {
				t.Errorf("charged %d fen, want %d", paid, tt.wantPaid)
			}
			if tt.wantCode != codeOK && strings.Index(res.body, `"report"`) > strings.LastIndex(res.body, `"code":"`+tt.wantCode) {
				t.Errorf("failure code comes before the report: %s", res.body)
			}
		})
	}
}

func TestBatchEnvelopeFailureKeepsTheShape(t *testing.T) {
	srv := newTestServer(t)
	b := builder(srv)
	b.Account.Token = "rotated"
	res := sender(t, srv)(b.SendSMSBatch(ctx, []string{"13900000001"}, DefaultTemplatePlain))
	rep := decodeBatch(t, res.body)
	if rep.Code != "101115" || *rep.CountSum != "0" || len(rep.Report) != 0 {
		t.Errorf("reply %s, want 101115 with count_sum 0 and an empty report", res.body)
	}
	if !strings.HasSuffix(res.body, `"report":[],"code":"101115","msg":"请求token校验失败"}`) {
		t.Errorf("body %s: want the code after the report", res.body)
	}
}

func TestBlacklistOfWholeSends(t *testing.T) {
	srv := newTestServer(t, WithBlacklist("13900000002"))
	do, b := sender(t, srv), builder(srv)
	if res := do(b.SendSMS(ctx, "13900000002", DefaultTemplatePlain)); res.code != "105107" {
		t.Errorf("sendsms to a blacklisted number: %s", res.body)
	}
	if res := do(b.TemplateSMS(ctx, []string{"13900000001", "13900000002"}, DefaultTemplatePlain)); res.code != "105107" {
		t.Errorf("templateSMS with a blacklisted number: %s", res.body)
	}
	srv.SetBlacklist()
	if res := do(b.SendSMS(ctx, "13900000002", DefaultTemplatePlain)); res.code != codeOK {
		t.Errorf("sendsms after the blacklist was emptied: %s", res.body)
	}
}

// TestRecipientFault proves a Fault's Recipients share is drawn per recipient from the seed: the
// same seed gives the same report, about the share fails, and only the rest is charged.
func TestRecipientFault(t *testing.T) {
	run := func(seed uint64) batchReply {
		srv := newTestServer(t, WithSeed(seed), WithPrices(1, 1),
			WithFault("send_sms_batch", Fault{Recipients: map[string]float64{"105107": 0.3}}))
		res := sender(t, srv)(builder(srv).FamilyB(ctx, "/ol/sms/sendsms_batch", map[string]string{
			"templateid": DefaultTemplatePlain, "mobile": numbers(100),
		}))
		rep := decodeBatch(t, res.body)
		failed := 0
		for _, r := range rep.Report {
			switch r.Code {
			case "105107":
				failed++
			case codeOK:
			default:
				t.Errorf("recipient code %s, want 105107 or 000000", r.Code)
			}
		}
		if failed < 15 || failed > 45 {
			t.Errorf("seed %d: %d of 100 recipients failed, want about 30", seed, failed)
		}
		if rep.Code != codeOK || *rep.CountSum != strconv.Itoa(100-failed) {
			t.Errorf("seed %d: code %s count_sum %s with %d failed", seed, rep.Code, *rep.CountSum, failed)
		}
		if paid := DefaultBalance - mustBalance(t, srv); paid != int64(100-failed) {
			t.Errorf("seed %d: charged %d, want %d", seed, paid, 100-failed)
		}
		return rep
	}
	a, b, c := run(7), run(7), run(8)
	if !slices.Equal(reportCodes(a), reportCodes(b)) {
		t.Error("the same seed gave different reports")
	}
	if slices.Equal(reportCodes(a), reportCodes(c)) {
		t.Error("another seed gave the same report")
	}
}
