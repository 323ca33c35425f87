package middleware

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeResponseWriter has every method of http.ResponseWriter and of its optional interfaces, and
// records the calls it gets; fakeCombinations (generated) hides all but a combination of them.
type fakeResponseWriter struct {
	header http.Header
	body   bytes.Buffer
	calls  []string // the methods called, in order
	closed chan bool
	conn   net.Conn
}

// errFake is what the fake's methods that return an error return, so that a test sees it
// passed back.
var errFake = errors.New("fake writer's error")

func newFakeResponseWriter() *fakeResponseWriter {
	return &fakeResponseWriter{header: http.Header{}, closed: make(chan bool), conn: &net.TCPConn{}}
}

func (f *fakeResponseWriter) called(m string)     { f.calls = append(f.calls, m) }
func (f *fakeResponseWriter) Header() http.Header { f.called("Header"); return f.header }
func (f *fakeResponseWriter) WriteHeader(int)     { f.called("WriteHeader") }
func (f *fakeResponseWriter) Write(b []byte) (int, error) {
	f.called("Write")
	return f.body.Write(b)
}
func (f *fakeResponseWriter) WriteString(s string) (int, error) {
	f.called("WriteString")
	return f.body.WriteString(s)
}
func (f *fakeResponseWriter) ReadFrom(src io.Reader) (int64, error) {
	f.called("ReadFrom")
	return f.body.ReadFrom(src)
}
func (f *fakeResponseWriter) Flush()                   { f.called("Flush") }
func (f *fakeResponseWriter) FlushError() error        { f.called("FlushError"); return errFake }
func (f *fakeResponseWriter) CloseNotify() <-chan bool { f.called("CloseNotify"); return f.closed }
func (f *fakeResponseWriter) EnableFullDuplex() error  { f.called("EnableFullDuplex"); return errFake }
func (f *fakeResponseWriter) Push(string, *http.PushOptions) error {
	f.called("Push")
	return errFake
}
func (f *fakeResponseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	f.called("Hijack")
	return f.conn, nil, nil
}
func (f *fakeResponseWriter) SetReadDeadline(time.Time) error {
	f.called("SetReadDeadline")
	return errFake
}
func (f *fakeResponseWriter) SetWriteDeadline(time.Time) error {
	f.called("SetWriteDeadline")
	return errFake
}

// optionalInterfaces are the optional interfaces a wrapped writer keeps, written out here rather
// than taken from the generator, in the order of the bits of a combination.
var optionalInterfaces = []struct {
	name string
	has  func(w http.ResponseWriter) bool
}{
	{"http.Flusher", func(w http.ResponseWriter) bool { _, ok := w.(http.Flusher); return ok }},
	{"FlushError", func(w http.ResponseWriter) bool { _, ok := w.(interface{ FlushError() error }); return ok }},
	{"CloseNotify", func(w http.ResponseWriter) bool { _, ok := w.(interface{ CloseNotify() <-chan bool }); return ok }},
	{"http.Hijacker", func(w http.ResponseWriter) bool { _, ok := w.(http.Hijacker); return ok }},
	{"io.ReaderFrom", func(w http.ResponseWriter) bool { _, ok := w.(io.ReaderFrom); return ok }},
	{"Set(Read|Write)Deadline", func(w http.ResponseWriter) bool {
		_, r := w.(interface{ SetReadDeadline(time.Time) error })
		_, wr := w.(interface{ SetWriteDeadline(time.Time) error })
		if r != wr {
			panic(fmt.Sprintf("%T has one of SetReadDeadline and SetWriteDeadline", w))
		}
		return r
	}},
	{"EnableFullDuplex", func(w http.ResponseWriter) bool { _, ok := w.(interface{ EnableFullDuplex() error }); return ok }},
	{"http.Pusher", func(w http.ResponseWriter) bool { _, ok := w.(http.Pusher); return ok }},
	{"io.StringWriter", func(w http.ResponseWriter) bool { _, ok := w.(io.StringWriter); return ok }},
}

// combinationOf returns the bits of the optional interfaces w has.
func combinationOf(w http.ResponseWriter) int {
	c := 0
	for i, o := range optionalInterfaces {
		if o.has(w) {
			c |= 1 << i
		}
	}
	return c
}

// interfaceNames names the optional interfaces of combination c.
func interfaceNames(c int) string {
	var n []string
	for i, o := range optionalInterfaces {
		if c&(1<<i) != 0 {
			n = append(n, o.name)
		}
	}
	return "[" + strings.Join(n, " ") + "]"
}

func TestWrapKeepsExactlyTheOptionalInterfaces(t *testing.T) {
	if len(fakeCombinations) != 1<<len(optionalInterfaces) {
		t.Fatalf("%d generated combinations, want %d", len(fakeCombinations), 1<<len(optionalInterfaces))
	}
	for c, fake := range fakeCombinations {
		w := fake(newFakeResponseWriter())
		if got := combinationOf(w); got != c {
			t.Fatalf("fake %d has %s, want %s", c, interfaceNames(got), interfaceNames(c))
		}
		wrapped := (&answer{w: w}).wrap()
		if got := combinationOf(wrapped); got != c {
			t.Errorf("%T wrapping %s has %s", wrapped, interfaceNames(c), interfaceNames(got))
		}
		u, ok := wrapped.(interface{ Unwrap() http.ResponseWriter })
		if !ok || u.Unwrap() != w {
			t.Errorf("%T wrapping %s: Unwrap missing or not the original writer", wrapped, interfaceNames(c))
		}
	}
}

// wrapperCalls are the wrapper's methods, each called once by call on a wrapper whose state was
// made for the reply `{"code":"105110"}`, and what each must leave behind: the calls the
// underlying writer got, the status recorded, the code found, whether the connection is
// hijacked, the bytes written.
var wrapperCalls = []struct {
	method     string
	bit        int // of the optional interface the method belongs to; -1 for every writer
	call       func(w http.ResponseWriter) (result any, err error)
	want       any // the result, when it is not the error
	wantErr    error
	wantCalls  []string
	wantStatus int
	wantCode   string
	hijacked   bool
}{
	{"Header", -1, func(w http.ResponseWriter) (any, error) { return len(w.Header()), nil }, 0, nil, []string{"Header"}, 0, "", false},
	{"WriteHeader", -1, func(w http.ResponseWriter) (any, error) { w.WriteHeader(http.StatusCreated); return nil, nil },
		nil, nil, []string{"WriteHeader"}, http.StatusCreated, "", false},
	{"WriteHeader 103", -1, func(w http.ResponseWriter) (any, error) { w.WriteHeader(http.StatusEarlyHints); return nil, nil },
		nil, nil, []string{"WriteHeader"}, 0, "", false},
	{"Write", -1, func(w http.ResponseWriter) (any, error) { return w.Write([]byte(`{"code":"105110"}`)) },
		17, nil, []string{"Header", "Write"}, http.StatusOK, "105110", false},
	{"Flush", 0, func(w http.ResponseWriter) (any, error) { w.(http.Flusher).Flush(); return nil, nil },
		nil, nil, []string{"Flush"}, http.StatusOK, "", false},
	{"FlushError", 1, func(w http.ResponseWriter) (any, error) { return nil, w.(interface{ FlushError() error }).FlushError() },
		nil, errFake, []string{"FlushError"}, http.StatusOK, "", false},
	{"CloseNotify", 2, func(w http.ResponseWriter) (any, error) {
		return w.(interface{ CloseNotify() <-chan bool }).CloseNotify(), nil
	},
		nil, nil, []string{"CloseNotify"}, 0, "", false},
	{"Hijack", 3, func(w http.ResponseWriter) (any, error) { c, _, err := w.(http.Hijacker).Hijack(); return c, err },
		nil, nil, []string{"Hijack"}, 0, "", true},
	{"ReadFrom", 4, func(w http.ResponseWriter) (any, error) {
		return w.(io.ReaderFrom).ReadFrom(strings.NewReader(`{"code":"105110"}` + strings.Repeat(" ", 1000)))
	}, int64(1017), nil, []string{"Header", "Write", "ReadFrom"}, http.StatusOK, "105110", false},
	{"SetReadDeadline", 5, func(w http.ResponseWriter) (any, error) {
		return nil, w.(interface{ SetReadDeadline(time.Time) error }).SetReadDeadline(time.Time{})
	}, nil, errFake, []string{"SetReadDeadline"}, 0, "", false},
	{"SetWriteDeadline", 5, func(w http.ResponseWriter) (any, error) {
		return nil, w.(interface{ SetWriteDeadline(time.Time) error }).SetWriteDeadline(time.Time{})
	}, nil, errFake, []string{"SetWriteDeadline"}, 0, "", false},
	{"EnableFullDuplex", 6, func(w http.ResponseWriter) (any, error) {
		return nil, w.(interface{ EnableFullDuplex() error }).EnableFullDuplex()
	},
		nil, errFake, []string{"EnableFullDuplex"}, 0, "", false},
	{"Push", 7, func(w http.ResponseWriter) (any, error) { return nil, w.(http.Pusher).Push("/x", nil) },
		nil, errFake, []string{"Push"}, 0, "", false},
	{"WriteString", 8, func(w http.ResponseWriter) (any, error) { return w.(io.StringWriter).WriteString(`{"code":"105110"}`) },
		17, nil, []string{"Header", "WriteString"}, http.StatusOK, "105110", false},
}

func TestWrapMethodsRecordAndReachTheWriter(t *testing.T) {
	for c, fake := range fakeCombinations {
		for _, tt := range wrapperCalls {
			if tt.bit >= 0 && c&(1<<tt.bit) == 0 {
				continue
			}
			f := newFakeResponseWriter()
			a := &answer{w: fake(f), max: 64}
			got, err := tt.call(a.wrap())
			name := fmt.Sprintf("%s on %s", tt.method, interfaceNames(c))
			switch tt.method {
			case "CloseNotify":
				if got != (<-chan bool)(f.closed) {
					t.Errorf("%s returned %v, not the writer's channel", name, got)
				}
			case "Hijack":
				if got != f.conn {
					t.Errorf("%s returned %v, not the writer's connection", name, got)
				}
			default:
				if got != tt.want {
					t.Errorf("%s returned %v, want %v", name, got, tt.want)
				}
			}
			if err != tt.wantErr {
				t.Errorf("%s returned error %v, want %v", name, err, tt.wantErr)
			}
			if !slices.Equal(f.calls, tt.wantCalls) {
				t.Errorf("%s: writer got %v, want %v", name, f.calls, tt.wantCalls)
			}
			code, _ := a.scanner.code()
			if a.status != tt.wantStatus || string(code) != tt.wantCode || a.hijacked != tt.hijacked {
				t.Errorf("%s recorded status %d, code %q, hijacked %v; want %d, %q, %v",
					name, a.status, code, a.hijacked, tt.wantStatus, tt.wantCode, tt.hijacked)
			}
			if n, ok := tt.want.(int); ok && f.body.Len() != n {
				t.Errorf("%s: writer got %d bytes, want %d", name, f.body.Len(), n)
			}
			if n, ok := tt.want.(int64); ok && int64(f.body.Len()) != n {
				t.Errorf("%s: writer got %d bytes, want %d", name, f.body.Len(), n)
			}
		}
	}
}

// TestHandlerKeepsNetHTTPWriters checks the wrapper of the writers net/http really hands a
// handler, HTTP/1.1 and HTTP/2 (which has Pusher and no Hijacker): the same optional interfaces.
func TestHandlerKeepsNetHTTPWriters(t *testing.T) {
	for _, proto := range []string{"HTTP/1.1", "HTTP/2.0"} {
		t.Run(proto, func(t *testing.T) {
			type seen struct{ wrapped, original int }
			got := make(chan seen, 1)
			srv := httptest.NewUnstartedServer(NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got <- seen{combinationOf(w), combinationOf(w.(interface{ Unwrap() http.ResponseWriter }).Unwrap())}
				_, _ = io.WriteString(w, `{"code":"000000"}`)
			})))
			srv.EnableHTTP2 = proto == "HTTP/2.0"
			srv.StartTLS()
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.Proto != proto {
				t.Fatalf("served over %s, want %s", resp.Proto, proto)
			}
			s := <-got
			if s.wrapped != s.original {
				t.Errorf("wrapped writer has %s, net/http's %s", interfaceNames(s.wrapped), interfaceNames(s.original))
			}
		})
	}
}
