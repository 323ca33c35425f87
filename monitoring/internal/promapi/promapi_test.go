package promapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/query":
			if r.URL.Query().Get("query") != "up" {
				_, _ = w.Write([]byte(`{"status":"error","error":"bad query"}`))
				return
			}
			_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"vector","result":[]}}`))
		case "/metrics":
			_, _ = w.Write([]byte("accept=" + r.Header.Get("Accept")))
		case "/garbage":
			_, _ = w.Write([]byte(`<html>`))
		default:
			http.Error(w, "no such page", http.StatusNotFound)
		}
	}))
	defer srv.Close()
	c := Client{Base: srv.URL}
	ctx := context.Background()

	var data struct {
		ResultType string `json:"resultType"`
	}
	if err := c.Data(ctx, "/api/v1/query", url.Values{"query": {"up"}}, &data); err != nil || data.ResultType != "vector" {
		t.Errorf("Data = %+v, %v; want resultType vector", data, err)
	}
	tests := []struct {
		name, path, query, want string
	}{
		{"error status", "/api/v1/query", "down", `status "error": bad query`},
		{"not JSON", "/garbage", "", "GET /garbage: invalid character"},
		{"404", "/nothing", "", "GET /nothing: 404 Not Found: no such page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any
			err := c.Data(ctx, tt.path, url.Values{"query": {tt.query}}, &v)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Data(%s) = %v, want an error containing %q", tt.path, err, tt.want)
			}
		})
	}
	body, err := c.Get(ctx, "/metrics", nil, "text/plain")
	if err != nil || string(body) != "accept=text/plain" {
		t.Errorf("Get /metrics = %q, %v; want the Accept header sent", body, err)
	}
}
