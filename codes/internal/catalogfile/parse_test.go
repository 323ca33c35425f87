package catalogfile

import (
	"slices"
	"strings"
	"testing"
)

// tsv joins lines with newlines and turns '¦' into tabs, so tests stay readable.
func tsv(lines ...string) string {
	return strings.ReplaceAll(strings.Join(lines, "\n"), "¦", "\t")
}

const header = "code¦messages¦english¦category¦retryable¦source¦also"

func TestParse(t *testing.T) {
	in := tsv(
		"# comment",
		"",
		header,
		"# the later text is primary",
		"103126¦旧 | 新¦New text¦application¦false¦table¦-",
		"105132¦100位¦At most 100¦validation¦false¦table¦php_sdk: 10位",
		"104131¦漫游¦Roaming¦client¦false¦php_sdk¦-",
		"000000¦ok¦OK¦ok¦false¦table¦-",
		"100699¦系统内部错误¦Internal system error¦platform¦true¦table¦-\r",
	)
	got, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Value: "000000", Messages: []string{"ok"}, English: "OK", Category: "ok", Source: "table"},
		{Value: "100699", Messages: []string{"系统内部错误"}, English: "Internal system error", Category: "platform", Retryable: true, Source: "table"},
		{Value: "103126", Messages: []string{"旧", "新"}, English: "New text", Category: "application", Source: "table"},
		{Value: "104131", Messages: []string{"漫游"}, English: "Roaming", Category: "client", Source: "php_sdk"},
		{Value: "105132", Messages: []string{"100位"}, Also: []string{"10位"}, English: "At most 100", Category: "validation", Source: "table"},
	}
	if !slices.EqualFunc(got, want, equalRow) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", got, want)
	}
}

// equalRow compares two rows field by field.
func equalRow(a, b Row) bool {
	return a.Value == b.Value && slices.Equal(a.Messages, b.Messages) && slices.Equal(a.Also, b.Also) &&
		a.English == b.English && a.Category == b.Category && a.Retryable == b.Retryable && a.Source == b.Source
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", "no header"},
		{"wrong header", tsv("code¦message"), "header is"},
		{"few fields", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦false"), "line 2: 5 fields"},
		{"a domain column", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦common¦false¦table¦-"), "line 2: 8 fields"},
		{"short code", tsv(header, "0¦ok¦OK¦ok¦false¦table¦-"), "not six digits"},
		{"spaced code", tsv(header, " 00000¦ok¦OK¦ok¦false¦table¦-"), "not six digits"},
		{"empty message", tsv(header, "100001¦¦Insufficient balance¦balance¦false¦table¦-"), "message 1 is empty"},
		{"empty alternative", tsv(header, "100001¦余额不足 | ¦Insufficient balance¦balance¦false¦table¦-"), "message 2 is empty"},
		{"repeated message", tsv(header, "100001¦余额不足 | 余额不足¦Insufficient balance¦balance¦false¦table¦-"), "given twice"},
		{"empty english", tsv(header, "100001¦余额不足¦ ¦balance¦false¦table¦-"), "english is empty"},
		{"bad category", tsv(header, "100001¦余额不足¦Insufficient balance¦money¦false¦table¦-"), `category "money"`},
		{"unknown category", tsv(header, "100001¦余额不足¦Insufficient balance¦unknown¦false¦table¦-"), `category "unknown"`},
		{"transport category", tsv(header, "100001¦余额不足¦Insufficient balance¦transport¦false¦table¦-"), `category "transport"`},
		{"bad retryable", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦yes¦table¦-"), `retryable "yes"`},
		{"no source", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦false¦¦-"), `source ""`},
		{"unknown source", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦false¦blog¦-"), `source "blog"`},
		{"also without source", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦false¦table¦余额"), `is not "source: text"`},
		{"also empty text", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦false¦table¦php_sdk: "), `is not "source: text"`},
		{"also from the same source", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦false¦table¦table: 余额"), "not another source"},
		{"also from an unknown source", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦false¦table¦blog: 余额"), "not another source"},
		{"also repeats a message", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦false¦table¦php_sdk: 余额不足"), "given twice"},
		{"duplicate", tsv(header, "100001¦余额不足¦Insufficient balance¦balance¦false¦table¦-", "100001¦余额¦Balance¦balance¦false¦table¦-"), "line 3: code 100001 already given on line 2"},
	}
	for _, tt := range tests {
		got, err := Parse(strings.NewReader(tt.in))
		if err == nil || got != nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Parse = %v, %v; want an error containing %q", tt.name, got, err, tt.want)
		}
	}
}

func TestParseReportsEveryBadLine(t *testing.T) {
	_, err := Parse(strings.NewReader(tsv(header, "1¦a¦A¦ok¦false¦table¦-", "2¦b¦B¦ok¦false¦table¦-")))
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("Parse error = %v, want lines 2 and 3", err)
	}
}
