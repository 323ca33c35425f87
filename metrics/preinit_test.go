package metrics

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/operation"
)

// alertingCodes counts the codes of cat whose category is balance, auth or account.
func alertingCodes(cat *codes.Catalog) int {
	n := 0
	for _, c := range cat.All() {
		switch c.Category {
		case codes.CategoryBalance, codes.CategoryAuth, codes.CategoryAccount:
			n++
		}
	}
	return n
}

func TestPreinitialisedSeriesCount(t *testing.T) {
	extra, err := codes.NewCatalog(codes.Code{Value: "199999", Message: "余额不足(测试)", English: "Test balance code", Category: codes.CategoryBalance})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		opts    []Option
		ops     int
		catalog *codes.Catalog
		want    int // the figure documented in doc.go for the defaults
	}{
		{"defaults", nil, len(operation.Common()), codes.Default(), 1615},
		{"one operation", []Option{WithOperations(operation.SendSMS)}, 1, codes.Default(), 2*(14+26) + 14 + 1},
		{"other listed", []Option{WithOperations(operation.SendSMS, operation.Other)}, 2, codes.Default(), 2*2*(14+26) + 14 + 1},
		{"duplicates and empty names ignored", []Option{WithOperations(operation.SendSMS, "", operation.SendSMS, "\xff")}, 1, codes.Default(), 2*(14+26) + 14 + 1},
		{"no operation", []Option{WithOperations()}, 0, codes.Default(), 14 + 1},
		{"catalog with one more balance code", []Option{WithCatalog(extra)}, len(operation.Common()), extra, 2*20*(14+27) + 14 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(tt.opts...)
			formula := 2*tt.ops*(len(codes.Categories())+alertingCodes(tt.catalog)) + 2*len(stages) + 1
			if formula != tt.want {
				t.Fatalf("documented formula gives %d, the table says %d", formula, tt.want)
			}
			mfs := gather(t, m)
			if got := seriesCount(mfs); got != tt.want {
				t.Errorf("gathered %d series, want %d", got, tt.want)
			}
			for _, side := range []string{"client", "server"} {
				if got := testutil.CollectAndCount(m, "ucpaas_"+side+"_requests_total"); got != tt.ops*len(codes.Categories()) {
					t.Errorf("%s requests series = %d, want %d", side, got, tt.ops*len(codes.Categories()))
				}
				if got := testutil.CollectAndCount(m, "ucpaas_"+side+"_failures_total"); got != tt.ops*alertingCodes(tt.catalog) {
					t.Errorf("%s failure series = %d, want %d", side, got, tt.ops*alertingCodes(tt.catalog))
				}
				if got := testutil.CollectAndCount(m, "ucpaas_"+side+"_request_duration_seconds"); got != 0 {
					t.Errorf("%s histogram series = %d, want 0 before any observation", side, got)
				}
			}
			for _, mf := range mfs {
				for _, s := range mf.GetMetric() {
					if v := s.GetCounter().GetValue(); v != 0 {
						t.Errorf("%s %v = %v, want 0", mf.GetName(), s.GetLabel(), v)
					}
				}
			}
		})
	}
}

func TestPreinitialisedSeries(t *testing.T) {
	mfs := gather(t, New())
	tests := []struct {
		name   string
		family string
		labels map[string]string
		exists bool
	}{
		{"balance code", "ucpaas_client_failures_total", map[string]string{"operation": "send_sms", "code": balanceCode, "category": "balance"}, true},
		{"auth code, server", "ucpaas_server_failures_total", map[string]string{"operation": "account_info", "code": authCode, "category": "auth"}, true},
		{"validation code is not pre-initialised", "ucpaas_client_failures_total", map[string]string{"operation": "send_sms", "code": validationCode, "category": "validation"}, false},
		{"requests of every category", "ucpaas_client_requests_total", map[string]string{"operation": "voice_code", "category": "transport"}, true},
		{"other is not configured by default", "ucpaas_client_requests_total", map[string]string{"operation": "other", "category": "ok"}, false},
		{"family C operation is not configured by default", "ucpaas_client_requests_total", map[string]string{"operation": "variable_sms", "category": "ok"}, false},
		{"instrumentation errors", "ucpaas_instrumentation_errors_total", map[string]string{"side": "server", "stage": "extract"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := find(mfs, tt.family, tt.labels) != nil; got != tt.exists {
				t.Errorf("%s%v exists = %v, want %v", tt.family, tt.labels, got, tt.exists)
			}
		})
	}
	for _, c := range codes.Default().All() {
		alerting := c.Category == codes.CategoryBalance || c.Category == codes.CategoryAuth || c.Category == codes.CategoryAccount
		s := find(mfs, "ucpaas_server_failures_total", map[string]string{"operation": "delete_sms_template", "code": c.Value, "category": string(c.Category)})
		if (s != nil) != alerting {
			t.Errorf("code %s (%s): pre-initialised = %v, want %v", c.Value, c.Category, s != nil, alerting)
		}
	}
}

func TestLint(t *testing.T) {
	// One operation keeps the linter quick (it is slow on thousands of series) while every family
	// is present: the failure and histogram families get a series from the observations.
	m := New(WithOperations(operation.SendSMS))
	m.Observe(t.Context(), newObservation("client", operation.SendSMS, 1, withCode(balanceCode)))
	m.Observe(t.Context(), newObservation("server", operation.SendSMS, 1, withCode(balanceCode)))
	reg := newRegistry(t, m)
	problems, err := testutil.GatherAndLint(reg)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(gather(t, m)); got != 8 {
		t.Fatalf("linted %d families, want all 8", got)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}
