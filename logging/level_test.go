package logging_test

import (
	"testing"

	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/logging"
)

// defaultLevels is issue 3's (client) and issue 4's (server) level for every category.
var defaultLevels = []struct {
	category       codes.Category
	client, server zapcore.Level
}{
	{codes.CategoryOK, zapcore.DebugLevel, zapcore.DebugLevel},
	{codes.CategoryBalance, zapcore.ErrorLevel, zapcore.InfoLevel},
	{codes.CategoryAuth, zapcore.ErrorLevel, zapcore.InfoLevel},
	{codes.CategoryAccount, zapcore.ErrorLevel, zapcore.InfoLevel},
	{codes.CategoryApplication, zapcore.WarnLevel, zapcore.InfoLevel},
	{codes.CategoryClient, zapcore.WarnLevel, zapcore.InfoLevel},
	{codes.CategoryValidation, zapcore.WarnLevel, zapcore.InfoLevel},
	{codes.CategoryNotFound, zapcore.WarnLevel, zapcore.InfoLevel},
	{codes.CategoryContent, zapcore.WarnLevel, zapcore.InfoLevel},
	{codes.CategoryRateLimit, zapcore.WarnLevel, zapcore.InfoLevel},
	{codes.CategoryPlatform, zapcore.ErrorLevel, zapcore.ErrorLevel},
	{codes.CategoryUnknown, zapcore.WarnLevel, zapcore.InfoLevel},
	{codes.CategoryUnparsed, zapcore.WarnLevel, zapcore.ErrorLevel},
	{codes.CategoryTransport, zapcore.ErrorLevel, zapcore.ErrorLevel},
	{codes.Category("no_such_category"), zapcore.WarnLevel, zapcore.InfoLevel},
}

func TestDefaultLevels(t *testing.T) {
	if len(defaultLevels) != len(codes.Categories())+1 {
		t.Fatalf("table has %d rows for %d categories (+1 invalid)", len(defaultLevels), len(codes.Categories()))
	}
	for _, tt := range defaultLevels {
		if got := logging.DefaultClientLevels(tt.category); got != tt.client {
			t.Errorf("DefaultClientLevels(%q) = %v, want %v", tt.category, got, tt.client)
		}
		if got := logging.DefaultServerLevels(tt.category); got != tt.server {
			t.Errorf("DefaultServerLevels(%q) = %v, want %v", tt.category, got, tt.server)
		}
	}
}
