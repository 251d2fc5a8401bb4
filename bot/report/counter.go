// Package report counts the messages of each Beijing-time day by outcome
// and answered FAQ, for the console's Report page, and adds the counts to
// the shared store in batches: a message costs a map increment, never a
// store call, and every replica's counts add up in Redis.
package report

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"maps"
	"slices"
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
	id   string // names this Counter's batches

	mu      sync.Mutex
	pending map[string]map[string]int64 // day → key → count
	// unsent are the batches a flush could not add, retried as they are
	// (the same name, the same counts) by the next: the store may have
	// added one whose reply was lost, and then ignores it. While there
	// are any, new counts wait in pending rather than becoming batches
	// of their own, so that an outage leaves one batch per day behind,
	// not one per flush.
	unsent []batch
	seq    uint64
}

// batch is one day's counts as one AddStats call adds them.
type batch struct {
	day, name string
	counts    map[string]int64
}

// New returns a Counter adding to sink; now is the clock (nil: time.Now).
func New(sink bot.StatsStore, now func() time.Time, log *slog.Logger) *Counter {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return &Counter{sink: sink, now: now, log: log, id: hex.EncodeToString(b[:]), pending: map[string]map[string]int64{}}
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

// Flush retries the batches earlier flushes could not add, then, when
// they are added, adds the pending counts to the store. Batches the store
// refused stay for the next flush.
func (c *Counter) Flush(ctx context.Context) error {
	c.mu.Lock()
	retry := c.unsent
	c.unsent = nil
	c.mu.Unlock()
	if err := c.add(ctx, retry); err != nil {
		return err
	}
	c.mu.Lock()
	var batches []batch
	for _, day := range slices.Sorted(maps.Keys(c.pending)) {
		c.seq++
		batches = append(batches, batch{day: day, name: c.id + "-" + strconv.FormatUint(c.seq, 10), counts: c.pending[day]})
	}
	c.pending = map[string]map[string]int64{}
	c.mu.Unlock()
	return c.add(ctx, batches)
}

// add adds batches to the store; those it refuses are kept for the next
// flush, and the first error is returned.
func (c *Counter) add(ctx context.Context, batches []batch) error {
	var firstErr error
	var failed []batch
	for _, b := range batches {
		if err := c.sink.AddStats(ctx, b.day, b.name, b.counts); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			failed = append(failed, b)
		}
	}
	if len(failed) > 0 {
		c.mu.Lock()
		c.unsent = append(c.unsent, failed...)
		c.mu.Unlock()
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
