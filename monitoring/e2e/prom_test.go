package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// promAPI talks to the Prometheus the test started, through its HTTP API.
type promAPI struct {
	base   string // http://127.0.0.1:port
	client *http.Client
}

// get fetches path?query and returns the body of a 200 answer.
func (p promAPI) get(ctx context.Context, path string, query url.Values, accept string) ([]byte, error) {
	u := p.base + path
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
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %.500s", path, resp.Status, body)
	}
	return body, nil
}

// api fetches an /api/v1 endpoint and decodes its data member into v.
func (p promAPI) api(ctx context.Context, path string, query url.Values, v any) error {
	body, err := p.get(ctx, path, query, "")
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

// alert is one alert of /api/v1/alerts.
type alert struct {
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	State       string            `json:"state"` // pending or firing
}

// alerts returns the active alerts.
func (p promAPI) alerts(ctx context.Context) ([]alert, error) {
	var data struct {
		Alerts []alert `json:"alerts"`
	}
	err := p.api(ctx, "/api/v1/alerts", nil, &data)
	return data.Alerts, err
}

// series runs expr as an instant query and returns how many series (or scalars) it gave.
func (p promAPI) series(ctx context.Context, expr string) (int, error) {
	var data struct {
		ResultType string          `json:"resultType"`
		Result     json.RawMessage `json:"result"`
	}
	if err := p.api(ctx, "/api/v1/query", url.Values{"query": {expr}}, &data); err != nil {
		return 0, err
	}
	switch data.ResultType {
	case "vector", "matrix":
		var rs []json.RawMessage
		if err := json.Unmarshal(data.Result, &rs); err != nil {
			return 0, err
		}
		return len(rs), nil
	case "scalar", "string":
		return 1, nil
	}
	return 0, fmt.Errorf("query %s: result type %q", expr, data.ResultType)
}

// values runs expr as an instant query that must give a vector and returns its sample values.
func (p promAPI) values(ctx context.Context, expr string) ([]float64, error) {
	var data struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Value [2]any `json:"value"` // [unix time, "value"]
		} `json:"result"`
	}
	if err := p.api(ctx, "/api/v1/query", url.Values{"query": {expr}}, &data); err != nil {
		return nil, err
	}
	if data.ResultType != "vector" {
		return nil, fmt.Errorf("query %s: result type %q, want vector", expr, data.ResultType)
	}
	out := make([]float64, len(data.Result))
	for i, r := range data.Result {
		text, ok := r.Value[1].(string)
		if !ok {
			return nil, fmt.Errorf("query %s: sample value %v is not a string", expr, r.Value[1])
		}
		if _, err := fmt.Sscan(text, &out[i]); err != nil {
			return nil, fmt.Errorf("query %s: sample value %q: %w", expr, text, err)
		}
	}
	return out, nil
}

// targetsUp returns how many scrape targets are up, of how many.
func (p promAPI) targetsUp(ctx context.Context) (up, all int, err error) {
	var data struct {
		ActiveTargets []struct {
			Health string `json:"health"`
		} `json:"activeTargets"`
	}
	if err := p.api(ctx, "/api/v1/targets", url.Values{"state": {"active"}}, &data); err != nil {
		return 0, 0, err
	}
	for _, t := range data.ActiveTargets {
		if t.Health == "up" {
			up++
		}
	}
	return up, len(data.ActiveTargets), nil
}
