package logentry_test

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/logentry"
	"github.com/ucpobs/ucpobs/internal/observation"
	"github.com/ucpobs/ucpobs/internal/testkit"
)

// observed returns a Logger (default levels unless level is set) whose entries at enabled and
// above are kept in the returned observer.
func observed(enabled zapcore.Level, level func(codes.Category) zapcore.Level) (*logentry.Logger, *observer.ObservedLogs) {
	logger, logs := testkit.Logs(enabled)
	return logentry.New(logger, level), logs
}

// entry is a catalog entry built by hand, so that the tests do not depend on the catalog's texts.
func entry(value string, cat codes.Category, english string) codes.Code {
	return codes.Code{
		Value: value, Message: "余额不足", Messages: []string{"余额不足"}, English: english,
		Category: cat, Domain: codes.DomainOf(value),
	}
}

// withCategory returns a client observation of template_sms of category c, with a code entry
// when c is a code category.
func withCategory(t testing.TB, c codes.Category) *observation.Observation {
	o := &observation.Observation{
		Side: observation.Client, Operation: "template_sms", Method: "POST",
		URL: testkit.MustURL(t, testkit.PlatformURL), StatusCode: 200, Category: c, Duration: 42 * time.Millisecond,
	}
	switch c {
	case codes.CategoryUnknown:
		o.ReplyCode = "300001"
	case codes.CategoryUnparsed:
	case codes.CategoryTransport:
		o.StatusCode = 0
		o.SetTransportError(errRefused)
	default:
		o.CatalogEntry = entry("100001", c, "Insufficient balance")
		o.ReplyCode = o.CatalogEntry.Value
	}
	return o
}

var errRefused = errors.New("dial tcp 10.0.0.1:443: connect: connection refused")
