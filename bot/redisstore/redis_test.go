package redisstore

import (
	"context"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/kzrh/faqbot/bot/redistest"
)

// The tests that need a server get it from redistest: a redis-server the
// tests start, or FAQBOT_TEST_REDIS_URL. Each test writes under its own
// prefix and deletes its keys at the end.

func TestMain(m *testing.M) { redistest.Main(m) }

// testClient returns a client of the test server, or skips t.
func testClient(t *testing.T) redis.UniversalClient {
	t.Helper()
	return clientOf(t, redistest.Shared(t))
}

// clientOf is a client of srv built as Open builds it, closed when t ends.
func clientOf(t *testing.T, srv *redistest.Server) redis.UniversalClient {
	t.Helper()
	c, err := newClient(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// testStore is a store on the shared test server under a fresh prefix.
func testStore(t *testing.T, opts Options) *Store {
	t.Helper()
	srv := redistest.Shared(t)
	return storeOn(t, srv, opts)
}

// storeOn is a store on srv under a fresh prefix whose keys are deleted
// when t ends.
func storeOn(t *testing.T, srv *redistest.Server, opts Options) *Store {
	t.Helper()
	opts.Prefix = srv.Prefix(t)
	s := New(clientOf(t, srv), opts)
	t.Cleanup(func() { s.Close() })
	return s
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
