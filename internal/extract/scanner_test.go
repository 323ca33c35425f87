package extract

import (
	"strings"
	"testing"
)

// answer is everything a scanner reports after a body.
type answer struct {
	code string
	ok   bool
	done bool
}

func answerOf(s *Scanner) answer {
	c, ok := s.Code()
	return answer{string(c), ok, s.Done()}
}

// scanChunks feeds body in chunks cut at the given offsets.
func scanChunks(body []byte, cuts ...int) answer {
	var s Scanner
	s.Reset()
	prev := 0
	for _, c := range cuts {
		s.Feed(body[prev:c])
		prev = c
	}
	s.Feed(body[prev:])
	return answerOf(&s)
}

// scanBytes feeds body one byte at a time.
func scanBytes(body []byte) answer {
	var s Scanner
	s.Reset()
	for i := range body {
		s.Feed(body[i : i+1])
	}
	return answerOf(&s)
}

func allCases() []replyCase {
	return append(append([]replyCase(nil), jsonCases...), xmlCases...)
}

func TestScannerCases(t *testing.T) {
	for _, tc := range allCases() {
		t.Run(tc.name, func(t *testing.T) {
			want := answer{tc.code, tc.code != "", tc.done}
			body := []byte(tc.body)
			if got := scanChunks(body); got != want {
				t.Fatalf("whole body: got %+v, want %+v", got, want)
			}
			if got := scanBytes(body); got != want {
				t.Fatalf("1-byte chunks: got %+v, want %+v", got, want)
			}
			for k := 0; k <= len(body); k++ {
				if got := scanChunks(body, k); got != want {
					t.Fatalf("split at %d (%q | %q): got %+v, want %+v", k, body[:k], body[k:], got, want)
				}
			}
			for k := 0; k+2 <= len(body); k++ {
				if got := scanChunks(body, k, k+1, k+2); got != want {
					t.Fatalf("cuts at %d,%d,%d: got %+v, want %+v", k, k+1, k+2, got, want)
				}
			}
		})
	}
}

func TestWriteReportsDoneAtTheDecidingByte(t *testing.T) {
	tests := []struct {
		body   string
		decide int // index of the byte after which the scanner has decided
	}{
		{`{"code":"105147","msg":"x"}`, len(`{"code":"105147"`) - 1},
		{`{"code":0,"msg":"x"}`, len(`{"code":0,`) - 1},
		{`{"resp":{"respCode":"105110"}}`, len(`{"resp":{"respCode":"105110"`) - 1},
		{`<resp><respCode>105110</respCode></resp>`, len(`<resp><respCode>105110</`) - 1},
		{`<!DOCTYPE html><html>`, len(`<!D`) - 1},
		{`<html lang="zh">`, len(`<html `) - 1},
		{`{"a":1]`, len(`{"a":1]`) - 1},
	}
	for _, tt := range tests {
		var s Scanner
		for i := 0; i < len(tt.body); i++ {
			done := s.Feed([]byte{tt.body[i]})
			if done != (i >= tt.decide) || s.Done() != done {
				t.Fatalf("%s: after byte %d (%q) done=%v Done()=%v, want %v", tt.body, i, tt.body[i], done, s.Done(), i >= tt.decide)
			}
		}
	}
}

func TestWriteAfterDoneIsIgnored(t *testing.T) {
	var s Scanner
	if !s.Feed([]byte(`{"code":"105147"}`)) {
		t.Fatal("not done after a complete family B body")
	}
	if !s.Feed([]byte(`{"code":"000000"}`)) {
		t.Fatal("Write after done returned false")
	}
	if c, ok := s.Code(); !ok || string(c) != "105147" {
		t.Fatalf("Code() = %q, %v; want 105147, true", c, ok)
	}
}

func TestResetStartsOver(t *testing.T) {
	var s Scanner
	s.Feed([]byte(`{"code":"105147"}`))
	s.Reset()
	if s.Done() {
		t.Fatal("Done() after Reset")
	}
	if c, ok := s.Code(); ok || c != nil {
		t.Fatalf("Code() after Reset = %q, %v; want none", c, ok)
	}
	s.Feed([]byte(`<resp><respCode>105110</respCode></resp>`))
	if c, ok := s.Code(); !ok || string(c) != "105110" {
		t.Fatalf("Code() = %q, %v; want 105110, true", c, ok)
	}
}

func TestCodeBeforeDone(t *testing.T) {
	var s Scanner
	s.Feed([]byte(`{"code":"1051`))
	if c, ok := s.Code(); ok || c != nil {
		t.Fatalf("Code() mid-token = %q, %v; want none", c, ok)
	}
}

// deep returns prefix + open×n + close×n + suffix.
func deep(prefix, open, close, suffix string, n int) []byte {
	return []byte(prefix + strings.Repeat(open, n) + strings.Repeat(close, n) + suffix)
}

func TestDeepNesting(t *testing.T) {
	const n = 100000
	tests := []struct {
		name string
		body []byte
		want answer
	}{
		{"json_arrays", deep(`{"a":`, "[", "]", `,"code":"105147"}`, n), answer{"105147", true, true}},
		{"json_objects", deep(`{"a":`, `{"a":`, "}", `,"code":"105147"}`, n), answer{"105147", true, true}},
		{"json_resp_arrays", deep(`{"resp":{"a":`, `[{"respCode":"1"},`, "]", `,"respCode":"105110"}}`, n), answer{"105110", true, true}},
		{"json_mismatch_deep", deep(`{"a":`, "[", "}", `,"code":"105147"}`, n), answer{"", false, true}},
		{"json_unclosed", []byte(`{"a":` + strings.Repeat("[", n)), answer{"", false, false}},
		{"xml_elements", deep(`<resp>`, `<a x="1">`, `</a>`, `<respCode>105110</respCode></resp>`, n), answer{"105110", true, true}},
		{"xml_unclosed", []byte(`<resp>` + strings.Repeat("<a>", n)), answer{"", false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scanChunks(tt.body); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			if got := scanChunks(tt.body, len(tt.body)/3, len(tt.body)/2); got != tt.want {
				t.Fatalf("chunked: got %+v, want %+v", got, tt.want)
			}
			var s Scanner
			allocs := testing.AllocsPerRun(5, func() {
				s.Reset()
				s.Feed(tt.body)
			})
			if allocs != 0 {
				t.Fatalf("%v allocs per body, want 0", allocs)
			}
		})
	}
}

func TestNoAllocations(t *testing.T) {
	var s Scanner
	for _, tc := range allCases() {
		body := []byte(tc.body)
		allocs := testing.AllocsPerRun(20, func() {
			s.Reset()
			for i := 0; i < len(body); i += 7 {
				s.Feed(body[i:min(i+7, len(body))])
			}
			s.Code()
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocs, want 0", tc.name, allocs)
		}
	}
}
