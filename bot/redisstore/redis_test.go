package redisstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The tests that need a server use REDIS_URL, or the local default, and
// skip when it does not answer. Each test writes under its own prefix and
// deletes its keys at the end, so they may share a server with anything.

var (
	redisOnce   sync.Once
	redisURL    string
	redisClient redis.UniversalClient
	redisErr    error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if redisClient != nil {
		redisClient.Close()
	}
	os.Exit(code)
}

// testClient returns the shared client, or skips t.
func testClient(t *testing.T) redis.UniversalClient {
	t.Helper()
	redisOnce.Do(func() {
		redisURL = os.Getenv("REDIS_URL")
		if redisURL == "" {
			redisURL = "redis://127.0.0.1:6379"
		}
		c, err := newClient(redisURL)
		if err != nil {
			redisErr = err
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		if err := c.Ping(ctx).Err(); err != nil {
			c.Close()
			redisErr = err
			return
		}
		redisClient = c
	})
	if redisErr != nil {
		t.Skipf("redis not reachable at %s (%v); start redis-server or set REDIS_URL to run these tests", redact(redisURL), redisErr)
	}
	return redisClient
}

// testPrefix returns a key prefix of t's own, whose keys are deleted when
// t ends.
func testPrefix(t *testing.T, c redis.UniversalClient) string {
	t.Helper()
	prefix := fmt.Sprintf("faqbottest:%016x:", rand.Uint64())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		keys, err := scanKeys(ctx, c, prefix)
		if err == nil && len(keys) > 0 {
			err = c.Del(ctx, keys...).Err()
		}
		if err != nil {
			t.Errorf("deleting the keys under %s: %v", prefix, err)
		}
	})
	return prefix
}

// scanKeys lists the keys under prefix, on every master of a Cluster.
func scanKeys(ctx context.Context, c redis.UniversalClient, prefix string) ([]string, error) {
	var (
		mu  sync.Mutex
		all []string
	)
	scan := func(ctx context.Context, node redis.UniversalClient) error {
		iter := node.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			mu.Lock()
			all = append(all, iter.Val())
			mu.Unlock()
		}
		return iter.Err()
	}
	if cc, ok := c.(*redis.ClusterClient); ok {
		err := cc.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error { return scan(ctx, node) })
		return all, err
	}
	return all, scan(ctx, c)
}

// testStore is a store on the test server under a fresh prefix.
func testStore(t *testing.T, opts Options) *Store {
	c := testClient(t)
	opts.Prefix = testPrefix(t, c)
	s := New(c, opts)
	t.Cleanup(func() { s.Close() })
	return s
}
