package logging_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/logging"
	"github.com/ucpobs/ucpobs/middleware"
)

// The log entry of a call whose reply said "insufficient balance" (HTTP 200, code 100001), read
// back by the field keys of package logging.
func Example() {
	platform := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"resp":{"respCode":"100001"}}`))
	}))
	defer platform.Close()

	core, logs := observer.New(zapcore.DebugLevel)
	client := &http.Client{Transport: middleware.NewTransport(nil, middleware.WithLogger(zap.New(core)))}

	resp, err := client.Post(platform.URL+"/2014-06-30/Accounts/8a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d/Messages/templateSMS?sig=F3A9C1E7", "application/json", strings.NewReader(`{}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = resp.Body.Close()

	e := logs.All()[0]
	fields := e.ContextMap()
	fmt.Println(e.Level, e.Message)
	for _, key := range []string{logging.OperationKey, logging.CodeKey, logging.CategoryKey, logging.MessageKey, logging.MessageENKey,
		logging.HTTPRequestMethodKey, logging.HTTPResponseStatusCodeKey, logging.ErrorTypeKey} {
		fmt.Printf("%s=%v\n", key, fields[key])
	}
	fmt.Printf("%s=%s\n", logging.URLFullKey, strings.TrimPrefix(fields[logging.URLFullKey].(string), platform.URL))
	// Output:
	// error ucpaas call
	// ucpaas.operation=template_sms
	// ucpaas.code=100001
	// ucpaas.category=balance
	// ucpaas.message=余额不足
	// ucpaas.message_en=Insufficient balance
	// http.request.method=POST
	// http.response.status_code=200
	// error.type=100001
	// url.full=/2014-06-30/Accounts/8a2b****6c8d/Messages/templateSMS?sig=REDACTED
}

// A level function that pages on rate limiting and keeps the defaults for everything else.
func ExampleCategoryToLevel() {
	var levels logging.CategoryToLevel = func(c codes.Category) zapcore.Level {
		if c == codes.CategoryRateLimit {
			return zapcore.ErrorLevel
		}
		return logging.DefaultClientLevels(c)
	}
	_ = middleware.NewTransport(nil, middleware.WithLogger(zap.NewNop()), middleware.WithLevels(levels))

	for _, c := range []codes.Category{codes.CategoryOK, codes.CategoryRateLimit, codes.CategoryValidation, codes.CategoryBalance} {
		fmt.Println(c, levels(c))
	}
	// Output:
	// ok debug
	// rate_limit error
	// validation warn
	// balance error
}
