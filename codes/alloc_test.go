package codes_test

import (
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

func TestLookupDoesNotAllocate(t *testing.T) {
	inputs := []string{"0", " 100001 ", "1000", "999999", "bad", ""}
	for _, c := range codes.All() {
		inputs = append(inputs, c.Value)
	}
	cat, err := codes.NewCatalog(codes.Code{Value: "300001", Message: "m", Category: codes.CategoryAccount})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		for _, lookup := range []func(string) (codes.Code, bool){codes.Lookup, cat.Lookup} {
			if n := testing.AllocsPerRun(100, func() { lookup(in) }); n != 0 {
				t.Errorf("Lookup(%q) allocates %v times per call", in, n)
			}
		}
	}
	if n := testing.AllocsPerRun(100, func() { codes.Normalize(" 105110 ") }); n != 0 {
		t.Errorf("Normalize of a six-digit code allocates %v times per call", n)
	}
}

// sink keeps the benchmark's results alive.
var sink codes.Code

func BenchmarkLookup(b *testing.B) {
	all := codes.All()
	cases := []struct {
		name   string
		values []string
	}{
		{"every_code", values(all)},
		{"number", []string{"0", "100001", "1000"}},
		{"unknown", []string{"999999", "bad", ""}},
	}
	for _, cc := range cases {
		b.Run(cc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				sink, _ = codes.Lookup(cc.values[i%len(cc.values)])
				i++
			}
		})
	}
}

// values returns the Value of each code.
func values(cs []codes.Code) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Value
	}
	return out
}
