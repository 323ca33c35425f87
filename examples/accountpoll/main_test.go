package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

var (
	metricsLine = regexp.MustCompile(`metrics: (http://\S+/metrics)`)
	polls       = regexp.MustCompile(`(?m)^ucpaas_client_requests_total\{operation="account_info"\} (\d+)$`)
	balances    = regexp.MustCompile(`account info: code 000000, balance (\d+\.\d\d) yuan, status`)
	// gauge is the balance series of the simulator's account, its SID masked (0000****face).
	gauge = regexp.MustCompile(`(?m)^ucpaas_account_balance\{account="0000\*\*\*\*face"\} (\S+)$`)
)

func TestPollsThroughTheInstrumentedClient(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr testkit.SyncBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"-interval", "50ms", "-spend", "1", "-listen", "127.0.0.1:0"}, &stdout, &stderr)
	}()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}

	var url, body string
	deadline := time.Now().Add(20 * time.Second)
	for n := 0; n < 5; {
		if time.Now().After(deadline) {
			t.Fatalf("%d successful polls counted after 20s; stdout:\n%s\nstderr:\n%s\nlast scrape:\n%s", n, stdout.String(), stderr.String(), body)
		}
		time.Sleep(50 * time.Millisecond)
		if url == "" {
			if m := metricsLine.FindStringSubmatch(stdout.String()); m != nil {
				url = m[1]
			}
			continue
		}
		body = testkit.Scrape(t, client, url, "")
		if m := polls.FindStringSubmatch(body); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
	}
	// -spend 1 takes 1 yuan a second from 100: the polls see the balance fall, and so does the
	// gauge ucpobs sets from the replies.
	var exported []float64
	for len(exported) < 2 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		if m := gauge.FindStringSubmatch(testkit.Scrape(t, client, url, "")); m != nil {
			if v, err := strconv.ParseFloat(m[1], 64); err == nil && !slices.Contains(exported, v) {
				exported = append(exported, v)
			}
		}
	}
	if len(exported) < 2 || exported[0] > 100 || exported[1] >= exported[0] {
		t.Errorf("ucpaas_account_balance took the values %v, want at most 100, then less", exported)
	}
	cancel()
	if c := <-code; c != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", c, stderr.String())
	}
	out := stdout.String()
	seen := balances.FindAllStringSubmatch(out, -1)
	if len(seen) < 5 || seen[0][1] != "100.00" || seen[len(seen)-1][1] == "100.00" {
		t.Errorf("polls saw balances %v, want 100.00 first and less later:\n%s", seen, out)
	}
	// A poll in flight when the run is cancelled is logged as a transport failure whose URL keeps
	// the sig key with its value redacted: only a value would be a leak.
	emitted := strings.ReplaceAll(out+body, "sig=REDACTED", "")
	for _, secret := range []string{ucpaastest.DefaultToken, ucpaastest.DefaultSID, "sig="} {
		if strings.Contains(emitted, secret) {
			t.Errorf("output or metrics hold %q", secret)
		}
	}
}

func TestBadFlagsExitTwo(t *testing.T) {
	tests := []struct {
		args    []string
		message string
	}{
		{[]string{"-interval", "0s"}, "-interval must be positive"},
		{[]string{"-spend", "-1"}, "-spend must not be negative"},
		{[]string{"-nope"}, "flag provided but not defined: -nope"},
		{[]string{"now"}, `unexpected argument "now"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(t.Context(), tt.args, &stdout, &stderr); code != exitUsage {
				t.Fatalf("exit code %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr.String(), tt.message) || stdout.Len() != 0 {
				t.Errorf("stderr %q lacks %q, or stdout not empty: %q", stderr.String(), tt.message, stdout.String())
			}
		})
	}
}

func TestHelpExitsZero(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-h"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit code %d, want 0", code)
	}
	if !strings.Contains(stderr.String(), "-interval") {
		t.Errorf("usage lacks -interval:\n%s", stderr.String())
	}
}

func TestTakenPortExitsOne(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-listen", ln.Addr().String()}, &stdout, &stderr); code != exitError {
		t.Fatalf("exit code %d, want %d", code, exitError)
	}
	if !strings.Contains(stderr.String(), "address already in use") {
		t.Errorf("stderr = %q", stderr.String())
	}
}
