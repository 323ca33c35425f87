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
