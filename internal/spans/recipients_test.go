package spans_test

import (
	"context"
	"strings"
	"testing"

	otelcodes "go.opentelemetry.io/otel/codes"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/spans"
	"github.com/ucpobs/ucpobs/internal/testkit"
)

func TestRecipientAndBalanceAttributes(t *testing.T) {
	batch := func(truncated bool, raw ...string) *observation.Observation {
		o := &observation.Observation{Side: observation.Client, Operation: "send_sms_batch", Method: "POST", StatusCode: 200}
		o.SetReplyCode(codes.Default(), []byte("000000"))
		o.Recipients = &observation.Recipients{Truncated: truncated}
		for _, c := range raw {
			o.Recipients.AddCode(codes.Default(), []byte(c), 1)
		}
		return o
	}
	balance := &observation.Observation{Side: observation.Client, Operation: "account_info", Method: "GET", StatusCode: 200,
		Balance: 998.5, HasBalance: true, Account: "8a2b****6c8d"}
	balance.SetReplyCode(codes.Default(), []byte("000000"))
	tests := []struct {
		name string
		o    *observation.Observation
		want map[string]string // the collected attributes; others of them must be absent
	}{
		{"failing recipients", batch(false, "000000", "105107", "13800138000", "105107"),
			map[string]string{"ucpaas.recipients": "4", "ucpaas.recipients_failed": "3", "ucpaas.recipient_codes": `["105107","138******00"]`}},
		{"all accepted, truncated", batch(true, "000000"),
			map[string]string{"ucpaas.recipients": "1", "ucpaas.recipients_failed": "0", "ucpaas.recipients_truncated": "true"}},
		{"balance", balance, map[string]string{"ucpaas.balance": "998.5"}},
		{"single send", obsWith(t, entry("105107", codes.CategoryContent, "Blacklisted")), map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, rec := recorder(t)
			_, span := spans.New(tp).Start(context.Background(), observation.Client, tt.o.Operation)
			span.End(tt.o)
			ended := rec.Ended()[0]
			got := testkit.Attrs(ended.Attributes())
			for _, key := range []string{"ucpaas.recipients", "ucpaas.recipients_failed", "ucpaas.recipient_codes", "ucpaas.recipients_truncated", "ucpaas.balance"} {
				want, wantOK := tt.want[key]
				if v, ok := got[key]; ok != wantOK || v != want {
					t.Errorf("%s = %q (%v), want %q (%v)", key, v, ok, want, wantOK)
				}
			}
			if tt.o.Recipients != nil && ended.Status().Code != otelcodes.Unset {
				t.Errorf("status %v: failing recipients must not fail the call's span", ended.Status())
			}
			for _, v := range got {
				if strings.Contains(v, "13800138000") {
					t.Errorf("a phone number in the span: %v", got)
				}
			}
		})
	}
}
