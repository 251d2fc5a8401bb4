package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/redistest"
	"github.com/kzrh/faqbot/bot/testrules"
)

// faqbotProcess is `faqbot serve` as a process of its own, which the test
// can SIGKILL.
type faqbotProcess struct {
	*e2eServer
	cmd *exec.Cmd
}

// buildFaqbot compiles this package into a binary in a temporary directory.
func buildFaqbot(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool on PATH to build faqbot: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "faqbot")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startProcess runs bin serve with env and waits for /healthz.
func startProcess(t *testing.T, bin string, env map[string]string) *faqbotProcess {
	t.Helper()
	addr := e2eFreeAddr(t)
	p := &faqbotProcess{e2eServer: &e2eServer{
		base:   "http://" + addr,
		logs:   &e2eLog{},
		client: &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{}},
		done:   make(chan struct{}),
	}}
	rules := testrules.Write(t)
	p.cmd = exec.Command(bin, "serve", "--addr", addr, "--faq", rules.FAQ, "--intents", rules.Intents)
	p.cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Stderr = p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		p.client.CloseIdleConnections()
	})
	if err := p.waitHealthy(30 * time.Second); err != nil {
		t.Fatalf("faqbot serve did not start: %v\nlog:\n%s", err, p.logs)
	}
	return p
}

// TestRetryAfterACrashBetweenBeginAndCommitIsAnswered is issue 11's crash:
// a replica is SIGKILLed while a message is between Begin (its lease is in
// Redis) and Commit (no reply stored). The platform's retry, to the
// restarted replica, must get the answer, not "success" and silence.
//
// Redis is frozen while the message arrives, so that the lease lands
// (when Redis resumes) but the reply never can: the process is killed
// while its Begin waits on the frozen server, well within the store's
// 300 ms deadline, before it could send its Commit.
func TestRetryAfterACrashBetweenBeginAndCommitIsAnswered(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a faqbot process")
	}
	c := loadReplyContent(t)
	srv := redistest.New(t)
	client := srv.Client(t)
	prefix := srv.Prefix(t)
	bin := buildFaqbot(t)
	env := e2eEnv(map[string]string{"REDIS_URL": srv.URL(), "FAQBOT_REDIS_PREFIX": prefix, "FAQBOT_SHUTDOWN_GRACE": "0"})

	first := startProcess(t, bin, env)
	w := first.wecom()
	const user = "crash-user"
	// A message first, as a replica that has been serving would have: it
	// loads the store's scripts into Redis.
	wantInReply(t, "the answer before the crash", w.say(t, user, "一次能借几本书"), c.heading(3))

	msgID := e2eMsgID()
	plaintext := w.callback(user, time.Now().Unix(), w.text(msgID, "读者证怎么办理"))
	q, body := w.seal(t, user, plaintext)
	srv.Freeze(t)
	go func() {
		resp, err := first.client.Post(first.base+w.path+"?"+q.Encode(), "text/xml", strings.NewReader(body))
		if err == nil {
			resp.Body.Close()
		}
	}()
	time.Sleep(150 * time.Millisecond) // the Begin is written, the Commit is not
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-first.done
	srv.Thaw(t)

	// The premise: the lease is in Redis and no reply.
	ctx := context.Background()
	mark, err := client.Get(ctx, prefix+"msg:wecom:"+msgID).Result()
	if err != nil || !strings.HasPrefix(mark, "pending:") {
		t.Fatalf("after the crash the message's mark is %q (%v), want a pending lease: the crash did not fall between Begin and Commit", mark, err)
	}

	second := startProcess(t, bin, env)
	time.Sleep(bot.DefaultLease + 300*time.Millisecond) // the platform retries after 5 s
	w2 := second.wecom()
	retry := w2.deliver(t, user, plaintext)
	wantInReply(t, "the retry after the crash", retry, c.heading(1))
	if v := second.metrics(t).value("faqbot_leases_reclaimed_total"); v != 1 {
		t.Errorf("faqbot_leases_reclaimed_total = %v, want 1", v)
	}
	if again := w2.deliver(t, user, plaintext); again != retry {
		t.Errorf("a further retry got\n%s\nwant the same reply\n%s", again, retry)
	}
}

// TestRetryAfterARedisFreezeIsAnswered is issue 11's freeze: Redis stops
// answering while replica A receives messages. A answers them from its
// memory (the circuit opens after three failed calls), so a Begin written
// to the frozen server lands when it resumes while its Commit, skipped,
// never does: a lease without a reply. The platform's retry of such a
// message, at replica B after Redis is back, must get the answer.
func TestRetryAfterARedisFreezeIsAnswered(t *testing.T) {
	if testing.Short() {
		t.Skip("freezes a Redis server for seconds")
	}
	c := loadReplyContent(t)
	srv := redistest.New(t)
	client := srv.Client(t)
	prefix := srv.Prefix(t)
	env := e2eEnv(map[string]string{"REDIS_URL": srv.URL(), "FAQBOT_REDIS_PREFIX": prefix})
	a, b := startE2E(t, env), startE2E(t, env)
	wa, wb := a.wecom(), b.wecom()
	const user = "freeze-user"
	wantInReply(t, "A's answer before the freeze", wa.say(t, user, "一次能借几本书"), c.heading(3))

	srv.Freeze(t)
	var sent []string
	for range 4 {
		id := e2eMsgID()
		p := wa.callback(user, time.Now().Unix(), wa.text(id, "读者证怎么办理"))
		wantInReply(t, "A's answer while Redis is frozen", wa.deliver(t, user, p), c.heading(1))
		sent = append(sent, id+"\x00"+p)
	}
	srv.Thaw(t)

	ctx := context.Background()
	orphans := 0
	for _, s := range sent {
		id, _, _ := strings.Cut(s, "\x00")
		if v, _ := client.Get(ctx, prefix+"msg:wecom:"+id).Result(); strings.HasPrefix(v, "pending:") {
			orphans++
		}
	}
	if orphans == 0 {
		t.Fatal("no message was left with a lease and no reply: the freeze did not reproduce the fault")
	}
	t.Logf("%d of %d messages left a lease without a reply", orphans, len(sent))
	time.Sleep(bot.DefaultLease + 300*time.Millisecond)
	for _, s := range sent {
		_, p, _ := strings.Cut(s, "\x00")
		wantInReply(t, "B's answer to a retry after the freeze", wb.deliver(t, user, p), c.heading(1))
	}
	if v := b.metrics(t).value("faqbot_leases_reclaimed_total"); v != float64(orphans) {
		t.Errorf("B reclaimed %v leases, want the %d left by the freeze", v, orphans)
	}
}
