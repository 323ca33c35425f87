package codes_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

func TestNewCatalogAddsAndOverrides(t *testing.T) {
	extra := []codes.Code{
		{Value: "105147", Message: "短信签名不存在", English: "SMS signature does not exist", Category: codes.CategoryNotFound},
		{Value: "300001", Messages: []string{"旧文本", "账号被禁用"}, Category: codes.CategoryAccount, Domain: codes.DomainSMS},
		{Value: "105110", Message: "模板不存在", Category: codes.CategoryValidation},
	}
	cat, err := codes.NewCatalog(extra...)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cat.Len(), codes.Default().Len()+2; got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
	tests := []struct {
		value    string
		message  string
		messages []string
		category codes.Category
		domain   codes.Domain
	}{
		{"105147", "短信签名不存在", []string{"短信签名不存在"}, codes.CategoryNotFound, codes.DomainSMS},
		{"300001", "账号被禁用", []string{"旧文本", "账号被禁用"}, codes.CategoryAccount, codes.DomainSMS},
		{"105110", "模板不存在", []string{"模板不存在"}, codes.CategoryValidation, codes.DomainSMS},
		{"100001", "余额不足", []string{"余额不足"}, codes.CategoryBalance, codes.DomainCommon},
	}
	for _, tt := range tests {
		c, ok := cat.Lookup(tt.value)
		if !ok || c.Message != tt.message || !slices.Equal(c.Messages, tt.messages) ||
			c.Category != tt.category || c.Domain != tt.domain {
			t.Errorf("Lookup(%s) = %+v, %v; want %q %q %q %q", tt.value, c, ok, tt.message, tt.messages, tt.category, tt.domain)
		}
	}
	if c, _ := codes.Lookup("105110"); c.Category != codes.CategoryNotFound {
		t.Errorf("NewCatalog changed the default catalog: 105110 is %q", c.Category)
	}
	all := cat.All()
	if !slices.IsSortedFunc(all, func(a, b codes.Code) int { return strings.Compare(a.Value, b.Value) }) ||
		all[len(all)-1].Value != "300001" {
		t.Errorf("All of a new catalog is not in code order (last %s)", all[len(all)-1].Value)
	}
}

func TestNewCatalogFillsDomainOther(t *testing.T) {
	cat, err := codes.NewCatalog(codes.Code{Value: "300002", Message: "x", Category: codes.CategoryPlatform, Retryable: true})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := cat.Lookup("300002"); c.Domain != codes.DomainOther || !c.Retryable {
		t.Errorf("300002: Domain %q Retryable %v, want other true", c.Domain, c.Retryable)
	}
}

func TestNewCatalogCopiesMessages(t *testing.T) {
	msgs := []string{"甲"}
	cat, err := codes.NewCatalog(codes.Code{Value: "300003", Messages: msgs, Category: codes.CategoryContent})
	if err != nil {
		t.Fatal(err)
	}
	msgs[0] = "乙"
	if c, _ := cat.Lookup("300003"); c.Message != "甲" || c.Messages[0] != "甲" {
		t.Errorf("catalog shares the caller's slice: %q %q", c.Message, c.Messages)
	}
}

func TestNewCatalogRejects(t *testing.T) {
	ok := codes.Code{Value: "300001", Message: "m", Category: codes.CategoryAccount}
	tests := []struct {
		name  string
		extra []codes.Code
		want  string
	}{
		{"five digits", []codes.Code{{Value: "10514", Category: codes.CategoryAccount}}, "six digits"},
		{"seven digits", []codes.Code{{Value: "1051470", Category: codes.CategoryAccount}}, "six digits"},
		{"short number", []codes.Code{{Value: "0", Category: codes.CategoryOK}}, "six digits"},
		{"letters", []codes.Code{{Value: "10514a", Category: codes.CategoryAccount}}, "six digits"},
		{"spaces", []codes.Code{{Value: " 105147", Category: codes.CategoryAccount}}, "six digits"},
		{"empty category", []codes.Code{{Value: "105147"}}, "category"},
		{"bogus category", []codes.Code{{Value: "105147", Category: "oops"}}, "category"},
		{"unknown", []codes.Code{{Value: "105147", Category: codes.CategoryUnknown}}, "category"},
		{"unparsed", []codes.Code{{Value: "105147", Category: codes.CategoryUnparsed}}, "category"},
		{"transport", []codes.Code{{Value: "105147", Category: codes.CategoryTransport}}, "category"},
		{"bad domain", []codes.Code{{Value: "105147", Category: codes.CategoryAccount, Domain: "mars"}}, "domain"},
		{"bad source", []codes.Code{{Value: "105147", Category: codes.CategoryAccount, Source: "blog"}}, "source \"blog\""},
		{"duplicate", []codes.Code{ok, ok}, "more than once"},
	}
	for _, tt := range tests {
		cat, err := codes.NewCatalog(tt.extra...)
		if err == nil || cat != nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: NewCatalog = %v, %v; want an error containing %q", tt.name, cat, err, tt.want)
		}
	}
}

func TestNewCatalogReportsEveryProblem(t *testing.T) {
	_, err := codes.NewCatalog(codes.Code{Value: "1"}, codes.Code{Value: "300001", Category: "x"})
	if err == nil || !strings.Contains(err.Error(), "#0") || !strings.Contains(err.Error(), "#1") {
		t.Errorf("NewCatalog error = %v, want both extras reported", err)
	}
}

func TestNewCatalogWithoutExtrasEqualsDefault(t *testing.T) {
	cat, err := codes.NewCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if cat == codes.Default() || !slices.EqualFunc(cat.All(), codes.All(), func(a, b codes.Code) bool {
		return a.Value == b.Value && a.Category == b.Category && a.Message == b.Message
	}) {
		t.Error("NewCatalog() is not a separate copy of the default catalog")
	}
}
