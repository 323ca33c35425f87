package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// jsonOracle finds the return code with encoding/json, walking the body's
// tokens in order: the first top-level "code" or "respCode", or "respCode"
// directly inside a top-level "resp" object, decides. It reports valid=false
// when encoding/json rejects the body.
func jsonOracle(body []byte) (code string, ok, valid bool) {
	if !json.Valid(body) {
		return "", false, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return "", false, true
	}
	code, ok, _ = oracleObject(dec, true)
	return code, ok, true
}

// oracleObject walks the members of an object whose '{' was read. decided
// says a code key was met (whatever its value).
func oracleObject(dec *json.Decoder, root bool) (code string, ok, decided bool) {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", false, true
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return "", false, true
		}
		switch {
		case key == "respCode", root && key == "code":
			if code, ok = oracleToken(raw); !ok {
				code = ""
			}
			return code, ok, true
		case root && key == "resp" && raw[0] == '{':
			inner := json.NewDecoder(bytes.NewReader(raw))
			inner.Token()
			if code, ok, decided = oracleObject(inner, false); decided {
				return code, ok, true
			}
		}
	}
	return "", false, false
}

// oracleToken applies the token rules to a raw JSON value: a string of 1–32
// plain printable bytes, or a number literal of at most 32 bytes.
func oracleToken(raw json.RawMessage) (string, bool) {
	switch {
	case raw[0] == '"':
		s := raw[1 : len(raw)-1]
		if len(s) == 0 || len(s) > maxCode {
			return "", false
		}
		for _, c := range s {
			if c <= ' ' || c >= 0x7F || c == '\\' || c == '&' {
				return "", false
			}
		}
		return string(s), true
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		return string(raw), len(raw) <= maxCode
	}
	return "", false
}

// checkAgainstOracle fails when body is valid JSON and the scanner's answer
// differs from encoding/json's.
func checkAgainstOracle(t *testing.T, body []byte) {
	t.Helper()
	want, wantOK, valid := jsonOracle(body)
	if !valid {
		return
	}
	got := scanChunks(body)
	if got.ok != wantOK || got.code != want {
		t.Fatalf("%q: scanner found %q (%v), encoding/json %q (%v)", body, got.code, got.ok, want, wantOK)
	}
	if !got.done {
		t.Fatalf("%q: valid JSON but the scanner is not done", body)
	}
}

func TestDifferentialJSON(t *testing.T) {
	valid := 0
	for _, tc := range jsonCases {
		if json.Valid([]byte(tc.body)) {
			valid++
		}
		checkAgainstOracle(t, []byte(tc.body))
	}
	if valid < 40 {
		t.Fatalf("only %d valid JSON cases compared", valid)
	}
}

// TestOracleAgreesWithUnmarshal checks the oracle itself on the documented
// shapes against plain json.Unmarshal into the structs a caller would write.
func TestOracleAgreesWithUnmarshal(t *testing.T) {
	var a struct {
		Resp struct {
			RespCode string `json:"respCode"`
		} `json:"resp"`
	}
	var bc struct {
		Code any `json:"code"` // a string, or a float64 for family C's numbers
	}
	tests := []struct {
		body string
		into any
		get  func() string
	}{
		{bodyFamilyA, &a, func() string { return a.Resp.RespCode }},
		{bodyFamilyAFail, &a, func() string { return a.Resp.RespCode }},
		{bodyFamilyB, &bc, func() string { return fmt.Sprint(bc.Code) }},
		{bodyFamilyBFail, &bc, func() string { return fmt.Sprint(bc.Code) }},
		{bodyFamilyC, &bc, func() string { return fmt.Sprint(bc.Code) }},
	}
	for _, tt := range tests {
		if err := json.Unmarshal([]byte(tt.body), tt.into); err != nil {
			t.Fatal(err)
		}
		code, ok, valid := jsonOracle([]byte(tt.body))
		if !valid || !ok || code != tt.get() {
			t.Fatalf("%s: oracle %q (%v, valid %v), Unmarshal %q", tt.body, code, ok, valid, tt.get())
		}
		if got := scanChunks([]byte(tt.body)); got.code != tt.get() {
			t.Fatalf("%s: scanner %q, Unmarshal %q", tt.body, got.code, tt.get())
		}
	}
}

// reportOracle is what encoding/json finds in the top-level "report" array of a valid body, by
// the rules of ResetFor(Recipients): the first top-level "report" key decides; each element is one
// result, an object's result being the token of its first "code" member.
type reportOracle struct {
	report Report
	codes  string // as collectedAnswer.codes
}

func recipientsOracle(body []byte) (reportOracle, bool) {
	if !json.Valid(body) {
		return reportOracle{}, false
	}
	var root []json.RawMessage // key, value, key, value… of a root object
	if !members(body, &root) {
		return reportOracle{}, true
	}
	for i := 0; i < len(root); i += 2 {
		var key string
		json.Unmarshal(root[i], &key)
		if key != "report" {
			continue
		}
		var elems []json.RawMessage
		if json.Unmarshal(root[i+1], &elems) != nil || root[i+1][0] != '[' {
			return reportOracle{}, true
		}
		return tallyOracle(elems), true
	}
	return reportOracle{}, true
}

// tallyOracle counts the results of the report's elements.
func tallyOracle(elems []json.RawMessage) reportOracle {
	o := reportOracle{report: Report{Present: true}}
	var order []string
	counts := map[string]int{}
	for n, e := range elems {
		if n == MaxRecipients {
			o.report.Truncated = true
			break
		}
		o.report.Seen++
		code, ok := elementCode(e)
		switch {
		case !ok:
			o.report.NoCode++
		case counts[code] > 0:
			counts[code]++
		case len(order) == MaxRecipientCodes:
			o.report.Overflow++
		default:
			order = append(order, code)
			counts[code] = 1
		}
	}
	o.report.Distinct = len(order)
	parts := make([]string, len(order))
	for i, c := range order {
		parts[i] = fmt.Sprintf("%s×%d", c, counts[c])
	}
	o.codes = strings.Join(parts, " ")
	return o
}

// elementCode is the token of the first "code" member of an object element.
func elementCode(e json.RawMessage) (string, bool) {
	var kv []json.RawMessage
	if !members(e, &kv) {
		return "", false
	}
	for i := 0; i < len(kv); i += 2 {
		var key string
		json.Unmarshal(kv[i], &key)
		if key == "code" {
			return oracleToken(kv[i+1])
		}
	}
	return "", false
}

// balanceOracle is the balance encoding/json finds in a valid body by the rules of
// ResetFor(Balance): in every "resp" object of the root, every "account" object, until the
// first "balance" member decides; strconv.ParseFloat reads it when it has the documented form.
func balanceOracle(body []byte) (yuan float64, ok, valid bool) {
	if !json.Valid(body) {
		return 0, false, false
	}
	var root []json.RawMessage
	if !members(body, &root) {
		return 0, false, true
	}
	for i := 0; i < len(root); i += 2 {
		var resp []json.RawMessage
		if string(root[i]) != `"resp"` || !members(root[i+1], &resp) {
			continue
		}
		for j := 0; j < len(resp); j += 2 {
			var account []json.RawMessage
			if string(resp[j]) != `"account"` || !members(resp[j+1], &account) {
				continue
			}
			for k := 0; k < len(account); k += 2 {
				if string(account[k]) != `"balance"` {
					continue
				}
				tok, ok := oracleToken(account[k+1])
				if !ok || !decimalForm.MatchString(tok) || significantDigits(tok) > 15 || fractionDigits(tok) > 15 {
					return 0, false, true
				}
				v, err := strconv.ParseFloat(tok, 64)
				return v, err == nil, true
			}
		}
	}
	return 0, false, true
}

var decimalForm = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func significantDigits(s string) int {
	s = strings.TrimLeft(strings.ReplaceAll(strings.TrimPrefix(s, "-"), ".", ""), "0")
	return len(s)
}

func fractionDigits(s string) int {
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

// members splits an object into its keys and values, in order (keys as raw JSON strings, with
// escapes decoded and re-encoded by encoding/json so that "\u0063ode" reads "code"). It returns
// false for anything that is not an object.
func members(raw []byte, out *[]json.RawMessage) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key, _ := json.Marshal(tok.(string))
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return false
		}
		*out = append(*out, key, v)
	}
	return true
}

// checkCollectingAgainstOracle fails when body is valid JSON and a collecting scanner's answer
// differs from encoding/json's.
func checkCollectingAgainstOracle(t *testing.T, body []byte) {
	t.Helper()
	if want, valid := recipientsOracle(body); valid {
		got := collectChunks(Recipients, body)
		if got.report != want.report || got.codes != want.codes {
			t.Fatalf("%q: scanner report %+v %q, encoding/json %+v %q", body, got.report, got.codes, want.report, want.codes)
		}
		if !got.done {
			t.Fatalf("%q: valid JSON but the collecting scanner is not done", body)
		}
	}
	if want, wantOK, valid := balanceOracle(body); valid {
		got := collectChunks(Balance, body)
		if got.balanceOK != wantOK || got.balance != want {
			t.Fatalf("%q: scanner balance %v (%v), encoding/json %v (%v)", body, got.balance, got.balanceOK, want, wantOK)
		}
	}
}

func TestDifferentialCollecting(t *testing.T) {
	valid := 0
	for _, tc := range append(append(append([]collectCase(nil), batchCases...), balanceCases...), collectSeeds()...) {
		if json.Valid([]byte(tc.body)) {
			valid++
		}
		checkCollectingAgainstOracle(t, []byte(tc.body))
	}
	for _, tc := range allCases() {
		checkCollectingAgainstOracle(t, []byte(tc.body))
	}
	if valid < 50 {
		t.Fatalf("only %d valid JSON bodies compared", valid)
	}
}

// TestOracleAgreesWithUnmarshalOnBatches checks the recipients oracle on the documented shape
// against json.Unmarshal into the struct a caller would write.
func TestOracleAgreesWithUnmarshalOnBatches(t *testing.T) {
	var v struct {
		Report []struct {
			Code string `json:"code"`
		} `json:"report"`
		Code string `json:"code"`
	}
	if err := json.Unmarshal([]byte(bodyFamilyBBatch), &v); err != nil {
		t.Fatal(err)
	}
	o, _ := recipientsOracle([]byte(bodyFamilyBBatch))
	if o.report.Seen != len(v.Report) || o.codes != v.Report[0].Code+"×1 "+v.Report[1].Code+"×1" {
		t.Fatalf("oracle %+v %q, Unmarshal %+v", o.report, o.codes, v)
	}
	var a struct {
		Resp struct {
			Account struct {
				Balance string `json:"balance"`
			} `json:"account"`
		} `json:"resp"`
	}
	body := []byte(balanceCases[0].body)
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	want, _ := strconv.ParseFloat(a.Resp.Account.Balance, 64)
	if got, ok, _ := balanceOracle(body); !ok || got != want {
		t.Fatalf("oracle %v (%v), Unmarshal %v", got, ok, want)
	}
}
