package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/ucpobs/ucpobs/ucpaastest"
	"go.uber.org/zap"
)

// worker is one calling goroutine, standing for one host of the application.
type worker struct {
	id  int
	b   ucpaastest.Builder
	rng *rand.Rand
	log *zap.Logger
	seq int // friendly names created so far
}

func newWorker(id int, baseURL string, h host, log *zap.Logger) *worker {
	return &worker{
		id:  id,
		log: log,
		b: ucpaastest.Builder{
			BaseURL: baseURL,
			Account: ucpaastest.Account{
				SID: ucpaastest.DefaultSID, Token: h.token, AppID: ucpaastest.DefaultAppID,
				ClientID: ucpaastest.DefaultClientID, Password: ucpaastest.DefaultPassword,
			},
			XML: h.xml,
			Now: func() time.Time { return time.Now().Add(h.skew) },
		},
		rng: rand.New(rand.NewPCG(uint64(id), 0x5eed)),
	}
}

// mobile returns a made-up mainland mobile number.
func (w *worker) mobile() string {
	return fmt.Sprintf("1%d%09d", 3+w.rng.IntN(7), w.rng.IntN(1_000_000_000))
}

// mobiles returns n distinct made-up mobile numbers.
func (w *worker) mobiles(n int) []string {
	seen := make(map[string]bool, n)
	list := make([]string, 0, n)
	for len(list) < n {
		if m := w.mobile(); !seen[m] {
			seen[m] = true
			list = append(list, m)
		}
	}
	return list
}

// verifyCode returns a six-digit one-time code.
func (w *worker) verifyCode() string {
	return fmt.Sprintf("%06d", w.rng.IntN(1_000_000))
}

// call makes one call of a random kind and reads the reply to its end.
func (w *worker) call(ctx context.Context, client *http.Client) {
	w.send(ctx, client, pick(w.rng).build)
}

// send makes the call build gives and reads the reply to its end.
func (w *worker) send(ctx context.Context, client *http.Client, build func(context.Context, *worker) (*http.Request, error)) {
	req, err := build(ctx, w)
	if err != nil {
		w.log.Error("demo: could not build a request", zap.Error(err))
		return
	}
	resp, err := client.Do(req)
	if err != nil {
		return // recorded by the middleware as a transport failure
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

// drive runs the workers until stop is done, at most rate calls per second in all. Calls use
// callCtx, so that calls under way when stop ends can finish.
func drive(stop, callCtx context.Context, client *http.Client, baseURL string, sc scenario, workers, rate int, log *zap.Logger) {
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	var wg sync.WaitGroup
	for i := range workers {
		w := newWorker(i, baseURL, sc.host(i), log)
		wg.Go(func() {
			for {
				select {
				case <-stop.Done():
					return
				case <-tick.C:
				}
				if stop.Err() != nil {
					return
				}
				w.call(callCtx, client)
			}
		})
	}
	wg.Wait()
}
