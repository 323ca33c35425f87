package testkit

import (
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// Logs returns a logger whose entries at enabled and above are kept in the returned observer.
func Logs(enabled zapcore.Level) (*zap.Logger, *observer.ObservedLogs) {
	core, logs := observer.New(enabled)
	return zap.New(core), logs
}

// JSONLogs returns a logger that writes every entry, Debug and above, as a line of zap's
// production JSON encoding into the returned buffer: the text a leak scan must read.
func JSONLogs() (*zap.Logger, *SyncBuffer) {
	buf := &SyncBuffer{}
	core := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(buf), zapcore.DebugLevel)
	return zap.New(core), buf
}

// Fields encodes every field of an observed entry as zap hands it to an encoder: nested objects
// and arrays become maps and slices.
func Fields(e observer.LoggedEntry) map[string]any {
	enc := zapcore.NewMapObjectEncoder()
	for _, f := range e.Context {
		f.AddTo(enc)
	}
	return enc.Fields
}
