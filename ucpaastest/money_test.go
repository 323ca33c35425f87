package ucpaastest

import (
	"sync"
	"testing"
)

func TestBalanceRunsOut(t *testing.T) {
	tests := []struct {
		name        string
		balance     int64
		appBudget   int64
		smsPrice    int64
		callPrice   int64
		voice       bool // send voice codes instead of SMS
		wantOK      int  // requests answered 000000 before the first failure
		wantCode    string
		wantBalance int64 // after the failure
	}{
		{name: "sms", balance: 23, smsPrice: 5, callPrice: 10, wantOK: 4, wantCode: "100001", wantBalance: 3},
		{name: "sms exact", balance: 20, smsPrice: 5, callPrice: 10, wantOK: 4, wantCode: "100001", wantBalance: 0},
		{name: "calls", balance: 25, smsPrice: 5, callPrice: 10, voice: true, wantOK: 2, wantCode: "100001", wantBalance: 5},
		{name: "empty account", balance: 0, smsPrice: 5, callPrice: 10, wantOK: 0, wantCode: "100001", wantBalance: 0},
		{name: "app budget", balance: 1000, appBudget: 12, smsPrice: 5, callPrice: 10, wantOK: 2, wantCode: "100019", wantBalance: 990},
		{name: "app budget calls", balance: 1000, appBudget: 35, smsPrice: 5, callPrice: 10, voice: true, wantOK: 3, wantCode: "100019", wantBalance: 970},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := DefaultAccount()
			acct.Balance, acct.AppBudget = tt.balance, tt.appBudget
			srv := newTestServer(t, WithAccount(acct), WithPrices(tt.smsPrice, tt.callPrice))
			do, b := sender(t, srv), builder(srv)
			okCount := 0
			for range 100 {
				var res result
				if tt.voice {
					res = do(b.VoiceCode(ctx, "13900000001", "1234"))
				} else {
					res = do(b.TemplateSMS(ctx, []string{"13900000001"}, DefaultTemplateCode, "1234"))
				}
				if res.code != codeOK {
					if res.code != tt.wantCode {
						t.Errorf("failure code %q, want %q", res.code, tt.wantCode)
					}
					break
				}
				okCount++
			}
			if okCount != tt.wantOK {
				t.Errorf("%d requests succeeded, want %d", okCount, tt.wantOK)
			}
			if got := mustBalance(t, srv); got != tt.wantBalance {
				t.Errorf("balance %d, want %d", got, tt.wantBalance)
			}
		})
	}
}

func TestEveryRecipientCosts(t *testing.T) {
	srv := newTestServer(t, WithPrices(5, 10))
	srv.SetBalance(DefaultSID, 23)
	do, b := sender(t, srv), builder(srv)
	five := []string{"13900000001", "13900000002", "13900000003", "13900000004", "13900000005"}
	if res := do(b.TemplateSMS(ctx, five, DefaultTemplateCode, "1")); res.code != "100001" {
		t.Errorf("five recipients on 23 fen: %q, want 100001", res.code)
	}
	if got := mustBalance(t, srv); got != 23 {
		t.Errorf("a refused request charged: balance %d, want 23", got)
	}
	if res := do(b.TemplateSMS(ctx, five[:4], DefaultTemplateCode, "1")); res.code != codeOK {
		t.Errorf("four recipients on 23 fen: %q, want 000000", res.code)
	}
	if got := mustBalance(t, srv); got != 3 {
		t.Errorf("balance %d, want 3", got)
	}
}

func TestFreePricesNeverRunOut(t *testing.T) {
	srv := newTestServer(t, WithPrices(0, -3))
	srv.SetBalance(DefaultSID, 0)
	do, b := sender(t, srv), builder(srv)
	for _, res := range []result{
		do(b.TemplateSMS(ctx, []string{"13900000001"}, DefaultTemplateCode, "1")),
		do(b.VoiceCode(ctx, "13900000001", "1234")),
	} {
		if res.code != codeOK {
			t.Errorf("free request on an empty account: %q, want 000000", res.code)
		}
	}
}

// TestConcurrentSpending checks that concurrent requests never overspend.
func TestConcurrentSpending(t *testing.T) {
	srv := newTestServer(t, WithPrices(5, 10))
	srv.SetBalance(DefaultSID, 5*37)
	b := builder(srv)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		codes = map[string]int{}
	)
	for range 8 {
		wg.Go(func() {
			for range 10 {
				req, err := b.TemplateSMS(ctx, []string{"13900000001"}, DefaultTemplateCode, "1")
				var res result
				if err == nil {
					res, err = fetch(srv, req)
				}
				mu.Lock()
				if err != nil {
					codes[err.Error()]++
				} else {
					codes[res.code]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if codes[codeOK] != 37 || codes["100001"] != 43 {
		t.Errorf("codes %v, want 37 × 000000 and 43 × 100001", codes)
	}
	if got := mustBalance(t, srv); got != 0 {
		t.Errorf("balance %d, want 0", got)
	}
}
