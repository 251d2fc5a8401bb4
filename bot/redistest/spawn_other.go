//go:build !linux

package redistest

import (
	"os/exec"
	"syscall"
)

// dieWithParent has no equivalent here: Main stops the servers, but a test
// binary that is killed leaves its server running.
func dieWithParent() *syscall.SysProcAttr { return nil }

func startProcess(cmd *exec.Cmd) error { return cmd.Start() }
