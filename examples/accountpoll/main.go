// Command accountpoll polls the account's info (balance and state) every few minutes through an
// http.Client wrapped by middleware.NewTransport, as a billing job would, and serves the metrics
// on /metrics: ucpobs reads the balance out of each account-info reply into the gauge
// ucpaas_account_balance, so that Prometheus can warn before the money runs out (the alert
// UcpaasBalanceLow) instead of after (UcpaasBalanceInsufficient).
//
// It has no account on the real platform, so it starts the simulator (package ucpaastest) and
// signs its requests with the simulator's helper ucpaastest.Sign, which implements the platform's
// signature (sig = MD5(sid + token + timestamp), Authorization = Base64(sid:timestamp)).
//
//	go run ./examples/accountpoll                        # every 5 minutes, metrics on 127.0.0.1:9466
//	go run ./examples/accountpoll -interval 10s -spend 0.5
//
// With -spend the simulated account pays for that many yuan of SMS a second, so the balance falls
// between polls as it would in production.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/ucpobs/ucpobs/metrics"
	"github.com/ucpobs/ucpobs/middleware"
	"github.com/ucpobs/ucpobs/ucpaastest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes of run.
const (
	exitOK    = 0
	exitError = 1 // it could not start (e.g. the port is taken)
	exitUsage = 2 // bad flags
)

// config is what the flags say.
type config struct {
	interval time.Duration
	listen   string
	spend    float64 // yuan a second taken from the simulated account
}

// run polls until ctx is done and returns the process exit code. Polls are logged to stdout;
// usage and errors go to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("accountpoll", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	fs.DurationVar(&cfg.interval, "interval", 5*time.Minute, "time between two account-info polls")
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:9466", "address of the /metrics endpoint (port 0 picks a free one)")
	fs.Float64Var(&cfg.spend, "spend", 0, "yuan a second the simulated account spends on SMS, so that the balance falls")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "accountpoll: unexpected argument %q (flags only)\n", fs.Arg(0))
		return exitUsage
	case cfg.interval <= 0:
		fmt.Fprintln(stderr, "accountpoll: -interval must be positive")
		return exitUsage
	case cfg.spend < 0:
		fmt.Fprintln(stderr, "accountpoll: -spend must not be negative")
		return exitUsage
	}
	if err := poll(ctx, cfg, stdout); err != nil {
		fmt.Fprintln(stderr, "accountpoll:", err)
		return exitError
	}
	return exitOK
}

// poll starts the simulated platform and the metrics endpoint, then asks for the account's info
// at once and every cfg.interval until ctx is done.
func poll(ctx context.Context, cfg config, out io.Writer) error {
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return err
	}
	platform := ucpaastest.NewServer()
	defer platform.Close()
	if cfg.spend > 0 {
		go spend(ctx, platform.Simulator, int64(cfg.spend*100))
	}

	logger := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig()),
		zapcore.AddSync(out), zapcore.InfoLevel))
	reg := prometheus.NewRegistry()
	m := metrics.New()
	reg.MustRegister(m)
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: middleware.NewTransport(http.DefaultTransport, middleware.WithLogger(logger), middleware.WithMetrics(m)),
	}
	defer client.CloseIdleConnections()

	srv := &http.Server{Handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()
	fmt.Fprintf(out, "polling the account's info every %s; metrics: http://%s/metrics\n", cfg.interval, ln.Addr())

	acct := ucpaastest.DefaultAccount()
	tick := time.NewTicker(cfg.interval)
	defer tick.Stop()
	for {
		reply, err := accountInfo(ctx, client, platform.URL, acct.SID, acct.Token)
		switch {
		case ctx.Err() != nil:
		case err != nil:
			fmt.Fprintln(out, "account info:", err) // the next poll may work; the metrics count it
		default:
			fmt.Fprintf(out, "account info: code %s, balance %s yuan, status %s\n",
				reply.Resp.RespCode, reply.Resp.Account.Balance, reply.Resp.Account.Status)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// accountReply is the part of an account-info reply (family A, JSON) this job reads.
type accountReply struct {
	Resp struct {
		RespCode string `json:"respCode"`
		Account  struct {
			Balance string `json:"balance"` // yuan, e.g. "99.50"
			Status  string `json:"status"`
		} `json:"account"`
	} `json:"resp"`
}

// accountInfo asks for the account's info, GET /2014-06-30/Accounts/{sid} signed with the
// platform's signature, and returns the reply. ucpobs has already read the return code and the
// balance while the reply streamed by: the metrics need nothing from this code.
func accountInfo(ctx context.Context, client *http.Client, baseURL, sid, token string) (accountReply, error) {
	var reply accountReply
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/2014-06-30/Accounts/"+sid, nil)
	if err != nil {
		return reply, err
	}
	req.Header.Set("Accept", "application/json")
	ucpaastest.Sign(req, sid, token, time.Now())
	resp, err := client.Do(req)
	if err != nil {
		return reply, err
	}
	defer resp.Body.Close()
	err = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&reply)
	return reply, err
}

// spend takes fen from the simulated account every second until ctx is done, standing for the
// SMS the application sends between polls.
func spend(ctx context.Context, sim *ucpaastest.Simulator, fen int64) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if balance, ok := sim.Balance(ucpaastest.DefaultSID); ok {
				sim.SetBalance(ucpaastest.DefaultSID, max(balance-fen, 0))
			}
		}
	}
}
