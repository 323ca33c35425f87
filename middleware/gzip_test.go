package middleware

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
)

// gzipResponse is a reply whose body is the compressed stream net/http did not decompress.
func gzipResponse(body io.ReadCloser) *http.Response {
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Encoding": {"gzip"}, "Content-Type": {"application/json"}}, Body: body, ContentLength: -1}
}

// chunkBody yields data n bytes at a time, then err.
type chunkBody struct {
	data   []byte
	n      int
	err    error
	closed bool
}

func (b *chunkBody) Read(p []byte) (int, error) {
	if len(b.data) == 0 {
		return 0, b.err
	}
	k := min(len(p), b.n, len(b.data))
	copy(p, b.data[:k])
	b.data = b.data[k:]
	return k, nil
}

func (b *chunkBody) Close() error { b.closed = true; return nil }

func TestTransportGzipPeek(t *testing.T) {
	boom := errors.New("read: connection reset by peer")
	small := gzipped(t, `{"resp":{"respCode":"100001"}}`)
	bomb := func() []byte { // 64 MiB of spaces, then the code: decoding stops at the cap
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(bytes.Repeat([]byte(" "), 64<<20))
		_, _ = io.WriteString(zw, `{"code":"100001"}`)
		_ = zw.Close()
		return b.Bytes()
	}()
	twoMembers := append(gzipped(t, " "), gzipped(t, `{"code":"100001"}`)...)
	tests := []struct {
		name     string
		data     []byte
		chunk    int
		err      error
		header   string // Content-Encoding
		uncompr  bool   // resp.Uncompressed
		wantCode string
		wantErr  error
	}{
		{"whole", small, 1 << 20, io.EOF, "gzip", false, "100001", nil},
		{"one byte per read", small, 1, io.EOF, "gzip", false, "100001", nil},
		{"header in other case and spaces", small, 7, io.EOF, " GZip ", false, "100001", nil},
		{"error in the middle of the stream", small[:len(small)/2], 3, boom, "gzip", false, "transport", boom}, // cut off: a transport failure
		{"gzip bomb", bomb, 4096, io.EOF, "gzip", false, "none", nil},
		{"first member only", twoMembers, 1 << 20, io.EOF, "gzip", false, "none", nil},
		{"already decompressed by net/http", []byte(`{"code":"100001"}`), 1 << 20, io.EOF, "", true, "100001", nil},
		{"other encoding is not decoded", small, 1 << 20, io.EOF, "br", false, "none", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			body := &chunkBody{data: bytes.Clone(tt.data), n: tt.chunk, err: tt.err}
			resp := gzipResponse(body)
			resp.Header.Set("Content-Encoding", tt.header)
			resp.Uncompressed = tt.uncompr
			rt := NewTransport(stubTransport{resp: resp}, k.options()...)
			start := time.Now()
			got, err := rt.RoundTrip(httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath, nil))
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("RoundTrip took %v: decoding is not bounded", d)
			}
			b, rerr := io.ReadAll(got.Body)
			if !bytes.Equal(b, tt.data) {
				t.Errorf("body: %d bytes, want the %d original bytes", len(b), len(tt.data))
			}
			if !errors.Is(rerr, tt.wantErr) || (tt.wantErr == nil && rerr != nil) {
				t.Errorf("read error %v, want %v", rerr, tt.wantErr)
			}
			_ = got.Body.Close()
			if !body.closed {
				t.Error("Close did not reach the original body")
			}
			if f := k.logs.All()[0].ContextMap(); f["ucpaas.code"] != tt.wantCode {
				t.Errorf("code %v, want %s", f["ucpaas.code"], tt.wantCode)
			}
		})
	}
}

// peekCost is the allocations and allocated bytes per RoundTrip of rt over a reply of data,
// read and closed by the caller, after warm-up.
func peekCost(rt http.RoundTripper, body *chunkBody, resp *http.Response, data []byte, encoding string) (allocs float64, bytesPer uint64) {
	req := httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath, nil)
	run := func() {
		body.data, body.n, body.err = data, 1<<20, io.EOF
		resp.Body = body // RoundTrip replaced it with the (now closed) replay
		resp.Header.Set("Content-Encoding", encoding)
		got, _ := rt.RoundTrip(req)
		_, _ = io.Copy(io.Discard, got.Body)
		_ = got.Body.Close()
	}
	run()
	allocs = testing.AllocsPerRun(200, run)
	const n = 200
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < n; i++ {
		run()
	}
	runtime.ReadMemStats(&after)
	return allocs, (after.TotalAlloc - before.TotalAlloc) / n
}

// TestTransportGzipCost: the gzip decoder is pooled, so after warm-up a gzip peek costs at most a
// few allocations more than a plain one, not a decompressor (tens of KiB) per call; and the plain
// path pays nothing for gzip support.
func TestTransportGzipCost(t *testing.T) {
	if raceEnabled {
		t.Skip("under the race detector sync.Pool drops items at random")
	}
	body := &chunkBody{}
	resp := gzipResponse(body)
	k := newKit(t)
	rt := NewTransport(stubTransport{resp: resp}, WithMetrics(k.metrics))
	plainAllocs, plainBytes := peekCost(rt, body, resp, []byte(`{"resp":{"respCode":"000000"}}`), "")
	gzAllocs, gzBytes := peekCost(rt, body, resp, gzipped(t, `{"resp":{"respCode":"000000"}}`), "gzip")
	if got := counted(t, k.reg, "ucpaas_client_requests_total"); len(got) != 1 || got["operation=template_sms"] == 0 {
		t.Fatalf("requests = %v, want every call ok (the gzip reply decoded)", got)
	}
	t.Logf("plain peek: %v allocs, %d B per call; gzip peek: %v allocs, %d B per call", plainAllocs, plainBytes, gzAllocs, gzBytes)
	if gzAllocs > plainAllocs+3 || gzBytes > plainBytes+2<<10 {
		t.Errorf("gzip peek costs %v allocs, %d B; plain %v allocs, %d B: want the decoder pooled (≤ 3 allocs, ≤ 2 KiB more)", gzAllocs, gzBytes, plainAllocs, plainBytes)
	}
}
