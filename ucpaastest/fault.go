package ucpaastest

import (
	"maps"
	"math/rand/v2"
	"slices"
	"time"
)

// AllOperations is the fault key that applies to every operation without a fault of its own.
// The empty string means the same.
const AllOperations = "*"

// Fault scripts how the simulator misbehaves for an operation. The operation names are those of
// package operation (operation.TemplateSMS, operation.SendSMSBatch, …), for every operation the
// simulator serves (see the package documentation).
//
// A fault applies after authentication succeeded; its code is answered instead of handling the
// request (nothing is charged). The code is chosen in this order: Code when set; else the next
// entry of Sequence while entries remain; else a draw from Mix. A chosen "" or "000000" means "no
// fault": the request is handled normally.
type Fault struct {
	// Code, when set, is answered to every request.
	Code string
	// Sequence is answered in turn, one entry per request; once it is used up the fault answers
	// from Mix (or not at all).
	Sequence []string
	// Mix maps codes to probabilities (0.02 = 2%); the rest of the time there is no fault. The
	// draws come from the simulator's seeded randomness (WithSeed). Probabilities adding up to more
	// than 1 starve the codes that sort last.
	Mix map[string]float64
	// Latency delays every answer of the operation, including normal ones. A request whose context
	// ends meanwhile returns at once without an answer; Close ends the waits too.
	Latency time.Duration
	// Recipients maps codes to the probability that one recipient of a batch send (send_sms_batch)
	// gets it in the reply's report (0.3 = 30% of the recipients), drawn per recipient from the
	// simulator's seeded randomness. A recipient given a code is neither sent to nor charged; the
	// rest of the batch goes on. It applies only to numbers the simulator accepts by itself (valid,
	// not repeated, not blacklisted) and only when the request as a whole got no fault code.
	Recipients map[string]float64
}

// isZero reports whether f scripts nothing.
func (f Fault) isZero() bool {
	return f.Code == "" && len(f.Sequence) == 0 && len(f.Mix) == 0 && f.Latency == 0 && len(f.Recipients) == 0
}

// faultKey normalises the operation name of a fault.
func faultKey(op string) string {
	if op == "" {
		return AllOperations
	}
	return op
}

// faultState is a Fault with its position in Sequence and its Mix and Recipients codes in a fixed
// order.
type faultState struct {
	Fault
	next          int
	mixKeys       []string
	recipientKeys []string
}

func newFaultState(f Fault) *faultState {
	st := &faultState{Fault: f}
	st.Sequence = slices.Clone(f.Sequence)
	st.Mix = maps.Clone(f.Mix)
	st.Recipients = maps.Clone(f.Recipients)
	st.mixKeys = drawOrder(f.Mix)
	st.recipientKeys = drawOrder(f.Recipients)
	return st
}

// drawOrder returns the codes of p with a probability above zero, sorted.
func drawOrder(p map[string]float64) []string {
	var keys []string
	for code, prob := range p {
		if prob > 0 {
			keys = append(keys, code)
		}
	}
	slices.Sort(keys)
	return keys
}

// pick chooses the code to answer ("" for none); the caller holds the simulator's lock.
func (f *faultState) pick(rng *rand.Rand) string {
	code := f.choose(rng)
	if code == codeOK {
		return ""
	}
	return code
}

func (f *faultState) choose(rng *rand.Rand) string {
	if f.Code != "" {
		return f.Code
	}
	if f.next < len(f.Sequence) {
		f.next++
		return f.Sequence[f.next-1]
	}
	if len(f.mixKeys) == 0 {
		return ""
	}
	return drawCode(rng, f.mixKeys, f.Mix)
}
