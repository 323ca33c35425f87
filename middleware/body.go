package middleware

import (
	"context"
	"errors"
	"io"
	"sync"
)

var errNilResponse = errors.New("ucpobs: base RoundTripper returned a nil response and a nil error")

// errReadOnClosed is what a body returns when read after Close, with net/http's own text.
var errReadOnClosed = errors.New("http: read on closed response body")

// peekChunk is how much is read from a body at a time while looking for the code. Platform replies
// are a few hundred bytes, so one read usually decides.
const peekChunk = 2 << 10

// bufPool holds peek buffers of capacity peekChunk. Larger buffers (a code far into a big body)
// are not pooled, so that the pool's memory stays bounded.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, peekChunk); return &b }}

// peek reads body into a pooled buffer until s has decided, limit bytes were read, or the body ended
// or failed. It returns the body to hand to the caller (the peeked bytes, then the read error or
// the rest of body), set up in into, and the read error met, io.EOF excluded.
func peek(body io.ReadCloser, s *codeScanner, limit int, into *replayBody) (io.ReadCloser, error) {
	bp := bufPool.Get().(*[]byte)
	src := rawSource{body: body, buf: (*bp)[:0], limit: limit}
	for src.fill() {
		chunk := src.buf[src.pos:]
		src.pos = len(src.buf)
		if s.feed(chunk) {
			break
		}
	}
	return newReplay(into, body, bp, src.buf, src.err), src.readErr()
}

// rawSource reads body into buf, at most limit bytes, keeping every byte read so that the caller
// can be handed them again. peek consumes buf directly; the gzip peek reads it through the
// io.Reader and io.ByteReader methods in gzip.go.
type rawSource struct {
	body  io.Reader
	buf   []byte // every byte read from body so far
	pos   int    // bytes of buf consumed
	limit int    // bytes of body read at most
	err   error  // the body's read error (io.EOF included), nil while it can be read
}

// readErr is the error reading body met, nil when none or when it ended (io.EOF).
func (r *rawSource) readErr() error {
	if r.err == io.EOF {
		return nil
	}
	return r.err
}

// fill reads more of body into buf until there are unconsumed bytes; it returns false when
// nothing more can be had (the body failed or ended, or limit bytes were read). The buffer grows
// only when a code lies beyond its first chunk.
func (r *rawSource) fill() bool {
	for r.pos == len(r.buf) {
		if r.err != nil || len(r.buf) >= r.limit {
			return false
		}
		if len(r.buf) == cap(r.buf) {
			r.buf = append(r.buf, 0)[:len(r.buf)]
		}
		room := r.buf[len(r.buf):min(cap(r.buf), r.limit)]
		n, err := r.body.Read(room)
		r.buf = r.buf[:len(r.buf)+n]
		r.err = err
	}
	return true
}

// newReplay sets up into as the body that replays buf, then err or the rest of body, and returns
// it (into is part of the call's record: no allocation of its own). bp is the pooled buffer buf
// was read into: it stays with the replay when buf still fits it, and goes back to the pool now
// when buf outgrew it (grown buffers are not pooled).
func newReplay(into *replayBody, body io.ReadCloser, bp *[]byte, buf []byte, err error) io.ReadCloser {
	if cap(buf) == peekChunk {
		*bp = buf
	} else {
		bufPool.Put(bp)
		bp = new([]byte) // not &buf: that would move buf to the heap on every call
		*bp = buf
	}
	*into = replayBody{body: body, bp: bp, buf: buf, err: err}
	return into
}

// replayBody gives back the bytes peek read, then the error peek met (io.EOF included) or the
// rest of the original body. Close closes the original body. Its buffer goes back to the pool
// once replayed or closed.
type replayBody struct {
	body   io.ReadCloser
	mu     sync.Mutex
	bp     *[]byte // pooled buffer, nil once released
	buf    []byte  // unread peeked bytes
	err    error   // error met while peeking, returned once buf is drained
	closed bool
}

// Read implements io.Reader. After Close it fails, as net/http's bodies do, also when the peek
// had already read the whole body.
func (r *replayBody) Read(p []byte) (int, error) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return 0, errReadOnClosed
	}
	if len(r.buf) == 0 {
		r.release()
		err := r.err
		r.mu.Unlock()
		if err != nil {
			return 0, err
		}
		return r.body.Read(p)
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	var err error
	if len(r.buf) == 0 {
		r.release()
		err = r.err // the replay ends where peeking ended: with its error, io.EOF included
	}
	r.mu.Unlock()
	return n, err
}

// Close implements io.Closer: it closes the original body.
func (r *replayBody) Close() error {
	r.mu.Lock()
	r.release()
	r.closed = true
	r.mu.Unlock()
	return r.body.Close()
}

// release returns the buffer to the pool; r.mu is held.
func (r *replayBody) release() {
	if r.bp == nil {
		return
	}
	if cap(*r.bp) == peekChunk {
		*r.bp = (*r.bp)[:0]
		bufPool.Put(r.bp)
	}
	r.bp = nil
	r.buf = nil
}

// peekBody is peek, or peekGzip for a gzip-encoded body.
func peekBody(body io.ReadCloser, s *codeScanner, gzipped bool, limit int, into *replayBody) (io.ReadCloser, error) {
	if gzipped {
		return peekGzip(body, s, limit, into)
	}
	return peek(body, s, limit, into)
}

// peekJob is a peek run in a goroutine of its own, so that RoundTrip can stop waiting for it
// when the request's context ends: a base transport other than net/http's may return a body whose
// reads do not follow the context, which would otherwise hold RoundTrip past the deadline. Its
// fields belong to the goroutine until done is closed.
type peekJob struct {
	scanner codeScanner
	body    io.ReadCloser // the replay peekBody returned
	err     error         // the read error peekBody returned
	done    chan struct{}
}

// peekAsync starts peeking body in a goroutine, with a copy of the fresh scanner s, the replay
// set up in into, and waits until the peek ends or ctx does.
func peekAsync(ctx context.Context, body io.ReadCloser, s codeScanner, gzipped bool, limit int, into *replayBody) *peekJob {
	job := &peekJob{scanner: s, done: make(chan struct{})}
	go func() {
		defer close(job.done)
		job.body, job.err = peekBody(body, &job.scanner, gzipped, limit, into)
	}()
	select {
	case <-job.done:
	case <-ctx.Done():
	}
	return job
}

// finished reports whether the peek has ended.
func (j *peekJob) finished() bool {
	select {
	case <-j.done:
		return true
	default:
		return false
	}
}

// pendingBody is the body of a reply whose peek outlived the request's context. A read waits
// for the peek to end (its read of the original body is in flight), then goes on with the
// replay; Close closes the original body at once, which ends that read.
type pendingBody struct {
	job    *peekJob
	orig   io.ReadCloser
	mu     sync.Mutex
	closed bool
}

// Read implements io.Reader.
func (b *pendingBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return 0, errReadOnClosed
	}
	<-b.job.done
	return b.job.body.Read(p)
}

// Close implements io.Closer.
func (b *pendingBody) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	if b.job.finished() {
		return b.job.body.Close()
	}
	return b.orig.Close()
}

// lazyBody is the body of a reply that RoundTrip did not read (the request was still being
// sent): it reads nothing on its own. The bytes the caller reads go to the scanner on their way
// (at most left of them), and record is called once, when the code is known, the budget spent,
// the body ended or failed, or the caller closed it, whichever comes first.
type lazyBody struct {
	body    io.ReadCloser
	mu      sync.Mutex
	scanner codeScanner
	left    int
	record  func(sc *codeScanner, readErr error) // nil once called
}

// Read implements io.Reader.
func (b *lazyBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	b.mu.Lock()
	if b.record == nil {
		b.mu.Unlock()
		return n, err
	}
	if seen := min(n, b.left); seen > 0 {
		b.left -= seen
		b.scanner.feed(p[:seen])
	}
	var record func(*codeScanner, error)
	if err != nil || b.left <= 0 || b.scanner.done() {
		record, b.record = b.record, nil
	}
	b.mu.Unlock()
	if record != nil {
		readErr := err
		if readErr == io.EOF {
			readErr = nil
		}
		record(&b.scanner, readErr)
	}
	return n, err
}

// Close implements io.Closer: it records the call if no read did, then closes the body.
func (b *lazyBody) Close() error {
	b.mu.Lock()
	record := b.record
	b.record = nil
	b.mu.Unlock()
	if record != nil {
		record(&b.scanner, nil)
	}
	return b.body.Close()
}
