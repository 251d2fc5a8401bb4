package platform

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

type answerFunc func(context.Context, bot.Message) (bot.Reply, error)

func (f answerFunc) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) { return f(ctx, m) }

type recordingSender struct {
	mu   sync.Mutex
	sent []string
	err  error
}

func (s *recordingSender) SendText(_ context.Context, user, text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.sent = append(s.sent, user+": "+text)
	return nil
}

func (s *recordingSender) texts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.sent...)
}

func newTestResponder(t *testing.T, a Answerer, s Sender, replyTimeout time.Duration) *Responder {
	t.Helper()
	r, err := NewResponder("test", a, s, Timing{ReplyTimeout: replyTimeout}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := r.Wait(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return r
}

func TestAnswerOnTimeIsPassive(t *testing.T) {
	s := &recordingSender{}
	r := newTestResponder(t, answerFunc(func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{Text: "答"}, nil
	}), s, time.Second)
	passive, rest := r.Answer(context.Background(), bot.Message{User: "u"})
	if passive != "答" || len(rest) != 0 {
		t.Errorf("Answer = %q, %q", passive, rest)
	}
}

// TestRetryRepeatsOnlyThePassivePart: a platform's retry of a message
// gets the stored reply again as its passive reply, but the rest of a long
// answer, which the first delivery sent, is not sent again.
func TestRetryRepeatsOnlyThePassivePart(t *testing.T) {
	long := strings.Repeat("第一段。\n", 300) + "\n" + strings.Repeat("第二段。\n", 300)
	s := &recordingSender{}
	r := newTestResponder(t, answerFunc(func(context.Context, bot.Message) (bot.Reply, error) {
		return bot.Reply{Text: long, Repeat: true}, nil
	}), s, time.Second)
	passive, rest := r.Answer(context.Background(), bot.Message{User: "u"})
	if passive == "" || len(rest) != 0 {
		t.Errorf("a retry of a long answer: passive %d bytes, %d parts sent again; want the passive part only", len(passive), len(rest))
	}
	if len(SplitText(long, MaxTextBytes)) < 2 {
		t.Fatal("the test's answer fits one message")
	}
}

func TestAnswerGivesTheEngineMoreTimeThanTheReply(t *testing.T) {
	// The deadline comes back on a channel: with a 10 ms reply timeout on
	// a busy machine Answer may return before the Answerer has run.
	deadlines := make(chan time.Time, 1)
	r := newTestResponder(t, answerFunc(func(ctx context.Context, _ bot.Message) (bot.Reply, error) {
		d, _ := ctx.Deadline()
		deadlines <- d
		return bot.Reply{}, nil
	}), &recordingSender{}, 10*time.Millisecond)
	r.Answer(context.Background(), bot.Message{})
	if left := time.Until(<-deadlines); left < 20*time.Second {
		t.Errorf("the Answerer's deadline is %v away, want the 30s AnswerTimeout", left)
	}
}

func TestLateAnswerIsSentWholeAndInOrder(t *testing.T) {
	s := &recordingSender{}
	long := strings.Repeat("甲", 600) + "\n" + strings.Repeat("乙", 600) // two messages
	r := newTestResponder(t, answerFunc(func(context.Context, bot.Message) (bot.Reply, error) {
		time.Sleep(50 * time.Millisecond)
		return bot.Reply{Text: long}, nil
	}), s, 5*time.Millisecond)
	if passive, rest := r.Answer(context.Background(), bot.Message{User: "u"}); passive != "" || rest != nil {
		t.Fatalf("late Answer = %q, %q; want nothing", passive, rest)
	}
	if err := r.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"u: " + strings.Repeat("甲", 600), "u: " + strings.Repeat("乙", 600)}
	if got := s.texts(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sent %d messages, want the 2 parts in order", len(got))
	}
}

func TestAnswerWhenTheCallerGivesUpIsSentActively(t *testing.T) {
	s := &recordingSender{}
	release := make(chan struct{})
	r := newTestResponder(t, answerFunc(func(ctx context.Context, _ bot.Message) (bot.Reply, error) {
		<-release
		return bot.Reply{Text: "答"}, ctx.Err()
	}), s, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if passive, _ := r.Answer(ctx, bot.Message{User: "u"}); passive != "" {
		t.Errorf("Answer = %q after the request ended", passive)
	}
	close(release)
	if err := r.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := s.texts(); len(got) != 1 || got[0] != "u: 答" {
		t.Errorf("sent %q, want the answer (its context must survive the request)", got)
	}
}

func TestNewResponderRequiresAnAnswererAndASender(t *testing.T) {
	a := answerFunc(func(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{}, nil })
	if _, err := NewResponder("x", nil, &recordingSender{}, Timing{}, nil); err == nil {
		t.Error("accepted a nil Answerer")
	}
	if _, err := NewResponder("x", a, nil, Timing{}, nil); err == nil {
		t.Error("accepted a nil Sender")
	}
}

func TestWaitGivesUpWithTheContext(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	r, _ := NewResponder("x", answerFunc(func(context.Context, bot.Message) (bot.Reply, error) {
		<-release
		return bot.Reply{}, nil
	}), &recordingSender{}, Timing{ReplyTimeout: time.Millisecond}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	r.Answer(context.Background(), bot.Message{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := r.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait = %v", err)
	}
}
