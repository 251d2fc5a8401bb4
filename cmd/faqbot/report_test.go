package main

import (
	"context"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/metrics"
	"github.com/kzrh/faqbot/bot/report"
)

// The daily report and the Status page's today count people's messages;
// questions an operator tries on the console are answered by the same
// engine but are not counted.
func TestReportLeavesOutConsoleQuestions(t *testing.T) {
	store := memstore.New(memstore.Options{})
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	daily := report.New(store, func() time.Time { return now }, nil)
	m := countingMetrics{Registry: metrics.New(), daily: daily}
	m.Replied(bot.ChannelConsole, "answer", 3, time.Millisecond)
	m.Replied(bot.ChannelConsole, "fallback", 0, time.Millisecond)
	m.Replied("wecom", "answer", 3, time.Millisecond)
	if err := daily.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := store.Stats(context.Background(), []string{bot.StatsDay(now)})
	if err != nil {
		t.Fatal(err)
	}
	if got[0]["o:answer"] != 1 || got[0]["f:3"] != 1 || got[0]["o:fallback"] != 0 {
		t.Errorf("daily counts %v, want the WeCom answer only (o:answer 1, f:3 1)", got[0])
	}
	// The Status page's "today" (this replica's) agrees with the report.
	if today := m.Registry.Today(); today["answer"] != 1 || today["fallback"] != 0 {
		t.Errorf("today %v, want the WeCom answer only", today)
	}
}
