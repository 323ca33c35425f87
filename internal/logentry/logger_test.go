package logentry_test

import (
	"context"
	"maps"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/logentry"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/logging"
)

// everyCategory is every category and one value that is not a category.
var everyCategory = append(codes.Categories(), codes.Category("no_such_category"))

// TestLogAtTheDefaultLevel: without a level function, the side's default (whose values package
// logging's tests pin) is used.
func TestLogAtTheDefaultLevel(t *testing.T) {
	for _, category := range everyCategory {
		for _, side := range []struct {
			side  observation.Side
			level zapcore.Level
			msg   string
		}{
			{observation.Client, logging.DefaultClientLevels(category), "ucpaas call"},
			{observation.Server, logging.DefaultServerLevels(category), "ucpaas answer"},
		} {
			l, logs := observed(zapcore.DebugLevel, nil)
			o := withCategory(t, category)
			o.Side = side.side
			l.Log(context.Background(), o)

			all := logs.All()
			if len(all) != 1 {
				t.Fatalf("%s %s: %d entries, want 1", side.side, category, len(all))
			}
			if all[0].Level != side.level || all[0].Message != side.msg {
				t.Errorf("%s %s: %v %q, want %v %q", side.side, category, all[0].Level, all[0].Message, side.level, side.msg)
			}
		}
	}
}

func TestLogCustomLevel(t *testing.T) {
	allError := func(codes.Category) zapcore.Level { return zapcore.ErrorLevel }
	okAtInfo := func(c codes.Category) zapcore.Level {
		if c == codes.CategoryOK {
			return zapcore.InfoLevel
		}
		return zapcore.DebugLevel
	}
	tests := []struct {
		name     string
		level    func(codes.Category) zapcore.Level
		side     observation.Side
		category codes.Category
		want     []zapcore.Level // entries at Info and above
	}{
		{"client ok raised to error", allError, observation.Client, codes.CategoryOK, []zapcore.Level{zapcore.ErrorLevel}},
		{"server validation raised to error", allError, observation.Server, codes.CategoryValidation, []zapcore.Level{zapcore.ErrorLevel}},
		{"ok raised to info", okAtInfo, observation.Client, codes.CategoryOK, []zapcore.Level{zapcore.InfoLevel}},
		{"transport lowered below the logger's level", okAtInfo, observation.Client, codes.CategoryTransport, nil},
		{"server platform lowered below the logger's level", okAtInfo, observation.Server, codes.CategoryPlatform, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, logs := observed(zapcore.InfoLevel, tt.level)
			o := withCategory(t, tt.category)
			o.Side = tt.side
			l.Log(context.Background(), o)
			var got []zapcore.Level
			for _, e := range logs.All() {
				got = append(got, e.Level)
			}
			if len(got) != len(tt.want) || (len(got) == 1 && got[0] != tt.want[0]) {
				t.Errorf("levels %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLogFields(t *testing.T) {
	redactedURL := redact.URL(testkit.MustURL(t, testkit.PlatformURL))
	duration := 42 * time.Millisecond
	tests := []struct {
		name string
		obs  func(t *testing.T) *observation.Observation
		want map[string]any
	}{
		{
			name: "ok",
			obs: func(t *testing.T) *observation.Observation {
				o := withCategory(t, codes.CategoryOK)
				o.CatalogEntry = codes.Code{Value: "000000", Message: "ok", English: "OK", Category: codes.CategoryOK, Domain: codes.DomainCommon}
				o.ReplyCode = "000000"
				return o
			},
			want: map[string]any{
				"ucpaas.operation": "template_sms", "ucpaas.code": "000000", "ucpaas.category": "ok",
				"ucpaas.message": "ok", "ucpaas.message_en": "OK", "http.request.method": "POST",
				"http.response.status_code": int64(200), "url.full": redactedURL, "duration": duration,
			},
		},
		{
			name: "catalog failure",
			obs:  func(t *testing.T) *observation.Observation { return withCategory(t, codes.CategoryBalance) },
			want: map[string]any{
				"ucpaas.operation": "template_sms", "ucpaas.code": "100001", "ucpaas.category": "balance", "error.type": "100001",
				"ucpaas.message": "余额不足", "ucpaas.message_en": "Insufficient balance", "http.request.method": "POST",
				"http.response.status_code": int64(200), "url.full": redactedURL, "duration": duration,
			},
		},
		{
			name: "code the catalog lacks: the code itself, no messages",
			obs:  func(t *testing.T) *observation.Observation { return withCategory(t, codes.CategoryUnknown) },
			want: map[string]any{
				"ucpaas.operation": "template_sms", "ucpaas.code": "300001", "ucpaas.category": "unknown", "error.type": "300001",
				"http.request.method": "POST", "http.response.status_code": int64(200), "url.full": redactedURL, "duration": duration,
			},
		},
		{
			name: "no code in the reply",
			obs:  func(t *testing.T) *observation.Observation { return withCategory(t, codes.CategoryUnparsed) },
			want: map[string]any{
				"ucpaas.operation": "template_sms", "ucpaas.code": "none", "ucpaas.category": "unparsed", "error.type": "unparsed",
				"http.request.method": "POST", "http.response.status_code": int64(200), "url.full": redactedURL, "duration": duration,
			},
		},
		{
			name: "transport error: no status, the redacted error",
			obs:  func(t *testing.T) *observation.Observation { return withCategory(t, codes.CategoryTransport) },
			want: map[string]any{
				"ucpaas.operation": "template_sms", "ucpaas.code": "transport", "ucpaas.category": "transport", "error.type": "transport",
				"http.request.method": "POST", "url.full": redactedURL, "duration": duration, "error": redact.Error(errRefused),
			},
		},
		{
			name: "server panic",
			obs: func(t *testing.T) *observation.Observation {
				return &observation.Observation{
					Side: observation.Server, Operation: "send_sms", Method: "POST", URL: testkit.MustURL(t, "/ol/sms/sendsms"),
					Category: codes.CategoryPlatform, Duration: duration, Panic: "index out of range [3] with length 3",
				}
			},
			want: map[string]any{
				"ucpaas.operation": "send_sms", "ucpaas.code": "none", "ucpaas.category": "platform", "error.type": "platform",
				"http.request.method": "POST", "url.path": "/ol/sms/sendsms", "duration": duration,
				"panic": redact.Text("index out of range [3] with length 3"),
			},
		},
		{
			name: "server hijacked",
			obs: func(t *testing.T) *observation.Observation {
				return &observation.Observation{
					Side: observation.Server, Operation: "other", Method: "GET",
					Category: codes.CategoryUnparsed, Duration: duration, Hijacked: true,
				}
			},
			want: map[string]any{
				"ucpaas.operation": "other", "ucpaas.code": "none", "ucpaas.category": "unparsed",
				"http.request.method": "GET", "duration": duration, "hijacked": true,
			},
		},
		{
			name: "client redirect hop",
			obs: func(t *testing.T) *observation.Observation {
				return &observation.Observation{
					Side: observation.Client, Operation: "send_sms", Method: "POST", StatusCode: 307,
					Category: codes.CategoryUnparsed, Duration: duration, NotRead: true,
				}
			},
			want: map[string]any{
				"ucpaas.operation": "send_sms", "ucpaas.code": "none", "ucpaas.category": "unparsed",
				"http.request.method": "POST", "http.response.status_code": int64(307), "duration": duration,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, logs := observed(zapcore.DebugLevel, nil)
			o := tt.obs(t)
			l.Log(context.Background(), o)
			all := logs.All()
			if len(all) != 1 {
				t.Fatalf("%d entries, want 1", len(all))
			}
			if (o.Hijacked || o.NotRead) && all[0].Level != zapcore.DebugLevel {
				t.Errorf("hijacked connection or reply not read logged at %v, want Debug", all[0].Level)
			}
			if got := testkit.Fields(all[0]); !maps.Equal(got, tt.want) {
				t.Errorf("fields\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestLogTraceIDs(t *testing.T) {
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:     trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		TraceFlags: trace.FlagsSampled,
	})
	tests := []struct {
		name          string
		ctx           context.Context
		trace, spanID any
	}{
		{"span context", trace.ContextWithSpanContext(context.Background(), sc), "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"},
		{"remote span context", trace.ContextWithRemoteSpanContext(context.Background(), sc), "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"},
		{"no span", context.Background(), nil, nil},
		{"invalid span context", trace.ContextWithSpanContext(context.Background(), trace.SpanContext{}), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, logs := observed(zapcore.DebugLevel, nil)
			l.Log(tt.ctx, withCategory(t, codes.CategoryOK))
			f := testkit.Fields(logs.All()[0])
			if f["trace_id"] != tt.trace || f["span_id"] != tt.spanID {
				t.Errorf("trace_id %v span_id %v, want %v %v", f["trace_id"], f["span_id"], tt.trace, tt.spanID)
			}
		})
	}
}

func TestLogNothing(t *testing.T) {
	var nilLogger *logentry.Logger
	nilLogger.Log(context.Background(), withCategory(t, codes.CategoryTransport))
	logentry.New(nil, nil).Log(context.Background(), withCategory(t, codes.CategoryTransport))

	l, logs := observed(zapcore.DebugLevel, nil)
	l.Log(context.Background(), nil)
	if n := logs.Len(); n != 0 {
		t.Errorf("a nil observation logged %d entries", n)
	}
}

func TestLogDisabledDoesNotAllocate(t *testing.T) {
	atInfo, logs := observed(zapcore.InfoLevel, nil)
	tests := []struct {
		name string
		l    *logentry.Logger
		o    *observation.Observation
	}{
		{"ok below info", atInfo, withCategory(t, codes.CategoryOK)},
		{"nop core, validation", logentry.New(zap.New(zapcore.NewNopCore()), nil), withCategory(t, codes.CategoryValidation)},
		{"nop logger, transport", logentry.New(nil, nil), withCategory(t, codes.CategoryTransport)},
		{"custom level below the logger's", logentry.New(zap.NewNop(), logging.DefaultServerLevels), withCategory(t, codes.CategoryPlatform)},
	}
	ctx := context.Background()
	for _, tt := range tests {
		if allocs := testing.AllocsPerRun(100, func() { tt.l.Log(ctx, tt.o) }); allocs != 0 {
			t.Errorf("%s: %v allocs per disabled Log, want 0", tt.name, allocs)
		}
	}
	if logs.Len() != 0 {
		t.Errorf("disabled entries were written: %d", logs.Len())
	}
}

func TestLogConcurrently(t *testing.T) {
	l, logs := observed(zapcore.DebugLevel, nil)
	const callers = 50
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			o := withCategory(t, everyCategory[i%len(everyCategory)])
			l.Log(context.Background(), o)
		})
	}
	wg.Wait()
	if logs.Len() != callers {
		t.Errorf("%d entries, want %d", logs.Len(), callers)
	}
}

// capCore records the capacity of the field slices it is handed.
type capCore struct {
	zapcore.LevelEnabler
	caps *[]int
}

func (c capCore) With([]zapcore.Field) zapcore.Core { return c }
func (c capCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	return ce.AddCore(e, c)
}
func (c capCore) Write(_ zapcore.Entry, fs []zapcore.Field) error {
	*c.caps = append(*c.caps, cap(fs))
	return nil
}
func (c capCore) Sync() error { return nil }

// TestFieldsFitTheirSlice checks that the entry with the most fields of each side fits the slice
// Log allocates for it: every entry of a side is handed a slice of the same capacity, which an
// entry with one field too many would have grown.
func TestFieldsFitTheirSlice(t *testing.T) {
	ctx := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1}, TraceFlags: trace.FlagsSampled,
	}))
	for _, side := range []observation.Side{observation.Client, observation.Server} {
		var caps []int
		l := logentry.New(zap.New(capCore{zapcore.DebugLevel, &caps}), nil)
		for _, c := range everyCategory {
			o := withCategory(t, c)
			o.Side = side
			l.Log(ctx, o)
			if side == observation.Server {
				o.URL = testkit.MustURL(t, "/2014-06-30/Accounts/x/Messages/templateSMS?sig=1")
				o.Panic, o.Hijacked = "boom", true // never both in one call, but the most fields
				l.Log(ctx, o)
			}
		}
		for _, c := range caps {
			if c != caps[0] {
				t.Errorf("%s: field slices of capacity %v: an entry outgrew its slice", side, caps)
				break
			}
		}
	}
}
