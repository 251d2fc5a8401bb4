package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/redisstore"
	"github.com/kzrh/faqbot/bot/redistest"
)

func TestMain(m *testing.M) { redistest.Main(m) }

// storeFactory makes a fresh, empty store for one test.
type storeFactory func(t *testing.T, now func() time.Time) bot.Store

// forEachStore runs f with the memory store and with the Redis store under
// a key prefix of its own, on the tests' Redis (package redistest).
func forEachStore(t *testing.T, f func(t *testing.T, newStore storeFactory)) {
	t.Run("memory", func(t *testing.T) {
		f(t, func(t *testing.T, now func() time.Time) bot.Store {
			s := memstore.New(memstore.Options{Now: now})
			t.Cleanup(func() { s.Close() })
			return s
		})
	})
	t.Run("redis", func(t *testing.T) {
		srv := redistest.Shared(t)
		f(t, func(t *testing.T, now func() time.Time) bot.Store {
			return newRedisStore(t, srv, redisstore.Options{Prefix: srv.Prefix(t), Now: now})
		})
	})
}

// newRedisStore opens a Redis store on srv, closed when tb ends. Its keys
// go under opts.Prefix, which comes from srv.Prefix so that they are
// deleted.
func newRedisStore(tb testing.TB, srv *redistest.Server, opts redisstore.Options) *redisstore.Store {
	tb.Helper()
	s, err := redisstore.Open(context.Background(), srv.URL(), opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
