package ucpaastest

import (
	"net/http"
	"strings"
	"testing"
)

func TestUnservedPathsAndMethods(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		path       string
		wantStatus int
		wantAllow  string
	}{
		{"unknown path", http.MethodPost, "/nothing", http.StatusNotFound, ""},
		{"unknown family A operation", http.MethodPost, familyAPrefix + DefaultSID + "/Messages/other", http.StatusNotFound, ""},
		{"family A' not served", http.MethodPost, "/2015-06-30/Accounts/" + DefaultSID + "/Conference/create", http.StatusNotFound, ""},
		{"unknown family B operation", http.MethodPost, "/ol/sms/addsmstemplate", http.StatusNotFound, ""},
		{"template SMS by GET", http.MethodGet, familyAPrefix + DefaultSID + "/Messages/templateSMS.json", http.StatusMethodNotAllowed, "POST"},
		{"account info by POST", http.MethodPost, familyAPrefix + DefaultSID, http.StatusMethodNotAllowed, "GET"},
		{"clients by DELETE", http.MethodDelete, familyAPrefix + DefaultSID + "/Clients", http.StatusMethodNotAllowed, "GET, POST"},
		{"sendsms by GET", http.MethodGet, "/ol/sms/sendsms", http.StatusMethodNotAllowed, "POST"},
	}
	srv := newTestServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(ctx, tt.method, srv.URL+tt.path, nil)
			res := send(t, srv, req, err)
			if res.status != tt.wantStatus || res.code != "" {
				t.Errorf("HTTP %d code %q, want HTTP %d and no code (body %q)", res.status, res.code, tt.wantStatus, res.body)
			}
			if allow := allowOf(t, srv, tt.method, tt.path); allow != tt.wantAllow {
				t.Errorf("Allow %q, want %q", allow, tt.wantAllow)
			}
		})
	}
}

// allowOf returns the Allow header the server answers method path with.
func allowOf(t *testing.T, srv *Server, method, path string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("Allow")
}

func TestOversizedBody(t *testing.T) {
	srv := newTestServer(t)
	big := `{"sid":"` + strings.Repeat("x", maxBody) + `"}`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/ol/sms/sendsms", strings.NewReader(big))
	if res := send(t, srv, req, err); res.status != http.StatusBadRequest {
		t.Errorf("HTTP %d for a body over %d bytes, want 400", res.status, maxBody)
	}
}

func TestWithMiddleware(t *testing.T) {
	var order []string
	mark := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				w.Header().Set("X-Seen-By", name)
				next.ServeHTTP(w, r)
			})
		}
	}
	srv := newTestServer(t, WithMiddleware(mark("outer")), WithMiddleware(nil), WithMiddleware(mark("inner")))
	req, err := builder(srv).AccountInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := strings.Join(order, ","); got != "outer,inner" {
		t.Errorf("middlewares ran %q, want outer,inner", got)
	}
	if got := resp.Header.Get("X-Seen-By"); got != "inner" {
		t.Errorf("X-Seen-By %q, want inner (the innermost sets it last)", got)
	}
}
