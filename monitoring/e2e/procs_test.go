package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/ucpobs/ucpobs/internal/testkit"
)

// logTail is how much of a process's output goes into the test log when the test fails.
const logTail = 32 << 10

// proc is a process the test started in its own process group, with its output captured.
type proc struct {
	name string
	cmd  *exec.Cmd
	out  *testkit.SyncBuffer
	done chan struct{} // closed when the process has exited
	err  error         // Wait's result, once done is closed
}

// start runs path with args in a new process group (see procAttr). t.Cleanup stops the whole group (SIGTERM,
// then SIGKILL after a grace period), waits for it, and logs the tail of its output if the test
// failed.
func start(t *testing.T, name, dir, path string, args ...string) *proc {
	t.Helper()
	return startEnv(t, name, dir, nil, path, args...)
}

// startEnv is start with env added to the test's environment.
func startEnv(t *testing.T, name, dir string, env []string, path string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, out: &testkit.SyncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(path, args...)
	p.cmd.Dir = dir
	if env != nil {
		p.cmd.Env = append(os.Environ(), env...)
	}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	p.cmd.SysProcAttr = procAttr()
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("--- output of %s (%s), last %d bytes:\n%s", name, p.cmd, logTail, tail(p.out, logTail))
		}
	})
	return p
}

// stop ends the process group: SIGTERM, and SIGKILL if it is still there after five seconds.
func (p *proc) stop() {
	pgid := p.cmd.Process.Pid // Setpgid: the group id is the leader's pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-p.done
	}
	// The leader is gone; make sure nothing else of its group survives it.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

// await waits until the process's output matches re and returns the first submatch; it fails
// the test when the process exits first or ctx ends.
func (p *proc) await(ctx context.Context, t *testing.T, re *regexp.Regexp) string {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if m := re.FindStringSubmatch(p.out.String()); m != nil {
			return m[1]
		}
		select {
		case <-p.done:
			t.Fatalf("%s exited (%v) before printing %s", p.name, p.err, re)
		case <-ctx.Done():
			t.Fatalf("%s did not print %s: %v", p.name, re, ctx.Err())
		case <-tick.C:
		}
	}
}

// running fails the test if the process has exited.
func (p *proc) running(t *testing.T) {
	t.Helper()
	select {
	case <-p.done:
		t.Fatalf("%s exited early: %v", p.name, p.err)
	default:
	}
}

// tail returns the last n bytes of out.
func tail(out *testkit.SyncBuffer, n int) string {
	all := out.String()
	if len(all) <= n {
		return all
	}
	return fmt.Sprintf("[… %d bytes left out …]\n%s", len(all)-n, all[len(all)-n:])
}

// run runs path with args in dir, stdin from in, and returns its combined output; a command that
// cannot start or does not exit 0 is an error carrying that output.
func run(ctx context.Context, dir string, in []byte, path string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = dir
	if in != nil {
		cmd.Stdin = bytes.NewReader(in)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return string(out), fmt.Errorf("%s: %w:\n%s", cmd, err, out)
		}
		return string(out), fmt.Errorf("%s: %w", cmd, err)
	}
	return string(out), nil
}
