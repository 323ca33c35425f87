package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"
)

// heapBound is the extra heap a streamed body may cost, in use and allocated.
const heapBound = 8 << 20

// bigBody is the size of the streamed body: 1 GiB, or 128 MiB under the race detector (still
// sixteen times heapBound) so that the race run stays within CI time.
func bigBody() int64 {
	if raceEnabled {
		return 128 << 20
	}
	return 1 << 30
}

// heapDelta runs f and reports how much more heap was in use at the worst moment than before
// (sampled every few milliseconds) and how many bytes were allocated meanwhile, by every
// goroutine of the process (the test's server included).
func heapDelta(f func()) (peakInuse int64, allocated uint64) {
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	peak = max(peak, after.HeapInuse)
	return int64(peak) - int64(before.HeapInuse), after.TotalAlloc - before.TotalAlloc
}

// repeatReader yields n bytes: head, then spaces.
type repeatReader struct {
	head []byte
	n    int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	k := copy(p, r.head)
	r.head = r.head[k:]
	for i := k; i < len(p); i++ {
		p[i] = ' '
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// stream writes a bigBody() platform reply to w in 32 KiB writes, or through io.Copy (ReadFrom).
func stream(w http.ResponseWriter, viaCopy bool) {
	w.Header().Set("Content-Type", "application/json")
	src := &repeatReader{head: []byte(`{"code":"105110","msg":"`), n: bigBody()}
	if viaCopy {
		_, _ = io.Copy(w, src)
		return
	}
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// TestGiBThrough streams a 1 GiB reply (128 MiB under -race) through NewTransport, and as much through
// NewHandler (written in chunks, and with io.Copy), over loopback with every sink on, and checks
// that the extra heap stays under heapBound: nothing buffers the body.
func TestGiBThrough(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 1 GiB per case")
	}
	tests := []struct {
		name    string
		side    string
		viaCopy bool
	}{
		{"transport", "client", false},
		{"handler writes", "server", false},
		{"handler io.Copy", "server", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { stream(w, tt.viaCopy) })
			if tt.side == "server" {
				h = NewHandler(h, k.options()...)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			base := &http.Transport{}
			defer base.CloseIdleConnections()
			var rt http.RoundTripper = base
			if tt.side == "client" {
				rt = NewTransport(base, k.options()...)
			}
			client := &http.Client{Transport: rt}

			var n int64
			var err error
			peak, allocated := heapDelta(func() {
				var resp *http.Response
				resp, err = client.Post(srv.URL+"/ol/sms/sendsms", "application/json", nil)
				if err != nil {
					return
				}
				n, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			})
			if err != nil || n != bigBody() {
				t.Fatalf("read %d bytes, %v; want %d", n, err, bigBody())
			}
			waitFor(t, func() bool { return k.logs.Len() == 1 })
			if got := counted(t, k.reg, "ucpaas_"+tt.side+"_failures_total"); got["category=not_found,code=105110,operation=send_sms"] != 1 || len(got) != 1 {
				t.Errorf("failures = %v, want the 105110 once", got)
			}
			t.Logf("%d MiB through the %s: peak extra HeapInuse %.2f MiB, allocated %.2f MiB", bigBody()>>20, tt.name, float64(peak)/(1<<20), float64(allocated)/(1<<20))
			if peak > heapBound || allocated > heapBound {
				t.Errorf("%d MiB cost %d B extra heap in use and %d B allocated, want both under %d", bigBody()>>20, peak, allocated, heapBound)
			}
		})
	}
}
