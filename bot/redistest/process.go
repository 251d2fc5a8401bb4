package redistest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// process is a redis-server the tests started.
type process struct {
	port int
	dir  string // its working directory and log

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd has exited
}

// redisServerPath finds redis-server on PATH.
func redisServerPath() (string, error) { return exec.LookPath("redis-server") }

// start starts a redis-server on port, or on a free port when port is 0.
func start(port int) (*Server, error) {
	dir, err := os.MkdirTemp("", "faqbot-redistest-")
	if err != nil {
		return nil, fmt.Errorf("redistest: %w", err)
	}
	p := &process{dir: dir}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		p.port = port
		if port == 0 {
			if p.port, err = freePort(); err != nil {
				os.RemoveAll(dir)
				return nil, err
			}
		}
		if lastErr = p.run(); lastErr == nil {
			addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(p.port))
			return &Server{url: "redis://" + addr + "/0", addr: addr, proc: p}, nil
		}
		if port != 0 {
			break // the caller's port: another try would not free it
		}
	}
	os.RemoveAll(dir)
	return nil, lastErr
}

// freePort asks the kernel for a loopback port nobody listens on. Another
// process may take it before redis-server binds it; start then retries.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("redistest: finding a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// run starts redis-server on p.port and waits until it answers.
func (p *process) run() error {
	path, err := redisServerPath()
	if err != nil {
		return fmt.Errorf("redistest: %w", err)
	}
	args := []string{
		"--bind", "127.0.0.1", "--port", strconv.Itoa(p.port),
		"--save", "", "--appendonly", "no",
		"--dir", p.dir, "--logfile", filepath.Join(p.dir, "redis.log"),
		"--daemonize", "no",
	}
	if serverMajor(path) >= 7 {
		// DEBUG SLEEP and the like, for fault tests; refused from elsewhere.
		args = append(args, "--enable-debug-command", "local")
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = p.dir
	cmd.SysProcAttr = dieWithParent()
	if err := startProcess(cmd); err != nil {
		return fmt.Errorf("redistest: starting redis-server: %w", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	p.mu.Lock()
	p.cmd, p.exited = cmd, exited
	p.mu.Unlock()

	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(p.port))
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-exited:
			return fmt.Errorf("redistest: redis-server on port %d exited at start: %s", p.port, p.logTail())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			p.kill()
			return fmt.Errorf("redistest: redis-server on port %d does not answer after 10 s (%v): %s", p.port, err, p.logTail())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// serverMajor is redis-server's major version, or 0 when unknown.
func serverMajor(path string) int {
	out, err := exec.Command(path, "--version").Output()
	if err != nil {
		return 0
	}
	m := regexp.MustCompile(`v=(\d+)\.`).FindSubmatch(out)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// logTail is the end of the server's log, for error messages.
func (p *process) logTail() string {
	f, err := os.Open(filepath.Join(p.dir, "redis.log"))
	if err != nil {
		return "no log"
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > 5 {
			lines = lines[1:]
		}
	}
	return fmt.Sprint(lines)
}

// signal sends sig to the running server.
func (p *process) signal(sig os.Signal) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.exited:
		return errors.New("redistest: the server is not running")
	default:
	}
	return p.cmd.Process.Signal(sig)
}

// kill stops the server at once and waits for it to exit.
func (p *process) kill() {
	p.mu.Lock()
	cmd, exited := p.cmd, p.exited
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Kill()
	<-exited
}

// stop ends the server for good and removes its directory.
func (s *Server) stop() {
	s.proc.kill()
	os.RemoveAll(s.proc.dir)
}

// own returns the server's process, or fails tb when the tests did not
// start it.
func (s *Server) own(tb testing.TB) *process {
	tb.Helper()
	if s.proc == nil {
		tb.Fatal(errNotOwned)
	}
	return s.proc
}

// Freeze stops the server's process (SIGSTOP): connections stay open and
// nothing answers, as in a stalled Redis. Thaw resumes it; the test's
// cleanup resumes it in any case.
func (s *Server) Freeze(tb testing.TB) {
	tb.Helper()
	p := s.own(tb)
	if err := p.signal(syscall.SIGSTOP); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { p.signal(syscall.SIGCONT) })
}

// Thaw resumes a frozen server (SIGCONT).
func (s *Server) Thaw(tb testing.TB) {
	tb.Helper()
	if err := s.own(tb).signal(syscall.SIGCONT); err != nil {
		tb.Fatal(err)
	}
}

// Kill ends the server's process at once (SIGKILL), as in a crash: its
// data is gone and its port refuses connections until Start.
func (s *Server) Kill(tb testing.TB) {
	tb.Helper()
	s.own(tb).kill()
}

// Start starts a killed server again, empty, on the same port.
func (s *Server) Start(tb testing.TB) {
	tb.Helper()
	p := s.own(tb)
	select {
	case <-p.exited:
	default:
		tb.Fatal("redistest: Start: the server is running; Kill it first")
	}
	if err := p.run(); err != nil {
		tb.Fatal(err)
	}
}

// Restart kills the server and starts it again, empty, on the same port.
func (s *Server) Restart(tb testing.TB) {
	tb.Helper()
	s.Kill(tb)
	s.Start(tb)
}
