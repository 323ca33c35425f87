package ucpaastest

import (
	"net/http"
	"net/http/httptest"
)

// Server is a simulator listening on a loopback port, like httptest.Server. Its Simulator's
// methods (SetFault, SetBalance, …) change it while it runs.
type Server struct {
	// URL is the base URL, http://127.0.0.1:port, with no trailing slash. Both families are
	// served under it.
	URL string
	*Simulator

	ts *httptest.Server
}

// NewServer starts a simulator configured by opts on 127.0.0.1 and returns it. Call Close when
// done.
func NewServer(opts ...Option) *Server {
	sim := NewSimulator(opts...)
	ts := httptest.NewServer(sim)
	return &Server{URL: ts.URL, Simulator: sim, ts: ts}
}

// Close ends injected latencies, shuts the server down and waits for its requests to finish.
func (s *Server) Close() {
	s.Simulator.Close()
	s.ts.Close()
}

// Client returns an http.Client for the server; Close closes its idle connections.
func (s *Server) Client() *http.Client {
	return s.ts.Client()
}
