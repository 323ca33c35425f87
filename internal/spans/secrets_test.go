package spans_test

import (
	"context"
	"fmt"
	"go.opentelemetry.io/otel/trace"
	"strings"
	"testing"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/spans"
	"github.com/ucpobs/ucpobs/internal/testkit"
)

// leakyURL carries planted values: the SID in the path, the others in the query.
var leakyURL = "https://api.ucpaas.com/2014-06-30/Accounts/" + testkit.Plant("accountSid") +
	"/Messages/templateSMS?sig=" + testkit.Plant("sig") + "&token=" + testkit.Plant("token") +
	"&mobile=" + testkit.Plant("mobile") + "&to=" + testkit.Plant("to") + "&param=" + testkit.Plant("param")

func TestNoSecretInAnySpan(t *testing.T) {
	transportErr := fmt.Errorf(`Post %q: dial tcp: lookup api.ucpaas.com: no such host (token=%s, mobile %s)`,
		leakyURL, testkit.Plant("token"), testkit.Plant("mobile"))
	observations := map[string]*observation.Observation{
		"client failure": func() *observation.Observation {
			o := obsWith(t, entry("100001", codes.CategoryBalance, "Insufficient balance"))
			o.URL = testkit.MustURL(t, leakyURL)
			return o
		}(),
		"client transport error": func() *observation.Observation {
			o := transportObs(t, transportErr)
			o.URL = testkit.MustURL(t, leakyURL)
			return o
		}(),
		"server panic": {
			Side: observation.Server, Operation: "template_sms", Method: "POST", URL: testkit.MustURL(t, leakyURL),
			Category: codes.CategoryPlatform, Panic: transportErr.Error(),
		},
	}
	for name, o := range observations {
		t.Run(name, func(t *testing.T) {
			tp, rec := recorder(t)
			tr := spans.New(tp)
			// Both paths: a span of our own, and the caller's span enriched.
			_, span := tr.Start(context.Background(), o.Side, o.Operation)
			span.End(o)
			parentCtx, parent := tp.Tracer("caller").Start(context.Background(), "caller", trace.WithSpanKind(kindOf(o.Side)))
			_, span = tr.Start(parentCtx, o.Side, o.Operation)
			span.End(o)
			parent.End()

			if len(rec.Ended()) != 2 {
				t.Fatalf("recorded %d spans, want 2", len(rec.Ended()))
			}
			scanned := 0
			for _, s := range rec.Ended() {
				for _, text := range testkit.SpanTexts(s) {
					scanned++
					if found := testkit.Leaks(text); len(found) > 0 {
						t.Errorf("span %q leaks %v: %q", s.Name(), found, text)
					}
				}
			}
			if scanned < 10 {
				t.Fatalf("scanned only %d texts", scanned)
			}
			// Redaction keeps what is useful: the scan above saw real texts, not empty ones.
			owned := testkit.Attrs(rec.Ended()[0].Attributes())
			if _, ok := owned["url.full"]; ok {
				t.Errorf("an owned span carries url.full %q: it must carry no URL", owned["url.full"])
			}
			if o.Err != nil && !strings.Contains(rec.Ended()[0].Status().Description, "no such host") {
				t.Errorf("status %q lost the cause", rec.Ended()[0].Status().Description)
			}
		})
	}
}
