package logentry_test

import (
	"context"
	"io"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/logentry"
)

// BenchmarkLog measures Log with a JSON logger at Info writing to io.Discard: "disabled" is an ok
// call (Debug, so not written), "info_failure" a client validation failure (Warn, written).
func BenchmarkLog(b *testing.B) {
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	l := logentry.New(zap.New(zapcore.NewCore(enc, zapcore.AddSync(io.Discard), zapcore.InfoLevel)), nil)
	ctx := context.Background()
	for _, bc := range []struct {
		name     string
		category codes.Category
	}{
		{"disabled", codes.CategoryOK},
		{"info_failure", codes.CategoryValidation},
	} {
		o := withCategory(b, bc.category)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.Log(ctx, o)
			}
		})
	}
}
