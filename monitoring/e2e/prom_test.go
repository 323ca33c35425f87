package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/ucpobs/ucpobs/monitoring/internal/promapi"
)

// promAPI talks to a server the test started (Prometheus, victoria-metrics, vmagent,
// Alertmanager) through its HTTP API.
type promAPI struct{ promapi.Client }

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
	err := p.Data(ctx, "/api/v1/alerts", nil, &data)
	return data.Alerts, err
}

// series runs expr as an instant query and returns how many series (or scalars) it gave.
func (p promAPI) series(ctx context.Context, expr string) (int, error) {
	var data struct {
		ResultType string          `json:"resultType"`
		Result     json.RawMessage `json:"result"`
	}
	if err := p.Data(ctx, "/api/v1/query", url.Values{"query": {expr}}, &data); err != nil {
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
	if err := p.Data(ctx, "/api/v1/query", url.Values{"query": {expr}}, &data); err != nil {
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
	if err := p.Data(ctx, "/api/v1/targets", url.Values{"state": {"active"}}, &data); err != nil {
		return 0, 0, err
	}
	for _, t := range data.ActiveTargets {
		if t.Health == "up" {
			up++
		}
	}
	return up, len(data.ActiveTargets), nil
}
