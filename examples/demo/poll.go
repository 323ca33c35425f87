package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

// pollAccount asks the platform for the account's info at once and then every interval until
// stop is done, as a billing job would, so that ucpaas_account_balance follows the balance while
// the traffic spends it. Calls use callCtx, like the workers'.
func pollAccount(stop, callCtx context.Context, client *http.Client, w *worker, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		w.send(callCtx, client, func(ctx context.Context, w *worker) (*http.Request, error) {
			return w.b.AccountInfo(ctx)
		})
		select {
		case <-stop.Done():
			return
		case <-tick.C:
		}
	}
}

// topUpWhenExhausted waits for the first call refused for lack of balance (category balance in
// reg), then after the given delay puts fen on the account and says so on out. It returns when it
// has, or when ctx is done.
func topUpWhenExhausted(ctx context.Context, reg prometheus.Gatherer, sim *ucpaastest.Server, fen int64, after time.Duration, out io.Writer) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for !balanceFailed(reg) {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
	writeLine(out, fmt.Sprintf("the balance ran out; topping it up in %s", after))
	select {
	case <-ctx.Done():
		return
	case <-time.After(after):
	}
	balance, _ := sim.TopUp(ucpaastest.DefaultSID, fen)
	writeLine(out, fmt.Sprintf("topped the balance up by %s yuan to %s: no more 余额不足 (100001)", yuanText(fen), yuanText(balance)))
}

// balanceFailed reports whether reg counted a call refused for lack of balance.
func balanceFailed(reg prometheus.Gatherer) bool {
	t, err := readTally(reg)
	return err == nil && slices.ContainsFunc(t.byCode, func(c codeCount) bool { return c.category == codes.CategoryBalance })
}

// yuanText formats fen as yuan with two decimals.
func yuanText(fen int64) string {
	return fmt.Sprintf("%d.%02d", fen/100, fen%100)
}
