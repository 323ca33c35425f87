package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/ucpaastest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	wants := []*regexp.Regexp{
		// Both replies are HTTP 200; only the bodies differ.
		regexp.MustCompile(`template 10001: HTTP 200, body \{"resp":\{"respCode":"000000",`),
		regexp.MustCompile(`template 99999: HTTP 200, body \{"resp":\{"respCode":"105110"\}\}`),
		// One log line per call, the failure at Warn with the code's meaning.
		regexp.MustCompile(`DEBUG\tucpaas call\t\{"ucpaas.operation": "template_sms", "ucpaas.code": "000000", "ucpaas.category": "ok"`),
		regexp.MustCompile(`WARN\tucpaas call\t\{"ucpaas.operation": "template_sms", "ucpaas.code": "105110", "ucpaas.category": "not_found", "ucpaas.message": "短信模板ID不存在"`),
		// The counters.
		regexp.MustCompile(`(?m)^ucpaas_client_requests_total\{operation="template_sms"\} 2$`),
		regexp.MustCompile(`(?m)^ucpaas_client_failures_total\{category="not_found",code="105110",operation="template_sms"\} 1$`),
	}
	for _, re := range wants {
		if !re.MatchString(got) {
			t.Errorf("output does not match %s:\n%s", re, got)
		}
	}
	if n := strings.Count(got, "ucpaas call"); n != 2 {
		t.Errorf("%d log lines, want 2", n)
	}
	for _, secret := range []string{"13912345678", "246810", ucpaastest.DefaultSID} {
		if strings.Contains(got, secret) {
			t.Errorf("output holds %q", secret)
		}
	}
	if sig := regexp.MustCompile(`sig=[0-9A-F]{32}`).FindString(got); sig != "" {
		t.Errorf("output holds the signature %s", sig)
	}
}
