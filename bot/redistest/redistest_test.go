package redistest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot/testskip"
)

func TestMain(m *testing.M) {
	if os.Getenv("REDISTEST_CHILD") != "" {
		child()
		return
	}
	Main(m)
}

func ping(s *Server) error {
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), MaxRetries: -1, DialTimeout: 300 * time.Millisecond, ReadTimeout: 300 * time.Millisecond})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	return c.Ping(ctx).Err()
}

func TestSharedServerIsStartedOnceOnLoopbackWithoutPersistence(t *testing.T) {
	if os.Getenv(EnvURL) != "" {
		t.Skip("an explicit server is set; this test is about the started one")
	}
	s := Shared(t)
	if s != Shared(t) {
		t.Error("Shared started a second server")
	}
	if !s.Owned() || !strings.HasPrefix(s.Addr(), "127.0.0.1:") || s.Addr() == "127.0.0.1:6379" {
		t.Fatalf("shared server at %s (owned %v), want a loopback port of its own", s.Addr(), s.Owned())
	}
	c := s.Client(t)
	ctx := context.Background()
	for param, want := range map[string]string{"save": "", "appendonly": "no"} {
		got, err := c.ConfigGet(ctx, param).Result()
		if err != nil || got[param] != want {
			t.Errorf("CONFIG GET %s = %v, %v; want %q", param, got, err, want)
		}
	}
}

func TestPrefixKeysAreDeletedWhenTheTestEnds(t *testing.T) {
	s := Shared(t)
	c := s.Client(t)
	ctx := context.Background()
	var prefix string
	t.Run("writer", func(t *testing.T) {
		prefix = s.Prefix(t)
		if err := c.Set(ctx, prefix+"k", "v", time.Minute).Err(); err != nil {
			t.Fatal(err)
		}
	})
	if n, err := c.Exists(ctx, prefix+"k").Result(); err != nil || n != 0 {
		t.Errorf("key under the prefix exists (%d, %v) after the test ended", n, err)
	}
}

func TestExplicitURLMustNameADatabaseOtherThanZero(t *testing.T) {
	for _, raw := range []string{"redis://127.0.0.1:1", "redis://127.0.0.1:1/", "redis://127.0.0.1:1/0"} {
		_, err := explicit(raw)
		if err == nil || !strings.Contains(err.Error(), "database 0") {
			t.Errorf("explicit(%q) = %v, want a refusal of db 0", raw, err)
		}
	}
}

func TestExplicitURLThatDoesNotAnswerIsAnError(t *testing.T) {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	_, err = explicit(fmt.Sprintf("redis://127.0.0.1:%d/3", port))
	if err == nil || !strings.Contains(err.Error(), "does not answer") {
		t.Errorf("explicit on a closed port = %v, want an error saying the server does not answer", err)
	}
}

func TestExplicitURLIsUsedAsIs(t *testing.T) {
	own := New(t)
	s, err := explicit("redis://" + own.Addr() + "/5")
	if err != nil {
		t.Fatal(err)
	}
	if s.Owned() || s.Options().DB != 5 || s.Addr() != own.Addr() {
		t.Errorf("explicit server %+v, want db 5 at %s, not owned", s, own.Addr())
	}
}

func TestFreezeThawKillStartRestart(t *testing.T) {
	s := New(t)
	c := s.Client(t)
	ctx := context.Background()
	if err := c.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}

	s.Freeze(t)
	if err := ping(s); err == nil {
		t.Error("a frozen server answered")
	}
	s.Thaw(t)
	if err := ping(s); err != nil {
		t.Errorf("a thawed server does not answer: %v", err)
	}

	s.Kill(t)
	if err := ping(s); err == nil {
		t.Error("a killed server answered")
	}
	s.Start(t)
	if err := ping(s); err != nil {
		t.Errorf("a started server does not answer: %v", err)
	}
	if n, _ := c.Exists(ctx, "k").Result(); n != 0 {
		t.Error("a restarted server kept its data; it should start empty")
	}

	c.Set(ctx, "k", "v", 0)
	addr := s.Addr()
	s.Restart(t)
	if s.Addr() != addr || ping(s) != nil {
		t.Errorf("after Restart the server is at %s (answers: %v), want %s", s.Addr(), ping(s), addr)
	}
}

func TestDebugSleepFreezesTheServer(t *testing.T) {
	s := New(t)
	c := s.Client(t)
	done := make(chan error, 1)
	go func() { done <- c.Do(context.Background(), "DEBUG", "SLEEP", "2").Err() }()
	// The sleep starts when the server reads the command, which a loaded
	// machine may delay: ping until a ping goes unanswered or the sleep ends.
	frozen := false
	for !frozen {
		select {
		case err := <-done:
			t.Fatalf("DEBUG SLEEP returned (%v) and every ping was answered meanwhile", err)
		default:
		}
		frozen = ping(s) != nil
	}
	if err := <-done; err != nil {
		t.Errorf("DEBUG SLEEP: %v", err)
	}
	if err := ping(s); err != nil {
		t.Errorf("the server does not answer after DEBUG SLEEP: %v", err)
	}
}

func TestNewServersAreStoppedWhenTheTestEnds(t *testing.T) {
	var s *Server
	t.Run("owner", func(t *testing.T) { s = New(t) })
	if s == nil {
		t.Skip("no server was started")
	}
	if alive(s.proc) {
		t.Error("the server outlived its test")
	}
	if _, err := os.Stat(s.proc.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("its directory %s remains (%v)", s.proc.dir, err)
	}
}

// alive reports whether p's process still exists.
func alive(p *process) bool {
	return p.cmd.Process.Signal(syscall.Signal(0)) == nil
}

// The child modes of this test binary: started by the tests below with
// REDISTEST_CHILD set, they print what the parent checks.
func child() {
	switch os.Getenv("REDISTEST_CHILD") {
	case "crash":
		// Start a server, print its pid, and die without cleaning up.
		s, err := start(0)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("pid", s.proc.cmd.Process.Pid, s.proc.dir)
		os.Stdout.Sync()
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
}

func TestNoServerOutlivesACrashedTestBinary(t *testing.T) {
	if _, err := redisServerPath(); err != nil {
		testskip.Skipf(t, "needs redis-server on PATH")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "REDISTEST_CHILD=crash")
	out, _ := cmd.Output()
	var (
		pid int
		dir string
	)
	if _, err := fmt.Sscanf(string(out), "pid %d %s", &pid, &dir); err != nil {
		t.Fatalf("child printed %q: %v", out, err)
	}
	defer os.RemoveAll(dir)
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("redis-server %d still runs after its test binary was killed", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestWithoutRedisServerTheTestsSkipSayingHow(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestSharedServerIsStarted", "-test.v")
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, EnvURL+"=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "PATH="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the tests failed without redis-server: %v\n%s", err, out)
	}
	for _, want := range []string{
		"--- SKIP: TestSharedServerIsStartedOnceOnLoopbackWithoutPersistence",
		"redis-server is not on PATH and " + EnvURL + " is not set",
		"SKIPPED 1 test(s) in github.com/kzrh/faqbot/bot/redistest:",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestExplicitURLWithDatabaseZeroFailsTheTests(t *testing.T) {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPrefixKeys")
	cmd.Env = append(os.Environ(), EnvURL+"=redis://127.0.0.1:"+strconv.Itoa(port))
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "never use db 0") {
		t.Errorf("with %s on db 0 the tests gave %v:\n%s", EnvURL, err, out)
	}
}
