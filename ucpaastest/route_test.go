package ucpaastest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestUnservedPathsAndMethods pins that a path or method the simulator does not serve answers
// HTTP 200 in the format of its family with a catalog code: 100007 (查无数据), 101107 for a
// version the platform does not have, and an Allow header when only the method is wrong.
func TestUnservedPathsAndMethods(t *testing.T) {
	tests := []struct {
		name, method, path, accept string
		wantBody                   string
		wantAllow                  string
	}{
		{"unknown path", http.MethodPost, "/nothing", "", `{"resp":{"respCode":"100007"}}`, ""},
		{"unknown path, XML asked", http.MethodGet, "/nothing", "application/xml", xmlHeader + `<resp><respCode>100007</respCode></resp>`, ""},
		{"unknown family A operation", http.MethodPost, familyAPrefix + DefaultSID + "/Messages/other", "", `{"resp":{"respCode":"100007"}}`, ""},
		{"unknown family A operation .xml", http.MethodPost, familyAPrefix + DefaultSID + "/Messages/other.xml", "", xmlHeader + `<resp><respCode>100007</respCode></resp>`, ""},
		{"unknown version", http.MethodGet, "/2099-01-01/Accounts/" + DefaultSID, "", `{"resp":{"respCode":"101107"}}`, ""},
		{"restApi below 2014-06-30", http.MethodGet, "/2014-06-30/restApi/" + DefaultSID + "/ClientsByMobile", "", `{"resp":{"respCode":"100007"}}`, ""},
		{"unknown family B operation", http.MethodPost, "/ol/sms/addsmstemplate", "", `{"code":"100007","msg":"查无数据","uid":""}`, ""},
		{"unknown family C operation", http.MethodPost, "/sms-server/other", "", `{"code":"100007","msg":"查无数据"}`, ""},
		{"template SMS by GET", http.MethodGet, familyAPrefix + DefaultSID + "/Messages/templateSMS.json", "", `{"resp":{"respCode":"100007"}}`, "POST"},
		{"account info by POST", http.MethodPost, familyAPrefix + DefaultSID, "", `{"resp":{"respCode":"100007"}}`, "GET"},
		{"clients by DELETE", http.MethodDelete, familyAPrefix + DefaultSID + "/Clients", "", `{"resp":{"respCode":"100007"}}`, "GET, POST"},
		{"sendsms by GET", http.MethodGet, "/ol/sms/sendsms", "", `{"code":"100007","msg":"查无数据","uid":""}`, "POST"},
		{"variablesms by GET", http.MethodGet, "/sms-server/variablesms", "", `{"code":"100007","msg":"查无数据"}`, "POST"},
	}
	srv := newTestServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(ctx, tt.method, srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || string(body) != tt.wantBody {
				t.Errorf("HTTP %d %s, want HTTP 200 %s", resp.StatusCode, body, tt.wantBody)
			}
			if allow := resp.Header.Get("Allow"); allow != tt.wantAllow {
				t.Errorf("Allow %q, want %q", allow, tt.wantAllow)
			}
		})
	}
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
