package testkit

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"testing"
)

// SyncBuffer is a bytes.Buffer that is safe to read while other goroutines write to it: the
// output of a program run in-process, a process's stdout, a zap core's sink.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p to the buffer.
func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// OpenMetrics is the Accept header value that asks a Prometheus handler for the OpenMetrics text
// format (the one with exemplars).
const OpenMetrics = "application/openmetrics-text; version=1.0.0"

// Scrape returns the body client gets for a GET of url, sent with the Accept header accept unless
// it is "". It returns "" when the request fails (the endpoint is gone) and fails the test when
// the body cannot be read.
func Scrape(t testing.TB, client *http.Client, url, accept string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := client.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}
