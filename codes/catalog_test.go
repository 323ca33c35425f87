package codes_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/ucpobs/ucpobs/codes"
)

func TestEveryCodeHasACodeCategory(t *testing.T) {
	allowed := []codes.Category{
		codes.CategoryOK, codes.CategoryBalance, codes.CategoryAuth, codes.CategoryAccount,
		codes.CategoryApplication, codes.CategoryClient, codes.CategoryValidation, codes.CategoryNotFound,
		codes.CategoryContent, codes.CategoryRateLimit, codes.CategoryPlatform,
	}
	count := map[codes.Category]int{}
	for _, c := range codes.All() {
		if !slices.Contains(allowed, c.Category) {
			t.Errorf("%s: category %q is not one of %v", c.Value, c.Category, allowed)
		}
		count[c.Category]++
	}
	for _, cat := range allowed {
		if count[cat] == 0 {
			t.Errorf("no code has category %q", cat)
		}
	}
}

func TestCategoriesOfTheIssue(t *testing.T) {
	want := map[codes.Category][]string{
		codes.CategoryOK:          {"000000"},
		codes.CategoryBalance:     {"100001", "100016", "100017", "100019", "103125", "105105"},
		codes.CategoryAuth:        {"100005", "101100", "101101", "101102", "101103", "101104", "101105", "101106", "101107", "101113", "101114", "101115", "101116", "101117"},
		codes.CategoryAccount:     {"101108", "101109", "101110", "101111", "101112"},
		codes.CategoryPlatform:    {"100500", "100699", "105100", "105103", "105109", "102113", "105125"},
		codes.CategoryRateLimit:   {"104113", "105116", "105122", "105130", "105131"},
		codes.CategoryContent:     {"100009", "104114", "105107", "105108", "105111", "105121"},
		codes.CategoryNotFound:    {"100007", "105110", "104127"},
		codes.CategoryValidation:  {"100006", "105113", "105114"},
		codes.CategoryClient:      {"103107", "103108", "103113"},
		codes.CategoryApplication: {"102102", "102103", "102106"},
	}
	for cat, values := range want {
		for _, v := range values {
			c, ok := codes.Lookup(v)
			if !ok || c.Category != cat {
				t.Errorf("Lookup(%s) category = %q (found %v), want %q", v, c.Category, ok, cat)
			}
		}
	}
}

func TestBalanceAndRateLimitSetsAreExact(t *testing.T) {
	tests := []struct {
		category codes.Category
		want     []string
	}{
		{codes.CategoryBalance, []string{"100001", "100016", "100017", "100019", "103125", "105105"}},
		{codes.CategoryRateLimit, []string{"104113", "105116", "105122", "105130", "105131"}},
		{codes.CategoryOK, []string{"000000"}},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range codes.All() {
			if c.Category == tt.category {
				got = append(got, c.Value)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("codes of %q = %v, want %v", tt.category, got, tt.want)
		}
	}
}

func TestRetryableOnlyForPlatformAndRateLimit(t *testing.T) {
	for _, c := range codes.All() {
		want := c.Category == codes.CategoryPlatform || c.Category == codes.CategoryRateLimit
		if c.Retryable != want {
			t.Errorf("%s (%s): Retryable = %v, want %v", c.Value, c.Category, c.Retryable, want)
		}
	}
}

func TestDomains(t *testing.T) {
	prefix := map[string]codes.Domain{
		"000": codes.DomainCommon, "100": codes.DomainCommon, "101": codes.DomainAccount,
		"102": codes.DomainApplication, "103": codes.DomainClient, "104": codes.DomainVoice,
		"105": codes.DomainSMS,
	}
	for _, c := range codes.All() {
		if want := prefix[c.Value[:3]]; c.Domain != want {
			t.Errorf("%s: Domain = %q, want %q", c.Value, c.Domain, want)
		}
	}
}

func TestTextsArePresent(t *testing.T) {
	for _, c := range codes.All() {
		if c.Message == "" || !slices.Contains(c.Messages, c.Message) {
			t.Errorf("%s: Message %q not among Messages %q", c.Value, c.Message, c.Messages)
		}
		if c.English == "" || strings.ContainsAny(c.English, "\n\t") {
			t.Errorf("%s: English %q is not one non-empty line", c.Value, c.English)
		}
		// Sentence case: a capital first letter, unless the sentence starts with a parameter name
		// that the Chinese text spells the same way (callId, client_number, charge …).
		first := strings.Fields(c.English)[0]
		if !unicode.IsUpper([]rune(first)[0]) && !strings.Contains(c.Message, first) {
			t.Errorf("%s: English %q does not start with a capital or a parameter name", c.Value, c.English)
		}
		if strings.HasSuffix(c.English, ".") {
			t.Errorf("%s: English %q ends with a full stop", c.Value, c.English)
		}
	}
}

func TestAllIsSortedAndACopy(t *testing.T) {
	all := codes.All()
	if !slices.IsSortedFunc(all, func(a, b codes.Code) int { return strings.Compare(a.Value, b.Value) }) {
		t.Error("All is not in code order")
	}
	if all[0].Value != "000000" || all[len(all)-1].Value != "105139" {
		t.Errorf("All runs from %s to %s, want 000000 to 105139", all[0].Value, all[len(all)-1].Value)
	}
	all[0] = codes.Code{Value: "999999"}
	if got := codes.All()[0].Value; got != "000000" {
		t.Errorf("changing All's result changed the catalog: first code %s", got)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for not found
	}{
		{"100001", "100001"},
		{" 100001\n", "100001"},
		{"0", "000000"},
		{"000000", "000000"},
		{"\t0 ", "000000"},
		{"105139", "105139"},
		{"1000", ""},   // 001000 is not a code
		{"999999", ""}, // six digits, not in the table
		{"", ""},
		{"   ", ""},
		{"1000011", ""},
		{"10000a", ""},
		{"-1", ""},
		{"+100001", ""},
		{"1e5", ""},
		{"１００００１", ""}, // full-width digits
	}
	for _, tt := range tests {
		c, ok := codes.Lookup(tt.in)
		if ok != (tt.want != "") || c.Value != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.in, c.Value, ok, tt.want)
		}
	}
}

func TestNilCatalog(t *testing.T) {
	var c *codes.Catalog
	if _, ok := c.Lookup("100001"); ok {
		t.Error("nil catalog found a code")
	}
	if c.Len() != 0 || c.All() != nil {
		t.Errorf("nil catalog: Len %d, All %v", c.Len(), c.All())
	}
}

func TestLookupIsSafeForConcurrentUse(t *testing.T) {
	cat, err := codes.NewCatalog(codes.Code{Value: "300001", Message: "账号不存在", Category: codes.CategoryAccount})
	if err != nil {
		t.Fatal(err)
	}
	all := cat.All()
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for _, c := range all {
				if got, ok := cat.Lookup(c.Value); !ok || got.Value != c.Value {
					errs <- c.Value
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for v := range errs {
		t.Errorf("concurrent Lookup(%s) failed", v)
	}
}
