// Package memstore is the bot.Store that lives in the process: the default
// when no Redis is configured, for the terminal, replays, tests and a
// single replica. Two replicas with their own memstore would answer each
// other's retries and forget each other's conversations: use
// bot/redisstore for more than one.
//
// Everything it holds is bounded, by time, by count and by bytes, so that a
// flood of users or of distinct questions cannot exhaust memory; under
// that pressure it forgets the oldest conversations and de-duplication
// marks first. Expired entries are reclaimed on a timer as well as on
// writes, so an idle store gives its memory back. It never blocks on
// anything but its own mutex.
package memstore

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// Options configure a Store. A zero field takes its default.
type Options struct {
	SessionTTL time.Duration // since the last Commit; default 30m
	DedupTTL   time.Duration // since Begin or Commit; default 10m
	// Lease is how long a message being answered keeps other deliveries
	// of it away; past it a retry takes over. Give it the engine's
	// bot.Options.Lease (default bot.DefaultLease).
	Lease     time.Duration
	Retention time.Duration // of logged questions; default 7 days
	// MaxQuestions bounds the question log, counted per question and UTC
	// day (default 5000). A full log drops records of older days first,
	// then the least asked, then the least recently seen.
	MaxQuestions int
	// MaxSessions and MaxMarks bound the conversations (default 100000)
	// and de-duplication marks (default 50000) held at once, and MaxBytes
	// (default DefaultMaxBytes) the heap both take, by the estimates of
	// size.go: a third for sessions, the rest for marks, which hold whole
	// replies (up to 2 KB). Past a bound the least recently written is
	// forgotten before its TTL: a conversation loses its context, or a
	// retry that late is answered again.
	MaxSessions int
	MaxMarks    int
	MaxBytes    int
	// Sweep is how often expired entries are reclaimed while nothing is
	// written (default 1m).
	Sweep time.Duration
	// Now is the clock, for tests; default time.Now.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	set := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	set(&o.SessionTTL, 30*time.Minute)
	set(&o.DedupTTL, 10*time.Minute)
	set(&o.Lease, bot.DefaultLease)
	set(&o.Retention, 7*24*time.Hour)
	setInt := func(n *int, def int) {
		if *n <= 0 {
			*n = def
		}
	}
	setInt(&o.MaxQuestions, 5000)
	setInt(&o.MaxSessions, 100_000)
	setInt(&o.MaxMarks, 50_000)
	setInt(&o.MaxBytes, DefaultMaxBytes)
	set(&o.Sweep, time.Minute)
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Store is the in-process bot.Store. It is safe for concurrent use.
type Store struct {
	now   func() time.Time
	lease time.Duration

	stopSweep chan struct{}
	swept     sync.WaitGroup

	mu        sync.Mutex
	closed    bool
	sessions  *expiring[bot.SessionKey, bot.Session]
	marks     *expiring[string, mark]
	questions *questionLog

	kfOnce  sync.Once
	kfs     *kfState                    // customer-service state (kf.go), made on first use
	rules   rulesState                  // published rules (rules.go)
	stats   map[string]map[string]int64 // daily counters (stats.go)
	batches map[string]time.Time        // stats batches added, when (stats.go)
}

var _ bot.Store = (*Store)(nil)

// New returns an empty Store. Close it to stop its sweeper.
func New(opts Options) *Store {
	opts = opts.withDefaults()
	s := &Store{
		now:       opts.Now,
		lease:     opts.Lease,
		stopSweep: make(chan struct{}),
		sessions:  newBoundedExpiring(opts.SessionTTL, opts.MaxSessions, opts.MaxBytes/3, sessionSize),
		marks:     newBoundedExpiring(opts.DedupTTL, opts.MaxMarks, opts.MaxBytes-opts.MaxBytes/3, markSize),
		questions: newQuestionLog(opts.MaxQuestions, opts.Retention),
	}
	s.swept.Add(1)
	go s.sweepEvery(opts.Sweep)
	return s
}

// lock takes the mutex unless ctx is done or the store closed; the caller
// unlocks when it gets nil.
func (s *Store) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return bot.ErrClosed
	}
	return nil
}

// Begin implements bot.Store.
func (s *Store) Begin(ctx context.Context, key bot.SessionKey, msgID string) (bot.Claim, error) {
	if err := s.lock(ctx); err != nil {
		return bot.Claim{}, err
	}
	defer s.mu.Unlock()
	now := s.now()
	var c bot.Claim
	if msgID != "" {
		s.claim(&c, msgID, now)
	}
	if sess, ok := s.sessions.get(key, now); ok {
		c.Session = cloneSession(sess)
	}
	return c, nil
}

// Commit implements bot.Store.
func (s *Store) Commit(ctx context.Context, key bot.SessionKey, msgID string, sess bot.Session, r bot.Reply, q *bot.Question) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	now := s.now()
	s.sessions.put(key, cloneSession(sess), now)
	if msgID != "" {
		s.marks.put(msgID, mark{reply: cloneReply(&r)}, now)
	}
	if q != nil {
		s.questions.add(*q, now)
	}
	return nil
}

// Reply implements bot.Store.
func (s *Store) Reply(ctx context.Context, msgID string) (*bot.Reply, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	m, _ := s.marks.get(msgID, s.now())
	return cloneReply(m.reply), nil
}

// Questions implements bot.Store. top <= 0 returns every question.
func (s *Store) Questions(ctx context.Context, since time.Time, top int, kinds ...string) ([]bot.QuestionCount, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	return s.questions.top(since, s.now(), top, kinds), nil
}

// Ping implements bot.Store: a memstore is reachable until closed.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	s.mu.Unlock()
	return nil
}

// Close forgets everything; later calls fail with bot.ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.stopSweep)
		s.sessions, s.marks, s.questions = nil, nil, nil
	}
	s.mu.Unlock()
	s.swept.Wait()
	return nil
}

// The store copies what it keeps and what it hands out, so that neither
// the engine's later changes nor a caller's edits reach another caller.

func cloneSession(s bot.Session) bot.Session {
	s.Offered = slices.Clone(s.Offered)
	return s
}

func cloneReply(r *bot.Reply) *bot.Reply {
	if r == nil {
		return nil
	}
	c := *r
	c.Suggestions = slices.Clone(r.Suggestions)
	return &c
}
