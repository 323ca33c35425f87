package ucpaastest

import (
	"context"
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

func TestLatencyDrawsHaveTheirQuantiles(t *testing.T) {
	tests := []struct {
		name          string
		l             Latency
		p50, p99      time.Duration // the empirical quantiles of 20 000 draws
		tolerancePct  float64
		every, spread bool // every draw equals Median; draws differ
	}{
		{"zero answers at once", Latency{}, 0, 0, 0, true, false},
		{"negative median answers at once", Latency{Median: -time.Second, P99: time.Second}, 0, 0, 0, true, false},
		{"P99 below Median is Median", Latency{Median: 80 * time.Millisecond, P99: time.Millisecond}, 80 * time.Millisecond, 80 * time.Millisecond, 0, true, false},
		{"demo profile", Latency{Median: 60 * time.Millisecond, P99: 480 * time.Millisecond}, 60 * time.Millisecond, 480 * time.Millisecond, 8, false, true},
		{"narrow", Latency{Median: 20 * time.Millisecond, P99: 30 * time.Millisecond}, 20 * time.Millisecond, 30 * time.Millisecond, 5, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			draws := make([]time.Duration, 20000)
			for i := range draws {
				draws[i] = tt.l.draw(rng)
			}
			slices.Sort(draws)
			p50, p99 := draws[len(draws)/2], draws[len(draws)*99/100]
			within := func(got, want time.Duration) bool {
				diff := float64(got - want)
				return diff*diff <= (tt.tolerancePct/100*float64(want))*(tt.tolerancePct/100*float64(want))
			}
			if !within(p50, tt.p50) || !within(p99, tt.p99) {
				t.Errorf("p50 %v, p99 %v; want %v, %v within %.0f%%", p50, p99, tt.p50, tt.p99, tt.tolerancePct)
			}
			if tt.every && (draws[0] != draws[len(draws)-1]) {
				t.Errorf("draws range from %v to %v, want all equal", draws[0], draws[len(draws)-1])
			}
			if tt.spread && draws[len(draws)-1] <= tt.p99 {
				t.Errorf("longest draw %v is not beyond p99 %v: no tail", draws[len(draws)-1], tt.p99)
			}
		})
	}
}

func TestLatencyDelaysEveryAnswer(t *testing.T) {
	const median = 40 * time.Millisecond
	srv := newTestServer(t, WithLatency(Latency{Median: median, P99: median}))
	do, b := sender(t, srv), builder(srv)
	bad := b
	bad.Account.Token = "0000000000000000000000000000beef"
	tests := []struct {
		name string
		want string
		send func() result
	}{
		{"a success", codeOK, func() result { return do(b.VoiceCode(ctx, "13900000001", "1234")) }},
		{"an authentication failure", "101116", func() result { return do(bad.VoiceCode(ctx, "13900000001", "1234")) }},
		{"family B", codeOK, func() result { return do(b.SendSMS(ctx, "13900000001", DefaultTemplateCode, "1234")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			res := tt.send()
			if d := time.Since(start); d < median || res.code != tt.want {
				t.Errorf("answered %q after %v, want %s after at least %v", res.code, d, tt.want, median)
			}
		})
	}
}

func TestLatencyEndsWithTheRequest(t *testing.T) {
	sim := NewSimulator(WithClock(fixedClock), WithLatency(Latency{Median: time.Hour}))
	defer sim.Close()
	reqCtx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	req, err := directBuilder().AccountInfo(reqCtx)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	sim.ServeHTTP(rec, req)
	if rec.Body.Len() != 0 {
		t.Errorf("a cancelled request was answered: %q", rec.Body.String())
	}
}
