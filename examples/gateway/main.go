// Command gateway shows middleware.NewHandler around a service that answers in the platform's
// format: a small internal SMS gateway that the company's other services call instead of the
// platform, and that forwards to the platform through middleware.NewTransport. One Metrics
// counts both sides: the gateway's answers (ucpaas_server_*) and its calls to the platform
// (ucpaas_client_*).
//
// It starts the platform simulator (package ucpaastest) and the gateway on loopback, posts three
// SMS to the gateway (one good, one to a malformed number, one with an unknown template) and
// prints the answers and the server-side counters.
//
//	go run ./examples/gateway
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gateway:", err)
		os.Exit(1)
	}
}

// requests are what the company's services post to the gateway in this example.
var requests = []string{
	`{"mobile":"13912345678","template":"10001","params":["246810"]}`,
	`{"mobile":"1391234","template":"10001","params":["246810"]}`,
	`{"mobile":"13912345678","template":"99999","params":["246810"]}`,
}

// run posts requests to the gateway and writes the answers and the gateway's counters to out.
func run(ctx context.Context, out io.Writer) error {
	platform := ucpaastest.NewServer()
	defer platform.Close()

	log := zap.New(zapcore.NewCore(
		zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig()), zapcore.AddSync(out), zapcore.InfoLevel))
	reg := prometheus.NewRegistry()
	m := metrics.New()
	reg.MustRegister(m)

	creds := credentials{SID: ucpaastest.DefaultSID, Token: ucpaastest.DefaultToken, AppID: ucpaastest.DefaultAppID}
	gw, handler := newGateway(platform.URL, creds, m, log)
	defer gw.Close()
	srv := httptest.NewServer(handler)
	defer srv.Close()

	for _, body := range requests {
		answer, err := post(ctx, srv.Client(), srv.URL+"/v1/sms", body)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "gateway answered: %s\n", answer)
	}

	fmt.Fprintln(out, "\nThe gateway's answers as Prometheus sees them (series above zero):")
	return writeNonZero(out, reg, "ucpaas_server_")
}

// post sends body to url and returns the answer's body.
func post(ctx context.Context, client *http.Client, url, body string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return string(bytes.TrimSpace(data)), err
}

// writeNonZero writes the counters of reg whose names start with prefix and whose value is
// above zero, in the text exposition format.
func writeNonZero(out io.Writer, reg prometheus.Gatherer, prefix string) error {
	families, err := reg.Gather()
	if err != nil {
		return err
	}
	for _, f := range families {
		if f.GetType() != dto.MetricType_COUNTER || !strings.HasPrefix(f.GetName(), prefix) {
			continue
		}
		var kept []*dto.Metric
		for _, m := range f.GetMetric() {
			if m.GetCounter().GetValue() > 0 {
				kept = append(kept, m)
			}
		}
		if len(kept) == 0 {
			continue
		}
		f.Metric = kept
		if _, err := expfmt.MetricFamilyToText(out, f); err != nil {
			return err
		}
	}
	return nil
}
