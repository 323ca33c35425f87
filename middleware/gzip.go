package middleware

import (
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
)

// errPeekFull stops the gzip reader once limit raw bytes were read from the body.
var errPeekFull = errors.New("ucpobs: peek budget spent")

// gzipEncoded reports a reply that net/http left compressed: the caller asked for gzip itself
// (its own Accept-Encoding), so the body is the compressed stream.
func gzipEncoded(resp *http.Response) bool {
	return !resp.Uncompressed && isGzip(resp.Header)
}

// isGzip reports whether h says its body is gzip-encoded.
func isGzip(h http.Header) bool {
	return strings.EqualFold(strings.TrimSpace(headerValue(h, "Content-Encoding")), "gzip")
}

// gunzipper is the pooled state of one gzip peek: the decompressor, the source it reads the
// compressed bytes from, and the buffer decompressed bytes land in before the scanner sees them.
type gunzipper struct {
	zr  gzip.Reader
	src rawSource
	out [peekChunk]byte
}

var gunzipPool = sync.Pool{New: func() any { return new(gunzipper) }}

// peekGzip is peek for a gzip-encoded body: it reads at most limit compressed bytes from body,
// decompresses at most limit bytes of them for s, and returns a body that replays the compressed
// bytes exactly as read (set up in into), then the read error met or the rest of body; and the
// read error met, io.EOF excluded (not an error of the gzip stream itself).
func peekGzip(body io.ReadCloser, s *codeScanner, limit int, into *replayBody) (io.ReadCloser, error) {
	bp := bufPool.Get().(*[]byte)
	g := gunzipPool.Get().(*gunzipper)
	g.src = rawSource{body: body, buf: (*bp)[:0], limit: limit}
	if err := g.zr.Reset(&g.src); err == nil {
		g.scan(s, limit)
	}
	buf, err, readErr := g.src.buf, g.src.err, g.src.readErr()
	g.src = rawSource{}
	gunzipPool.Put(g)
	return newReplay(into, body, bp, buf, err), readErr
}

// scan decompresses, at most limit bytes, the gzip stream g.zr was reset to, into s until s has
// decided.
func (g *gunzipper) scan(s *codeScanner, limit int) {
	g.zr.Multistream(false) // never wait for bytes past the first member
	for decoded := 0; decoded < limit; {
		n, err := g.zr.Read(g.out[:min(len(g.out), limit-decoded)])
		decoded += n
		if n > 0 && s.feed(g.out[:n]) {
			return
		}
		if err != nil {
			return
		}
	}
}

// scanGzip hands s the decompressed content (at most limit bytes) of zipped, a gzip stream or the
// first bytes of one.
func scanGzip(zipped []byte, s *codeScanner, limit int) {
	g := gunzipPool.Get().(*gunzipper)
	g.src = rawSource{buf: zipped, err: io.EOF, limit: len(zipped)} // every byte is already there
	if err := g.zr.Reset(&g.src); err == nil {
		g.scan(s, limit)
	}
	g.src = rawSource{}
	gunzipPool.Put(g)
}

// stopErr is what the gzip reader is told when fill gives up.
func (r *rawSource) stopErr() error {
	if r.err != nil {
		return r.err
	}
	return errPeekFull
}

// Read implements io.Reader.
func (r *rawSource) Read(p []byte) (int, error) {
	if !r.fill() {
		return 0, r.stopErr()
	}
	n := copy(p, r.buf[r.pos:])
	r.pos += n
	return n, nil
}

// ReadByte implements io.ByteReader, so that gzip reads through rawSource without buffering of
// its own (which would read bytes past what the scanner was given).
func (r *rawSource) ReadByte() (byte, error) {
	if !r.fill() {
		return 0, r.stopErr()
	}
	c := r.buf[r.pos]
	r.pos++
	return c, nil
}

// headerValue is h.Get(key) for a key already in canonical form, without canonicalising it again
// on every call.
func headerValue(h http.Header, canonicalKey string) string {
	if v := h[canonicalKey]; len(v) > 0 {
		return v[0]
	}
	return ""
}
