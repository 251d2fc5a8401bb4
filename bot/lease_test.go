package bot_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/redisstore"
	"github.com/kzrh/faqbot/bot/redistest"
)

// leaseMetrics counts what the engine reports about retries.
type leaseMetrics struct {
	mu        sync.Mutex
	outcomes  map[string]int
	reclaimed int
}

func (m *leaseMetrics) Replied(_, outcome string, _ int, _ time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.outcomes == nil {
		m.outcomes = map[string]int{}
	}
	m.outcomes[outcome]++
}
func (m *leaseMetrics) Matched(time.Duration) {}
func (m *leaseMetrics) Degraded(string)       {}
func (m *leaseMetrics) Reclaimed(string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reclaimed++
}

func (m *leaseMetrics) count(outcome string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.outcomes[outcome]
}

// TestLostDeliveryIsAnsweredOnceByRetries: a delivery whose replica died
// between Begin and Commit leaves a lease. A retry within it is in flight
// (acknowledged, no answer); once it is over, two replicas receiving the
// platform's next retry at once answer it exactly once, and both return
// that answer.
func TestLostDeliveryIsAnsweredOnceByRetries(t *testing.T) {
	m := loadMatcher(t)
	const storeTimeout = 50 * time.Millisecond
	opts := bot.Options{StoreTimeout: storeTimeout, DuplicateWait: 300 * time.Millisecond}
	lease := opts.Lease()
	if lease >= 5*time.Second {
		t.Fatalf("lease %v: a retry 5 s after a lost delivery must find it over", lease)
	}
	for _, tc := range []struct {
		name   string
		stores func(t *testing.T) (bot.Store, bot.Store)
	}{
		{"memory", func(t *testing.T) (bot.Store, bot.Store) {
			s := memstore.New(memstore.Options{Lease: lease})
			t.Cleanup(func() { s.Close() })
			return s, s
		}},
		{"redis", func(t *testing.T) (bot.Store, bot.Store) {
			srv := redistest.Shared(t)
			prefix := srv.Prefix(t)
			return newRedisStore(t, srv, redisstore.Options{Prefix: prefix, Lease: lease}),
				newRedisStore(t, srv, redisstore.Options{Prefix: prefix, Lease: lease})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first, second := tc.stores(t)
			var commits atomic.Int32
			metrics := &leaseMetrics{}
			o := opts
			o.Metrics = metrics
			replicas := []*bot.Engine{
				bot.New(bot.Static{M: m}, countingStore{first, &commits}, o),
				bot.New(bot.Static{M: m}, countingStore{second, &commits}, o),
			}
			msg := bot.Message{Channel: "wecom", User: "alice", ID: "4711", Text: "借书证丢了怎么补办"}
			// The first delivery: its replica took the lease and died.
			if c, err := first.Begin(context.Background(), bot.SessionKey{Channel: "wecom", User: "alice"}, "wecom:4711"); err != nil || c.Duplicate {
				t.Fatalf("first delivery's Begin = %+v, %v", c, err)
			}

			if _, err := replicas[1].Handle(context.Background(), msg); !errors.Is(err, bot.ErrInProgress) {
				t.Fatalf("retry within the lease: err %v, want ErrInProgress", err)
			}
			if n := metrics.count(bot.OutcomeInFlight); n != 1 {
				t.Errorf("in_flight counted %d times, want 1", n)
			}

			time.Sleep(lease + 100*time.Millisecond)
			var wg sync.WaitGroup
			replies := make([]bot.Reply, 2)
			errs := make([]error, 2)
			for i := range replicas {
				wg.Go(func() { replies[i], errs[i] = replicas[i].Handle(context.Background(), msg) })
			}
			wg.Wait()
			for i := range replies {
				if errs[i] != nil || replies[i].FAQ != 2 {
					t.Errorf("replica %d after the lease: %s %d, %v; want the answer to FAQ 2", i, replies[i].Kind, replies[i].FAQ, errs[i])
				}
			}
			if n := commits.Load(); n != 1 {
				t.Errorf("answered %d times, want once", n)
			}
			if metrics.reclaimed != 1 || metrics.count(bot.OutcomeDeduplicated) != 1 {
				t.Errorf("reclaimed %d, deduplicated %d; want 1 and 1", metrics.reclaimed, metrics.count(bot.OutcomeDeduplicated))
			}
		})
	}
}
