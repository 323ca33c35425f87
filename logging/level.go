package logging

import (
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/codes"
)

// ClientLevel is the default level of a call the application made to the platform: Debug for
// ok; Warn for validation, not_found, content, client, application, rate_limit, unknown and
// unparsed; Error for balance, auth, account, platform and transport, which stop every call until
// someone acts. A value that is not a category is logged at Warn, like unknown.
func ClientLevel(c codes.Category) zapcore.Level {
	switch c {
	case codes.CategoryOK:
		return zapcore.DebugLevel
	case codes.CategoryBalance, codes.CategoryAuth, codes.CategoryAccount,
		codes.CategoryPlatform, codes.CategoryTransport:
		return zapcore.ErrorLevel
	}
	return zapcore.WarnLevel
}

// ServerLevel is the default level of an answer the application gave in the platform's format:
// Debug for ok; Error for platform, transport and unparsed (the server itself failed or answered
// without a code); Info for every other category, including a value that is not a category,
// because those failures are the caller's (bad parameter, unknown template, wrong credentials,
// no balance, …) and the server did its job in reporting them.
func ServerLevel(c codes.Category) zapcore.Level {
	switch c {
	case codes.CategoryOK:
		return zapcore.DebugLevel
	case codes.CategoryPlatform, codes.CategoryTransport, codes.CategoryUnparsed:
		return zapcore.ErrorLevel
	}
	return zapcore.InfoLevel
}
