package ucpaastest

import (
	"math/rand/v2"
	"strings"
)

// recipient is the outcome of one number of a send: code "" means accepted, and then smsid is the
// message's id.
type recipient struct {
	mobile, code, smsid string
}

// batchRecipients checks every number of a batch on its own, in order: 100006 a number that is not
// a mainland mobile, 105138 a number already given earlier in the batch (the later copies; the
// first is judged on its own), 105107 a blacklisted number, then the fault's per-recipient draw.
// The caller holds the lock and has checked the list's size.
func (s *Simulator) batchRecipients(numbers []string, draw func() string) []recipient {
	out := make([]recipient, len(numbers))
	seen := make(map[string]bool, len(numbers))
	for i, n := range numbers {
		n = strings.TrimSpace(n)
		out[i].mobile = n
		switch {
		case !isMobile(n):
			out[i].code = "100006"
		case seen[n]:
			out[i].code = "105138"
		case s.blacklist[n]:
			out[i].code = "105107"
		default:
			out[i].code = draw()
		}
		seen[n] = true
	}
	return out
}

// accepted returns the numbers of the recipients without a code.
func accepted(rs []recipient) []string {
	var out []string
	for _, r := range rs {
		if r.code == "" {
			out = append(out, r.mobile)
		}
	}
	return out
}

// recipientDraw returns a function drawing the per-recipient fault code of op ("" for none) from
// the seeded randomness; the caller holds the lock.
func (s *Simulator) recipientDraw(op string) func() string {
	f := s.faultOf(op)
	if f == nil || len(f.recipientKeys) == 0 {
		return func() string { return "" }
	}
	return func() string {
		if code := drawCode(s.rng, f.recipientKeys, f.Recipients); code != codeOK {
			return code
		}
		return ""
	}
}

// drawCode picks one of keys with the probabilities of p, "" for none.
func drawCode(rng *rand.Rand, keys []string, p map[string]float64) string {
	r, sum := rng.Float64(), 0.0
	for _, code := range keys {
		sum += p[code]
		if r < sum {
			return code
		}
	}
	return ""
}
