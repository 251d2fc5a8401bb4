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

func (failing) AddStats(context.Context, string, map[string]int64) error { return errors.New("down") }

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
