// Package storetest is the conformance suite every bot.Store must pass, so
// that the engine behaves the same on the in-process store and on Redis.
// A store's own tests call Run with a Harness that builds fresh, empty
// stores; the suite never shares a store between subtests.
package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// Config is what the suite asks of a new store.
type Config struct {
	SessionTTL time.Duration
	DedupTTL   time.Duration
	// Lease is how long a pending mark keeps other deliveries away.
	Lease     time.Duration
	Retention time.Duration
	// MaxQuestions is how many distinct questions one day bucket keeps.
	MaxQuestions int
}

// Harness builds the stores under test.
type Harness struct {
	// New returns an empty store configured with cfg that reads the time
	// from now. It must release what it made with t.Cleanup.
	New func(t *testing.T, cfg Config, now func() time.Time) bot.Store
	// RealTime is true when the store expires entries by a clock the test
	// cannot move (a server's). The suite then sleeps past the TTLs as
	// well as advancing now, and keeps those TTLs short.
	RealTime bool
}

// ttl is short because a RealTime store makes the suite sleep through it,
// and long enough that a slow machine reads an entry before it expires.
const ttl = time.Second

// lease is shorter than ttl, so that a reply is seen to outlive it.
const lease = 400 * time.Millisecond

// start is the suite's clock at the beginning of each subtest: mid-morning
// UTC, so that hours before and after stay on the same day.
var start = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func defaultConfig() Config {
	return Config{SessionTTL: ttl, DedupTTL: ttl, Lease: lease, Retention: 72 * time.Hour, MaxQuestions: 100}
}

// Run runs the conformance suite against the stores h builds.
func Run(t *testing.T, h Harness) {
	tests := []struct {
		name string
		run  func(t *testing.T, f *fixture)
	}{
		{"SessionRoundTrip", testSessionRoundTrip},
		{"SessionIsScopedToChannelAndUser", testSessionScope},
		{"SessionExpires", testSessionExpires},
		{"CommitRenewsSession", testCommitRenewsSession},
		{"EmptyMessageIDIsNeverDuplicate", testEmptyMessageID},
		{"DuplicateWhilePending", testDuplicateWhilePending},
		{"DuplicateAfterCommitGetsStoredReply", testDuplicateGetsReply},
		{"DedupMarkExpires", testDedupMarkExpires},
		{"ConcurrentBeginClaimsOnce", testConcurrentBegin},
		{"ExpiredLeaseIsReclaimed", testLeaseReclaimed},
		{"ReplyOutlivesTheLease", testReplyOutlivesLease},
		{"ConcurrentReclaimClaimsOnce", testConcurrentReclaim},
		{"ReclaimedLeaseIsLiveAgain", testReclaimedLeaseIsLive},
		{"QuestionCountsAndLastSeen", testQuestionCounts},
		{"QuestionKindFilter", testQuestionKinds},
		{"QuestionSinceFilter", testQuestionSince},
		{"QuestionsMergeDays", testQuestionDays},
		{"LateQuestionDoesNotRewindLastSeen", testLateQuestion},
		{"QuestionsOlderThanRetentionAreNotReported", testQuestionRetention},
		{"QuestionLogIsBounded", testQuestionBound},
		{"QuestionWithoutTimeIsLoggedNow", testQuestionNow},
		{"CommitWithoutQuestionLogsNothing", testNoQuestionWithoutQ},
		{"LanguageIsKept", testLanguageIsKept},
		{"ClosedStoreFails", testClosed},
		{"CanceledContextFails", testCanceled},
		{"ConcurrentUse", testConcurrentUse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, &fixture{t: t, h: h, clock: &clock{now: start}})
		})
	}
}

// fixture is one subtest's clock and the means to build its stores.
type fixture struct {
	t     *testing.T
	h     Harness
	clock *clock
}

func (f *fixture) store(cfg Config) bot.Store { return f.h.New(f.t, cfg, f.clock.Now) }

// wait lets d pass for the store.
func (f *fixture) wait(d time.Duration) {
	f.clock.Advance(d)
	if f.h.RealTime {
		time.Sleep(d)
	}
}

// clock is a settable time source, safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func begin(t *testing.T, s bot.Store, key bot.SessionKey, msgID string) bot.Claim {
	t.Helper()
	c, err := s.Begin(context.Background(), key, msgID)
	if err != nil {
		t.Fatalf("Begin(%v, %q): %v", key, msgID, err)
	}
	return c
}

func commit(t *testing.T, s bot.Store, key bot.SessionKey, msgID string, sess bot.Session, r bot.Reply, q *bot.Question) {
	t.Helper()
	if err := s.Commit(context.Background(), key, msgID, sess, r, q); err != nil {
		t.Fatalf("Commit(%v, %q): %v", key, msgID, err)
	}
}
