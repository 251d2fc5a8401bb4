package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

func testClosed(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	ctx := context.Background()
	_, beginErr := s.Begin(ctx, alice, "m1")
	_, replyErr := s.Reply(ctx, "m1")
	_, questionsErr := s.Questions(ctx, time.Time{}, 10)
	calls := map[string]error{
		"Begin":     beginErr,
		"Commit":    s.Commit(ctx, alice, "m1", bot.Session{}, bot.Reply{}, &bot.Question{Text: "x"}),
		"Reply":     replyErr,
		"Questions": questionsErr,
		"Ping":      s.Ping(ctx),
	}
	for name, err := range calls {
		if !errors.Is(err, bot.ErrClosed) {
			t.Errorf("%s after Close = %v, want bot.ErrClosed", name, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
}

func testCanceled(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Begin(ctx, alice, "m1"); err == nil {
		t.Error("Begin with a canceled context succeeded")
	}
	if err := s.Commit(ctx, alice, "m1", bot.Session{}, bot.Reply{}, nil); err == nil {
		t.Error("Commit with a canceled context succeeded")
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

// testConcurrentUse is for the race detector: many conversations at once,
// and an operator reading the log meanwhile.
func testConcurrentUse(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	ctx := context.Background()
	var wg sync.WaitGroup
	for u := range 8 {
		key := bot.SessionKey{Channel: "wecom", User: fmt.Sprintf("user%d", u)}
		wg.Go(func() {
			for i := range 20 {
				id := fmt.Sprintf("%s-%d", key.User, i)
				c, err := s.Begin(ctx, key, id)
				if err != nil {
					t.Errorf("Begin: %v", err)
					return
				}
				sess := c.Session
				sess.LastFAQ = i
				q := &bot.Question{Text: fmt.Sprintf("问题 %d", i%5), Kind: "fallback"}
				if err := s.Commit(ctx, key, id, sess, sampleReply(), q); err != nil {
					t.Errorf("Commit: %v", err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			if _, err := s.Questions(ctx, time.Time{}, 10); err != nil {
				t.Errorf("Questions: %v", err)
				return
			}
		}
	})
	wg.Wait()
	qs := questions(t, s, time.Time{}, 0)
	var total int64
	for _, q := range qs {
		total += q.Count
	}
	if len(qs) != 5 || total != 8*20 {
		t.Errorf("logged %d questions asked %d times, want 5 asked %d times", len(qs), total, 8*20)
	}
}
