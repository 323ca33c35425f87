//go:build !linux

package e2e

import "syscall"

// procAttr starts a process in a group of its own, so that stop can end the whole group. (Only
// Linux can have the kernel kill it when the test process dies.)
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
