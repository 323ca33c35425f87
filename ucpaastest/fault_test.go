package ucpaastest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// direct returns a function that sends a request straight to the simulator's handler (no
// network) and returns the reply's code.
func direct(t *testing.T, sim *Simulator) func(*http.Request, error) string {
	return func(req *http.Request, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, req)
		res, err := decodeRecorded(rec, req)
		if err != nil {
			t.Fatal(err)
		}
		return res.code
	}
}

// decodeRecorded decodes a recorded reply the way fetch decodes a network one.
func decodeRecorded(rec *httptest.ResponseRecorder, req *http.Request) (result, error) {
	resp := rec.Result()
	defer resp.Body.Close()
	return decodeReply(resp, req)
}

// directBuilder builds requests for a simulator served without network.
func directBuilder() Builder {
	return Builder{BaseURL: "http://simulator", Account: DefaultAccount(), Now: fixedClock}
}

func TestFaults(t *testing.T) {
	sms := func(b Builder) (*http.Request, error) {
		return b.TemplateSMS(ctx, []string{"13900000001"}, DefaultTemplateCode, "1234")
	}
	voice := func(b Builder) (*http.Request, error) { return b.VoiceCode(ctx, "13900000001", "1234") }
	tests := []struct {
		name        string
		faults      map[string]Fault
		request     func(Builder) (*http.Request, error)
		want        []string // codes of consecutive requests
		wantCharged int      // how many of them were charged
	}{
		{name: "forced", faults: map[string]Fault{"template_sms": {Code: "100699"}},
			request: sms, want: []string{"100699", "100699"}, wantCharged: 0},
		{name: "forced on another operation", faults: map[string]Fault{"voice_code": {Code: "100699"}},
			request: sms, want: []string{"000000"}, wantCharged: 1},
		{name: "every operation", faults: map[string]Fault{AllOperations: {Code: "100500"}},
			request: voice, want: []string{"100500"}, wantCharged: 0},
		{name: "empty name is every operation", faults: map[string]Fault{"": {Code: "100500"}},
			request: sms, want: []string{"100500"}, wantCharged: 0},
		{name: "own fault beats every operation", faults: map[string]Fault{AllOperations: {Code: "100500"}, "template_sms": {Code: "105122"}},
			request: sms, want: []string{"105122"}, wantCharged: 0},
		{name: "sequence then normal", faults: map[string]Fault{"template_sms": {Sequence: []string{"100699", "000000", "", "105122"}}},
			request: sms, want: []string{"100699", "000000", "000000", "105122", "000000", "000000"}, wantCharged: 4},
		{name: "code beats sequence", faults: map[string]Fault{"template_sms": {Code: "100001", Sequence: []string{"100699"}}},
			request: sms, want: []string{"100001", "100001"}, wantCharged: 0},
		{name: "certain mix", faults: map[string]Fault{"voice_code": {Mix: map[string]float64{"100699": 1}}},
			request: voice, want: []string{"100699", "100699"}, wantCharged: 0},
		{name: "sequence then mix", faults: map[string]Fault{"voice_code": {Sequence: []string{"000000"}, Mix: map[string]float64{"100699": 1}}},
			request: voice, want: []string{"000000", "100699"}, wantCharged: 1},
		{name: "zero mix", faults: map[string]Fault{"voice_code": {Mix: map[string]float64{"100699": 0, "100500": -1}}},
			request: voice, want: []string{"000000", "000000"}, wantCharged: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := []Option{WithClock(fixedClock), WithPrices(1, 1)}
			for op, f := range tt.faults {
				opts = append(opts, WithFault(op, f))
			}
			sim := NewSimulator(opts...)
			defer sim.Close()
			var got []string
			for range tt.want {
				got = append(got, direct(t, sim)(tt.request(directBuilder())))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("codes %v, want %v", got, tt.want)
			}
			if fen, _ := sim.Balance(DefaultSID); fen != DefaultBalance-int64(tt.wantCharged) {
				t.Errorf("balance %d, want %d (%d charged)", fen, DefaultBalance-int64(tt.wantCharged), tt.wantCharged)
			}
		})
	}
}

func TestFaultsComeAfterAuthentication(t *testing.T) {
	sim := NewSimulator(WithClock(fixedClock), WithFault(AllOperations, Fault{Code: "100699", Latency: time.Hour}))
	defer sim.Close()
	req, err := directBuilder().AccountInfo(ctx)
	if err == nil {
		req.Header.Del("Authorization")
	}
	start := time.Now()
	if got := direct(t, sim)(req, err); got != "101100" {
		t.Errorf("unsigned request under a fault: %q, want 101100", got)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("a refused request waited for the fault's latency (%v)", d)
	}
}

func TestFaultMixIsSeededAndProportional(t *testing.T) {
	const n = 2000
	mix := Fault{Mix: map[string]float64{"100699": 0.2, "100500": 0.05}}
	run := func(seed uint64) ([]string, map[string]int) {
		sim := NewSimulator(WithClock(fixedClock), WithPrices(0, 0), WithSeed(seed), WithFault("voice_code", mix))
		defer sim.Close()
		seq := make([]string, 0, n)
		counts := map[string]int{}
		for range n {
			code := direct(t, sim)(directBuilder().VoiceCode(ctx, "13900000001", "1234"))
			seq = append(seq, code)
			counts[code]++
		}
		return seq, counts
	}
	seqA, counts := run(7)
	seqB, _ := run(7)
	seqC, _ := run(8)
	if !slices.Equal(seqA, seqB) {
		t.Error("the same seed gave different sequences")
	}
	if slices.Equal(seqA, seqC) {
		t.Error("different seeds gave the same sequence")
	}
	// Bounds are the expectation ± 5 standard deviations of a binomial draw.
	bounds := map[string][2]int{"100699": {311, 489}, "100500": {51, 149}, "000000": {1403, 1597}}
	for code, b := range bounds {
		if c := counts[code]; c < b[0] || c > b[1] {
			t.Errorf("%s answered %d times of %d, want within %v", code, c, n, b)
		}
	}
	if len(counts) != 3 {
		t.Errorf("codes %v, want only 000000, 100699, 100500", counts)
	}
}

func TestSetFaultAtRuntime(t *testing.T) {
	srv := newTestServer(t)
	do, b := sender(t, srv), builder(srv)
	steps := []struct {
		op    string
		fault Fault
		want  string
	}{
		{"template_sms", Fault{Code: "100699"}, "100699"},
		{"template_sms", Fault{Sequence: []string{"105122"}}, "105122"},
		{"template_sms", Fault{Sequence: []string{"105122"}}, "105122"}, // setting again restarts it
		{"template_sms", Fault{}, "000000"},                             // the zero Fault removes it
		{AllOperations, Fault{Code: "100500"}, "100500"},
		{"", Fault{}, "000000"},
	}
	for i, st := range steps {
		srv.SetFault(st.op, st.fault)
		if res := do(b.TemplateSMS(ctx, []string{"13900000001"}, DefaultTemplateCode, "1")); res.code != st.want {
			t.Errorf("step %d (%s %+v): %q, want %q", i, st.op, st.fault, res.code, st.want)
		}
	}
}

func TestFaultLatency(t *testing.T) {
	const latency = 50 * time.Millisecond
	srv := newTestServer(t, WithFault("voice_code", Fault{Latency: latency}))
	do, b := sender(t, srv), builder(srv)
	start := time.Now()
	res := do(b.VoiceCode(ctx, "13900000001", "1234"))
	if d := time.Since(start); d < latency || res.code != codeOK {
		t.Errorf("answered %q after %v, want 000000 after at least %v", res.code, d, latency)
	}
}

func TestFaultLatencyEndsWithTheRequest(t *testing.T) {
	sim := NewSimulator(WithClock(fixedClock), WithFault(AllOperations, Fault{Latency: time.Hour}))
	defer sim.Close()
	reqCtx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	b := directBuilder()
	req, err := b.VoiceCode(reqCtx, "13900000001", "1234")
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	start := time.Now()
	sim.ServeHTTP(rec, req)
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("a cancelled request waited %v", d)
	}
	if rec.Body.Len() != 0 {
		t.Errorf("a cancelled request was answered: %q", rec.Body.String())
	}
	if fen, _ := sim.Balance(DefaultSID); fen != DefaultBalance {
		t.Errorf("a cancelled request was charged: balance %d", fen)
	}
}

func TestCloseEndsLatency(t *testing.T) {
	srv := NewServer(WithClock(fixedClock), WithFault(AllOperations, Fault{Latency: time.Hour}))
	req, err := builder(srv).VoiceCode(ctx, "13900000001", "1234")
	if err != nil {
		t.Fatal(err)
	}
	answered := make(chan result, 1)
	go func() {
		res, _ := fetch(srv, req) // the server may close the connection first
		answered <- res
	}()
	time.Sleep(50 * time.Millisecond) // let the request reach its wait
	start := time.Now()
	srv.Close()
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Close waited %v for a delayed request", d)
	}
	select {
	case res := <-answered:
		if res.code != "" && res.code != codeOK {
			t.Errorf("delayed request answered %q, want 000000 or no answer", res.code)
		}
	case <-time.After(10 * time.Second):
		t.Error("the delayed request never returned")
	}
}

func TestWithZeroFaultRemovesAnEarlierOne(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want string
	}{
		{"set", []Option{WithFault("template_sms", Fault{Code: "100699"})}, "100699"},
		{"set then removed", []Option{WithFault("template_sms", Fault{Code: "100699"}), WithFault("template_sms", Fault{})}, "000000"},
		// A zero fault of an operation does not shadow the fault of every operation.
		{"zero beside every operation", []Option{WithFault(AllOperations, Fault{Code: "100500"}), WithFault("template_sms", Fault{})}, "100500"},
		{"nil option", []Option{nil, WithFault("template_sms", Fault{Code: "100699"}), nil}, "100699"},
	}
	for _, tt := range tests {
		sim := NewSimulator(append([]Option{WithClock(fixedClock)}, tt.opts...)...)
		code := direct(t, sim)(directBuilder().TemplateSMS(ctx, []string{"13900000001"}, DefaultTemplateCode, "1"))
		sim.Close()
		if code != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, code, tt.want)
		}
	}
}
