package metrics

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/operation"
)

// recipientResult is n recipient results with one raw code ("" and found=false: no code).
type recipientResult struct {
	raw   string
	found bool
	n     int
}

// withRecipients adds a batch's recipient results to a successful call.
func withRecipients(results ...recipientResult) outcome {
	return func(o *observation.Observation) {
		o.SetReplyCode(codes.Default(), []byte("000000"))
		r := new(observation.Recipients)
		for _, res := range results {
			if res.found {
				r.AddCode(codes.Default(), []byte(res.raw), res.n)
			} else {
				r.AddNoCode(res.n)
			}
		}
		o.Recipients = r
	}
}

func TestObserveRecipients(t *testing.T) {
	type series struct {
		labels map[string]string
		value  float64
	}
	tests := []struct {
		name         string
		side         observation.Side
		op           string
		out          outcome
		wantTotal    []series // ucpaas_<side>_recipients_total, every series
		wantFailures []series // ucpaas_<side>_recipient_failures_total, every series
	}{
		{
			name: "batch with blacklisted and invalid numbers", side: observation.Client, op: operation.SendSMSBatch,
			out: withRecipients(recipientResult{"000000", true, 70}, recipientResult{"105107", true, 20}, recipientResult{"100006", true, 10}),
			wantTotal: []series{
				{map[string]string{"operation": "send_sms_batch", "category": "ok"}, 70},
				{map[string]string{"operation": "send_sms_batch", "category": "content"}, 20},
				{map[string]string{"operation": "send_sms_batch", "category": "validation"}, 10},
			},
			wantFailures: []series{
				{map[string]string{"operation": "send_sms_batch", "code": "105107", "category": "content"}, 20},
				{map[string]string{"operation": "send_sms_batch", "code": "100006", "category": "validation"}, 10},
			},
		},
		{
			name: "server side, unknown code and no code", side: observation.Server, op: operation.SendSMSBatch,
			out: withRecipients(recipientResult{"0", true, 1}, recipientResult{"300006", true, 2}, recipientResult{"", false, 3}),
			wantTotal: []series{
				{map[string]string{"operation": "send_sms_batch", "category": "ok"}, 1},
				{map[string]string{"operation": "send_sms_batch", "category": "unknown"}, 2},
				{map[string]string{"operation": "send_sms_batch", "category": "unparsed"}, 3},
			},
			wantFailures: []series{
				{map[string]string{"operation": "send_sms_batch", "code": "other", "category": "unknown"}, 2},
				{map[string]string{"operation": "send_sms_batch", "code": "none", "category": "unparsed"}, 3},
			},
		},
		{
			name: "phone number where a code goes, operation the middleware named", side: observation.Client, op: "my_batch",
			out: withRecipients(recipientResult{"13800138000", true, 1}),
			wantTotal: []series{
				{map[string]string{"operation": "my_batch", "category": "unknown"}, 1},
			},
			wantFailures: []series{
				{map[string]string{"operation": "my_batch", "code": "other", "category": "unknown"}, 1},
			},
		},
		{
			name: "more distinct codes than a record tells apart", side: observation.Client, op: operation.SendSMSBatch,
			out: withRecipients(
				recipientResult{"000000", true, 1}, recipientResult{"100001", true, 1}, recipientResult{"100002", true, 1},
				recipientResult{"100003", true, 1}, recipientResult{"100004", true, 1}, recipientResult{"100005", true, 1},
				recipientResult{"100006", true, 1}, recipientResult{"100007", true, 1}, recipientResult{"100008", true, 4},
			),
			wantTotal: []series{
				{map[string]string{"operation": "send_sms_batch", "category": "ok"}, 1},
				{map[string]string{"operation": "send_sms_batch", "category": "balance"}, 1},    // 100001
				{map[string]string{"operation": "send_sms_batch", "category": "validation"}, 4}, // 100002–100004, 100006
				{map[string]string{"operation": "send_sms_batch", "category": "auth"}, 1},       // 100005
				{map[string]string{"operation": "send_sms_batch", "category": "not_found"}, 1},  // 100007
				{map[string]string{"operation": "send_sms_batch", "category": "unknown"}, 4},    // 100008: the ninth distinct code
			},
		},
		{
			name: "single send: no recipient series", side: observation.Client, op: operation.SendSMS,
			out: withCode("105107"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New() // nothing pre-initialised but the instrumentation errors
			observe(context.Background(), m, newObservation(tt.side, tt.op, time.Second, tt.out))
			mfs := gather(t, m)
			for name, want := range map[string][]series{
				"ucpaas_" + string(tt.side) + "_recipients_total":         tt.wantTotal,
				"ucpaas_" + string(tt.side) + "_recipient_failures_total": tt.wantFailures,
			} {
				if name == "ucpaas_client_recipient_failures_total" && tt.name == "more distinct codes than a record tells apart" {
					// 100001–100007 (one each) and the four of the ninth distinct code, as other.
					if got := sum(mfs, name); got != 11 {
						t.Errorf("%s adds up to %v, want 11", name, got)
					}
					if got := testkit.Find(mfs, name, map[string]string{"operation": "send_sms_batch", "code": "other", "category": "unknown"}); got.GetCounter().GetValue() != 4 {
						t.Errorf("overflow failures = %v, want 4", got.GetCounter().GetValue())
					}
					continue
				}
				for _, w := range want {
					got := testkit.Find(mfs, name, w.labels)
					if got == nil || got.GetCounter().GetValue() != w.value {
						t.Errorf("%s%v = %v, want %v", name, w.labels, got.GetCounter().GetValue(), w.value)
					}
				}
				if want != nil {
					if got := testutil.CollectAndCount(m, name); got != len(want) {
						t.Errorf("%s has %d series, want %d", name, got, len(want))
					}
				}
			}
			other := observation.Server
			if tt.side == observation.Server {
				other = observation.Client
			}
			for _, name := range []string{"recipients_total", "recipient_failures_total"} {
				if got := testutil.CollectAndCount(m, "ucpaas_"+string(other)+"_"+name); got != 0 {
					t.Errorf("ucpaas_%s_%s has %d series, want 0", other, name, got)
				}
			}
		})
	}
}

func TestRecipientCountsAddUp(t *testing.T) {
	m := New()
	o := newObservation(observation.Client, operation.SendSMSBatch, time.Second, withRecipients(
		recipientResult{"000000", true, 3}, recipientResult{"105107", true, 2}, recipientResult{"", false, 1}))
	for range 4 {
		observe(context.Background(), m, o)
	}
	mfs := gather(t, m)
	if got := sum(mfs, "ucpaas_client_recipients_total"); got != 24 {
		t.Errorf("recipients = %v, want 24", got)
	}
	if got := sum(mfs, "ucpaas_client_recipient_failures_total"); got != 12 {
		t.Errorf("recipient failures = %v, want 12", got)
	}
	if got := testkit.Find(mfs, "ucpaas_client_requests_total", map[string]string{"operation": "send_sms_batch"}).GetCounter().GetValue(); got != 4 {
		t.Errorf("requests{send_sms_batch} = %v, want 4", got)
	}
	if got := sum(mfs, "ucpaas_client_failures_total"); got != 0 {
		t.Errorf("call failures = %v, want 0", got)
	}
}

func TestNewSeriesAreNotPreinitialised(t *testing.T) {
	m := New()
	for _, name := range []string{
		"ucpaas_client_recipients_total", "ucpaas_client_recipient_failures_total",
		"ucpaas_server_recipients_total", "ucpaas_server_recipient_failures_total",
		"ucpaas_account_balance",
	} {
		if got := testutil.CollectAndCount(m, name); got != 0 {
			t.Errorf("%s has %d series before any observation, want 0", name, got)
		}
	}
}

func TestAccountBalance(t *testing.T) {
	const rawSID = "8a48b5514fa577af014fa6e2b1fe7d2f"
	balance := func(account string, yuan float64) outcome {
		return func(o *observation.Observation) {
			o.SetReplyCode(codes.Default(), []byte("000000"))
			o.Account, o.Balance, o.HasBalance = account, yuan, true
		}
	}
	m := New()
	ctx := context.Background()
	observe(ctx, m, newObservation(observation.Client, operation.AccountInfo, time.Second, balance("8a48****7d2f", 1002)))
	observe(ctx, m, newObservation(observation.Client, operation.AccountInfo, time.Second, balance("8a48****7d2f", 998.5))) // latest wins
	observe(ctx, m, newObservation(observation.Server, operation.AccountInfo, time.Second, balance(rawSID, 5)))             // masked again
	observe(ctx, m, newObservation(observation.Client, operation.AccountInfo, time.Second, balance("", 7)))                 // no account: ignored
	observe(ctx, m, newObservation(observation.Client, operation.AccountInfo, time.Second, withCode("000000")))             // no balance

	want := `
# HELP ucpaas_account_balance The account balance, in yuan, the latest account-info reply reported (resp.account.balance). account: the masked account SID (first and last four characters), at most 16 accounts.
# TYPE ucpaas_account_balance gauge
ucpaas_account_balance{account="8a48****7d2f"} 5
`
	// The raw SID masks to the same label as the first account: the last value, 5, wins.
	if err := testutil.CollectAndCompare(m, strings.NewReader(want), "ucpaas_account_balance"); err != nil {
		t.Error(err)
	}
	observe(ctx, m, newObservation(observation.Client, operation.AccountInfo, time.Second, balance("8a48****7d2f", 998.5)))
	if got := testutil.ToFloat64(m.balance.gauges.WithLabelValues("8a48****7d2f")); got != 998.5 {
		t.Errorf("balance = %v, want 998.5", got)
	}
	for _, mf := range gather(t, m) {
		for _, s := range mf.GetMetric() {
			for _, lp := range s.GetLabel() {
				if strings.Contains(lp.GetValue(), rawSID) || strings.Contains(lp.GetValue(), "b5514fa5") {
					t.Errorf("%s carries the raw account SID in label %s=%q", mf.GetName(), lp.GetName(), lp.GetValue())
				}
			}
		}
	}
}

func TestAccountBalanceIsBounded(t *testing.T) {
	m := New()
	ctx := context.Background()
	for i := range MaxBalanceAccounts + 5 {
		o := newObservation(observation.Client, operation.AccountInfo, time.Second, withCode("000000"))
		o.Account = string(rune('A'+i)) + "cct****end0" // a masked SID: only its first character differs
		o.Balance, o.HasBalance = float64(i), true
		observe(ctx, m, o)
	}
	if got := testutil.CollectAndCount(m, "ucpaas_account_balance"); got != MaxBalanceAccounts {
		t.Errorf("balance series = %d, want %d", got, MaxBalanceAccounts)
	}
}
