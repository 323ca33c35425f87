package codes_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

func TestCategoryActions(t *testing.T) {
	seen := map[string]codes.Category{}
	for _, c := range codes.Categories() {
		a := c.Action()
		if a == "" || !strings.HasSuffix(a, ".") || strings.Contains(a, "\n") {
			t.Errorf("%q.Action() = %q, want one sentence", c, a)
		}
		if other, dup := seen[a]; dup {
			t.Errorf("%q and %q share the action %q", c, other, a)
		}
		seen[a] = c
	}
	if a := codes.Category("oops").Action(); a != "" {
		t.Errorf("Action of an invalid category = %q, want empty", a)
	}
}

func TestCategoriesAreValid(t *testing.T) {
	cs := codes.Categories()
	if len(cs) != 14 {
		t.Errorf("%d categories, want 14", len(cs))
	}
	for _, c := range cs {
		if !c.Valid() {
			t.Errorf("%q is not Valid", c)
		}
	}
	for _, c := range []codes.Category{"", "OK", "rate-limit", "other"} {
		if c.Valid() {
			t.Errorf("%q is Valid", c)
		}
	}
}

func TestDomainOfAndValid(t *testing.T) {
	tests := []struct {
		value string
		want  codes.Domain
	}{
		{"000000", codes.DomainCommon},
		{"100699", codes.DomainCommon},
		{"101106", codes.DomainAccount},
		{"102102", codes.DomainApplication},
		{"103126", codes.DomainClient},
		{"104113", codes.DomainVoice},
		{"105147", codes.DomainSMS},
		{"300001", codes.DomainOther},
		{"10", codes.DomainOther},
		{"", codes.DomainOther},
	}
	for _, tt := range tests {
		if got := codes.DomainOf(tt.value); got != tt.want {
			t.Errorf("DomainOf(%q) = %q, want %q", tt.value, got, tt.want)
		}
	}
	ds := codes.Domains()
	if len(ds) != 7 || slices.ContainsFunc(ds, func(d codes.Domain) bool { return !d.Valid() }) {
		t.Errorf("Domains() = %v, want 7 valid domains", ds)
	}
	if codes.Domain("mars").Valid() || codes.Domain("").Valid() {
		t.Error("an invalid domain is Valid")
	}
}
