package middleware

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap/zapcore"
)

// Literal replies in the platform's shapes (../shared/platform-api.md), with real-looking phone
// numbers and account SID that must never be emitted.
const (
	phoneOK      = "13800138000"
	phoneInvalid = "13912345678"
	phoneBlack   = "15811564298"
	rawSID       = "8a48b5514a9e4a0b014aa3f2d8a57d2f"
	maskedSID    = "8a48****7d2f"
)

// batchBody is a family B batch reply: the documented shape, the top-level code after the report.
func batchBody(top string, recipients ...[2]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"count_sum":"%d","create_date":"20261201101500","uid":"u-1","report":[`, len(recipients))
	for i, r := range recipients {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"count":"1","code":"%s","msg":"x","smsid":"id%d","mobile":"%s"}`, r[1], i, r[0])
	}
	fmt.Fprintf(&b, `],"code":"%s","msg":"OK"}`, top)
	return b.String()
}

var mixedBatch = batchBody("000000",
	[2]string{phoneOK, "000000"}, [2]string{phoneInvalid, "100006"},
	[2]string{phoneBlack, "105107"}, [2]string{phoneBlack, "105107"}, [2]string{phoneOK, "000000"})

func TestTransportRecipients(t *testing.T) {
	tests := []struct {
		name         string
		body         string
		maxPeek      int
		wantCategory string // the call's own category
		wantLevel    zapcore.Level
		wantSeen     int64
		wantFailed   int64
		wantCodes    []string
		wantTrunc    bool
		wantSeries   map[string]float64 // "recipients_total{category}" and "recipient_failures_total{code,category}" → value
	}{
		{
			name: "mixed batch", body: mixedBatch,
			wantCategory: "ok", wantLevel: zapcore.WarnLevel, wantSeen: 5, wantFailed: 3, wantCodes: []string{"100006", "105107"},
			wantSeries: map[string]float64{
				"recipients_total{ok}": 2, "recipients_total{validation}": 1, "recipients_total{content}": 2,
				"recipient_failures_total{100006,validation}": 1, "recipient_failures_total{105107,content}": 2,
			},
		},
		{
			name: "every recipient accepted", body: batchBody("000000", [2]string{phoneOK, "000000"}, [2]string{phoneBlack, "0"}),
			wantCategory: "ok", wantLevel: zapcore.DebugLevel, wantSeen: 2,
			wantSeries: map[string]float64{"recipients_total{ok}": 2},
		},
		{
			name: "top-level failure after the report keeps its level", body: batchBody("100001", [2]string{phoneOK, "105107"}),
			wantCategory: "balance", wantLevel: zapcore.ErrorLevel, wantSeen: 1, wantFailed: 1, wantCodes: []string{"105107"},
			wantSeries: map[string]float64{"recipients_total{content}": 1, "recipient_failures_total{105107,content}": 1},
		},
		{
			name: "failure without a report", body: `{"code":"105147","msg":"短信余额不足"}`,
			wantCategory: "unknown", wantLevel: zapcore.WarnLevel,
		},
		{
			// The cap cuts the report after three elements and before the top-level code.
			name: "cut by the peek cap", body: mixedBatch, maxPeek: strings.Index(mixedBatch, `{"count":"1","code":"105107","msg":"x","smsid":"id3"`),
			wantCategory: "unparsed", wantLevel: zapcore.WarnLevel, wantSeen: 3, wantFailed: 2, wantCodes: []string{"100006", "105107"}, wantTrunc: true,
			wantSeries: map[string]float64{
				"recipients_total{ok}": 1, "recipients_total{validation}": 1, "recipients_total{content}": 1,
				"recipient_failures_total{100006,validation}": 1, "recipient_failures_total{105107,content}": 1,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(reply("application/json", tt.body))
			defer srv.Close()
			k := newKit(t)
			client := &http.Client{Transport: NewTransport(nil, k.options(WithMaxPeekBytes(tt.maxPeek))...)}
			resp, err := client.Post(srv.URL+"/ol/sms/sendsms_batch", "application/json", strings.NewReader(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || string(got) != tt.body {
				t.Fatalf("body = %q, %v; want the reply byte for byte", got, err)
			}

			if n := k.value(t, "ucpaas_client_requests_total", "operation", "send_sms_batch"); n != 1 {
				t.Errorf("requests_total{send_sms_batch} = %v, want 1", n)
			}
			if got := failedCategories(t, k, "client"); !maps.Equal(got, failedCategory(tt.wantCategory)) {
				t.Errorf("failures by category %v, want %v", got, failedCategory(tt.wantCategory))
			}
			checkRecipientSeries(t, k, "client", tt.wantSeries)

			e := k.logs.All()[0]
			fields := e.ContextMap()
			if e.Level != tt.wantLevel {
				t.Errorf("level %v, want %v", e.Level, tt.wantLevel)
			}
			span := k.spans.Ended()[0]
			attrs := attributes(span)
			if tt.wantSeen == 0 && tt.wantSeries == nil {
				for _, key := range []string{"ucpaas.recipients", "ucpaas.recipients_failed", "ucpaas.recipient_codes"} {
					if _, ok := fields[key]; ok {
						t.Errorf("log field %s on a reply without a report", key)
					}
					if _, ok := attrs[attribute.Key(key)]; ok {
						t.Errorf("span attribute %s on a reply without a report", key)
					}
				}
				return
			}
			if fields["ucpaas.recipients"] != tt.wantSeen || fields["ucpaas.recipients_failed"] != tt.wantFailed {
				t.Errorf("log fields recipients %v failed %v; want %d %d", fields["ucpaas.recipients"], fields["ucpaas.recipients_failed"], tt.wantSeen, tt.wantFailed)
			}
			if got := attrs["ucpaas.recipients"].AsInt64(); got != tt.wantSeen {
				t.Errorf("span ucpaas.recipients = %d, want %d", got, tt.wantSeen)
			}
			if got := attrs["ucpaas.recipients_failed"].AsInt64(); got != tt.wantFailed {
				t.Errorf("span ucpaas.recipients_failed = %d, want %d", got, tt.wantFailed)
			}
			var logCodes []string
			if v, ok := fields["ucpaas.recipient_codes"]; ok {
				for _, c := range v.([]any) {
					logCodes = append(logCodes, c.(string))
				}
			}
			if !slices.Equal(logCodes, tt.wantCodes) || !slices.Equal(attrs["ucpaas.recipient_codes"].AsStringSlice(), tt.wantCodes) {
				t.Errorf("recipient codes: log %q, span %q; want %q", logCodes, attrs["ucpaas.recipient_codes"].AsStringSlice(), tt.wantCodes)
			}
			if got := fields["ucpaas.recipients_truncated"] == true; got != tt.wantTrunc {
				t.Errorf("log recipients_truncated %v, want %v", fields["ucpaas.recipients_truncated"], tt.wantTrunc)
			}
			if got := attrs["ucpaas.recipients_truncated"].AsBool(); got != tt.wantTrunc {
				t.Errorf("span recipients_truncated %v, want %v", got, tt.wantTrunc)
			}
			checkNothingPersonal(t, k, fmt.Sprint(e.Message, fields), fmt.Sprint(span.Attributes()))
		})
	}
}

// checkRecipientSeries compares every recipient series of side with want (keys as in
// TestTransportRecipients; operation send_sms_batch).
func checkRecipientSeries(t *testing.T, k *kit, side string, want map[string]float64) {
	t.Helper()
	totals, failures := 0, 0
	for key, v := range want {
		name, labels, _ := strings.Cut(strings.TrimSuffix(key, "}"), "{")
		var got float64
		if name == "recipients_total" {
			totals++
			got = k.value(t, "ucpaas_"+side+"_recipients_total", "operation", "send_sms_batch", "category", labels)
		} else {
			failures++
			code, cat, _ := strings.Cut(labels, ",")
			got = k.value(t, "ucpaas_"+side+"_recipient_failures_total", "operation", "send_sms_batch", "code", code, "category", cat)
		}
		if got != v {
			t.Errorf("ucpaas_%s_%s = %v, want %v", side, key, got, v)
		}
	}
	if n := testutil.CollectAndCount(k.metrics, "ucpaas_"+side+"_recipients_total"); n != totals {
		t.Errorf("ucpaas_%s_recipients_total has %d series, want %d", side, n, totals)
	}
	if n := testutil.CollectAndCount(k.metrics, "ucpaas_"+side+"_recipient_failures_total"); n != failures {
		t.Errorf("ucpaas_%s_recipient_failures_total has %d series, want %d", side, n, failures)
	}
}

// checkNothingPersonal fails when a phone number or the raw account SID appears in the metrics
// or in the given log and span texts.
func checkNothingPersonal(t *testing.T, k *kit, texts ...string) {
	t.Helper()
	var exposition bytes.Buffer
	families, err := k.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		exposition.WriteString(f.String())
	}
	texts = append(texts, exposition.String())
	for _, text := range texts {
		for _, secret := range []string{phoneOK, phoneInvalid, phoneBlack, rawSID} {
			if strings.Contains(text, secret) {
				t.Errorf("%q emitted in %.300s", secret, text)
			}
		}
	}
}

func attributes(span sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range span.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func TestHandlerRecipients(t *testing.T) {
	k := newKit(t)
	h := NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		// Written in small pieces, as a streaming encoder would.
		for chunk := range slices.Chunk([]byte(mixedBatch), 7) {
			_, _ = w.Write(chunk)
		}
	}), k.options()...)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/ol/sms/sendsms_batch", strings.NewReader(`{}`)))
	if rec.Body.String() != mixedBatch {
		t.Fatalf("answer changed: %q", rec.Body.String())
	}
	checkRecipientSeries(t, k, "server", map[string]float64{
		"recipients_total{ok}": 2, "recipients_total{validation}": 1, "recipients_total{content}": 2,
		"recipient_failures_total{100006,validation}": 1, "recipient_failures_total{105107,content}": 2,
	})
	for _, name := range []string{"ucpaas_client_recipients_total", "ucpaas_client_recipient_failures_total"} {
		if n := testutil.CollectAndCount(k.metrics, name); n != 0 {
			t.Errorf("%s has %d series on the server side's answer", name, n)
		}
	}
	e := k.logs.All()[0]
	if e.Level != zapcore.WarnLevel || e.ContextMap()["ucpaas.recipients"] != int64(5) {
		t.Errorf("entry %v %v, want Warn with 5 recipients", e.Level, e.ContextMap())
	}
	checkNothingPersonal(t, k, fmt.Sprint(e.ContextMap()), fmt.Sprint(k.spans.Ended()[0].Attributes()))
}

func TestAccountBalance(t *testing.T) {
	const accountPath = "/2014-06-30/Accounts/" + rawSID
	tests := []struct {
		name, path, contentType, body string
		wantBalance                   float64 // -1: none
	}{
		{"JSON", accountPath + ".json", "application/json",
			`{"resp":{"respCode":"000000","account":{"accountSid":"` + rawSID + `","balance":"1002.00","createDate":"2014-06-30 12:00:00","type":"0"}}}`, 1002},
		{"XML", accountPath + ".xml", "application/xml",
			`<?xml version="1.0" encoding="UTF-8"?><resp><respCode>000000</respCode><account><balance>17.35</balance><status>1</status></account></resp>`, 17.35},
		{"no suffix, number form", accountPath, "application/json", `{"resp":{"account":{"balance":3},"respCode":"000000"}}`, 3},
		{"garbage balance", accountPath + ".json", "application/json", `{"resp":{"respCode":"000000","account":{"balance":"N/A"}}}`, -1},
		{"balance of another operation is not read", accountPath + "/Messages/templateSMS.json", "application/json",
			`{"resp":{"respCode":"000000","account":{"balance":"5.00"}}}`, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(reply(tt.contentType, tt.body))
			defer srv.Close()
			k := newKit(t)
			client := &http.Client{Transport: NewTransport(nil, k.options()...)}
			resp, err := client.Get(srv.URL + tt.path + "?sig=ABC")
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := io.ReadAll(resp.Body); string(got) != tt.body {
				t.Fatalf("body changed: %q", got)
			}
			resp.Body.Close()

			e := k.logs.All()[0]
			fields := e.ContextMap()
			attrs := attributes(k.spans.Ended()[0])
			if tt.wantBalance < 0 {
				if n := testutil.CollectAndCount(k.metrics, "ucpaas_account_balance"); n != 0 {
					t.Errorf("%d balance series, want none", n)
				}
				if _, ok := fields["ucpaas.balance"]; ok {
					t.Errorf("log field ucpaas.balance = %v, want none", fields["ucpaas.balance"])
				}
				return
			}
			if n := testutil.CollectAndCount(k.metrics, "ucpaas_account_balance"); n != 1 {
				t.Errorf("%d balance series, want 1", n)
			}
			if got := gaugeValue(t, k, "ucpaas_account_balance", "account", maskedSID); got != tt.wantBalance {
				t.Errorf("ucpaas_account_balance{account=%q} = %v, want %v", maskedSID, got, tt.wantBalance)
			}
			if fields["ucpaas.balance"] != tt.wantBalance || attrs["ucpaas.balance"].AsFloat64() != tt.wantBalance {
				t.Errorf("balance: log %v, span %v; want %v", fields["ucpaas.balance"], attrs["ucpaas.balance"], tt.wantBalance)
			}
			checkNothingPersonal(t, k, fmt.Sprint(e.Message, fields), fmt.Sprint(k.spans.Ended()[0].Attributes()))
		})
	}
}

func TestMaskedAccount(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/2014-06-30/Accounts/" + rawSID, maskedSID},
		{"/2014-06-30/Accounts/" + rawSID + ".json", maskedSID},
		{"/2014-06-30/accounts/" + rawSID + ".XML", maskedSID},
		{"/2014-06-30/Accounts/" + rawSID + "/", maskedSID},
		{"/2014-06-30/Accounts/" + rawSID + "/Clients", maskedSID},
		{"/prefix/2014-06-30/Accounts/short", "****"},
		{"/2014-06-30/Accounts/", ""},
		{"/ol/sms/sendsms", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := maskedAccount(&url.URL{Path: tt.path}); got != tt.want {
			t.Errorf("maskedAccount(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
	if got := maskedAccount(nil); got != "" {
		t.Errorf("maskedAccount(nil) = %q", got)
	}
}

// gaugeValue returns the value of the gauge name with exactly the label pair, NaN when absent.
func gaugeValue(t *testing.T, k *kit, name, label, value string) float64 {
	t.Helper()
	families, err := k.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			if f.GetName() == name && len(m.GetLabel()) == 1 && m.GetLabel()[0].GetName() == label && m.GetLabel()[0].GetValue() == value {
				return m.GetGauge().GetValue()
			}
		}
	}
	return math.NaN()
}
