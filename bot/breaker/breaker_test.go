package breaker

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/internal/goroutines"
	"github.com/kzrh/faqbot/bot/memstore"
)

// flakyStore is a memstore that fails every call while down, the way a
// Redis store fails when its server is unreachable, and counts the calls
// that reach it.
type flakyStore struct {
	*memstore.Store
	down  atomic.Bool
	calls atomic.Int32
}

var errUnreachable = errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")

func (f *flakyStore) fail() error {
	f.calls.Add(1)
	if f.down.Load() {
		return errUnreachable
	}
	return nil
}

func (f *flakyStore) Begin(ctx context.Context, k bot.SessionKey, id string) (bot.Claim, error) {
	if err := f.fail(); err != nil {
		return bot.Claim{}, err
	}
	return f.Store.Begin(ctx, k, id)
}

func (f *flakyStore) Commit(ctx context.Context, k bot.SessionKey, id string, s bot.Session, r bot.Reply, q *bot.Question) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.Commit(ctx, k, id, s, r, q)
}

func (f *flakyStore) Ping(ctx context.Context) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.Ping(ctx)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// changes records the states a Store reports.
type changes struct {
	mu  sync.Mutex
	ups []bool
}

func (c *changes) add(up bool) { c.mu.Lock(); c.ups = append(c.ups, up); c.mu.Unlock() }

func (c *changes) get() []bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]bool(nil), c.ups...)
}

func newGuarded(t *testing.T, probe time.Duration) (*Store, *flakyStore, *syncBuffer, *changes) {
	t.Helper()
	inner := &flakyStore{Store: memstore.New(memstore.Options{})}
	logs := &syncBuffer{}
	ch := &changes{}
	s := New(inner, Options{
		Probe:    probe,
		Fallback: memstore.New(memstore.Options{}),
		Logger:   slog.New(slog.NewTextHandler(logs, nil)),
		OnChange: ch.add,
	})
	t.Cleanup(func() { s.Close() })
	return s, inner, logs, ch
}

var alice = bot.SessionKey{Channel: "wecom", User: "alice"}

// TestOpenCircuitSkipsTheStoreAndDeduplicatesInProcess: after three
// failures the store is not called any more, messages are still claimed
// once (in this process), and the outage is logged once, not per message.
func TestOpenCircuitSkipsTheStoreAndDeduplicatesInProcess(t *testing.T) {
	s, inner, logs, changes := newGuarded(t, time.Hour) // no probe in this test
	inner.down.Store(true)
	ctx := context.Background()
	for i := range 3 {
		if _, err := s.Begin(ctx, alice, ""); err != nil {
			t.Fatalf("Begin #%d: %v; want the fallback's claim", i+1, err)
		}
	}
	if s.Up() {
		t.Fatal("circuit still closed after 3 consecutive failures")
	}
	before := inner.calls.Load()
	for range 100 {
		if _, err := s.Begin(ctx, alice, ""); err != nil {
			t.Fatal(err)
		}
	}
	if c, _ := s.Begin(ctx, alice, "m1"); c.Duplicate {
		t.Fatal("first delivery of m1 is a duplicate")
	}
	if err := s.Commit(ctx, alice, "m1", bot.Session{LastFAQ: 3}, bot.Reply{Text: "答"}, nil); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Begin(ctx, alice, "m1"); !c.Duplicate || c.Reply == nil || c.Reply.Text != "答" {
		t.Errorf("retry of m1 while the store is down = %+v; want the reply given in this process", c)
	}
	if c, _ := s.Begin(ctx, alice, ""); c.Session.LastFAQ != 3 {
		t.Errorf("session while down = %+v; want this process's context", c.Session)
	}
	if n := inner.calls.Load() - before; n != 0 {
		t.Errorf("the open circuit called the store %d times", n)
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 {
		t.Errorf("%d warnings for one outage of 100 messages, want 1:\n%s", n, logs)
	}
	if got := changes.get(); len(got) != 1 || got[0] {
		t.Errorf("state changes %v, want [false]", got)
	}
	if _, err := s.Questions(ctx, time.Time{}, 10); !errors.Is(err, ErrOpen) {
		t.Errorf("Questions while open: %v, want ErrOpen", err)
	}
}

// TestProbeClosesTheCircuit: once the store answers again the circuit
// closes by itself and calls go to the store.
func TestProbeClosesTheCircuit(t *testing.T) {
	s, inner, logs, changes := newGuarded(t, 20*time.Millisecond)
	inner.down.Store(true)
	ctx := context.Background()
	for range 3 {
		s.Begin(ctx, alice, "")
	}
	if s.Up() {
		t.Fatal("circuit closed after 3 failures")
	}
	inner.down.Store(false)
	deadline := time.Now().Add(5 * time.Second)
	for !s.Up() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if !s.Up() {
		t.Fatal("circuit still open 5 s after the store came back")
	}
	before := inner.calls.Load()
	if _, err := s.Begin(ctx, alice, "m2"); err != nil {
		t.Fatal(err)
	}
	if inner.calls.Load() == before {
		t.Error("the closed circuit did not call the store")
	}
	// The state change is reported just after the circuit closes.
	for len(changes.get()) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := changes.get(); len(got) != 2 || got[0] || !got[1] {
		t.Errorf("state changes %v, want [false true]", got)
	}
	for !strings.Contains(logs.String(), "session store is back") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "session store is back") {
		t.Errorf("no recovery line in the log:\n%s", logs)
	}
}

// TestCallerCancellationIsNoStoreFailure: a message whose caller gave up
// says nothing about the store.
func TestCallerCancellationIsNoStoreFailure(t *testing.T) {
	inner := &canceledStore{Store: memstore.New(memstore.Options{})}
	s := New(inner, Options{Fallback: memstore.New(memstore.Options{})})
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 10 {
		s.Begin(ctx, alice, "")
	}
	if !s.Up() {
		t.Error("canceled calls opened the circuit")
	}
}

type canceledStore struct{ *memstore.Store }

func (c *canceledStore) Begin(ctx context.Context, k bot.SessionKey, id string) (bot.Claim, error) {
	return bot.Claim{}, ctx.Err()
}

// TestCloseStopsTheProbe: no goroutine the bot's packages started outlives
// the store.
func TestCloseStopsTheProbe(t *testing.T) {
	const creator = "github.com/kzrh/faqbot/"
	base := goroutines.Count(creator)
	inner := &flakyStore{Store: memstore.New(memstore.Options{})}
	inner.down.Store(true)
	s := New(inner, Options{Probe: time.Millisecond, Fallback: memstore.New(memstore.Options{})})
	for range 3 {
		s.Begin(context.Background(), alice, "")
	}
	if s.Up() {
		t.Fatal("circuit not open")
	}
	s.Close()
	if n := goroutines.Settle(creator, base, 2*time.Second); n > base {
		t.Errorf("%d goroutines of the bot's packages after Close, %d before the store", n, base)
	}
}
