package middleware

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"
)

// writerWith is a ResponseWriter with exactly the optional interfaces named.
type fakeWriter struct{ *httptest.ResponseRecorder }

type flusherOnly struct{ fakeWriter }

func (flusherOnly) Flush() {}

type hijackerOnly struct{ fakeWriter }

func (hijackerOnly) Hijack() (net.Conn, *bufio.ReadWriter, error) { return nil, nil, errors.New("no") }

type readerFromOnly struct{ fakeWriter }

func (r readerFromOnly) ReadFrom(src io.Reader) (int64, error) {
	return io.Copy(r.ResponseRecorder, src)
}

type pusherOnly struct{ fakeWriter }

func (pusherOnly) Push(string, *http.PushOptions) error { return nil }

type stringWriterOnly struct{ fakeWriter }

func (s stringWriterOnly) WriteString(v string) (int, error) {
	return s.ResponseRecorder.WriteString(v)
}

type plainWriter struct{ rec *httptest.ResponseRecorder }

func (p plainWriter) Header() http.Header         { return p.rec.Header() }
func (p plainWriter) Write(b []byte) (int, error) { return p.rec.Write(b) }
func (p plainWriter) WriteHeader(code int)        { p.rec.WriteHeader(code) }

func TestHandlerPreservesInterfaces(t *testing.T) {
	tests := []struct {
		name string
		w    http.ResponseWriter
	}{
		{"plain", plainWriter{httptest.NewRecorder()}},
		{"Flusher", flusherOnly{fakeWriter{httptest.NewRecorder()}}},
		{"Hijacker", hijackerOnly{fakeWriter{httptest.NewRecorder()}}},
		{"ReaderFrom", readerFromOnly{fakeWriter{httptest.NewRecorder()}}},
		{"Pusher", pusherOnly{fakeWriter{httptest.NewRecorder()}}},
		{"StringWriter", stringWriterOnly{fakeWriter{httptest.NewRecorder()}}},
		{"ResponseRecorder", httptest.NewRecorder()},
	}
	type probe struct{ flusher, hijacker, readerFrom, pusher, stringWriter bool }
	probeOf := func(w http.ResponseWriter) probe {
		_, f := w.(http.Flusher)
		_, h := w.(http.Hijacker)
		_, r := w.(io.ReaderFrom)
		_, p := w.(http.Pusher)
		_, s := w.(io.StringWriter)
		return probe{f, h, r, p, s}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got probe
			var unwrapped http.ResponseWriter
			h := NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = probeOf(w)
				if u, ok := w.(interface{ Unwrap() http.ResponseWriter }); ok {
					unwrapped = u.Unwrap()
				}
				_, _ = io.WriteString(w, `{"code":"000000"}`)
			}))
			h.ServeHTTP(tt.w, httptest.NewRequest("POST", "/ol/sms/sendsms", nil))
			if want := probeOf(tt.w); got != want {
				t.Errorf("wrapped writer has %+v, original %+v", got, want)
			}
			if unwrapped != tt.w {
				t.Errorf("Unwrap() = %T, want the original writer", unwrapped)
			}
		})
	}
}

func TestHandlerOutcomes(t *testing.T) {
	tests := []struct {
		name         string
		handler      http.HandlerFunc
		wantStatus   int
		wantLabel    string
		wantCategory string
		wantLevel    zapcore.Level
	}{
		{"implicit 200 ok", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"resp":{"respCode":"000000"}}`)
		}, 200, "", "ok", zapcore.DebugLevel},
		{"caller's mistake at Info", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"resp":{"respCode":"105113"}}`)
		}, 200, "105113", "validation", zapcore.InfoLevel},
		{"code split mid-key across writes", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"resp":{"resp`)
			_, _ = io.WriteString(w, `Code":"100`)
			_, _ = io.WriteString(w, `699"}}`)
		}, 200, "100699", "platform", zapcore.ErrorLevel},
		{"XML", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			_, _ = w.Write([]byte(`<?xml version="1.0"?><resp><respCode>101116</respCode></resp>`))
		}, 200, "101116", "auth", zapcore.InfoLevel},
		{"second WriteHeader ignored, 1xx ignored", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusBadGateway)
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, `{"code":"100699"}`)
		}, 502, "100699", "platform", zapcore.ErrorLevel},
		{"nothing written", func(w http.ResponseWriter, r *http.Request) {}, 200, "none", "unparsed", zapcore.ErrorLevel},
		{"unknown code", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"code":"300001"}`)
		}, 200, "other", "unknown", zapcore.InfoLevel},
		{"io.Copy through ReadFrom", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(w, strings.NewReader(`{"code":"105120","msg":"x"}`+strings.Repeat(" ", 10000)))
		}, 200, "105120", "validation", zapcore.InfoLevel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			srv := httptest.NewServer(NewHandler(tt.handler, k.options()...))
			defer srv.Close()
			resp, err := srv.Client().Post(srv.URL+"/ol/sms/sendsms", "application/json", strings.NewReader(`{"sid":"x"}`))
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			waitFor(t, func() bool { return k.logs.Len() == 1 })
			e := k.logs.All()[0]
			f := e.ContextMap()
			if e.Level != tt.wantLevel || f["ucpaas.category"] != tt.wantCategory || f["http.response.status_code"] != int64(tt.wantStatus) {
				t.Errorf("log %v %v; want level %v category %s status %d", e.Level, f, tt.wantLevel, tt.wantCategory, tt.wantStatus)
			}
			if got := k.value(t, "ucpaas_server_requests_total", "operation", "send_sms"); got != 1 {
				t.Errorf("server requests{send_sms} = %v, want 1", got)
			}
			if got := failedCategories(t, k, "server"); tt.wantLabel == "" && len(got) != 0 {
				t.Errorf("server failures by category %v, want none", got)
			}
			if tt.wantLabel != "" {
				if got := k.value(t, "ucpaas_server_failures_total", "operation", "send_sms", "code", tt.wantLabel, "category", tt.wantCategory); got != 1 {
					t.Errorf("server failures{%s,%s} = %v, want 1", tt.wantLabel, tt.wantCategory, got)
				}
			}
			if n := len(k.spans.Ended()); n != 1 {
				t.Errorf("%d spans, want 1", n)
			}
		})
	}
}

// waitFor polls cond: a server records after the handler returns, which can be after the client
// has read the whole answer.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestHandlerPanics(t *testing.T) {
	tests := []struct {
		name         string
		handler      http.HandlerFunc
		value        any
		wantCategory string
		wantPanicLog bool
	}{
		{"before writing", func(w http.ResponseWriter, r *http.Request) { panic("boom 13800138000") }, "boom 13800138000", "platform", true},
		{"after writing a code", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"code":"100001"}`)
			panic("late")
		}, "late", "balance", true},
		{"ErrAbortHandler", func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) }, http.ErrAbortHandler, "platform", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			h := NewHandler(tt.handler, k.options()...)
			var got any
			func() {
				defer func() { got = recover() }()
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/ol/sms/sendsms", nil))
			}()
			if got != tt.value {
				t.Fatalf("re-raised %v, want %v untouched", got, tt.value)
			}
			if k.logs.Len() != 1 {
				t.Fatalf("%d log entries, want 1", k.logs.Len())
			}
			f := k.logs.All()[0].ContextMap()
			if f["ucpaas.category"] != tt.wantCategory {
				t.Errorf("category %v, want %s", f["ucpaas.category"], tt.wantCategory)
			}
			if _, ok := f["panic"]; ok != tt.wantPanicLog {
				t.Errorf("panic field present = %v, want %v (%v)", ok, tt.wantPanicLog, f)
			}
			if strings.Contains(toString(f), "13800138000") {
				t.Errorf("phone number in the log: %v", f)
			}
		})
	}
}

func TestHandlerResponseControllerAndStreaming(t *testing.T) {
	const events = 5
	step := make(chan struct{})
	k := newKit(t)
	srv := httptest.NewServer(NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if err := rc.SetWriteDeadline(time.Now().Add(10 * time.Second)); err != nil {
			t.Errorf("SetWriteDeadline through the wrapper: %v", err)
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 0; i < events; i++ {
			_, _ = io.WriteString(w, "data: {\"code\":\"000000\"}\n\n")
			if err := rc.Flush(); err != nil {
				t.Errorf("Flush: %v", err)
			}
			<-step // the client must have seen this event before the next is written
		}
	}), k.options()...))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	for i := 0; i < events; i++ {
		line, err := r.ReadString('\n')
		if err != nil || line != "data: {\"code\":\"000000\"}\n" {
			t.Fatalf("event %d: %q, %v", i, line, err)
		}
		_, _ = r.ReadString('\n')
		step <- struct{}{}
	}
	waitFor(t, func() bool { return k.logs.Len() == 1 })
}

func TestHandlerHijack(t *testing.T) {
	k := newKit(t)
	srv := httptest.NewServer(NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
		_ = rw.Flush()
		conn.Close()
	}), k.options()...))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hi" {
		t.Errorf("body %q", body)
	}
	waitFor(t, func() bool { return k.logs.Len() == 1 })
	if f := k.logs.All()[0].ContextMap(); f["hijacked"] != true || f["ucpaas.code"] != "none" {
		t.Errorf("hijacked call logged as %v", f)
	}
}

func TestHandlerConcurrent(t *testing.T) {
	k := newKit(t)
	srv := httptest.NewServer(NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // the request body is untouched
		if string(body) != "ping" {
			t.Errorf("request body %q", body)
		}
		_, _ = io.WriteString(w, `{"code":"105116"}`)
	}), k.options()...))
	defer srv.Close()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				resp, err := srv.Client().Post(srv.URL+"/ol/sms/sendsms", "text/plain", strings.NewReader("ping"))
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	waitFor(t, func() bool {
		return k.value(t, "ucpaas_server_failures_total", "operation", "send_sms", "code", "105116", "category", "rate_limit") == 500
	})
}

func TestHandlerEnrichesServerSpan(t *testing.T) {
	k := newKit(t)
	ctx, parent := k.tp.Tracer("test").Start(context.Background(), "server", trace.WithSpanKind(trace.SpanKindServer)) // as otelhttp.NewHandler's
	h := NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"code":"000000"}`)
	}), k.options()...)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/ol/sms/sendsms", nil).WithContext(ctx))
	if n := len(k.spans.Ended()); n != 0 {
		t.Errorf("%d spans ended: the handler must enrich the span in the context, not start one", n)
	}
	parent.End()
}

func TestAnswerStatus(t *testing.T) {
	tests := []struct {
		name  string
		codes []int
		want  int
	}{
		{"first final status wins", []int{http.StatusBadGateway, http.StatusOK}, http.StatusBadGateway},
		{"1xx ignored", []int{http.StatusContinue, http.StatusEarlyHints, http.StatusAccepted}, http.StatusAccepted},
		{"101 is final", []int{http.StatusSwitchingProtocols, http.StatusOK}, http.StatusSwitchingProtocols},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &answer{w: httptest.NewRecorder()}
			for _, c := range tt.codes {
				a.header(c)
			}
			if a.status != tt.want {
				t.Errorf("status %d, want %d", a.status, tt.want)
			}
		})
	}
}
