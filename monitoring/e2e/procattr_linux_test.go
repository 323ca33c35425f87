package e2e

import "syscall"

// procAttr starts a process in a group of its own (so that stop can end the whole group) that
// the kernel kills when the test process dies: a test binary killed by a timeout or by hand
// leaves no Prometheus behind.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
