package redistest

import (
	"os/exec"
	"runtime"
	"syscall"
)

// dieWithParent makes the kernel kill redis-server when the test binary
// dies, also when it is killed or panics (a test timeout) before Main can
// stop the server: no orphan servers after the tests.
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// The parent-death signal fires when the thread that started the child
// exits, not the process. Go may end threads, so every server is started
// from one goroutine locked to a thread that lives as long as the binary.
var spawns = make(chan spawn)

type spawn struct {
	cmd  *exec.Cmd
	done chan error
}

func init() {
	go func() {
		runtime.LockOSThread() // never unlocked: the thread lives on
		for s := range spawns {
			s.done <- s.cmd.Start()
		}
	}()
}

func startProcess(cmd *exec.Cmd) error {
	done := make(chan error)
	spawns <- spawn{cmd, done}
	return <-done
}
