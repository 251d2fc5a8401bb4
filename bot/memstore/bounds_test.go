package memstore

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/goroutines"
)

// reply is the size of a long answer: about 1.5 KB of text.
func longReply(i int) bot.Reply {
	return bot.Reply{User: "user" + strconv.Itoa(i), Kind: "answer", FAQ: 7, Intent: "faq7", Score: 0.8,
		Suggestions: []int{3, 7}, Text: strings.Repeat("外国人工作许可信息加载在电子社保卡上，", 28), Lang: "zh"}
}

// fill answers n messages of n distinct users.
func fill(t testing.TB, s *Store, n int) {
	ctx := context.Background()
	for i := range n {
		key := bot.SessionKey{Channel: "wecom", User: fmt.Sprintf("user-%07d", i)}
		id := fmt.Sprintf("wecom:%019d", i)
		if _, err := s.Begin(ctx, key, id); err != nil {
			t.Fatal(err)
		}
		sess := bot.Session{Topic: "换发", LastFAQ: 7, Offered: []int{3, 7}, Updated: time.Now(), Lang: "zh"}
		if err := s.Commit(ctx, key, id, sess, longReply(i), nil); err != nil {
			t.Fatal(err)
		}
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestSizeEstimatesCoverTheHeap: MaxBytes is only a bound if the entries'
// estimated sizes are at least the heap they take.
func TestSizeEstimatesCoverTheHeap(t *testing.T) {
	const n = 20_000
	before := heapInUse()
	s := New(Options{MaxSessions: n, MaxMarks: n, MaxBytes: 1 << 30})
	defer s.Close()
	fill(t, s, n)
	used := heapInUse() - before
	estimated := s.sessions.bytes + s.marks.bytes
	t.Logf("%d users: %d bytes of heap, estimated %d (%.0f bytes per user)", n, used, estimated, float64(used)/n)
	if s.sessions.len() != n || s.marks.len() != n {
		t.Fatalf("holding %d sessions and %d marks, want %d each", s.sessions.len(), s.marks.len(), n)
	}
	if used > uint64(estimated) {
		t.Errorf("the entries take %d bytes of heap, more than their estimate of %d: raise entryOverhead", used, estimated)
	}
	runtime.KeepAlive(s)
}

// TestBytesBoundHoldsAgainstManyUsers is issue 11's memory finding: caps by
// count alone let 50,000 marks of whole replies grow past the pod's
// limit. Bounded by bytes, the store forgets the oldest instead.
func TestBytesBoundHoldsAgainstManyUsers(t *testing.T) {
	const maxBytes = 4 << 20
	before := heapInUse()
	s := New(Options{MaxBytes: maxBytes})
	defer s.Close()
	fill(t, s, 20_000)
	if got := s.sessions.bytes + s.marks.bytes; got > maxBytes {
		t.Errorf("holding an estimated %d bytes, over MaxBytes %d", got, maxBytes)
	}
	if used := heapInUse() - before; used > maxBytes {
		t.Errorf("the store takes %d bytes of heap, over MaxBytes %d", used, maxBytes)
	}
	// The newest survive.
	c, _ := s.Begin(context.Background(), bot.SessionKey{Channel: "wecom", User: "user-0019999"}, "wecom:0000000000000019999")
	if !c.Duplicate || c.Reply == nil || c.Session.LastFAQ != 7 {
		t.Errorf("the newest user's state was dropped: %+v", c)
	}
	runtime.KeepAlive(s)
}

// TestExpiredEntriesAreReclaimedOnATimer: memory comes back after the TTL
// even when no message arrives to trigger a sweep.
func TestExpiredEntriesAreReclaimedOnATimer(t *testing.T) {
	var (
		mu  sync.Mutex
		now = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := New(Options{Now: clock, Sweep: 10 * time.Millisecond})
	defer s.Close()
	fill(t, s, 100)
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		held := s.sessions.len() + s.marks.len()
		s.mu.Unlock()
		if held == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d expired entries still held 5 s after their TTL", held)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestCloseStopsTheSweeper: no sweeper outlives its store. It counts the
// goroutines memstore.New started against the count before its stores: a
// store another test left open keeps its sweeper. That count is taken once
// the sweepers of stores the tests before it closed have returned: taken
// while one was still returning, it was one too high, and the ten new
// sweepers counted as nine (CI, race detector, 2026-12-07).
func TestCloseStopsTheSweeper(t *testing.T) {
	const creator = "github.com/kzrh/faqbot/bot/memstore.New in "
	base := goroutines.Settle(creator, 0, time.Second)
	stores := make([]*Store, 10)
	for i := range stores {
		stores[i] = New(Options{Sweep: time.Millisecond})
	}
	if n := goroutines.Count(creator) - base; n < len(stores) {
		t.Fatalf("%d sweepers running for %d stores: the dump does not show them, so the check below proves nothing", n, len(stores))
	}
	for _, s := range stores {
		s.Close()
	}
	if n := goroutines.Settle(creator, base, 5*time.Second); n > base {
		t.Fatalf("%d sweepers still running 5 s after Close", n-base)
	}
}

func TestLoggedQuestionsAreCut(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	long := strings.Repeat("社保卡", 1000)
	if err := s.Commit(context.Background(), bot.SessionKey{Channel: "t", User: "u"}, "", bot.Session{}, bot.Reply{}, &bot.Question{Text: long, Kind: "fallback"}); err != nil {
		t.Fatal(err)
	}
	qs, _ := s.Questions(context.Background(), time.Time{}, 10)
	if len(qs) != 1 || len(qs[0].Text) > maxQuestionBytes || !strings.HasPrefix(long, qs[0].Text) {
		t.Errorf("logged %d questions, the first %d bytes long; want one cut to at most %d bytes at a character", len(qs), len(qs[0].Text), maxQuestionBytes)
	}
}

// BenchmarkHundredThousandUsers is issue 11's memory measurement: 100,000
// distinct users each ask once, with default bounds. It reports the heap
// the store keeps and the process's resident memory afterwards.
func BenchmarkHundredThousandUsers(b *testing.B) {
	for b.Loop() {
		before := heapInUse()
		s := New(Options{})
		fill(b, s, 100_000)
		b.ReportMetric(float64(heapInUse()-before)/(1<<20), "MiB-heap")
		b.ReportMetric(float64(s.sessions.len()), "sessions")
		b.ReportMetric(float64(s.marks.len()), "marks")
		b.ReportMetric(rssMiB(), "MiB-rss")
		s.Close()
	}
}

// rssMiB is the process's resident memory (Linux), or 0.
func rssMiB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}
