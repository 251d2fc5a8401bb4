// Package breaker guards the session store with a circuit breaker, so that
// a Redis outage costs the bot its shared context, not its speed: after
// consecutive failures it stops calling the store, serves sessions and
// de-duplication from a small store in this process at once, and probes
// the store in the background until it answers again. It logs each change
// of state once and reminds, at a bounded rate, while the store stays
// down; it never logs per message.
//
// While the circuit is open, de-duplication and context hold within this
// replica only: two replicas may both answer a retry, and a conversation
// continued at another replica loses its context. A message begun in the
// shared store before the outage and retried during it is answered again;
// one begun in this process during the outage and retried after it is
// too. Operators' reads (Questions) fail fast while the circuit is open.
package breaker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// FallbackMaxBytes bounds the in-process store that serves sessions and
// de-duplication while the circuit is open: an outage must not grow a
// replica past its memory limit (deploy/k8s_test.go checks it fits).
const FallbackMaxBytes = 16 << 20

// ErrOpen is returned by Questions while the store is considered down.
var ErrOpen = errors.New("the session store is unreachable; retrying in the background")

// Options tune a Store. A zero field takes its default.
type Options struct {
	// Failures is how many consecutive failed calls open the circuit
	// (default 3).
	Failures int
	// Probe is the interval of the background checks while the circuit is
	// open (default 1s).
	Probe time.Duration
	// Remind is the interval of the "still down" log line (default 1m).
	Remind time.Duration
	// Fallback serves Begin, Commit and Reply while the circuit is open;
	// it must be bounded in memory (a memstore) and never fail.
	Fallback bot.Store
	Logger   *slog.Logger
	// OnChange is told the store's state: false when the circuit opens,
	// true when it closes (faqbot_store_up).
	OnChange func(up bool)
	// OnFallback is told of every call served by the fallback, by
	// operation (begin, commit, reply): messages answered without the
	// shared store.
	OnFallback func(op string)
}

// Store is a bot.Store that guards another. It is safe for concurrent use.
type Store struct {
	inner, fallback bot.Store
	opt             Options

	failures atomic.Int32
	open     atomic.Bool
	skipped  atomic.Int64 // calls served by the fallback in this outage

	mu      sync.Mutex
	since   time.Time     // when the circuit opened
	probing chan struct{} // closed to stop the probe; nil while closed
	probeWG sync.WaitGroup
	closed  bool
}

var _ bot.Store = (*Store)(nil)

// New guards inner. The Store owns inner and the fallback: Close closes both.
func New(inner bot.Store, opt Options) *Store {
	if opt.Failures <= 0 {
		opt.Failures = 3
	}
	if opt.Probe <= 0 {
		opt.Probe = time.Second
	}
	if opt.Remind <= 0 {
		opt.Remind = time.Minute
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.OnChange == nil {
		opt.OnChange = func(bool) {}
	}
	if opt.OnFallback == nil {
		opt.OnFallback = func(string) {}
	}
	if opt.Fallback == nil {
		panic("breaker: Options.Fallback is required")
	}
	return &Store{inner: inner, fallback: opt.Fallback, opt: opt}
}

// Unwrap returns the guarded store, for what the breaker does not cover
// (the WeChat token cache, the KF store's calls).
func (s *Store) Unwrap() bot.Store { return s.inner }

// Up reports whether the circuit is closed: the store answered lately.
func (s *Store) Up() bool { return !s.open.Load() }

// Since returns when the circuit opened, or the zero time while it is
// closed.
func (s *Store) Since() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.open.Load() {
		return time.Time{}
	}
	return s.since
}

// Begin implements bot.Store.
func (s *Store) Begin(ctx context.Context, key bot.SessionKey, msgID string) (bot.Claim, error) {
	if !s.open.Load() {
		c, err := s.inner.Begin(ctx, key, msgID)
		if !s.failed(ctx, err) {
			return c, err
		}
	}
	s.served("begin")
	return s.fallback.Begin(ctx, key, msgID)
}

// Commit implements bot.Store.
func (s *Store) Commit(ctx context.Context, key bot.SessionKey, msgID string, sess bot.Session, r bot.Reply, q *bot.Question) error {
	if !s.open.Load() {
		err := s.inner.Commit(ctx, key, msgID, sess, r, q)
		if !s.failed(ctx, err) {
			return err
		}
	}
	s.served("commit")
	return s.fallback.Commit(ctx, key, msgID, sess, r, nil)
}

// Reply implements bot.Store.
func (s *Store) Reply(ctx context.Context, msgID string) (*bot.Reply, error) {
	if !s.open.Load() {
		r, err := s.inner.Reply(ctx, msgID)
		if !s.failed(ctx, err) {
			return r, err
		}
	}
	return s.fallback.Reply(ctx, msgID)
}

// Questions implements bot.Store; it fails fast while the circuit is open.
func (s *Store) Questions(ctx context.Context, since time.Time, top int, kinds ...string) ([]bot.QuestionCount, error) {
	if s.open.Load() {
		return nil, ErrOpen
	}
	return s.inner.Questions(ctx, since, top, kinds...)
}

// Ping implements bot.Store: it asks the guarded store itself.
func (s *Store) Ping(ctx context.Context) error { return s.inner.Ping(ctx) }

// Close stops the background probe and closes both stores.
func (s *Store) Close() error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		if s.probing != nil {
			close(s.probing)
			s.probing = nil
		}
	}
	s.mu.Unlock()
	s.probeWG.Wait()
	return errors.Join(s.inner.Close(), s.fallback.Close())
}

// failed records the outcome of a call to the guarded store and reports
// whether it failed for the store's sake: not because the caller gave up
// or the store was closed.
func (s *Store) failed(ctx context.Context, err error) bool {
	switch {
	case err == nil:
		s.failures.Store(0)
		return false
	case errors.Is(err, bot.ErrClosed), ctx.Err() != nil && errors.Is(err, context.Canceled):
		return false
	}
	if n := s.failures.Add(1); int(n) >= s.opt.Failures {
		s.trip(err)
	} else {
		s.opt.Logger.Debug("session store call failed", slog.Int("consecutive", int(n)), slog.String("error", err.Error()))
	}
	return true
}

func (s *Store) served(op string) {
	if s.open.Load() {
		s.skipped.Add(1)
	}
	s.opt.OnFallback(op)
}

// trip opens the circuit, once per outage, and starts the probe.
func (s *Store) trip(cause error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.open.Load() {
		return
	}
	s.since = time.Now()
	s.skipped.Store(0)
	s.open.Store(true)
	s.probing = make(chan struct{})
	s.probeWG.Add(1)
	go s.probe(s.probing)
	s.opt.Logger.Warn("session store unreachable: answering without shared context or cross-replica de-duplication until it is back",
		slog.Int("consecutive_failures", s.opt.Failures), slog.String("error", cause.Error()))
	s.opt.OnChange(false)
}

// probe pings the store until it answers, then closes the circuit.
func (s *Store) probe(stop <-chan struct{}) {
	defer s.probeWG.Done()
	tick := time.NewTicker(s.opt.Probe)
	defer tick.Stop()
	lastReminder := time.Now()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.opt.Probe)
		err := s.inner.Ping(ctx)
		cancel()
		if err == nil {
			s.reset()
			return
		}
		if time.Since(lastReminder) >= s.opt.Remind {
			lastReminder = time.Now()
			s.opt.Logger.Warn("session store still unreachable",
				slog.Duration("down_for", time.Since(s.Since()).Round(time.Second)),
				slog.Int64("calls_answered_without_it", s.skipped.Load()), slog.String("error", err.Error()))
		}
	}
}

func (s *Store) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	down := time.Since(s.since).Round(time.Millisecond)
	s.failures.Store(0)
	s.open.Store(false)
	s.probing = nil
	s.opt.Logger.Info("session store is back",
		slog.Duration("down_for", down), slog.Int64("calls_answered_without_it", s.skipped.Load()))
	s.opt.OnChange(true)
}

// String describes the state for operators.
func (s *Store) String() string {
	if since := s.Since(); !since.IsZero() {
		return fmt.Sprintf("unreachable since %s; answering without shared context", since.Format(time.RFC3339))
	}
	return "connected"
}
