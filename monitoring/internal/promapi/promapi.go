// Package promapi reads the HTTP API of a Prometheus-compatible server (Prometheus,
// victoria-metrics, vmagent, Alertmanager): the fleet report (monitoring/scale/report) and the
// end-to-end tests (monitoring/e2e) share it.
package promapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// MaxBody bounds the bytes read from one answer (a large query result or a whole /metrics page
// fits; a server gone mad does not exhaust memory).
const MaxBody = 256 << 20

// Client sends GET requests to one server.
type Client struct {
	Base string       // scheme and host, e.g. http://127.0.0.1:9090, no trailing slash
	HTTP *http.Client // nil: http.DefaultClient
}

// Get fetches path?query, with an Accept header when accept is not empty, and returns the body of
// a 200 answer; any other status is an error carrying the start of the body.
func (c Client) Get(ctx context.Context, path string, query url.Values, accept string) ([]byte, error) {
	u := c.Base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %.500s", path, resp.Status, body)
	}
	return body, nil
}

// Data fetches an /api/v1 endpoint and decodes the data member of its answer into v; an answer
// whose status is not "success" is an error carrying the server's error text.
func (c Client) Data(ctx context.Context, path string, query url.Values, v any) error {
	body, err := c.Get(ctx, path, query, "")
	if err != nil {
		return err
	}
	var envelope struct {
		Status string          `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if envelope.Status != "success" {
		return fmt.Errorf("GET %s: status %q: %s", path, envelope.Status, envelope.Error)
	}
	return json.Unmarshal(envelope.Data, v)
}
