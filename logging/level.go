package logging

import (
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/codes"
)

// CategoryToLevel chooses the level of a call's log entry from its category; pass one to
// middleware.WithLevels. The defaults are DefaultClientLevels for middleware.NewTransport and
// DefaultServerLevels for middleware.NewHandler:
//
//	category                                  client (DefaultClientLevels)  server (DefaultServerLevels)
//	ok                                        Debug                         Debug
//	balance, auth, account                    Error                         Info
//	application, client, validation,          Warn                          Info
//	not_found, content, rate_limit, unknown
//	unparsed                                  Warn                          Error
//	platform, transport                       Error                         Error
//	a value that is not a category            Warn                          Info
//
// On the client side, balance, auth, account, platform and transport failures stop every call
// until someone acts; the others concern one call. On the server side a failure the caller caused
// (bad parameter, unknown template, wrong credentials, no balance, …) is Info: the server did
// its job in reporting it; only the server's own failures (platform, transport, an answer
// without a code) are Error.
//
// Whatever the function says, a hijacked connection (a WebSocket or other upgrade) and a reply
// not read for a code (a redirect hop, a 1xx, 204 or 304 reply, the reply to HEAD, a CONNECT
// tunnel) are logged at Debug: they are no answers in the platform's format, and nothing failed.
// A batch send in which a recipient failed is logged at Warn at least. A function that panics
// logs the call at Error (the panic is counted in ucpaas_instrumentation_errors_total).
type CategoryToLevel func(codes.Category) zapcore.Level

// DefaultClientLevels is the default [CategoryToLevel] of a call the application made to the
// platform (see the table there).
func DefaultClientLevels(c codes.Category) zapcore.Level {
	switch c {
	case codes.CategoryOK:
		return zapcore.DebugLevel
	case codes.CategoryBalance, codes.CategoryAuth, codes.CategoryAccount,
		codes.CategoryPlatform, codes.CategoryTransport:
		return zapcore.ErrorLevel
	}
	return zapcore.WarnLevel
}

// DefaultServerLevels is the default [CategoryToLevel] of an answer the application gave in the
// platform's format (see the table there).
func DefaultServerLevels(c codes.Category) zapcore.Level {
	switch c {
	case codes.CategoryOK:
		return zapcore.DebugLevel
	case codes.CategoryPlatform, codes.CategoryTransport, codes.CategoryUnparsed:
		return zapcore.ErrorLevel
	}
	return zapcore.InfoLevel
}
