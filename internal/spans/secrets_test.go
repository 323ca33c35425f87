package spans_test

import (
	"context"
	"fmt"
	"go.opentelemetry.io/otel/trace"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/spans"
)

// planted are secrets and personal data of docs/platform-api.md ("what must never be logged"),
// each a distinctive value that can only reach a span through a leak.
var planted = map[string]string{
	"accountSid": "8a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d",
	"sig":        "F3A9C1E7B5D3F1A9C7E5B3D1F9A7C5E3",
	"token":      "t0kenQ7v9x2m4p6r8s",
	"mobile":     "13812345678",
	"to":         "13987654321",
	"param":      "739184",
}

// leakyURL carries every planted value: the SID in the path, the rest in the query.
var leakyURL = "https://api.ucpaas.com/2014-06-30/Accounts/" + planted["accountSid"] +
	"/Messages/templateSMS?sig=" + planted["sig"] + "&token=" + planted["token"] +
	"&mobile=" + planted["mobile"] + "&to=" + planted["to"] + "&param=" + planted["param"]

// spanTexts returns every text a recorded span carries: name, status, attributes, events, links.
func spanTexts(s sdktrace.ReadOnlySpan) []string {
	out := []string{s.Name(), s.Status().Description}
	add := func(kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			out = append(out, string(kv.Key)+"="+kv.Value.String())
		}
	}
	add(s.Attributes())
	for _, ev := range s.Events() {
		out = append(out, ev.Name)
		add(ev.Attributes)
	}
	for _, l := range s.Links() {
		add(l.Attributes)
	}
	return out
}

func TestNoSecretInAnySpan(t *testing.T) {
	transportErr := fmt.Errorf(`Post %q: dial tcp: lookup api.ucpaas.com: no such host (token=%s, mobile %s)`,
		leakyURL, planted["token"], planted["mobile"])
	observations := map[string]*observation.Observation{
		"client failure": func() *observation.Observation {
			o := obsWith(t, entry("100001", codes.CategoryBalance, "Insufficient balance"))
			o.URL = mustURL(t, leakyURL)
			return o
		}(),
		"client transport error": func() *observation.Observation {
			o := transportObs(t, transportErr)
			o.URL = mustURL(t, leakyURL)
			return o
		}(),
		"server panic": {
			Side: observation.Server, Operation: "template_sms", Method: "POST", URL: mustURL(t, leakyURL),
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
				for _, text := range spanTexts(s) {
					scanned++
					for what, value := range planted {
						if strings.Contains(strings.ToLower(text), strings.ToLower(value)) {
							t.Errorf("span %q leaks %s: %q", s.Name(), what, text)
						}
					}
				}
			}
			if scanned < 10 {
				t.Fatalf("scanned only %d texts", scanned)
			}
			// Redaction keeps what is useful: the scan above saw real texts, not empty ones.
			owned := attrs(rec.Ended()[0].Attributes())
			if _, ok := owned["url.full"]; ok {
				t.Errorf("an owned span carries url.full %q: it must carry no URL", owned["url.full"])
			}
			if o.Err != nil && !strings.Contains(rec.Ended()[0].Status().Description, "no such host") {
				t.Errorf("status %q lost the cause", rec.Ended()[0].Status().Description)
			}
		})
	}
}
