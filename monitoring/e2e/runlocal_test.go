package e2e

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ucpobs/ucpobs/monitoring/internal/promapi"
)

// freePort returns a loopback port nothing listens on (at the time of the call).
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// runLocal starts monitoring/run-local.sh with args on free ports, in its own process group, and
// returns it and the pattern of the addresses it serves (Prometheus's and the first demo's).
func runLocal(t *testing.T, args ...string) (*proc, *regexp.Regexp) {
	t.Helper()
	tools(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	// The script builds the demo itself; built here first, its build comes from the cache.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	buildDemo(ctx, t)
	prom, demoPort := strconv.Itoa(freePort(t)), strconv.Itoa(freePort(t))
	p := startEnv(t, "run-local.sh", root,
		[]string{"PROM_LISTEN=127.0.0.1:" + prom, "DEMO_PORT=" + demoPort, "TMPDIR=" + t.TempDir()},
		"bash", append([]string{filepath.Join(root, "monitoring", "run-local.sh")}, args...)...)
	return p, regexp.MustCompile(`http://127\.0\.0\.1:(?:` + prom + `|` + demoPort + `)[^\s,]*`)
}

// wait waits for the process to exit and returns its exit code.
func (p *proc) wait(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(within):
		t.Fatalf("%s did not exit within %s:\n%s", p.name, within, tail(p.out, logTail))
	}
	if p.cmd.ProcessState == nil {
		t.Fatalf("%s: %v", p.name, p.err)
	}
	return p.cmd.ProcessState.ExitCode()
}

func TestRunLocalShowsTheDemosError(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo; not in -short mode")
	}
	t.Parallel()
	p, _ := runLocal(t, "no-such-story")
	if code := p.wait(t, 3*time.Minute); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	out := p.out.String()
	if !strings.Contains(out, `demo: unknown scenario "no-such-story"`) || strings.Contains(out, "Usage:") {
		t.Errorf("the output does not show the demo's error line alone:\n%s", out)
	}
	kept := regexp.MustCompile(`the logs are kept in (\S+)`).FindStringSubmatch(out)
	if kept == nil {
		t.Fatalf("the output does not say where the logs are:\n%s", out)
	}
	log := filepath.Join(kept[1], "demo-no-such-story.log")
	data, err := os.ReadFile(log)
	if err != nil || !strings.Contains(string(data), "unknown scenario") || !strings.Contains(out, log) {
		t.Errorf("the log %s named in the output is gone or lacks the error (%v):\n%s", log, err, out)
	}
}

// TestRunLocalLinksWork runs the script with one story, opens every address its closing message
// prints, checks the message states the story's alerts, and stops it with Ctrl-C (SIGINT): every
// process it started must be gone.
func TestRunLocalLinksWork(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo and starts Prometheus; not in -short mode")
	}
	t.Parallel()
	p, ours := runLocal(t, "auth-broken")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	expectation := p.await(ctx, t, regexp.MustCompile(`\n  auth-broken +(.+)\n`))
	if !strings.Contains(expectation, "UcpaasAuthFailing") || strings.Contains(expectation, "Balance") {
		t.Errorf("closing message expects %q for auth-broken", expectation)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	links := ours.FindAllString(p.out.String(), -1)
	if len(links) < 4 {
		t.Fatalf("only %d links printed:\n%s", len(links), p.out.String())
	}
	for _, link := range links {
		waitFor(ctx, t, link+" answers 200", 30*time.Second, func() error {
			_, err := promapi.Client{Base: link, HTTP: client}.Get(ctx, "", nil, "")
			return err
		})
	}
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t, 30*time.Second); code != 130 {
		t.Errorf("exit code %d after Ctrl-C, want 130", code)
	}
	// The script's processes were in its process group: none may be left.
	if err := syscall.Kill(-p.cmd.Process.Pid, 0); err == nil {
		out, _ := exec.Command("ps", "-o", "pid,args", "-g", strconv.Itoa(p.cmd.Process.Pid)).CombinedOutput()
		t.Errorf("processes of run-local.sh survive Ctrl-C:\n%s", out)
	}
}
