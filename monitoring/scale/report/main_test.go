package main

import (
	"bytes"
	"maps"
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
	for _, args := range [][]string{{"-processes", "0"}, {"-window", "0s"}, {"extra"}, {"-nope"}} {
		var stderr bytes.Buffer
		if code := run(args, &bytes.Buffer{}, &stderr); code != 2 {
			t.Errorf("run(%q) = %d, want 2 (stderr %q)", args, code, stderr.String())
		}
	}
}
