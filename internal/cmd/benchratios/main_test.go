package main

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// round is the output of one round of the test binaries, with the figures
// given.
func round(bare, ucpobs, peer, url string) []byte {
	return []byte(`goos: linux
cpu: Test CPU @ 1GHz
BenchmarkTransport/bare-2        	 1000	 ` + bare + ` ns/op	 624 B/op	 6 allocs/op
BenchmarkTransport/ucpobs-2      	 1000	 ` + ucpobs + ` ns/op	 2667 B/op	 13 allocs/op
BenchmarkTransport/otelhttp_promhttp-2 	 1000	 ` + peer + ` ns/op	 5168 B/op	 29 allocs/op
BenchmarkRedactURL/ucpobs-2      	 1000	 ` + url + ` ns/op	 224 B/op	 1 allocs/op
BenchmarkExtract/xml/ucpobs-2    	 1000	 300 ns/op	 0 B/op	 0 allocs/op
BenchmarkExtract/xml/encoding_xml-2 	 1000	 9000 ns/op	 2136 B/op	 50 allocs/op
PASS
`)
}

func TestParse(t *testing.T) {
	s := newSamples()
	if cpu := parse(round("500", "2500", "8500", "312.5"), s); cpu != "Test CPU @ 1GHz" {
		t.Errorf("cpu = %q", cpu)
	}
	want := []string{"BenchmarkTransport/bare", "BenchmarkTransport/ucpobs", "BenchmarkTransport/otelhttp_promhttp",
		"BenchmarkRedactURL/ucpobs", "BenchmarkExtract/xml/ucpobs", "BenchmarkExtract/xml/encoding_xml"}
	if strings.Join(s.names, " ") != strings.Join(want, " ") {
		t.Fatalf("names = %v, want %v", s.names, want)
	}
	if got := s.runs["BenchmarkRedactURL/ucpobs"][0]; got != (result{ns: 312.5, bytes: 224, allocs: 1}) {
		t.Errorf("BenchmarkRedactURL/ucpobs = %+v", got)
	}
}

func TestChecks(t *testing.T) {
	s := newSamples()
	// Medians: bare 500, ucpobs 2600 (adds 2100), peer 8500 (adds 8000): 0.26; the rounds 0.25, 0.75, 0.25.
	for _, r := range [][4]string{{"500", "2500", "8500", "300"}, {"400", "6400", "8400", "350"}, {"600", "2600", "8600", "900"}} {
		parse(round(r[0], r[1], r[2], r[3]), s)
	}
	tests := []struct {
		c      check
		value  string
		rounds string
		pass   bool
	}{
		{check{"t", "time", transport + "bare", transport + "ucpobs", transport + "otelhttp_promhttp", 0.5}, "2100 ns", "0.26 (0.25–0.75)", true},
		{check{"t", "time", transport + "bare", transport + "ucpobs", transport + "otelhttp_promhttp", 0.2}, "2100 ns", "0.26 (0.25–0.75)", false},
		{check{"a", "allocs", transport + "bare", transport + "ucpobs", transport + "otelhttp_promhttp", 0.5}, "7", "0.30 (0.30–0.30)", true},
		{check{"u", "time", "", redactURL + "ucpobs", "", 400}, "350 ns", "–", true},
		{check{"u", "time", "", redactURL + "ucpobs", "", 340}, "350 ns", "–", false},
	}
	for _, tt := range tests {
		line, pass, err := tt.c.evaluate(s)
		if err != nil {
			t.Fatal(err)
		}
		if pass != tt.pass || !strings.Contains(line, tt.value) || !strings.Contains(line, tt.rounds) {
			t.Errorf("%+v: line %q, pass %v; want %q, %q, pass %v", tt.c, line, pass, tt.value, tt.rounds, tt.pass)
		}
	}
	if _, _, err := (check{"m", "time", transport + "bare", handler + "ucpobs", transport + "otelhttp_promhttp", 1}).evaluate(s); err == nil {
		t.Error("a check of a benchmark that did not run: no error")
	}
	var out bytes.Buffer
	if ok := printChecks(&out, s, checks); ok {
		t.Errorf("printChecks with missing benchmarks passed:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "30.0× faster") {
		t.Errorf("no extraction speedup in\n%s", out.String())
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{{[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}}
	for _, tt := range tests {
		rs := make([]result, len(tt.in))
		for i, v := range tt.in {
			rs[i].ns = v
		}
		if got := median(rs, ns); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if r := ratio(1, 0); !math.IsInf(r, 1) {
		t.Errorf("ratio(1, 0) = %v", r)
	}
}
