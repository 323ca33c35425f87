package logentry_test

import (
	"fmt"
	"strings"
	"testing"

	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
)

// batch returns a successful send_sms_batch observation of side whose recipients carry the raw
// codes.
func batch(t testing.TB, side observation.Side, truncated bool, raw ...string) *observation.Observation {
	o := &observation.Observation{Side: side, Operation: "send_sms_batch", Method: "POST", URL: testkit.MustURL(t, "https://open.ucpaas.com/ol/sms/sendsms_batch"), StatusCode: 200}
	o.SetReplyCode(codes.Default(), []byte("000000"))
	r := &observation.Recipients{Truncated: truncated}
	for _, c := range raw {
		if c == "" {
			r.AddNoCode(1)
		} else {
			r.AddCode(codes.Default(), []byte(c), 1)
		}
	}
	o.Recipients = r
	return o
}

func TestRecipientFieldsAndLevel(t *testing.T) {
	warnAtMost := func(codes.Category) zapcore.Level { return zapcore.ErrorLevel }
	tests := []struct {
		name       string
		o          *observation.Observation
		level      func(codes.Category) zapcore.Level
		wantLevel  zapcore.Level
		wantFields map[string]any // the recipient fields; absent keys must be absent
	}{
		{"client, some failed", batch(t, observation.Client, false, "000000", "105107", "100006", "105107", "13800138000"), nil, zapcore.WarnLevel,
			map[string]any{"ucpaas.recipients": int64(5), "ucpaas.recipients_failed": int64(4), "ucpaas.recipient_codes": []any{"105107", "100006", "138******00"}}},
		{"client, all accepted", batch(t, observation.Client, false, "000000", "0"), nil, zapcore.DebugLevel,
			map[string]any{"ucpaas.recipients": int64(2), "ucpaas.recipients_failed": int64(0)}},
		{"server, some failed: raised from Debug to Warn", batch(t, observation.Server, true, "105107", ""), nil, zapcore.WarnLevel,
			map[string]any{"ucpaas.recipients": int64(2), "ucpaas.recipients_failed": int64(2), "ucpaas.recipient_codes": []any{"105107", "none"}, "ucpaas.recipients_truncated": true}},
		{"a higher user level stays", batch(t, observation.Client, false, "105107"), warnAtMost, zapcore.ErrorLevel,
			map[string]any{"ucpaas.recipients": int64(1), "ucpaas.recipients_failed": int64(1), "ucpaas.recipient_codes": []any{"105107"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, logs := observed(zapcore.DebugLevel, tt.level)
			l.Log(t.Context(), tt.o)
			entries := logs.All()
			if len(entries) != 1 {
				t.Fatalf("%d entries, want 1", len(entries))
			}
			e := entries[0]
			if e.Level != tt.wantLevel {
				t.Errorf("level %v, want %v", e.Level, tt.wantLevel)
			}
			fields := testkit.Fields(e)
			for _, key := range []string{"ucpaas.recipients", "ucpaas.recipients_failed", "ucpaas.recipient_codes", "ucpaas.recipients_truncated", "ucpaas.balance"} {
				want, wantOK := tt.wantFields[key]
				got, ok := fields[key]
				if ok != wantOK || fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s = %v (%v), want %v (%v)", key, got, ok, want, wantOK)
				}
			}
			if text := fmt.Sprint(fields); strings.Contains(text, "13800138000") {
				t.Errorf("a phone number in the entry: %s", text)
			}
			if fields["ucpaas.category"] != "ok" || fields["ucpaas.code"] != "000000" {
				t.Errorf("the call's own outcome changed: %v", fields)
			}
		})
	}
}

func TestBalanceField(t *testing.T) {
	l, logs := observed(zapcore.DebugLevel, nil)
	o := withCategory(t, codes.CategoryOK)
	o.Operation, o.Balance, o.HasBalance, o.Account = "account_info", 1002.5, true, "8a2b****6c8d"
	l.Log(t.Context(), o)
	if got := testkit.Fields(logs.All()[0])["ucpaas.balance"]; got != 1002.5 {
		t.Errorf("ucpaas.balance = %v, want 1002.5", got)
	}
}
