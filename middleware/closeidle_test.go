package middleware

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"testing"
)

// TestTransportCloseIdleConnections: http.Client.CloseIdleConnections reaches the base transport
// through NewTransport (as it does through otelhttp's), so the next call dials anew; without it, a
// client cannot drop its pooled connections.
func TestTransportCloseIdleConnections(t *testing.T) {
	srv := httptest.NewServer(reply("application/json", `{"resp":{"respCode":"000000"}}`))
	defer srv.Close()
	tests := []struct {
		name       string
		closeIdle  bool
		wantReused bool
	}{
		{"kept", false, true},
		{"closed", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := &http.Transport{}
			defer base.CloseIdleConnections()
			client := &http.Client{Transport: NewTransport(base)}
			var reused []bool
			for i := 0; i < 2; i++ {
				trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { reused = append(reused, info.Reused) }}
				req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", srv.URL+templatePath, nil)
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if tt.closeIdle {
					client.CloseIdleConnections()
				}
			}
			if len(reused) != 2 || reused[1] != tt.wantReused {
				t.Errorf("second call reused = %v, want %v", reused, tt.wantReused)
			}
		})
	}
}

// TestTransportCloseIdleWithoutSupport: a base without CloseIdleConnections is left alone.
func TestTransportCloseIdleWithoutSupport(t *testing.T) {
	client := &http.Client{Transport: NewTransport(roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, nil }))}
	client.CloseIdleConnections() // must not panic
}
