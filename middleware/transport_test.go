package middleware

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"

	ucodes "github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/testkit"
)

const templatePath = "/2014-06-30/Accounts/8a48b5514a9e4a0b014aa3f2d8a57d2f/Messages/templateSMS.json"

// reply answers every request with the given content type and body.
func reply(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		_, _ = io.WriteString(w, body)
	}
}

func TestTransportOutcomes(t *testing.T) {
	tests := []struct {
		name         string
		path         string
		contentType  string
		body         string
		wantOp       string
		wantCode     string // log field ucpaas.code
		wantLabel    string // metric code label ("" when the call succeeded)
		wantCategory ucodes.Category
		wantLevel    zapcore.Level
	}{
		{"family A JSON success", templatePath, "application/json;charset=utf-8",
			`{"resp":{"respCode":"000000","templateSMS":{"createDate":"20140820145658","smsId":"d2c49329f363b802fb3531d9c67b54f8"}}}`,
			"template_sms", "000000", "", ucodes.CategoryOK, zapcore.DebugLevel},
		{"family A JSON failure", templatePath, "application/json", `{"resp":{"respCode":"105110"}}`,
			"template_sms", "105110", "105110", ucodes.CategoryNotFound, zapcore.WarnLevel},
		{"family A XML failure", strings.TrimSuffix(templatePath, ".json") + ".xml", "application/xml",
			`<?xml version="1.0" encoding="UTF-8"?><resp><respCode>100001</respCode></resp>`,
			"template_sms", "100001", "100001", ucodes.CategoryBalance, zapcore.ErrorLevel},
		{"family A XML without content type", "/2014-06-30/Accounts/x/Calls/voiceCode", "",
			`<resp><respCode>101106</respCode></resp>`,
			"voice_code", "101106", "101106", ucodes.CategoryAuth, zapcore.ErrorLevel},
		{"family B string code", "/ol/sms/sendsms", "application/json",
			`{"code":"000000","count":"1","create_date":"2018-07-23 13:34:06","mobile":"15811564298","msg":"OK","smsid":"852579cbb829c08c917f162b267efce6","uid":""}`,
			"send_sms", "000000", "", ucodes.CategoryOK, zapcore.DebugLevel},
		{"family C number code zero", "/sms-server/variablesms", "application/json", `{"code":0,"msg":"成功"}`,
			"variable_sms", "000000", "", ucodes.CategoryOK, zapcore.DebugLevel},
		{"JSON sent as text/html", "/ol/sms/sendsms", "text/html", `{"msg":"x","code":"105113"}`,
			"send_sms", "105113", "105113", ucodes.CategoryValidation, zapcore.WarnLevel},
		{"unknown code", "/ol/sms/sendsms", "application/json", `{"code":"105147","msg":"未知"}`,
			"send_sms", "105147", "other", ucodes.CategoryUnknown, zapcore.WarnLevel},
		{"no code", "/ol/sms/sendsms", "application/json", `{"msg":"ok"}`,
			"send_sms", "none", "none", ucodes.CategoryUnparsed, zapcore.WarnLevel},
		{"nested decoy code", "/ol/sms/sendsms", "application/json", `{"data":{"code":"000000"}}`,
			"send_sms", "none", "none", ucodes.CategoryUnparsed, zapcore.WarnLevel},
		{"HTML error page", "/ol/sms/sendsms", "text/html", `<!DOCTYPE html><html><body>502 Bad Gateway</body></html>`,
			"send_sms", "none", "none", ucodes.CategoryUnparsed, zapcore.WarnLevel},
		{"unknown path", "/v2/other/13800138000", "application/json", `{"code":"100699"}`,
			"other", "100699", "100699", ucodes.CategoryPlatform, zapcore.ErrorLevel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(reply(tt.contentType, tt.body))
			defer srv.Close()
			k := newKit(t)
			client := &http.Client{Transport: NewTransport(nil, k.options()...)}

			resp, err := client.Post(srv.URL+tt.path+"?sig=SECRETSIG", "application/json", strings.NewReader(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || string(got) != tt.body {
				t.Fatalf("body = %q, %v; want %q", got, err, tt.body)
			}

			if n := k.value(t, "ucpaas_client_requests_total", "operation", tt.wantOp); n != 1 {
				t.Errorf("requests_total{%s} = %v, want 1", tt.wantOp, n)
			}
			if got := failedCategories(t, k, "client"); tt.wantLabel == "" && len(got) != 0 {
				t.Errorf("failures by category %v, want none", got)
			}
			if tt.wantLabel != "" {
				if n := k.value(t, "ucpaas_client_failures_total", "operation", tt.wantOp, "code", tt.wantLabel, "category", string(tt.wantCategory)); n != 1 {
					t.Errorf("failures_total{%s,%s,%s} = %v, want 1", tt.wantOp, tt.wantLabel, tt.wantCategory, n)
				}
			}
			entries := k.logs.All()
			if len(entries) != 1 {
				t.Fatalf("%d log entries, want 1", len(entries))
			}
			e := entries[0]
			fields := e.ContextMap()
			if e.Level != tt.wantLevel || fields["ucpaas.code"] != tt.wantCode || fields["ucpaas.category"] != string(tt.wantCategory) || fields["ucpaas.operation"] != tt.wantOp {
				t.Errorf("log entry %v %v, want level %v code %s category %s operation %s", e.Level, fields, tt.wantLevel, tt.wantCode, tt.wantCategory, tt.wantOp)
			}
			if strings.Contains(e.Message+toString(fields), "SECRETSIG") {
				t.Errorf("log entry leaks sig: %v", fields)
			}
			spans := k.spans.Ended()
			if len(spans) != 1 {
				t.Fatalf("%d spans, want 1", len(spans))
			}
			wantStatus := codes.Error
			if tt.wantCategory == ucodes.CategoryOK {
				wantStatus = codes.Unset
			}
			if spans[0].Name() != "ucpaas "+tt.wantOp || spans[0].Status().Code != wantStatus {
				t.Errorf("span %q status %v, want %q %v", spans[0].Name(), spans[0].Status(), "ucpaas "+tt.wantOp, wantStatus)
			}
		})
	}
}

func toString(m map[string]any) string { return fmt.Sprint(m) }

func TestTransportBodyIdentity(t *testing.T) {
	big := bytes.Repeat([]byte(`{"resp":{"x":"`+strings.Repeat("a", 1000)+`"}}`), 200) // far past the peek cap, no code
	tests := []struct {
		name    string
		body    []byte
		maxPeek int
	}{
		{"small", []byte(`{"resp":{"respCode":"000000"}}`), 0},
		{"code after the first chunk", append(bytes.Repeat([]byte(" "), 5000), `{"code":"100001"}`...), 0},
		{"larger than the peek cap", big, 0},
		{"tiny peek cap", []byte(`{"resp":{"respCode":"000000"}}`), 3},
		{"binary", func() []byte {
			b := make([]byte, 70000)
			for i := range b {
				b[i] = byte(i * 7)
			}
			return b
		}(), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(tt.body) }))
			defer srv.Close()
			client := &http.Client{Transport: NewTransport(nil, WithMaxPeekBytes(tt.maxPeek))}
			for _, read := range []string{"ReadAll", "1-byte reads"} {
				resp, err := client.Get(srv.URL + "/ol/sms/sendsms")
				if err != nil {
					t.Fatal(err)
				}
				var got []byte
				if read == "ReadAll" {
					got, err = io.ReadAll(resp.Body)
				} else {
					got, err = io.ReadAll(io.LimitReader(oneByteReader{resp.Body}, int64(len(tt.body)+10)))
				}
				resp.Body.Close()
				if err != nil || !bytes.Equal(got, tt.body) {
					t.Fatalf("%s: got %d bytes (%v), want %d identical bytes", read, len(got), err, len(tt.body))
				}
			}
		})
	}
}

type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}

// errBody yields data then fails with err.
type errBody struct {
	data   []byte
	err    error
	closed bool
}

func (b *errBody) Read(p []byte) (int, error) {
	if len(b.data) == 0 {
		return 0, b.err
	}
	n := copy(p, b.data)
	b.data = b.data[n:]
	return n, nil
}

func (b *errBody) Close() error { b.closed = true; return nil }

type stubTransport struct {
	resp *http.Response
	err  error
}

func (s stubTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if s.resp != nil {
		s.resp.Request = r
	}
	return s.resp, s.err
}

func TestTransportReadErrorMidStream(t *testing.T) {
	boom := errors.New("connection reset by peer")
	body := &errBody{data: []byte(`{"resp":{"x":"ab`), err: boom}
	k := newKit(t)
	rt := NewTransport(stubTransport{resp: &http.Response{StatusCode: 200, Header: http.Header{}, Body: body, ContentLength: -1}}, k.options()...)
	req := httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath, nil)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	if string(got) != `{"resp":{"x":"ab` || !errors.Is(err, boom) {
		t.Errorf("ReadAll = %q, %v; want the bytes then %v", got, err, boom)
	}
	if err := resp.Body.Close(); err != nil || !body.closed {
		t.Errorf("Close = %v, closed = %v; want the original body closed", err, body.closed)
	}
	// The reply was cut off before its code: a transport failure (issue 10, item 7).
	if n := k.value(t, "ucpaas_client_failures_total", "operation", "template_sms", "code", "transport", "category", "transport"); n != 1 {
		t.Errorf("failures{transport,transport} = %v, want 1", n)
	}
}

func TestTransportError(t *testing.T) {
	boom := errors.New(`Post "https://api.ucpaas.com/x?sig=ABCDEF0123": dial tcp: i/o timeout`)
	k := newKit(t)
	rt := NewTransport(stubTransport{err: boom}, k.options()...)
	resp, err := rt.RoundTrip(httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath+"?sig=ABCDEF0123", nil))
	if resp != nil || err != boom {
		t.Fatalf("RoundTrip = %v, %v; want nil and the base's error unchanged", resp, err)
	}
	if n := k.value(t, "ucpaas_client_failures_total", "operation", "template_sms", "code", "transport", "category", "transport"); n != 1 {
		t.Errorf("failures{transport} = %v, want 1", n)
	}
	e := k.logs.All()[0]
	if e.Level != zapcore.ErrorLevel || strings.Contains(toString(e.ContextMap()), "ABCDEF0123") {
		t.Errorf("log entry %v %v: want Error level and no sig", e.Level, e.ContextMap())
	}
	if _, ok := e.ContextMap()["error"]; !ok {
		t.Errorf("log entry has no error field: %v", e.ContextMap())
	}
}

func TestTransportNoPeek(t *testing.T) {
	tests := []struct {
		name   string
		method string
		status int
		body   io.ReadCloser
		length int64
	}{
		{"HEAD", "HEAD", 200, &errBody{data: []byte(`{"code":"000000"}`), err: io.EOF}, -1},
		{"204", "POST", 204, http.NoBody, 0},
		{"304", "GET", 304, &errBody{err: io.EOF}, -1},
		{"empty", "POST", 200, &errBody{err: io.EOF}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := tt.body
			rt := NewTransport(stubTransport{resp: &http.Response{StatusCode: tt.status, Header: http.Header{}, Body: orig, ContentLength: tt.length}})
			resp, err := rt.RoundTrip(httptest.NewRequest(tt.method, "https://open.ucpaas.com/ol/sms/sendsms", nil))
			if err != nil {
				t.Fatal(err)
			}
			if resp.Body != orig {
				t.Errorf("body was wrapped; want the original body untouched")
			}
		})
	}
}

// TestTransportConnectionReuse proves Close reaches the real body: every call after the first
// reuses the one connection.
func TestTransportConnectionReuse(t *testing.T) {
	srv := httptest.NewServer(reply("application/json", `{"resp":{"respCode":"000000"}}`+strings.Repeat(" ", 3000)))
	defer srv.Close()
	base := &http.Transport{MaxIdleConnsPerHost: 1}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: NewTransport(base)}
	const calls = 2000
	var reused int
	for i := 0; i < calls; i++ {
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
			if info.Reused {
				reused++
			}
		}}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "POST", srv.URL+templatePath, nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if reused != calls-1 {
		t.Errorf("%d of %d calls reused a connection, want %d", reused, calls, calls-1)
	}
}

func TestTransportConcurrent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "sendsms") {
			_, _ = io.WriteString(w, `{"code":"100001","msg":"余额不足"}`)
			return
		}
		_, _ = io.WriteString(w, `{"resp":{"respCode":"000000"}}`)
	}))
	defer srv.Close()
	k := newKit(t)
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: NewTransport(base, k.options()...)}
	const callers, each = 100, 10
	var wg sync.WaitGroup
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			path := templatePath
			if i%2 == 0 {
				path = "/ol/sms/sendsms"
			}
			for j := 0; j < each; j++ {
				resp, err := client.Post(srv.URL+path, "application/json", nil)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}(i)
	}
	wg.Wait()
	if n := k.value(t, "ucpaas_client_requests_total", "operation", "template_sms"); n != callers/2*each {
		t.Errorf("template_sms ok = %v, want %d", n, callers/2*each)
	}
	if n := k.value(t, "ucpaas_client_failures_total", "operation", "send_sms", "code", "100001", "category", "balance"); n != callers/2*each {
		t.Errorf("send_sms 100001 = %v, want %d", n, callers/2*each)
	}
	if got := k.logs.Len(); got != callers*each {
		t.Errorf("%d log entries, want %d", got, callers*each)
	}
}

// TestTransportRecordsWithoutRead: the call is recorded in RoundTrip, even if the body is never
// read, and the duration ends when the code is known.
func TestTransportRecordsWithoutRead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"resp":{"respCode":"101106"}}`)
		w.(http.Flusher).Flush()
		time.Sleep(50 * time.Millisecond) // the rest of the body would come later
	}))
	defer srv.Close()
	k := newKit(t)
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	resp, err := (&http.Client{Transport: NewTransport(base, k.options()...)}).Get(srv.URL + templatePath)
	if err != nil {
		t.Fatal(err)
	}
	if n := k.value(t, "ucpaas_client_failures_total", "operation", "template_sms", "code", "101106", "category", "auth"); n != 1 {
		t.Errorf("failures{101106} = %v before the body was read, want 1", n)
	}
	resp.Body.Close()
}

func TestTransportEnrichesCallerSpan(t *testing.T) {
	srv := httptest.NewServer(reply("application/json", `{"resp":{"respCode":"105110"}}`))
	defer srv.Close()
	k := newKit(t)
	ctx, parent := k.tp.Tracer("test").Start(context.Background(), "caller", trace.WithSpanKind(trace.SpanKindClient)) // as otelhttp.NewTransport's
	req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+templatePath, nil)
	resp, err := (&http.Client{Transport: NewTransport(nil, k.options()...)}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n := len(k.spans.Ended()); n != 0 {
		t.Fatalf("%d spans ended before the caller's, want 0 (ours must enrich, not start one)", n)
	}
	parent.End()
	spans := k.spans.Ended()
	if len(spans) != 1 || spans[0].Status().Code != codes.Error {
		t.Fatalf("spans = %d, status %v; want the caller's span marked Error", len(spans), spans[0].Status())
	}
	attrs := testkit.Attrs(spans[0].Attributes())
	if attrs["ucpaas.code"] != "105110" || attrs["ucpaas.category"] != "not_found" || attrs["ucpaas.operation"] != "template_sms" {
		t.Errorf("caller's span attributes = %v", attrs)
	}
}

func TestTransportNoOptions(t *testing.T) {
	srv := httptest.NewServer(reply("application/json", `{"resp":{"respCode":"000000"}}`))
	defer srv.Close()
	resp, err := (&http.Client{Transport: NewTransport(nil, nil, WithMaxPeekBytes(-1))}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != `{"resp":{"respCode":"000000"}}` {
		t.Errorf("body = %q", got)
	}
}

// spyRT records the request it is handed, then answers through next.
type spyRT struct {
	next http.RoundTripper
	got  *http.Request
}

func (s *spyRT) RoundTrip(r *http.Request) (*http.Response, error) {
	s.got = r
	return s.next.RoundTrip(r)
}

// TestTransportBaseSeesTheSpan checks what the base transport is handed: a copy of the caller's
// request (which is left as it was) whose context holds the span ucpobs started, for a custom
// base (a logging transport, otelhttp below ucpobs) and for net/http's own, and that the reply's
// Request is that copy, through which ResultOf finds the outcome.
func TestTransportBaseSeesTheSpan(t *testing.T) {
	srv := httptest.NewServer(reply("application/json", `{"resp":{"respCode":"105110"}}`))
	defer srv.Close()
	for _, tt := range []struct {
		name string
		base func(spy *spyRT) http.RoundTripper
		seen func(spy *spyRT, resp *http.Response) *http.Request
	}{
		{"custom base", func(spy *spyRT) http.RoundTripper { spy.next = http.DefaultTransport; return spy },
			func(spy *spyRT, _ *http.Response) *http.Request { return spy.got }},
		{"net/http Transport", func(*spyRT) http.RoundTripper { return http.DefaultTransport.(*http.Transport) },
			func(_ *spyRT, resp *http.Response) *http.Request { return resp.Request }}, // as net/http sets it
	} {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			spy := &spyRT{}
			req, _ := http.NewRequestWithContext(context.Background(), "POST", srv.URL+templatePath, nil)
			resp, err := NewTransport(tt.base(spy), k.options()...).RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			sent := tt.seen(spy, resp)
			if sent == nil || sent == req || resp.Request != sent {
				t.Fatalf("base handed %p, reply's Request %p, caller's %p: want a copy, and it as the reply's Request", sent, resp.Request, req)
			}
			if trace.SpanContextFromContext(req.Context()).IsValid() {
				t.Error("the caller's request context was given a span")
			}
			ended := k.spans.Ended()
			if len(ended) != 1 {
				t.Fatalf("%d spans ended, want 1", len(ended))
			}
			if got, want := trace.SpanContextFromContext(sent.Context()).SpanID(), ended[0].SpanContext().SpanID(); got != want {
				t.Errorf("the base's request context holds span %v, want ucpobs' %v (%s)", got, want, ended[0].Name())
			}
			if r, ok := ResultOf(resp); !ok || r.ReplyCode != "105110" {
				t.Errorf("ResultOf = %+v, %v; want code 105110", r, ok)
			}
		})
	}
}
