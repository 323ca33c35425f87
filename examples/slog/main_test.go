package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/ucpaastest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestEveryCallWrittenToSlog: one JSON line per call, with the code, its meaning and category,
// the recipients of the batch and the balance; nothing secret or personal.
func TestEveryCallWrittenToSlog(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4 (one per call):\n%s", len(lines), text)
	}
	type entry struct {
		Level, Msg, Side, Operation, Code, Category, Meaning, URL, Account string
		Retryable                                                          bool
		Status                                                             int
		Duration                                                           int64
		Balance                                                            *float64
		Recipients                                                         *struct {
			Seen, Failed int
			FailingCodes []string `json:"failing_codes"`
		}
	}
	var got []entry
	for _, l := range lines {
		var e entry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if e.Msg != "ucpaas call" || e.Side != "client" || e.Status != 200 || e.Duration <= 0 {
			t.Errorf("line %q: want msg, side client, status 200 and a duration", l)
		}
		got = append(got, e)
	}
	want := []struct{ level, operation, code, category, meaning string }{
		{"INFO", "template_sms", "000000", "ok", "OK"},
		{"WARN", "template_sms", "105110", "not_found", "SMS template ID does not exist"},
		{"WARN", "send_sms_batch", "000000", "ok", "OK"},
		{"INFO", "account_info", "000000", "ok", "OK"},
	}
	for i, w := range want {
		g := got[i]
		if g.Level != w.level || g.Operation != w.operation || g.Code != w.code || g.Category != w.category || g.Meaning != w.meaning || g.Retryable {
			t.Errorf("line %d = %+v, want %+v", i, g, w)
		}
	}
	if r := got[2].Recipients; r == nil || r.Seen != 2 || r.Failed != 1 || strings.Join(r.FailingCodes, ",") != "100006" {
		t.Errorf("batch recipients %+v, want 2 seen, 1 failed with 100006", r)
	}
	if b := got[3].Balance; b == nil || *b <= 0 || got[3].Account != "0000****face" {
		t.Errorf("account info balance %v account %q", b, got[3].Account)
	}
	if !strings.Contains(got[0].URL, "/2014-06-30/Accounts/0000****face/Messages/templateSMS?sig=REDACTED") {
		t.Errorf("url %q, want the redacted URL", got[0].URL)
	}
	for _, secret := range []string{"13912345678", "246810", ucpaastest.DefaultSID, ucpaastest.DefaultAccount().Token} {
		if strings.Contains(text, secret) {
			t.Errorf("output holds %q", secret)
		}
	}
	if sig := regexp.MustCompile(`sig=[0-9A-Fa-f]{32}`).FindString(text); sig != "" {
		t.Errorf("output holds the signature %s", sig)
	}
}
