package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/ucpobs/ucpobs/operation"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

// TestMixedTrafficTouchesEveryFamily sends every kind of call once from a JSON host and once from
// an XML host to the mixed scenario's simulator: together they reach families A (JSON and XML), A'
// (conference, IM groups, the 2015-06-30 restApi query), B (single and batch sends, batches with
// failing recipients) and C, every path is one the simulator serves and operation names.
func TestMixedTrafficTouchesEveryFamily(t *testing.T) {
	sim := ucpaastest.NewSimulator(scenarios["mixed"].simulatorOptions(20)...)
	defer sim.Close()
	seen := map[string]bool{}
	var xmlReplies, batchRecipientFailures int
	for _, h := range []host{healthyHost(0), healthyHost(3)} {
		w := newWorker(0, "http://simulator", h, zap.NewNop())
		for i, k := range callKinds {
			req, err := k.build(context.Background(), w)
			if err != nil {
				t.Fatalf("kind %d: %v", i, err)
			}
			op := operation.FromRequest(req)
			rec := httptest.NewRecorder()
			sim.ServeHTTP(rec, req)
			body := rec.Body.String()
			if op == operation.Other || strings.Contains(body, "100007") || strings.Contains(body, "100003") {
				t.Errorf("kind %d (%s %s): operation %s, reply %s", i, req.Method, req.URL.Path, op, body)
			}
			seen[op] = true
			if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/xml") {
				xmlReplies++
			}
			if op == operation.SendSMSBatch && strings.Contains(body, `"report":[`) &&
				(strings.Contains(body, `"code":"100006"`) || strings.Contains(body, `"code":"105138"`)) {
				batchRecipientFailures++
			}
		}
	}
	for _, want := range []string{
		operation.TemplateSMS, operation.AccountInfo, operation.QueryClientByUserID, operation.ConferenceCreate,
		operation.IMGroupCreate, operation.SendSMS, operation.SendSMSBatch, operation.VariableSMS,
	} {
		if !seen[want] {
			t.Errorf("no call kind of the mix is %s; seen %v", want, seen)
		}
	}
	if xmlReplies == 0 {
		t.Error("no XML reply: the XML host's family A calls were answered in JSON")
	}
	if batchRecipientFailures < 4 {
		t.Errorf("%d batch replies reported failing recipients, want the 2 kinds from both hosts", batchRecipientFailures)
	}
}
