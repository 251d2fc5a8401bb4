package redisstore

import (
	"testing"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/storetest"
)

func TestRulesConformance(t *testing.T) {
	testClient(t)
	storetest.RunRules(t, func(t *testing.T) bot.RulesStore { return testStore(t, Options{}) })
}

func TestStatsConformance(t *testing.T) {
	testClient(t)
	storetest.RunStats(t, func(t *testing.T) bot.StatsStore { return testStore(t, Options{}) })
}
