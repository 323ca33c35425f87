package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
)

// NewHandler returns an http.Handler that serves each request with next and observes the answer
// it writes in the platform's format: the return code is read from the first bytes the handler
// writes (at most WithMaxPeekBytes of them, and none once the code is known; an answer the
// handler gzips itself, with Content-Encoding: gzip, is decompressed, at most WithMaxPeekBytes of
// it, when the handler returns), and the answer is logged, traced and counted once, when next
// returns. Its status is the first WriteHeader of 101 Switching Protocols or of 200 or more
// (implicitly 200 with the first write or flush); the other 1xx headers (100 Continue, 103 Early
// Hints) are informational and not recorded. For a router's Use, see NewMiddleware.
//
// The ResponseWriter next receives has exactly the optional interfaces of the original (the set
// httpsnoop keeps: http.Flusher, http.Hijacker, io.ReaderFrom, http.Pusher, io.StringWriter,
// http.CloseNotifier and the FlushError, SetReadDeadline, SetWriteDeadline and EnableFullDuplex
// methods http.ResponseController looks for) and Unwrap, so http.ResponseController works
// through it; bytes are passed on unchanged, undelayed and in order. The request body is not
// touched.
//
// A panicking next is recorded (its code if it wrote one, otherwise category platform) and the
// panic continues with the same value; http.ErrAbortHandler is recorded without being logged as a
// panic. A hijacked connection (a WebSocket or other upgrade) is recorded without a code, as a
// request of category unparsed that is neither counted as a failure nor logged above Debug; so
// is an answer that is none in the platform's format: a redirect (3xx with a Location header), a
// 1xx, 204 or 304 status, or the answer to a HEAD request.
//
// Put NewHandler outside http.TimeoutHandler, not inside it: inside, it records what the late
// handler wrote while the client got TimeoutHandler's 503.
func NewHandler(next http.Handler, opts ...Option) http.Handler {
	if next == nil {
		panic("ucpobs: NewHandler needs a handler")
	}
	return &handler{next: next, rp: newReporter(observation.Server, newConfig(opts))}
}

// NewMiddleware returns NewHandler in the form routers take for their middleware
// (func(http.Handler) http.Handler: chi's Use, gorilla/mux's Use, alice): each handler given to
// the function it returns is wrapped as NewHandler(next, opts...) wraps it. The options are
// applied once, and every handler wrapped shares that configuration. The function panics when
// given a nil handler, as NewHandler does.
//
// The operation function (WithOperationFunc) runs before next: a router that routes inside next
// (chi's Use on the whole router) has not matched the route yet, so name operations from the
// request's path (the default, operation.FromRequest, does).
func NewMiddleware(opts ...Option) func(http.Handler) http.Handler {
	rp := newReporter(observation.Server, newConfig(opts))
	return func(next http.Handler) http.Handler {
		if next == nil {
			panic("ucpobs: NewMiddleware needs a handler")
		}
		return &handler{next: next, rp: rp}
	}
}

type handler struct {
	next http.Handler
	rp   *reporter
}

// ServeHTTP implements http.Handler.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.rp.observes(r) {
		h.next.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	op := h.rp.operation(r)
	ctx, span := h.rp.startSpan(r.Context(), r.Header, op)
	if ctx != r.Context() {
		r = r.WithContext(ctx)
	}
	a := &answer{w: w, max: h.rp.maxPeekBytes}
	a.scanner.collectFor(op)
	defer func() {
		p := recover()
		o, scanPanic := a.observation(h.rp.catalog, r.Method, p, r.URL)
		if scanPanic != nil {
			h.rp.hookFailed(metricsink.StageExtract, scanPanic)
		}
		o.Operation, o.Method, o.URL = op, r.Method, r.URL
		o.Duration = time.Since(start)
		h.rp.finish(ctx, span, &o)
		if p != nil {
			panic(p)
		}
	}()
	h.next.ServeHTTP(a.wrap(), r)
}

// answer follows what a handler writes: its status and, until the code is known, its bytes. It is
// also the ResponseWriter the handler writes to, converted by wrap to the generated type that has
// exactly the optional interfaces of w: one allocation per request for both.
//
//go:generate go run ./internal/genwrap -out wrap_generated.go -test-out wrap_generated_test.go
type answer struct {
	w   http.ResponseWriter
	max int // bytes still to be teed at most

	mu       sync.Mutex // handlers may write from several goroutines (with their own locking)
	status   int
	hijacked bool
	scanner  codeScanner
	encoding answerEncoding
	zipped   *[]byte // the gzip-encoded bytes written (at most peek of them), nil until the first
}

// The methods of the ResponseWriter the handler writes to (wrap_generated.go) that record
// something: each records in a, then calls a.w.

func (a *answer) writeHeader(code int) {
	a.header(code)
	a.w.WriteHeader(code)
}

func (a *answer) write(b []byte) (int, error) {
	a.tee(b)
	return a.w.Write(b)
}

func (a *answer) writeString(s string) (int, error) {
	a.teeString(s)
	return a.w.(io.StringWriter).WriteString(s)
}

func (a *answer) flush() {
	a.header(http.StatusOK) // a flush sends the implicit 200 when nothing was written
	a.w.(http.Flusher).Flush()
}

func (a *answer) flushError() error {
	a.header(http.StatusOK)
	return a.w.(flushErrorer).FlushError()
}

func (a *answer) hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := a.w.(http.Hijacker).Hijack()
	if err == nil {
		a.mu.Lock()
		a.hijacked = true
		a.mu.Unlock()
	}
	return conn, rw, err
}

// header records the first final status (1xx are informational, except 101 Switching Protocols).
func (a *answer) header(code int) {
	if code < 200 && code != http.StatusSwitchingProtocols {
		return
	}
	a.mu.Lock()
	if a.status == 0 {
		a.status = code
	}
	a.mu.Unlock()
}

// tee hands b to the scanner while the code is unknown and the peek budget lasts.
func (a *answer) tee(b []byte) {
	a.mu.Lock()
	a.teeLocked(b)
	a.mu.Unlock()
}

func (a *answer) teeLocked(b []byte) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if a.max <= 0 || a.scanner.done() {
		return
	}
	if len(b) > a.max {
		b = b[:a.max]
	}
	a.max -= len(b)
	if a.encoding == encodingUnknown {
		a.encoding = encodingPlain
		if isGzip(a.w.Header()) {
			a.encoding = encodingGzip
			a.zipped = bufPool.Get().(*[]byte)
		}
	}
	if a.encoding == encodingGzip {
		*a.zipped = append(*a.zipped, b...) // decoded when the handler is done
		return
	}
	a.scanner.feed(b)
}

// answerEncoding is how the bytes a handler writes are encoded.
type answerEncoding uint8

const (
	encodingUnknown answerEncoding = iota // nothing written yet
	encodingPlain
	encodingGzip // Content-Encoding: gzip, set by the handler
)

// gunzip hands the gzip-encoded bytes the handler wrote to the scanner, decoded (at most the
// peek budget of them: every byte teed went to a.zipped), and returns the buffer that held them;
// a.mu is held.
func (a *answer) gunzip() {
	if a.zipped == nil {
		return
	}
	scanGzip(*a.zipped, &a.scanner, a.max+len(*a.zipped))
	if cap(*a.zipped) == peekChunk {
		*a.zipped = (*a.zipped)[:0]
		bufPool.Put(a.zipped)
	}
	a.zipped = nil
}

// teeString is tee for WriteString, without copying the whole string.
func (a *answer) teeString(s string) {
	var chunk [256]byte
	a.mu.Lock()
	defer a.mu.Unlock()
	if s == "" {
		a.teeLocked(nil)
		return
	}
	for {
		n := copy(chunk[:], s)
		a.teeLocked(chunk[:n])
		s = s[n:]
		if s == "" || a.scanner.done() || a.max <= 0 {
			return
		}
	}
}

// readFrom serves io.Copy: while the code is unknown it copies through tee and a.w's Write, then
// hands the rest of src to a.w's ReadFrom (sendfile and friends).
func (a *answer) readFrom(src io.Reader) (int64, error) {
	var total int64
	if a.scanning() {
		bp := bufPool.Get().(*[]byte)
		defer bufPool.Put(bp)
		buf := (*bp)[:cap(*bp)]
		for a.scanning() {
			n, err := src.Read(buf)
			if n > 0 {
				a.tee(buf[:n])
				written, werr := a.w.Write(buf[:n])
				total += int64(written)
				if werr != nil {
					return total, werr
				}
			}
			if err == io.EOF {
				return total, nil
			}
			if err != nil {
				return total, err
			}
		}
	}
	n, err := a.w.(io.ReaderFrom).ReadFrom(src)
	if n > 0 {
		a.header(http.StatusOK) // the implicit 200 of a first write
	}
	return total + n, err
}

// scanning reports whether written bytes still go to the scanner.
func (a *answer) scanning() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.max > 0 && !a.scanner.done()
}

// observation turns what was seen into an Observation; method is the request's, p is the value
// next panicked with, u the request URL (the account SID of a balance comes from its path).
// scanPanic is what the scanner panicked with (recovered), nil when it did not.
func (a *answer) observation(catalog *codes.Catalog, method string, p any, u *url.URL) (o observation.Observation, scanPanic any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	o.Side = observation.Server
	o.StatusCode = a.status
	if o.StatusCode == 0 && p == nil && !a.hijacked {
		o.StatusCode = http.StatusOK // what net/http sends for a handler that wrote nothing
	}
	o.Hijacked = a.hijacked
	o.NotRead = p == nil && !a.hijacked && o.StatusCode != 0 && !isAnswer(method, o.StatusCode, a.w.Header())
	a.gunzip()
	raw, found := a.scanner.code()
	setCode(&o, catalog, raw, found && !a.hijacked && !o.NotRead)
	if !a.hijacked && !o.NotRead {
		a.scanner.collected(&o, catalog, u)
	}
	if p != nil {
		if p != http.ErrAbortHandler {
			o.Panic = p
		}
		if !found {
			o.Category = codes.CategoryPlatform
		}
	}
	return o, a.scanner.panic
}
