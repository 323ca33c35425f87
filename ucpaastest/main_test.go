package ucpaastest

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// testNow is the fixed clock of the tests: 2024-05-01 10:00:00 Beijing time.
var testNow = time.Date(2024, 5, 1, 10, 0, 0, 0, beijing)

func fixedClock() time.Time { return testNow }

// newTestServer starts a server on the fixed clock and closes it with the test.
func newTestServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	srv := NewServer(append([]Option{WithClock(fixedClock)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

// builder returns a Builder for the default account on the fixed clock.
func builder(srv *Server) Builder {
	return Builder{BaseURL: srv.URL, Account: DefaultAccount(), Now: fixedClock}
}

// result is a decoded reply.
type result struct {
	status      int
	contentType string
	body        string
	code        string         // respCode (family A) or code (family B)
	payload     map[string]any // family A JSON: the resp object; family B: the whole object
}

// sender returns a function that sends a request (built without error) to srv and decodes the
// reply; it takes a builder's two results directly.
func sender(t *testing.T, srv *Server) func(*http.Request, error) result {
	return func(req *http.Request, err error) result {
		t.Helper()
		return send(t, srv, req, err)
	}
}

func send(t *testing.T, srv *Server, req *http.Request, err error) result {
	t.Helper()
	if err != nil {
		t.Fatalf("building request: %v", err)
	}
	res, err := fetch(srv, req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fetch sends req to srv and decodes the reply; it is safe to call from any goroutine.
func fetch(srv *Server, req *http.Request) (result, error) {
	resp, err := srv.Client().Do(req)
	if err != nil {
		return result{}, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	return decodeReply(resp, req)
}

// decodeReply reads and decodes a reply to req.
func decodeReply(resp *http.Response, req *http.Request) (result, error) {
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return result{}, fmt.Errorf("reading reply: %w", err)
	}
	res := result{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: string(b)}
	switch {
	case resp.StatusCode != http.StatusOK:
	case strings.HasPrefix(res.contentType, "application/xml"):
		var x struct {
			XMLName  xml.Name `xml:"resp"`
			RespCode string   `xml:"respCode"`
		}
		if err := xml.Unmarshal(b, &x); err != nil {
			return res, fmt.Errorf("XML reply %q: %w", b, err)
		}
		res.code = x.RespCode
	case strings.HasPrefix(req.URL.Path, "/ol/") || strings.HasPrefix(req.URL.Path, "/sms-server/"):
		if err := json.Unmarshal(b, &res.payload); err != nil {
			return res, fmt.Errorf("family B/C reply %q: %w", b, err)
		}
		switch code := res.payload["code"].(type) {
		case string:
			res.code = code
		case float64: // family C's success: the number 0
			res.code = fmt.Sprintf("%06.0f", code)
		}
	default:
		var a struct {
			Resp map[string]any `json:"resp"`
		}
		if err := json.Unmarshal(b, &a); err != nil {
			return res, fmt.Errorf("family A reply %q: %w", b, err)
		}
		res.payload = a.Resp
		res.code, _ = a.Resp["respCode"].(string)
	}
	return res, nil
}

// object returns payload[name] as an object, failing the test when it is not one.
func object(t *testing.T, payload map[string]any, name string) map[string]any {
	t.Helper()
	obj, isObj := payload[name].(map[string]any)
	if !isObj {
		t.Fatalf("reply has no object %q: %v", name, payload)
	}
	return obj
}

// ctx is the context of test requests.
var ctx = context.Background()

// readCloser is a request body of s.
func readCloser(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }
