package middleware

import (
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
)

// errPeekFull stops the gzip reader once max raw bytes were read from the body.
var errPeekFull = errors.New("ucpobs: peek budget spent")

// gzipEncoded reports a reply that net/http left compressed: the caller asked for gzip itself
// (its own Accept-Encoding), so the body is the compressed stream.
func gzipEncoded(resp *http.Response) bool {
	if resp.Uncompressed {
		return false
	}
	ce := headerValue(resp.Header, "Content-Encoding")
	return ce != "" && strings.EqualFold(strings.TrimSpace(ce), "gzip")
}

// gunzipper is the pooled state of one gzip peek: the decompressor, the source it reads the
// compressed bytes from, and the buffer decompressed bytes land in before the scanner sees them.
type gunzipper struct {
	zr  gzip.Reader
	src rawSource
	out [peekChunk]byte
}

var gunzipPool = sync.Pool{New: func() any { return new(gunzipper) }}

// peekGzip is peek for a gzip-encoded body: it reads at most max compressed bytes from body,
// decompresses at most max bytes of them for s, and returns a body that replays the compressed
// bytes exactly as read, then the read error met or the rest of body.
func peekGzip(body io.ReadCloser, s *codeScanner, max int) io.ReadCloser {
	bp := bufPool.Get().(*[]byte)
	g := gunzipPool.Get().(*gunzipper)
	g.src = rawSource{body: body, buf: (*bp)[:0], max: max}
	if err := g.zr.Reset(&g.src); err == nil {
		g.zr.Multistream(false) // never wait for bytes past the first member
		for decoded := 0; decoded < max; {
			n, err := g.zr.Read(g.out[:min(len(g.out), max-decoded)])
			decoded += n
			if n > 0 && s.write(g.out[:n]) {
				break
			}
			if err != nil {
				break
			}
		}
	}
	buf, err := g.src.buf, g.src.err
	g.src = rawSource{}
	gunzipPool.Put(g)
	return newReplay(body, bp, buf, err)
}

// rawSource feeds the gzip reader from body, keeping every byte it reads in buf (at most max of
// them) so that they can be replayed. It implements io.ByteReader, so gzip adds no buffering of
// its own (which would read bytes this type does not see).
type rawSource struct {
	body io.Reader
	buf  []byte // every byte read from body so far
	pos  int    // bytes of buf handed to the gzip reader
	max  int
	err  error // the body's read error (io.EOF included), nil while it can be read
}

// fill reads more of body into buf; it returns false when nothing more can be had.
func (r *rawSource) fill() bool {
	for r.pos == len(r.buf) {
		if r.err != nil || len(r.buf) >= r.max {
			return false
		}
		if len(r.buf) == cap(r.buf) {
			r.buf = append(r.buf, 0)[:len(r.buf)]
		}
		room := r.buf[len(r.buf):min(cap(r.buf), r.max)]
		n, err := r.body.Read(room)
		r.buf = r.buf[:len(r.buf)+n]
		r.err = err
	}
	return true
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

// ReadByte implements io.ByteReader.
func (r *rawSource) ReadByte() (byte, error) {
	if !r.fill() {
		return 0, r.stopErr()
	}
	c := r.buf[r.pos]
	r.pos++
	return c, nil
}
