package codes_test

import (
	"fmt"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

func TestSpecialLabels(t *testing.T) {
	want := []struct {
		label    string
		category codes.Category
	}{
		{"other", codes.CategoryUnknown},
		{"none", codes.CategoryUnparsed},
		{"transport", codes.CategoryTransport},
	}
	got := codes.SpecialLabels()
	if len(got) != len(want) {
		t.Fatalf("SpecialLabels = %+v, want %d labels", got, len(want))
	}
	for i, w := range want {
		s := got[i]
		if s.Label != w.label || s.Category != w.category || s.Message == "" || s.English == "" {
			t.Errorf("SpecialLabels()[%d] = %+v, want label %q category %q with both texts", i, s, w.label, w.category)
		}
		if _, isCode := codes.Lookup(s.Label); isCode {
			t.Errorf("special label %q is a catalog code", s.Label)
		}
	}
	got[0].Label = "changed"
	if codes.SpecialLabels()[0].Label != codes.LabelOther {
		t.Error("SpecialLabels returns the package's own array")
	}
}

func ExampleSpecialLabels() {
	for _, s := range codes.SpecialLabels() {
		fmt.Printf("%s (%s): %s\n", s.Label, s.Category, s.English)
	}
	// Output:
	// other (unknown): a code the catalog lacks
	// none (unparsed): the reply carried no return code
	// transport (transport): no reply: network error, timeout or cancelled call
}
