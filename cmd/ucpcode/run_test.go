package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
)

// runCLI runs the program in-process and returns its status, stdout and stderr.
func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	status := run(args, &out, &errOut)
	return status, out.String(), errOut.String()
}

func TestExplain(t *testing.T) {
	status, out, errOut := runCLI("100001", "101106")
	if status != 0 || errOut != "" {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
	want := "100001  余额不足\n" +
		"  english     Insufficient balance\n" +
		"  category    balance\n" +
		"  domain      common\n" +
		"  retryable   no\n" +
		"  what to do  " + codes.CategoryBalance.Action() + "\n" +
		"\n" +
		"101106  请求包头Authorization参数解码后时间戳过期\n" +
		"  english     Timestamp in the decoded Authorization header has expired\n" +
		"  category    auth\n" +
		"  domain      account\n" +
		"  retryable   no\n" +
		"  what to do  " + codes.CategoryAuth.Action() + "\n"
	if out != want { // codes of the table show no source line
		t.Errorf("stdout =\n%s\nwant\n%s", out, want)
	}
}

func TestExplainDetails(t *testing.T) {
	tests := []struct {
		arg  string
		want []string
	}{
		{"0", []string{"000000  ok\n", "category    ok\n"}},
		{" 105100 ", []string{"105100  短信服务请求异常\n", "retryable   yes\n", "category    platform\n"}},
		{"103126", []string{"103126  未上线应用或demo只能使用白名单中号码\n", "also        未上线应用或demo只能使用应用测试号码\n"}},
		{"104131", []string{"104131  开通国际漫游禁止回拨呼叫\n", "category    client\n",
			"  source      php_sdk (" + codes.SourcePHPSDK.Description() + ")\n"}},
		{"105132", []string{"105132  验证码短信参数长度不能超过100位\n", "also        验证码短信参数长度不能超过10位\n"}},
	}
	for _, tt := range tests {
		status, out, errOut := runCLI(tt.arg)
		if status != 0 || errOut != "" {
			t.Errorf("%q: status %d, stderr %q", tt.arg, status, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q: stdout lacks %q:\n%s", tt.arg, w, out)
			}
		}
	}
}

func TestExplainSpecialLabels(t *testing.T) {
	status, out, errOut := runCLI("other", " none ", "transport")
	if status != 0 || errOut != "" {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
	want := "other  目录中没有的返回码\n" +
		"  english     a code the catalog lacks\n" +
		"  category    unknown\n" +
		"  what to do  " + codes.CategoryUnknown.Action() + "\n" +
		"  note        a code label value, not a platform return code\n" +
		"\n" +
		"none  回复中没有返回码\n" +
		"  english     the reply carried no return code\n" +
		"  category    unparsed\n" +
		"  what to do  " + codes.CategoryUnparsed.Action() + "\n" +
		"  note        a code label value, not a platform return code\n" +
		"\n" +
		"transport  没有回复\n" +
		"  english     no reply: network error, timeout or cancelled call\n" +
		"  category    transport\n" +
		"  what to do  " + codes.CategoryTransport.Action() + "\n" +
		"  note        a code label value, not a platform return code\n"
	if out != want {
		t.Errorf("stdout =\n%s\nwant\n%s", out, want)
	}
	if status, _, errOut := runCLI("Other"); status != 1 || !strings.Contains(errOut, `"Other" is not a return code`) {
		t.Errorf("Other: status %d, stderr %q; labels are lower case", status, errOut)
	}
}

func TestExplainUnknown(t *testing.T) {
	tests := []struct {
		args    []string
		stdout  string // a line stdout must hold, "" for none
		stderrs []string
	}{
		{[]string{"105147"}, "", []string{"105147 is not in the platform's code table"}},
		{[]string{"abc"}, "", []string{`"abc" is not a return code`}},
		{[]string{"1234567"}, "", []string{`"1234567" is not a return code`}},
		{[]string{"100001", "300001", "x"}, "100001  余额不足", []string{"300001 is not", `"x" is not`}},
	}
	for _, tt := range tests {
		status, out, errOut := runCLI(tt.args...)
		if status != 1 {
			t.Errorf("%q: status %d, want 1", tt.args, status)
		}
		if (tt.stdout == "") != (out == "") || !strings.Contains(out, tt.stdout) {
			t.Errorf("%q: stdout %q, want it to hold %q", tt.args, out, tt.stdout)
		}
		for _, w := range tt.stderrs {
			if !strings.Contains(errOut, w) {
				t.Errorf("%q: stderr %q lacks %q", tt.args, errOut, w)
			}
		}
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args   []string
		status int
		stderr string
	}{
		{nil, 2, ""},
		{[]string{"-x"}, 2, `unknown flag "-x"`},
		{[]string{"list", "-format", "yaml"}, 2, `unknown format "yaml"`},
		{[]string{"list", "-category", "money"}, 2, `unknown category "money"`},
		{[]string{"list", "-domain", "mars"}, 2, `unknown domain "mars"`},
		{[]string{"list", "-bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"list", "-category"}, 2, "flag needs an argument"},
		{[]string{"list", "extra"}, 2, "list takes no arguments"},
	}
	for _, tt := range tests {
		status, out, errOut := runCLI(tt.args...)
		if status != tt.status || out != "" || !strings.Contains(errOut, tt.stderr) || !strings.Contains(errOut, usage) {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want %d and usage with %q on stderr",
				tt.args, status, out, errOut, tt.status, tt.stderr)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"help"}, {"--help"}, {"list", "-h"}} {
		status, out, errOut := runCLI(args...)
		if status != 0 || out != usage || errOut != "" {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want usage on stdout", args, status, out, errOut)
		}
	}
}

// listJSON runs list with -format json and the given flags and decodes its output both as raw
// objects (to check the keys) and as codes.
func listJSON(t *testing.T, flags ...string) ([]map[string]json.RawMessage, []jsonCode) {
	t.Helper()
	status, out, errOut := runCLI(append([]string{"list", "-format", "json"}, flags...)...)
	if status != 0 || errOut != "" {
		t.Fatalf("list %q: status %d, stderr %q", flags, status, errOut)
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("list %q: %v", flags, err)
	}
	var typed []jsonCode
	if err := json.Unmarshal([]byte(out), &typed); err != nil {
		t.Fatalf("list %q: %v", flags, err)
	}
	return raw, typed
}

func TestListJSON(t *testing.T) {
	raw, typed := listJSON(t)
	if len(raw) != 166 {
		t.Fatalf("%d entries, want 166", len(raw))
	}
	wantKeys := []string{"category", "code", "domain", "english", "message", "messages", "retryable", "source"}
	for i, obj := range raw {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, wantKeys) {
			t.Fatalf("entry %d has keys %v, want %v", i, keys, wantKeys)
		}
	}
	for i, c := range codes.All() {
		got := typed[i]
		if got.Code != c.Value || got.Message != c.Message || !slices.Equal(got.Messages, c.Messages) ||
			got.English != c.English || got.Category != c.Category || got.Domain != c.Domain || got.Retryable != c.Retryable ||
			got.Source != c.Source {
			t.Errorf("entry %d = %+v, want %+v", i, got, c)
		}
		if !got.Category.Valid() {
			t.Errorf("entry %d: category %q is not valid", i, got.Category)
		}
	}
}

func TestListFilters(t *testing.T) {
	tests := []struct {
		flags []string
		want  []string
	}{
		{[]string{"-category", "balance"}, []string{"100001", "100016", "100017", "100019", "103125", "105105"}},
		{[]string{"-category", "balance", "-domain", "sms"}, []string{"105105"}},
		{[]string{"-domain", "sms", "-category", "rate_limit"}, []string{"105116", "105122", "105130", "105131"}},
		{[]string{"-category", "unknown"}, nil},
		{[]string{"-domain", "other"}, nil},
	}
	for _, tt := range tests {
		raw, typed := listJSON(t, tt.flags...)
		got := make([]string, 0, len(typed))
		for _, c := range typed {
			got = append(got, c.Code)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("list %q = %v, want %v", tt.flags, got, tt.want)
		}
		if raw == nil {
			t.Errorf("list %q printed null, want an array", tt.flags)
		}
	}
	_, voice := listJSON(t, "-domain", "voice")
	for _, c := range voice {
		if c.Domain != codes.DomainVoice || !strings.HasPrefix(c.Code, "104") {
			t.Errorf("-domain voice listed %s (%s)", c.Code, c.Domain)
		}
	}
	if len(voice) == 0 {
		t.Error("-domain voice listed nothing")
	}
}

func TestListTable(t *testing.T) {
	status, out, errOut := runCLI("list", "-category", "balance", "-domain", "client")
	if status != 0 || errOut != "" {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
	want := "CODE    CATEGORY  DOMAIN  RETRYABLE  ENGLISH                           MESSAGE\n" +
		"103125  balance   client  no         Insufficient sub-account balance  子账号余额不足\n"
	if out != want {
		t.Errorf("stdout =\n%q\nwant\n%q", out, want)
	}
	_, all, _ := runCLI("list")
	if n := strings.Count(all, "\n"); n != 167 {
		t.Errorf("list printed %d lines, want a header and 166 codes", n)
	}
}

func TestListMarkdown(t *testing.T) {
	status, out, errOut := runCLI("list", "-format", "markdown", "-category", "ok")
	want := "| code | category | domain | retryable | message | english |\n|---|---|---|---|---|---|\n" +
		"| 000000 | ok | common | no | ok | OK |\n"
	if status != 0 || errOut != "" || out != want {
		t.Errorf("status %d, stderr %q, stdout\n%s\nwant\n%s", status, errOut, out, want)
	}
	if got := mdCell("a|b"); got != `a\|b` {
		t.Errorf("mdCell(a|b) = %q", got)
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestListWriteFailure(t *testing.T) {
	for _, format := range []string{"table", "json", "markdown"} {
		var errOut bytes.Buffer
		status := run([]string{"list", "-format", format}, failingWriter{}, &errOut)
		if status != 1 || !strings.Contains(errOut.String(), "disk full") {
			t.Errorf("%s: status %d, stderr %q; want 1 and the write error", format, status, errOut.String())
		}
	}
}

func TestUsageNamesTheCatalogsValues(t *testing.T) {
	for _, want := range []string{
		"the code labels that are no code (other none transport)\n",
		"\n                ok balance auth account application client validation not_found content rate_limit platform\n",
		"only codes of domain D, one of: common account application client voice sms other\n",
	} {
		if !strings.Contains(usage, want) {
			t.Errorf("usage lacks %q:\n%s", want, usage)
		}
	}
}
