package middleware

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// echo answers with headers at once, then echoes the request body as it arrives, flushing each
// chunk: a full-duplex stream (over HTTP/2) or a tunnel (CONNECT over HTTP/1.1, hijacked).
func echo(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect && r.ProtoMajor == 1 {
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = rw.WriteString("HTTP/1.1 200 Connection established\r\n\r\n")
		_ = rw.Flush()
		_, _ = io.Copy(conn, rw)
		return
	}
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	_ = rc.Flush()
	_ = rc.EnableFullDuplex()
	buf := make([]byte, 512)
	for {
		n, err := r.Body.Read(buf)
		if n > 0 {
			_, _ = w.Write(buf[:n])
			_ = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}

// TestStreamingRequestNeverBlocks: when the request body is still being sent as the reply's
// headers arrive (a pipe the caller writes after RoundTrip returns), or the method is CONNECT,
// RoundTrip returns at the headers: the reply is not peeked (the server would echo only what the
// caller has yet to write). A CONNECT is recorded at once, as a reply not read for a code; a
// full-duplex call is recorded from the bytes the caller reads, once they hold the code.
func TestStreamingRequestNeverBlocks(t *testing.T) {
	h2 := httptest.NewUnstartedServer(http.HandlerFunc(echo))
	h2.EnableHTTP2 = true
	h2.StartTLS()
	defer h2.Close()
	h1 := httptest.NewServer(http.HandlerFunc(echo))
	defer h1.Close()

	tests := []struct {
		name   string
		srv    *httptest.Server
		method string
		proto  int
	}{
		{"HTTP/2 full-duplex POST", h2, "POST", 2},
		{"HTTP/2 CONNECT", h2, "CONNECT", 2},
		{"HTTP/1.1 CONNECT", h1, "CONNECT", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			base := tt.srv.Client().Transport.(*http.Transport).Clone()
			defer base.CloseIdleConnections()
			rt := NewTransport(base, k.options()...)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			pr, pw := io.Pipe()
			defer pw.Close()
			target := tt.srv.URL + "/ol/sms/sendsms"
			if tt.method == "CONNECT" {
				target = tt.srv.URL // CONNECT names a host, not a path
			}
			req, _ := http.NewRequestWithContext(ctx, tt.method, target, pr)

			type result struct {
				resp *http.Response
				err  error
			}
			done := make(chan result, 1)
			go func() {
				resp, err := rt.RoundTrip(req)
				done <- result{resp, err}
			}()
			var res result
			select {
			case res = <-done:
			case <-time.After(10 * time.Second): // far below the deadline, far above a round trip
				pw.CloseWithError(io.ErrClosedPipe) // unblock the round trip so the test can end
				cancel()
				<-done
				t.Fatalf("RoundTrip still blocked after 10s: it waits for a reply the caller has not caused yet")
			}
			if res.err != nil {
				t.Fatal(res.err)
			}
			defer res.resp.Body.Close()
			if res.resp.ProtoMajor != tt.proto || res.resp.StatusCode != http.StatusOK {
				t.Fatalf("reply %s %d, want HTTP/%d 200", res.resp.Proto, res.resp.StatusCode, tt.proto)
			}
			// The stream works both ways, byte for byte.
			br := bufio.NewReader(res.resp.Body)
			for _, line := range []string{`{"code":"000000"}` + "\n", "ping\n"} {
				if _, err := io.WriteString(pw, line); err != nil {
					t.Fatal(err)
				}
				got, err := br.ReadString('\n')
				if err != nil || got != line {
					t.Fatalf("echo %q, %v; want %q", got, err, line)
				}
			}
			if got := counted(t, k.reg, "ucpaas_client_requests_total"); sum(got) != 1 {
				t.Errorf("requests %v, want 1", got)
			}
			want := "operation=send_sms" // the code the caller read: ok
			if tt.method == "CONNECT" {
				want = "operation=other" // a tunnel: not read for a code, no failure
			}
			checkNotFailed(t, k, "client", map[string]float64{want: 1})
		})
	}
}

// TestPeekEndsAtTheDeadline: a base transport whose body ignores the request's context (it never
// answers more) cannot hold RoundTrip past the context's deadline: the peek gives up, the body
// is handed over as is, and the call is a transport failure (the reply was cut off).
func TestPeekEndsAtTheDeadline(t *testing.T) {
	k := newKit(t)
	pr, pw := io.Pipe()
	defer pw.Close()
	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"resp":{`), pr)), ContentLength: -1, Request: r}, nil
	}), k.options()...)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", "https://api.ucpaas.com"+templatePath, nil)
	start := time.Now()
	done := make(chan *http.Response, 1)
	go func() {
		resp, _ := rt.RoundTrip(req)
		done <- resp
	}()
	var resp *http.Response
	select {
	case resp = <-done:
	case <-time.After(10 * time.Second):
		pw.Close()
		<-done
		t.Fatal("RoundTrip still blocked 10s after a 200ms deadline")
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("RoundTrip took %v, want about the 200ms deadline", elapsed)
	}
	// The caller still gets every byte, in order: what the peek read, then the rest.
	go func() { _, _ = io.WriteString(pw, `"respCode":"000000"}}`); pw.Close() }()
	got, err := io.ReadAll(resp.Body)
	if err != nil || string(got) != `{"resp":{"respCode":"000000"}}` {
		t.Errorf("body %q, %v", got, err)
	}
	resp.Body.Close()
	if n := k.value(t, "ucpaas_client_failures_total", "operation", "template_sms", "code", "transport", "category", "transport"); n != 1 {
		t.Errorf("failures{transport} = %v, want 1: %v", n, counted(t, k.reg, "ucpaas_client_failures_total"))
	}
}

// TestPipedRequestBodyIsObserved: a request body streamed from a pipe that ends before the reply
// (a JSON encoder writing into it, the common case) is sent by the time the headers arrive: the
// reply is read for its code as usual.
func TestPipedRequestBodyIsObserved(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // the platform reads the whole request first
		_, _ = io.WriteString(w, `{"code":"105110","msg":"x"}`)
	}))
	defer srv.Close()
	k := newKit(t)
	pr, pw := io.Pipe()
	go func() {
		_, _ = io.WriteString(pw, `{"mobile":"13800000000"}`)
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", srv.URL+"/ol/sms/sendsms", pr)
	resp, err := NewTransport(srv.Client().Transport, k.options()...).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n := k.value(t, "ucpaas_client_failures_total", "operation", "send_sms", "code", "105110", "category", "not_found"); n != 1 {
		t.Errorf("failures{105110} = %v, want 1: %v", n, counted(t, k.reg, "ucpaas_client_failures_total"))
	}
}

// TestLazyBodyRecordsOnce: a reply RoundTrip did not read (the base never read the request
// body, as a stub does) is recorded exactly once, from what the caller does with the body, and
// the caller reads it byte for byte.
func TestLazyBodyRecordsOnce(t *testing.T) {
	const reply = `{"code":"105110","msg":"x"}`
	boom := io.ErrUnexpectedEOF
	tests := []struct {
		name         string
		body         func() io.ReadCloser
		read         bool
		wantCode     string
		wantCategory string
	}{
		{"read to the end", func() io.ReadCloser { return io.NopCloser(strings.NewReader(reply)) }, true, "105110", "not_found"},
		{"closed unread", func() io.ReadCloser { return io.NopCloser(strings.NewReader(reply)) }, false, "none", "unparsed"},
		{"cut off before the code", func() io.ReadCloser { return &errBody{data: []byte(`{"co`), err: boom} }, true, "transport", "transport"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{}, Body: tt.body(), ContentLength: -1, Request: r}, nil
			}), k.options()...)
			req := httptest.NewRequest("POST", "https://api.ucpaas.com/ol/sms/sendsms", io.MultiReader(strings.NewReader("{}")))
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			if n := sum(counted(t, k.reg, "ucpaas_client_requests_total")); n != 0 {
				t.Errorf("recorded in RoundTrip (%v) although the request body was not sent", n)
			}
			if tt.read {
				got, _ := io.ReadAll(resp.Body)
				if want, _ := io.ReadAll(tt.body()); string(got) != string(want) {
					t.Errorf("body %q, want %q", got, want)
				}
			}
			resp.Body.Close()
			resp.Body.Close()
			if n := k.value(t, "ucpaas_client_failures_total", "operation", "send_sms", "code", tt.wantCode, "category", tt.wantCategory); n != 1 || k.logs.Len() != 1 || len(k.spans.Ended()) != 1 {
				t.Errorf("failures %v, %d entries, %d spans; want failures{%s,%s} = 1 and one of each", counted(t, k.reg, "ucpaas_client_failures_total"), k.logs.Len(), len(k.spans.Ended()), tt.wantCode, tt.wantCategory)
			}
		})
	}
}
