package extract

import (
	"fmt"
	"strings"
	"testing"
)

// collectedAnswer is everything a collecting scanner reports after a body.
type collectedAnswer struct {
	answer
	report    Report
	codes     string // "code×n" of each distinct recipient code, first seen first
	balance   float64
	balanceOK bool
}

func collectedOf(s *Scanner) collectedAnswer {
	a := collectedAnswer{answer: answerOf(s), report: s.Report()}
	var b strings.Builder
	for i := range a.report.Distinct {
		code, n := s.RecipientCode(i)
		fmt.Fprintf(&b, "%s×%d ", code, n)
	}
	a.codes = strings.TrimSpace(b.String())
	a.balance, a.balanceOK = s.Balance()
	return a
}

// collectChunks feeds body, cut at the given offsets, to a scanner reset for x.
func collectChunks(x Extra, body []byte, cuts ...int) collectedAnswer {
	var s Scanner
	s.ResetFor(x)
	prev := 0
	for _, c := range cuts {
		s.Feed(body[prev:c])
		prev = c
	}
	s.Feed(body[prev:])
	return collectedOf(&s)
}

// collectBytes feeds body one byte at a time.
func collectBytes(x Extra, body []byte) collectedAnswer {
	var s Scanner
	s.ResetFor(x)
	for i := range body {
		s.Feed(body[i : i+1])
	}
	return collectedOf(&s)
}

// batchReply builds a family B batch reply with one report element per code ("" leaves the code
// out), the top-level code before or after the report.
func batchReply(top string, codeFirst bool, codes ...string) string {
	var b strings.Builder
	b.WriteString(`{"count_sum":"` + fmt.Sprint(len(codes)) + `","create_date":"20261201101500","uid":"u1",`)
	if codeFirst {
		b.WriteString(`"code":"` + top + `","msg":"OK",`)
	}
	b.WriteString(`"report":[`)
	for i, c := range codes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"count":"1",`)
		if c != "" {
			b.WriteString(`"code":"` + c + `",`)
		}
		fmt.Fprintf(&b, `"msg":"OK","smsid":"s%d","mobile":"138001380%02d"}`, i, i%100)
	}
	b.WriteString(`]`)
	if !codeFirst {
		b.WriteString(`,"code":"` + top + `","msg":"OK"`)
	}
	b.WriteString(`}`)
	return b.String()
}

// The documented batch reply (../shared/platform-api.md, issue 11), phone numbers shortened.
const bodyFamilyBBatch = `{"count_sum":"2","create_date":"20261201101500","uid":"u1",` +
	`"report":[{"count":"1","code":"000000","msg":"OK","smsid":"a1","mobile":"13800138000"},` +
	`{"count":"0","code":"100006","msg":"手机号不合法","smsid":"","mobile":"13900139000"}],` +
	`"code":"000000","msg":"OK"}`

type collectCase struct {
	name string
	body string
	want collectedAnswer
}

func rep(seen, noCode, distinct, overflow int, truncated bool) Report {
	return Report{Present: true, Seen: seen, NoCode: noCode, Distinct: distinct, Overflow: overflow, Truncated: truncated}
}

func found(code string) answer     { return answer{code, true, true} }
func notFound(done bool) answer    { return answer{"", false, done} }
func foundOpen(code string) answer { return answer{code, true, false} }

var batchCases = []collectCase{
	{"documented", bodyFamilyBBatch, collectedAnswer{answer: found("000000"), report: rep(2, 0, 2, 0, false), codes: "000000×1 100006×1"}},
	{"code_first", batchReply("000000", true, "000000", "105107", "105107"), collectedAnswer{answer: found("000000"), report: rep(3, 0, 2, 0, false), codes: "000000×1 105107×2"}},
	{"top_failure_after_report", batchReply("100001", false, "000000"), collectedAnswer{answer: found("100001"), report: rep(1, 0, 1, 0, false), codes: "000000×1"}},
	{"top_failure_no_report", `{"code":"100001","msg":"余额不足"}`, collectedAnswer{answer: found("100001")}},
	{"empty_report", `{"report":[],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(0, 0, 0, 0, false)}},
	{"report_null", `{"report":null,"code":"000000"}`, collectedAnswer{answer: found("000000")}},
	{"report_string", `{"report":"[{\"code\":\"1\"}]","code":"000000"}`, collectedAnswer{answer: found("000000")}},
	{"report_object", `{"report":{"code":"1"},"code":"000000"}`, collectedAnswer{answer: found("000000")}},
	{"report_number", `{"code":"000000","report":5}`, collectedAnswer{answer: found("000000")}},
	{"first_report_key_decides", `{"report":"x","report":[{"code":"1"}],"code":"000000"}`, collectedAnswer{answer: found("000000")}},
	{"second_report_ignored", `{"report":[{"code":"1"}],"report":[{"code":"2"}],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(1, 0, 1, 0, false), codes: "1×1"}},
	{"elements_without_code", `{"report":[{"msg":"x"},{},{"mobile":"13800138000"}],"code":"0"}`, collectedAnswer{answer: found("0"), report: rep(3, 3, 0, 0, false)}},
	{"scalar_elements", `{"report":[1,"code",null,true,[{"code":"1"}],-2.5],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(6, 6, 0, 0, false)}},
	{"nested_report_deeper", `{"data":{"report":[{"code":"1"}]},"list":[{"report":[{"code":"2"}]}],"code":"000000"}`, collectedAnswer{answer: found("000000")}},
	{"report_inside_element", `{"report":[{"report":[{"code":"2"}],"code":"1"}],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(1, 0, 1, 0, false), codes: "1×1"}},
	{"nested_code_in_element", `{"report":[{"x":{"code":"9"},"y":[{"code":"8"}],"code":"1"}],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(1, 0, 1, 0, false), codes: "1×1"}},
	{"code_inside_string", `{"report":[{"msg":"\"code\":\"9\"","code":"1"},"{\"code\":\"2\"}"],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(2, 1, 1, 0, false), codes: "1×1"}},
	{"brace_in_string_after_code", `{"report":[{"code":"1","msg":"a}b"},{"code":"2"}],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(2, 0, 2, 0, false), codes: "1×1 2×1"}},
	{"escape_after_code", `{"report":[{"code":"1","msg":"x\\\"}"},{"code":"2"}],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(2, 0, 2, 0, false), codes: "1×1 2×1"}},
	{"brackets_after_code", `{"report":[{"code":"1","msg":"]"},{"code":"2","list":["}"]}],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(2, 0, 2, 0, false), codes: "1×1 2×1"}},
	{"bracket_mismatch_after_code", `{"report":[{"code":"1","x":]},{"code":"2"}],"code":"000000"}`, collectedAnswer{answer: notFound(true), report: rep(0, 0, 0, 0, true)}},
	{"element_number_code", `{"report":[{"code":0},{"code":105107 },{"code":1e3}],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(3, 0, 3, 0, false), codes: "0×1 105107×1 1e3×1"}},
	{"element_first_code_decides", `{"report":[{"code":null,"code":"1"},{"code":"2","code":"3"}],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(2, 1, 1, 0, false), codes: "2×1"}},
	{"element_code_not_token", `{"report":[{"code":"10\u0030"},{"code":"1 2"},{"code":""},{"code":{"code":"1"}},{"code":["1"]},{"code":"` + strings.Repeat("7", 33) + `"},{"code":` + strings.Repeat("7", 33) + `}],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(7, 7, 0, 0, false)}},
	{"element_code_32_bytes", `{"report":[{"code":"` + strings.Repeat("7", 32) + `"}],"code":"000000"}`, collectedAnswer{answer: found("000000"), report: rep(1, 0, 1, 0, false), codes: strings.Repeat("7", 32) + "×1"}},
	{"top_code_key_in_element_is_not_top", `{"report":[{"code":"105107"}]}`, collectedAnswer{answer: notFound(true), report: rep(1, 0, 1, 0, false), codes: "105107×1"}},
	{"top_code_null_then_report", `{"code":null,"report":[{"code":"1"}],"code":"2"}`, collectedAnswer{answer: notFound(true), report: rep(1, 0, 1, 0, false), codes: "1×1"}},
	{"top_code_not_token_then_report", `{"code":"1 2","report":[{"code":"1"}]}`, collectedAnswer{answer: notFound(true), report: rep(1, 0, 1, 0, false), codes: "1×1"}},
	{"top_code_escaped_then_report", `{"code":"1\"2","report":[{"code":"1"}]}`, collectedAnswer{answer: notFound(true), report: rep(1, 0, 1, 0, false), codes: "1×1"}},
	{"top_code_too_long_then_report", `{"code":"` + strings.Repeat("7", 40) + `","report":[{"code":"1"}]}`, collectedAnswer{answer: notFound(true), report: rep(1, 0, 1, 0, false), codes: "1×1"}},
	{"top_number_code_then_report", `{"code":0,"report":[{"code":"1"}]}`, collectedAnswer{answer: found("0"), report: rep(1, 0, 1, 0, false), codes: "1×1"}},
	{"top_number_code_bad_end", `{"code":0x,"report":[{"code":"1"}]}`, collectedAnswer{answer: notFound(true)}},
	{"nine_distinct_codes", batchReply("000000", false, "1", "2", "3", "4", "5", "6", "7", "8", "9", "9", "1"), collectedAnswer{answer: found("000000"), report: rep(11, 0, 8, 2, false), codes: "1×2 2×1 3×1 4×1 5×1 6×1 7×1 8×1"}},
	{"truncated_in_element", `{"code":"000000","report":[{"code":"1"},{"code":"2"`, collectedAnswer{answer: foundOpen("000000"), report: rep(1, 0, 1, 0, true), codes: "1×1"}},
	{"truncated_code_after", `{"report":[{"code":"1"},{"code":"2"}],"code":"0000`, collectedAnswer{answer: notFound(false), report: rep(2, 0, 2, 0, false), codes: "1×1 2×1"}},
	{"truncated_scalar", `{"report":[{"code":"1"},"abc`, collectedAnswer{answer: notFound(false), report: rep(2, 1, 1, 0, true), codes: "1×1"}},
	{"malformed_after_code", `{"code":"000000","report":[{"code":"1"}},{"code":"2"}]}`, collectedAnswer{answer: found("000000"), report: rep(1, 0, 1, 0, true), codes: "1×1"}},
	{"malformed_element_end", `{"code":"000000","report":[{"code":"1"},]}`, collectedAnswer{answer: found("000000"), report: rep(1, 0, 1, 0, true), codes: "1×1"}},
	{"report_closed_by_brace", `{"code":"000000","report":[{"code":"1"}}`, collectedAnswer{answer: found("000000"), report: rep(1, 0, 1, 0, true), codes: "1×1"}},
	{"family_a_reply", bodyFamilyA, collectedAnswer{answer: found("000000")}},
	{"xml_reply", bodyFamilyAXML, collectedAnswer{answer: found("000000")}},
	{"html", bodyNginx502, collectedAnswer{answer: notFound(true)}},
}

var balanceCases = []collectCase{
	{"documented", `{"resp":{"respCode":"000000","account":{"balance":"1002.00"}}}`, collectedAnswer{answer: found("000000"), balance: 1002, balanceOK: true}},
	{"fields_around", `{"resp":{"respCode":"000000","account":{"createDate":"20140820145658","type":"0","status":1,"voice":{"balance":"9"},"balance":"998.25","voiceBalance":"3.00","balance":"7"}}}`, collectedAnswer{answer: found("000000"), balance: 998.25, balanceOK: true}},
	{"account_before_code", `{"resp":{"account":{"balance":"0.05"},"respCode":"000000"}}`, collectedAnswer{answer: found("000000"), balance: 0.05, balanceOK: true}},
	{"number_form", `{"resp":{"respCode":"000000","account":{"balance":1002.5}}}`, collectedAnswer{answer: found("000000"), balance: 1002.5, balanceOK: true}},
	{"integer_number", `{"resp":{"respCode":0,"account":{"balance":12 }}}`, collectedAnswer{answer: found("0"), balance: 12, balanceOK: true}},
	{"negative", `{"resp":{"respCode":"000000","account":{"balance":"-3.10"}}}`, collectedAnswer{answer: found("000000"), balance: -3.1, balanceOK: true}},
	{"garbage", `{"resp":{"respCode":"000000","account":{"balance":"abc","x":1}}}`, collectedAnswer{answer: found("000000")}},
	{"exponent", `{"resp":{"respCode":"000000","account":{"balance":1e3}}}`, collectedAnswer{answer: found("000000")}},
	{"two_dots", `{"resp":{"respCode":"000000","account":{"balance":"1.2.3"}}}`, collectedAnswer{answer: found("000000")}},
	{"trailing_dot", `{"resp":{"respCode":"000000","account":{"balance":"1."}}}`, collectedAnswer{answer: found("000000")}},
	{"sixteen_digits", `{"resp":{"respCode":"000000","account":{"balance":"1234567890123.456"}}}`, collectedAnswer{answer: found("000000")}},
	{"fifteen_digits", `{"resp":{"respCode":"000000","account":{"balance":"123456789012.345"}}}`, collectedAnswer{answer: found("000000"), balance: 123456789012.345, balanceOK: true}},
	{"empty", `{"resp":{"respCode":"000000","account":{"balance":""}}}`, collectedAnswer{answer: found("000000")}},
	{"null", `{"resp":{"respCode":"000000","account":{"balance":null,"balance":"5"}}}`, collectedAnswer{answer: found("000000")}},
	{"escaped", `{"resp":{"respCode":"000000","account":{"balance":"1\u0030"}}}`, collectedAnswer{answer: found("000000")}},
	{"number_bad_end", `{"resp":{"respCode":"000000","account":{"balance":5x}}}`, collectedAnswer{answer: found("000000")}},
	{"wrong_depth_resp", `{"resp":{"respCode":"000000","balance":"5"}}`, collectedAnswer{answer: found("000000")}},
	{"wrong_depth_root", `{"account":{"balance":"5"},"resp":{"respCode":"000000"}}`, collectedAnswer{answer: found("000000")}},
	{"wrong_depth_deeper", `{"resp":{"respCode":"000000","account":{"x":{"balance":"5"}},"list":[{"account":{"balance":"6"}}]}}`, collectedAnswer{answer: found("000000")}},
	{"second_account", `{"resp":{"respCode":"000000","account":"none","account":{"balance":"8"}}}`, collectedAnswer{answer: found("000000"), balance: 8, balanceOK: true}},
	{"failure_reply", `{"resp":{"respCode":"101106"}}`, collectedAnswer{answer: found("101106")}},
	{"truncated_before_code", `{"resp":{"account":{"balance":"5"},"respC`, collectedAnswer{answer: notFound(false), balance: 5, balanceOK: true}},
	{"truncated_balance", `{"resp":{"respCode":"000000","account":{"balance":"5`, collectedAnswer{answer: foundOpen("000000")}},
	{"x_documented", `<?xml version="1.0" encoding="UTF-8"?><resp><respCode>000000</respCode><account><balance>1002.00</balance><type>0</type></account></resp>`, collectedAnswer{answer: found("000000"), balance: 1002, balanceOK: true}},
	{"x_account_first", "<resp>\n <account>\n  <status>1</status>\n  <balance> 17.5 </balance>\n </account>\n <respCode>000000</respCode>\n</resp>", collectedAnswer{answer: found("000000"), balance: 17.5, balanceOK: true}},
	{"x_cdata", `<resp><respCode>000000</respCode><account><balance><![CDATA[3.25]]></balance></account></resp>`, collectedAnswer{answer: found("000000"), balance: 3.25, balanceOK: true}},
	{"x_garbage", `<resp><respCode>000000</respCode><account><balance>1 2</balance><balance>5</balance></account></resp>`, collectedAnswer{answer: found("000000")}},
	{"x_garbage_cdata", `<resp><respCode>000000</respCode><account><balance><![CDATA[a<b>]]]></balance></account></resp>`, collectedAnswer{answer: found("000000")}},
	{"x_entity", `<resp><account><balance>&#49;</balance></account><respCode>000000</respCode></resp>`, collectedAnswer{answer: found("000000")}},
	{"x_child", `<resp><account><balance><v>1</v></balance></account><respCode>000000</respCode></resp>`, collectedAnswer{answer: found("000000")}},
	{"x_empty", `<resp><account><balance/></account><respCode>000000</respCode></resp>`, collectedAnswer{answer: found("000000")}},
	{"x_wrong_depth", `<resp><balance>5</balance><x><account><balance>6</balance></account></x><respCode>000000</respCode></resp>`, collectedAnswer{answer: found("000000")}},
	{"x_account_closed", `<resp><account></account><balance>5</balance><respCode>000000</respCode></resp>`, collectedAnswer{answer: found("000000")}},
	{"x_code_invalid_then_balance", `<resp><respCode>1 2</respCode><respCode>3</respCode><account><balance>5</balance></account></resp>`, collectedAnswer{answer: notFound(true), balance: 5, balanceOK: true}},
	{"x_code_child_then_balance", `<resp><respCode><a/>1</respCode><account><balance>5</balance></account></resp>`, collectedAnswer{answer: notFound(true), balance: 5, balanceOK: true}},
	{"x_failure", `<resp><respCode>101106</respCode></resp>`, collectedAnswer{answer: found("101106")}},
	{"batch_reply", bodyFamilyBBatch, collectedAnswer{answer: found("000000")}},
}

func TestCollectCases(t *testing.T) {
	for _, set := range []struct {
		x     Extra
		cases []collectCase
	}{{Recipients, batchCases}, {Balance, balanceCases}} {
		for _, tc := range set.cases {
			t.Run(fmt.Sprint(set.x, "/", tc.name), func(t *testing.T) {
				body := []byte(tc.body)
				if got := collectChunks(set.x, body); got != tc.want {
					t.Fatalf("whole body:\n got %+v\nwant %+v", got, tc.want)
				}
				if got := collectBytes(set.x, body); got != tc.want {
					t.Fatalf("1-byte chunks:\n got %+v\nwant %+v", got, tc.want)
				}
				for k := 0; k <= len(body); k++ {
					if got := collectChunks(set.x, body, k); got != tc.want {
						t.Fatalf("split at %d:\n got %+v\nwant %+v", k, got, tc.want)
					}
				}
				// The return code is the code-only scan's, whatever is collected besides.
				if got, want := collectChunks(set.x, body).answer, scanChunks(body); got.code != want.code || got.ok != want.ok {
					t.Fatalf("code %q (%v), code-only scan %q (%v)", got.code, got.ok, want.code, want.ok)
				}
			})
		}
	}
}

// TestCollectingKeepsTheCode: on every reply shape of the code-only tables, a collecting scan
// finds the same code as the code-only one.
func TestCollectingKeepsTheCode(t *testing.T) {
	for _, tc := range allCases() {
		for _, x := range []Extra{Recipients, Balance} {
			body := []byte(tc.body)
			got, want := collectChunks(x, body), scanChunks(body)
			if got.code != want.code || got.ok != want.ok {
				t.Errorf("%s, extra %d: code %q (%v), code-only %q (%v)", tc.name, x, got.code, got.ok, want.code, want.ok)
			}
			if want.done && !got.done && got.ok {
				t.Errorf("%s, extra %d: a decided body left the collecting scan undecided", tc.name, x)
			}
		}
	}
}

func TestBatchLimits(t *testing.T) {
	many := make([]string, 10000)
	for i := range many {
		many[i] = []string{"000000", "105107", "100006", ""}[i%4]
	}
	tests := []struct {
		name string
		body string
		want collectedAnswer
	}{
		{"10000_elements_code_after", batchReply("000000", false, many...),
			collectedAnswer{answer: found("000000"), report: rep(MaxRecipients, MaxRecipients/4, 3, 0, true), codes: "000000×250 105107×250 100006×250"}},
		{"10000_elements_code_first", batchReply("100001", true, many...),
			collectedAnswer{answer: found("100001"), report: rep(MaxRecipients, MaxRecipients/4, 3, 0, true), codes: "000000×250 105107×250 100006×250"}},
		{"10000_scalars", `{"report":[` + strings.Repeat(`"x",`, 9999) + `"x"],"code":"000000"}`,
			collectedAnswer{answer: found("000000"), report: rep(MaxRecipients, MaxRecipients, 0, 0, true)}},
		{"exactly_the_maximum", batchReply("000000", false, many[:MaxRecipients]...),
			collectedAnswer{answer: found("000000"), report: rep(MaxRecipients, MaxRecipients/4, 3, 0, false), codes: "000000×250 105107×250 100006×250"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			if got := collectChunks(Recipients, body); got != tt.want {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
			if got := collectChunks(Recipients, body, len(body)/3, len(body)/2); got != tt.want {
				t.Fatalf("chunked: got %+v\nwant %+v", got, tt.want)
			}
			var s Scanner
			if allocs := testing.AllocsPerRun(5, func() { s.ResetFor(Recipients); s.Feed(body) }); allocs != 0 {
				t.Fatalf("%v allocs per body, want 0", allocs)
			}
		})
	}
}

// TestTruncatedAtCap: a batch cut at any point keeps the code found before the cut, counts only
// the elements that ended before it, and says the report was cut off.
func TestTruncatedAtCap(t *testing.T) {
	codes := make([]string, 100)
	for i := range codes {
		codes[i] = "105107"
	}
	body := []byte(batchReply("000000", true, codes...))
	full := collectChunks(Recipients, body)
	if full.report.Seen != 100 || full.report.Truncated {
		t.Fatalf("whole body: %+v", full)
	}
	codeEnd := strings.Index(string(body), `"code":"000000"`) + len(`"code":"000000"`)
	reportEnd := strings.LastIndex(string(body), "]") + 1
	prevSeen := 0
	for cut := 0; cut < len(body); cut++ {
		got := collectChunks(Recipients, body[:cut])
		if got.ok != (cut >= codeEnd) {
			t.Fatalf("cut at %d: code found %v", cut, got.ok)
		}
		wantSeen := strings.Count(string(body[:cut]), "}") // each element ends with its only '}'
		if got.report.Seen != wantSeen || got.report.Seen < prevSeen {
			t.Fatalf("cut at %d: seen %d, want %d", cut, got.report.Seen, wantSeen)
		}
		if got.report.Present && got.report.Truncated != (cut < reportEnd) {
			t.Fatalf("cut at %d: truncated %v", cut, got.report.Truncated)
		}
		prevSeen = got.report.Seen
	}
}

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1002.00", 1002, true}, {"0", 0, true}, {"0.1", 0.1, true}, {"-0.5", -0.5, true},
		{"00012.30", 12.3, true}, {"999999999999999", 999999999999999, true}, {"0.000000000000001", 1e-15, true},
		{"1000000000000000", 0, false}, {"0.0000000000000001", 0, false}, {"", 0, false}, {"-", 0, false},
		{".5", 0, false}, {"5.", 0, false}, {"1.2.3", 0, false}, {"1e3", 0, false}, {"+1", 0, false},
		{"1,000", 0, false}, {"¥5", 0, false}, {"--1", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseDecimal([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseDecimal(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCollectNoAllocations(t *testing.T) {
	var s Scanner
	for _, set := range []struct {
		x     Extra
		cases []collectCase
	}{{Recipients, batchCases}, {Balance, balanceCases}} {
		for _, tc := range set.cases {
			body := []byte(tc.body)
			allocs := testing.AllocsPerRun(20, func() {
				s.ResetFor(set.x)
				for i := 0; i < len(body); i += 7 {
					s.Feed(body[i:min(i+7, len(body))])
				}
				s.Code()
				s.Report()
				s.RecipientCode(0)
				s.Balance()
			})
			if allocs != 0 {
				t.Errorf("%s: %v allocs, want 0", tc.name, allocs)
			}
		}
	}
}

func TestResetForCodeForgetsCollected(t *testing.T) {
	var s Scanner
	s.ResetFor(Recipients)
	s.Feed([]byte(bodyFamilyBBatch))
	s.Reset()
	s.Feed([]byte(bodyFamilyBBatch))
	if r := s.Report(); r != (Report{}) {
		t.Errorf("Report after Reset = %+v, want none", r)
	}
	if c, ok := s.Code(); !ok || string(c) != "000000" {
		t.Errorf("Code = %q, %v", c, ok)
	}
	s.ResetFor(Balance)
	s.Feed([]byte(`{"resp":{"respCode":"000000","account":{"balance":"5"}}}`))
	s.ResetFor(Recipients)
	if _, ok := s.Balance(); ok {
		t.Error("Balance kept after ResetFor(Recipients)")
	}
}

// TestMalformedReportKeepsTheCode: malformed JSON inside the report or "account", which the
// code-only scan skips without judging, gives the report up (truncated) or the balance, never
// the code found after it.
func TestMalformedReportKeepsTheCode(t *testing.T) {
	tests := []struct {
		name string
		x    Extra
		body string
		want collectedAnswer
	}{
		{"key_without_colon", Recipients, `{"report":[{"code":"1"},{""}],"code":"0"}`, collectedAnswer{answer: found("0"), report: rep(1, 0, 1, 0, true), codes: "1×1"}},
		{"control_in_key", Recipients, "{\"report\":[{\"co\nde\":\"1\"}],\"code\":\"0\"}", collectedAnswer{answer: found("0"), report: rep(0, 0, 0, 0, true)}},
		{"bad_escape_in_key", Recipients, `{"report":[{"\x":"1"}],"code":"0"}`, collectedAnswer{answer: found("0"), report: rep(0, 0, 0, 0, true)}},
		{"bad_unicode_in_key", Recipients, `{"report":[{"\u00g0":"1"}],"code":"0"}`, collectedAnswer{answer: found("0"), report: rep(0, 0, 0, 0, true)}},
		{"bad_value", Recipients, `{"report":[{"code":}],"code":"0"}`, collectedAnswer{answer: found("0"), report: rep(0, 0, 0, 0, true)}},
		{"unquoted_key", Recipients, `{"report":[{code:"1"}],"code":"0"}`, collectedAnswer{answer: found("0"), report: rep(0, 0, 0, 0, true)}},
		{"colon_between_elements", Recipients, `{"report":[{"code":"1"}:{"code":"2"}],"code":"0"}`, collectedAnswer{answer: found("0"), report: rep(1, 0, 1, 0, true), codes: "1×1"}},
		{"mismatch_still_ends", Recipients, `{"report":[{"code":"1"}},"code":"0"}`, collectedAnswer{answer: notFound(true), report: rep(1, 0, 1, 0, true), codes: "1×1"}},
		{"account_malformed", Balance, `{"resp":{"account":{"balance" "5"},"respCode":"000000"}}`, collectedAnswer{answer: found("000000")}},
		{"x_comment_in_balance", Balance, `<resp><account><balance><!-- x -->5</balance></account><respCode>000000</respCode></resp>`, collectedAnswer{answer: found("000000")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			if got := collectChunks(tt.x, body); got != tt.want {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
			if got := collectBytes(tt.x, body); got != tt.want {
				t.Fatalf("byte by byte: got %+v\nwant %+v", got, tt.want)
			}
			if want := scanChunks(body); want.code != tt.want.code || want.ok != tt.want.ok {
				t.Fatalf("the code-only scan finds %+v", want)
			}
		})
	}
}
