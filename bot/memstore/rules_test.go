package memstore

import (
	"testing"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/storetest"
)

func TestRulesConformance(t *testing.T) {
	storetest.RunRules(t, func(t *testing.T) bot.RulesStore {
		s := New(Options{})
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestStatsConformance(t *testing.T) {
	storetest.RunStats(t, func(t *testing.T) bot.StatsStore {
		s := New(Options{})
		t.Cleanup(func() { s.Close() })
		return s
	})
}
