package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/metrics"
)

func TestTableShowsRecipientFailuresApart(t *testing.T) {
	m := metrics.New()
	reg := prometheus.NewRegistry()
	reg.MustRegister(m)
	observe := func(op string, code string, recipients ...string) {
		o := &observation.Observation{Side: observation.Client, Operation: op, StatusCode: 200}
		o.SetCode(codes.Default(), []byte(code), true)
		if recipients != nil {
			o.Recipients = new(observation.Recipients)
			for _, c := range recipients {
				o.Recipients.Add(codes.Default(), []byte(c), true, 1)
			}
		}
		m.Observe(context.Background(), o)
	}
	observe("send_sms_batch", "000000", "000000", "105107", "105107", "100006")
	observe("send_sms_batch", "000000", "000000", "000000")
	observe("send_sms", "105110")
	observe("send_sms", "000000")

	tl, err := readTally(reg)
	if err != nil {
		t.Fatal(err)
	}
	if tl.calls != 4 || tl.failures != 1 || tl.recipients != 6 || tl.recipientFailures != 3 {
		t.Fatalf("tally %+v", tl)
	}
	var out bytes.Buffer
	writeTable(&out, 2*time.Second, tl)
	text := out.String()
	calls, recipients := strings.Index(text, "4 calls, 1 failed (25.0%)"), strings.Index(text, "Batch sends: 6 recipients, 3 failed (50.0%)")
	if calls < 0 || recipients < calls {
		t.Fatalf("the calls, then the recipients, are not summed up:\n%s", text)
	}
	callPart, recipientPart := text[calls:recipients], text[recipients:]
	if !strings.Contains(callPart, "105110") || strings.Contains(callPart, "105107") {
		t.Errorf("the call table holds the wrong codes:\n%s", callPart)
	}
	for _, want := range []string{"105107  2      content", "100006  1      validation", "Blacklisted", "黑名单", "Who must act", "content", "validation", "not_found"} {
		if !strings.Contains(recipientPart, want) {
			t.Errorf("the recipient part lacks %q:\n%s", want, recipientPart)
		}
	}
	if strings.Contains(recipientPart[:strings.Index(recipientPart, "Who must act")], "105110") {
		t.Errorf("a call failure in the recipient table:\n%s", recipientPart)
	}
}

func TestTableWithoutFailures(t *testing.T) {
	var out bytes.Buffer
	writeTable(&out, time.Second, tally{calls: 3})
	if text := out.String(); !strings.Contains(text, "No call failed.") || strings.Contains(text, "Batch sends") || strings.Contains(text, "Who must act") {
		t.Errorf("table:\n%s", text)
	}
}
