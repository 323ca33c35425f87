package logentry_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/ucpobs/ucpobs/codes"
	"github.com/ucpobs/ucpobs/internal/logentry"
	"github.com/ucpobs/ucpobs/internal/testkit"
	"github.com/ucpobs/ucpobs/logging"
)

// TestNoLibraryCallSite: a logger built with AddCaller and AddStacktrace (what zap.NewProduction
// does) writes ucpobs' entries without a caller (it would be a line of this library) and without
// a stack trace (frames of ucpobs and net/http), at every level; its fields stay.
func TestNoLibraryCallSite(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	user := zap.New(core, zap.AddCaller(), zap.AddStacktrace(zapcore.WarnLevel), zap.Fields(zap.String("service", "billing")))
	l := logentry.New(user, nil)
	for _, c := range []codes.Category{codes.CategoryOK, codes.CategoryValidation, codes.CategoryTransport} {
		l.Log(context.Background(), withCategory(t, c))
	}
	all := logs.All()
	if len(all) != 3 {
		t.Fatalf("%d entries, want 3", len(all))
	}
	for _, e := range all {
		if e.Caller.Defined || e.Stack != "" {
			t.Errorf("%v entry has caller %v and stack %q; want neither", e.Level, e.Caller, e.Stack)
		}
		if testkit.Fields(e)["service"] != "billing" {
			t.Errorf("%v entry lost the logger's own field: %v", e.Level, testkit.Fields(e))
		}
	}
	// The user's logger itself is not changed.
	user.Error("mine")
	if mine := logs.FilterMessage("mine").All(); len(mine) != 1 || !mine[0].Caller.Defined || mine[0].Stack == "" {
		t.Errorf("the user's own entry lost its caller or stack: %+v", mine)
	}
}

// TestProductionLogger: with zap's production configuration (JSON encoder, sampling, caller,
// stack traces at Error), ucpobs' Error entry has no "caller" and no "stacktrace" key, and the
// rest of the configuration is kept: the encoder's keys, the logger's fields and the sampler
// (which passes the first 100 entries of a message per second, then every 100th).
func TestProductionLogger(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ucpobs.log")
	cfg := zap.NewProductionConfig()
	cfg.OutputPaths = []string{path}
	user, err := cfg.Build(zap.Fields(zap.String("service", "billing")))
	if err != nil {
		t.Fatal(err)
	}
	l := logentry.New(user, nil)
	const calls = 150
	for range calls {
		l.Log(context.Background(), withCategory(t, codes.CategoryTransport))
	}
	user.Error("mine")
	_ = user.Sync()

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ours, mine int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e map[string]any
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("not JSON: %q: %v", sc.Text(), err)
		}
		if e["msg"] == "mine" {
			mine++
			if e["caller"] == nil || e["stacktrace"] == nil {
				t.Errorf("the user's own entry lost its caller or stack trace: %v", e)
			}
			continue
		}
		ours++
		if e["caller"] != nil || e["stacktrace"] != nil {
			t.Fatalf("ucpobs entry has caller %v, stacktrace %v; want neither", e["caller"], e["stacktrace"])
		}
		if e["level"] != "error" || e["msg"] != logging.MessageClient || e["service"] != "billing" || e["ts"] == nil || e["ucpaas.category"] != "transport" {
			t.Errorf("entry %v: want the production encoder's keys, the logger's field and ucpobs' fields", e)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if mine != 1 || ours < 100 || ours >= calls {
		t.Errorf("%d ucpobs entries of %d calls, %d of the user's; want the sampler kept (100 ≤ n < %d) and 1", ours, calls, mine, calls)
	}
}
