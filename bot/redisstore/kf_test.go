package redisstore

import (
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/storetest"
)

func TestKFConformance(t *testing.T) {
	testClient(t)
	storetest.RunKF(t, storetest.KFHarness{
		New: func(t *testing.T, now func() time.Time) bot.KFStore {
			// A loaded CI machine answers slower than the 300 ms default.
			return testStore(t, Options{Now: now, Timeout: 5 * time.Second})
		},
		RealTime: true,
	})
}
