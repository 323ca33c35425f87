package logentry

import (
	"context"
	"encoding/hex"
	"fmt"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/redact"
	"github.com/ucpobs/ucpobs/logging"
)

// Field keys (a contract: dashboards and log queries use them).
const (
	keyOperation = "ucpaas.operation"
	keyCode      = "ucpaas.code"
	keyCategory  = "ucpaas.category"
	keyMessage   = "ucpaas.message"
	keyMessageEN = "ucpaas.message_en"
	keyMethod    = "http.method"
	keyStatus    = "http.status_code"
	keyURL       = "url"
	keyDuration  = "duration"
	keyTraceID   = "trace_id"
	keySpanID    = "span_id"
	keyError     = "error"
	keyPanic     = "panic"
	keyHijacked  = "hijacked"
)

// maxFields is the number of fields an entry of a call that is neither a batch send nor account
// info can have (the slice escapes: a larger one would cost every entry); the recipients' four
// fields or the balance grow it.
const maxFields = 15

// Logger writes one entry per observation. It is safe for concurrent use.
type Logger struct {
	log   *zap.Logger
	level func(codes.Category) zapcore.Level
}

// New returns a Logger writing to l (nil: zap.NewNop()) at the level level returns for an
// observation's category; a nil level means logging.ClientLevel for client observations and logging.ServerLevel
// for server ones. Its entries carry neither a caller nor a stack trace (see WithoutCallSite);
// everything else about l is kept.
func New(l *zap.Logger, level func(codes.Category) zapcore.Level) *Logger {
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
		lvl = logging.ServerLevel(o.Category)
	default:
		lvl = logging.ClientLevel(o.Category)
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

// fields builds the fields of o's entry (see the package documentation).
func fields(ctx context.Context, o *observation.Observation) []zap.Field {
	fs := make([]zap.Field, 0, maxFields)
	fs = append(fs,
		zap.String(keyOperation, o.Operation),
		zap.String(keyCode, o.DisplayCode()),
		zap.String(keyCategory, string(o.Category)),
	)
	if o.Entry.Message != "" {
		fs = append(fs, zap.String(keyMessage, o.Entry.Message))
	}
	if o.Entry.English != "" {
		fs = append(fs, zap.String(keyMessageEN, o.Entry.English))
	}
	if o.Method != "" {
		fs = append(fs, zap.String(keyMethod, o.Method))
	}
	if o.StatusCode > 0 {
		fs = append(fs, zap.Int(keyStatus, o.StatusCode))
	}
	if o.URL != nil {
		fs = append(fs, zap.String(keyURL, redact.URL(o.URL)))
	}
	fs = append(fs, zap.Duration(keyDuration, o.Duration))
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		traceID, spanID := hexIDs(sc)
		fs = append(fs, zap.String(keyTraceID, traceID), zap.String(keySpanID, spanID))
	}
	if o.Err != nil {
		fs = append(fs, zap.String(keyError, redact.Error(o.Err)))
	}
	if o.Panic != nil {
		fs = append(fs, zap.String(keyPanic, redact.Text(fmt.Sprint(o.Panic))))
	}
	if o.Hijacked {
		fs = append(fs, zap.Bool(keyHijacked, true))
	}
	if r := o.Recipients; r != nil {
		fs = append(fs, zap.Int(observation.KeyRecipients, r.Seen), zap.Int(observation.KeyRecipientsFailed, r.Failed))
		if r.Failed > 0 {
			fs = append(fs, zap.Strings(observation.KeyRecipientCodes, r.FailingCodes(nil)))
		}
		if r.Truncated {
			fs = append(fs, zap.Bool(observation.KeyRecipientsTruncated, true))
		}
	}
	if o.HasBalance {
		fs = append(fs, zap.Float64(observation.KeyBalance, o.Balance))
	}
	return fs
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
