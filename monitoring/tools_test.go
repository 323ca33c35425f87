package monitoring

import (
	"os"
	"os/exec"
	"testing"
)

// tool returns the path of the command name, which Debian's package pkg installs. Without it the
// test is skipped, except in CI (CI=true) where a missing tool is a failure.
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not on PATH (CI=true): install Debian's %s package: %v", name, pkg, err)
	}
	t.Skipf("%s is not on PATH, skipping (apt-get install %s gives it): %v", name, pkg, err)
	return ""
}

// runTool runs the command at path with args in dir and returns its combined output and whether
// it exited 0. A command that cannot be started fails the test.
func runTool(t *testing.T, dir, path string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, exited := err.(*exec.ExitError); !exited {
			t.Fatalf("%s %v: %v", path, args, err)
		}
		return string(out), false
	}
	return string(out), true
}
