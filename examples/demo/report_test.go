package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/middleware"
	"github.com/ucpobs/ucpobs/operation"
)

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestTableShowsRecipientFailuresApart(t *testing.T) {
	m := metrics.New()
	reg := prometheus.NewRegistry()
	reg.MustRegister(m)
	// Each call gets the reply in its X-Reply header, through the middleware that counts it in m.
	client := &http.Client{Transport: middleware.NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		body := r.Header.Get("X-Reply")
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
	}), middleware.WithMetrics(m))}
	observe := func(op string, code string, recipients ...string) {
		path, reply := "/ol/sms/sendsms", `{"code":"`+code+`","msg":"x"}`
		if op == operation.SendSMSBatch {
			var report []string
			for _, c := range recipients {
				report = append(report, `{"count":1,"code":"`+c+`","msg":"x","smsid":"1","mobile":"138****0000"}`)
			}
			path, reply = "/ol/sms/sendsms_batch", `{"count_sum":1,"report":[`+strings.Join(report, ",")+`],"code":"`+code+`","msg":"x"}`
		}
		req, _ := http.NewRequest("POST", "https://open.ucpaas.com"+path, strings.NewReader("{}"))
		req.Header.Set("X-Reply", reply)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
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
