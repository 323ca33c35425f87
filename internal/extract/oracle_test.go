package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
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
