package logentry

import (
	"context"
	"encoding/hex"
	"fmt"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/logging"
)

// The most fields an entry of a call that is neither a batch send nor account info has: 3
// ucpaas.* and the 2 texts of a catalog code, 2 HTTP, error.type, duration, trace_id and span_id,
// then on the client side url.full, or error instead of the catalog texts (a call without a
// reply has no code), on the server side url.path, url.query, panic and hijacked. The slice
// escapes, so a larger one would cost every entry: what the scan collected
// (observation.MaxCollected) is added to the capacity only when there is some.
const (
	maxClientFields = 12
	maxServerFields = 15
)

// Logger writes one entry per observation. It is safe for concurrent use.
type Logger struct {
	log   *zap.Logger
	level logging.CategoryToLevel
}

// New returns a Logger writing to l (nil: zap.NewNop()) at the level level returns for an
// observation's category; a nil level means [logging.DefaultClientLevels] for client observations
// and [logging.DefaultServerLevels] for server ones. Its entries carry neither a caller nor a stack
// trace (see WithoutCallSite); everything else about l is kept.
func New(l *zap.Logger, level logging.CategoryToLevel) *Logger {
	if l == nil {
		l = zap.NewNop()
	}
	return &Logger{log: WithoutCallSite(l), level: level}
}

// noLevel enables no level.
var noLevel = zap.LevelEnablerFunc(func(zapcore.Level) bool { return false })

// WithoutCallSite returns a copy of l whose entries carry neither a caller nor a stack trace,
// whatever zap.AddCaller and zap.AddStacktrace options l was built with (zap.NewProduction adds
// both): the call site of an entry ucpobs writes is a line of this library, and its stack runs
// through ucpobs and net/http, which tells the reader nothing about their call. Everything else
// about l is kept: its core (encoder, output, level, sampling), fields, name and hooks. l itself
// is not changed. A nil l returns nil.
func WithoutCallSite(l *zap.Logger) *zap.Logger {
	if l == nil {
		return nil
	}
	return l.WithOptions(zap.WithCaller(false), zap.AddStacktrace(noLevel))
}

// Log writes one entry for o, if its level is enabled. ctx supplies trace_id and span_id. A nil
// Logger or a nil o logs nothing.
func (l *Logger) Log(ctx context.Context, o *observation.Observation) {
	if l == nil || o == nil {
		return
	}
	ce := l.log.Check(l.levelOf(o), message(o.Side))
	if ce == nil {
		return
	}
	ce.Write(fields(ctx, o)...)
}

// levelOf is the level of o's entry: at least Warn when a recipient of a batch failed.
func (l *Logger) levelOf(o *observation.Observation) zapcore.Level {
	var lvl zapcore.Level
	switch {
	case o.Hijacked || o.NotRead:
		return zapcore.DebugLevel // a WebSocket, a redirect hop, a 204…: not an answer, nothing failed
	case l.level != nil:
		lvl = l.level(o.Category)
	case o.Side == observation.Server:
		lvl = logging.DefaultServerLevels(o.Category)
	default:
		lvl = logging.DefaultClientLevels(o.Category)
	}
	if o.Recipients != nil && o.Recipients.Failed > 0 && lvl < zapcore.WarnLevel {
		lvl = zapcore.WarnLevel
	}
	return lvl
}

// message is the entry message of side.
func message(side observation.Side) string {
	if side == observation.Server {
		return logging.MessageServer
	}
	return logging.MessageClient
}

// fields builds the fields of o's entry (see package logging).
func fields(ctx context.Context, o *observation.Observation) []zap.Field {
	size := maxClientFields
	if o.Side == observation.Server {
		size = maxServerFields
	}
	if o.Recipients != nil || o.HasBalance {
		size += observation.MaxCollected
	}
	fs := make([]zap.Field, 0, size)
	fs = append(fs,
		zap.String(logging.OperationKey, o.Operation),
		zap.String(logging.CodeKey, o.ShownCode()),
		zap.String(logging.CategoryKey, string(o.Category)),
	)
	if o.CatalogEntry.Message != "" {
		fs = append(fs, zap.String(logging.MessageKey, o.CatalogEntry.Message))
	}
	if o.CatalogEntry.English != "" {
		fs = append(fs, zap.String(logging.MessageENKey, o.CatalogEntry.English))
	}
	if o.Method != "" {
		fs = append(fs, zap.String(logging.HTTPRequestMethodKey, o.Method))
	}
	if o.StatusCode > 0 {
		fs = append(fs, zap.Int(logging.HTTPResponseStatusCodeKey, o.StatusCode))
	}
	fs = observation.AppendURL(fs, o, zapFields)
	if o.Failed() {
		fs = append(fs, zap.String(logging.ErrorTypeKey, o.ErrorType()))
	}
	fs = append(fs, zap.Duration(logging.DurationKey, o.Duration))
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		traceID, spanID := hexIDs(sc)
		fs = append(fs, zap.String(logging.TraceIDKey, traceID), zap.String(logging.SpanIDKey, spanID))
	}
	if o.Err != nil {
		fs = append(fs, zap.String(logging.ErrorKey, redact.Error(o.Err)))
	}
	if o.Panic != nil {
		fs = append(fs, zap.String(logging.PanicKey, redact.Text(fmt.Sprint(o.Panic))))
	}
	if o.Hijacked {
		fs = append(fs, zap.Bool(logging.HijackedKey, true))
	}
	return observation.AppendCollected(fs, o, zapFields)
}

// zapFields builds the fields observation.AppendURL and AppendCollected write.
var zapFields = observation.FieldFuncs[zap.Field]{
	String:  zap.String,
	Int:     zap.Int,
	Bool:    zap.Bool,
	Float64: zap.Float64,
	Strings: zap.Strings,
}

// hexIDs returns the trace and span IDs of sc in hex, as their String methods do, in one
// allocation rather than four.
func hexIDs(sc trace.SpanContext) (traceID, spanID string) {
	tid, sid := sc.TraceID(), sc.SpanID()
	var buf [2*len(tid) + 2*len(sid)]byte
	hex.Encode(buf[:], tid[:])
	hex.Encode(buf[2*len(tid):], sid[:])
	ids := string(buf[:])
	return ids[:2*len(tid)], ids[2*len(tid):]
}
