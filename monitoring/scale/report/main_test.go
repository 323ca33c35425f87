package main

import (
	"bytes"
	"maps"
	"slices"
	"testing"
)

func TestByFamily(t *testing.T) {
	got := byFamily(map[string]int{
		"ucpaas_client_request_duration_seconds_bucket": 24,
		"ucpaas_client_request_duration_seconds_sum":    2,
		"ucpaas_client_request_duration_seconds_count":  2,
		"ucpaas_client_requests_total":                  5,
		"ucpaas_account_balance":                        1,
		"ucpaas_client_recipient_count":                 3, // _count of no histogram stays a family
	})
	want := map[string]int{
		"ucpaas_client_request_duration_seconds": 28,
		"ucpaas_client_requests_total":           5,
		"ucpaas_account_balance":                 1,
		"ucpaas_client_recipient_count":          3,
	}
	if !maps.Equal(got, want) {
		t.Errorf("byFamily = %v, want %v", got, want)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-processes", "0"}, {"-window", "0s"}, {"-max-samples-per-series", "-1"}, {"-max-samples-per-series", "NaN"}, {"extra"}, {"-nope"}} {
		var stderr bytes.Buffer
		if code := run(args, &bytes.Buffer{}, &stderr); code != 2 {
			t.Errorf("run(%q) = %d, want 2 (stderr %q)", args, code, stderr.String())
		}
	}
}

func TestFailures(t *testing.T) {
	tests := []struct {
		name string
		cfg  config
		res  result
		want []string
	}{
		{"no checks", config{}, result{badRecorded: 3, perRaw: 40}, nil},
		{"all well", config{check: true, maxPerRaw: 5}, result{perRaw: 4.23}, nil},
		{"at the limit", config{maxPerRaw: 5}, result{perRaw: 5}, nil},
		{"bad recorded series", config{check: true, maxPerRaw: 5}, result{badRecorded: 2, perRaw: 1},
			[]string{"2 recorded series are constant 0 or NaN"}},
		{"bad recorded series, not checked", config{maxPerRaw: 5}, result{badRecorded: 2, perRaw: 1}, nil},
		{"too many samples", config{check: true, maxPerRaw: 5}, result{perRaw: 11.13},
			[]string{"the rules read 11.13 samples per raw series and round, more than 5"}},
		{"both", config{check: true, maxPerRaw: 4.5}, result{badRecorded: 1, perRaw: 4.51},
			[]string{"1 recorded series are constant 0 or NaN", "the rules read 4.51 samples per raw series and round, more than 4.5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cfg.failures(tt.res); !slices.Equal(got, tt.want) {
				t.Errorf("failures = %q, want %q", got, tt.want)
			}
		})
	}
}
