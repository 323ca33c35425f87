package logentry_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
)

// leakyURL is a family A URL with the planted SID in the path and every other planted datum in
// the query.
func leakyURL() string {
	var q []string
	for _, p := range testkit.Planted() {
		if p.Key != "accountSid" {
			q = append(q, p.Key+"="+p.Value) // unescaped, as a careless caller would build it
		}
	}
	return "https://api.ucpaas.com/2014-06-30/Accounts/" + testkit.Plant("accountSid") + "/Messages/templateSMS?" + strings.Join(q, "&")
}

func TestNoSecretInAnyEntry(t *testing.T) {
	raw := leakyURL()
	u := testkit.MustURL(t, raw)
	var kv strings.Builder
	for _, p := range testkit.Planted() {
		fmt.Fprintf(&kv, " %s=%s", p.Key, p.Value)
	}
	transportErr := &url.Error{Op: "Post", URL: raw, Err: fmt.Errorf("dial tcp: lookup api.ucpaas.com: no such host;%s", kv.String())}

	observations := []*observation.Observation{
		{Side: observation.Client, Operation: "template_sms", Method: "POST", URL: u, StatusCode: 200,
			ReplyCode: "100001", CatalogEntry: entry("100001", codes.CategoryBalance, "Insufficient balance"), Category: codes.CategoryBalance},
		{Side: observation.Client, Operation: "template_sms", Method: "POST", URL: u, ReplyCode: "300001", Category: codes.CategoryUnknown, StatusCode: 200},
		{Side: observation.Client, Operation: "template_sms", Method: "POST", URL: u, Category: codes.CategoryTransport, Err: transportErr},
		{Side: observation.Server, Operation: "template_sms", Method: "POST", URL: u, Category: codes.CategoryPlatform, Panic: transportErr},
		{Side: observation.Server, Operation: "template_sms", Method: "POST", URL: u, Category: codes.CategoryPlatform, Panic: transportErr.Error()},
	}
	// The raw values really are in what the logger is given.
	if got := testkit.Leaks(raw); len(got) != len(testkit.Planted()) {
		t.Fatalf("the URL carries %d planted values, want %d", len(got), len(testkit.Planted()))
	}

	l, logs := observed(zapcore.DebugLevel, nil)
	for _, o := range observations {
		l.Log(context.Background(), o)
	}
	if logs.Len() != len(observations) {
		t.Fatalf("%d entries, want %d", logs.Len(), len(observations))
	}
	for i, e := range logs.All() {
		fields := testkit.Fields(e)
		if len(fields) < 7 {
			t.Fatalf("entry %d has only %d fields", i, len(fields))
		}
		if found := testkit.Leaks(e.Message); len(found) > 0 {
			t.Errorf("entry %d message leaks %v", i, found)
		}
		for key, value := range fields {
			if found := testkit.Leaks(fmt.Sprint(value)); len(found) > 0 {
				t.Errorf("entry %d field %s leaks %v: %v", i, key, found, value)
			}
		}
		// Redaction keeps what is useful: the scan above saw real texts, not empty ones.
		if observations[i].Side == observation.Server {
			// A server sees path and query apart: url.path and url.query.
			path, _ := fields["url.path"].(string)
			query, _ := fields["url.query"].(string)
			if !strings.HasSuffix(path, "/Messages/templateSMS") || !strings.Contains(query, "sig=") {
				t.Errorf("entry %d url.path %q, url.query %q lost the path or the query's keys", i, path, query)
			}
		} else if u, _ := fields["url.full"].(string); !strings.Contains(u, "api.ucpaas.com") || !strings.Contains(u, "/Messages/templateSMS") {
			t.Errorf("entry %d url.full %q lost its host or path", i, u)
		}
	}
	if e, _ := testkit.Fields(logs.All()[2])["error"].(string); !strings.Contains(e, "no such host") {
		t.Errorf("error field %q lost the cause", e)
	}
}
