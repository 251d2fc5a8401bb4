// Package report counts the messages of each Beijing-time day by outcome
// and answered FAQ, for the console's Report page, and adds the counts to
// the shared store in batches: a message costs a map increment, never a
// store call, and every replica's counts add up in Redis.
package report

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/kzrh/faqbot/bot"
)

// FlushEvery is how often a Counter adds its counts to the store.
const FlushEvery = 5 * time.Second

// Counter buffers counts and flushes them to a bot.StatsStore. It is safe
// for concurrent use.
type Counter struct {
	sink bot.StatsStore
	now  func() time.Time
	log  *slog.Logger

	mu      sync.Mutex
	pending map[string]map[string]int64 // day → key → count
}

// New returns a Counter adding to sink; now is the clock (nil: time.Now).
func New(sink bot.StatsStore, now func() time.Time, log *slog.Logger) *Counter {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Counter{sink: sink, now: now, log: log, pending: map[string]map[string]int64{}}
}

// Count counts one message's outcome, and its FAQ when it was answered.
// Retries (deduplicated, in flight) are not messages of their own.
func (c *Counter) Count(outcome string, faq int) {
	if outcome == bot.OutcomeDeduplicated || outcome == bot.OutcomeInFlight {
		return
	}
	day := bot.StatsDay(c.now())
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.pending[day]
	if d == nil {
		d = map[string]int64{}
		c.pending[day] = d
	}
	d["o:"+outcome]++
	if outcome == "answer" && faq > 0 {
		d["f:"+strconv.Itoa(faq)]++
	}
}

// Flush adds the pending counts to the store. Counts the store refused
// stay pending for the next flush.
func (c *Counter) Flush(ctx context.Context) error {
	c.mu.Lock()
	batch := c.pending
	c.pending = map[string]map[string]int64{}
	c.mu.Unlock()
	var firstErr error
	for day, counts := range batch {
		if err := c.sink.AddStats(ctx, day, counts); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			c.mu.Lock()
			d := c.pending[day]
			if d == nil {
				d = map[string]int64{}
				c.pending[day] = d
			}
			for k, n := range counts {
				d[k] += n
			}
			c.mu.Unlock()
		}
	}
	return firstErr
}

// Run flushes every FlushEvery until ctx is done, then once more.
func (c *Counter) Run(ctx context.Context) {
	t := time.NewTicker(FlushEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
			defer cancel()
			if err := c.Flush(fctx); err != nil {
				c.log.Warn("the last daily counts could not be stored", slog.String("error", err.Error()))
			}
			return
		case <-t.C:
			fctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			if err := c.Flush(fctx); err != nil {
				c.log.Warn("daily counts not stored yet; kept for the next try", slog.String("error", err.Error()))
			}
			cancel()
		}
	}
}
