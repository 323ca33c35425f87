package middleware

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/zap"

	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/metrics"
)

// secretQuery is a query string carrying every planted value under its platform key.
func secretQuery() string {
	q := url.Values{}
	for _, k := range []string{"sig", "token", "password", "clientPwd", "loginToken", "mobile", "fromSerNum", "toSerNum", "displayNum", "param", "verifyCode", "friendlyName", "email", "userId", "idCard", "appId", "accountSid"} {
		q.Set(k, testkit.Plant(k))
	}
	q.Set("to", testkit.Plant("to")+","+testkit.Plant("to2")+","+testkit.Plant("to3"))
	q.Set("Authorization", testkit.Plant("Authorization"))
	return q.Encode()
}

// secretPath is a family A path with the account SID in it.
func secretPath() string {
	return "/2014-06-30/Accounts/" + testkit.Plant("accountSid") + "/Messages/templateSMS.json"
}

// restAPIPaths are the paths of the official 2015-06-30 SDK, the SID after restApi/ (and in upper
// case in the second: identifiers are masked in any case).
func restAPIPaths() []string {
	return []string{
		"/2015-06-30/restApi/" + testkit.Plant("accountSid") + "/ClientsByMobile",
		"/2015-06-30/restApi/" + strings.ToUpper(testkit.Plant("accountSid")) + "/ClientsByUserId",
	}
}

// restAPIQuery is the query of the 2015-06-30 SDK: sig, a phone number or user ID, and the app ID
// (upper case, as some clients send it).
func restAPIQuery() string {
	return "sig=" + testkit.Plant("sig") + "&mobile=" + testkit.Plant("mobile") + "&userId=" + testkit.Plant("userId") +
		"&appId=" + strings.ToUpper(testkit.Plant("appId"))
}

// secretJSON is a body (request or reply) holding every planted value, with a failure code.
func secretJSON(code string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"resp":{"respCode":%q,"client":{`, code)
	for _, p := range testkit.Planted() {
		fmt.Fprintf(&b, "%q:%q,", p.Key, p.Value)
	}
	b.WriteString(`"end":1}}}`)
	return b.String()
}

// secretText is free text holding every planted value, as an upstream error message might.
func secretText() string {
	var b strings.Builder
	b.WriteString("upstream rejected https://api.ucpaas.com" + secretPath() + "?" + secretQuery() + ":")
	for _, k := range []string{"sig", "token", "password", "clientPwd", "loginToken", "mobile", "param", "verifyCode", "friendlyName", "email", "userId", "idCard", "appId"} {
		fmt.Fprintf(&b, " %s=%s", k, testkit.Plant(k))
	}
	fmt.Fprintf(&b, " Authorization: %s; to %s,%s; 身份证 %s", testkit.Plant("Authorization"), testkit.Plant("to"), testkit.Plant("to2"), testkit.Plant("idCard"))
	return b.String()
}

// leakSinks are real encoders of every output: JSON logs at Debug, every span sampled and
// recorded, and a registry.
type leakSinks struct {
	logs  *testkit.SyncBuffer
	spans *tracetest.SpanRecorder
	reg   *prometheus.Registry
	tp    *sdktrace.TracerProvider
	opts  []Option
}

func newLeakSinks(t *testing.T) *leakSinks {
	s := &leakSinks{reg: prometheus.NewRegistry()}
	m := metrics.New()
	s.reg.MustRegister(m)
	s.tp, s.spans = testkit.Spans(t, sdktrace.WithSampler(sdktrace.AlwaysSample()))
	var logger *zap.Logger
	logger, s.logs = testkit.JSONLogs()
	s.opts = []Option{WithLogger(logger), WithMetrics(m), WithTracerProvider(s.tp)}
	return s
}

// outputs renders everything the sinks received as text: each log line, each span's name,
// attributes, events with their attributes and status, and the metric exposition in the text
// and OpenMetrics formats (the latter with exemplars).
func (s *leakSinks) outputs(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{"logs": s.logs.String()}
	var spans strings.Builder
	for _, sp := range s.spans.Ended() {
		fmt.Fprintf(&spans, "span %q status %q %q\n", sp.Name(), sp.Status().Code, sp.Status().Description)
		for _, a := range sp.Attributes() {
			fmt.Fprintf(&spans, "  attr %s=%s\n", a.Key, a.Value.String())
		}
		for _, e := range sp.Events() {
			fmt.Fprintf(&spans, "  event %q\n", e.Name)
			for _, a := range e.Attributes {
				fmt.Fprintf(&spans, "    attr %s=%s\n", a.Key, a.Value.String())
			}
		}
	}
	out["spans"] = spans.String()
	families, err := s.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var text, om bytes.Buffer
	for _, f := range families {
		if _, err := expfmt.MetricFamilyToText(&text, f); err != nil {
			t.Fatal(err)
		}
		if _, err := expfmt.MetricFamilyToOpenMetrics(&om, f); err != nil {
			t.Fatal(err)
		}
	}
	out["metrics text"], out["metrics openmetrics"] = text.String(), om.String()
	return out
}

// closedPortURL is the URL of a loopback port nothing listens on.
func closedPortURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// TestRedactionProof sends requests full of planted secrets and personal data through the
// transport and the handler, in URLs, headers, bodies, error texts and panic values, with Debug
// logging and every span sampled, and scans every log line, span and metric exposition for them.
func TestRedactionProof(t *testing.T) {
	s := newLeakSinks(t)
	var sendTo func(c *http.Client, target string) error
	replyOK := secretJSON("000000")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo-Token", testkit.Plant("token"))
		if strings.Contains(r.URL.RawQuery, "ok=1") {
			_, _ = io.WriteString(w, replyOK)
			return
		}
		_, _ = io.WriteString(w, secretJSON("103114"))
	}))
	defer srv.Close()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: NewTransport(base, s.opts...)}

	send := func(c *http.Client, target, query string) error {
		return sendTo(c, target+secretPath()+"?"+query)
	}
	sendTo = func(c *http.Client, target string) error {
		req, err := http.NewRequest("POST", target, strings.NewReader(secretJSON("")))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", testkit.Plant("Authorization"))
		req.Header.Set("Content-Type", "application/json;charset=utf-8")
		u, _ := url.Parse(target)
		u.User = url.UserPassword("acct", testkit.Plant("password"))
		req.URL.User = u.User
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	}
	if err := send(client, srv.URL, secretQuery()); err != nil {
		t.Fatal(err)
	}
	if err := send(client, srv.URL, secretQuery()+"&ok=1"); err != nil {
		t.Fatal(err)
	}
	// A transport error whose text holds the URL, sig included.
	dialErr := send(client, closedPortURL(t), secretQuery())
	if dialErr == nil || !strings.Contains(dialErr.Error(), testkit.Plant("sig")) {
		t.Fatalf("dial error %v: want one whose text holds the sig (the proof needs it)", dialErr)
	}
	// A transport error of free text holding everything.
	failing := &http.Client{Transport: NewTransport(roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New(secretText())
	}), s.opts...)}
	if err := send(failing, "https://api.ucpaas.com", secretQuery()); err == nil {
		t.Fatal("want the planted error back")
	}
	// The 2015-06-30 SDK's paths, the SID after restApi/.
	for _, p := range restAPIPaths() {
		if err := sendTo(client, srv.URL+p+"?"+restAPIQuery()); err != nil {
			t.Fatal(err)
		}
	}
	// A base transport whose error prints the request's header and query with %v: Go-formatted
	// maps and lists ("map[Authorization:[…]]", "map[sig:[…]]").
	rejecting := &http.Client{Transport: NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("rejected: %v %v", r.Header, r.URL.Query())
	}), s.opts...)}
	if err := send(rejecting, "https://api.ucpaas.com", secretQuery()); err == nil {
		t.Fatal("want the rejection back")
	}

	// The server side: a failure answer, a success and a panic whose value holds everything.
	h := NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.Contains(r.URL.RawQuery, "panic=1"):
			panic(secretText())
		case strings.Contains(r.URL.RawQuery, "ok=1"):
			_, _ = io.WriteString(w, replyOK)
		default:
			_, _ = io.WriteString(w, secretJSON("103114"))
		}
	}), s.opts...)
	targets := []string{secretPath() + "?" + secretQuery(), secretPath() + "?" + secretQuery() + "&ok=1",
		secretPath() + "?" + secretQuery() + "&panic=1", restAPIPaths()[0] + "?" + restAPIQuery()}
	for _, target := range targets {
		req := httptest.NewRequest("POST", "https://api.ucpaas.com"+target, strings.NewReader(secretJSON("")))
		req.Header.Set("Authorization", testkit.Plant("Authorization"))
		func() {
			defer func() { _ = recover() }()
			h.ServeHTTP(httptest.NewRecorder(), req)
		}()
	}
	// Both sides under otelhttp, which records url.full and url.path from the raw URL: the span
	// ucpobs enriches carries them redacted.
	req := httptest.NewRequest("POST", "https://api.ucpaas.com"+restAPIPaths()[1]+"?"+secretQuery(), strings.NewReader(secretJSON("")))
	otelhttp.NewHandler(h, "gateway", otelhttp.WithTracerProvider(s.tp)).ServeHTTP(httptest.NewRecorder(), req)
	wrapped := &http.Client{Transport: otelhttp.NewTransport(NewTransport(base, s.opts...), otelhttp.WithTracerProvider(s.tp))}
	if err := sendTo(wrapped, srv.URL+restAPIPaths()[0]+"?"+secretQuery()+"&ok=1"); err != nil {
		t.Fatal(err)
	}

	out := s.outputs(t)
	if n := strings.Count(out["logs"], "\n"); n != 13 {
		t.Fatalf("%d log lines, want 13 (8 client calls, 5 server answers)", n)
	}
	if n := len(s.spans.Ended()); n != 13 {
		t.Fatalf("%d spans, want 13", n)
	}
	for _, want := range []string{`"ucpaas.code":"103114"`, `"url.full":"`, `"url.path":"`, `"url.query":"`, `"error":"`, `"panic":"`, "/Accounts/5ec4****e7aa/Messages/templateSMS.json",
		"/restApi/5ec4****e7aa/ClientsByMobile?sig=REDACTED", "/restApi/5EC4****E7AA/ClientsByUserId", "rejected: map[Authorization:[REDACTED]"} {
		if !strings.Contains(out["logs"], want) {
			t.Errorf("logs lack %s: the scan must look at real output\n%s", want, out["logs"])
		}
	}
	for _, want := range []string{"url.path=/2015-06-30/restApi/5EC4****E7AA/ClientsByUserId", "url.query=Authorization=REDACTED",
		"url.full=http://REDACTED@127.0.0.1"} {
		if !strings.Contains(out["spans"], want) {
			t.Errorf("spans lack %s: the scan must look at otelhttp's spans too\n%s", want, out["spans"])
		}
	}
	if !strings.Contains(out["metrics openmetrics"], `# {trace_id="`) || !strings.Contains(out["spans"], `event "exception"`) {
		t.Errorf("exposition without exemplars or spans without exception events: the scan must see them")
	}
	for where, text := range out {
		if found := testkit.Leaks(text); len(found) > 0 {
			t.Errorf("%s leak %v:\n%s", where, found, text)
		}
	}
}
