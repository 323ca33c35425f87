package metrics_test

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/operation"
)

func ExampleNew() {
	// Register on a registry of your own, then serve it with promhttp.HandlerFor(reg, …).
	reg := prometheus.NewRegistry()
	m := metrics.New(metrics.WithOperations(operation.SendSMS, operation.TemplateSMS))
	reg.MustRegister(m)

	// Balance, auth and account failures exist at 0 from the start: 2 operations × 26 codes.
	n, _ := testutil.GatherAndCount(reg, "ucpaas_client_failures_total")
	fmt.Println("client failure series:", n)

	// The middleware does this once per call; here, a send_sms that ran out of money.
	o := &observation.Observation{Side: observation.Client, Operation: operation.SendSMS, Duration: 120 * time.Millisecond}
	o.SetCode(codes.Default(), []byte("100001"), true)
	m.Observe(context.Background(), o)

	mfs, _ := reg.Gather()
	for _, mf := range mfs {
		for _, s := range mf.GetMetric() {
			if mf.GetName() == "ucpaas_client_failures_total" && s.GetCounter().GetValue() > 0 {
				fmt.Print(mf.GetName(), "{")
				for i, lp := range s.GetLabel() {
					if i > 0 {
						fmt.Print(",")
					}
					fmt.Printf("%s=%q", lp.GetName(), lp.GetValue())
				}
				fmt.Println("}", s.GetCounter().GetValue())
			}
		}
	}
	// Output:
	// client failure series: 52
	// ucpaas_client_failures_total{category="balance",code="100001",operation="send_sms"} 1
}
