package main

import (
	"bytes"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/goleak"
	"go.uber.org/zap"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	wants := []*regexp.Regexp{
		regexp.MustCompile(`gateway answered: \{"code":"000000","msg":"[^"]*","smsid":"[0-9a-f]+"\}`),
		regexp.MustCompile(`gateway answered: \{"code":"100006","msg":"[^"]+"\}`),
		regexp.MustCompile(`gateway answered: \{"code":"105110","msg":"[^"]+"\}`),
		regexp.MustCompile(`(?m)^ucpaas_server_requests_total\{operation="send_sms"\} 3$`),
		regexp.MustCompile(`(?m)^ucpaas_server_failures_total\{category="validation",code="100006",operation="send_sms"\} 1$`),
		regexp.MustCompile(`(?m)^ucpaas_server_failures_total\{category="not_found",code="105110",operation="send_sms"\} 1$`),
	}
	for _, re := range wants {
		if !re.MatchString(got) {
			t.Errorf("output does not match %s:\n%s", re, got)
		}
	}
	for _, secret := range []string{"13912345678", "246810", ucpaastest.DefaultToken} {
		if strings.Contains(got, secret) {
			t.Errorf("output holds %q", secret)
		}
	}
}

// TestAnswers drives the gateway through its edge cases and checks both sides' counters.
func TestAnswers(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		platformUp bool
		wantAnswer string // prefix of the answer's body
		server     string // a server-side series expected at 1
		client     string // a client-side series expected at 1 ("" when the platform is not called)
	}{
		{
			name: "accepted", body: `{"mobile":"13912345678","template":"10001","params":["1234"]}`, platformUp: true,
			wantAnswer: `{"code":"000000"`,
			server:     `ucpaas_server_requests_total{operation="send_sms"} 1`,
			client:     `ucpaas_client_requests_total{operation="send_sms"} 1`,
		},
		{
			name: "missing template id", body: `{"mobile":"13912345678","params":["1234"]}`, platformUp: true,
			wantAnswer: `{"code":"105113"`,
			server:     `ucpaas_server_failures_total{category="validation",code="105113",operation="send_sms"} 1`,
			client:     `ucpaas_client_failures_total{category="validation",code="105113",operation="send_sms"} 1`,
		},
		{
			name: "not JSON", body: `mobile=13912345678`, platformUp: true,
			wantAnswer: `the body must be JSON`,
			server:     `ucpaas_server_failures_total{category="unparsed",code="none",operation="send_sms"} 1`,
		},
		{
			name: "platform unreachable", body: `{"mobile":"13912345678","template":"10001","params":["1234"]}`,
			wantAnswer: `{"code":"105100","msg":"短信服务请求异常"}`,
			server:     `ucpaas_server_failures_total{category="platform",code="105100",operation="send_sms"} 1`,
			client:     `ucpaas_client_failures_total{category="transport",code="transport",operation="send_sms"} 1`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			platform := ucpaastest.NewServer()
			url := platform.URL
			if tt.platformUp {
				defer platform.Close()
			} else {
				platform.Close()
			}
			reg := prometheus.NewRegistry()
			m := metrics.New()
			reg.MustRegister(m)
			gw, handler := newGateway(url, credentials{ucpaastest.DefaultSID, ucpaastest.DefaultToken, ucpaastest.DefaultAppID}, m, zap.NewNop())
			defer gw.Close()
			srv := httptest.NewServer(handler)
			defer srv.Close()

			answer, err := post(t.Context(), srv.Client(), srv.URL+"/v1/sms", tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(answer, tt.wantAnswer) {
				t.Errorf("answer %s, want it to start with %s", answer, tt.wantAnswer)
			}
			var got bytes.Buffer
			if err := writeNonZero(&got, reg, "ucpaas_"); err != nil {
				t.Fatal(err)
			}
			for _, series := range []string{tt.server, tt.client} {
				if series != "" && !strings.Contains(got.String(), series+"\n") {
					t.Errorf("metrics lack %s:\n%s", series, got.String())
				}
			}
			// A call is ok when it is a request and no failure (requests_total has no category).
			if strings.HasPrefix(tt.wantAnswer, `{"code":"000000"`) && strings.Contains(got.String(), "_failures_total{") {
				t.Errorf("an accepted send counted failures:\n%s", got.String())
			}
		})
	}
}
