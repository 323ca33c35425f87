package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestOneEnrichedSpanPerCall(t *testing.T) {
	var out bytes.Buffer
	spans, err := run(t.Context(), &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 1 {
		t.Fatalf("%d spans, want exactly 1 (otelhttp's, enriched):\n%s", len(spans), out.String())
	}
	s := spans[0]
	if s.SpanKind() != trace.SpanKindClient {
		t.Errorf("kind %s, want client", s.SpanKind())
	}
	if s.Status().Code != codes.Error || s.Status().Description != "SMS template ID does not exist" {
		t.Errorf("status %v %q, want Error with the code's English meaning", s.Status().Code, s.Status().Description)
	}
	want := map[string]string{
		"ucpaas.operation":          "template_sms",
		"ucpaas.code":               "105110",
		"ucpaas.category":           "not_found",
		"ucpaas.domain":             "sms",
		"error.type":                "105110",
		"http.response.status_code": "200", // otelhttp's own attribute: what status-code monitoring sees
	}
	got := testkit.Attrs(s.Attributes())
	for k, v := range want {
		if got[k] != v {
			t.Errorf("attribute %s = %q, want %q", k, got[k], v)
		}
	}
	text := out.String()
	for _, line := range []string{"HTTP 200", "  ucpaas.code = 105110", "  ucpaas.category = not_found"} {
		if !strings.Contains(text, line) {
			t.Errorf("output lacks %q:\n%s", line, text)
		}
	}
	if u := got["url.full"]; !strings.Contains(u, "/2014-06-30/Accounts/0000****face/Messages/templateSMS") || strings.Contains(u, ucpaastest.DefaultSID) {
		t.Errorf("url.full = %q, want it redacted by ucpobs", u)
	}
	for _, secret := range []string{"13912345678", "246810", ucpaastest.DefaultSID} {
		if strings.Contains(text, secret) {
			t.Errorf("output holds %q", secret)
		}
	}
	if sig := regexp.MustCompile(`sig=[0-9A-Fa-f]{32}`).FindString(text); sig != "" {
		t.Errorf("output holds the signature %q", sig)
	}
}
