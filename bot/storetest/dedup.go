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

// testDuplicateWhilePending: within the lease, a retry is in flight.
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
	commit(t, s, alice, "m1", bot.Session{}, sampleReply(), nil)
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

// testLeaseReclaimed is the first delivery lost between Begin and Commit
// (its replica killed, or the store frozen): once the lease is over, the
// retry takes it over and answers, instead of being told for the whole
// DedupTTL that somebody else is answering.
func testLeaseReclaimed(t *testing.T, f *fixture) {
	cfg := defaultConfig()
	s := f.store(cfg)
	if c := begin(t, s, alice, "m1"); c.Duplicate || c.Reclaimed {
		t.Fatalf("first Begin = %+v, want a fresh claim", c)
	}
	f.wait(cfg.Lease + 200*time.Millisecond)
	c := begin(t, s, alice, "m1")
	if c.Duplicate || !c.Reclaimed {
		t.Fatalf("Begin after the lease of %v = Duplicate %v, Reclaimed %v; want the lease taken over", cfg.Lease, c.Duplicate, c.Reclaimed)
	}
	want := sampleReply()
	commit(t, s, alice, "m1", bot.Session{}, want, nil)
	if c := begin(t, s, alice, "m1"); !c.Duplicate || c.Reply == nil || !reflect.DeepEqual(*c.Reply, want) {
		t.Errorf("Begin after the reclaimed delivery's Commit = %+v; want the stored reply", c)
	}
}

// testReplyOutlivesLease: the lease bounds a pending mark, not a reply.
func testReplyOutlivesLease(t *testing.T, f *fixture) {
	cfg := defaultConfig()
	s := f.store(cfg)
	begin(t, s, alice, "m1")
	commit(t, s, alice, "m1", bot.Session{}, sampleReply(), nil)
	f.wait(cfg.Lease + 200*time.Millisecond)
	if c := begin(t, s, alice, "m1"); !c.Duplicate || c.Reply == nil || c.Reclaimed {
		t.Errorf("Begin a lease after Commit = %+v; want a duplicate with the stored reply", c)
	}
}

// testReclaimedLeaseIsLiveAgain: a delivery that took over a lease holds it
// for a whole lease of its own.
func testReclaimedLeaseIsLive(t *testing.T, f *fixture) {
	cfg := defaultConfig()
	s := f.store(cfg)
	begin(t, s, alice, "m1")
	f.wait(cfg.Lease + 200*time.Millisecond)
	if c := begin(t, s, alice, "m1"); !c.Reclaimed {
		t.Fatalf("Begin after the lease = %+v, want Reclaimed", c)
	}
	if c := begin(t, s, alice, "m1"); !c.Duplicate || c.Reply != nil || c.Reclaimed {
		t.Errorf("Begin right after a reclaim = %+v; want a duplicate in flight", c)
	}
}

// testConcurrentReclaim is two replicas receiving the platform's retry of a
// message whose first delivery was lost: exactly one of them answers.
func testConcurrentReclaim(t *testing.T, f *fixture) {
	cfg := defaultConfig()
	s := f.store(cfg)
	const callers = 32
	for i := range 3 {
		begin(t, s, alice, fmt.Sprintf("lost-%d", i))
	}
	f.wait(cfg.Lease + 200*time.Millisecond)
	for i := range 3 {
		id := fmt.Sprintf("lost-%d", i)
		var (
			wg                sync.WaitGroup
			mu                sync.Mutex
			winners, inFlight int
		)
		for range callers {
			wg.Go(func() {
				c, err := s.Begin(context.Background(), alice, id)
				if err != nil {
					t.Errorf("Begin(%q): %v", id, err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case !c.Duplicate && c.Reclaimed:
					winners++
				case c.Duplicate && c.Reply == nil:
					inFlight++
				}
			})
		}
		wg.Wait()
		if winners != 1 || inFlight != callers-1 {
			t.Errorf("%d concurrent Begin(%q) on an expired lease: %d reclaimed it and %d saw it in flight; want 1 and %d",
				callers, id, winners, inFlight, callers-1)
		}
	}
}
