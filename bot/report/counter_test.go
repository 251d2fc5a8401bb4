package report

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
)

type failing struct{ bot.StatsStore }

func (failing) AddStats(context.Context, string, string, map[string]int64) error {
	return errors.New("down")
}

func TestCountsGoToTheBeijingDayAndSurviveAFailedFlush(t *testing.T) {
	store := memstore.New(memstore.Options{})
	defer store.Close()
	now := time.Date(2026, 12, 1, 16, 30, 0, 0, time.UTC) // 00:30 on Dec 2 in Beijing
	c := New(store, func() time.Time { return now }, nil)
	for _, o := range []string{"answer", "answer", "fallback", "handover", bot.OutcomeDeduplicated} {
		c.Count(o, 7)
	}
	sink := c.sink
	c.sink = failing{}
	if err := c.Flush(context.Background()); err == nil {
		t.Fatal("a failed flush reported no error")
	}
	c.sink = sink
	if err := c.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := store.Stats(context.Background(), []string{"20261201", "20261202"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got[0]) != 0 || got[1]["o:answer"] != 2 || got[1]["o:fallback"] != 1 || got[1]["o:handover"] != 1 ||
		got[1]["f:7"] != 2 || got[1]["o:deduplicated"] != 0 {
		t.Errorf("stats = %v", got)
	}
}

// lostReply adds a batch and then reports a timeout, as a call whose reply
// was lost does, the first time it is called.
type lostReply struct {
	bot.StatsStore
	lost bool
}

func (l *lostReply) AddStats(ctx context.Context, day, batch string, counts map[string]int64) error {
	err := l.StatsStore.AddStats(ctx, day, batch, counts)
	if err == nil && !l.lost {
		l.lost = true
		return context.DeadlineExceeded
	}
	return err
}

// A flush whose counts the store added, though the call failed, is
// retried as the same batch, which the store does not add again: the
// counts are counted once. Counts made in between are a batch of their
// own and count too.
func TestARetriedFlushIsNotCountedTwice(t *testing.T) {
	store := memstore.New(memstore.Options{})
	defer store.Close()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	c := New(&lostReply{StatsStore: store}, func() time.Time { return now }, nil)
	c.Count("answer", 3)
	c.Count("fallback", 0)
	if err := c.Flush(context.Background()); err == nil {
		t.Fatal("the flush whose reply was lost reported no error")
	}
	c.Count("answer", 3)
	// One flush, as Run's last: the retried batch, then what was counted
	// since.
	if err := c.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := store.Stats(context.Background(), []string{bot.StatsDay(now)})
	if err != nil {
		t.Fatal(err)
	}
	if got[0]["o:answer"] != 2 || got[0]["f:3"] != 2 || got[0]["o:fallback"] != 1 {
		t.Errorf("stats = %v, want o:answer 2, f:3 2, o:fallback 1", got[0])
	}
}
