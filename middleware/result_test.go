package middleware

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

	"github.com/ucpobs/ucpobs/codes"
)

const accountInfoPath = "/2014-06-30/Accounts/" + rawSID

// TestResultOfBranchOnTheCode: what a user writes to act on a failure the platform reported
// with HTTP 200 works through an http.Client with a Timeout (which wraps the body).
func TestResultOfBranchOnTheCode(t *testing.T) {
	srv := httptest.NewServer(reply("application/json", `{"resp":{"respCode":"100001"}}`))
	defer srv.Close()
	client := &http.Client{Transport: NewTransport(srv.Client().Transport), Timeout: time.Minute}
	resp, err := client.Post(srv.URL+templatePath+"?sig=ABCDEF0123456789ABCDEF0123456789", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	topUp := false
	if r, ok := ResultOf(resp); ok && r.Code.Value == "100001" {
		topUp = true // the account is out of money: tell someone to top up
	}
	if !topUp {
		r, ok := ResultOf(resp)
		t.Fatalf("ResultOf = %+v, %v; want code 100001", r, ok)
	}
	if body, _ := io.ReadAll(resp.Body); string(body) != `{"resp":{"respCode":"100001"}}` {
		t.Errorf("body %q after ResultOf", body)
	}
}

// TestResultOf: the result of each kind of call, and false where there is none.
func TestResultOf(t *testing.T) {
	boom := errors.New("read tcp 10.0.0.1:443: connection reset by peer; see https://api.ucpaas.com/x?token=s3cr3t")
	answer := func(status int, header http.Header, body io.ReadCloser) func(*http.Request) (*http.Response, error) {
		return func(r *http.Request) (*http.Response, error) {
			if header == nil {
				header = http.Header{}
			}
			return &http.Response{StatusCode: status, Header: header, Body: body, ContentLength: -1, Request: r}, nil
		}
	}
	text := func(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }
	tests := []struct {
		name   string
		method string
		path   string
		base   func(*http.Request) (*http.Response, error)
		wrap   func(http.RoundTripper) http.RoundTripper // around NewTransport; nil: none
		opts   []Option
		ok     bool
		want   Result // compared field by field; Duration only checked positive
	}{
		{
			name: "success", method: "POST", path: templatePath + "?sig=ABCDEF0123456789ABCDEF0123456789",
			base: answer(200, nil, text(`{"resp":{"respCode":"000000"}}`)), ok: true,
			want: Result{Side: SideClient, Operation: "template_sms", Method: "POST", StatusCode: 200,
				URL:  "https://api.ucpaas.com/2014-06-30/Accounts/" + maskedSID + "/Messages/templateSMS.json?sig=REDACTED",
				Code: mustLookup(t, "000000"), ReplyCode: "000000", Category: codes.CategoryOK},
		},
		{
			name: "retryable platform failure", method: "POST", path: "/ol/sms/sendsms",
			base: answer(200, nil, text(`{"code":"100699","msg":"x"}`)), ok: true,
			want: Result{Side: SideClient, Operation: "send_sms", Method: "POST", StatusCode: 200, URL: "https://api.ucpaas.com/ol/sms/sendsms",
				Code: mustLookup(t, "100699"), ReplyCode: "100699", Category: codes.CategoryPlatform},
		},
		{
			name: "code the catalog lacks", method: "POST", path: "/ol/sms/sendsms",
			base: answer(200, nil, text(`{"code":"105147","msg":"x"}`)), ok: true,
			want: Result{Side: SideClient, Operation: "send_sms", Method: "POST", StatusCode: 200, URL: "https://api.ucpaas.com/ol/sms/sendsms",
				ReplyCode: "105147", Category: codes.CategoryUnknown},
		},
		{
			name: "phone number where the code goes", method: "POST", path: "/ol/sms/sendsms",
			base: answer(200, nil, text(`{"code":"13800138000"}`)), ok: true,
			want: Result{Side: SideClient, Operation: "send_sms", Method: "POST", StatusCode: 200, URL: "https://api.ucpaas.com/ol/sms/sendsms",
				ReplyCode: "138******00", Category: codes.CategoryUnknown},
		},
		{
			name: "HTML error page", method: "POST", path: "/ol/sms/sendsms",
			base: answer(502, nil, text(`<html><body>502 Bad Gateway</body></html>`)), ok: true,
			want: Result{Side: SideClient, Operation: "send_sms", Method: "POST", StatusCode: 502, URL: "https://api.ucpaas.com/ol/sms/sendsms",
				Category: codes.CategoryUnparsed},
		},
		{
			name: "balance of account info", method: "GET", path: accountInfoPath,
			base: answer(200, nil, text(`{"resp":{"respCode":"000000","account":{"balance":"123.45"}}}`)), ok: true,
			want: Result{Side: SideClient, Operation: "account_info", Method: "GET", StatusCode: 200,
				URL:  "https://api.ucpaas.com/2014-06-30/Accounts/" + maskedSID,
				Code: mustLookup(t, "000000"), ReplyCode: "000000", Category: codes.CategoryOK,
				Balance: 123.45, HasBalance: true, Account: maskedSID},
		},
		{
			name: "batch recipients", method: "POST", path: "/ol/sms/sendsms_batch",
			base: answer(200, nil, text(batchBody("000000", [2]string{phoneOK, "000000"}, [2]string{phoneInvalid, "100006"}, [2]string{phoneBlack, "105147"}))), ok: true,
			want: Result{Side: SideClient, Operation: "send_sms_batch", Method: "POST", StatusCode: 200, URL: "https://api.ucpaas.com/ol/sms/sendsms_batch",
				Code: mustLookup(t, "000000"), ReplyCode: "000000", Category: codes.CategoryOK,
				Recipients: &Recipients{Seen: 3, Failed: 2, FailingCodes: []string{"100006", "105147"}}},
		},
		{
			name: "reply cut off while the code was looked for", method: "POST", path: "/ol/sms/sendsms",
			base: answer(200, nil, &errBody{data: []byte(`{"co`), err: boom}), ok: true,
			want: Result{Side: SideClient, Operation: "send_sms", Method: "POST", StatusCode: 200, URL: "https://api.ucpaas.com/ol/sms/sendsms",
				Category: codes.CategoryTransport, Error: "read tcp 10.0.0.1:443: connection reset by peer; see https://api.ucpaas.com/x?token=REDACTED"},
		},
		{
			name: "204", method: "POST", path: "/ol/sms/sendsms",
			base: answer(204, nil, http.NoBody), ok: true,
			want: Result{Side: SideClient, Operation: "send_sms", Method: "POST", StatusCode: 204, URL: "https://api.ucpaas.com/ol/sms/sendsms",
				Category: codes.CategoryUnparsed, NoAnswer: true},
		},
		{
			name: "HEAD", method: "HEAD", path: "/ol/sms/sendsms",
			base: answer(200, nil, http.NoBody), ok: true,
			want: Result{Side: SideClient, Operation: "send_sms", Method: "HEAD", StatusCode: 200, URL: "https://api.ucpaas.com/ol/sms/sendsms",
				Category: codes.CategoryUnparsed, NoAnswer: true},
		},
		{
			name: "CONNECT", method: "CONNECT", path: "",
			base: answer(200, nil, text("tunnel bytes")), ok: true,
			want: Result{Side: SideClient, Operation: "other", Method: "CONNECT", StatusCode: 200, URL: "https://api.ucpaas.com",
				Category: codes.CategoryUnparsed, NoAnswer: true},
		},
		{
			name: "through otelhttp, whose body wraps the replay", method: "POST", path: "/ol/sms/sendsms",
			base: answer(200, nil, text(`{"code":"105110","msg":"x"}`)),
			wrap: func(rt http.RoundTripper) http.RoundTripper { return otelhttp.NewTransport(rt) }, ok: true,
			want: Result{Side: SideClient, Operation: "send_sms", Method: "POST", StatusCode: 200, URL: "https://api.ucpaas.com/ol/sms/sendsms",
				Code: mustLookup(t, "105110"), ReplyCode: "105110", Category: codes.CategoryNotFound},
		},
		{
			name: "base that leaves Request nil", method: "POST", path: "/ol/sms/sendsms",
			base: func(*http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{}, Body: text(`{"code":"000000"}`), ContentLength: -1}, nil
			}, ok: true,
			want: Result{Side: SideClient, Operation: "send_sms", Method: "POST", StatusCode: 200, URL: "https://api.ucpaas.com/ol/sms/sendsms",
				Code: mustLookup(t, "000000"), ReplyCode: "000000", Category: codes.CategoryOK},
		},
		{
			name: "filtered out", method: "POST", path: "/ol/sms/sendsms",
			base: answer(200, nil, text(`{"code":"000000"}`)),
			opts: []Option{WithFilter(func(*http.Request) bool { return false })},
		},
		{
			name: "not through NewTransport", method: "POST", path: "/ol/sms/sendsms",
			base: answer(200, nil, text(`{"code":"000000"}`)),
			wrap: func(http.RoundTripper) http.RoundTripper {
				return roundTripFunc(answer(200, nil, text(`{"code":"000000"}`)))
			},
		},
		{
			name: "a new Response around the one NewTransport returned", method: "POST", path: "/ol/sms/sendsms",
			base: answer(200, nil, text(`{"code":"000000"}`)),
			wrap: func(rt http.RoundTripper) http.RoundTripper {
				return roundTripFunc(func(r *http.Request) (*http.Response, error) {
					resp, err := rt.RoundTrip(r)
					if err != nil {
						return nil, err
					}
					copied := *resp
					return &copied, nil
				})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rt http.RoundTripper = NewTransport(roundTripFunc(tt.base), tt.opts...)
			if tt.wrap != nil {
				rt = tt.wrap(rt)
			}
			req, err := http.NewRequest(tt.method, "https://api.ucpaas.com"+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, ok := ResultOf(resp)
			if ok != tt.ok {
				t.Fatalf("ResultOf ok = %v, want %v (%+v)", ok, tt.ok, got)
			}
			if !ok {
				if fmt.Sprint(got) != fmt.Sprint(Result{}) {
					t.Errorf("ResultOf = %+v with false, want the zero Result", got)
				}
				return
			}
			checkResult(t, got, tt.want)
		})
	}
	if _, ok := ResultOf(nil); ok {
		t.Error("ResultOf(nil) = true")
	}
	if _, ok := ResultOf(&http.Response{}); ok {
		t.Error("ResultOf of a Response without Request = true")
	}
}

// checkResult compares got with want field by field; want.Duration is ignored, got's must be
// positive.
func checkResult(t *testing.T, got, want Result) {
	t.Helper()
	if got.Duration <= 0 {
		t.Errorf("Duration = %v, want > 0", got.Duration)
	}
	got.Duration, want.Duration = 0, 0
	if got.Recipients != nil && want.Recipients != nil {
		if fmt.Sprint(*got.Recipients) != fmt.Sprint(*want.Recipients) {
			t.Errorf("Recipients = %+v, want %+v", *got.Recipients, *want.Recipients)
		}
		got.Recipients, want.Recipients = nil, nil
	}
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("Result\n got %+v\nwant %+v", got, want)
	}
	if got.Failed() != want.Failed() || got.Retryable() != want.Code.Retryable {
		t.Errorf("Failed %v Retryable %v", got.Failed(), got.Retryable())
	}
}

func mustLookup(t *testing.T, code string) codes.Code {
	t.Helper()
	c, ok := codes.Default().Lookup(code)
	if !ok {
		t.Fatalf("catalog lacks %s", code)
	}
	return c
}

// TestResultFailedRetryable: Failed and Retryable of the kinds of result.
func TestResultFailedRetryable(t *testing.T) {
	tests := []struct {
		name              string
		r                 Result
		failed, retryable bool
	}{
		{"success", Result{Code: mustLookup(t, "000000"), Category: codes.CategoryOK}, false, false},
		{"balance", Result{Code: mustLookup(t, "100001"), Category: codes.CategoryBalance}, true, false},
		{"platform, retryable", Result{Code: mustLookup(t, "100699"), Category: codes.CategoryPlatform}, true, mustLookup(t, "100699").Retryable},
		{"transport", Result{Category: codes.CategoryTransport}, true, false},
		{"no answer", Result{Category: codes.CategoryUnparsed, NoAnswer: true}, false, false},
		{"hijacked", Result{Category: codes.CategoryUnparsed, Hijacked: true}, false, false},
	}
	for _, tt := range tests {
		if tt.r.Failed() != tt.failed || tt.r.Retryable() != tt.retryable {
			t.Errorf("%s: Failed %v Retryable %v, want %v %v", tt.name, tt.r.Failed(), tt.r.Retryable(), tt.failed, tt.retryable)
		}
	}
	if !mustLookup(t, "100699").Retryable {
		t.Error("100699 (a platform failure) is not retryable in the catalog: the retryable case proves nothing")
	}
}

// TestResultOfFullDuplex: a reply that arrived while the request body was still being sent is
// not read in RoundTrip: ResultOf says false until the caller has read the code.
func TestResultOfFullDuplex(t *testing.T) {
	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"code":"105110","msg":"x"}`)), ContentLength: -1, Request: r}, nil
	}))
	req := httptest.NewRequest("POST", "https://api.ucpaas.com/ol/sms/sendsms", io.MultiReader(strings.NewReader("{}")))
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := ResultOf(resp); ok {
		t.Errorf("ResultOf before the body was read = %+v, true", r)
	}
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if r, ok := ResultOf(resp); !ok || r.Code.Value != "105110" || r.Category != codes.CategoryNotFound {
		t.Errorf("ResultOf after reading = %+v, %v; want 105110", r, ok)
	}
}

// TestResultOfDeadlineDuringPeek: the request's context ended while the code was looked for:
// the result is a transport failure with the context's error.
func TestResultOfDeadlineDuringPeek(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"resp":{`), pr)), ContentLength: -1, Request: r}, nil
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", "https://api.ucpaas.com"+templatePath, nil)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if r, ok := ResultOf(resp); !ok || r.Category != codes.CategoryTransport || r.Error != context.DeadlineExceeded.Error() {
		t.Errorf("ResultOf = %+v, %v; want a transport failure with %q", r, ok, context.DeadlineExceeded)
	}
}

// TestResultOfRedirect: http.Client follows a redirect; the result is the last reply's.
func TestResultOfRedirect(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/old/ol/sms/sendsms", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ol/sms/sendsms", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/ol/sms/sendsms", reply("application/json", `{"code":"105110","msg":"x"}`))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := &http.Client{Transport: NewTransport(srv.Client().Transport)}
	resp, err := client.Post(srv.URL+"/old/ol/sms/sendsms", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if r, ok := ResultOf(resp); !ok || r.Code.Value != "105110" || r.URL != srv.URL+"/ol/sms/sendsms" {
		t.Errorf("ResultOf = %+v, %v; want the last hop's 105110", r, ok)
	}
}

// TestCallRecordContext: the context a request is sent with behaves as the caller's (values,
// deadline, cancellation) and prints nothing of the call.
func TestCallRecordContext(t *testing.T) {
	type key struct{}
	secret := "https://api.ucpaas.com/x?sig=ABCDEF0123456789ABCDEF0123456789"
	var seen context.Context
	rt := NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.Context()
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"code":"000000"}`)), ContentLength: -1, Request: r}, nil
	}))
	ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), key{}, "v"), time.Hour)
	req, _ := http.NewRequestWithContext(ctx, "POST", secret, nil)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if seen.Value(key{}) != "v" {
		t.Error("the caller's context value is lost")
	}
	if d, ok := seen.Deadline(); !ok || time.Until(d) < 50*time.Minute {
		t.Errorf("deadline %v, %v", d, ok)
	}
	cancel()
	select {
	case <-seen.Done():
	case <-time.After(time.Second):
		t.Error("the context sent does not end with the caller's")
	}
	if s := fmt.Sprint(seen); strings.Contains(s, "sig=") || strings.Contains(s, "api.ucpaas.com") {
		t.Errorf("the context prints the call: %s", s)
	}
	if s := fmt.Sprintf("%+v", seen); strings.Contains(s, "ABCDEF0123456789") {
		t.Errorf("the context prints the call: %s", s)
	}
}

// TestResultOfAllocations: ResultOf copies what was recorded; building the Result of a catalog
// code allocates only the redacted URL.
func TestResultOfAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under -race")
	}
	rt := NewTransport(stubRT{})
	resp, err := rt.RoundTrip(httptest.NewRequest("POST", "https://api.ucpaas.com/ol/sms/sendsms", nil))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r Result
	if n := testing.AllocsPerRun(100, func() { r, _ = ResultOf(resp) }); n > 1 {
		t.Errorf("ResultOf allocates %v times, want at most 1 (the redacted URL)", n)
	}
	if r.ReplyCode != "000000" {
		t.Errorf("ReplyCode %q", r.ReplyCode)
	}
}

// BenchmarkResultOf: a call through NewTransport with nothing configured, then with ResultOf
// read after it, beside the bare base: what the code in the caller's hands costs.
func BenchmarkResultOf(b *testing.B) {
	variants := []struct {
		name     string
		rt       http.RoundTripper
		resultOf bool
	}{
		{"bare", stubRT{}, false},
		{"ucpobs", NewTransport(stubRT{}), false},
		{"ucpobs_resultof", NewTransport(stubRT{}), true},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			req := httptest.NewRequest("POST", "https://api.ucpaas.com"+templatePath+"?sig=ABC", nil)
			b.ReportAllocs()
			for b.Loop() {
				resp, err := v.rt.RoundTrip(req)
				if err != nil {
					b.Fatal(err)
				}
				if v.resultOf {
					if r, ok := ResultOf(resp); !ok || r.Category != codes.CategoryOK {
						b.Fatalf("ResultOf = %+v, %v", r, ok)
					}
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}
