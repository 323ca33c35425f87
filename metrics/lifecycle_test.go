package metrics

import (
	"testing"
	"time"

	"github.com/ucpobs/ucpobs/internal/metricsink"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/operation"
)

// TestWhichSeriesExistWhen: New creates only the start time; attaching a middleware of a side
// creates that side's instrumentation error series at 0; a call creates the requests series of its
// operation and the side's duration histogram, and a failure its failure series, nothing of other
// operations, codes or the other side.
func TestWhichSeriesExistWhen(t *testing.T) {
	m := New()
	type series struct {
		family string
		labels map[string]string
	}
	check := func(step string, present, absent []series) {
		t.Helper()
		mfs := gather(t, m)
		for _, s := range present {
			if testkit.Find(mfs, s.family, s.labels) == nil {
				t.Errorf("%s: %s%v missing", step, s.family, s.labels)
			}
		}
		for _, s := range absent {
			if testkit.Find(mfs, s.family, s.labels) != nil {
				t.Errorf("%s: %s%v exists, want it absent", step, s.family, s.labels)
			}
		}
	}
	start := series{"ucpaas_metrics_start_time_seconds", map[string]string{}}
	clientExtract := series{"ucpaas_instrumentation_errors_total", map[string]string{"side": "client", "stage": "extract"}}
	serverExtract := series{"ucpaas_instrumentation_errors_total", map[string]string{"side": "server", "stage": "extract"}}
	sendRequests := series{"ucpaas_client_requests_total", map[string]string{"operation": "send_sms"}}
	clientDuration := series{"ucpaas_client_request_duration_seconds", map[string]string{}}
	balanceFailure := series{"ucpaas_client_failures_total", map[string]string{"operation": "send_sms", "code": balanceCode, "category": "balance"}}
	authFailure := series{"ucpaas_client_failures_total", map[string]string{"operation": "send_sms", "code": authCode, "category": "auth"}}
	otherOp := series{"ucpaas_client_requests_total", map[string]string{"operation": "template_sms"}}

	if n := testkit.SeriesCount(gather(t, m)); n != 1 {
		t.Errorf("New: %d series, want only the start time", n)
	}
	r := m.attach(observation.Client)
	check("client attached", []series{start, clientExtract}, []series{serverExtract, sendRequests, clientDuration})
	if n := testkit.SeriesCount(gather(t, m)); n != 1+len(metricsink.Stages()) {
		t.Errorf("client attached: %d series, want %d", n, 1+len(metricsink.Stages()))
	}
	r.Observe(t.Context(), *newObservation(observation.Client, operation.SendSMS, time.Second, withCode("000000")))
	check("a success", []series{sendRequests, clientDuration}, []series{balanceFailure, authFailure, otherOp, serverExtract})
	r.Observe(t.Context(), *newObservation(observation.Client, operation.SendSMS, time.Second, withCode(balanceCode)))
	check("a balance failure", []series{sendRequests, clientDuration, balanceFailure}, []series{authFailure, otherOp, serverExtract})
	if got := testkit.Find(gather(t, m), balanceFailure.family, balanceFailure.labels).GetCounter().GetValue(); got != 1 {
		t.Errorf("the failure series was born at %v, want 1", got)
	}
}
