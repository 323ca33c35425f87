package extract

import (
	"bytes"
	"testing"
)

// seedCorpus adds every documented reply shape and every table case.
func seedCorpus(f *testing.F) {
	for _, tc := range allCases() {
		f.Add([]byte(tc.body), uint16(len(tc.body)/2))
	}
}

// checkChunking fails when feeding body whole, split at cut, or byte by byte
// gives different answers, or when a reported code breaks the token rules.
func checkChunking(t *testing.T, body []byte, cut uint16) answer {
	t.Helper()
	whole := scanChunks(body)
	k := int(cut) % (len(body) + 1)
	if got := scanChunks(body, k); got != whole {
		t.Fatalf("%q split at %d: %+v, whole: %+v", body, k, got, whole)
	}
	if got := scanBytes(body); got != whole {
		t.Fatalf("%q byte by byte: %+v, whole: %+v", body, got, whole)
	}
	if whole.ok {
		if !whole.done || len(whole.code) == 0 || len(whole.code) > maxCode {
			t.Fatalf("%q: bad answer %+v", body, whole)
		}
		for i := 0; i < len(whole.code); i++ {
			if !isCodeByte(whole.code[i]) {
				t.Fatalf("%q: code %q holds byte %#x", body, whole.code, whole.code[i])
			}
		}
	}
	return whole
}

func FuzzJSON(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, body []byte, cut uint16) {
		checkChunking(t, body, cut)
		checkAgainstOracle(t, body)
	})
}

// collectSeeds are the bad inputs issue 11 names for the batch path, and balance garbage.
func collectSeeds() []collectCase {
	many := make([]string, 10000)
	for i := range many {
		many[i] = "105107"
	}
	cut := batchReply("000000", true, many[:50]...)
	return []collectCase{
		{name: "report_not_array", body: `{"report":{"0":{"code":"1"}},"code":"000000"}`},
		{name: "elements_without_code", body: `{"report":[{},{"msg":"x"},{"mobile":"13800138000"}],"code":"000000"}`},
		{name: "nested_report", body: `{"a":{"report":[{"code":"1"}]},"report":[{"b":{"report":[{"code":"2"}]}}],"code":"000000"}`},
		{name: "10000_elements", body: batchReply("000000", false, many...)},
		{name: "code_in_string", body: `{"report":["{\"code\":\"1\"}",{"msg":"\"code\":\"2\"","code":"3"}],"code":"000000"}`},
		{name: "truncated_at_cap", body: cut[:len(cut)/2]},
		{name: "balance_garbage", body: `{"resp":{"respCode":"000000","account":{"balance":"1,002.00元"}}}`},
		{name: "balance_object", body: `{"resp":{"respCode":"000000","account":{"balance":{"balance":"5"}}}}`},
		{name: "balance_xml_garbage", body: `<resp><respCode>000000</respCode><account><balance>1e400</balance></account></resp>`},
	}
}

// checkCollecting fails when a collecting scan of body depends on how it is cut, changes the
// return code of the code-only scan, or reports impossible counts.
func checkCollecting(t *testing.T, body []byte, cut uint16) {
	t.Helper()
	codeOnly := scanChunks(body)
	for _, x := range []Extra{Recipients, Balance} {
		whole := collectChunks(x, body)
		k := int(cut) % (len(body) + 1)
		if got := collectChunks(x, body, k); got != whole {
			t.Fatalf("%q extra %d split at %d: %+v, whole: %+v", body, x, k, got, whole)
		}
		if got := collectBytes(x, body); got != whole {
			t.Fatalf("%q extra %d byte by byte: %+v, whole: %+v", body, x, got, whole)
		}
		if whole.code != codeOnly.code || whole.ok != codeOnly.ok {
			t.Fatalf("%q extra %d: code %q (%v), code-only scan %q (%v)", body, x, whole.code, whole.ok, codeOnly.code, codeOnly.ok)
		}
		r := whole.report
		var s Scanner
		s.ResetFor(x)
		s.Feed(body)
		total := r.NoCode + r.Overflow
		for i := range r.Distinct {
			code, n := s.RecipientCode(i)
			if len(code) == 0 || n == 0 {
				t.Fatalf("%q: recipient code %d = %q ×%d", body, i, code, n)
			}
			total += n
		}
		if r.Seen > MaxRecipients || r.Distinct > MaxRecipientCodes || total != r.Seen || !r.Present && r != (Report{}) {
			t.Fatalf("%q: impossible report %+v (codes add up to %d)", body, r, total)
		}
	}
}

func FuzzCollect(f *testing.F) {
	seedCorpus(f)
	for _, set := range [][]collectCase{batchCases, balanceCases, collectSeeds()} {
		for _, tc := range set {
			f.Add([]byte(tc.body), uint16(len(tc.body)/2))
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, cut uint16) {
		checkCollecting(t, body, cut)
		checkCollectingAgainstOracle(t, body)
	})
}

func FuzzXML(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, body []byte, cut uint16) {
		got := checkChunking(t, body, cut)
		if got.ok && startsXML(body) && !xmlMentionsCode(body, got.code) {
			t.Fatalf("%q: code %q reported without a respCode element around it", body, got.code)
		}
	})
}

func FuzzSniff(f *testing.F) {
	seedCorpus(f)
	f.Add([]byte("OK"), uint16(1))
	f.Fuzz(func(t *testing.T, body []byte, cut uint16) {
		checkChunking(t, body, cut)
		checkAgainstOracle(t, body)
	})
}

// startsXML reports a body whose first significant byte is '<'.
func startsXML(body []byte) bool {
	for _, c := range body {
		if !isSpace(c) && c != 0xEF && c != 0xBB && c != 0xBF {
			return c == '<'
		}
	}
	return false
}

// xmlMentionsCode is a necessary condition for an XML answer: the body has a
// respCode start tag followed by every byte of the token (text and CDATA
// pieces may interleave, so the token need not appear in one piece).
func xmlMentionsCode(body []byte, code string) bool {
	i := bytes.Index(body, []byte("<respCode"))
	if i < 0 {
		return false
	}
	for j := 0; j < len(code); j++ {
		if bytes.IndexByte(body[i:], code[j]) < 0 {
			return false
		}
	}
	return true
}
