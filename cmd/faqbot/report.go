package main

import (
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/metrics"
	"github.com/kzrh/faqbot/bot/report"
)

// countingMetrics is the Prometheus registry plus the daily counts of the
// console's Report page (bot/report), which add up over every replica in
// the store. The report counts people's messages: not the questions
// operators try on the console.
type countingMetrics struct {
	*metrics.Registry
	daily *report.Counter
}

func (m countingMetrics) Replied(channel, outcome string, faq int, took time.Duration) {
	m.Registry.Replied(channel, outcome, faq, took)
	if bot.PersonAsked(channel) {
		m.daily.Count(outcome, faq)
	}
}

// statsStore is the store's daily-counter side, behind the circuit
// breaker; nil if it has none.
func statsStore(store bot.Store) bot.StatsStore {
	if u, ok := store.(interface{ Unwrap() bot.Store }); ok {
		store = u.Unwrap()
	}
	ss, _ := store.(bot.StatsStore)
	return ss
}
