package catalogfile

import (
	"slices"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

// tsv joins lines with newlines and turns '¦' into tabs, so tests stay readable.
func tsv(lines ...string) string {
	return strings.ReplaceAll(strings.Join(lines, "\n"), "¦", "\t")
}

const header = "code¦messages¦english¦category¦domain¦retryable¦source¦also"

func TestParse(t *testing.T) {
	in := tsv(
		"# comment",
		"",
		header,
		"# the later text is primary",
		"103126¦旧 | 新¦New text¦application¦client¦false¦table¦-",
		"105132¦100位¦At most 100¦validation¦sms¦false¦table¦php_sdk: 10位",
		"104131¦漫游¦Roaming¦client¦voice¦false¦php_sdk¦-",
		"000000¦ok¦OK¦ok¦common¦false¦table¦-",
		"100699¦系统内部错误¦Internal system error¦platform¦common¦true¦table¦-\r",
	)
	got, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []codes.Code{
		{Value: "000000", Message: "ok", Messages: []string{"ok"}, English: "OK", Category: codes.CategoryOK, Domain: codes.DomainCommon},
		{Value: "100699", Message: "系统内部错误", Messages: []string{"系统内部错误"}, English: "Internal system error", Category: codes.CategoryPlatform, Domain: codes.DomainCommon, Retryable: true},
		{Value: "103126", Message: "新", Messages: []string{"旧", "新"}, English: "New text", Category: codes.CategoryApplication, Domain: codes.DomainClient},
		{Value: "104131", Message: "漫游", Messages: []string{"漫游"}, English: "Roaming", Category: codes.CategoryClient, Domain: codes.DomainVoice, Source: codes.SourcePHPSDK},
		{Value: "105132", Message: "100位", Messages: []string{"100位", "10位"}, English: "At most 100", Category: codes.CategoryValidation, Domain: codes.DomainSMS},
	}
	for i := range want {
		if want[i].Source == "" {
			want[i].Source = codes.SourceTable
		}
	}
	if !slices.EqualFunc(got, want, equalCode) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", got, want)
	}
}

// equalCode compares two codes field by field.
func equalCode(a, b codes.Code) bool {
	return a.Value == b.Value && a.Message == b.Message && slices.Equal(a.Messages, b.Messages) &&
		a.English == b.English && a.Category == b.Category && a.Domain == b.Domain && a.Retryable == b.Retryable &&
		a.Source == b.Source
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", "no header"},
		{"wrong header", tsv("code¦message"), "header is"},
		{"few fields", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common"), "line 2: 5 fields"},
		{"short code", tsv(header, "0¦ok¦OK¦ok¦common¦false¦table¦-"), "not six digits"},
		{"spaced code", tsv(header, " 00000¦ok¦OK¦ok¦common¦false¦table¦-"), "not six digits"},
		{"empty message", tsv(header, "100001¦¦Insufficient balance¦balance¦common¦false¦table¦-"), "message 1 is empty"},
		{"empty alternative", tsv(header, "100001¦余额不足 | ¦Insufficient balance¦balance¦common¦false¦table¦-"), "message 2 is empty"},
		{"repeated message", tsv(header, "100001¦余额不足 | 余额不足¦Insufficient balance¦balance¦common¦false¦table¦-"), "given twice"},
		{"empty english", tsv(header, "100001¦余额不足¦ ¦balance¦common¦false¦table¦-"), "english is empty"},
		{"bad category", tsv(header, "100001¦余额不足¦Insufficient balance¦money¦common¦false¦table¦-"), `category "money"`},
		{"unknown category", tsv(header, "100001¦余额不足¦Insufficient balance¦unknown¦common¦false¦table¦-"), `category "unknown"`},
		{"transport category", tsv(header, "100001¦余额不足¦Insufficient balance¦transport¦common¦false¦table¦-"), `category "transport"`},
		{"wrong domain", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦sms¦false¦table¦-"), `domain "sms", want "common"`},
		{"bad retryable", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common¦yes¦table¦-"), `retryable "yes"`},
		{"no source", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common¦false¦¦-"), `source ""`},
		{"unknown source", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common¦false¦blog¦-"), `source "blog"`},
		{"also without source", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common¦false¦table¦余额"), `is not "source: text"`},
		{"also empty text", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common¦false¦table¦php_sdk: "), `is not "source: text"`},
		{"also from the same source", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common¦false¦table¦table: 余额"), "not another source"},
		{"also from an unknown source", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common¦false¦table¦blog: 余额"), "not another source"},
		{"also repeats a message", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common¦false¦table¦php_sdk: 余额不足"), "given twice"},
		{"duplicate", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common¦false¦table¦-", "100001¦余额¦Balance¦balance¦common¦false¦table¦-"), "line 3: code 100001 already given on line 2"},
	}
	for _, tt := range tests {
		got, err := Parse(strings.NewReader(tt.in))
		if err == nil || got != nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Parse = %v, %v; want an error containing %q", tt.name, got, err, tt.want)
		}
	}
}

func TestParseReportsEveryBadLine(t *testing.T) {
	_, err := Parse(strings.NewReader(tsv(header, "1¦a¦A¦ok¦common¦false¦table¦-", "2¦b¦B¦ok¦common¦false¦table¦-")))
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("Parse error = %v, want lines 2 and 3", err)
	}
}
