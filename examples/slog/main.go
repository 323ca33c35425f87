// Command slog shows an observer of one's own (middleware.WithObserver): every call made through
// middleware.NewTransport is written to log/slog, a sink ucpobs does not ship, as one JSON line
// with the operation, the platform's return code and what it means, its category and whether
// retrying may help, the recipients of a batch and the balance of account info.
//
// The observer sees only redacted data: the URL has no signature and a masked account SID, phone
// numbers are masked. It runs after ucpobs's own sinks; a panic in it would be recovered and
// counted (stage "observer"), never reaching the caller.
//
// It has no account on the real platform, so it starts the simulator (package ucpaastest) and
// makes four calls: an SMS the platform accepts, one with a template it does not know, a batch
// with an invalid number, and an account-info query.
//
//	go run ./examples/slog
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/middleware"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "slog:", err)
		os.Exit(1)
	}
}

// slogObserver returns an observer that writes each call to logger: at Info when it succeeded,
// at Warn when it or one of its recipients failed, at Error when someone must act on money,
// credentials or the account, or nothing came back.
func slogObserver(logger *slog.Logger) func(context.Context, middleware.Result) {
	return func(ctx context.Context, r middleware.Result) {
		attrs := []slog.Attr{
			slog.String("side", string(r.Side)),
			slog.String("operation", r.Operation),
			slog.String("code", r.ReplyCode),
			slog.String("category", string(r.Category)),
			slog.Bool("retryable", r.Retryable()),
			slog.Int("status", r.StatusCode),
			slog.String("url", r.URL),
			slog.Duration("duration", r.Duration),
		}
		if r.Code.English != "" {
			attrs = append(attrs, slog.String("meaning", r.Code.English))
		}
		if r.Error != "" {
			attrs = append(attrs, slog.String("error", r.Error))
		}
		if rec := r.Recipients; rec != nil {
			attrs = append(attrs, slog.Group("recipients",
				slog.Int("seen", rec.Seen), slog.Int("failed", rec.Failed), slog.Any("failing_codes", rec.FailingCodes)))
		}
		if r.HasBalance {
			attrs = append(attrs, slog.Float64("balance", r.Balance), slog.String("account", r.Account))
		}
		logger.LogAttrs(ctx, level(r), "ucpaas call", attrs...)
	}
}

// level is the slog level of a call's result.
func level(r middleware.Result) slog.Level {
	switch r.Category {
	case codes.CategoryBalance, codes.CategoryAuth, codes.CategoryAccount, codes.CategoryTransport:
		return slog.LevelError
	}
	if r.Failed() || (r.Recipients != nil && r.Recipients.Failed > 0) {
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

// run makes the four calls, each written by the observer to out.
func run(ctx context.Context, out io.Writer) error {
	platform := ucpaastest.NewServer()
	defer platform.Close()

	logger := slog.New(slog.NewJSONHandler(out, nil))
	client := &http.Client{Transport: middleware.NewTransport(http.DefaultTransport,
		middleware.WithObserver(slogObserver(logger)),
	)}
	defer client.CloseIdleConnections()

	b := ucpaastest.Builder{BaseURL: platform.URL, Account: ucpaastest.DefaultAccount()}
	calls := []func() (*http.Request, error){
		func() (*http.Request, error) {
			return b.TemplateSMS(ctx, []string{"13912345678"}, ucpaastest.DefaultTemplateCode, "246810")
		},
		func() (*http.Request, error) { return b.TemplateSMS(ctx, []string{"13912345678"}, "99999", "246810") },
		func() (*http.Request, error) {
			return b.SendSMSBatch(ctx, []string{"13912345678", "12345"}, ucpaastest.DefaultTemplateCode, "246810")
		},
		func() (*http.Request, error) { return b.AccountInfo(ctx) },
	}
	for _, call := range calls {
		req, err := call()
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
