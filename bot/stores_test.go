package bot_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot"
	"github.com/kzrh/faqbot/bot/memstore"
	"github.com/kzrh/faqbot/bot/redisstore"
)

// storeFactory makes a fresh, empty store for one test.
type storeFactory func(t *testing.T, now func() time.Time) bot.Store

// testRedisURL is REDIS_URL, or the local default.
func testRedisURL() string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

// forEachStore runs f with the memory store and, when a Redis server
// answers, with the Redis store under a key prefix of its own.
func forEachStore(t *testing.T, f func(t *testing.T, newStore storeFactory)) {
	t.Run("memory", func(t *testing.T) {
		f(t, func(t *testing.T, now func() time.Time) bot.Store {
			s := memstore.New(memstore.Options{Now: now})
			t.Cleanup(func() { s.Close() })
			return s
		})
	})
	t.Run("redis", func(t *testing.T) {
		requireRedis(t)
		f(t, func(t *testing.T, now func() time.Time) bot.Store {
			return newRedisStore(t, redisstore.Options{Now: now})
		})
	})
}

func requireRedis(t *testing.T) {
	t.Helper()
	opt, err := redis.ParseURL(testRedisURL())
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	c := redis.NewClient(opt)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		t.Skipf("redis not reachable at %s (%v); start redis-server or set REDIS_URL to run these tests", opt.Addr, err)
	}
}

// testPrefix is a key prefix no other test uses.
func testPrefix() string { return fmt.Sprintf("faqbottest:%016x:", rand.Uint64()) }

// newRedisStore opens a Redis store under a fresh prefix and deletes its
// keys when the test ends.
func newRedisStore(t *testing.T, opts redisstore.Options) *redisstore.Store {
	t.Helper()
	if opts.Prefix == "" {
		opts.Prefix = testPrefix()
	}
	s, err := redisstore.Open(context.Background(), testRedisURL(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer s.Close()
		opt, _ := redis.ParseURL(testRedisURL())
		c := redis.NewClient(opt)
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var keys []string
		iter := c.Scan(ctx, 0, opts.Prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if len(keys) > 0 {
			c.Del(ctx, keys...)
		}
	})
	return s
}
