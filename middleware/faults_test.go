package middleware

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// header is the status line and headers of a raw reply with a Content-Length.
func header(status, contentType, extra string, length int) string {
	return fmt.Sprintf("HTTP/1.1 %s\r\nContent-Type: %s\r\n%sContent-Length: %d\r\n\r\n", status, contentType, extra, length)
}

// gzipped compresses s.
func gzipped(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := io.WriteString(zw, s); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// deep nests a value n objects deep under key "a".
func deep(n int) string {
	return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n)
}

// TestTransportWireFaults sends each fault through NewTransport over a real loopback connection
// and checks what the caller gets (bytes, error, time) and that the call is recorded exactly
// once with the expected code and category.
func TestTransportWireFaults(t *testing.T) {
	const prefix = `{"resp":{"x":"` // no code yet
	codeFirst := `{"code":"105110","msg":"` + strings.Repeat("m", 1000)
	truncated := `{"resp":{"respCo`
	nginx := "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	badUTF8Code := "{\"msg\":\"\xff\xfe\xc3\x28 \xed\xa0\x80\",\"code\":\"105110\"}"
	badUTF8InCode := "{\"code\":\"10\xff511\",\"msg\":\"x\"}"
	deepBody := deep(100_000)
	deepThenCode := `{"x":` + deep(100_000) + `,"code":"105110"}`
	deepArrays := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	zipped := gzipped(t, `{"resp":{"respCode":"105110","templateSMS":{"smsId":"d2c49329f363b802fb3531d9c67b54f8"}}}`+strings.Repeat(" ", 5000))
	zippedLate := gzipped(t, strings.Repeat(" ", 200_000)+`{"code":"105110"}`) // decoded code past the cap
	zippedBig := gzipped(t, `{"code":"105110","msg":"`+strings.Repeat("x", 300_000)+`"}`)
	corrupt := append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, []byte("not deflate at all, 0123456789")...)

	tests := []struct {
		name     string
		serve    func(conn net.Conn, req *http.Request, done <-chan struct{})
		reqHdr   map[string]string // request headers the caller sets
		timeout  time.Duration     // http.Client.Timeout
		cancel   time.Duration     // cancel the request's context after this
		maxPeek  int
		wantBody []byte
		wantErr  func(error) bool // nil: the body must read to EOF without error
		status   int
		code     string // code label
		category string
		within   time.Duration // the whole call, body included
	}{
		{
			name: "connection reset mid-body before the code",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", 4000)+prefix+strings.Repeat("a", 1000))
				time.Sleep(100 * time.Millisecond) // the peek has read it all and waits for more
				reset(conn)
			},
			wantBody: []byte(prefix + strings.Repeat("a", 1000)),
			wantErr:  func(err error) bool { return err != nil && !errors.Is(err, io.EOF) },
			status:   200, code: "transport", category: "transport", within: 5 * time.Second,
		},
		{
			name: "connection reset mid-body after the code",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", 4000)+codeFirst)
				time.Sleep(100 * time.Millisecond)
				reset(conn)
			},
			wantBody: []byte(codeFirst),
			wantErr:  func(err error) bool { return err != nil && !errors.Is(err, io.EOF) },
			status:   200, code: "105110", category: "not_found", within: 5 * time.Second,
		},
		{
			name: "body trickles 1 byte/s past the client timeout",
			serve: func(conn net.Conn, _ *http.Request, done <-chan struct{}) {
				body := `{"resp":{"respCode":"105110"}}`
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", len(body)))
				for i := 0; i < len(body); i++ {
					if _, err := conn.Write([]byte{body[i]}); err != nil {
						return
					}
					select {
					case <-done:
						return
					case <-time.After(time.Second):
					}
				}
			},
			timeout:  300 * time.Millisecond,
			wantBody: []byte(`{`),
			// Which timeout error surfaces depends on whether the deadline fires during the
			// peek (the context's error) or after RoundTrip returned (http.Client's wrapper).
			wantErr: func(err error) bool {
				var ne net.Error
				return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
			},
			status: 200, code: "transport", category: "transport", within: 300*time.Millisecond + 700*time.Millisecond,
		},
		{
			name: "context cancelled during the peek",
			serve: func(conn net.Conn, _ *http.Request, done <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", 4000)+prefix)
				waitDone(conn, done)
			},
			cancel:   100 * time.Millisecond,
			wantBody: []byte(prefix),
			wantErr:  func(err error) bool { return errors.Is(err, context.Canceled) },
			status:   200, code: "transport", category: "transport", within: 2 * time.Second,
		},
		{
			name: "truncated JSON, connection closed early",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", 100)+truncated)
			},
			wantBody: []byte(truncated),
			wantErr:  func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) },
			status:   200, code: "transport", category: "transport", within: 2 * time.Second,
		},
		{
			name: "truncated JSON, complete reply",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", len(truncated))+truncated)
			},
			wantBody: []byte(truncated),
			status:   200, code: "none", category: "unparsed", within: 2 * time.Second,
		},
		{
			name: "HTML 502 page from a proxy",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("502 Bad Gateway", "text/html", "Server: nginx\r\n", len(nginx))+nginx)
			},
			wantBody: []byte(nginx),
			status:   502, code: "none", category: "unparsed", within: 2 * time.Second,
		},
		{
			name: "200 with an empty body",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", 0))
			},
			wantBody: []byte{},
			status:   200, code: "none", category: "unparsed", within: 2 * time.Second,
		},
		{
			name: "200 with an empty chunked body",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
			},
			wantBody: []byte{},
			status:   200, code: "none", category: "unparsed", within: 2 * time.Second,
		},
		{
			name: "invalid UTF-8 around the code",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json;charset=utf-8", "", len(badUTF8Code))+badUTF8Code)
			},
			wantBody: []byte(badUTF8Code),
			status:   200, code: "105110", category: "not_found", within: 2 * time.Second,
		},
		{
			name: "invalid UTF-8 inside the code",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", len(badUTF8InCode))+badUTF8InCode)
			},
			wantBody: []byte(badUTF8InCode),
			status:   200, code: "none", category: "unparsed", within: 2 * time.Second,
		},
		{
			name: "objects nested 100,000 deep",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", len(deepBody))+deepBody)
			},
			wantBody: []byte(deepBody),
			status:   200, code: "none", category: "unparsed", within: 5 * time.Second,
		},
		{
			name: "objects nested 100,000 deep, then the code, peek cap raised",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", len(deepThenCode))+deepThenCode)
			},
			maxPeek:  1 << 20,
			wantBody: []byte(deepThenCode),
			status:   200, code: "105110", category: "not_found", within: 5 * time.Second,
		},
		{
			name: "arrays nested 100,000 deep, peek cap raised",
			serve: func(conn net.Conn, _ *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "", len(deepArrays))+deepArrays)
			},
			maxPeek:  1 << 20,
			wantBody: []byte(deepArrays),
			status:   200, code: "none", category: "unparsed", within: 5 * time.Second,
		},
		{
			name: "gzip the caller asked for: code from the decoded bytes, original bytes back",
			serve: func(conn net.Conn, req *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "Content-Encoding: gzip\r\n", len(zipped)))
				_, _ = conn.Write(zipped)
			},
			reqHdr:   map[string]string{"Accept-Encoding": "gzip"},
			wantBody: zipped,
			status:   200, code: "105110", category: "not_found", within: 2 * time.Second,
		},
		{
			name: "gzip larger than the peek cap, code first",
			serve: func(conn net.Conn, req *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "Content-Encoding: gzip\r\n", len(zippedBig)))
				_, _ = conn.Write(zippedBig)
			},
			reqHdr:   map[string]string{"Accept-Encoding": "gzip"},
			maxPeek:  1 << 10,
			wantBody: zippedBig,
			status:   200, code: "105110", category: "not_found", within: 2 * time.Second,
		},
		{
			name: "gzip whose code lies past the decoded peek cap",
			serve: func(conn net.Conn, req *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "Content-Encoding: gzip\r\n", len(zippedLate)))
				_, _ = conn.Write(zippedLate)
			},
			reqHdr:   map[string]string{"Accept-Encoding": "gzip"},
			wantBody: zippedLate,
			status:   200, code: "none", category: "unparsed", within: 2 * time.Second,
		},
		{
			name: "corrupt gzip",
			serve: func(conn net.Conn, req *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "Content-Encoding: gzip\r\n", len(corrupt)))
				_, _ = conn.Write(corrupt)
			},
			reqHdr:   map[string]string{"Accept-Encoding": "gzip"},
			wantBody: corrupt,
			status:   200, code: "none", category: "unparsed", within: 2 * time.Second,
		},
		{
			name: "gzip net/http decompresses itself",
			serve: func(conn net.Conn, req *http.Request, _ <-chan struct{}) {
				_, _ = io.WriteString(conn, header("200 OK", "application/json", "Content-Encoding: gzip\r\n", len(zipped)))
				_, _ = conn.Write(zipped)
			},
			wantBody: []byte(`{"resp":{"respCode":"105110","templateSMS":{"smsId":"d2c49329f363b802fb3531d9c67b54f8"}}}` + strings.Repeat(" ", 5000)),
			status:   200, code: "105110", category: "not_found", within: 2 * time.Second,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRawServer(t, tt.serve)
			k := newKit(t)
			base := &http.Transport{}
			defer base.CloseIdleConnections()
			client := &http.Client{Transport: NewTransport(base, k.options(WithMaxPeekBytes(tt.maxPeek))...), Timeout: tt.timeout}
			ctx := context.Background()
			if tt.cancel > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				timer := time.AfterFunc(tt.cancel, cancel)
				defer timer.Stop()
				defer cancel()
			}
			req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL()+templatePath+"?sig=SECRETSIG", strings.NewReader(`{}`))
			for k, v := range tt.reqHdr {
				req.Header.Set(k, v)
			}

			start := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("Do: %v (the fault must reach the caller through the body)", err)
			}
			got, readErr := io.ReadAll(resp.Body)
			if err := resp.Body.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			elapsed := time.Since(start)

			if !bytes.Equal(got, tt.wantBody) {
				t.Errorf("body: got %d bytes %.80q, want %d bytes %.80q", len(got), got, len(tt.wantBody), tt.wantBody)
			}
			if tt.wantErr == nil && readErr != nil {
				t.Errorf("read error %v, want none", readErr)
			}
			if tt.wantErr != nil && !tt.wantErr(readErr) {
				t.Errorf("read error %v: not the expected one", readErr)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if elapsed > tt.within {
				t.Errorf("call took %v, want at most %v", elapsed, tt.within)
			}
			wantSeries := map[string]float64{"operation=template_sms": 1}
			if got := counted(t, k.reg, "ucpaas_client_requests_total"); fmt.Sprint(got) != fmt.Sprint(wantSeries) {
				t.Errorf("requests_total = %v, want %v (recorded exactly once)", got, wantSeries)
			}
			failures := counted(t, k.reg, "ucpaas_client_failures_total")
			if want := fmt.Sprint(map[string]float64{"category=" + tt.category + ",code=" + tt.code + ",operation=template_sms": 1}); fmt.Sprint(failures) != want {
				t.Errorf("failures_total = %v, want %v", failures, want)
			}
			if n := k.logs.Len(); n != 1 {
				t.Errorf("%d log entries, want 1", n)
			} else if f := k.logs.All()[0].ContextMap(); f["http.response.status_code"] != int64(tt.status) {
				t.Errorf("logged status %v, want %d", f["http.response.status_code"], tt.status)
			} else if cutOff := tt.category == "transport"; cutOff != (f["error"] != nil) {
				t.Errorf("logged error %v; want one exactly when the reply was cut off during the peek", f["error"])
			}
			if n := len(k.spans.Ended()); n != 1 {
				t.Errorf("%d spans, want 1", n)
			}
		})
	}
}
