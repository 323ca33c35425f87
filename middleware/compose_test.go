package middleware

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	otelcodes "go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/internal/testkit"
)

// composed serves one request of method to target through the composition under test: the
// middleware of side alone, or wrapped in otelhttp's, with reply as the platform's (client side)
// or the application's (server side) handler. It returns the one span recorded and the error the
// caller got.
func composed(t *testing.T, k *kit, side observation.Side, withOtel bool, target string, reply http.Handler, base http.RoundTripper, extra ...Option) (sdktrace.ReadOnlySpan, error) {
	t.Helper()
	var err error
	if side == observation.Server {
		h := NewHandler(reply, k.options(extra...)...)
		if withOtel {
			h = otelhttp.NewHandler(h, "gateway", otelhttp.WithTracerProvider(k.tp))
		}
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, target, strings.NewReader("{}")))
	} else {
		if base == nil {
			srv := httptest.NewServer(reply)
			defer srv.Close()
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			base, target = tr, srv.URL+target
		}
		rt := NewTransport(base, k.options(extra...)...)
		if withOtel {
			rt = otelhttp.NewTransport(rt, otelhttp.WithTracerProvider(k.tp))
		}
		var resp *http.Response
		resp, err = (&http.Client{Transport: rt}).Post(target, "application/json", strings.NewReader("{}"))
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}
	}
	ended := k.spans.Ended()
	if len(ended) != 1 {
		t.Fatalf("recorded %d spans, want exactly 1", len(ended))
	}
	return ended[0], err
}

// plainReply answers status with a plain-text body, as a proxy or a gateway does.
func plainReply(status int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, http.StatusText(status))
	})
}

// codeReply answers 200 with a platform return code.
func codeReply(code string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"resp":{"respCode":"`+code+`"}}`)
	})
}

// TestOutcomeInEveryComposition: whoever writes error.type and the status last (otelhttp, when it
// wraps the middleware, writes them after it), the span carries ucpobs' outcome in ucpaas.code,
// ucpaas.category and, on failure, ucpaas.error_message. The table is the one of the tracing
// package documentation and the README.
func TestOutcomeInEveryComposition(t *testing.T) {
	const noCode = "the reply carried no return code"
	tests := []struct {
		name      string
		side      observation.Side
		otel      bool
		reply     http.Handler
		code, cat string
		message   string // ucpaas.error_message
		errorType string
		status    otelcodes.Code
		desc      string
	}{
		{"client alone, 404 text", observation.Client, false, plainReply(404), "none", "unparsed", noCode, "unparsed", otelcodes.Error, noCode},
		{"client alone, 502 text", observation.Client, false, plainReply(502), "none", "unparsed", noCode, "unparsed", otelcodes.Error, noCode},
		{"client alone, failure code", observation.Client, false, codeReply("100001"), "100001", "balance", "Insufficient balance", "100001", otelcodes.Error, "Insufficient balance"},
		{"client under otelhttp, 404 text", observation.Client, true, plainReply(404), "none", "unparsed", noCode, "404", otelcodes.Error, ""},
		{"client under otelhttp, 502 text", observation.Client, true, plainReply(502), "none", "unparsed", noCode, "502", otelcodes.Error, ""},
		{"client under otelhttp, failure code", observation.Client, true, codeReply("100001"), "100001", "balance", "Insufficient balance", "100001", otelcodes.Error, "Insufficient balance"},
		{"client under otelhttp, success", observation.Client, true, codeReply("000000"), "000000", "ok", "", "", otelcodes.Unset, ""},
		{"server alone, 404 text", observation.Server, false, plainReply(404), "none", "unparsed", noCode, "unparsed", otelcodes.Error, noCode},
		{"server alone, 502 text", observation.Server, false, plainReply(502), "none", "unparsed", noCode, "unparsed", otelcodes.Error, noCode},
		{"server under otelhttp, 404 text", observation.Server, true, plainReply(404), "none", "unparsed", noCode, "unparsed", otelcodes.Error, noCode},
		{"server under otelhttp, 502 text", observation.Server, true, plainReply(502), "none", "unparsed", noCode, "unparsed", otelcodes.Error, ""},
		{"server under otelhttp, failure code", observation.Server, true, codeReply("100001"), "100001", "balance", "Insufficient balance", "100001", otelcodes.Error, "Insufficient balance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			s, err := composed(t, k, tt.side, tt.otel, "/ol/sms/sendsms", tt.reply, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := testkit.Attrs(s.Attributes())
			want := map[string]string{"ucpaas.code": tt.code, "ucpaas.category": tt.cat, "ucpaas.error_message": tt.message, "error.type": tt.errorType}
			for key, v := range want {
				if got[key] != v {
					t.Errorf("%s = %q, want %q", key, got[key], v)
				}
			}
			if st := s.Status(); st.Code != tt.status || st.Description != tt.desc {
				t.Errorf("status %v %q, want %v %q", st.Code, st.Description, tt.status, tt.desc)
			}
		})
	}
}

// TestTransportErrorInEveryComposition: a transport error is ucpaas.code and ucpaas.category
// "transport" and its redacted text in ucpaas.error_message and in our exception event; under
// otelhttp, error.type is the error's Go type and the status description its raw text (otelhttp
// writes both after the middleware, from the error the caller gets).
func TestTransportErrorInEveryComposition(t *testing.T) {
	for _, withOtel := range []bool{false, true} {
		t.Run(map[bool]string{false: "alone", true: "under otelhttp"}[withOtel], func(t *testing.T) {
			k := newKit(t)
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			s, err := composed(t, k, observation.Client, withOtel, closedPortURL(t)+"/ol/sms/sendsms", nil, tr)
			var urlErr *url.Error
			if !errors.As(err, &urlErr) {
				t.Fatalf("the call to a closed port returned %v, want a *url.Error", err)
			}
			err = urlErr.Err // what the transports returned, before http.Client wrapped it
			got := testkit.Attrs(s.Attributes())
			redacted := redact.Error(err)
			if got["ucpaas.code"] != "transport" || got["ucpaas.category"] != "transport" || got["ucpaas.error_message"] != redacted {
				t.Errorf("ucpaas attributes %v, want transport and the redacted error %q", got, redacted)
			}
			wantType, wantDesc := "transport", redacted
			if withOtel {
				wantType, wantDesc = "*net.OpError", err.Error()
			}
			if got["error.type"] != wantType || s.Status().Code != otelcodes.Error || s.Status().Description != wantDesc {
				t.Errorf("error.type %q status %v %q, want %q Error %q", got["error.type"], s.Status().Code, s.Status().Description, wantType, wantDesc)
			}
			ours := 0
			for _, ev := range s.Events() {
				for _, kv := range ev.Attributes {
					if kv.Key == "exception.message" && kv.Value.AsString() == redacted {
						ours++
					}
				}
			}
			if ours != 1 {
				t.Errorf("%d exception events with the redacted text, want 1: %v", ours, s.Events())
			}
		})
	}
}

// TestURLRedactedUnderOtelhttp: otelhttp records the raw URL (url.full on the client side,
// url.path on the server side); the span ucpobs enriches carries it redacted, url.query too, and
// so does the url log field.
func TestURLRedactedUnderOtelhttp(t *testing.T) {
	target := restAPIPaths()[0] + "?" + restAPIQuery()
	for _, side := range []observation.Side{observation.Client, observation.Server} {
		t.Run(string(side), func(t *testing.T) {
			k := newKit(t)
			s, err := composed(t, k, side, true, target, codeReply("000000"), nil)
			if err != nil {
				t.Fatal(err)
			}
			got := testkit.Attrs(s.Attributes())
			const path = "/2015-06-30/restApi/5ec4****e7aa/ClientsByMobile"
			const query = "sig=REDACTED&mobile=158******02&userId=REDACTED&appId=A990****DA7A"
			if side == observation.Client {
				if !strings.HasSuffix(got["url.full"], path+"?"+query) {
					t.Errorf("url.full = %q, want the redacted URL", got["url.full"])
				}
			} else if got["url.path"] != path || got["url.query"] != query {
				t.Errorf("url.path = %q, url.query = %q; want %q, %q", got["url.path"], got["url.query"], path, query)
			}
			entries := k.logs.All()
			if len(entries) != 1 {
				t.Fatalf("log entries %v: want one", entries)
			}
			// The log entry names the URL as the span does.
			f := entries[0].ContextMap()
			if side == observation.Client {
				if u, _ := f["url.full"].(string); !strings.HasSuffix(u, path+"?"+query) {
					t.Errorf("logged url.full = %q, want the redacted URL", u)
				}
			} else if f["url.path"] != path || f["url.query"] != query {
				t.Errorf("logged url.path = %v, url.query = %v; want %q, %q", f["url.path"], f["url.query"], path, query)
			}
			for key, v := range got {
				if found := testkit.Leaks(v); len(found) > 0 {
					t.Errorf("%s leaks %v: %q", key, found, v)
				}
			}
		})
	}
}

// TestOperationFuncNamesBounded: a WithOperationFunc that returns the raw path puts neither an
// account SID nor a phone number in a span name, a ucpaas.operation attribute or log field, or a
// metric label; names are cut to 64 bytes, and names over 1 KiB become "other"; the span, the log
// and the metrics show the same name.
func TestOperationFuncNamesBounded(t *testing.T) {
	long := "/v1/" + strings.Repeat("x", 300)
	tests := []struct {
		name, path, want string
	}{
		{"restApi path", restAPIPaths()[0], "/2015-06-30/restApi/5ec4****e7aa/ClientsByMobile"},
		{"phone in path", "/users/" + testkit.Plant("mobile") + "/sms", "/users/158******02/sms"},
		{"cut to 64 bytes", long, long[:64]},
		{"over 1 KiB", "/v1/" + strings.Repeat("y", 2000), "other"},
		{"clean path kept", "/ol/sms/sendsms", "/ol/sms/sendsms"},
	}
	for _, side := range []observation.Side{observation.Client, observation.Server} {
		for _, withOtel := range []bool{false, true} {
			for _, tt := range tests {
				t.Run(string(side)+"/"+map[bool]string{false: "alone", true: "otelhttp"}[withOtel]+"/"+tt.name, func(t *testing.T) {
					k := newKit(t)
					byPath := WithOperationFunc(func(r *http.Request) string { return r.URL.Path })
					s, err := composed(t, k, side, withOtel, tt.path, codeReply("000000"), nil, byPath)
					if err != nil {
						t.Fatal(err)
					}
					if got := testkit.Attrs(s.Attributes())["ucpaas.operation"]; got != tt.want {
						t.Errorf("span ucpaas.operation = %q, want %q", got, tt.want)
					}
					if !withOtel && s.Name() != "ucpaas "+tt.want {
						t.Errorf("span name %q, want %q", s.Name(), "ucpaas "+tt.want)
					}
					if got := k.logs.All()[0].ContextMap()["ucpaas.operation"]; got != tt.want {
						t.Errorf("log ucpaas.operation = %q, want %q", got, tt.want)
					}
					if n := k.value(t, "ucpaas_"+string(side)+"_requests_total", "operation", tt.want); n != 1 {
						t.Errorf("requests counted under operation %q: %v, want 1", tt.want, n)
					}
				})
			}
		}
	}
}
