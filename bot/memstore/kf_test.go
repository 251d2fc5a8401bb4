package memstore

import (
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/storetest"
)

func TestKFConformance(t *testing.T) {
	storetest.RunKF(t, storetest.KFHarness{
		New: func(t *testing.T, now func() time.Time) bot.KFStore {
			s := New(Options{Now: now})
			t.Cleanup(func() { s.Close() })
			return s
		},
	})
}
