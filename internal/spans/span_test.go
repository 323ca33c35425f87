package spans_test

import (
	"context"
	"maps"
	"testing"

	otelcodes "go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/internal/spans"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/tracing"
)

// clientHTTP is what every owned client span of testkit.PlatformURL carries besides the ucpaas.* keys.
func clientHTTP(t *testing.T, status string) map[string]string {
	m := map[string]string{
		"http.request.method": "POST",
		"server.address":      "api.ucpaas.com",
	}
	if status != "" {
		m["http.response.status_code"] = status
	}
	return m
}

// known returns a builder of a client observation of template_sms answered with e.
func known(e codes.Code) func(*testing.T) *observation.Observation {
	return func(t *testing.T) *observation.Observation { return obsWith(t, e) }
}

func TestEndOwnedClientSpan(t *testing.T) {
	tests := []struct {
		name       string
		obs        func(t *testing.T) *observation.Observation
		ucpaas     map[string]string
		status     otelcodes.Code
		desc       string
		httpStatus string
	}{
		{
			name:   "ok",
			obs:    known(entry("000000", codes.CategoryOK, "OK")),
			ucpaas: map[string]string{"ucpaas.code": "000000", "ucpaas.category": "ok", "ucpaas.domain": "common"},
			status: otelcodes.Unset, httpStatus: "200",
		},
		{
			name:   "balance",
			obs:    known(entry("100001", codes.CategoryBalance, "Insufficient balance")),
			ucpaas: map[string]string{"ucpaas.code": "100001", "ucpaas.category": "balance", "ucpaas.domain": "common", "error.type": "100001"},
			status: otelcodes.Error, desc: "Insufficient balance", httpStatus: "200",
		},
		{
			name:   "auth",
			obs:    known(entry("100005", codes.CategoryAuth, "Access IP address is not allowed")),
			ucpaas: map[string]string{"ucpaas.code": "100005", "ucpaas.category": "auth", "ucpaas.domain": "common", "error.type": "100005"},
			status: otelcodes.Error, desc: "Access IP address is not allowed", httpStatus: "200",
		},
		{
			name:   "account",
			obs:    known(entry("101108", codes.CategoryAccount, "Main account is closed")),
			ucpaas: map[string]string{"ucpaas.code": "101108", "ucpaas.category": "account", "ucpaas.domain": "account", "error.type": "101108"},
			status: otelcodes.Error, desc: "Main account is closed", httpStatus: "200",
		},
		{
			name:   "application",
			obs:    known(entry("102102", codes.CategoryApplication, "Application does not exist")),
			ucpaas: map[string]string{"ucpaas.code": "102102", "ucpaas.category": "application", "ucpaas.domain": "application", "error.type": "102102"},
			status: otelcodes.Error, desc: "Application does not exist", httpStatus: "200",
		},
		{
			name:   "client",
			obs:    known(entry("103109", codes.CategoryClient, "Client is closed")),
			ucpaas: map[string]string{"ucpaas.code": "103109", "ucpaas.category": "client", "ucpaas.domain": "client", "error.type": "103109"},
			status: otelcodes.Error, desc: "Client is closed", httpStatus: "200",
		},
		{
			name:   "validation",
			obs:    known(entry("100000", codes.CategoryValidation, "Amount is not an integer")),
			ucpaas: map[string]string{"ucpaas.code": "100000", "ucpaas.category": "validation", "ucpaas.domain": "common", "error.type": "100000"},
			status: otelcodes.Error, desc: "Amount is not an integer", httpStatus: "200",
		},
		{
			name:   "not_found",
			obs:    known(entry("105110", codes.CategoryNotFound, "SMS template ID does not exist")),
			ucpaas: map[string]string{"ucpaas.code": "105110", "ucpaas.category": "not_found", "ucpaas.domain": "sms", "error.type": "105110"},
			status: otelcodes.Error, desc: "SMS template ID does not exist", httpStatus: "200",
		},
		{
			name:   "content",
			obs:    known(entry("100009", codes.CategoryContent, "Mobile number is a protected number")),
			ucpaas: map[string]string{"ucpaas.code": "100009", "ucpaas.category": "content", "ucpaas.domain": "common", "error.type": "100009"},
			status: otelcodes.Error, desc: "Mobile number is a protected number", httpStatus: "200",
		},
		{
			name:   "rate_limit",
			obs:    known(entry("104113", codes.CategoryRateLimit, "Cannot call the same callee concurrently")),
			ucpaas: map[string]string{"ucpaas.code": "104113", "ucpaas.category": "rate_limit", "ucpaas.domain": "voice", "error.type": "104113"},
			status: otelcodes.Error, desc: "Cannot call the same callee concurrently", httpStatus: "200",
		},
		{
			name:   "platform",
			obs:    known(entry("100699", codes.CategoryPlatform, "Internal system error")),
			ucpaas: map[string]string{"ucpaas.code": "100699", "ucpaas.category": "platform", "ucpaas.domain": "common", "error.type": "100699"},
			status: otelcodes.Error, desc: "Internal system error", httpStatus: "200",
		},
		{
			name:   "unknown code keeps the code, no domain",
			obs:    unknownObs,
			ucpaas: map[string]string{"ucpaas.code": "300001", "ucpaas.category": "unknown", "error.type": "300001"},
			status: otelcodes.Error, desc: "the reply carried a return code the catalog does not know", httpStatus: "200",
		},
		{
			name:   "unparsed: code label none, error.type the category",
			obs:    unparsedObs,
			ucpaas: map[string]string{"ucpaas.code": "none", "ucpaas.category": "unparsed", "error.type": "unparsed"},
			status: otelcodes.Error, desc: "the reply carried no return code", httpStatus: "502",
		},
		{
			name:   "transport: no status code, description the redacted error",
			obs:    func(t *testing.T) *observation.Observation { return transportObs(t, errRefused) },
			ucpaas: map[string]string{"ucpaas.code": "transport", "ucpaas.category": "transport", "error.type": "transport"},
			status: otelcodes.Error, desc: redact.Error(errRefused),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, rec := recorder(t)
			tr := spans.New(tp)
			o := tt.obs(t)

			ctx, span := tr.Start(context.Background(), observation.Client, "template_sms")
			if got := trace.SpanFromContext(ctx); !got.IsRecording() {
				t.Fatal("Start did not put its span in the returned context")
			}
			span.End(o)

			ended := rec.Ended()
			if len(ended) != 1 {
				t.Fatalf("recorded %d spans, want 1", len(ended))
			}
			s := ended[0]
			if s.Name() != "ucpaas template_sms" || s.SpanKind() != trace.SpanKindClient {
				t.Errorf("span %q kind %v, want %q kind client", s.Name(), s.SpanKind(), "ucpaas template_sms")
			}
			want := clientHTTP(t, tt.httpStatus)
			maps.Copy(want, tt.ucpaas)
			want["ucpaas.operation"] = "template_sms"
			if tt.status == otelcodes.Error {
				want["ucpaas.error_message"] = tt.desc // the status description, in an attribute of ours
			}
			if got := testkit.Attrs(s.Attributes()); !maps.Equal(got, want) {
				t.Errorf("attributes\n got %v\nwant %v", got, want)
			}
			if st := s.Status(); st.Code != tt.status || st.Description != tt.desc {
				t.Errorf("status %v %q, want %v %q", st.Code, st.Description, tt.status, tt.desc)
			}
			if s.InstrumentationScope().Name != tracing.ScopeName {
				t.Errorf("scope %q, want %q", s.InstrumentationScope().Name, tracing.ScopeName)
			}
		})
	}
}

func TestEndTransportEvent(t *testing.T) {
	events := endOne(t, observation.Client, "send_sms", transportObs(t, errRefused)).Events()
	if len(events) != 1 {
		t.Fatalf("%d events, want 1", len(events))
	}
	want := map[string]string{"exception.type": "*errors.errorString", "exception.message": redact.Error(errRefused)}
	if got := testkit.Attrs(events[0].Attributes); events[0].Name != "exception" || !maps.Equal(got, want) {
		t.Errorf("event %q %v, want exception %v", events[0].Name, got, want)
	}
}

func TestEndOwnedServerSpan(t *testing.T) {
	tests := []struct {
		name   string
		obs    *observation.Observation
		want   map[string]string
		desc   string
		events int
	}{
		{
			name: "failure answered",
			obs: &observation.Observation{
				Side: observation.Server, Operation: "send_sms", Method: "POST",
				URL: testkit.MustURL(t, "/ol/sms/sendsms?token=secret-token"), StatusCode: 200,
				ReplyCode: "105110", CatalogEntry: entry("105110", codes.CategoryNotFound, "SMS template ID does not exist"),
				Category: codes.CategoryNotFound,
			},
			want: map[string]string{
				"ucpaas.operation": "send_sms", "ucpaas.code": "105110", "ucpaas.category": "not_found",
				"ucpaas.domain": "sms", "error.type": "105110", "ucpaas.error_message": "SMS template ID does not exist",
				"http.request.method": "POST", "http.response.status_code": "200",
			},
			desc: "SMS template ID does not exist",
		},
		{
			name: "panic before anything was written",
			obs: &observation.Observation{
				Side: observation.Server, Operation: "send_sms", Method: "POST",
				URL: testkit.MustURL(t, "/ol/sms/sendsms"), Category: codes.CategoryPlatform, Panic: "boom",
			},
			want: map[string]string{
				"ucpaas.operation": "send_sms", "ucpaas.code": "none", "ucpaas.category": "platform",
				"error.type": "platform", "ucpaas.error_message": "the handler panicked", "http.request.method": "POST",
			},
			desc: "the handler panicked", events: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := endOne(t, observation.Server, "send_sms", tt.obs)
			if s.Name() != "ucpaas send_sms" || s.SpanKind() != trace.SpanKindServer {
				t.Errorf("span %q kind %v, want %q kind server", s.Name(), s.SpanKind(), "ucpaas send_sms")
			}
			if got := testkit.Attrs(s.Attributes()); !maps.Equal(got, tt.want) {
				t.Errorf("attributes\n got %v\nwant %v", got, tt.want)
			}
			if st := s.Status(); st.Code != otelcodes.Error || st.Description != tt.desc {
				t.Errorf("status %v %q, want Error %q", st.Code, st.Description, tt.desc)
			}
			if len(s.Events()) != tt.events {
				t.Errorf("%d events, want %d", len(s.Events()), tt.events)
			}
		})
	}
}

func TestEndPanicEvent(t *testing.T) {
	value := "bad mobile 13812345678"
	ev := endOne(t, observation.Server, "send_sms",
		&observation.Observation{Side: observation.Server, Operation: "send_sms", Category: codes.CategoryPlatform, Panic: value}).Events()[0]
	want := map[string]string{"exception.type": "panic", "exception.message": redact.Text(value)}
	if got := testkit.Attrs(ev.Attributes); ev.Name != "exception" || !maps.Equal(got, want) {
		t.Errorf("event %q %v, want exception %v", ev.Name, got, want)
	}
}

func TestEndWithTheDefaultCatalog(t *testing.T) {
	o := &observation.Observation{Side: observation.Client, Operation: "template_sms", StatusCode: 200}
	o.SetReplyCode(codes.Default(), []byte("105110"))
	s := endOne(t, observation.Client, "template_sms", o)
	got := testkit.Attrs(s.Attributes())
	if got["ucpaas.domain"] != string(o.CatalogEntry.Domain) || o.CatalogEntry.Domain == "" {
		t.Errorf("ucpaas.domain %q, entry domain %q", got["ucpaas.domain"], o.CatalogEntry.Domain)
	}
	if s.Status().Description != o.CatalogEntry.English || o.CatalogEntry.English == "" {
		t.Errorf("status description %q, entry English %q", s.Status().Description, o.CatalogEntry.English)
	}
}

func TestEndZeroAndNil(t *testing.T) {
	spans.Span{}.End(obsWith(t, entry("000000", codes.CategoryOK, "OK")))
	spans.Span{}.End(nil)

	tp, rec := recorder(t)
	_, span := spans.New(tp).Start(context.Background(), observation.Client, "send_sms")
	span.End(nil)
	if n := len(rec.Ended()); n != 1 {
		t.Fatalf("End(nil) on an owned span: %d ended spans, want 1", n)
	}
	if s := rec.Ended()[0]; s.Name() != "ucpaas send_sms" || len(s.Attributes()) != 0 {
		t.Errorf("span %q with attributes %v, want the name and no attributes", s.Name(), s.Attributes())
	}

	var nilTracer *spans.Tracer
	ctx := context.Background()
	got, span := nilTracer.Start(ctx, observation.Client, "send_sms")
	if got != ctx {
		t.Error("a nil Tracer changed the context")
	}
	span.End(obsWith(t, entry("000000", codes.CategoryOK, "OK")))
}

// TestEndAllocatesNothingOfItsOwn checks that End costs no allocation beyond what the SDK makes
// of the same span built beforehand (but for a transport error's exception event): the buffer End
// builds the attributes in is reused, not moved to the heap on each call. Each call's attributes
// are its own.
func TestEndAllocatesNothingOfItsOwn(t *testing.T) {
	ok := obsWith(t, entry("000000", codes.CategoryOK, "OK"))
	failure := obsWith(t, entry("100001", codes.CategoryBalance, "Insufficient balance"))
	batch := obsWith(t, entry("000000", codes.CategoryOK, "OK"))
	batch.Recipients = &observation.Recipients{Seen: 2}
	tests := []struct {
		name string
		obs  *observation.Observation
		own  float64 // what End allocates besides: the exception event of a transport error
	}{
		{"ok", ok, 0},
		{"failure", failure, 0},
		{"batch", batch, 0},
		// Its exception.type, the event's two attributes, their option and the option list.
		{"transport", transportObs(t, errRefused), 4},
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	tr, sdk := spans.New(tp), tp.Tracer("baseline")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// What End writes, read back from a recorded span.
			written := endOne(t, observation.Client, "template_sms", tt.obs)
			attrs, events, status := written.Attributes(), written.Events(), written.Status()

			// The baseline makes the same calls on the SDK with everything built beforehand, so
			// that what it allocates is the SDK's alone.
			start := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient)}
			eventOpts := make([][]trace.EventOption, len(events))
			for i, e := range events {
				eventOpts[i] = []trace.EventOption{trace.WithAttributes(e.Attributes...)}
			}
			baseline := testing.AllocsPerRun(100, func() {
				_, span := sdk.Start(context.Background(), "ucpaas template_sms", start...)
				for i, e := range events {
					span.AddEvent(e.Name, eventOpts[i]...)
				}
				span.SetAttributes(attrs...)
				span.SetStatus(status.Code, status.Description)
				span.End()
			})
			ours := testing.AllocsPerRun(100, func() {
				_, span := tr.Start(context.Background(), observation.Client, "template_sms")
				span.End(tt.obs)
			})
			if ours != baseline+tt.own {
				t.Errorf("Start and End allocate %v times, want the SDK's %v for the same span + %v", ours, baseline, tt.own)
			}

			next := endOne(t, observation.Client, "template_sms", ok)
			if got, want := testkit.Attrs(next.Attributes()), testkit.Attrs(endOne(t, observation.Client, "template_sms", ok).Attributes()); !maps.Equal(got, want) {
				t.Errorf("the next call's attributes %v, want %v", got, want)
			}
		})
	}
}
