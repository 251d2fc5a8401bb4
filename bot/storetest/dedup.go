package storetest

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

func sampleReply() bot.Reply {
	return bot.Reply{User: "alice", Kind: "answer", FAQ: 7, Intent: "faq7", Score: 0.83,
		Suggestions: []int{3, 12}, Text: "照片要求：白底，JPG 格式。"}
}

func testEmptyMessageID(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	for i := range 2 {
		if c := begin(t, s, alice, ""); c.Duplicate {
			t.Fatalf("Begin #%d with an empty message id is a duplicate", i+1)
		}
		commit(t, s, alice, "", bot.Session{}, sampleReply(), nil)
	}
	if r, err := s.Reply(context.Background(), ""); err != nil || r != nil {
		t.Errorf(`Reply("") = %v, %v; want nil, nil`, r, err)
	}
}

func testDuplicateWhilePending(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	if c := begin(t, s, alice, "m1"); c.Duplicate {
		t.Fatal("first Begin is a duplicate")
	}
	c := begin(t, s, alice, "m1")
	if !c.Duplicate || c.Reply != nil {
		t.Errorf("second Begin = Duplicate %v, Reply %v; want a duplicate without reply", c.Duplicate, c.Reply)
	}
	if r, err := s.Reply(context.Background(), "m1"); err != nil || r != nil {
		t.Errorf("Reply while pending = %v, %v; want nil, nil", r, err)
	}
	if c := begin(t, s, alice, "m2"); c.Duplicate {
		t.Error("another message id is a duplicate")
	}
}

func testDuplicateGetsReply(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	begin(t, s, alice, "m1")
	want := sampleReply()
	commit(t, s, alice, "m1", bot.Session{}, want, nil)
	c := begin(t, s, alice, "m1")
	if !c.Duplicate || c.Reply == nil || !reflect.DeepEqual(*c.Reply, want) {
		t.Fatalf("Begin after Commit = Duplicate %v, Reply %+v; want the stored %+v", c.Duplicate, c.Reply, want)
	}
	r, err := s.Reply(context.Background(), "m1")
	if err != nil || r == nil || !reflect.DeepEqual(*r, want) {
		t.Errorf("Reply = %+v, %v; want %+v", r, err, want)
	}
	if r, err := s.Reply(context.Background(), "never-seen"); err != nil || r != nil {
		t.Errorf("Reply of an unknown id = %v, %v; want nil, nil", r, err)
	}
}

func testDedupMarkExpires(t *testing.T, f *fixture) {
	cfg := defaultConfig()
	s := f.store(cfg)
	begin(t, s, alice, "m1")
	f.wait(cfg.DedupTTL + 300*time.Millisecond)
	if c := begin(t, s, alice, "m1"); c.Duplicate {
		t.Errorf("message id still a duplicate after its TTL %v", cfg.DedupTTL)
	}
}

// testConcurrentBegin is the platform's retry arriving at several replicas
// (or goroutines) at once: exactly one of them may answer.
func testConcurrentBegin(t *testing.T, f *fixture) {
	s := f.store(defaultConfig())
	const ids, callers = 5, 32
	for i := range ids {
		id := fmt.Sprintf("race-%d", i)
		var (
			wg     sync.WaitGroup
			mu     sync.Mutex
			winner int
		)
		for range callers {
			wg.Go(func() {
				c, err := s.Begin(context.Background(), alice, id)
				if err != nil {
					t.Errorf("Begin(%q): %v", id, err)
					return
				}
				if !c.Duplicate {
					mu.Lock()
					winner++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if winner != 1 {
			t.Errorf("%d concurrent Begin(%q) calls claimed it %d times, want once", callers, id, winner)
		}
	}
}
