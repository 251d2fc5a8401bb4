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
