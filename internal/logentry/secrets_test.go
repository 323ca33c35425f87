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
)

// planted holds, for every secret and personal datum that docs/platform-api.md says must never be
// logged, a distinctive value that can only reach a log entry through a leak. Keys are the
// platform's parameter names.
var planted = []struct{ key, value string }{
	{"sig", "F3A9C1E7B5D3F1A9C7E5B3D1F9A7C5E3"},
	{"Authorization", "OGEyYjRjNmQ4ZTBmMWEzYjVjN2Q5ZTFmMmE0YjZjOGQ6MjAyNDAxMDExMjAwMDA="},
	{"token", "t0kenQ7v9x2m4p6r8s"},
	{"password", "9f86d081884c7d659a2feaa0c55ad015"},
	{"clientPwd", "cpw5d3f1a9c7e5b3"},
	{"loginToken", "ltk7b5d3f1a9c7e5"},
	{"mobile", "13812345678"},
	{"to", "13987654321"},
	{"fromSerNum", "15011112222"},
	{"toSerNum", "15133334444"},
	{"displayNum", "18655556666"},
	{"param", "739184"},
	{"verifyCode", "582047"},
	{"friendlyName", "ZhangSanFriendly"},
	{"email", "zhangsan@example.com"},
	{"userId", "user77812zs"},
	{"idCard", "110101199003074578"},
}

// accountSid is in the path of every family A URL.
const accountSid = "8a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d"

// leakyURL is a family A URL with the SID in the path and every planted datum in the query.
func leakyURL() string {
	var q []string
	for _, p := range planted {
		q = append(q, p.key+"="+p.value) // unescaped, as a careless caller would build it
	}
	return "https://api.ucpaas.com/2014-06-30/Accounts/" + accountSid + "/Messages/templateSMS?" + strings.Join(q, "&")
}

// leaks returns the planted values text contains (compared without case).
func leaks(text string) []string {
	var found []string
	text = strings.ToLower(text)
	for _, p := range append(planted, struct{ key, value string }{"accountSid", accountSid}) {
		if strings.Contains(text, strings.ToLower(p.value)) {
			found = append(found, p.key)
		}
	}
	return found
}

func TestNoSecretInAnyEntry(t *testing.T) {
	raw := leakyURL()
	u := mustURL(t, raw)
	var kv strings.Builder
	for _, p := range planted {
		fmt.Fprintf(&kv, " %s=%s", p.key, p.value)
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
	if got := leaks(raw); len(got) != len(planted)+1 {
		t.Fatalf("the URL carries %d planted values, want %d", len(got), len(planted)+1)
	}

	l, logs := observed(zapcore.DebugLevel, nil)
	for _, o := range observations {
		l.Log(context.Background(), o)
	}
	if logs.Len() != len(observations) {
		t.Fatalf("%d entries, want %d", logs.Len(), len(observations))
	}
	for i, e := range logs.All() {
		fields := fieldMap(e)
		if len(fields) < 7 {
			t.Fatalf("entry %d has only %d fields", i, len(fields))
		}
		if found := leaks(e.Message); len(found) > 0 {
			t.Errorf("entry %d message leaks %v", i, found)
		}
		for key, value := range fields {
			if found := leaks(fmt.Sprint(value)); len(found) > 0 {
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
	if e, _ := fieldMap(logs.All()[2])["error"].(string); !strings.Contains(e, "no such host") {
		t.Errorf("error field %q lost the cause", e)
	}
}
