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
// docs/architecture.md: template_sms, voice_code, voice_notify, callback, create_client,
// query_client, drop_client, list_clients, account_info, send_sms, send_sms_batch.
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
}

// faultKey normalises the operation name of a fault.
func faultKey(op string) string {
	if op == "" {
		return AllOperations
	}
	return op
}

// faultState is a Fault with its position in Sequence and its Mix codes in a fixed order.
type faultState struct {
	Fault
	next    int
	mixKeys []string
}

func newFaultState(f Fault) *faultState {
	st := &faultState{Fault: f}
	st.Sequence = slices.Clone(f.Sequence)
	st.Mix = maps.Clone(f.Mix)
	for code, p := range f.Mix {
		if p > 0 {
			st.mixKeys = append(st.mixKeys, code)
		}
	}
	slices.Sort(st.mixKeys)
	return st
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
	r, sum := rng.Float64(), 0.0
	for _, code := range f.mixKeys {
		sum += f.Mix[code]
		if r < sum {
			return code
		}
	}
	return ""
}
